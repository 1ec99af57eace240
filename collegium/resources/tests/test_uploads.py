"""Every bad input of CT-3, end to end through the upload page: a clear message next to the file
field, what was typed kept, no row, and no file left in storage."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from PIL import Image

from collegium.core import sample_media, uploads
from collegium.editor.tests import files
from collegium.resources.models import Resource
from collegium.resources.tests.factories import make_file, pdf_bytes, upload

BOUNDARY = "CollegiumTestBoundary"


def _url(community):
    return reverse("resources:resource_add", args=[community.slug])


def _fields(collection, **extra):
    return {
        "collection": str(collection.pk),
        "kind": "file",
        "title": "Typed title",
        "description": "Typed *description*",
        "language": "en",
        "tags": "typed, tags",
        "url": "",
        **extra,
    }


def _post(client, collection, data: bytes, name: str, content_type="application/pdf", **extra):
    fields = _fields(collection, **extra)
    fields["file"] = upload(data, name, content_type)
    return client.post(_url(collection.community), fields)


def _stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def _file_errors(response) -> list[str]:
    html = response.content.decode()
    block = re.search(r'<ul class="field__errors" id="id_file_error">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", block.group(1)) if block else []


def _assert_refused(response, media, message: str) -> None:
    assert response.status_code == 200
    errors = _file_errors(response)
    assert errors and message in " ".join(errors), errors
    html = response.content.decode()
    # What was typed is still in the form.
    assert 'value="Typed title"' in html
    assert "Typed *description*" in html
    assert 'value="typed, tags"' in html
    assert "choose the file again" in html
    assert not Resource.objects.exists()
    assert _stored_files(media) == []


@pytest.fixture
def signed_in(client, uploader):
    client.force_login(uploader)
    return client


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "report.pdf",
         "application/pdf"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "talk.mp4", "video/mp4"),
        (b"<html><body><script>alert(document.cookie)</script></body></html>", "photo.png",
         "image/png"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script>'
         b"</svg>", "logo.jpg", "image/jpeg"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "logo.svg",
         "image/svg+xml"),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>\n" + files.pdf_bytes(),
         "guide.pdf", "application/pdf"),
    ],
    ids=["program renamed pdf", "program renamed mp4", "html disguised as png",
         "svg with script disguised as jpg", "svg", "html with a pdf appended (polyglot)"],
)  # fmt: skip
def test_what_is_not_an_allowed_type_is_refused_next_to_the_file(
    signed_in, collection, media, data, name, content_type
):
    response = _post(signed_in, collection, data, name, content_type)

    _assert_refused(response, media, "This type of file is not accepted here")


def test_an_image_polyglot_is_kept_only_as_its_re_encoded_pixels(signed_in, collection, media):
    image = io.BytesIO()
    Image.new("RGB", (60, 40), (10, 120, 200)).save(image, format="PNG")
    polyglot = image.getvalue() + b"<html><script>alert(1)</script></html>PK\x03\x04"

    response = _post(signed_in, collection, polyglot, "chart.png", "image/png")

    resource = Resource.objects.get()
    assert response.status_code == 302
    stored = resource.file.read()
    assert stored.startswith(b"RIFF") and b"<script>" not in stored and b"PK" not in stored
    assert resource.content_type == "image/webp" and resource.original_name == "chart.webp"


def test_a_zip_bomb_is_refused(signed_in, collection, media):
    bomb = files.office_bytes(uploads.DOCX, members=[("word/media/pad.xml", b" " * 5_000_000)])

    response = _post(signed_in, collection, bomb, "minutes.docx")

    _assert_refused(response, media, "holds too much data")


def test_an_image_bomb_is_refused(signed_in, collection, media):
    response = _post(signed_in, collection, files.bomb_png(20_000, 20_000), "bomb.png")

    _assert_refused(response, media, "too large to process")


def test_an_empty_file_is_refused(signed_in, collection, media):
    response = _post(signed_in, collection, b"", "empty.pdf")

    _assert_refused(response, media, "This file is empty.")


@pytest.fixture
def small_limits(settings):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "UPLOAD_MAX_BYTES": 2_000, "VIDEO_MAX_BYTES": 4_000}


def test_an_over_size_file_is_refused_with_its_limit(signed_in, collection, media, small_limits):
    document = pdf_bytes(paragraphs=["A long paragraph about call schedules."] * 60, pages=3)
    assert len(document) > 2_000

    response = _post(signed_in, collection, document, "long.pdf")

    _assert_refused(response, media, "larger than")


def test_a_video_may_be_larger_than_a_document(signed_in, collection, media, small_limits):
    video = sample_media.webm_video(seconds=0.5, fps=4)
    assert 2_000 < len(video) < 4_000

    response = _post(signed_in, collection, video, "talk.webm", "video/webm")

    assert response.status_code == 302
    assert Resource.objects.get().file_kind == "video"


def test_a_file_is_stopped_while_it_arrives_once_over_its_kinds_limit(
    signed_in, collection, media, small_limits
):
    # A few kilobytes over the limit: the handler drops it chunk by chunk (no other error).
    document = pdf_bytes(paragraphs=["Paragraph."] * 80, pages=6)

    response = _post(signed_in, collection, document, "long.pdf")

    _assert_refused(response, media, "larger than")
    assert len(_file_errors(response)) == 1


def test_an_over_size_upload_is_refused_from_its_declared_length(
    signed_in, collection, media, small_limits
):
    # Far over every limit, with the form overhead: refused as soon as the request starts.
    response = _post(signed_in, collection, b"%PDF-1.4\n" + b"0" * 400_000, "huge.pdf")

    _assert_refused(response, media, "larger than")


def _multipart(fields: dict[str, str], file_name: str, file_data: bytes) -> bytes:
    body = b""
    for name, value in fields.items():
        body += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        ).encode()
    body += (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"'
        "\r\nContent-Type: application/pdf\r\n\r\n"
    ).encode()
    return body + file_data


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (pdf_bytes(paragraphs=["Text of the guide."] * 30, pages=3), "guide.pdf"),
        (sample_media.webm_video(seconds=1.0, fps=4), "talk.webm"),
        (sample_media.docx_document(["Procès-verbal de la réunion."] * 60), "minutes.docx"),
    ],
    ids=["pdf", "webm", "docx"],
)
def test_an_interrupted_upload_is_refused_as_incomplete(signed_in, collection, media, data, name):
    # The connection dropped in the middle of the file: no closing boundary, half the bytes.
    body = _multipart(_fields(collection), name, data[: len(data) // 2])

    response = signed_in.generic(
        "POST",
        _url(collection.community),
        body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )

    errors = " ".join(_file_errors(response))
    assert "incomplete" in errors or "damaged" in errors, errors
    assert not Resource.objects.exists()
    assert _stored_files(media) == []


def test_two_files_with_the_same_name_are_both_kept_and_the_page_says_so(
    signed_in, collection, uploader, media
):
    first = make_file(collection, uploader, data=pdf_bytes("First"), name="guide.pdf")

    response = _post(signed_in, collection, pdf_bytes("Second"), "guide.pdf", title="")
    page = signed_in.get(response["Location"])

    second = Resource.objects.exclude(pk=first.pk).get()
    assert second.title == "guide (2)"
    assert "already had a resource called “guide”" in page.content.decode()
    assert "yours is called “guide (2)”" in page.content.decode()
    assert len(_stored_files(media)) == 2


def test_a_file_is_added_from_a_plain_form(signed_in, collection, media):
    response = _post(
        signed_in, collection, pdf_bytes(), "Call schedules.pdf", title="Call schedules"
    )

    resource = Resource.objects.get()
    assert response.status_code == 302 and response["Location"] == resource.get_absolute_url()
    assert resource.title == "Call schedules"
    assert sorted(tag.name for tag in resource.tags.all()) == ["tags", "typed"]
    assert len(_stored_files(media)) == 1


def test_a_file_must_be_chosen(signed_in, collection):
    response = signed_in.post(_url(collection.community), _fields(collection))

    assert _file_errors(response) == ["Choose a file."]
    assert not Resource.objects.exists()


def test_a_link_is_added_without_a_file(signed_in, collection):
    response = signed_in.post(
        _url(collection.community),
        _fields(collection, kind="link", url="https://example.org/guide", title="Guide"),
    )

    assert response.status_code == 302
    assert Resource.objects.get().url == "https://example.org/guide"


def test_a_javascript_link_is_refused_next_to_the_address(signed_in, collection):
    response = signed_in.post(
        _url(collection.community),
        _fields(collection, kind="link", url="javascript:alert(1)", title="Guide"),
    )

    html = response.content.decode()
    assert re.search(r'id="id_url_error"><li>Only web addresses starting with https://', html)
    assert 'value="javascript:alert(1)"' in html
    assert not Resource.objects.exists()
