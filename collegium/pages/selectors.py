"""Reads of the public pages."""

from django.http import Http404

from collegium.pages.models import Page, PageVersion


def page_current_version(*, slug: str) -> PageVersion:
    """The text a reader sees now, in one query; public pages are visible to everyone (SPEC §0)."""
    page = Page.objects.select_related("current_version").filter(slug=slug).first()
    if page is None or page.current_version is None:
        raise Http404
    return page.current_version


GUIDELINES_VERSION_CACHE_KEY = "pages:guidelines-version"


def guidelines_version_current() -> int:
    """The number of the community guidelines now in force (MO-4), cached: every check of
    whether someone may write reads it."""
    from django.core.cache import cache

    number = cache.get(GUIDELINES_VERSION_CACHE_KEY)
    if number is None:
        number = guidelines_version_in_force()
        cache.set(GUIDELINES_VERSION_CACHE_KEY, number, timeout=300)
    return int(number)


def guidelines_version_in_force() -> int:
    """The same number read from the database: what a person accepts must be what is in
    force, never a cached number."""
    from collegium.pages.choices import PageSlug

    number = (
        Page.objects.filter(slug=PageSlug.GUIDELINES)
        .values_list("current_version__number", flat=True)
        .first()
    )
    return int(number or 0)
