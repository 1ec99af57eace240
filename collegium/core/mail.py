"""The embedded default's mail: one ``.eml`` file per message in the data folder.

Django's own file backend appends every message of a connection to one ``.log`` file; a person
trying the demo wants to open one message, read it and follow its links (``/dev/mail/``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    """Writes each message as ``<UTC timestamp>-<random>.eml`` under ``EMAIL_FILE_PATH``."""

    def __init__(self, *, file_path: str | Path | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        self.directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
            target = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            # Write then rename, so the mailbox never lists a half-written message.
            partial = target.with_suffix(".part")
            partial.write_bytes(message.message().as_bytes(linesep="\n"))
            partial.rename(target)
            sent += 1
        return sent


def render_plain_text(template_name: str, context: dict[str, Any]) -> str:
    """A plain-text template rendered without HTML escaping: in a text email "&" is "&", not
    "&amp;" (subjects and text parts)."""
    from django.template import Context
    from django.template.loader import get_template

    template = get_template(template_name).template  # type: ignore[attr-defined]
    return str(template.render(Context(context, autoescape=False)))


def send_user_mail(
    *,
    user: Any,
    template: str,
    context: dict[str, Any],
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> None:
    """Render ``<template>_subject.txt``, ``_message.txt`` and ``_message.html`` in the
    recipient's language and send them as one message with a text and an HTML part (and
    ``attachments``, as ``(file name, content, type)``)."""
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(getattr(user, "preferred_language", None) or "en"):
        full_context = {
            "user": user,
            "site_name": settings.COLLEGIUM["SITE_NAME"],
            "base_url": settings.COLLEGIUM["BASE_URL"],
            **context,
        }
        subject = " ".join(render_plain_text(f"{template}_subject.txt", full_context).split())
        text = render_plain_text(f"{template}_message.txt", full_context)
        html = render_to_string(f"{template}_message.html", full_context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()
