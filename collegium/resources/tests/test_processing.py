"""Previews and extracted text, made by the worker after the upload commits (CT-3, SE-1)."""

import io
import zipfile

import pytest
from PIL import Image

from collegium.core import sample_media
from collegium.resources.choices import PreviewStatus
from collegium.resources.models import Resource
from collegium.resources.processing import PREVIEW_MAX_SIDE
from collegium.resources.tests.factories import make_file, pdf_bytes


@pytest.fixture
def processed(collection, uploader, django_capture_on_commit_callbacks):
    """Add a file and run its background processing (huey runs tasks at once in tests)."""

    def add(data: bytes, name: str) -> Resource:
        with django_capture_on_commit_callbacks(execute=True):
            resource = make_file(collection, uploader, data=data, name=name)
        resource.refresh_from_db()
        return resource

    return add


def _image(field) -> Image.Image:
    with field.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def test_an_image_gets_a_small_webp_preview(processed):
    resource = processed(sample_media.png_image(width=1600, height=1000), "poster.png")

    assert resource.preview_status == PreviewStatus.READY
    preview = _image(resource.preview)
    assert preview.format == "WEBP" and max(preview.size) == PREVIEW_MAX_SIDE


def test_a_pdf_gets_its_first_page_as_a_preview_and_its_text_with_accents(processed):
    data = sample_media.pdf_document(
        "Médecine rurale", ["Les médecins de garde à Rivière-du-Loup, été 2026."], pages=2
    )

    resource = processed(data, "garde.pdf")

    assert resource.preview_status == PreviewStatus.READY
    assert _image(resource.preview).format == "WEBP"
    assert "Les médecins de garde à Rivière-du-Loup, été 2026." in resource.extracted_text
    assert "Médecine rurale" in resource.extracted_text


def test_text_is_extracted_from_word_excel_and_powerpoint(processed):
    docx = processed(sample_media.docx_document(["Procès-verbal", "Décisions prises"]), "pv.docx")
    xlsx = processed(
        sample_media.xlsx_workbook([["Province", "Médecins"], ["Québec", 12]]), "t.xlsx"
    )
    pptx = processed(
        sample_media.pptx_presentation([("Santé des médecins", "Épuisement\nSoutien")]), "s.pptx"
    )

    assert docx.extracted_text == "Procès-verbal\nDécisions prises"
    assert "Province" in xlsx.extracted_text and "Québec" in xlsx.extracted_text
    assert "Santé des médecins" in pptx.extracted_text and "Soutien" in pptx.extracted_text
    assert {docx.preview_status, xlsx.preview_status, pptx.preview_status} == {PreviewStatus.NONE}


def test_a_part_declaring_a_doctype_is_skipped(processed):
    entities = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        b'<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&lol;</w:t></w:r></w:p></w:body>'
        b"</w:document>"
    )
    source = zipfile.ZipFile(io.BytesIO(sample_media.docx_document(["x"])))
    data = io.BytesIO()
    with source, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in source.infolist():
            is_main = member.filename == "word/document.xml"
            copy.writestr(member, entities if is_main else source.read(member))

    resource = processed(data.getvalue(), "entities.docx")

    assert resource.extracted_text == ""


def test_a_damaged_pdf_records_a_failed_preview_and_the_page_still_works(processed, client, reader):
    # A PDF header and end, with nothing readable between them.
    damaged = b"%PDF-1.4\n" + b"\x00garbage" * 200 + b"\n%%EOF\n"

    resource = processed(damaged, "damaged.pdf")

    assert resource.preview_status == PreviewStatus.FAILED
    assert resource.extracted_text == ""
    client.force_login(reader)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "No preview could be made of this file" in html


def test_the_extracted_text_is_bounded(processed, monkeypatch):
    from collegium.resources import processing

    monkeypatch.setattr(processing, "EXTRACTED_TEXT_MAX_CHARS", 50)
    resource = processed(pdf_bytes(paragraphs=["A sentence of the guide. "] * 20), "long.pdf")

    assert 0 < len(resource.extracted_text) <= 50


def test_videos_and_audio_need_no_processing(processed):
    video = processed(sample_media.webm_video(seconds=0.5, fps=4), "talk.webm")

    assert video.preview_status == PreviewStatus.NONE and video.extracted_text == ""
