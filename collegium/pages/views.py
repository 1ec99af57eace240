"""The public pages: readable by everyone, in the reader's language."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from collegium.accounts import selectors as accounts_selectors
from collegium.accounts import services as accounts_services
from collegium.accounts.models import User
from collegium.core.redirects import safe_next
from collegium.pages.choices import PageSlug
from collegium.pages.selectors import page_current_version


def landing(request: HttpRequest) -> HttpResponse:
    version = page_current_version(slug=PageSlug.LANDING)
    checklist = None
    if isinstance(request.user, User):
        checklist = accounts_selectors.getting_started(user=request.user)
    return render(request, "pages/landing.html", {"version": version, "getting_started": checklist})


def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    version = page_current_version(slug=slug)
    context: dict[str, Any] = {"version": version, "slug": slug}
    if slug == PageSlug.GUIDELINES and isinstance(request.user, User):
        accounts_services.profile_mark_guidelines_read(user=request.user)
        # MO-4: whoever has not accepted this version yet is offered to, then sent back.
        if request.user.guidelines_version_accepted < version.number:
            context.update(guidelines_to_accept=True, guidelines_next=safe_next(request))
    return render(request, "pages/page_detail.html", context)
