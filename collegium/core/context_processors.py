"""Template context shared by every page."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

THEMES = ("light", "dark")


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
        "organisation_name": settings.COLLEGIUM["ORGANISATION_NAME"],
        "contact_email": settings.COLLEGIUM["CONTACT_EMAIL"],
        "report_email": settings.COLLEGIUM["REPORT_EMAIL"],
        "language_alternates": alternates,
        "theme": theme if theme in THEMES else "",
    }
