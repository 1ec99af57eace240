"""Reads of the one editor: a person's own drafts, and attachments for those who may see them."""

from __future__ import annotations

import uuid as uuid_module
from typing import TYPE_CHECKING

from django.http import Http404

from collegium import permissions
from collegium.editor.models import Attachment, Draft

if TYPE_CHECKING:
    from collegium.permissions import Viewer


def draft_get(*, user: Viewer, key: str) -> Draft | None:
    """The draft someone kept for a form, or None (always None for someone signed out)."""
    if not user.is_authenticated:
        return None
    return Draft.objects.filter(user=user.pk, key=key).first()


def attachment_get(*, viewer: Viewer, uuid: uuid_module.UUID | str) -> Attachment:
    """An attachment by its address, or 404 for anyone who may not see it (SPEC §0)."""
    try:
        attachment_uuid = uuid_module.UUID(str(uuid))
    except ValueError:
        raise Http404 from None
    attachment = Attachment.objects.select_related("community").filter(uuid=attachment_uuid).first()
    if attachment is None or not permissions.can_view_attachment(viewer, attachment):
        raise Http404
    return attachment
