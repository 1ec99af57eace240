"""The resource libraries' part of "download my data" and "delete my account" (SPEC ID-6).

What a person added to a library is their own content, like the text of their posts:

- the download holds each resource's details, and each file they uploaded, under ``resources/``,
  with their comments on resources;
- deleting the account *and* the content deletes the resources they added, rows and files (in
  storage, once the deletion is committed), with the comments others wrote on them, which have
  nothing left to be about; their own comments elsewhere are emptied and keep their place as
  "deleted", so that the conversation around them keeps its shape;
- deleting the account but keeping the content leaves both in the libraries, shown under the
  anonymous "former member" name, as the forums do with posts. A community keeps the documents
  its members shared unless they ask for them to be erased.
"""

from __future__ import annotations

import zipfile
from typing import Any

from collegium.accounts.models import User
from collegium.comments.services import comments_erase
from collegium.resources import services
from collegium.resources.models import Resource, ResourceComment


def export(user: User, archive: zipfile.ZipFile) -> dict[str, Any]:
    resources = []
    for resource in (
        Resource.objects.filter(added_by=user, deleted_at__isnull=True)
        .select_related("collection__community")
        .order_by("created_at")
        .iterator(chunk_size=500)
    ):
        entry: dict[str, Any] = {
            "community": resource.collection.community.slug,
            "collection": resource.collection.title,
            "kind": resource.kind,
            "title": resource.title,
            "description": resource.description,
            "language": resource.language,
            "added_at": resource.created_at,
        }
        if resource.is_link:
            entry["url"] = resource.url
        elif resource.file:
            name = f"resources/{resource.uuid.hex}{resource.extension}"
            with resource.file.open("rb") as stored:
                archive.writestr(name, stored.read())
            entry.update(file=name, name=resource.original_name, type=resource.content_type)
        resources.append(entry)
    comments = (
        ResourceComment.objects.filter(author=user, deleted_at__isnull=True)
        .select_related("resource")
        .order_by("created_at")
    )
    return {
        "resources": resources,
        "comments": [
            {
                "resource": comment.resource.title,
                "resource_id": comment.resource_id,
                "text": comment.body,
                "posted_at": comment.created_at,
                "edited_at": comment.edited_at,
            }
            for comment in comments.iterator(chunk_size=2000)
        ],
    }


def erase(user: User, erase_content: bool) -> None:
    if erase_content:
        services.resources_erase(user=user)
        comments_erase(model=ResourceComment, user=user)
