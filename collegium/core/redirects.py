"""Where to send someone next: only ever a page of this site (no open redirect)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def is_ours(request: HttpRequest, url: str) -> bool:
    """The address is on this site (a path, or our host with the request's scheme)."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request: HttpRequest, fallback: str = "", *, field: str = "next") -> str:
    """The ``next`` address a form or link carries (POST first, then the query string) when
    it is ours, else ``fallback``."""
    target = request.POST.get(field) or request.GET.get(field) or ""
    return target if is_ours(request, target) else fallback
