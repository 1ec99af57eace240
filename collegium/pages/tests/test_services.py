import pytest

from collegium.pages.choices import PageSlug
from collegium.pages.models import Page, PageVersion
from collegium.pages.services import page_install_defaults, page_version_publish

pytestmark = pytest.mark.django_db


def test_every_public_page_exists_after_migrate_in_both_languages():
    pages = {page.slug: page for page in Page.objects.select_related("current_version")}
    assert set(pages) == set(PageSlug.values)
    for page in pages.values():
        version = page.current_version
        assert version.number == 1
        assert version.title_en and version.title_fr
        assert version.body_html_en.strip() and version.body_html_fr.strip()


def test_installed_texts_have_every_placeholder_filled_in(settings):
    for version in PageVersion.objects.all():
        for text in (version.body_en, version.body_fr, version.title_en, version.title_fr):
            assert "{" not in text and "}" not in text


def test_installing_defaults_again_keeps_edited_pages_untouched(staff_user):
    page = Page.objects.get(slug=PageSlug.PRIVACY)
    page_version_publish(
        page=page, actor=staff_user, title_en="Privacy", title_fr="Confidentialité",
        body_en="Edited.", body_fr="Modifié.", note="Clarified",
    )  # fmt: skip

    assert page_install_defaults() == []

    page.refresh_from_db()
    assert page.current_version.body_en == "Edited."


def test_publishing_a_version_numbers_it_and_keeps_the_earlier_ones(staff_user):
    page = Page.objects.get(slug=PageSlug.GUIDELINES)

    version = page_version_publish(
        page=page, actor=staff_user, title_en="Guidelines", title_fr="Lignes directrices",
        body_en="Be kind.", body_fr="Soyez bienveillants.", note="Shorter",
    )  # fmt: skip

    page.refresh_from_db()
    assert version.number == 2
    assert page.current_version == version
    assert list(page.versions.values_list("number", flat=True)) == [2, 1]
    assert version.created_by == staff_user


def test_published_markdown_is_rendered_and_script_is_removed(staff_user):
    page = Page.objects.get(slug=PageSlug.HELP)

    version = page_version_publish(
        page=page, actor=staff_user, title_en="Help", title_fr="Aide",
        body_en="**Bold** <script>alert(1)</script> [x](javascript:alert(1))",
        body_fr="## Titre\n\n[lien](https://example.org)",
    )  # fmt: skip

    assert "<strong>Bold</strong>" in version.body_html_en
    assert "<script" not in version.body_html_en
    assert 'href="javascript' not in version.body_html_en
    assert 'rel="nofollow ugc noopener"' in version.body_html_fr
    assert "<h2>Titre</h2>" in version.body_html_fr


def test_a_version_without_french_is_refused(staff_user):
    from django.core.exceptions import ValidationError

    page = Page.objects.get(slug=PageSlug.HELP)
    with pytest.raises(ValidationError) as error:
        page_version_publish(
            page=page, actor=staff_user, title_en="Help", title_fr="",
            body_en="Text", body_fr="",
        )  # fmt: skip
    assert "title_fr" in error.value.message_dict
    page.refresh_from_db()
    assert page.current_version.number == 1
