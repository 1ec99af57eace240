"""The consultation pages are valid HTML according to the Nu HTML checker
(tests/test_html_validity.py), in both languages and both ways of showing the draft."""

import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from collegium.consultations import services
from collegium.consultations.tests.build import make_consultation, make_open
from collegium.core import sample_media
from collegium.questionnaires.tests.factories import QuestionFactory
from tests.test_html_validity import _check, _french

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("java") is None,
        reason="The Nu HTML checker needs Java: apt-get install default-jre-headless",
    ),
]


def test_consultation_pages_pass_the_nu_html_checker_in_both_languages(
    client, tmp_path, staff, physician, second_physician
):
    consultation = make_open(
        staff, draft_en="| a | b |\n| - | - |\n| 1 | 2 |\n\nSecond.", paragraphs=2
    )
    QuestionFactory(questionnaire=consultation.questionnaire)
    services.document_add(
        actor=staff,
        consultation=consultation,
        upload=SimpleUploadedFile("draft.pdf", sample_media.pdf_document("Draft", ["Text."])),
        title_en="The draft",
        title_fr="Le projet",
    )
    comment = services.consultation_comment_add(
        actor=physician,
        consultation=consultation,
        paragraph=consultation.paragraphs.get(number=1),
        body="**Agreed**, @dr-second.",
    )
    services.consultation_comment_add(
        actor=second_physician, consultation=consultation, paragraph=None, body="Overall."
    )
    closed = services.consultation_close_now(actor=staff, consultation=make_open(staff))
    services.what_we_heard_publish(
        actor=staff, consultation=closed, text_en="We *heard*.", text_fr="Entendu."
    )
    make_consultation(staff, title_en="In preparation")
    slug = consultation.slug
    with translation.override("en"):
        document = consultation.documents.get()
        staff_pages = [
            reverse("consultations:list"),
            reverse("consultations:create"),
            consultation.get_absolute_url(),
            reverse("consultations:edit", args=[slug]),
            reverse("consultations:schedule", args=[slug]),
            reverse("consultations:documents", args=[slug]),
            reverse("consultations:document_delete", args=[slug, document.uuid]),
            reverse("consultations:what_we_heard", args=[closed.slug]),
            closed.get_absolute_url(),
        ]
        reader_pages = [
            reverse("consultations:list"),
            consultation.get_absolute_url(),
            consultation.get_absolute_url() + "?display=en",
            consultation.get_absolute_url() + "?display=fr",
            closed.get_absolute_url(),
            reverse("consultations:comment_edit", args=[slug, comment.pk]),
            reverse("consultations:comment_delete", args=[slug, comment.pk]),
        ]
    client.force_login(staff)
    _check(client, tmp_path, staff_pages + [_french(url) for url in staff_pages])
    client.force_login(physician)
    _check(client, tmp_path, reader_pages + [_french(url) for url in reader_pages])
