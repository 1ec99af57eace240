"""Writes to the resource libraries: collections, files, links, downloads (SPEC CT-3).

Every upload is inspected by ``collegium.core.uploads`` (type decided from the content, an
allow-list, size limits per kind, images re-encoded). A refused upload leaves nothing behind:
no row and no file in storage.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from collegium import permissions
from collegium.accounts.services import tags_from_text
from collegium.comments import services as comment_services
from collegium.core import uploads
from collegium.core.models import Tag
from collegium.core.validation import field_error
from collegium.editor.rendering import render_text
from collegium.resources import tasks
from collegium.resources.choices import PreviewStatus, ResourceKind, ResourceLanguage
from collegium.resources.models import (
    COLLECTION_DESCRIPTION_MAX_LENGTH,
    COLLECTION_TITLE_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    Collection,
    Resource,
    ResourceComment,
)

if TYPE_CHECKING:
    from collegium.accounts.models import User
    from collegium.communities.models import Community

logger = logging.getLogger(__name__)

# Kinds of file that get a preview image made in the background; others are downloaded only.
PREVIEW_KINDS = {uploads.Kind.IMAGE, uploads.Kind.PDF}
# Kinds whose text is extracted for search (SE-1, a later issue).
TEXT_KINDS = {uploads.Kind.PDF, uploads.Kind.OFFICE}
# Collection addresses that the library's own pages use, in every language ("collections/new/").
RESERVED_SLUGS = {"new", "nouvelle"}
# How many times an upload looks for a free title when others take it at the same moment.
TITLE_ATTEMPTS = 5


# Cleaning what people typed -------------------------------------------------------------------


def _clean_title(title: str, *, max_length: int = TITLE_MAX_LENGTH, required: bool = True) -> str:
    title = " ".join(title.split())
    if not title and required:
        raise field_error("title", _("Give it a title."), "required")
    if len(title) > max_length:
        raise field_error(
            "title",
            _("Keep the title under %(limit)s characters.") % {"limit": max_length},
            "max_length",
        )
    return title


def _clean_description(text: str, *, max_length: int) -> str:
    text = text.replace("\r\n", "\n").strip()
    if len(text) > max_length:
        raise field_error(
            "description",
            _("Keep the description under %(limit)s characters (it has %(count)s).")
            % {
                "limit": number_format(max_length, force_grouping=True),
                "count": number_format(len(text), force_grouping=True),
            },
            "max_length",
        )
    return text


def _clean_language(language: str) -> str:
    if language not in ResourceLanguage.values:
        raise field_error("language", _("Choose the language of the resource."), "invalid")
    return language


def _tags(text: str) -> list[Tag]:
    try:
        return tags_from_text(text)
    except ValidationError:
        raise field_error("tags", _("Choose at most 10 tags."), "too_many") from None


def clean_url(url: str) -> str:
    """A link's address: http or https only (never ``javascript:``, ``data:`` or ``ftp:``)."""
    url = url.strip()
    if not url:
        raise field_error("url", _("Give the address of the page to link to."), "required")
    if len(url) > URL_MAX_LENGTH:
        raise field_error(
            "url",
            _("This address is too long (more than %(limit)s characters).")
            % {"limit": URL_MAX_LENGTH},
            "max_length",
        )
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in {"http", "https"}:
        raise field_error(
            "url",
            _("Only web addresses starting with https:// or http:// can be shared."),
            "scheme",
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise field_error(
            "url", _("This is not a valid web address. Copy it from the browser."), "invalid"
        ) from None
    return url


def _taken_titles(collection: Collection, title: str, *, exclude_pk: int | None = None) -> set[str]:
    stem = re.sub(r" \(\d+\)$", "", title)
    queryset = Resource.objects.filter(
        collection=collection, deleted_at__isnull=True, title__istartswith=stem
    )
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return {taken.casefold() for taken in queryset.values_list("title", flat=True)}


def _free_title(collection: Collection, title: str) -> str:
    """The title itself, or "Title (2)", "(3)"… when the collection has it already (CT-3)."""
    taken = _taken_titles(collection, title)
    if title.casefold() not in taken:
        return title
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = title[: TITLE_MAX_LENGTH - len(suffix)].rstrip() + suffix
        if candidate.casefold() not in taken:
            return candidate
        number += 1


def _check_title_free(collection: Collection, title: str, *, exclude_pk: int | None) -> None:
    if title.casefold() in _taken_titles(collection, title, exclude_pk=exclude_pk):
        raise field_error(
            "title",
            _("Another resource in this collection has this title. Choose another one."),
            "taken",
        )


def _existing_submission(actor: User, submission_key: uuid.UUID | None) -> Resource | None:
    if submission_key is None:
        return None
    return (
        Resource.objects.select_related("collection__community")
        .filter(added_by=actor, submission_key=submission_key)
        .first()
    )


def _save_with_free_title(resource: Resource, tags: Iterable[Tag]) -> Resource:
    """Insert a new resource under a title no other resource of its collection has, retrying
    when someone takes the same title at the same moment (the database has the last word)."""
    wanted = resource.title
    for attempt in range(TITLE_ATTEMPTS):
        resource.title = _free_title(resource.collection, wanted)
        try:
            with transaction.atomic():
                resource.save()
        except IntegrityError:
            resource.pk = None
            if attempt == TITLE_ATTEMPTS - 1:
                raise
            continue
        break
    if resource.title != wanted:
        resource.title_was_taken = wanted
    resource.tags.set(list(tags))
    return resource


# Collections ----------------------------------------------------------------------------------


def _unique_slug(community: Community, title: str) -> str:
    base = slugify(title, allow_unicode=True)[:70].strip("-") or "collection"
    if base in RESERVED_SLUGS:
        base = f"{base}-collection"
    existing = set(
        Collection.objects.filter(community=community, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, number = base, 2
    while slug in existing:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _check_parent(collection: Collection, parent: Collection | None) -> None:
    """One level of sub-collections: a parent is a top-level collection of the same library."""
    if parent is None:
        return
    if parent.community_id != collection.community_id:
        raise field_error("parent", _("Choose a collection of this library."), "invalid")
    if parent.pk is not None and parent.pk == collection.pk:
        raise field_error("parent", _("A collection cannot go inside itself."), "invalid")
    if parent.parent_id is not None:
        raise field_error(
            "parent",
            _(
                "“%(title)s” is already a sub-collection, and sub-collections cannot hold "
                "collections of their own. Choose a top-level collection."
            )
            % {"title": parent.title},
            "too_deep",
        )
    if collection.pk is not None and collection.children.exists():
        raise field_error(
            "parent",
            _(
                "This collection holds sub-collections, so it cannot go inside another one. "
                "Move its sub-collections first."
            ),
            "has_children",
        )


@transaction.atomic
def collection_create(
    *,
    actor: User,
    community: Community,
    title: str,
    description: str = "",
    parent: Collection | None = None,
) -> Collection:
    """Add a collection, or a sub-collection of a top-level one, to a community's library."""
    permissions.check_manage_library(actor, community)
    title = _clean_title(title, max_length=COLLECTION_TITLE_MAX_LENGTH)
    description = _clean_description(description, max_length=COLLECTION_DESCRIPTION_MAX_LENGTH)
    collection = Collection(
        community=community, parent=parent, title=title, description=description
    )
    _check_parent(collection, parent)
    last = Collection.objects.filter(community=community, parent=parent).aggregate(
        last=Max("position")
    )["last"]
    collection.position = 0 if last is None else last + 1
    collection.slug = _unique_slug(community, title)
    collection.full_clean()
    collection.save()
    return collection


@transaction.atomic
def collection_edit(
    *,
    actor: User,
    collection: Collection,
    title: str,
    description: str = "",
    parent: Collection | None = None,
    position: int | None = None,
) -> Collection:
    """Rename, describe, move or reorder a collection; its address stays the same."""
    permissions.check_manage_library(actor, collection.community)
    collection.title = _clean_title(title, max_length=COLLECTION_TITLE_MAX_LENGTH)
    collection.description = _clean_description(
        description, max_length=COLLECTION_DESCRIPTION_MAX_LENGTH
    )
    _check_parent(collection, parent)
    collection.parent = parent
    if position is not None:
        collection.position = position
    collection.full_clean()
    collection.save()
    return collection


@transaction.atomic
def collection_delete(*, actor: User, collection: Collection) -> None:
    """Delete an empty collection. One that still holds sub-collections or resources is refused
    with what to move first: nothing is ever deleted along with a collection by surprise."""
    permissions.check_manage_library(actor, collection.community)
    if collection.children.exists():
        raise ValidationError(
            _("This collection holds sub-collections. Move or delete them first."),
            code="has_children",
        )
    count = Resource.objects.filter(collection=collection, deleted_at__isnull=True).count()
    if count:
        raise ValidationError(
            ngettext(
                "This collection holds %(count)s resource. Move it to another collection or "
                "delete it first.",
                "This collection holds %(count)s resources. Move them to another collection "
                "or delete them first.",
                count,
            )
            % {"count": count},
            code="not_empty",
        )
    # Resources deleted earlier were kept hidden in the collection; they go with it now.
    _delete_for_good(Resource.objects.filter(collection=collection))
    collection.delete()


# Resources ------------------------------------------------------------------------------------


def _check_collection(actor: User, collection: Collection) -> None:
    permissions.check_add_resource(actor, collection.community)


@transaction.atomic
def resource_add_file(
    *,
    actor: User,
    collection: Collection,
    upload: File,
    title: str = "",
    description: str = "",
    language: str = ResourceLanguage.EN,
    tags: str = "",
    submission_key: uuid.UUID | None = None,
) -> Resource:
    """Add a file to a collection (CT-3). Its type is decided from its content; a title that
    the collection already has becomes "Title (2)" (``title_was_taken`` says so)."""
    _check_collection(actor, collection)
    existing = _existing_submission(actor, submission_key)
    if existing is not None:
        return existing
    title = _clean_title(title, required=False)
    description = _clean_description(description, max_length=DESCRIPTION_MAX_LENGTH)
    language = _clean_language(language)
    tag_list = _tags(tags)
    try:
        inspected = uploads.inspect_upload(upload, kinds=uploads.RESOURCE_KINDS)
    except uploads.UploadRejected as error:
        raise ValidationError({"file": error}) from None
    original_name = uploads.clean_name(upload.name or "", inspected)
    if not title:
        stem = original_name.rsplit(".", 1)[0] if "." in original_name else original_name
        title = _clean_title(stem[:TITLE_MAX_LENGTH])
    kind = str(inspected.kind)
    resource = Resource(
        collection=collection,
        kind=ResourceKind.FILE,
        title=title,
        description=description,
        description_html=render_text(description).html if description else "",
        language=language,
        added_by=actor,
        submission_key=submission_key,
        original_name=original_name,
        content_type=inspected.content_type,
        file_kind=kind,
        extension=inspected.extension,
        size=inspected.size,
        preview_status=(
            PreviewStatus.PENDING if inspected.kind in PREVIEW_KINDS else PreviewStatus.NONE
        ),
    )
    # The title's uniqueness is settled against the database constraint when saving.
    resource.full_clean(exclude=["file", "preview"], validate_constraints=False)
    # The stored name comes from resource_path (the random uuid), never from the upload.
    resource.file.save(
        f"upload{inspected.extension}", uploads.stored_content(upload, inspected), save=False
    )
    try:
        _save_with_free_title(resource, tag_list)
    except BaseException:
        resource.file.delete(save=False)
        raise
    resource_id = resource.pk
    if inspected.kind in PREVIEW_KINDS or inspected.kind in TEXT_KINDS:
        transaction.on_commit(partial(tasks.process_resource, resource_id))
    transaction.on_commit(partial(tasks.notify_resource_added, resource_id))
    return resource


@transaction.atomic
def resource_add_link(
    *,
    actor: User,
    collection: Collection,
    url: str,
    title: str = "",
    description: str = "",
    language: str = ResourceLanguage.EN,
    tags: str = "",
    submission_key: uuid.UUID | None = None,
) -> Resource:
    """Add a link to a page elsewhere to a collection (CT-3)."""
    _check_collection(actor, collection)
    existing = _existing_submission(actor, submission_key)
    if existing is not None:
        return existing
    url = clean_url(url)
    title = _clean_title(title, required=False)
    description = _clean_description(description, max_length=DESCRIPTION_MAX_LENGTH)
    language = _clean_language(language)
    tag_list = _tags(tags)
    resource = Resource(
        collection=collection,
        kind=ResourceKind.LINK,
        url=url,
        title=title,
        description=description,
        description_html=render_text(description).html if description else "",
        language=language,
        added_by=actor,
        submission_key=submission_key,
    )
    if not resource.title:
        resource.title = _clean_title(resource.domain or url[:TITLE_MAX_LENGTH])
    resource.full_clean(exclude=["file", "preview"], validate_constraints=False)
    _save_with_free_title(resource, tag_list)
    transaction.on_commit(partial(tasks.notify_resource_added, resource.pk))
    return resource


@transaction.atomic
def resource_edit(
    *,
    actor: User,
    resource: Resource,
    title: str,
    description: str = "",
    language: str = ResourceLanguage.EN,
    tags: str = "",
    collection: Collection | None = None,
    url: str | None = None,
) -> Resource:
    """Change a resource's details, move it to another collection of the same library, or
    change a link's address. A file is replaced by adding a new resource."""
    permissions.check_edit_resource(actor, resource)
    community = resource.collection.community
    target = collection or resource.collection
    if target.community_id != community.pk:
        raise field_error("collection", _("Choose a collection of this library."), "invalid")
    title = _clean_title(title)
    _check_title_free(target, title, exclude_pk=resource.pk)
    resource.title = title
    resource.collection = target
    resource.description = _clean_description(description, max_length=DESCRIPTION_MAX_LENGTH)
    resource.description_html = (
        render_text(resource.description).html if resource.description else ""
    )
    resource.language = _clean_language(language)
    if resource.is_link and url is not None:
        resource.url = clean_url(url)
    tag_list = _tags(tags)
    resource.full_clean(exclude=["file", "preview"])
    resource.save()
    resource.tags.set(tag_list)
    return resource


@transaction.atomic
def resource_delete(*, actor: User, resource: Resource) -> Resource:
    """Hide a resource from everyone; its file is kept until its collection or its author's
    account is deleted for good (SPEC §0: removed is hidden, not destroyed)."""
    permissions.check_edit_resource(actor, resource)
    resource.deleted_at = timezone.now()
    resource.save(update_fields=["deleted_at"])
    return resource


def resource_count_download(*, resource: Resource) -> None:
    """One more download; counted in the database so that simultaneous ones all count."""
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)


def _delete_for_good(resources: Iterable[Resource]) -> None:
    """Delete rows and, once that is committed, their files."""
    rows = list(resources)
    files = [
        (field.storage, field.name)
        for resource in rows
        for field in (resource.file, resource.preview)
        if field
    ]
    Resource.objects.filter(pk__in=[resource.pk for resource in rows]).delete()

    def delete_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)


# Background processing (CT-3) ----------------------------------------------------------------


def resource_process(*, resource_id: int) -> None:
    """Make a file's preview and extract its text, in a worker after the upload committed.

    A failure is recorded (the page then says that no preview could be made), never raised:
    the file itself is still there to download."""
    from collegium.resources import processing

    resource = Resource.objects.filter(pk=resource_id, kind=ResourceKind.FILE).first()
    if resource is None or not resource.file:
        return
    changes: dict[str, object] = {}
    try:
        preview = processing.make_preview(resource)
    except processing.ProcessingFailed:
        logger.warning("resource %s: no preview could be made", resource.pk, exc_info=True)
        changes["preview_status"] = PreviewStatus.FAILED
    else:
        if preview is not None:
            resource.preview.save("preview.webp", ContentFile(preview), save=False)
            changes["preview"] = resource.preview.name
            changes["preview_status"] = PreviewStatus.READY
    try:
        changes["extracted_text"] = processing.extract_text(resource)
    except Exception:  # a damaged document has no text to offer; its file stays available
        logger.warning("resource %s: no text could be extracted", resource.pk, exc_info=True)
    if changes:
        Resource.objects.filter(pk=resource.pk).update(**changes)


# Comments (CT-3) -----------------------------------------------------------------------------


@transaction.atomic
def resource_comment_add(
    *, actor: User, resource: Resource, body: str, submission_key: uuid.UUID | None = None
) -> ResourceComment:
    """A participant comments on a resource."""
    permissions.check_comment_resource(actor, resource)
    return comment_services.comment_add(
        model=ResourceComment,
        target_field="resource",
        target=resource,
        author=actor,
        body=body,
        submission_key=submission_key,
    )


@transaction.atomic
def resource_comment_delete(*, actor: User, comment: ResourceComment) -> ResourceComment:
    """The author deletes their comment: it keeps its place and shows as deleted."""
    return comment_services.comment_delete(
        comment=comment, actor=actor, community=comment.resource.collection.community
    )


# Data rights (ID-6) ---------------------------------------------------------------------------


def resources_erase(*, user: User) -> None:
    """On an erasing account deletion, the files and links the person added are deleted, rows
    and files: they are the person's own content, like their posts' text."""
    _delete_for_good(Resource.objects.filter(added_by=user))
