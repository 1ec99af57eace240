"""Resource libraries (SPEC CT-3) in both languages, with axe on every page.

Labels are looked up through Django's catalogue at test time, so the French journeys follow the
interface whatever its current wording.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from collegium.accounts.models import User
from collegium.communities.choices import DirectoryVisibility
from collegium.communities.models import Community
from collegium.core import sample_media
from collegium.resources import services as resource_services
from collegium.resources.choices import PreviewStatus
from collegium.resources.models import Resource, ResourceComment
from e2e.journeys import bilingual_community, sign_in, verified_person
from e2e.journeys import press as _press
from e2e.journeys import translated as _
from e2e.journeys import url_in as _url

LANGUAGES = ["en", "fr"]
LOCALES = {"en": "en-CA", "fr": "fr-CA"}


def _community(slug: str, *people: User, leader: User, **fields) -> Community:
    return bilingual_community(
        slug,
        *people,
        leader=leader,
        name_en=f"Rural practice {slug}",
        name_fr=f"Pratique rurale {slug}",
        description_en="Guides and tools for rural practice.",
        description_fr="Guides et outils pour la pratique en région.",
        **fields,
    )


def _expect_404(page, page_watch, a11y, url: str) -> None:
    errors_before = len(page_watch.console_errors)
    response = page.goto(url)
    a11y(page)
    assert response is not None and response.status == 404
    # Chromium logs the refused page itself on the console: that one error is the point here.
    assert page_watch.console_errors[errors_before:] == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    del page_watch.console_errors[errors_before:]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_participant_uploads_a_pdf_another_downloads_and_comments_an_outsider_gets_404(
    open_page, page_watch, a11y, transactional_db, tmp_path, settings, language
):
    settings.MEDIA_ROOT = tmp_path / "media"
    uploader = verified_person(language, "uploader@example.org", "dr-uploader", "5000001")
    reader = verified_person(language, "reader@example.org", "dr-reader", "5000002")
    leader = verified_person(language, "leader@example.org", "dr-leader", "5000003")
    outsider = verified_person(language, "outsider@example.org", "dr-outsider", "5000004")
    community = _community(
        "rural-practice",
        uploader,
        reader,
        leader=leader,
        participants_may_upload=True,
        visibility=DirectoryVisibility.HIDDEN,
    )
    resource_services.collection_create(actor=leader, community=community, title="Guides")
    pdf = tmp_path / "Evening call guide.pdf"
    pdf.write_bytes(
        sample_media.pdf_document(
            "Evening call guide", ["Who covers the evening call in each town.", "Été 2026."]
        )
    )

    # A participant adds a PDF to the library, with a plain multipart form.
    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, uploader.email, language=language)
    page.goto(_url(language, "resources:library", slug=community.slug))
    a11y(page)
    _press(page, page.get_by_role("link", name=_(language, "Add a resource")))
    a11y(page)
    page.get_by_label(_(language, "Collection")).select_option(label="Guides")
    page.get_by_label(_(language, "Title")).fill("Evening call guide")
    page.get_by_label(_(language, "Description")).fill("Who covers the *evening* call.")
    page.get_by_label(_(language, "Language of the resource")).select_option(language)
    page.get_by_label(_(language, "Tags")).fill("call, rural")
    # "File (optional)": a link needs none; "A file (…)" is the choice above it.
    file_label = re.compile("^" + re.escape(_(language, "File", context="form field")))
    page.get_by_label(file_label).set_input_files(str(pdf))
    _press(page, page.get_by_role("button", name=_(language, "Add to the library")))
    a11y(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Evening call guide")
    with translation.override(language):
        added = gettext("“%(title)s” is added to the library.") % {"title": "Evening call guide"}
    expect(page.get_by_text(added)).to_be_visible()
    resource = Resource.objects.get()
    assert resource.added_by == uploader and resource.content_type == "application/pdf"
    assert resource.preview_status == PreviewStatus.READY
    with translation.override(language):
        first_page = gettext("First page of %(title)s") % {"title": "Evening call guide"}
    expect(page.get_by_role("img", name=first_page)).to_be_visible()
    page.close()

    # Another participant finds it, downloads it and comments.
    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, reader.email, language=language)
    page.goto(_url(language, "resources:library", slug=community.slug))
    a11y(page)
    _press(page, page.get_by_role("link", name="Evening call guide"))
    a11y(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=_(language, "Download")).click()
    assert download.value.suggested_filename == "Evening call guide.pdf"
    assert download.value.path().read_bytes() == pdf.read_bytes()
    resource.refresh_from_db()
    assert resource.download_count == 1
    page.get_by_label(_(language, "Your comment", context="form field")).fill(
        "Thank you: we will use it from **July**."
    )
    _press(page, page.get_by_role("button", name=_(language, "Post the comment")))
    a11y(page)
    comment = ResourceComment.objects.get()
    expect(page.locator(f"#{comment.anchor}")).to_contain_text("we will use it from July")
    expect(page.locator("#comments-title")).to_contain_text("1")
    page.close()

    # Someone outside the private community: 404 on the page and on the file.
    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, outsider.email, language=language)
    with translation.override(language):
        page_url, file_url = resource.get_absolute_url(), resource.file_url
    _expect_404(page, page_watch, a11y, page_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(_(language, "Page not found"))
    expect(page.locator("body")).not_to_contain_text("Evening call guide")
    file_response = page.request.get(file_url)
    assert file_response.status == 404
    assert not file_response.body().startswith(b"%PDF")
    page.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_a_library_passes_axe(
    open_page, a11y, transactional_db, tmp_path, settings, language
):
    settings.MEDIA_ROOT = tmp_path / "media"
    leader = verified_person(language, "leader@example.org", "dr-leader", "5000003")
    community = _community("library-pages", leader=leader, participants_may_upload=True)
    guides = resource_services.collection_create(
        actor=leader, community=community, title="Guides", description="Checklists."
    )
    videos = resource_services.collection_create(
        actor=leader, community=community, title="Videos", parent=guides
    )

    def add(collection, data: bytes, name: str):
        return resource_services.resource_add_file(
            actor=leader,
            collection=collection,
            upload=SimpleUploadedFile(name, data),
            description="Read *this* first.",
            tags="call, rural",
        )

    items = [
        add(guides, sample_media.pdf_document("Guide", ["Première page."]), "guide.pdf"),
        add(guides, sample_media.png_image(label="Poster"), "poster.png"),
        add(guides, sample_media.docx_document(["Procès-verbal"]), "minutes.docx"),
        add(videos, sample_media.webm_video(seconds=1.0), "talk.webm"),
        add(videos, sample_media.wav_audio(seconds=0.5), "tone.wav"),
        resource_services.resource_add_link(
            actor=leader, collection=guides, url="https://example.org/guide", title="Guide"
        ),
    ]
    resource_services.resource_comment_add(actor=leader, resource=items[0], body="*Useful*")
    slug = community.slug
    with translation.override(language):
        add_url = reverse("resources:resource_add", args=[slug])
        urls = [
            reverse("resources:library", args=[slug]),
            guides.get_absolute_url(),
            videos.get_absolute_url(),
            *(item.get_absolute_url() for item in items),
            add_url,
            reverse("resources:resource_edit", args=[slug, items[0].pk]),
            reverse("resources:resource_delete", args=[slug, items[0].pk]),
            reverse("resources:collection_create", args=[slug]),
            reverse("resources:collection_edit", args=[slug, guides.slug]),
            reverse("resources:collection_delete", args=[slug, guides.slug]),
        ]

    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, leader.email, language=language)
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        a11y(page)
    # A refused upload shows its reason next to the file field, and the page still passes.
    page.goto(add_url)
    a11y(page)
    page.get_by_label(_(language, "Title")).fill("Not a PDF")
    file_label = re.compile("^" + re.escape(_(language, "File", context="form field")))
    page.get_by_label(file_label).set_input_files(
        files=[{"name": "report.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" * 20}]
    )
    _press(page, page.get_by_role("button", name=_(language, "Add to the library")))
    a11y(page)
    expect(page.locator("#id_file_error")).to_be_visible()
    expect(page.get_by_label(_(language, "Title"))).to_have_value("Not a PDF")
    page.close()
