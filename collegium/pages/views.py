"""The public pages: readable by everyone, in the reader's language."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from collegium.pages.choices import PageSlug
from collegium.pages.selectors import page_current_version


def landing(request: HttpRequest) -> HttpResponse:
    version = page_current_version(slug=PageSlug.LANDING)
    return render(request, "pages/landing.html", {"version": version})


def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    version = page_current_version(slug=slug)
    return render(request, "pages/page_detail.html", {"version": version, "slug": slug})
