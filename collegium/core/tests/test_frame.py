"""The site frame: languages, theme, security headers, no inline script or style."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_root_follows_the_accept_language_header(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_root_prefers_the_language_cookie_over_the_browser(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    assert response["Location"] == "/en/"


def test_reading_a_page_in_a_language_remembers_it_for_next_time(client):
    client.get("/fr/aide/", HTTP_ACCEPT_LANGUAGE="en")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/fr/"


def test_the_language_switch_links_to_the_same_page_in_the_other_language(client):
    english = client.get("/en/guidelines/").content.decode()
    french = client.get("/fr/lignes-directrices/").content.decode()

    assert 'href="/fr/lignes-directrices/" lang="fr" hreflang="fr">Français</a>' in english
    assert 'href="/en/guidelines/" lang="en" hreflang="en">English</a>' in french


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/en/", "/fr/aide/", "/en/guidelines/", "/en/sign-in/"])
def test_pages_have_no_inline_script_or_style(client, url):
    page = client.get(url).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline <script>"
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page), "inline style attribute"
    assert not re.search(r"\son[a-z]+=", page), "inline event handler"


def test_choosing_a_theme_remembers_it_and_returns_to_the_page(client):
    response = client.post("/theme", {"theme": "dark", "next": "/fr/aide/"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/aide/"
    page = client.get("/fr/aide/").content.decode()
    assert 'data-theme="dark"' in page
    assert 'value="dark" aria-pressed="true"' in page


def test_choosing_the_system_theme_forgets_the_choice(client):
    client.post("/theme", {"theme": "dark", "next": "/en/"})
    client.post("/theme", {"theme": "system", "next": "/en/"})
    assert "data-theme" not in client.get("/en/").content.decode()


def test_the_theme_form_never_redirects_to_another_site(client):
    response = client.post("/theme", {"theme": "light", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_theme_form_requires_a_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/theme", {"theme": "dark", "next": "/en/"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 403
    assert "Ce formulaire a expiré" in response.content.decode()
    assert "collegium_theme" not in response.cookies


def test_the_theme_form_refuses_get(client):
    assert client.get("/theme").status_code == 405


def test_an_unknown_page_answers_a_translated_404(client):
    response = client.get("/fr/nulle-part/")
    assert response.status_code == 404
    assert 'lang="fr"' in response.content.decode()
