"""Template context shared by every page."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

THEMES = ("light", "dark")


def organisation_name(language: str) -> str:
    """The association's name in a language (its French name is not a translation of ours)."""
    suffix = "FR" if language == "fr" else "EN"
    return str(settings.COLLEGIUM[f"ORGANISATION_NAME_{suffix}"])


def site(request: HttpRequest) -> dict[str, Any]:
    """Site identity, the other language's URL for the current page, and the chosen theme."""
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    alternates = [
        {"code": code, "url": translate_url(path, code), "is_current": code == current}
        for code, _name in settings.LANGUAGES
    ]
    theme = request.COOKIES.get("collegium_theme", "")
    return {
        "site_name": settings.COLLEGIUM["SITE_NAME"],
        "organisation_name": organisation_name(current),
        "contact_email": settings.COLLEGIUM["CONTACT_EMAIL"],
        "report_email": settings.COLLEGIUM["REPORT_EMAIL"],
        "member_id_label": settings.COLLEGIUM[f"MEMBER_ID_LABEL_{current[:2].upper()}"],
        "non_members_may_register": settings.COLLEGIUM["NON_MEMBERS_MAY_REGISTER"],
        "language_alternates": alternates,
        "theme": theme if theme in THEMES else "",
        # NO-1: how often an open page asks for the unread count (the header's bell).
        "notification_poll_seconds": settings.COLLEGIUM["NOTIFICATION_POLL_SECONDS"],
    }
