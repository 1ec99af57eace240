"""The results pages cost the same number of queries with 5 responses or 60, the questions
staying the same (scale, STYLE.md)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory
from collegium.consultations.tests.factories import ConsultationFactory
from collegium.core.testing import assert_flat_query_count
from collegium.questionnaires import audit
from collegium.questionnaires.choices import AccessAction
from collegium.questionnaires.tests.factories import QuestionnaireFactory, ResponseFactory
from collegium.questionnaires.tests.results_data import answer_all, questions_for

pytestmark = pytest.mark.django_db

PEOPLE = ["physician", "learner", "allied_health", "patient", "public"]
PROVINCES = ["ON", "QC", "BC", "AB", ""]


@pytest.fixture
def analyst():
    user = UserFactory(
        username="analyst", user_type=UserType.PUBLIC, staff_role=StaffRole.STAFF, is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="analyse_responses"))
    return user


@pytest.fixture
def setup(client, analyst):
    """A consultation with 5 sent responses, and a way to add 55 more of every kind."""
    questionnaire = QuestionnaireFactory()
    questions = questions_for(questionnaire)
    consultation = ConsultationFactory(questionnaire=questionnaire)

    def add(count: int, start: int = 0) -> None:
        for number in range(start, start + count):
            response = ResponseFactory(
                questionnaire=questionnaire,
                user_type=PEOPLE[number % len(PEOPLE)],
                province=PROVINCES[(number // 2) % len(PROVINCES)],
            )
            answer_all(response, questions, number)

    add(5)
    client.force_login(analyst)
    return consultation, questions, lambda: add(55, start=5)


@pytest.mark.parametrize("by", ["", "user_type", "province"])
def test_the_results_page_costs_the_same_from_5_to_60_responses(client, setup, settings, by):
    consultation, _questions, grow = setup
    if by:
        # Five responses in five groups: a breakdown is shown from the start only when groups of
        # one are (it is withheld otherwise, which reads nothing and costs less).
        settings.COLLEGIUM = {**settings.COLLEGIUM, "SUPPRESSION_THRESHOLD": 1}
    url = reverse("consultations:results", args=[consultation.slug])
    query = {"by": by} if by else {}

    def look() -> None:
        assert client.get(url, query).status_code == 200

    assert_flat_query_count(look, grow)


def test_the_text_answers_page_costs_the_same_with_more_answers(client, setup):
    consultation, questions, grow = setup
    url = reverse("consultations:text_answers", args=[consultation.slug, questions["text"].pk])
    assert_flat_query_count(lambda: client.get(url), grow)


@pytest.mark.parametrize("name", ["consultations:export_csv", "consultations:export_xlsx"])
def test_exports_cost_the_same_within_a_chunk_of_responses(client, setup, name):
    consultation, _questions, grow = setup
    url = reverse(name, args=[consultation.slug])

    def export() -> None:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)

    assert_flat_query_count(export, grow)


def test_the_access_log_costs_the_same_with_more_entries(client, setup, analyst):
    consultation, questions, _grow = setup
    url = reverse("consultations:access_log", args=[consultation.slug])

    def grow() -> None:
        for _ in range(30):
            audit.access_record(
                viewer=analyst,
                questionnaire=consultation.questionnaire,
                action=AccessAction.TEXT_ANSWERS,
                detail=audit.access_detail(question=questions["text"], page=1),
            )

    client.get(
        reverse("consultations:text_answers", args=[consultation.slug, questions["text"].pk])
    )
    assert_flat_query_count(lambda: client.get(url), grow)
