"""Reading the embedded default's mail folder for ``/dev/mail/``."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from django.conf import settings

MESSAGE_NAME = re.compile(r"^[0-9T]+-[0-9a-f]{8}\.eml$")


@dataclass(frozen=True)
class MailSummary:
    name: str
    subject: str
    to: str
    sent: str


@dataclass(frozen=True)
class MailDetail:
    summary: MailSummary
    sender: str
    text: str
    html: str | None


def _mail_dir() -> Path:
    return Path(settings.EMAIL_FILE_PATH)


def _parse(path: Path) -> EmailMessage:
    with path.open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _summary(path: Path, message: EmailMessage) -> MailSummary:
    return MailSummary(
        name=path.name,
        subject=str(message.get("Subject", "")),
        to=str(message.get("To", "")),
        sent=str(message.get("Date", "")),
    )


def mail_list(*, limit: int = 200) -> list[MailSummary]:
    """The newest messages first."""
    directory = _mail_dir()
    if not directory.is_dir():
        return []
    paths = sorted(
        (path for path in directory.iterdir() if MESSAGE_NAME.match(path.name)), reverse=True
    )[:limit]
    return [_summary(path, _parse(path)) for path in paths]


def _message_path(name: str) -> Path | None:
    """The file of a message in the folder; ``None`` for any other name (no path traversal)."""
    if not MESSAGE_NAME.match(name):
        return None
    path = _mail_dir() / name
    return path if path.is_file() else None


def mail_raw(name: str) -> bytes | None:
    path = _message_path(name)
    return path.read_bytes() if path is not None else None


def mail_get(name: str) -> MailDetail | None:
    """One message by file name; ``None`` for anything that is not a message in the folder."""
    path = _message_path(name)
    if path is None:
        return None
    message = _parse(path)
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    return MailDetail(
        summary=_summary(path, message),
        sender=str(message.get("From", "")),
        text=text_part.get_content() if text_part is not None else "",
        html=html_part.get_content() if html_part is not None else None,
    )
