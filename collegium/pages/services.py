"""Writes to the public pages."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from collegium.accounts.models import User
from collegium.core.context_processors import organisation_name
from collegium.core.markdown import render_markdown
from collegium.pages.choices import PageSlug
from collegium.pages.models import Page, PageVersion
from collegium.pages.selectors import GUIDELINES_VERSION_CACHE_KEY

CONSENT_VERSIONS_CACHE_KEY = "accounts:consent-versions"
CONTENT_DIR = Path(__file__).resolve().parent / "content"


def _placeholders(language: str) -> dict[str, str]:
    """Values for the ``{name}`` placeholders of the shipped texts, in one language."""
    site = settings.COLLEGIUM
    with translation.override(language):
        return {
            "organisation": organisation_name(language),
            "site_name": site["SITE_NAME"],
            "contact_email": site["CONTACT_EMAIL"],
            "report_email": site["REPORT_EMAIL"],
            "member_id_label": site[f"MEMBER_ID_LABEL_{language.upper()}"],
            "help_url": reverse("pages:help"),
            "guidelines_url": reverse("pages:guidelines"),
            "privacy_url": reverse("pages:privacy"),
            "terms_url": reverse("pages:terms"),
        }


def default_text(slug: str, language: str) -> tuple[str, str]:
    """The shipped title and Markdown body of a page, placeholders filled in."""
    raw = (CONTENT_DIR / f"{slug}.{language}.md").read_text(encoding="utf-8")
    values = defaultdict(str, _placeholders(language))
    heading, _, body = raw.format_map(values).partition("\n")
    return heading.removeprefix("# ").strip(), body.strip() + "\n"


def page_version_publish(
    *,
    page: Page,
    actor: User | None,
    title_en: str,
    title_fr: str,
    body_en: str,
    body_fr: str,
    note: str = "",
    using: str = "default",
) -> PageVersion:
    """Publish a new text for a page; the earlier versions stay on record."""
    with transaction.atomic(using=using):
        return _publish(page, actor, title_en, title_fr, body_en, body_fr, note, using)


def _publish(
    page: Page,
    actor: User | None,
    title_en: str,
    title_fr: str,
    body_en: str,
    body_fr: str,
    note: str,
    using: str,
) -> PageVersion:
    # Lock the page so two editors publishing at once cannot take the same number.
    Page.objects.using(using).select_for_update().filter(pk=page.pk).first()
    latest = page.versions.using(using).aggregate(latest=Max("number"))["latest"] or 0
    version = PageVersion(
        page=page,
        number=latest + 1,
        title_en=title_en,
        title_fr=title_fr,
        body_en=body_en,
        body_fr=body_fr,
        body_html_en=render_markdown(body_en),
        body_html_fr=render_markdown(body_fr),
        note=note,
        created_by=actor,
    )
    version.full_clean(exclude=["page"])
    version.save(using=using)
    page.current_version = version
    page.save(using=using, update_fields=["current_version"])
    # A new terms or privacy version asks everyone to accept it again (ID-6).
    transaction.on_commit(
        lambda: cache.delete_many([CONSENT_VERSIONS_CACHE_KEY, GUIDELINES_VERSION_CACHE_KEY]),
        using=using,
    )
    return version


def page_install_defaults(*, using: str = "default") -> list[Page]:
    """Create the pages that do not exist yet, with the shipped texts; never touch others."""
    existing = set(Page.objects.using(using).values_list("slug", flat=True))
    installed = []
    for slug in PageSlug.values:
        if slug in existing:
            continue
        with transaction.atomic(using=using):
            page = Page(slug=slug)
            page.save(using=using)
            title_en, body_en = default_text(slug, "en")
            title_fr, body_fr = default_text(slug, "fr")
            page_version_publish(
                page=page,
                actor=None,
                title_en=title_en,
                title_fr=title_fr,
                body_en=body_en,
                body_fr=body_fr,
                note="Installed with the platform.",
                using=using,
            )
        installed.append(page)
    return installed
