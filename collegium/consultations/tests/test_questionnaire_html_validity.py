"""The confidential form's pages are valid HTML according to the Nu HTML checker, in both
languages (tests/test_html_validity.py)."""

import shutil
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.consultations.choices import ConsultationStatus
from collegium.consultations.tests.factories import ConsultationFactory
from collegium.questionnaires import services
from collegium.questionnaires.choices import QuestionKind
from collegium.questionnaires.tests.factories import QuestionFactory
from tests.test_html_validity import _check, _french

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="The Nu HTML checker needs Java: apt-get install default-jre-headless",
)


def _questions(consultation):
    return [
        QuestionFactory(
            questionnaire=consultation.questionnaire,
            kind=kind,
            required=kind == QuestionKind.LIKERT_5,
            help_text_en="Think of the last year." if kind == QuestionKind.RANKING else "",
            help_text_fr="Pensez à la dernière année." if kind == QuestionKind.RANKING else "",
        )
        for kind in QuestionKind.values
    ]


def test_the_builder_and_answering_pages_pass_the_nu_html_checker_in_both_languages(
    client, tmp_path, db
):
    staff = UserFactory(
        username="staff-valid", user_type=UserType.PUBLIC, staff_role=StaffRole.STAFF
    )
    member = verified_member("dr-valid", "7400001")
    consultation = ConsultationFactory()
    questions = _questions(consultation)
    draft = services.response_save_draft(
        questionnaire=consultation.questionnaire,
        user=member,
        data={questions[0].field_name: "4", questions[-1].field_name: "A draft"},
    )
    services.question_edit(
        actor=staff,
        question=questions[2],
        kind=questions[2].kind,
        label_en="Which one, now?",
        label_fr=questions[2].label_fr,
        choices=[(c.label_en, c.label_fr) for c in questions[2].choices.all()],
    )
    closed = ConsultationFactory(
        status=ConsultationStatus.CLOSED,
        opens_at=timezone.now() - timedelta(days=30),
        closes_at=timezone.now() - timedelta(days=1),
        closed_at=timezone.now() - timedelta(days=1),
    )
    closed_questions = _questions(closed)
    sent = services.response_submit(
        questionnaire=closed.questionnaire,
        user=member,
        data={closed_questions[0].field_name: "2"},
    )
    empty = ConsultationFactory()
    _questions(empty)
    slug = consultation.slug
    with translation.override("en"):
        staff_pages = [
            reverse("consultations:form", args=[slug]),
            reverse("consultations:question_edit", args=[slug, questions[3].pk]),
            reverse("consultations:question_delete", args=[slug, questions[3].pk]),
            reverse("consultations:form_revisions", args=[slug]),
            reverse("consultations:form", args=[empty.slug]),
            reverse(
                "consultations:question_delete",
                args=[empty.slug, empty.questionnaire.questions.first().pk],
            ),
        ]
        member_pages = [
            reverse("consultations:response", args=[slug, draft.pk]),
            reverse("consultations:respond", args=[empty.slug]),
            reverse("consultations:response", args=[closed.slug, sent.pk]),
        ]
    client.force_login(staff)
    _check(client, tmp_path, staff_pages + [_french(url) for url in staff_pages])
    client.force_login(member)
    _check(client, tmp_path, member_pages + [_french(url) for url in member_pages])
