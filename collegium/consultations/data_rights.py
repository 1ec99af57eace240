"""The consultations' part of "download my data" and "delete my account" (SPEC ID-6): a person's
public comments. Their confidential answers are the questionnaires' part."""

from __future__ import annotations

import zipfile
from typing import Any

from collegium.accounts.models import User
from collegium.consultations import services
from collegium.consultations.models import ConsultationComment


def export(user: User, archive: zipfile.ZipFile) -> dict[str, Any]:
    comments = (
        ConsultationComment.objects.filter(author=user, deleted_at__isnull=True)
        .select_related("consultation", "paragraph")
        .order_by("created_at")
    )
    return {
        "comments": [
            {
                "consultation": comment.consultation.slug,
                "paragraph": comment.paragraph.number if comment.paragraph else None,
                "text": comment.body,
                "posted_at": comment.created_at,
                "edited_at": comment.edited_at,
            }
            for comment in comments.iterator(chunk_size=2000)
        ],
    }


def erase(user: User, erase_content: bool) -> None:
    if erase_content:
        services.consultation_comments_erase(user=user)
