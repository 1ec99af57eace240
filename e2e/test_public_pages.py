"""Journeys through the public frame, in both languages, checked with axe on every page."""

import re

import pytest
from playwright.sync_api import expect

PUBLIC_PAGES = {
    "en": ["/en/", "/en/help/", "/en/guidelines/", "/en/privacy/"],
    "fr": ["/fr/", "/fr/aide/", "/fr/lignes-directrices/", "/fr/confidentialite/"],
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_public_page_reads_in_its_language_without_accessibility_violations(
    page, a11y, language
):
    for url in PUBLIC_PAGES[language]:
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        a11y(page)


def test_public_pages_pass_axe_in_the_dark_theme_too(open_page, a11y):
    page = open_page(color_scheme="dark", locale="fr-CA")
    for url in PUBLIC_PAGES["fr"]:
        page.goto(url)
        a11y(page)


def test_a_reader_switches_to_french_on_the_same_page_and_the_site_remembers(page, a11y):
    page.goto("/en/guidelines/")
    a11y(page)

    page.get_by_role("link", name="Français").click()

    expect(page).to_have_url(re.compile(r".*/fr/lignes-directrices/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    a11y(page)
    page.goto("/")
    expect(page).to_have_url(re.compile(r".*/fr/$"))
    a11y(page)


def test_the_home_page_opens_in_the_browsers_language(open_page, a11y):
    page = open_page(locale="fr-CA")
    page.goto("/")
    expect(page).to_have_url(re.compile(r".*/fr/$"))
    a11y(page)


def test_a_reader_chooses_the_dark_theme_and_keeps_it(page, a11y):
    page.goto("/en/help/")
    a11y(page)

    page.get_by_role("button", name="Dark").click()

    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.get_by_role("button", name="Dark")).to_have_attribute("aria-pressed", "true")
    expect(page).to_have_url(re.compile(r".*/en/help/$"))
    a11y(page)
    page.goto("/en/privacy/")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    a11y(page)


def test_a_keyboard_user_skips_straight_to_the_content(page, a11y):
    page.goto("/en/")
    a11y(page)

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize("url", PUBLIC_PAGES["en"] + ["/fr/aide/"])
def test_pages_fit_a_320_pixel_wide_phone(open_page, a11y, url):
    page = open_page(viewport={"width": 320, "height": 640})
    page.goto(url)
    a11y(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_a_person_signs_in_after_a_mistake_and_sees_their_username(page, a11y, django_user_model):
    from collegium.accounts.tests.factories import TEST_PASSWORD, UserFactory

    UserFactory(email="camille@example.org", username="dr-camille")
    page.goto("/en/help/")
    a11y(page)
    page.get_by_role("link", name="Sign in").click()
    a11y(page)

    page.get_by_label("Email").fill("camille@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign In", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("not correct")
    expect(page.get_by_label("Email")).to_have_value("camille@example.org")
    a11y(page)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()

    expect(page).to_have_url(re.compile(r".*/en/help/$"))
    expect(page.get_by_role("link", name=re.compile("^Signed in as"))).to_contain_text("dr-camille")
    a11y(page)
