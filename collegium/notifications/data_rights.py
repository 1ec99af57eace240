"""Notifications' part of "download my data" and "delete my account" (SPEC ID-6)."""

from __future__ import annotations

import zipfile
from typing import Any

from collegium.accounts.models import User
from collegium.notifications.kinds import describe
from collegium.notifications.models import EmailPreference, Notification, Subscription


def export(user: User, archive: zipfile.ZipFile) -> dict[str, Any]:
    """What the person follows, their email choices and their notifications."""
    follows = Subscription.objects.filter(user=user).order_by("created_at")
    return {
        "follows": [
            {
                "what": follow.target_field,
                "id": follow.target_id,
                "email": follow.frequency,
                "since": follow.created_at,
            }
            for follow in follows
        ],
        "email_preferences": {
            row.category: row.frequency for row in EmailPreference.objects.filter(user=user)
        },
        "notifications": [
            {
                "kind": notification.kind,
                "text": describe(notification.kind, notification.params),
                "at": notification.created_at,
                "read_at": notification.read_at,
            }
            for notification in Notification.objects.filter(recipient=user)
            .order_by("created_at")
            .iterator(chunk_size=2000)
        ],
    }


def erase(user: User, erase: bool) -> None:
    """Follows, preferences and notifications go with the account; mail still queued for it
    is not sent."""
    from collegium.notifications.choices import EmailStatus
    from collegium.notifications.models import OutboxEmail

    Subscription.objects.filter(user=user).delete()
    EmailPreference.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    OutboxEmail.objects.filter(recipient=user, status=EmailStatus.QUEUED).update(
        status=EmailStatus.FAILED, last_error="account erased", next_attempt_at=None
    )
