"""The one-click unsubscribe links of every notification email (NO-2, RFC 8058).

A link names one person and one scope — a follow, a category of notification, or a digest —
and when it was made. It is signed, so it cannot be forged; it expires; and it works once:
a link older than the scope's last change was already used (or overtaken by a newer choice)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

SALT = "collegium.notifications.unsubscribe"


class InvalidLink(Exception):
    """Forged, damaged, or for an account that no longer exists."""


class ExpiredLink(Exception):
    """Genuine, but older than ``UNSUBSCRIBE_LINK_DAYS``."""


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    scope: str  # "follow:<subscription id>", "category:<category>" or "digest:<frequency>"
    issued_ms: int


def make(user_id: int, scope: str, *, issued_ms: int | None = None) -> str:
    issued = issued_ms if issued_ms is not None else int(time.time() * 1000)
    return signing.dumps([user_id, scope, issued], salt=SALT, compress=False)


def read(token: str) -> Unsubscribe:
    try:
        user_id, scope, issued = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidLink from error
    if not isinstance(user_id, int) or not isinstance(scope, str) or not isinstance(issued, int):
        raise InvalidLink
    max_age_ms = settings.COLLEGIUM["UNSUBSCRIBE_LINK_DAYS"] * 86_400_000
    if time.time() * 1000 - issued > max_age_ms:
        raise ExpiredLink
    return Unsubscribe(user_id=user_id, scope=scope, issued_ms=issued)


def url(user_id: int, scope: str, language: str, *, issued_ms: int | None = None) -> str:
    with translation.override(language):
        path = reverse(
            "notifications:unsubscribe",
            kwargs={"token": make(user_id, scope, issued_ms=issued_ms)},
        )
    return f"{settings.COLLEGIUM['BASE_URL']}{path}"
