"""Every email leaves through the outbox (NO-3): written in the same transaction as what caused
it, sent by the workers, retried with a growing wait while the mail server is down, never sent
twice, and given up (visibly, for staff) when the server refuses the address.

``OutboxBackend`` is Django's ``EMAIL_BACKEND``, so that mail from anywhere (sign-up
confirmations, password resets) takes the same way out; the real one is
``OUTBOX_TRANSPORT_BACKEND``."""

from __future__ import annotations

import base64
import hashlib
import logging
import smtplib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from email.mime.base import MIMEBase
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape

from collegium.notifications.choices import EmailStatus
from collegium.notifications.models import EmailBody, OutboxEmail

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    address: str
    user_id: int | None = None
    unsubscribe_url: str = ""


def _config(name: str) -> Any:
    return settings.COLLEGIUM["OUTBOX"][name]


def body_create(
    *,
    subject: str,
    text: str,
    html: str = "",
    headers: dict[str, str] | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    from_email: str = "",
) -> EmailBody:
    return EmailBody.objects.create(
        subject=" ".join(subject.split())[:255],
        text=text,
        html=html,
        headers=headers or {},
        attachments=[
            {"name": name, "mimetype": mimetype, "content": base64.b64encode(content).decode()}
            for name, content, mimetype in attachments
        ],
        from_email=from_email,
    )


def enqueue(body: EmailBody, recipients: Iterable[Recipient]) -> list[int]:
    """Queue ``body`` for each recipient; the workers send it once the transaction commits."""
    now = timezone.now()
    rows = OutboxEmail.objects.bulk_create(
        [
            OutboxEmail(
                body=body,
                recipient_id=recipient.user_id,
                to=recipient.address,
                unsubscribe_url=recipient.unsubscribe_url,
                next_attempt_at=now,
            )
            for recipient in recipients
            if recipient.address
        ]
    )
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: send_soon(ids))
    return ids


def send_soon(ids: Sequence[int]) -> None:
    """Hand the messages to the workers in batches, each batch over one connection."""
    from collegium.notifications.tasks import outbox_send

    size = _config("BATCH_SIZE")
    for start in range(0, len(ids), size):
        outbox_send(list(ids[start : start + size]))


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: doubling, up to a ceiling."""
    seconds = _config("RETRY_SECONDS") * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, _config("MAX_RETRY_SECONDS")))


def _claim(ids: Sequence[int]) -> list[OutboxEmail]:
    """Take the messages that are due and nobody else is sending; a lease covers a worker that
    dies mid-batch (the periodic pass takes its messages back when the lease ends)."""
    now = timezone.now()
    lease = now + timedelta(seconds=_config("LEASE_SECONDS"))
    due = Q(status=EmailStatus.QUEUED, next_attempt_at__lte=now) | Q(
        status=EmailStatus.SENDING, claimed_until__lt=now
    )
    claim = uuid.uuid4().hex
    claimed = OutboxEmail.objects.filter(due, pk__in=list(ids)).update(
        status=EmailStatus.SENDING, claimed_until=lease, claim=claim
    )
    if not claimed:
        return []
    return list(
        OutboxEmail.objects.filter(pk__in=list(ids), status=EmailStatus.SENDING, claim=claim)
        .select_related("body")
        .order_by("pk")
    )


def _message_id(row: OutboxEmail) -> str:
    # The same message keeps the same Message-ID on every try: a receiver can drop a repeat.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{row.pk}".encode()).hexdigest()[:16]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or "localhost"
    return f"<outbox.{row.pk}.{digest}@{domain}>"


def build_message(row: OutboxEmail, connection: Any = None) -> EmailMultiAlternatives:
    body = row.body
    url = row.unsubscribe_url
    headers = {**body.headers, "Message-ID": _message_id(row)}
    if url:
        # RFC 8058: one POST to this address unsubscribes, with no page to go through.
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=body.subject,
        body=body.text.replace(EmailBody.UNSUBSCRIBE_MARK, url),
        from_email=body.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[row.to],
        headers=headers,
        connection=connection,
    )
    if body.html:
        message.attach_alternative(
            body.html.replace(EmailBody.UNSUBSCRIBE_MARK, escape(url)), "text/html"
        )
    for attachment in body.attachments:
        message.attach(
            attachment["name"], base64.b64decode(attachment["content"]), attachment["mimetype"]
        )
    return message


MESSAGE_ID_MARK = "@@MESSAGE_ID@@"


class _SmtpFastPath:
    """Many recipients of one body over SMTP: the MIME message is built once per body and
    each recipient's copy is made by putting in their address, Message-ID and unsubscribe
    address. Building MIME is most of a message's cost; 50,000 followers of one thread share
    two bodies (NO-3). A body whose marks did not survive encoding (a quoted-printable part
    can split them) is built per recipient instead, as any other backend's messages are."""

    def __init__(self, connection: Any) -> None:
        from django.core.mail.message import sanitize_address

        self.smtp = connection.connection
        self.sanitize = sanitize_address
        self.templates: dict[int, bytes | None] = {}

    def _template(self, row: OutboxEmail) -> bytes | None:
        if row.body_id not in self.templates:
            body = row.body
            message = build_message(
                OutboxEmail(pk=0, body=body, to="", unsubscribe_url=EmailBody.UNSUBSCRIBE_MARK)
            )
            message.to = []
            message.extra_headers.pop("List-Unsubscribe", None)
            message.extra_headers.pop("List-Unsubscribe-Post", None)
            message.extra_headers["Message-ID"] = f"<{MESSAGE_ID_MARK}>"
            raw = message.message().as_bytes(linesep="\r\n")
            expected = (body.text + body.html).count(EmailBody.UNSUBSCRIBE_MARK)
            intact = raw.count(EmailBody.UNSUBSCRIBE_MARK.encode()) == expected
            self.templates[row.body_id] = (
                raw if intact and MESSAGE_ID_MARK.encode() in raw else None
            )
        return self.templates[row.body_id]

    def send(self, row: OutboxEmail) -> bool:
        """Send one message if this path can; False leaves it to the general path."""
        template = self._template(row)
        if template is None:
            return False
        encoding = settings.DEFAULT_CHARSET
        to = self.sanitize(row.to, encoding)
        lines = [f"To: {to}"]
        url = row.unsubscribe_url
        if url:
            lines += [
                f"List-Unsubscribe: <{url}>",
                "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            ]
        raw = ("\r\n".join(lines) + "\r\n").encode() + template.replace(
            EmailBody.UNSUBSCRIBE_MARK.encode(), url.encode()
        ).replace(f"<{MESSAGE_ID_MARK}>".encode(), _message_id(row).encode())
        sender = self.sanitize(row.body.from_email or settings.DEFAULT_FROM_EMAIL, encoding)
        self.smtp.sendmail(sender, [to], raw)
        return True


def _permanent(error: smtplib.SMTPRecipientsRefused) -> bool:
    codes = [code for code, _message in error.recipients.values()]
    return bool(codes) and all(code >= 500 for code in codes)


def _retry_later(rows: Iterable[OutboxEmail], error: str) -> None:
    now = timezone.now()
    for row in rows:
        if row.attempts + 1 >= _config("MAX_ATTEMPTS"):
            status, next_attempt = EmailStatus.FAILED, None
        else:
            status, next_attempt = EmailStatus.QUEUED, now + backoff(row.attempts + 1)
        OutboxEmail.objects.filter(pk=row.pk).update(
            status=status,
            attempts=row.attempts + 1,
            next_attempt_at=next_attempt,
            claimed_until=None,
            last_error=error[:2000],
        )
        if status == EmailStatus.FAILED:
            logger.error("Gave up on email %s to %s: %s", row.pk, row.to, error)


def send(ids: Sequence[int]) -> int:
    """Send the messages among ``ids`` that are due, over one connection; answers how many
    the mail server took."""
    rows = _claim(ids)
    if not rows:
        return 0
    connection = get_connection(settings.OUTBOX_TRANSPORT_BACKEND, fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        _retry_later(rows, f"{type(error).__name__}: {error}")
        return 0
    from django.core.mail.backends.smtp import EmailBackend as SmtpBackend

    fast = _SmtpFastPath(connection) if isinstance(connection, SmtpBackend) else None
    sent = 0
    try:
        for index, row in enumerate(rows):
            try:
                if fast is None or not fast.send(row):
                    connection.send_messages([build_message(row, connection)])
            except smtplib.SMTPRecipientsRefused as error:
                if _permanent(error):
                    OutboxEmail.objects.filter(pk=row.pk).update(
                        status=EmailStatus.REFUSED,
                        attempts=row.attempts + 1,
                        claimed_until=None,
                        next_attempt_at=None,
                        last_error=str(error.recipients)[:2000],
                    )
                    logger.warning("Mail server refused %s: %s", row.to, error.recipients)
                else:
                    _retry_later([row], str(error.recipients))
                continue
            except (OSError, smtplib.SMTPException) as error:
                # The connection broke: this message and the rest wait for another try.
                _retry_later(rows[index:], f"{type(error).__name__}: {error}")
                break
            # Marked one by one: a worker that dies now resends at most the message in hand.
            OutboxEmail.objects.filter(pk=row.pk).update(
                status=EmailStatus.SENT,
                attempts=row.attempts + 1,
                sent_at=timezone.now(),
                claimed_until=None,
                last_error="",
            )
            sent += 1
    finally:
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):
            logger.info("The mail server closed the connection first.")
    return sent


def prune(*, now: Any = None) -> int:
    """Forget sent messages older than ``KEEP_DAYS`` and the words no message uses any more;
    refused and given-up ones stay for staff. Answers how many messages went."""
    cutoff = (now or timezone.now()) - timedelta(days=_config("KEEP_DAYS"))
    deleted, _details = OutboxEmail.objects.filter(
        status=EmailStatus.SENT, sent_at__lt=cutoff
    ).delete()
    EmailBody.objects.filter(created_at__lt=cutoff, deliveries__isnull=True).delete()
    return deleted


def due_ids(limit: int) -> list[int]:
    """Messages waiting for another try, and those a dead worker left claimed."""
    now = timezone.now()
    due = Q(status=EmailStatus.QUEUED, next_attempt_at__lte=now) | Q(
        status=EmailStatus.SENDING, claimed_until__lt=now
    )
    return list(
        OutboxEmail.objects.filter(due)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def _attachments(message: EmailMessage) -> list[tuple[str, bytes, str]]:
    found: list[tuple[str, bytes, str]] = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            payload = attachment.get_payload(decode=True)
            name = attachment.get_filename() or "attachment"
            if isinstance(payload, bytes):
                found.append((name, payload, attachment.get_content_type()))
        else:
            name, content, mimetype = attachment
            if isinstance(content, str):
                content = content.encode()
            found.append((name, bytes(content), mimetype or "application/octet-stream"))
    return found


class OutboxBackend(BaseEmailBackend):
    """Django's email backend: a message "sent" is a message queued in the outbox."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        queued = 0
        for message in email_messages:
            html = next(
                (
                    content
                    for content, mimetype in getattr(message, "alternatives", [])
                    if mimetype == "text/html"
                ),
                "",
            )
            text = message.body
            if message.content_subtype == "html":
                html, text = message.body, ""
            with transaction.atomic():
                body = body_create(
                    subject=str(message.subject),
                    text=str(text),
                    html=str(html),
                    headers={
                        key: value
                        for key, value in message.extra_headers.items()
                        if key.lower() not in {"to", "cc", "bcc", "message-id"}
                    },
                    attachments=_attachments(message),
                    from_email=message.from_email,
                )
                ids = enqueue(body, [Recipient(address) for address in message.recipients()])
            queued += bool(ids)
        return queued
