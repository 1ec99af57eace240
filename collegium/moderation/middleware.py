"""A rate limit reached (MO-3) is answered with 429 Too Many Requests, saying what was limited
and when the person can try again: a page, or a line of text for htmx and scripts."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from collegium.core.redirects import is_ours
from collegium.moderation.limits import RateLimited


def limited_message(action: str) -> str:
    """What was limited, in the person's words."""
    messages = {
        "thread": _("You have started as many threads as you can for now."),
        "reply": _("You have posted as many replies as you can for now."),
        "comment": _("You have posted as many comments as you can for now."),
        "report": _("You have sent as many reports as you can for now."),
        "invitation": _("You have sent as many invitations as you can for now."),
        "upload": _("You have added as many resources as you can for now."),
        "message": _("You have sent as many messages as you can for now."),
    }
    return messages.get(action, _("You have done this as many times as you can for now."))


def retry_message(retry_after: int) -> str:
    """When the person can try again: in how many minutes, and at what local time."""
    minutes = max(1, math.ceil(retry_after / 60))
    at = timezone.localtime(timezone.now() + timedelta(seconds=retry_after))
    return ngettext(
        "You can try again in %(minutes)s minute (at %(time)s).",
        "You can try again in %(minutes)s minutes (at %(time)s).",
        minutes,
    ) % {"minutes": minutes, "time": formats.time_format(at, "TIME_FORMAT")}


def _wants_short_answer(request: HttpRequest) -> bool:
    """htmx and the editor's scripts show a line of text, not a page."""
    return bool(
        request.headers.get("HX-Request")
        or "application/json" in request.headers.get("Accept", "")
        or request.content_type == "application/json"
    )


def _back_url(request: HttpRequest) -> str:
    """The page the person came from, when it is one of ours; the home page otherwise."""
    referer = request.headers.get("Referer", "")
    if is_ours(request, referer):
        return referer
    return reverse("pages:landing")


def too_many_requests(request: HttpRequest, refusal: RateLimited) -> HttpResponse:
    """The 429 answer to a reached limit, with ``Retry-After`` in seconds."""
    retry_after = max(1, refusal.retry_after)
    limited, retry = limited_message(refusal.action), retry_message(retry_after)
    if _wants_short_answer(request):
        response = HttpResponse(
            f"{limited} {retry}", status=429, content_type="text/plain; charset=utf-8"
        )
    else:
        response = render(
            request,
            "429.html",
            {
                "limited": limited,
                "retry": retry,
                "draft_url": refusal.draft_url,
                "back_url": _back_url(request),
            },
            status=429,
        )
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


class RateLimitMiddleware:
    """Turns ``RateLimited`` raised by a view into a 429 response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception)
        return None
