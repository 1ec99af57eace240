"""The results pages and exports of a consultation's confidential answers: analysts only (404 for
everyone else), every look on the record, bad input answered with 404, valid HTML (EN-1)."""

import csv
import io
import shutil

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.consultations.tests.factories import ConsultationFactory
from collegium.core.spreadsheets import FORMULA_STARTS
from collegium.questionnaires import audit
from collegium.questionnaires.choices import AccessAction
from collegium.questionnaires.models import ConfidentialAccess
from collegium.questionnaires.tests.factories import (
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    answer,
)
from collegium.questionnaires.tests.results_data import make_sample

pytestmark = pytest.mark.django_db


def make_analyst(username="analyst"):
    user = UserFactory(
        username=username, user_type=UserType.PUBLIC, staff_role=StaffRole.STAFF, is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="analyse_responses"))
    return user


@pytest.fixture
def analyst():
    return make_analyst()


@pytest.fixture
def staff():
    """Staff who manage consultations but do not hold the analyst permission."""
    return UserFactory(
        username="staff-no-analysis",
        user_type=UserType.PUBLIC,
        staff_role=StaffRole.STAFF,
        is_staff=True,
    )


@pytest.fixture
def member():
    """A physician in the consultation's audience."""
    return verified_member("dr-member", "4100001")


@pytest.fixture
def sample():
    return make_sample()


@pytest.fixture
def consultation(sample):
    return ConsultationFactory(questionnaire=sample.questionnaire, slug="forms-policy")


def _urls(consultation, sample) -> dict[str, str]:
    slug = consultation.slug
    return {
        "results": reverse("consultations:results", args=[slug]),
        "breakdown": reverse("consultations:results", args=[slug]) + "?by=province",
        "text": reverse("consultations:text_answers", args=[slug, sample.text.pk]),
        "csv": reverse("consultations:export_csv", args=[slug]),
        "xlsx": reverse("consultations:export_xlsx", args=[slug]),
        "log": reverse("consultations:access_log", args=[slug]),
    }


# Who may look ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["results", "breakdown", "text", "csv", "xlsx", "log"])
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("analyst", 200),
        ("staff", 404),
        ("member", 404),
        ("member_with_the_permission", 404),
        ("public", 404),
    ],
)
def test_only_analysts_see_results_text_answers_exports_and_the_log(
    client, consultation, sample, analyst, staff, member, page, who, status
):
    people = {
        "analyst": analyst,
        "staff": staff,
        "member": member,
        "public": UserFactory(username="plain", user_type=UserType.PUBLIC),
        "member_with_the_permission": verified_member("dr-granted", "4100002"),
    }
    people["member_with_the_permission"].user_permissions.add(
        Permission.objects.get(codename="analyse_responses")
    )
    client.force_login(people[who])
    response = client.get(_urls(consultation, sample)[page])
    assert response.status_code == status
    if status == 404:
        assert not ConfidentialAccess.objects.exists()


@pytest.mark.parametrize("page", ["results", "breakdown", "text", "csv", "xlsx", "log"])
def test_people_who_are_not_signed_in_are_sent_to_sign_in(client, consultation, sample, page):
    response = client.get(_urls(consultation, sample)[page])
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not ConfidentialAccess.objects.exists()


def test_an_unknown_consultation_is_404_even_for_analysts(client, analyst):
    client.force_login(analyst)
    assert client.get(reverse("consultations:results", args=["nope"])).status_code == 404


def test_results_pages_refuse_writes(client, consultation, sample, analyst):
    client.force_login(analyst)
    assert client.post(_urls(consultation, sample)["results"]).status_code == 405


# Bad input ------------------------------------------------------------------------------------


def test_a_breakdown_name_that_does_not_exist_is_404(client, consultation, analyst):
    client.force_login(analyst)
    url = reverse("consultations:results", args=[consultation.slug])
    for by in ("specialty", "respondent", "user_type'--"):
        assert client.get(url, {"by": by}).status_code == 404
    assert not ConfidentialAccess.objects.exists()


def test_a_question_of_another_form_or_not_a_text_question_is_404(
    client, consultation, sample, analyst
):
    client.force_login(analyst)
    other = QuestionFactory(kind="long_text")
    for question_id in (other.pk, sample.single.pk, 999_999):
        url = reverse("consultations:text_answers", args=[consultation.slug, question_id])
        assert client.get(url).status_code == 404
    assert not ConfidentialAccess.objects.exists()


# What the pages show --------------------------------------------------------------------------


def test_results_show_counts_charts_tables_and_links(client, consultation, sample, analyst):
    client.force_login(analyst)
    response = client.get(_urls(consultation, sample)["results"])
    html = response.content.decode()
    assert response["Cache-Control"] == "no-store, private"
    assert "40 responses sent." in html
    assert "2 drafts not yet sent are not counted." in html
    assert html.count('role="img"') == 5  # every question but the text one
    assert f'aria-labelledby="question-{sample.single.pk}-caption"' in html
    assert f'id="question-{sample.single.pk}-table"' in html
    assert "52.5%" in html
    assert reverse("consultations:export_csv", args=[consultation.slug]) in html
    assert reverse("consultations:text_answers", args=[consultation.slug, sample.text.pk]) in html
    assert consultation.get_absolute_url() in html
    assert "secret" not in html
    access = ConfidentialAccess.objects.get()
    assert (access.viewer, access.action) == (analyst, AccessAction.RESULTS)


def test_a_breakdown_shows_small_groups_as_fewer_than_the_threshold(
    client, consultation, sample, analyst
):
    client.force_login(analyst)
    html = client.get(_urls(consultation, sample)["results"], {"by": "user_type"}).content.decode()
    assert "By user type" in html
    assert html.count("Fewer than 5 responses: not shown") == 5 * 2  # patients and public
    assert "Allied health provider" in html
    access = ConfidentialAccess.objects.get()
    assert (access.action, access.detail) == (AccessAction.BREAKDOWN, "by=user_type")


def test_below_the_threshold_the_page_says_so_and_shows_nothing_else(client, analyst):
    questionnaire = QuestionnaireFactory()
    question = QuestionFactory(questionnaire=questionnaire, label_en="Secret question?")
    for _ in range(4):
        answer(ResponseFactory(questionnaire=questionnaire), question, "Yes")
    consultation = ConsultationFactory(questionnaire=questionnaire)
    client.force_login(analyst)
    html = client.get(reverse("consultations:results", args=[consultation.slug])).content.decode()
    assert "Fewer than 5 responses have been sent" in html
    assert "Secret question?" not in html
    assert 'role="img"' not in html
    response = client.get(reverse("consultations:export_csv", args=[consultation.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:results", args=[consultation.slug])
    assert not ConfidentialAccess.objects.filter(action=AccessAction.EXPORT_CSV).exists()
    text = QuestionFactory(questionnaire=questionnaire, kind="long_text")
    answer(questionnaire.responses.first(), text, "Only four of us wrote")
    url = reverse("consultations:text_answers", args=[consultation.slug, text.pk])
    html = client.get(url).content.decode()
    assert "Fewer than 5 responses have been sent" in html
    assert "Only four of us wrote" not in html


def test_text_answers_are_listed_without_names_and_logged(client, consultation, sample, analyst):
    client.force_login(analyst)
    response = client.get(_urls(consultation, sample)["text"])
    html = response.content.decode()
    assert "3 answers, without names" in html
    assert html.count('class="text-answer"') == 3
    assert "=HYPERLINK(&quot;http://x&quot;) physician 0" in html
    for response_ in sample.responses:
        assert response_.public_id not in html
    access = ConfidentialAccess.objects.get()
    assert access.action == AccessAction.TEXT_ANSWERS
    assert access.detail == f"question={sample.text.pk} page=1"


def test_text_answers_keep_their_language(client, consultation, sample, analyst):
    sample.responses[0].answers.filter(question=sample.text).update(text="En français")
    type(sample.responses[0]).objects.filter(pk=sample.responses[0].pk).update(language="fr")
    client.force_login(analyst)
    html = client.get(_urls(consultation, sample)["text"]).content.decode()
    assert '<p lang="fr">En français</p>' in html


def test_the_csv_export_is_streamed_logged_and_holds_no_formula(
    client, consultation, sample, analyst
):
    client.force_login(analyst)
    response = client.get(_urls(consultation, sample)["csv"])
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="forms-policy-')
    assert response["Cache-Control"] == "no-store, private"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))
    assert len(rows) == 41
    assert all(cell[:1] not in FORMULA_STARTS for row in rows for cell in row)
    access = ConfidentialAccess.objects.get()
    assert (access.action, access.detail) == (AccessAction.EXPORT_CSV, "responses=40")


def test_the_xlsx_export_is_a_workbook_in_the_analysts_language(
    client, consultation, sample, analyst
):
    client.force_login(analyst)
    with translation.override("fr"):
        url = reverse("consultations:export_xlsx", args=[consultation.slug])
    response = client.get(url)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in next(workbook.worksheets[0].iter_rows())]
    assert header[4] == "1. Êtes-vous d’accord ?"
    assert ConfidentialAccess.objects.get().action == AccessAction.EXPORT_XLSX


def test_every_look_is_on_the_access_log_newest_first(client, consultation, sample, analyst):
    client.force_login(analyst)
    urls = _urls(consultation, sample)
    for page in ("results", "breakdown", "text", "csv", "xlsx"):
        client.get(urls[page])
    assert list(ConfidentialAccess.objects.values_list("action", flat=True)) == [
        AccessAction.EXPORT_XLSX, AccessAction.EXPORT_CSV, AccessAction.TEXT_ANSWERS,
        AccessAction.BREAKDOWN, AccessAction.RESULTS,
    ]  # fmt: skip
    html = client.get(urls["log"]).content.decode()
    assert html.index("Exported to XLSX") < html.index("Viewed the results")
    assert "Breakdown: Province or territory" in html
    assert "Question: “Anything else?” · Page 1" in html
    assert "40 responses" in html
    assert "analyst" in html


def test_the_access_log_is_paginated(client, consultation, analyst):
    for _ in range(audit.ACCESS_LOG_PAGE_SIZE + 5):
        audit.access_record(
            viewer=analyst, questionnaire=consultation.questionnaire, action=AccessAction.RESULTS
        )
    client.force_login(analyst)
    url = reverse("consultations:access_log", args=[consultation.slug])
    first = client.get(url).content.decode()
    assert first.count("Viewed the results") == audit.ACCESS_LOG_PAGE_SIZE
    assert "?page=2" in first
    assert client.get(url, {"page": 2}).content.decode().count("Viewed the results") == 5


# Valid HTML -----------------------------------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("java") is None,
    reason="The Nu HTML checker needs Java: apt-get install default-jre-headless",
)
def test_results_pages_pass_the_nu_html_checker_in_both_languages(
    client, tmp_path, consultation, sample, analyst
):
    from tests.test_html_validity import _check, _french

    client.force_login(analyst)
    urls = _urls(consultation, sample)
    pages = [
        urls["results"],
        urls["breakdown"],
        urls["results"] + "?by=user_type",
        urls["text"],
        urls["log"],
    ]
    _check(client, tmp_path, pages + [_french(url) for url in pages])
