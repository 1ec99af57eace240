"""What the tests of every app ask of notifications: who was told, and what their email says."""

from __future__ import annotations

from typing import Any

from django.core import mail

from collegium.notifications.models import Notification


def told(person: Any, kind: str | None = None) -> list[Notification]:
    """The notifications ``person`` has, of one kind or all."""
    found = Notification.objects.filter(recipient=person)
    if kind is not None:
        found = found.filter(kind=kind)
    return list(found)


def mail_to(person: Any) -> list[Any]:
    """The messages sent to ``person`` (Django's test mailbox)."""
    return [message for message in mail.outbox if message.to == [person.email]]


def html_of(message: Any) -> str:
    return str(
        next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    )


def is_notification_email(message: Any) -> bool:
    """RFC 8058's one-click unsubscribe headers, and the same address in the text and HTML
    parts (in the recipient's language)."""
    url = message.extra_headers.get("List-Unsubscribe", "").strip("<>")
    return (
        url.startswith("http")
        and message.extra_headers.get("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
        and url in message.body
        and url in html_of(message)
    )
