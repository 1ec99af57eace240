"""How a stored file leaves the server once the caller has let the viewer through (CT-3)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory

from collegium.core.serving import is_from_start, parse_range, serve_file

DATA = bytes(range(256)) * 40  # 10,240 bytes


@pytest.fixture
def stored(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("clip.mp4", ContentFile(DATA))
    return FieldFile(None, models.FileField(storage=storage), name)


def serve(stored, content_type="video/mp4", range_header=None, **options):
    headers = {"Range": range_header} if range_header else {}
    request = RequestFactory().get("/files/x", headers=headers)
    return serve_file(request, stored, content_type=content_type, filename="Clip.mp4", **options)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_whole_file_is_streamed_with_locked_down_headers(stored):
    response = serve(stored)

    assert response.status_code == 200
    assert body(response) == DATA
    assert response["Content-Length"] == str(len(DATA))
    assert response["Accept-Ranges"] == "bytes"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cache-Control"].startswith("private")


def test_video_is_shown_in_place_and_can_be_asked_as_a_download(stored):
    assert serve(stored)["Content-Disposition"] == 'inline; filename="Clip.mp4"'
    assert serve(stored, inline=False)["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "content_type", ["application/pdf", "text/html", "image/svg+xml", "text/plain; charset=utf-8"]
)
def test_what_is_not_safe_to_show_is_always_downloaded_even_when_asked_inline(stored, content_type):
    response = serve(stored, content_type=content_type, inline=True)

    assert response["Content-Disposition"].startswith("attachment")


def test_a_range_is_answered_with_its_bytes_only(stored):
    response = serve(stored, range_header="bytes=100-199")

    assert response.status_code == 206
    assert body(response) == DATA[100:200]
    assert response["Content-Range"] == f"bytes 100-199/{len(DATA)}"
    assert response["Content-Length"] == "100"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_open_ended_range_runs_to_the_end(stored):
    response = serve(stored, range_header="bytes=10000-")

    assert body(response) == DATA[10000:]


def test_a_suffix_range_gives_the_last_bytes(stored):
    response = serve(stored, range_header="bytes=-40")

    assert body(response) == DATA[-40:]


def test_a_range_past_the_end_is_unsatisfiable(stored):
    response = serve(stored, range_header="bytes=99999-")

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(DATA)}"


@pytest.mark.parametrize("header", ["bytes=0-10,20-30", "items=0-10", "bytes=abc", "bytes=-"])
def test_a_range_we_do_not_serve_gets_the_whole_file(stored, header):
    response = serve(stored, range_header=header)

    assert response.status_code == 200
    assert body(response) == DATA


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        ("bytes=0-0", 10, (0, 0)),
        ("bytes=5-100", 10, (5, 9)),
        ("bytes=-3", 10, (7, 9)),
        ("bytes=-30", 10, (0, 9)),
        ("bytes=-0", 10, "unsatisfiable"),
        ("bytes=8-2", 10, "unsatisfiable"),
        ("", 10, None),
        ("bytes=0-5", 0, None),
    ],
)
def test_parse_range(header, size, expected):
    assert parse_range(header, size) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [(None, True), ("bytes=0-", True), ("bytes=0-1000", True), ("bytes=500-", False)],
)
def test_a_download_counts_once_from_its_first_byte(header, expected):
    headers = {"Range": header} if header else {}

    assert is_from_start(RequestFactory().get("/", headers=headers)) is expected
