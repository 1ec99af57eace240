"""A consultation's documents: recognised by their content, served only to those who may see the
consultation, always as a download with safe headers (EN-1, SPEC §0)."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from collegium.consultations import services
from collegium.consultations.models import ConsultationDocument
from collegium.consultations.tests.build import make_consultation, make_open
from collegium.core import sample_media

pytestmark = pytest.mark.django_db

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def _upload(data: bytes, name: str, content_type: str = "application/pdf"):
    """The browser's claim is whatever a test says: it must not matter."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def _add(staff, consultation, data=None, name="draft.pdf", **fields):
    return services.document_add(
        actor=staff,
        consultation=consultation,
        upload=_upload(data if data is not None else _pdf(), name),
        title_en=fields.pop("title_en", "The full draft"),
        title_fr=fields.pop("title_fr", "Le projet complet"),
        **fields,
    )


def _pdf() -> bytes:
    return sample_media.pdf_document("Draft policy", ["The full text of the draft."])


def test_a_pdf_and_an_office_document_are_attached_with_types_from_their_content(staff, media):
    consultation = make_consultation(staff)
    pdf = _add(staff, consultation, name="Draft policy (final).PDF")
    word = _add(staff, consultation, sample_media.docx_document(["Background."]), "background.bin")
    assert (pdf.content_type, pdf.extension, pdf.original_name) == (
        "application/pdf",
        ".pdf",
        "Draft policy (final).PDF",
    )
    assert word.extension == ".docx"
    assert word.original_name == "background.docx"
    assert [d.position for d in consultation.documents.all()] == [1, 2]
    # Stored under a random name, never the uploader's.
    assert Path(pdf.file.name).name == f"{pdf.uuid.hex}.pdf"


def test_a_renamed_executable_is_refused_by_its_content(staff, media):
    consultation = make_consultation(staff)
    with pytest.raises(ValidationError) as refused:
        _add(staff, consultation, EXECUTABLE, "report.pdf")
    assert "file" in refused.value.error_dict
    assert not ConsultationDocument.objects.exists()
    assert not [path for path in Path(media).rglob("*") if path.is_file()]


def test_images_and_text_are_not_documents(staff):
    consultation = make_consultation(staff)
    with pytest.raises(ValidationError):
        _add(staff, consultation, sample_media.png_image(), "chart.png")
    with pytest.raises(ValidationError):
        _add(staff, consultation, b"just some notes", "notes.txt")


def test_both_titles_are_required(staff):
    consultation = make_consultation(staff)
    with pytest.raises(ValidationError) as refused:
        _add(staff, consultation, title_fr="")
    assert list(refused.value.error_dict) == ["title_fr"]


def test_only_staff_attach_and_delete_documents(staff, physician, media):
    consultation = make_open(staff)
    with pytest.raises(Http404):
        _add(physician, consultation)
    document = _add(staff, consultation)
    with pytest.raises(Http404):
        services.document_delete(actor=physician, document=document)
    stored = Path(document.file.path)
    assert stored.exists()
    services.document_delete(actor=staff, document=document)
    assert not ConsultationDocument.objects.exists()


def test_a_document_is_served_as_a_download_with_safe_headers(client, staff, physician):
    consultation = make_open(staff)
    document = _add(staff, consultation, name="draft.pdf")
    client.force_login(physician)
    url = reverse("consultations:document", args=[consultation.slug, document.uuid, "draft.pdf"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_document_is_a_404_to_those_who_may_not_see_the_consultation(
    client, staff, physician, patient, community, participant
):
    consultation = make_open(staff, community=community)
    document = _add(staff, consultation)
    url = reverse("consultations:document", args=[consultation.slug, document.uuid, "x.pdf"])
    for person in (patient, physician):  # outside the audience; outside the community
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(participant)
    assert client.get(url).status_code == 200
    # A document of another consultation is not reachable through this one.
    other = make_open(staff)
    elsewhere = _add(staff, other)
    wrong = reverse("consultations:document", args=[consultation.slug, elsewhere.uuid, "x.pdf"])
    assert client.get(wrong).status_code == 404


def test_a_document_of_a_consultation_in_preparation_is_for_staff_only(client, staff, physician):
    consultation = make_consultation(staff)
    document = _add(staff, consultation)
    url = reverse("consultations:document", args=[consultation.slug, document.uuid, "x.pdf"])
    client.force_login(physician)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_the_documents_page_refuses_bad_files_next_to_the_field_keeping_the_titles(client, staff):
    consultation = make_consultation(staff)
    client.force_login(staff)
    url = reverse("consultations:documents", args=[consultation.slug])
    response = client.post(
        url,
        {
            "title_en": "Kept title",
            "title_fr": "Titre gardé",
            "language": "both",
            "file": _upload(EXECUTABLE, "report.pdf"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_file_error"' in page
    assert 'value="Kept title"' in page and 'value="Titre gardé"' in page
    assert not ConsultationDocument.objects.exists()
    response = client.post(
        url,
        {
            "title_en": "Draft",
            "title_fr": "Projet",
            "language": "en",
            "file": _upload(_pdf(), "draft.pdf"),
        },
    )
    assert response.status_code == 302
    assert ConsultationDocument.objects.get().language == "en"


def test_a_document_too_large_is_dropped_while_it_arrives(client, staff, settings):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "UPLOAD_MAX_BYTES": 1024}
    consultation = make_consultation(staff)
    client.force_login(staff)
    response = client.post(
        reverse("consultations:documents", args=[consultation.slug]),
        {
            "title_en": "Big",
            "title_fr": "Gros",
            "language": "both",
            "file": _upload(_pdf() + b"%" * 4096, "big.pdf"),
        },
    )
    assert response.status_code == 200
    assert "larger than" in response.content.decode()
    assert not ConsultationDocument.objects.exists()
