"""The upload corpus: what each kind of file is recognised by, and what is refused (CT-3, CT-4).

The editor's own tests (collegium/editor/tests/test_services.py) cover attachments end to end;
these cover the inspection itself for every kind a resource library accepts, from files made
here (collegium.core.sample_media and the helpers below), none committed to the repository.
"""

from __future__ import annotations

import io
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from collegium.core import sample_media, uploads
from collegium.core.uploads import Kind, UploadRejected
from collegium.editor.tests import files


def upload(data: bytes, name: str = "file.bin") -> SimpleUploadedFile:
    # The browser's claim is deliberately wrong: it must not matter.
    return SimpleUploadedFile(name, data, content_type="image/png")


def inspect(data: bytes, name: str = "file.bin", kinds=uploads.RESOURCE_KINDS):
    return uploads.inspect_upload(upload(data, name), kinds=kinds)


def refusal(data: bytes, name: str = "file.bin", kinds=uploads.RESOURCE_KINDS) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        inspect(data, name, kinds)
    assert caught.value.messages[0]
    return caught.value


def box(kind: bytes, body: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def mp4_bytes(brand: bytes = b"isom", *, mdat: bytes = b"\x00" * 4000) -> bytes:
    """An ISO base media file as far as its top-level structure goes."""
    ftyp = box(b"ftyp", brand + b"\x00\x00\x02\x00" + brand + b"mp41")
    return ftyp + box(b"moov", box(b"mvhd", b"\x00" * 100)) + box(b"mdat", mdat)


MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 413  # MPEG-1 Layer III, 128 kbit/s, 44.1 kHz


# What is accepted -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind", "content_type", "extension"),
    [
        (mp4_bytes(), Kind.VIDEO, "video/mp4", ".mp4"),
        (sample_media.webm_video(seconds=0.5, fps=4), Kind.VIDEO, "video/webm", ".webm"),
        (mp4_bytes(b"M4A "), Kind.AUDIO, "audio/mp4", ".m4a"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00" + MP3_FRAME * 3, Kind.AUDIO, "audio/mpeg", ".mp3"),
        (MP3_FRAME * 3, Kind.AUDIO, "audio/mpeg", ".mp3"),
        (b"OggS\x00\x02" + b"\x00" * 200, Kind.AUDIO, "audio/ogg", ".ogg"),
        (sample_media.wav_audio(seconds=0.2), Kind.AUDIO, "audio/wav", ".wav"),
        (b"fLaC\x00\x00\x00\x22" + b"\x00" * 200, Kind.AUDIO, "audio/flac", ".flac"),
        (sample_media.pdf_document("Guide", ["Première."]), Kind.PDF, "application/pdf", ".pdf"),
        (sample_media.docx_document(["Procès-verbal"]), Kind.OFFICE, uploads.DOCX, ".docx"),
        (sample_media.xlsx_workbook([["Province", 3]]), Kind.OFFICE, uploads.XLSX, ".xlsx"),
        (sample_media.pptx_presentation([("Titre", "Texte")]), Kind.OFFICE, uploads.PPTX, ".pptx"),
    ],
    ids=["mp4", "webm", "m4a", "mp3 with id3", "mp3 frames", "ogg", "wav", "flac", "pdf", "docx",
         "xlsx", "pptx"],
)  # fmt: skip
def test_each_kind_is_recognised_from_its_content_whatever_its_name(
    data, kind, content_type, extension
):
    inspected = inspect(data, "misleading-name.png")

    assert (inspected.kind, inspected.content_type, inspected.extension) == (
        kind,
        content_type,
        extension,
    )
    assert inspected.size == len(data)
    assert inspected.content is None  # stored exactly as uploaded


def test_an_image_is_re_encoded_and_its_trailing_payload_dropped():
    # A GIF followed by a script: a classic image/JavaScript polyglot.
    data = files.image_bytes("GIF") + b"\n/*<script>alert(1)</script>*/"

    inspected = inspect(data, "cat.gif")

    assert inspected.content_type == "image/webp"
    assert inspected.content is not None
    assert b"script" not in inspected.content
    assert Image.open(io.BytesIO(inspected.content)).format == "WEBP"


def test_a_jpeg_with_html_inside_its_metadata_comes_out_without_it():
    image = Image.new("RGB", (32, 32), (0, 0, 200))
    output = io.BytesIO()
    image.save(output, format="JPEG", comment=b"<html><script>alert(1)</script></html>")

    inspected = inspect(output.getvalue(), "photo.jpg")

    assert b"<html>" not in (inspected.content or b"")


def test_a_pdf_with_a_little_data_after_its_end_is_still_a_pdf():
    data = sample_media.pdf_document("Guide", ["Text"]) + b"\r\n"

    assert inspect(data).kind == Kind.PDF


def test_stored_content_streams_the_upload_itself_from_its_start():
    data = mp4_bytes()
    received = upload(data)
    inspected = uploads.inspect_upload(received, kinds=uploads.RESOURCE_KINDS)

    stored = uploads.stored_content(received, inspected)

    assert stored.read() == data


# What is refused ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "report.pdf"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "video.mp4"),
        (b"\xca\xfe\xba\xbe\x00\x00\x00\x34" + b"\x00" * 64, "talk.webm"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.png"),
        (b'<?xml version="1.0"?><svg onload="alert(1)"/>', "logo.svg"),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "page.jpg"),
        (b"<html><script>alert(1)</script></html>\n" + files.pdf_bytes(), "guide.pdf"),
        (box(b"ftyp", b"qt  \x00\x00\x02\x00qt  ") + box(b"moov") + box(b"mdat"), "clip.mov"),
        (b"\x1a\x45\xdf\xa3\x84\x42\x82\x81\x00" + b"\x00" * 40, "clip.mkv"),
        (b"BM" + b"\x00" * 64, "picture.bmp"),
        (b"\x00\x00\x01\xba" + b"\x00" * 64, "film.mpg"),
        (b"Rar!\x1a\x07\x00" + b"\x00" * 64, "archive.pdf"),
    ],
    ids=["exe renamed pdf", "elf renamed mp4", "java class renamed webm", "svg renamed png",
         "svg", "html renamed jpg", "html with a pdf appended", "quicktime", "matroska", "bmp",
         "mpeg program stream", "rar renamed pdf"],
)  # fmt: skip
def test_what_is_not_on_the_allow_list_is_refused(data, name):
    error = refusal(data, name)

    assert error.code == "not_allowed"
    assert "MP4 or WebM" in error.messages[0]
    assert "PDF" in error.messages[0]


def test_the_editor_does_not_attach_video_and_says_what_it_attaches():
    error = refusal(mp4_bytes(), "clip.mp4", kinds=uploads.ATTACHMENT_KINDS)

    assert error.code == "not_allowed"
    assert "video" not in error.messages[0]
    assert "PDF documents" in error.messages[0]


@pytest.mark.parametrize(
    "data",
    [
        sample_media.pdf_document("Guide", ["Text"] * 40)[:-400],
        mp4_bytes()[:-1000],
        mp4_bytes()[:20],
        sample_media.webm_video(seconds=0.5, fps=4)[:-300],
        sample_media.wav_audio(seconds=0.2)[:-500],
        sample_media.docx_document(["Procès-verbal"] * 50)[:-100],
    ],
    ids=["pdf", "mp4", "mp4 header only", "webm", "wav", "docx"],
)
def test_an_interrupted_upload_is_refused_as_incomplete_or_damaged(data):
    error = refusal(data)

    assert error.code in {"incomplete", "damaged"}


def test_a_truncated_pdf_says_the_upload_may_have_been_interrupted():
    error = refusal(sample_media.pdf_document("Guide", ["Text"] * 40)[:-400], "guide.pdf")

    assert error.code == "incomplete"
    assert "interrupted" in error.messages[0]


def test_an_mp4_without_its_index_is_damaged():
    ftyp = box(b"ftyp", b"isom\x00\x00\x02\x00isom")

    assert refusal(ftyp + box(b"mdat", b"\x00" * 100)).code == "damaged"


def test_an_mp4_box_claiming_less_than_its_own_header_is_damaged():
    data = mp4_bytes() + struct.pack(">I", 4) + b"free"

    assert refusal(data).code == "damaged"


def test_an_empty_file_is_refused():
    assert refusal(b"").code == "empty"


def test_a_zip_bomb_is_refused():
    data = files.office_bytes(uploads.DOCX, members=[("word/media/pad.xml", b" " * 5_000_000)])

    assert refusal(data, "minutes.docx").code == "unpacks_too_big"


def test_an_image_bomb_is_refused_before_decoding():
    assert refusal(files.bomb_png(20_000, 20_000), "bomb.png").code == "too_many_pixels"


# Size limits per kind -------------------------------------------------------------------------


@pytest.fixture
def small_limits(settings):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "UPLOAD_MAX_BYTES": 3000, "VIDEO_MAX_BYTES": 9000}


def test_each_kind_has_its_limit_from_the_settings(small_limits):
    assert uploads.max_bytes(Kind.PDF) == 3000
    assert uploads.max_bytes(Kind.AUDIO) == 3000
    assert uploads.max_bytes(Kind.VIDEO) == 9000


def test_a_video_may_be_larger_than_a_document(small_limits):
    assert inspect(mp4_bytes(mdat=b"\x00" * 8000)).kind == Kind.VIDEO


def test_a_document_over_its_limit_is_refused_with_the_limit(small_limits):
    error = refusal(files.pdf_bytes(padding=5000), "big.pdf")

    assert error.code == "too_big"


def test_a_video_over_its_limit_is_refused(small_limits):
    assert refusal(mp4_bytes(mdat=b"\x00" * 10_000)).code == "too_big"


def test_a_file_over_every_limit_is_refused_before_any_byte_is_read(small_limits):
    counting = files.CountingUpload("huge.mp4", mp4_bytes(mdat=b"\x00" * 20_000))

    with pytest.raises(UploadRejected) as caught:
        uploads.inspect_upload(counting, kinds=uploads.RESOURCE_KINDS)

    assert caught.value.code == "too_big"
    assert counting.bytes_read == 0


def test_a_large_document_is_never_read_whole(small_limits, settings):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "UPLOAD_MAX_BYTES": 10_000_000}
    data = files.pdf_bytes(padding=2_000_000)
    counting = files.CountingUpload("big.pdf", data)

    uploads.inspect_upload(counting, kinds=uploads.RESOURCE_KINDS)

    # Its first bytes and its last kilobyte only.
    assert counting.bytes_read <= uploads.HEAD_BYTES + uploads.PDF_TAIL_BYTES


# Serving decisions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "inline"),
    [
        ("image/webp", True),
        ("video/mp4", True),
        ("video/webm", True),
        ("audio/mpeg", True),
        ("application/pdf", False),
        (uploads.DOCX, False),
        ("text/plain; charset=utf-8", False),
        ("text/html", False),
        ("image/svg+xml", False),
    ],
)
def test_only_re_encoded_images_video_and_audio_are_shown_in_the_browser(content_type, inline):
    assert uploads.is_safe_inline(content_type) is inline
