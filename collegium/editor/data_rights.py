"""The editor's part of "download my data" and "delete my account" (SPEC ID-6)."""

from __future__ import annotations

import zipfile
from typing import Any

from django.db import transaction

from collegium.accounts.models import User
from collegium.editor.models import Attachment, Draft


def export(user: User, archive: zipfile.ZipFile) -> dict[str, Any]:
    attachments = []
    for attachment in Attachment.objects.filter(uploaded_by=user).order_by("created_at"):
        name = f"attachments/{attachment.uuid.hex}{attachment.extension}"
        with attachment.file.open("rb") as stored:
            archive.writestr(name, stored.read())
        attachments.append(
            {"file": name, "name": attachment.original_name, "uploaded_at": attachment.created_at}
        )
    return {
        "drafts": list(
            Draft.objects.filter(user=user).values("key", "title", "body", "updated_at")
        ),
        "attachments": attachments,
    }


def erase(user: User, erase_content: bool) -> None:
    """Drafts were never published: they go either way. Attachments follow the content."""
    Draft.objects.filter(user=user).delete()
    if not erase_content:
        return
    attachments = list(Attachment.objects.filter(uploaded_by=user))
    files = [(attachment.file.storage, attachment.file.name) for attachment in attachments]
    Attachment.objects.filter(pk__in=[attachment.pk for attachment in attachments]).delete()

    def delete_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)
