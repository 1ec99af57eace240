import pytest
from django.urls import reverse
from django.utils import translation

from collegium.accounts.tests.factories import UserFactory
from collegium.core.testing import assert_flat_query_count
from collegium.pages.choices import PageSlug
from collegium.pages.models import Page
from collegium.pages.services import page_version_publish

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["pages:landing", "pages:help", "pages:guidelines", "pages:privacy"]


@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_public_pages_are_open_to_everyone_in_both_languages(client, url_name, language):
    with translation.override(language):
        url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()


@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_public_pages_are_open_to_signed_in_people(client, physician, url_name):
    client.force_login(physician)
    assert client.get(reverse(url_name)).status_code == 200


def test_french_urls_are_in_french():
    with translation.override("fr"):
        assert reverse("pages:help") == "/fr/aide/"
        assert reverse("pages:guidelines") == "/fr/lignes-directrices/"
        assert reverse("pages:privacy") == "/fr/confidentialite/"


def test_a_page_shows_its_current_version_in_the_readers_language(client, staff_user):
    page = Page.objects.get(slug=PageSlug.PRIVACY)
    page_version_publish(
        page=page, actor=staff_user, title_en="Our privacy", title_fr="Notre confidentialité",
        body_en="English text.", body_fr="Texte français.",
    )  # fmt: skip

    english = client.get("/en/privacy/").content.decode()
    french = client.get("/fr/confidentialite/").content.decode()

    assert "Our privacy" in english and "English text." in english
    assert "Notre confidentialité" in french and "Texte français." in french
    assert "Version 2" in english


def test_a_missing_page_answers_404(client):
    Page.objects.filter(slug=PageSlug.PRIVACY).update(current_version=None)
    assert client.get("/en/privacy/").status_code == 404


@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_public_pages_make_the_same_queries_whatever_the_data(client, url_name):
    url = reverse(url_name)
    signed_in = UserFactory()
    client.force_login(signed_in)

    def grow() -> None:
        UserFactory.create_batch(5)
        page = Page.objects.get(slug=PageSlug.HELP)
        for number in range(3):
            page_version_publish(
                page=page, actor=signed_in, title_en=f"Help {number}", title_fr=f"Aide {number}",
                body_en="Text", body_fr="Texte",
            )  # fmt: skip

    assert_flat_query_count(lambda: client.get(url), grow)


@pytest.mark.parametrize("url", ["/en/", "/fr/aide/"])
def test_an_anonymous_reader_costs_one_query_per_public_page(client, url):
    from collegium.core.testing import assert_num_queries

    client.get(url)  # warm per-process caches (content types, translations)
    with assert_num_queries(1):
        assert client.get(url).status_code == 200
