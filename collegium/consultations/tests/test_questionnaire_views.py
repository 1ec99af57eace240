"""The confidential form's pages: staff build it, the consultation's audience answers it; 404
for everyone else, and nothing a person types is lost (EN-1, SPEC bad input)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.communities.tests.factories import make_community
from collegium.consultations.choices import ConsultationStatus
from collegium.consultations.models import Consultation
from collegium.consultations.tests.factories import ConsultationFactory
from collegium.questionnaires import services
from collegium.questionnaires.choices import QuestionKind, ResponseStatus
from collegium.questionnaires.models import Answer, Question, QuestionnaireRevision, Response
from collegium.questionnaires.tests.factories import QuestionFactory


@pytest.fixture
def staff(db):
    return UserFactory(
        username="staff-form",
        user_type=UserType.PUBLIC,
        staff_role=StaffRole.STAFF,
        is_staff=True,
    )


@pytest.fixture
def member(db):
    """A verified physician: in the consultation's audience."""
    return verified_member("dr-in-audience", "7200001")


@pytest.fixture
def other_member(db):
    return verified_member("dr-also-in-audience", "7200003")


@pytest.fixture
def learner(db):
    """A verified learner: a member, outside this consultation's audience."""
    return verified_member("learner-outside", "7200002", user_type=UserType.LEARNER)


@pytest.fixture
def patient(db):
    """Not a member of the association."""
    return UserFactory(username="patient-outside", user_type=UserType.PATIENT)


@pytest.fixture
def consultation(db):
    return ConsultationFactory(audience=[UserType.PHYSICIAN])


@pytest.fixture
def questions(consultation):
    questionnaire = consultation.questionnaire
    make = QuestionFactory
    return {
        "scale": make(questionnaire=questionnaire, kind=QuestionKind.LIKERT_5, required=True),
        "single": make(questionnaire=questionnaire, kind=QuestionKind.SINGLE),
        "ranking": make(questionnaire=questionnaire, kind=QuestionKind.RANKING, required=True),
        "text": make(questionnaire=questionnaire, kind=QuestionKind.LONG_TEXT),
    }


def _url(name, consultation, *args):
    return reverse(f"consultations:{name}", args=[consultation.slug, *args])


def _ids(question) -> list[int]:
    return list(question.choices.values_list("pk", flat=True))


def _answers(questions, **changes) -> dict:
    """A valid POST of the form, with ``changes`` by question key (None leaves it out)."""
    ranking = questions["ranking"]
    first, second, third = _ids(ranking)
    data = {
        questions["scale"].field_name: "4",
        questions["single"].field_name: str(_ids(questions["single"])[0]),
        f"{ranking.field_name}_c{first}": "2",
        f"{ranking.field_name}_c{second}": "1",
        f"{ranking.field_name}_c{third}": "3",
        questions["text"].field_name: "Shorter forms would save us hours.",
    }
    for key, value in changes.items():
        name = questions[key].field_name if key in questions else key
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def _close(consultation: Consultation) -> None:
    Consultation.objects.filter(pk=consultation.pk).update(
        status=ConsultationStatus.CLOSED,
        closes_at=timezone.now() - timedelta(hours=1),
        closed_at=timezone.now() - timedelta(hours=1),
    )


# Who may see what -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "builder", "respond"),
    [
        ("staff", 200, 200),
        ("member", 404, 200),
        ("learner", 404, 404),
        ("patient", 404, 404),
        ("anonymous", 302, 302),
    ],
)
def test_staff_build_the_form_and_its_audience_answers_it_everyone_else_gets_404(
    client, request, consultation, questions, who, builder, respond
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    question = questions["single"]
    staff_pages = [
        _url("form", consultation),
        _url("form_revisions", consultation),
        _url("question_edit", consultation, question.pk),
        _url("question_delete", consultation, question.pk),
    ]

    for url in staff_pages:
        assert client.get(url).status_code == builder, url
    assert client.get(_url("respond", consultation)).status_code == respond
    staff_posts = [
        (_url("question_add", consultation), {"kind": "short_text"}),
        (_url("question_move", consultation, question.pk), {"direction": "up"}),
        (_url("question_delete", consultation, question.pk), {}),
    ]
    for url, data in staff_posts:
        assert client.post(url, data).status_code in ({200, 302} if builder == 200 else {builder})
    if builder != 200:
        assert Question.objects.filter(pk=question.pk).exists()
        assert Question.objects.count() == 4


def test_a_community_consultation_is_answered_only_by_its_participants(
    client, member, other_member
):
    community = make_community("Rural medicine", participants=[member])
    consultation = ConsultationFactory(community=community, audience=[UserType.PHYSICIAN])
    QuestionFactory(questionnaire=consultation.questionnaire, kind=QuestionKind.SHORT_TEXT)

    client.force_login(member)
    assert client.get(_url("respond", consultation)).status_code == 200
    client.force_login(other_member)
    assert client.get(_url("respond", consultation)).status_code == 404
    assert client.post(_url("respond", consultation), {"action": "draft"}).status_code == 404
    assert not Response.objects.exists()


def test_someone_elses_response_id_is_404(client, consultation, questions, member, other_member):
    theirs = services.response_save_draft(
        questionnaire=consultation.questionnaire,
        user=other_member,
        data={questions["text"].field_name: "Mine, not yours"},
    )
    client.force_login(member)

    assert client.get(_url("response", consultation, theirs.pk)).status_code == 404
    data = _answers(questions)
    assert client.post(_url("response", consultation, theirs.pk), data).status_code == 404
    assert client.post(_url("response_draft", consultation, theirs.pk), data).status_code == 404
    mine = services.response_save_draft(
        questionnaire=consultation.questionnaire, user=member, data={}
    )
    assert client.get(_url("response", consultation, theirs.pk)).status_code == 404
    assert client.get(_url("response", consultation, mine.pk)).status_code == 200
    theirs.refresh_from_db()
    assert theirs.draft == {questions["text"].field_name: "Mine, not yours"}
    assert not Answer.objects.exists()


@pytest.mark.parametrize("forged", ["q999999", "ranking_c999999"])
def test_a_forged_question_or_choice_id_is_404_and_changes_nothing(
    client, consultation, questions, member, forged
):
    other = QuestionFactory(kind=QuestionKind.SHORT_TEXT)
    client.force_login(member)
    name = forged.replace("ranking", questions["ranking"].field_name)

    for extra in ({name: "1"}, {other.field_name: "From another form"}):
        for action in ("send", "draft"):
            data = {**_answers(questions), **extra, "action": action}
            assert client.post(_url("respond", consultation), data).status_code == 404
    assert not Response.objects.exists()


def test_a_question_of_another_form_is_404_on_the_builders_pages(client, consultation, staff):
    other = QuestionFactory(kind=QuestionKind.SHORT_TEXT)
    client.force_login(staff)

    assert client.get(_url("question_edit", consultation, other.pk)).status_code == 404
    assert client.post(_url("question_delete", consultation, other.pk)).status_code == 404
    response = client.post(_url("question_move", consultation, other.pk), {"direction": "up"})
    assert response.status_code == 404
    assert Question.objects.filter(pk=other.pk).exists()


# Answering ------------------------------------------------------------------------------------


def test_a_participant_sends_their_answers_and_is_taken_to_their_response(
    client, consultation, questions, member
):
    client.force_login(member)
    page = client.get(_url("respond", consultation)).content.decode()
    assert "Send my answers" in page and consultation.title_en in page

    response = client.post(_url("respond", consultation), {**_answers(questions), "action": "send"})

    sent = Response.objects.get(respondent=member)
    assert response.status_code == 302
    assert response["Location"] == _url("response", consultation, sent.pk)
    assert sent.status == ResponseStatus.SUBMITTED and sent.user_type == UserType.PHYSICIAN
    assert Answer.objects.filter(response=sent).count() == 6
    assert client.get(_url("respond", consultation))["Location"] == response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Your answers are sent" in page and "Send my changed answers" in page


def test_a_sent_response_can_be_changed_and_sent_again_until_the_close(
    client, consultation, questions, member
):
    client.force_login(member)
    client.post(_url("respond", consultation), _answers(questions))
    sent = Response.objects.get()

    changed = _answers(questions, scale="1", text="Changed my mind.")
    response = client.post(_url("response", consultation, sent.pk), changed)

    assert response.status_code == 302
    assert Answer.objects.get(question=questions["scale"]).number == 1
    assert Answer.objects.get(question=questions["text"]).text == "Changed my mind."
    assert Response.objects.count() == 1


def _rank(questions, first: str, second: str) -> dict:
    ranking = questions["ranking"]
    one, two, _three = _ids(ranking)
    return {f"{ranking.field_name}_c{one}": first, f"{ranking.field_name}_c{two}": second}


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        (
            lambda q: {q["single"].field_name: "999999"},
            "single",
            "Choose one of the choices offered.",
        ),
        (lambda q: {q["scale"].field_name: ""}, "scale", "Answer this question."),
        (
            lambda q: {q["scale"].field_name: "12"},
            "scale",
            "Choose one of the points of the scale.",
        ),
        (lambda q: _rank(q, "1", "1"), "ranking", "Give each choice a different rank."),
        (lambda q: _rank(q, "", "1"), "ranking", "Rank every choice."),
    ],
    ids=["invalid choice", "missing required", "out of range", "duplicate ranks", "incomplete"],
)
def test_bad_answers_are_refused_next_to_their_question_and_the_text_is_kept(
    client, consultation, questions, member, bad, field, message
):
    data = {**_answers(questions, text="Please keep this text."), **bad(questions)}
    client.force_login(member)

    response = client.post(_url("respond", consultation), data)

    assert response.status_code == 200
    page = response.content.decode()
    name = questions[field].field_name
    assert f'id="id_{name}_error"><li>{message}</li>' in page
    assert "Please keep this text." in page
    kept = Response.objects.get()
    assert kept.status == ResponseStatus.DRAFT
    assert kept.draft[questions["text"].field_name] == "Please keep this text."
    assert not Answer.objects.exists()


def test_the_draft_is_saved_by_the_script_and_by_the_button_without_javascript(
    client, consultation, questions, member
):
    client.force_login(member)
    typed = _answers(questions, single="999999", text="Half-written")

    saved = client.post(
        _url("respond", consultation), {**typed, "action": "draft"}, headers={"HX-Request": "true"}
    )

    assert saved.status_code == 200
    response = Response.objects.get()
    text = saved.content.decode()
    assert "Draft saved at" in text and _url("response_draft", consultation, response.pk) in text
    assert response.status == ResponseStatus.DRAFT
    assert response.draft[questions["single"].field_name] == "999999"

    typed[questions["text"].field_name] = "Written"
    again = client.post(
        _url("response_draft", consultation, response.pk),
        typed,
        headers={"HX-Request": "true"},
    )
    assert again.status_code == 200 and "Draft saved at" in again.content.decode()
    response.refresh_from_db()
    assert response.draft[questions["text"].field_name] == "Written"

    button = client.post(_url("respond", consultation), {**typed, "action": "draft"})
    assert button.status_code == 302
    assert button["Location"] == _url("response", consultation, response.pk)
    page = client.get(button["Location"]).content.decode()
    assert "saved as a draft" in page and "Written" in page
    assert Response.objects.count() == 1 and not Answer.objects.exists()


def test_after_the_close_the_answers_are_shown_read_only_with_the_reason(
    client, consultation, questions, member
):
    client.force_login(member)
    client.post(_url("respond", consultation), _answers(questions, text="What I sent."))
    sent = Response.objects.get()
    services.response_save_draft(
        questionnaire=consultation.questionnaire,
        user=member,
        data={questions["text"].field_name: "Not sent"},
    )
    _close(consultation)

    page = client.get(_url("response", consultation, sent.pk)).content.decode()

    assert "answers can no longer be sent or changed" in page
    assert "What I sent." in page and "Not sent" not in page
    assert "Send my" not in page and "disabled" in page
    assert "were not sent" in page


def test_a_send_after_the_close_keeps_the_text_as_a_draft_and_says_why(
    client, consultation, questions, member
):
    client.force_login(member)
    _close(consultation)

    response = client.post(
        _url("respond", consultation), _answers(questions, text="Too late, but kept.")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "answers can no longer be sent or changed" in page
    assert "Too late, but kept." in page
    kept = Response.objects.get()
    assert kept.status == ResponseStatus.DRAFT
    assert kept.draft[questions["text"].field_name] == "Too late, but kept."
    assert not Answer.objects.exists()
    status = client.post(
        _url("response_draft", consultation, kept.pk),
        _answers(questions, text="Still typing"),
        headers={"HX-Request": "true"},
    )
    assert "Draft saved at" in status.content.decode()
    assert "can no longer be sent" in status.content.decode()


def test_a_consultation_in_preparation_shows_staff_the_form_and_keeps_no_response(
    client, consultation, questions, staff
):
    Consultation.objects.filter(pk=consultation.pk).update(
        status=ConsultationStatus.DRAFT, opened_at=None
    )
    client.force_login(staff)

    page = client.get(_url("respond", consultation)).content.decode()
    assert "not open yet" in page and "disabled" in page
    response = client.post(_url("respond", consultation), _answers(questions))
    assert response.status_code == 200 and "not open yet" in response.content.decode()
    client.post(_url("respond", consultation), {**_answers(questions), "action": "draft"})
    assert not Response.objects.exists()


def test_answers_sent_after_the_session_expired_are_kept_through_the_sign_in(
    client, consultation, questions, member
):
    response = client.post(
        _url("respond", consultation), _answers(questions, text="Typed before sign-in")
    )

    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(member)
    page = client.get(_url("respond", consultation)).content.decode()
    assert "Typed before sign-in" in page and "Your answers were kept" in page
    kept = Response.objects.get(respondent=member)
    assert kept.draft[questions["text"].field_name] == "Typed before sign-in"
    assert kept.status == ResponseStatus.DRAFT


def test_a_draft_saved_by_the_script_from_an_expired_session_says_so(
    client, consultation, questions
):
    response = client.post(
        _url("response_draft", consultation, 1), _answers(questions), headers={"HX-Request": "1"}
    )

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/plain")
    assert "Sign in again" in response.content.decode()


# Building -------------------------------------------------------------------------------------


def test_staff_add_a_question_and_a_refusal_keeps_what_they_typed(client, consultation, staff):
    client.force_login(staff)
    url = _url("question_add", consultation)
    refused = client.post(
        url,
        {
            "kind": QuestionKind.SINGLE,
            "label_en": "Which option?",
            "label_fr": "Quelle option?",
            "choices": "Yes | Oui\nNo |",
        },
    )

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Choice 2: write it in English and in French." in page
    assert "Which option?" in page and "No |" in page
    assert not Question.objects.exists()

    added = client.post(
        url,
        {
            "kind": QuestionKind.SINGLE,
            "label_en": "Which option?",
            "label_fr": "Quelle option?",
            "choices": "Yes | Oui\nNo | Non",
            "required": "on",
        },
    )
    question = Question.objects.get()
    assert added.status_code == 302
    assert added["Location"].endswith(f"#question-{question.pk}")
    assert question.required and question.choices.count() == 2
    assert "Which option?" in client.get(_url("form", consultation)).content.decode()


def test_the_builder_says_how_many_have_answered_never_who(
    client, consultation, questions, staff, member, other_member
):
    services.response_submit(
        questionnaire=consultation.questionnaire,
        user=member,
        data={
            questions["scale"].field_name: "3",
            questions["ranking"].field_name: [str(pk) for pk in _ids(questions["ranking"])],
        },
    )
    services.response_save_draft(
        questionnaire=consultation.questionnaire, user=other_member, data={}
    )
    client.force_login(staff)

    page = client.get(_url("form", consultation)).content.decode()

    assert "<dt>Sent</dt><dd>1</dd>" in page and "<dt>Drafts not sent yet</dt><dd>1</dd>" in page
    assert "You can no longer delete a question" in page
    assert member.username not in page and other_member.username not in page
    assert _url("question_delete", consultation, questions["text"].pk) not in page


def test_once_answered_the_builder_refuses_what_would_corrupt_the_answers_and_says_why(
    client, consultation, questions, staff, member
):
    services.response_save_draft(questionnaire=consultation.questionnaire, user=member, data={})
    single = questions["single"]
    client.force_login(staff)

    deleted = client.post(_url("question_delete", consultation, single.pk))
    assert deleted.status_code == 200
    assert "deleting a question would delete their answers" in deleted.content.decode()
    assert Question.objects.filter(pk=single.pk).exists()

    edit = {
        "kind": single.kind,
        "label_en": single.label_en,
        "label_fr": single.label_fr,
        "choices": "Yes | Oui\nNo | Non\nNot sure | Incertain\nMaybe | Peut-être",
    }
    refused = client.post(_url("question_edit", consultation, single.pk), edit)
    assert refused.status_code == 200
    assert "choices can no longer be added, removed or reordered" in refused.content.decode()
    assert single.choices.count() == 3

    edit["choices"] = "Yes | Oui\nNo | Non\nUnsure | Incertain"
    fixed = client.post(_url("question_edit", consultation, single.pk), edit)
    assert fixed.status_code == 302
    revision = QuestionnaireRevision.objects.get()
    assert revision.wording["questions"][1]["choices"][2]["label_en"] == "Not sure"
    page = client.get(_url("form_revisions", consultation)).content.decode()
    assert "Not sure" in page and "Wording 1" in page


def test_staff_move_questions_up_and_down(client, consultation, questions, staff):
    client.force_login(staff)

    moved = client.post(
        _url("question_move", consultation, questions["text"].pk), {"direction": "up"}
    )

    assert moved.status_code == 302
    order = list(consultation.questionnaire.questions.values_list("pk", flat=True))
    assert order[2] == questions["text"].pk
    bad = client.post(
        _url("question_move", consultation, questions["text"].pk), {"direction": "left"}
    )
    assert bad.status_code == 404
