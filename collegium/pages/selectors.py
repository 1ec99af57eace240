"""Reads of the public pages."""

from django.http import Http404

from collegium.pages.models import Page, PageVersion


def page_current_version(*, slug: str) -> PageVersion:
    """The text a reader sees now, in one query; public pages are visible to everyone (SPEC §0)."""
    page = Page.objects.select_related("current_version").filter(slug=slug).first()
    if page is None or page.current_version is None:
        raise Http404
    return page.current_version
