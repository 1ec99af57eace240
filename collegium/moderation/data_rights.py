"""Moderation's part of "download my data" and "delete my account" (SPEC ID-6)."""

from __future__ import annotations

import zipfile
from typing import Any

from collegium.accounts.models import User
from collegium.moderation.models import ModerationAction, Report


def export(user: User, archive: zipfile.ZipFile) -> dict[str, Any]:
    """What the person reported, and what moderators did about them. The moderators' names
    are left out: they act for the association."""
    reports = Report.objects.filter(reporter=user).select_related("case").order_by("created_at")
    actions = ModerationAction.objects.filter(subject=user).order_by("created_at")
    return {
        "reports": [
            {
                "item": report.case.kind,
                "item_id": report.case.object_id,
                "category": report.category,
                "note": report.note,
                "reported_at": report.created_at,
                "outcome": report.outcome,
                "handled_at": report.resolved_at,
            }
            for report in reports.iterator(chunk_size=2000)
        ],
        "moderation_of_my_content": [
            {
                "action": action.action,
                "item": action.kind,
                "item_id": action.object_id,
                "reason": action.category,
                "note": action.note,
                "at": action.created_at,
                "undone_at": action.undone_at,
            }
            for action in actions.iterator(chunk_size=2000)
        ],
    }


def erase(user: User, erase_content: bool) -> None:
    """An erased account's reports lose their notes; the categories stay, so that the cases
    keep their shape. The audit log is kept whole: it is the association's record."""
    if erase_content:
        Report.objects.filter(reporter=user).update(note="")
