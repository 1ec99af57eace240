"""Large uploads dropped at their kind's limit while they arrive, the rest of the form kept."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.http import HttpResponse, JsonResponse
from django.test import RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from collegium.core import uploads
from collegium.core.tests.test_uploads import mp4_bytes
from collegium.core.upload_handlers import FORM_OVERHEAD_BYTES, limited_uploads, upload_refusal
from collegium.editor.tests import files


@limited_uploads(uploads.RESOURCE_KINDS)
def receive(request):
    """What a view sees: the fields, the files, and why a file was dropped."""
    refusal = upload_refusal(request)
    received = request.FILES.get("file")
    return JsonResponse(
        {
            "title": request.POST.get("title"),
            "file": received.read() if received and received.size < 100 else None,
            "size": received.size if received else None,
            "refusal": refusal.code if refusal else None,
        }
    )


@pytest.fixture
def limits(settings):
    settings.COLLEGIUM = {
        **settings.COLLEGIUM,
        "UPLOAD_MAX_BYTES": 200_000,
        "VIDEO_MAX_BYTES": 600_000,
    }


def post(data: bytes, name: str, *, csrf_checked: bool = False, body: bytes | None = None):
    fields = {"title": "Typed title", "file": SimpleUploadedFile(name, data)}
    payload = body if body is not None else encode_multipart(BOUNDARY, fields)
    request = RequestFactory().generic("POST", "/upload", payload, content_type=MULTIPART_CONTENT)
    if not csrf_checked:
        request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
    return receive(request)


def answer(response: HttpResponse) -> dict:
    return json.loads(response.content)


def test_a_file_within_its_limit_arrives(limits):
    data = files.pdf_bytes(padding=150_000)

    received = answer(post(data, "guide.pdf"))

    assert received == {"title": "Typed title", "file": None, "size": len(data), "refusal": None}


def test_a_document_past_its_limit_is_dropped_while_it_arrives_and_the_fields_kept(limits):
    received = answer(post(files.pdf_bytes(padding=300_000), "guide.pdf"))

    assert received == {"title": "Typed title", "file": None, "size": None, "refusal": "too_big"}


def test_a_video_may_be_larger_than_a_document(limits):
    data = mp4_bytes(mdat=b"\x00" * 400_000)

    assert answer(post(data, "talk.mp4"))["size"] == len(data)


def test_a_video_past_its_own_limit_is_dropped(limits):
    received = answer(post(mp4_bytes(mdat=b"\x00" * 700_000), "talk.mp4"))

    assert received["refusal"] == "too_big"
    assert received["size"] is None


def test_a_request_declaring_more_than_any_limit_keeps_no_byte_of_its_file(limits, monkeypatch):
    kept: list[int] = []
    original = MemoryFileUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        kept.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(MemoryFileUploadHandler, "receive_data_chunk", spy)
    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", spy)
    data = mp4_bytes(mdat=b"\x00" * (600_000 + FORM_OVERHEAD_BYTES))

    received = answer(post(data, "talk.mp4"))

    assert received["refusal"] == "too_big"
    assert received["title"] == "Typed title"
    assert kept == []


def test_a_file_cut_off_in_the_middle_is_dropped_and_said_to_be_incomplete(limits):
    whole = encode_multipart(
        BOUNDARY,
        {"title": "Typed title", "file": SimpleUploadedFile("guide.pdf", files.pdf_bytes())},
    )
    # The browser went away in the middle of the file: the request declares more than arrives.
    cut = whole[: whole.index(b"%%EOF")]
    request = RequestFactory().generic("POST", "/upload", cut, content_type=MULTIPART_CONTENT)
    request.META["CONTENT_LENGTH"] = str(len(whole))
    request._dont_enforce_csrf_checks = True

    received = answer(receive(request))

    assert received == {"title": "Typed title", "file": None, "size": None, "refusal": "incomplete"}


def test_a_form_sent_without_a_file_has_no_refusal(limits):
    request = RequestFactory().post("/upload", {"title": "Typed title"})
    request._dont_enforce_csrf_checks = True

    assert answer(receive(request))["refusal"] is None


def test_csrf_is_still_checked(limits):
    response = post(files.pdf_bytes(), "guide.pdf", csrf_checked=True)

    assert response.status_code == 403
