"""Participants answer a confidential form: drafts keep what they type, sending checks each
answer against the questions as they are, one response per person (EN-1, ID-6)."""

import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from collegium.accounts.choices import UserType
from collegium.accounts.data_rights import account_delete, account_export
from collegium.accounts.models import Profile
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.questionnaires import selectors, services
from collegium.questionnaires.choices import LIKERT_5_POINTS, QuestionKind, ResponseStatus
from collegium.questionnaires.models import Answer, Response
from collegium.questionnaires.tests.factories import QuestionFactory, QuestionnaireFactory

RANKED = [("Cost", "Coût"), ("Time", "Temps"), ("Care", "Soins")]


@pytest.fixture
def questionnaire(db):
    return QuestionnaireFactory()


@pytest.fixture
def person(db):
    member = verified_member("dr-respondent", "7100001")
    Profile.objects.update_or_create(user=member, defaults={"province": "NS"})
    return member


@pytest.fixture
def form(questionnaire):
    """One question of each kind, in order; the agreement scale and the ranking required."""
    make = QuestionFactory
    return {
        "likert5": make(questionnaire=questionnaire, kind=QuestionKind.LIKERT_5, required=True),
        "likert7": make(questionnaire=questionnaire, kind=QuestionKind.LIKERT_7),
        "single": make(questionnaire=questionnaire, kind=QuestionKind.SINGLE),
        "multiple": make(questionnaire=questionnaire, kind=QuestionKind.MULTIPLE),
        "ranking": make(
            questionnaire=questionnaire, kind=QuestionKind.RANKING, required=True, choices=RANKED
        ),
        "rating": make(questionnaire=questionnaire, kind=QuestionKind.RATING),
        "short": make(questionnaire=questionnaire, kind=QuestionKind.SHORT_TEXT),
        "long": make(questionnaire=questionnaire, kind=QuestionKind.LONG_TEXT),
    }


def _ids(question) -> list[str]:
    return [str(pk) for pk in question.choices.values_list("pk", flat=True)]


def _valid(form) -> dict:
    cost, time, care = _ids(form["ranking"])
    return {
        form["likert5"].field_name: "4",
        form["likert7"].field_name: "7",
        form["single"].field_name: _ids(form["single"])[1],
        form["multiple"].field_name: _ids(form["multiple"])[::2],
        form["ranking"].field_name: {cost: "2", time: "3", care: "1"},
        form["rating"].field_name: "10",
        form["short"].field_name: "  Rural   clinics ",
        form["long"].field_name: "Line one\r\nLine two",
    }


def _error_codes(error) -> dict[str, list[str]]:
    return {name: [e.code for e in errors] for name, errors in error.value.error_dict.items()}


# Drafts ---------------------------------------------------------------------------------------


def test_a_draft_keeps_exactly_what_was_typed_even_what_is_not_valid_yet(
    questionnaire, form, person
):
    typed = {
        form["likert5"].field_name: "9",
        form["single"].field_name: "not a choice",
        form["ranking"].field_name: {"1": "1", "2": "1"},
        form["long"].field_name: "x" * 12_000,
    }

    response = services.response_save_draft(questionnaire=questionnaire, user=person, data=typed)

    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT and response.respondent == person
    assert response.draft == typed
    assert not response.answers.exists() and response.submitted_at is None


def test_saving_again_replaces_the_draft_of_the_same_response(questionnaire, form, person):
    first = services.response_save_draft(
        questionnaire=questionnaire, user=person, data={form["short"].field_name: "Fir"}
    )
    second = services.response_save_draft(
        questionnaire=questionnaire, user=person, data={form["short"].field_name: "First"}
    )

    assert first.pk == second.pk
    assert Response.objects.get().draft == {form["short"].field_name: "First"}


def test_a_question_of_another_form_is_refused_not_ignored(questionnaire, form, person):
    elsewhere = QuestionFactory(kind=QuestionKind.SHORT_TEXT)

    for write in (services.response_save_draft, services.response_submit):
        with pytest.raises(ValidationError) as error:
            write(questionnaire=questionnaire, user=person, data={elsewhere.field_name: "Hi"})
        assert error.value.code == "unknown_question"
        with pytest.raises(ValidationError):
            write(questionnaire=questionnaire, user=person, data={"q999999": "Hi"})
    assert not Response.objects.exists()


# Sending --------------------------------------------------------------------------------------


def test_sending_records_each_answer_as_rows_and_the_groups_not_the_person(
    questionnaire, form, person
):
    data = _valid(form)

    with translation.override("fr"):
        response = services.response_submit(questionnaire=questionnaire, user=person, data=data)

    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED and response.submitted_at is not None
    assert (response.user_type, response.province, response.language) == ("physician", "NS", "fr")
    assert response.draft == data
    rows = {q: list(Answer.objects.filter(response=response, question=form[q])) for q in form}
    assert [a.number for a in rows["likert5"]] == [4]
    assert [a.number for a in rows["likert7"]] == [7]
    assert [str(a.choice_id) for a in rows["single"]] == [_ids(form["single"])[1]]
    assert [str(a.choice_id) for a in rows["multiple"]] == _ids(form["multiple"])[::2]
    cost, time, care = _ids(form["ranking"])
    assert [(str(a.choice_id), a.number) for a in rows["ranking"]] == [
        (care, 1),
        (cost, 2),
        (time, 3),
    ]
    assert [a.number for a in rows["rating"]] == [10]
    assert [a.text for a in rows["short"]] == ["Rural clinics"]
    assert [a.text for a in rows["long"]] == ["Line one\nLine two"]


def test_optional_questions_left_blank_have_no_answer_rows(questionnaire, form, person):
    cost, time, care = _ids(form["ranking"])
    data = {
        form["likert5"].field_name: "3",
        form["ranking"].field_name: [care, cost, time],
        form["multiple"].field_name: [],
        form["short"].field_name: "   ",
    }

    response = services.response_submit(questionnaire=questionnaire, user=person, data=data)

    assert sorted(response.answers.values_list("question_id", flat=True)) == sorted(
        [form["likert5"].pk] + [form["ranking"].pk] * 3
    )


def test_a_sent_response_changed_and_sent_again_replaces_its_answers(questionnaire, form, person):
    data = _valid(form)
    first = services.response_submit(questionnaire=questionnaire, user=person, data=data)
    sent_at = first.submitted_at

    data[form["likert5"].field_name] = "1"
    data[form["short"].field_name] = ""
    again = services.response_submit(questionnaire=questionnaire, user=person, data=data)

    assert again.pk == first.pk and Response.objects.count() == 1
    assert again.submitted_at == sent_at
    assert list(
        Answer.objects.filter(question=form["likert5"]).values_list("number", flat=True)
    ) == [1]
    assert not Answer.objects.filter(question=form["short"]).exists()


def test_an_unverified_physician_is_counted_as_the_public(questionnaire, form):
    unverified = UserFactory(username="dr-unverified", user_type=UserType.PHYSICIAN)

    response = services.response_submit(
        questionnaire=questionnaire, user=unverified, data=_valid(form)
    )

    assert response.user_type == UserType.PUBLIC and response.province == ""


@pytest.mark.parametrize(
    ("question", "value", "code"),
    [
        ("likert5", "", "required"),
        ("likert5", "6", "invalid"),
        ("likert5", "agree", "invalid"),
        ("likert7", "0", "invalid"),
        ("rating", "11", "invalid"),
        ("single", "999999", "invalid"),
        ("single", ["1", "2"], "invalid"),
        ("multiple", ["999999"], "invalid"),
        ("ranking", {}, "required"),
        ("ranking", "rank", "invalid"),
        ("short", "x" * 301, "max_length"),
        ("long", "x" * 10_001, "max_length"),
        ("long", ["a list"], "invalid"),
    ],
)
def test_an_answer_that_does_not_fit_its_question_is_refused_next_to_it(
    questionnaire, form, person, question, value, code
):
    data = _valid(form)
    data[form[question].field_name] = value

    with pytest.raises(ValidationError) as error:
        services.response_submit(questionnaire=questionnaire, user=person, data=data)

    assert _error_codes(error) == {form[question].field_name: [code]}
    assert str(error.value.error_dict[form[question].field_name][0].message)


def test_a_choice_of_another_question_is_an_invalid_choice(questionnaire, form, person):
    data = _valid(form)
    data[form["single"].field_name] = _ids(form["multiple"])[0]
    data[form["multiple"].field_name] = [_ids(form["single"])[0]]
    ranking = form["ranking"].field_name
    data[ranking] = {**data[ranking], _ids(form["single"])[0]: "4"}

    with pytest.raises(ValidationError) as error:
        services.response_submit(questionnaire=questionnaire, user=person, data=data)

    assert _error_codes(error) == {
        form["single"].field_name: ["invalid"],
        form["multiple"].field_name: ["invalid"],
        ranking: ["invalid"],
    }
    assert "Rank only the choices offered." in error.value.error_dict[ranking][0].messages


@pytest.mark.parametrize(
    ("ranks", "code"),
    [
        ({"cost": "1", "time": "1", "care": "2"}, "duplicate_rank"),
        (["cost", "cost", "care"], "duplicate_choice"),
        ({"cost": "1", "time": "2", "care": ""}, "incomplete"),
        (["care", "cost"], "incomplete"),
        ({"cost": "1", "time": "2", "care": "4"}, "invalid"),
    ],
)
def test_a_ranking_with_duplicates_or_gaps_is_refused(questionnaire, form, person, ranks, code):
    ids = dict(zip(["cost", "time", "care"], _ids(form["ranking"]), strict=True))
    value = (
        {ids[name]: rank for name, rank in ranks.items()}
        if isinstance(ranks, dict)
        else [ids[name] for name in ranks]
    )
    data = {**_valid(form), form["ranking"].field_name: value}

    with pytest.raises(ValidationError) as error:
        services.response_submit(questionnaire=questionnaire, user=person, data=data)

    assert _error_codes(error) == {form["ranking"].field_name: [code]}


def test_an_optional_ranking_may_rank_the_first_few_without_skipping(questionnaire, person):
    question = QuestionFactory(questionnaire=questionnaire, kind=QuestionKind.RANKING)
    _cost, time, _care = _ids(question)

    services.response_submit(
        questionnaire=questionnaire, user=person, data={question.field_name: {time: "1"}}
    )
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            questionnaire=questionnaire, user=person, data={question.field_name: {time: "2"}}
        )

    assert _error_codes(error) == {question.field_name: ["gap"]}
    assert list(Answer.objects.values_list("number", flat=True)) == [1]


def test_a_refused_send_keeps_the_text_as_the_draft_and_changes_no_answer(
    questionnaire, form, person
):
    sent = services.response_submit(questionnaire=questionnaire, user=person, data=_valid(form))
    answers = list(Answer.objects.order_by("pk").values_list("pk", flat=True))
    data = {**_valid(form), form["likert5"].field_name: "", form["long"].field_name: "Kept"}

    with pytest.raises(ValidationError):
        services.response_submit(questionnaire=questionnaire, user=person, data=data)

    sent.refresh_from_db()
    assert sent.draft[form["long"].field_name] == "Kept"
    assert sent.status == ResponseStatus.SUBMITTED
    assert list(Answer.objects.order_by("pk").values_list("pk", flat=True)) == answers
    assert selectors.has_unsent_changes(
        response=sent, questions=selectors.question_list(questionnaire=questionnaire)
    )


def test_a_send_the_callers_check_refuses_keeps_the_text_and_records_nothing(
    questionnaire, form, person
):
    def closed():
        raise PermissionDenied("This consultation closed on Monday.")

    with pytest.raises(PermissionDenied, match="closed on Monday"):
        services.response_submit(
            questionnaire=questionnaire, user=person, data=_valid(form), check=closed
        )

    response = Response.objects.get()
    assert response.status == ResponseStatus.DRAFT and response.draft == _valid(form)
    assert not Answer.objects.exists()


def test_what_was_sent_reads_back_in_the_shape_the_form_types_it(questionnaire, form, person):
    response = services.response_submit(questionnaire=questionnaire, user=person, data=_valid(form))
    questions = selectors.question_list(questionnaire=questionnaire)

    sent = selectors.sent_answers(response=response, questions=questions)

    expected = _valid(form)
    expected[form["short"].field_name] = "Rural clinics"
    expected[form["long"].field_name] = "Line one\nLine two"
    assert sent == expected
    assert not selectors.has_unsent_changes(response=response, questions=questions)


def test_a_person_sees_only_their_own_response(questionnaire, form, person):
    mine = services.response_save_draft(questionnaire=questionnaire, user=person, data={})
    other = verified_member("dr-other", "7100002")
    theirs = services.response_save_draft(questionnaire=questionnaire, user=other, data={})

    assert selectors.response_for(questionnaire=questionnaire, user=person) == mine
    found = selectors.response_get(questionnaire=questionnaire, user=person, response_id=mine.pk)
    assert found == mine
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.response_get(questionnaire=questionnaire, user=person, response_id=theirs.pk)


# Data rights (ID-6) -------------------------------------------------------------------------


def _export(user) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(account_export(user=user)))
    return json.loads(archive.read("collegium.json"))["questionnaires"]


def test_a_persons_data_export_holds_their_answers_as_they_read_them(questionnaire, form, person):
    other = verified_member("dr-not-me", "7100003")
    services.response_submit(questionnaire=questionnaire, user=other, data=_valid(form))
    with translation.override("fr"):
        services.response_submit(questionnaire=questionnaire, user=person, data=_valid(form))
    unsent = QuestionnaireFactory()
    draft_question = QuestionFactory(questionnaire=unsent, kind=QuestionKind.SHORT_TEXT)
    services.response_save_draft(
        questionnaire=unsent, user=person, data={draft_question.field_name: "Half"}
    )

    data = _export(person)

    sent, draft = data["responses"]
    assert sent["status"] == "submitted" and draft["status"] == "draft"
    answers = {a["question"]: a["answer"] for a in sent["answers"]}
    with translation.override("fr"):
        assert answers[form["likert5"].label_fr] == str(LIKERT_5_POINTS[3])
    assert answers[form["ranking"].label_fr] == ["Soins", "Coût", "Temps"]
    assert answers[form["rating"].label_fr] == 10
    assert answers[form["short"].label_fr] == "Rural clinics"
    assert draft["draft"] == [{"question": draft_question.label_en, "typed": "Half"}]
    assert "dr-not-me" not in json.dumps(data)


def test_deleting_an_account_detaches_sent_answers_and_deletes_drafts(questionnaire, form, person):
    sent = services.response_submit(questionnaire=questionnaire, user=person, data=_valid(form))
    unsent = QuestionnaireFactory()
    services.response_save_draft(questionnaire=unsent, user=person, data={})

    account_delete(user=person, erase_content=False)

    sent.refresh_from_db()
    assert sent.respondent is None and sent.draft == {}
    assert sent.status == ResponseStatus.SUBMITTED and sent.answers.count() == 11
    assert not Response.objects.filter(questionnaire=unsent).exists()
