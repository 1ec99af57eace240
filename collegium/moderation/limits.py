"""How often a person may write, and the same text twice (SPEC MO-3).

Rate limits: a view calls ``check(user, action)`` on a POST, where a real write is attempted
(not a preview, not an autosave), after it has kept what was typed as a draft if it needs to
(``RateLimited`` carries ``draft_url`` for the 429 page; ``collegium.moderation.middleware``
answers it). Counters are django-ratelimit's, kept in the cache and keyed on the person's id
with one group per action, so every web process counts the same attempts. Limits are lower for
new accounts; association staff and platform moderators are not limited.

Repeated text: a service calls ``check_not_repeated(user, text)`` where it validates, and
registers ``remember_text(user, text)`` with ``transaction.on_commit`` once it has written.

Settings (``COLLEGIUM``): ``RATE_LIMITS`` (per action, ``normal`` and ``new_account`` rates
such as ``"60/h"``), ``NEW_ACCOUNT_DAYS``, ``NEW_ACCOUNT_POSTS``, ``REPEAT_WINDOW_SECONDS``.
See docs/decisions/0012-rate-limits.md.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

from collegium.accounts.models import User
from collegium.core.validation import field_error
from collegium.forums.models import Post

logger = logging.getLogger(__name__)

# The actions that are limited; the settings give each one its rates. ``message`` waits for
# private messages, which do not exist yet.
ACTIONS = ("thread", "reply", "comment", "report", "invitation", "upload", "message")


class RateLimited(Exception):
    """Someone did ``action`` as often as their limit allows; they may again in
    ``retry_after`` seconds. ``draft_url`` is where what they wrote waits, if anywhere."""

    def __init__(self, action: str, retry_after: int, *, draft_url: str | None = None) -> None:
        super().__init__(f"{action} is limited for {retry_after} more seconds")
        self.action = action
        self.retry_after = retry_after
        self.draft_url = draft_url


def _config() -> dict[str, Any]:
    return settings.COLLEGIUM


def is_exempt(user: User) -> bool:
    """Association staff and platform moderators are never limited."""
    return bool(user.is_platform_moderator)


def is_new_account(user: User) -> bool:
    """An account younger than ``NEW_ACCOUNT_DAYS`` days, or with fewer than
    ``NEW_ACCOUNT_POSTS`` forum posts (deleted and removed ones do not count)."""
    config = _config()
    if user.date_joined > timezone.now() - timedelta(days=config["NEW_ACCOUNT_DAYS"]):
        return True
    needed = config["NEW_ACCOUNT_POSTS"]
    if needed <= 0:
        return False
    # Counting stops at ``needed``: one short query, whatever the person wrote.
    posts = Post.objects.filter(author=user, deleted_at__isnull=True, removed_at__isnull=True)
    return posts[:needed].count() < needed


def rate_for(user: User, action: str) -> str:
    """The person's rate for ``action``, such as ``"60/h"``."""
    try:
        rates = _config()["RATE_LIMITS"][action]
    except KeyError:
        raise ValueError(f"No rate limit is set for the action {action!r}.") from None
    return str(rates["new_account"] if is_new_account(user) else rates["normal"])


def _counted_key(user: User, action: str, submission_key: uuid.UUID) -> str:
    return f"collegium:limits:counted:{action}:{user.pk}:{submission_key}"


def check(
    user: User | AnonymousUser,
    action: str,
    *,
    submission_key: uuid.UUID | None = None,
    draft_url: str | None = None,
) -> None:
    """Count one attempt of ``user`` at ``action``; raise ``RateLimited`` when it goes over
    their limit.

    ``submission_key`` (the editor form's) makes a double submit of one form count once, so
    that its second arrival gets the post the first one made rather than a refusal.
    ``draft_url`` is passed on to the refusal: the page where the person's text waits."""
    if not isinstance(user, User):
        raise ValueError("Rate limits count the attempts of a signed-in person.")
    if action not in _config()["RATE_LIMITS"]:
        raise ValueError(f"No rate limit is set for the action {action!r}.")
    if is_exempt(user):
        return
    counted = _counted_key(user, action, submission_key) if submission_key else None
    if counted is not None and cache.get(counted):
        return
    request = HttpRequest()
    request.user = user
    usage = get_usage(
        request,
        group=f"collegium.{action}",
        key="user",
        rate=rate_for(user, action),
        increment=True,
    )
    # None: limits switched off (RATELIMIT_ENABLE), or the cache failed (RATELIMIT_FAIL_OPEN).
    if usage is None:
        return
    if usage["should_limit"]:
        retry_after = max(1, int(usage["time_left"]))
        logger.info(
            "rate limit reached action=%s user=%s limit=%s retry_after=%s",
            action,
            user.pk,
            usage["limit"],
            retry_after,
        )
        raise RateLimited(action, retry_after, draft_url=draft_url)
    if counted is not None:
        cache.set(counted, True, timeout=_config()["REPEAT_WINDOW_SECONDS"])


# The same text twice ---------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Text as compared for repeats: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()


def _repeat_key(user: User, text: str) -> str:
    digest = hashlib.sha256(f"{user.pk}\n{normalise(text)}".encode()).hexdigest()
    return f"collegium:limits:text:{digest}"


def check_not_repeated(user: User, text: str, *, field: str = "body") -> None:
    """Refuse, next to ``field``, a text the person already posted within the repeat window."""
    if cache.get(_repeat_key(user, text)) is None:
        return
    minutes = max(1, _config()["REPEAT_WINDOW_SECONDS"] // 60)
    raise field_error(
        field,
        ngettext(
            "You posted this same text less than %(minutes)s minute ago, so it was not posted "
            "again. Change it, or wait a little before posting it again.",
            "You posted this same text less than %(minutes)s minutes ago, so it was not posted "
            "again. Change it, or wait a little before posting it again.",
            minutes,
        )
        % {"minutes": minutes},
        "repeated",
    )


def remember_text(user: User, text: str) -> None:
    """Remember that the person posted ``text``, for the repeat window (call it on commit)."""
    cache.set(_repeat_key(user, text), True, timeout=_config()["REPEAT_WINDOW_SECONDS"])
