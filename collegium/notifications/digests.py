"""Daily and weekly digests (NO-2): what someone chose to hear of in a digest, grouped by
community, newest first, in their language; nothing is sent when there is nothing to say."""

from __future__ import annotations

import uuid
from collections import OrderedDict
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from collegium import permissions
from collegium.accounts.models import User
from collegium.notifications import outbox, services, tokens
from collegium.notifications.choices import Frequency
from collegium.notifications.kinds import describe, localized
from collegium.notifications.models import Notification

RECIPIENT_BATCH = 500


def _recipients_due(frequency: str, after: int) -> list[int]:
    return list(
        Notification.objects.filter(
            email=frequency, emailed_at__isnull=True, recipient_id__gt=after
        )
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()[:RECIPIENT_BATCH]
    )


def _claim(person: User, frequency: str) -> list[Notification]:
    """Take the person's waiting notifications for this digest (a second worker running the
    same digest finds none left); those about what they can no longer read are dropped."""
    stamp = timezone.now() + timedelta(microseconds=uuid.uuid4().int % 1000)
    waiting = Notification.objects.filter(
        recipient=person, email=frequency, emailed_at__isnull=True
    )
    ids = list(waiting.values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=stamp)
    claimed = Notification.objects.filter(pk__in=ids, emailed_at=stamp)
    return list(
        permissions.visible_notifications(person, claimed)
        .select_related("community")
        .order_by("-created_at", "-pk")
    )


def _sections(notifications: list[Notification]) -> list[dict[str, Any]]:
    """Grouped by community (the community of the newest item first), newest first inside."""
    groups: OrderedDict[Any, dict[str, Any]] = OrderedDict()
    for notification in notifications:
        community = notification.community
        key = community.pk if community is not None else None
        if key not in groups:
            groups[key] = {
                "name": community.name if community is not None else _("For you"),
                "items": [],
            }
        groups[key]["items"].append(
            {
                "text": describe(notification.kind, notification.params),
                "url": f"{settings.COLLEGIUM['BASE_URL']}{localized(notification.link)}",
                "excerpt": notification.excerpt,
                "created_at": notification.created_at,
            }
        )
    return list(groups.values())


def digest_send(person: User, frequency: str) -> bool:
    """One person's digest; answers whether one was sent."""
    language = person.preferred_language or settings.LANGUAGE_CODE
    with transaction.atomic():
        notifications = _claim(person, frequency)
        if not notifications or not person.is_active or not person.email:
            return False
        with translation.override(language):
            sections = _sections(notifications)
        subject, text, html = services._render_email(
            "notifications/email/digest",
            {
                "user": person,
                "sections": sections,
                "count": len(notifications),
                "weekly": frequency == Frequency.WEEKLY,
            },
            language,
        )
        body = outbox.body_create(
            subject=subject, text=text, html=html, headers={"Content-Language": language}
        )
        unsubscribe = tokens.url(person.pk, f"digest:{frequency}", language)
        outbox.enqueue(body, [outbox.Recipient(person.email, person.pk, unsubscribe)])
    return True


def digests_send(frequency: str) -> int:
    """Everyone's digest of one frequency, in batches of people; answers how many were sent."""
    sent, after = 0, 0
    while True:
        recipient_ids = _recipients_due(frequency, after)
        if not recipient_ids:
            return sent
        people = User.objects.in_bulk(recipient_ids)
        for recipient_id in recipient_ids:
            person = people.get(recipient_id)
            if person is not None:
                sent += digest_send(person, frequency)
        after = recipient_ids[-1]
