"""The confidential form's pages cost the same number of queries however many questions and
choices it has (scale, STYLE.md)."""

import pytest
from django.urls import reverse

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.consultations.tests.factories import ConsultationFactory
from collegium.core.testing import assert_flat_query_count
from collegium.questionnaires import services
from collegium.questionnaires.choices import QuestionKind
from collegium.questionnaires.tests.factories import QuestionFactory

KINDS = [
    QuestionKind.LIKERT_5,
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.RANKING,
    QuestionKind.RATING,
    QuestionKind.LONG_TEXT,
]


@pytest.fixture
def consultation(db):
    consultation = ConsultationFactory()
    for kind in KINDS:
        QuestionFactory(questionnaire=consultation.questionnaire, kind=kind)
    return consultation


def _grow(consultation):
    def grow():
        for number in range(3):
            for kind in KINDS:
                QuestionFactory(
                    questionnaire=consultation.questionnaire,
                    kind=kind,
                    choices=[(f"Choice {n}", f"Choix {n}") for n in range(number + 4)],
                )

    return grow


def test_the_builder_costs_the_same_with_more_questions_and_choices(client, consultation):
    staff = UserFactory(
        username="staff-queries", user_type=UserType.PUBLIC, staff_role=StaffRole.STAFF
    )
    client.force_login(staff)
    url = reverse("consultations:form", args=[consultation.slug])

    assert_flat_query_count(lambda: client.get(url), _grow(consultation))


@pytest.mark.parametrize("state", ["empty", "draft", "sent"])
def test_the_answering_page_costs_the_same_with_more_questions_and_choices(
    client, consultation, state
):
    member = verified_member("dr-queries", "7300001")
    questionnaire = consultation.questionnaire
    url = reverse("consultations:respond", args=[consultation.slug])
    if state == "draft":
        response = services.response_save_draft(questionnaire=questionnaire, user=member, data={})
        url = reverse("consultations:response", args=[consultation.slug, response.pk])
    elif state == "sent":
        response = services.response_submit(questionnaire=questionnaire, user=member, data={})
        url = reverse("consultations:response", args=[consultation.slug, response.pk])
    client.force_login(member)

    def page():
        assert client.get(url).status_code == 200

    assert_flat_query_count(page, _grow(consultation))
