"""Drafts keep what people type; attachments are what their content says, or refused (CT-4)."""

import io

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from collegium.communities.choices import CommunityStatus
from collegium.communities.models import Community
from collegium.core.uploads import DOCX, PDF, PPTX, XLSX
from collegium.editor import services
from collegium.editor.models import Attachment, Draft
from collegium.editor.tests import files

pytestmark = pytest.mark.django_db


# Drafts --------------------------------------------------------------------------------------


def test_saving_a_draft_twice_keeps_one_draft_with_the_latest_text(participant):
    services.draft_save(user=participant, key="forums:reply:1", body="First", title="T")
    draft = services.draft_save(user=participant, key="forums:reply:1", body="Second")

    assert Draft.objects.count() == 1
    assert (draft.body, draft.title) == ("Second", "")


def test_drafts_are_per_person_and_per_form(participant, outsider):
    services.draft_save(user=participant, key="forums:reply:1", body="Mine")
    services.draft_save(user=participant, key="forums:reply:2", body="Other thread")
    services.draft_save(user=outsider, key="forums:reply:1", body="Theirs")

    assert Draft.objects.count() == 3


@pytest.mark.parametrize("key", ["", "x" * 121, "forums reply", "<script>", "forums:reply:1\n"])
def test_a_draft_needs_a_sensible_form_key(participant, key):
    with pytest.raises(ValidationError) as caught:
        services.draft_save(user=participant, key=key, body="Text")

    assert caught.value.code == "key"
    assert not Draft.objects.exists()


def test_a_draft_longer_than_the_cap_is_refused_with_a_reason(participant):
    with pytest.raises(ValidationError) as caught:
        services.draft_save(
            user=participant, key="k", body="x" * (services.DRAFT_BODY_MAX_LENGTH + 1)
        )

    assert caught.value.code == "too_long"
    assert "100" in caught.value.messages[0]


def test_a_draft_at_the_cap_is_kept(participant):
    body = "x" * services.DRAFT_BODY_MAX_LENGTH

    assert services.draft_save(user=participant, key="k", body=body).body == body


def test_discarding_a_draft_forgets_it_and_discarding_nothing_is_fine(participant):
    services.draft_save(user=participant, key="k", body="Text")

    services.draft_discard(user=participant, key="k")
    services.draft_discard(user=participant, key="k")

    assert not Draft.objects.exists()


def test_text_sent_after_the_session_expired_becomes_the_draft_after_signing_in(participant):
    session = SessionStore()
    services.draft_keep_for_sign_in(
        session=session, key="forums:reply:7", body="Kept text", title="A title"
    )
    services.draft_save(user=participant, key="forums:reply:7", body="Older draft")

    draft = services.draft_adopt_kept(session=session, user=participant, key="forums:reply:7")

    assert (draft.body, draft.title) == ("Kept text", "A title")
    assert Draft.objects.get(user=participant, key="forums:reply:7").body == "Kept text"
    assert (
        services.draft_adopt_kept(session=session, user=participant, key="forums:reply:7") is None
    )


def test_kept_text_survives_the_session_key_changing_at_sign_in(participant, client):
    session = client.session
    services.draft_keep_for_sign_in(session=session, key="forums:reply:7", body="Kept")
    session.save()

    client.force_login(participant)  # cycles the session key, keeping its data

    assert client.session[services.KEPT_SESSION_KEY]["forums:reply:7"]["body"] == "Kept"


def test_adopting_only_takes_the_text_of_its_own_form(participant):
    session = SessionStore()
    services.draft_keep_for_sign_in(session=session, key="a", body="For A")
    services.draft_keep_for_sign_in(session=session, key="b", body="For B")

    assert services.draft_adopt_kept(session=session, user=participant, key="c") is None
    assert services.draft_adopt_kept(session=session, user=participant, key="a").body == "For A"
    assert list(session[services.KEPT_SESSION_KEY]) == ["b"]


def test_a_session_keeps_the_texts_of_a_few_forms_only():
    session = SessionStore()
    for number in range(services.KEPT_MAX_FORMS + 3):
        services.draft_keep_for_sign_in(session=session, key=f"form:{number}", body="Text")

    kept = session[services.KEPT_SESSION_KEY]
    assert len(kept) == services.KEPT_MAX_FORMS
    assert "form:0" not in kept


def test_keeping_text_over_a_sign_in_is_capped_like_a_draft():
    with pytest.raises(ValidationError):
        services.draft_keep_for_sign_in(
            session=SessionStore(), key="k", body="x" * (services.DRAFT_BODY_MAX_LENGTH + 1)
        )


# Attachments: what is accepted ---------------------------------------------------------------


def stored_files(media_root):
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def attach(participant, community, upload):
    return services.attachment_upload(actor=participant, community=community, upload=upload)


@pytest.mark.parametrize(
    ("image_format", "name", "params"),
    [
        ("PNG", "diagram.png", {}),
        ("JPEG", "photo.jpg", {"quality": 90}),
        ("GIF", "animation.gif", {}),
        ("WEBP", "picture.webp", {}),
    ],
)
def test_images_are_accepted_and_re_encoded_as_webp(
    participant, community, media_root, image_format, name, params
):
    data = files.image_bytes(image_format, **params)

    attachment = attach(participant, community, files.upload(data, name, "text/html"))

    assert attachment.is_image
    assert attachment.content_type == "image/webp"
    assert attachment.extension == ".webp"
    assert attachment.original_name == name.rsplit(".", 1)[0] + ".webp"
    with attachment.file.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert image.format == "WEBP"
        assert image.size == (64, 48)
    assert attachment.size == attachment.file.size
    assert len(stored_files(media_root)) == 1


def test_an_image_loses_its_metadata_and_trailing_data(participant, community):
    data = files.jpeg_with_gps() + b"<script>alert(1)</script>"

    attachment = attach(participant, community, files.upload(data, "holiday.jpg"))

    with attachment.file.open("rb") as stored:
        content = stored.read()
    assert b"PhoneMaker" not in content
    assert b"<script>" not in content
    assert not Image.open(io.BytesIO(content)).getexif()


def test_a_large_image_is_scaled_down_to_2000_pixels(participant, community):
    data = files.image_bytes("PNG", size=(4000, 1000))

    attachment = attach(participant, community, files.upload(data, "wide.png"))

    with attachment.file.open("rb") as stored:
        assert Image.open(io.BytesIO(stored.read())).size == (2000, 500)


@pytest.mark.parametrize(
    ("kind", "extension", "name"),
    [(DOCX, ".docx", "minutes.docx"), (XLSX, ".xlsx", "budget.xlsx"), (PPTX, ".pptx", "deck.pptx")],
)
def test_office_documents_are_accepted_as_they_are(participant, community, kind, extension, name):
    data = files.office_bytes(kind)

    attachment = attach(participant, community, files.upload(data, name, "application/zip"))

    assert (attachment.content_type, attachment.extension) == (kind, extension)
    assert attachment.original_name == name
    assert not attachment.is_image
    with attachment.file.open("rb") as stored:
        assert stored.read() == data


def test_a_pdf_is_accepted_as_it_is(participant, community):
    attachment = attach(participant, community, files.upload(files.pdf_bytes(), "Guide.pdf"))

    assert (attachment.content_type, attachment.extension) == (PDF, ".pdf")
    assert attachment.original_name == "Guide.pdf"


def test_a_pdf_with_a_script_after_it_is_still_a_pdf(participant, community):
    # It starts with %PDF- and is served as application/pdf with nosniff and a sandbox: a
    # browser never runs it as a page of ours (see collegium.core.uploads).
    data = files.pdf_bytes(b"<html><script>alert(1)</script></html>")

    attachment = attach(participant, community, files.upload(data, "report.pdf"))

    assert attachment.content_type == PDF


@pytest.mark.parametrize(
    ("data", "name", "content_type", "extension"),
    [
        (b"Notes from the meeting.\nSecond line.\n", "notes.txt", "text/plain", ".txt"),
        ("nom,âge\nÉlise,42\n".encode(), "data.csv", "text/csv", ".csv"),
        ("\ufeffWith a byte order mark".encode(), "bom.txt", "text/plain", ".txt"),
        (b"No extension at all", "README", "text/plain", ".txt"),
    ],
)
def test_utf8_text_is_accepted(participant, community, data, name, content_type, extension):
    attachment = attach(participant, community, files.upload(data, name))

    assert attachment.content_type.startswith(content_type)
    assert attachment.extension == extension
    assert attachment.original_name.endswith(extension)


def test_two_files_with_the_same_name_are_both_kept(participant, community, media_root):
    first = attach(participant, community, files.upload(files.pdf_bytes(), "same.pdf"))
    second = attach(participant, community, files.upload(files.pdf_bytes(b"2"), "same.pdf"))

    assert first.original_name == second.original_name == "same.pdf"
    assert first.file.name != second.file.name
    assert first.get_absolute_url() != second.get_absolute_url()
    assert len(stored_files(media_root)) == 2


def test_the_stored_name_is_random_and_never_the_uploaders(participant, community):
    attachment = attach(participant, community, files.upload(files.pdf_bytes(), "../../etc.pdf"))

    assert attachment.file.name == (
        f"attachments/{attachment.uuid.hex[:2]}/{attachment.uuid.hex}.pdf"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("C:\\Users\\me\\Desktop\\report.pdf", "report.pdf"),
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.pdf"),
        ("bad\x00name\x1f.pdf", "badname.pdf"),
        ("program.exe", "program.pdf"),
        ("Notes v2.1 final", "Notes v2.1 final.pdf"),
        ("   ", "file.pdf"),
        ("...pdf", "pdf.pdf"),
        ("Résumé été.PDF", "Résumé été.PDF"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_the_original_name_is_made_safe(participant, community, name, expected):
    attachment = attach(participant, community, files.upload(files.pdf_bytes(), name))

    assert attachment.original_name == expected


def test_the_address_is_language_neutral_and_names_the_file(participant, community):
    attachment = attach(
        participant, community, files.upload(files.pdf_bytes(), "My (final) plan.pdf")
    )

    assert attachment.get_absolute_url() == f"/files/{attachment.uuid}/My-final-plan.pdf"


# Attachments: what is refused ----------------------------------------------------------------


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<html><script>alert(1)</script></html>"


def refusal(participant, community, media_root, upload):
    with pytest.raises(ValidationError) as caught:
        attach(participant, community, upload)
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []
    return caught.value


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (EXE, "report.pdf", "not_allowed"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "notes.txt", "not_allowed"),
        (b"<html><body><script>alert(1)</script></body></html>", "photo.png", "not_allowed"),
        (b"<!DOCTYPE html><title>x</title>", "notes.txt", "not_allowed"),
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "logo.png",
            "not_allowed",
        ),
        (SVG, "a.txt", "not_allowed"),
        (HTML + b"\n" + files.pdf_bytes(), "guide.pdf", "not_allowed"),
        (b"#!/bin/sh\nrm -rf ~\n", "script.txt", "not_allowed"),
        (b"\xff\xfe" + "UTF-16 text".encode("utf-16-le"), "utf16.txt", "not_allowed"),
        (b"caf\xe9 in latin-1", "latin1.txt", "not_allowed"),
        (b"\x89PNG\r\n\x1a\n" + b"not really a png", "broken.png", "damaged"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 10, "broken.jpg", "damaged"),
        (b"GIF89a" + b"\x00" * 10, "broken.gif", "damaged"),
        (b"BM" + b"\x00" * 64, "bitmap.bmp", "not_allowed"),
    ],
    ids=[
        "exe renamed pdf", "elf renamed txt", "html renamed png", "html renamed txt",
        "svg renamed png", "svg renamed txt", "html pdf polyglot", "shell script", "utf-16",
        "latin-1", "broken png", "broken jpeg", "broken gif", "bmp",
    ],
)  # fmt: skip
def test_anything_that_is_not_an_accepted_type_is_refused(
    participant, community, media_root, data, name, code
):
    error = refusal(participant, community, media_root, files.upload(data, name, "image/png"))

    assert error.code == code
    assert error.messages[0]


def test_the_refusal_says_which_types_are_accepted(participant, community, media_root):
    error = refusal(participant, community, media_root, files.upload(b"MZ\x00\x00", "x.exe"))

    assert "PDF" in error.messages[0]
    assert "PNG" in error.messages[0]


@pytest.mark.parametrize(
    "members",
    [
        [("hello.txt", "Just an archive")],
        [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")],
        [("META-INF/MANIFEST.MF", "Main-Class: Evil"), ("Evil.class", "\xca\xfe")],
        [("[Content_Types].xml", files.content_types())],
    ],
    ids=["plain zip", "opendocument", "java archive", "package without a main part"],
)  # fmt: skip
def test_a_zip_that_is_not_a_word_excel_or_powerpoint_file_is_refused(
    participant, community, media_root, members
):
    data = files.zip_bytes(members)

    error = refusal(participant, community, media_root, files.upload(data, "minutes.docx"))

    assert error.code == "not_allowed"


def test_a_macro_enabled_document_is_refused(participant, community, media_root):
    data = files.office_bytes(
        DOCX,
        main_type="application/vnd.ms-word.document.macroEnabled.main+xml",
        members=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")],
    )

    error = refusal(participant, community, media_root, files.upload(data, "minutes.docx"))

    assert error.code == "macros"


def test_a_template_or_slide_show_is_not_a_document(participant, community, media_root):
    data = files.office_bytes(
        PPTX,
        main_type="application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    )

    error = refusal(participant, community, media_root, files.upload(data, "show.ppsx"))

    assert error.code == "not_allowed"


def test_a_zip_bomb_is_refused_from_its_declared_sizes(participant, community, media_root):
    data = files.office_bytes(DOCX, members=[("word/media/padding.xml", b" " * 5_000_000)])
    assert len(data) < 50_000

    error = refusal(participant, community, media_root, files.upload(data, "minutes.docx"))

    assert error.code == "unpacks_too_big"


def test_a_zip_whose_start_is_something_else_is_refused(participant, community, media_root):
    data = b"<html><script>alert(1)</script></html>" + files.office_bytes(DOCX)

    error = refusal(participant, community, media_root, files.upload(data, "minutes.docx"))

    assert error.code == "not_allowed"


def test_a_damaged_zip_is_refused(participant, community, media_root):
    data = files.office_bytes(DOCX)[:200]

    error = refusal(participant, community, media_root, files.upload(data, "minutes.docx"))

    assert error.code == "damaged"


@pytest.mark.parametrize(
    "data",
    [files.bomb_png(20_000, 20_000), files.bomb_gif(), files.bomb_webp()],
    ids=["png", "gif", "webp"],
)
def test_an_image_bomb_is_refused_before_its_pixels_are_decoded(
    participant, community, media_root, data
):
    error = refusal(participant, community, media_root, files.upload(data, "bomb.png"))

    assert error.code == "too_many_pixels"


def test_an_empty_file_is_refused(participant, community, media_root):
    error = refusal(participant, community, media_root, files.upload(b"", "empty.txt"))

    assert error.code == "empty"


def test_a_file_over_the_limit_is_refused_without_being_read(
    participant, community, media_root, settings
):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "ATTACHMENT_MAX_BYTES": 1000}
    upload = files.CountingUpload("big.pdf", files.pdf_bytes(padding=5000))

    error = refusal(participant, community, media_root, upload)

    assert error.code == "too_big"
    assert upload.bytes_read == 0


def test_a_file_lying_about_its_size_is_read_only_just_past_the_limit(
    participant, community, media_root, settings
):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "ATTACHMENT_MAX_BYTES": 1000}
    upload = files.CountingUpload("big.pdf", files.pdf_bytes(padding=50_000), declared_size=10)

    error = refusal(participant, community, media_root, upload)

    assert error.code == "too_big"
    assert upload.bytes_read == 1001


def test_the_limit_is_read_from_the_settings_when_uploading(
    participant, community, media_root, settings
):
    data = files.pdf_bytes(padding=2000)
    settings.COLLEGIUM = {**settings.COLLEGIUM, "ATTACHMENT_MAX_BYTES": len(data)}

    assert attach(participant, community, files.upload(data, "exact.pdf")).size == len(data)


def test_someone_who_may_not_write_in_the_community_cannot_attach(outsider, community, media_root):
    with pytest.raises(PermissionDenied) as caught:
        attach(outsider, community, files.upload(files.pdf_bytes(), "x.pdf"))

    assert "participants" in str(caught.value)
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []


def test_nobody_attaches_in_an_archived_community(participant, community, media_root):
    Community.objects.filter(pk=community.pk).update(status=CommunityStatus.ARCHIVED)
    community.refresh_from_db()

    with pytest.raises(PermissionDenied):
        attach(participant, community, files.upload(files.pdf_bytes(), "x.pdf"))


def test_a_failure_to_save_the_row_leaves_no_file_behind(
    participant, community, media_root, monkeypatch
):
    def broken_save(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Attachment, "save", broken_save)

    with pytest.raises(RuntimeError):
        attach(participant, community, files.upload(files.pdf_bytes(), "x.pdf"))

    assert stored_files(media_root) == []
