"""Operations endpoints, the theme choice and the embedded default's mailbox."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from collegium.core import dev_mailbox, health
from collegium.core.context_processors import THEMES
from collegium.core.redirects import safe_next

THEME_COOKIE = "collegium_theme"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is alive and answering; nothing else is checked."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Database, cache and task queue reachable: 200, else 503 naming the failing parts."""
    checks = health.readiness()
    failing = sorted(name for name, state in checks.items() if state != "ok")
    if failing:
        return JsonResponse(
            {"status": "unavailable", "failing": failing, "checks": checks}, status=503
        )
    return JsonResponse({"status": "ok", "checks": checks})


@require_POST
def theme_set(request: HttpRequest) -> HttpResponseRedirect:
    """Remember light, dark, or (anything else) the system's preference, then go back."""
    response = HttpResponseRedirect(safe_next(request, "/"))
    choice = request.POST.get("theme", "")
    if choice in THEMES:
        response.set_cookie(
            THEME_COOKIE,
            choice,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    else:
        response.delete_cookie(THEME_COOKIE, samesite="Lax")
    return response


def _require_debug() -> None:
    if not settings.DEBUG:
        raise Http404


@never_cache
def dev_mail_list(request: HttpRequest) -> HttpResponse:
    """The embedded default's outgoing mail, newest first (DEBUG only)."""
    _require_debug()
    return render(request, "core/dev_mail_list.html", {"messages_sent": dev_mailbox.mail_list()})


@never_cache
def dev_mail_detail(request: HttpRequest, name: str) -> HttpResponse:
    """One message, as text with clickable links (DEBUG only)."""
    _require_debug()
    message = dev_mailbox.mail_get(name)
    if message is None:
        raise Http404
    return render(request, "core/dev_mail_detail.html", {"message": message})


@never_cache
def dev_mail_raw(request: HttpRequest, name: str) -> HttpResponse:
    """The message file itself, as a download (DEBUG only)."""
    _require_debug()
    raw = dev_mailbox.mail_raw(name)
    if raw is None:
        raise Http404
    response = HttpResponse(raw, content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def bench_hello(request: HttpRequest) -> HttpResponse:
    """The load benchmark's ceiling: the least a view can do behind the project's middleware.
    Routed only when ``COLLEGIUM_BENCHMARK`` is on (``config/urls.py``, ``bench/README.md``)."""
    return HttpResponse("Hello, world", content_type="text/plain")
