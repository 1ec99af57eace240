"""Resources made through the services, from files made here (none committed to the repository)."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from collegium.core import sample_media
from collegium.resources import services
from collegium.resources.models import Collection, Resource


def make_collection(
    community: Any, actor: Any, *, title: str = "Guides", **fields: Any
) -> Collection:
    return services.collection_create(actor=actor, community=community, title=title, **fields)


def pdf_bytes(title: str = "Rural call schedules", paragraphs: Any = None, **options: Any) -> bytes:
    return sample_media.pdf_document(
        title, paragraphs or ["How clinics share the evening call between three towns."], **options
    )


def upload(data: bytes, name: str, content_type: str = "application/octet-stream"):
    """The browser's claim (``content_type``) is whatever a test wants: it must not matter."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def make_file(
    collection: Collection,
    actor: Any,
    *,
    data: bytes | None = None,
    name: str = "call-schedules.pdf",
    **fields: Any,
) -> Resource:
    return services.resource_add_file(
        actor=actor,
        collection=collection,
        upload=upload(pdf_bytes() if data is None else data, name),
        **fields,
    )


def make_link(
    collection: Collection,
    actor: Any,
    *,
    url: str = "https://example.org/rural-guide",
    title: str = "Rural guide",
    **fields: Any,
) -> Resource:
    return services.resource_add_link(
        actor=actor, collection=collection, url=url, title=title, **fields
    )
