"""Staff build a confidential form; once people answer, what would corrupt their answers is
refused and wording fixes are versioned (EN-1)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.questionnaires import services
from collegium.questionnaires.choices import CHOICE_KINDS, QuestionKind, ResponseStatus
from collegium.questionnaires.models import (
    MAX_CHOICES,
    MAX_QUESTIONS,
    Choice,
    Question,
    QuestionnaireRevision,
)
from collegium.questionnaires.tests.factories import (
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
)

YES_NO = [("Yes", "Oui"), ("No", "Non"), ("Not sure", "Incertain")]


@pytest.fixture
def staff(db):
    return UserFactory(
        username="staff-builder", user_type=UserType.PUBLIC, staff_role=StaffRole.STAFF
    )


@pytest.fixture
def questionnaire(db):
    return QuestionnaireFactory()


def _add(staff, questionnaire, **fields):
    kind = fields.pop("kind", QuestionKind.SINGLE)
    fields.setdefault("choices", YES_NO if kind in CHOICE_KINDS else ())
    fields.setdefault("label_en", "Do you agree?")
    fields.setdefault("label_fr", "Êtes-vous d’accord?")
    return services.question_add(actor=staff, questionnaire=questionnaire, kind=kind, **fields)


def _edit(staff, question, **fields):
    question.refresh_from_db()
    values = {
        "kind": question.kind,
        "label_en": question.label_en,
        "label_fr": question.label_fr,
        "help_text_en": question.help_text_en or "",
        "help_text_fr": question.help_text_fr or "",
        "required": question.required,
        "choices": [(c.label_en, c.label_fr) for c in question.choices.all()],
        **fields,
    }
    return services.question_edit(actor=staff, question=question, **values)


def _started(questionnaire, status=ResponseStatus.DRAFT):
    """Someone has started answering (a draft unless told)."""
    return ResponseFactory(
        questionnaire=questionnaire,
        respondent=verified_member("dr-answering", "7000001"),
        status=status,
        submitted_at=None,
    )


def _codes(error: ValidationError, field: str) -> list[str]:
    return [e.code for e in error.value.error_dict[field]]  # type: ignore[attr-defined]


# Building before anyone answers ---------------------------------------------------------------


def test_staff_add_questions_in_both_languages_at_the_end_of_the_form(staff, questionnaire):
    first = _add(staff, questionnaire)
    second = _add(
        staff,
        questionnaire,
        kind=QuestionKind.LONG_TEXT,
        label_en="  What  else? ",
        label_fr="Quoi d’autre?",
        help_text_en="Anything at all.",
        required=True,
    )

    assert [q.pk for q in questionnaire.questions.all()] == [first.pk, second.pk]
    assert second.label_en == "What else?" and second.required
    assert second.help_text_en == "Anything at all."
    assert [(c.label_en, c.label_fr) for c in first.choices.all()] == YES_NO
    assert not second.choices.exists()
    questionnaire.refresh_from_db()
    assert questionnaire.revision == 1 and not QuestionnaireRevision.objects.exists()


def test_a_question_needs_its_wording_in_english_and_in_french(staff, questionnaire):
    with pytest.raises(ValidationError) as error:
        _add(staff, questionnaire, label_en="Agree?", label_fr="  ")

    assert _codes(error, "label_fr") == ["required"]
    assert "label_en" not in error.value.error_dict
    assert not Question.objects.exists()


def test_an_unknown_question_type_is_refused_next_to_the_type(staff, questionnaire):
    with pytest.raises(ValidationError) as error:
        _add(staff, questionnaire, kind="slider")

    assert _codes(error, "kind") == ["invalid"]


@pytest.mark.parametrize(
    ("choices", "code"),
    [
        ([("Yes", "Oui")], "too_few_choices"),
        ([("Yes", "Oui"), ("No", "")], "choice_language"),
        ([("Yes", "Oui"), ("yes", "Absolument")], "duplicate_choice"),
        ([("Yes", "Oui"), ("Indeed", "oui")], "duplicate_choice"),
        ([("Yes", "Oui"), ("No", "N" * 201)], "choice_max_length"),
        ([(f"C{n}", f"C{n} fr") for n in range(MAX_CHOICES + 1)], "too_many_choices"),
    ],
)
def test_choice_questions_need_two_to_twenty_distinct_choices_in_both_languages(
    staff, questionnaire, choices, code
):
    for kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING):
        with pytest.raises(ValidationError) as error:
            _add(staff, questionnaire, kind=kind, choices=choices)
        assert _codes(error, "choices") == [code]
    assert not Question.objects.exists()


def test_questions_that_are_not_choices_take_no_choices(staff, questionnaire):
    with pytest.raises(ValidationError) as error:
        _add(staff, questionnaire, kind=QuestionKind.LIKERT_5, choices=YES_NO)

    assert _codes(error, "choices") == ["no_choices"]


def test_a_form_has_at_most_sixty_questions(staff, questionnaire):
    for position in range(MAX_QUESTIONS):
        QuestionFactory(questionnaire=questionnaire, position=position, kind="short_text")

    with pytest.raises(ValidationError) as error:
        _add(staff, questionnaire)

    assert error.value.code == "too_many_questions"


def test_only_staff_build_forms(questionnaire):
    member = verified_member("dr-builder", "7000002")
    question = QuestionFactory(questionnaire=questionnaire)

    with pytest.raises(PermissionDenied):
        _add(member, questionnaire)
    with pytest.raises(PermissionDenied):
        _edit(member, question, label_en="Changed")
    with pytest.raises(PermissionDenied):
        services.question_delete(actor=member, question=question)
    with pytest.raises(PermissionDenied):
        services.question_move(actor=member, question=question, direction="up")


def test_before_anyone_answers_everything_changes_freely_without_revisions(staff, questionnaire):
    question = _add(staff, questionnaire)
    kept = list(question.choices.values_list("pk", flat=True))

    _edit(
        staff,
        question,
        kind=QuestionKind.RANKING,
        required=True,
        choices=[("Cost", "Coût"), ("Time", "Temps"), ("Yes", "Oui"), ("Care", "Soins")],
    )

    question.refresh_from_db()
    assert question.kind == QuestionKind.RANKING and question.required
    choices = list(question.choices.all())
    assert [c.label_en for c in choices] == ["Cost", "Time", "Yes", "Care"]
    # Each place keeps its row: drafts' choice ids stay meaningful where they can.
    assert [c.pk for c in choices[:3]] == kept
    _edit(staff, question, kind=QuestionKind.SHORT_TEXT, choices=[])
    assert not Choice.objects.filter(question=question).exists()
    services.question_delete(actor=staff, question=question)
    assert not Question.objects.exists()
    assert not QuestionnaireRevision.objects.exists()


def test_questions_move_up_and_down_and_stop_at_the_ends(staff, questionnaire):
    first, second, third = (_add(staff, questionnaire, label_en=f"Q{n}") for n in range(3))

    services.question_move(actor=staff, question=third, direction="up")
    services.question_move(actor=staff, question=first, direction="up")

    order = list(questionnaire.questions.values_list("pk", flat=True))
    assert order == [first.pk, third.pk, second.pk]
    with pytest.raises(ValidationError):
        services.question_move(actor=staff, question=first, direction="sideways")


# Once people have answered ------------------------------------------------------------------


@pytest.mark.parametrize("status", [ResponseStatus.DRAFT, ResponseStatus.SUBMITTED])
def test_once_anyone_answers_a_draft_included_questions_can_no_longer_be_deleted(
    staff, questionnaire, status
):
    question = _add(staff, questionnaire)
    _started(questionnaire, status)

    with pytest.raises(ValidationError) as error:
        services.question_delete(actor=staff, question=question)

    assert error.value.code == "answered"
    assert "answering" in error.value.messages[0]
    assert Question.objects.filter(pk=question.pk).exists()


def test_once_answered_a_question_keeps_its_type(staff, questionnaire):
    question = _add(staff, questionnaire)
    _started(questionnaire)

    with pytest.raises(ValidationError) as error:
        _edit(staff, question, kind=QuestionKind.MULTIPLE)

    assert _codes(error, "kind") == ["answered"]
    question.refresh_from_db()
    assert question.kind == QuestionKind.SINGLE


@pytest.mark.parametrize(
    "choices",
    [
        [*YES_NO, ("Maybe", "Peut-être")],
        YES_NO[:2],
        [YES_NO[1], YES_NO[0], YES_NO[2]],
        [("Yes", "Oui"), ("Not sure", "Pas certain"), ("Nope", "Non")],
    ],
    ids=["added", "removed", "reordered", "moved to another line"],
)
def test_once_answered_choices_can_no_longer_be_added_removed_or_reordered(
    staff, questionnaire, choices
):
    question = _add(staff, questionnaire)
    _started(questionnaire)

    with pytest.raises(ValidationError) as error:
        _edit(staff, question, choices=choices)

    assert _codes(error, "choices") == ["answered"]
    assert [(c.label_en, c.label_fr) for c in question.choices.all()] == YES_NO


def test_once_answered_an_optional_question_cannot_become_required(staff, questionnaire):
    question = _add(staff, questionnaire)
    _started(questionnaire)

    with pytest.raises(ValidationError) as error:
        _edit(staff, question, required=True)

    assert _codes(error, "required") == ["answered"]


def test_once_answered_wording_fixes_are_kept_as_revisions(staff, questionnaire):
    question = _add(staff, questionnaire, help_text_en="Pick one.")
    choice_ids = list(question.choices.values_list("pk", flat=True))
    _started(questionnaire)

    _edit(
        staff,
        question,
        label_fr="Êtes-vous d’accord ?",
        choices=[("Yes", "Oui"), ("No", "Non"), ("Unsure", "Incertain")],
    )

    question.refresh_from_db()
    assert question.label_fr == "Êtes-vous d’accord ?"
    assert list(question.choices.values_list("pk", flat=True)) == choice_ids
    assert question.choices.last().label_en == "Unsure"
    questionnaire.refresh_from_db()
    assert questionnaire.revision == 2
    revision = QuestionnaireRevision.objects.get()
    assert revision.number == 1 and revision.changed_by == staff
    before = revision.wording["questions"][0]
    assert before["label_fr"] == "Êtes-vous d’accord?"
    assert [c["label_en"] for c in before["choices"]] == ["Yes", "No", "Not sure"]
    assert before["help_text_en"] == "Pick one."
    assert "Question 1" in revision.note and "French" in revision.note


def test_a_wording_fix_keeps_the_note_staff_give_and_a_change_to_nothing_is_no_revision(
    staff, questionnaire
):
    question = _add(staff, questionnaire)
    _started(questionnaire)

    _edit(staff, question)
    assert not QuestionnaireRevision.objects.exists()

    _edit(staff, question, label_en="Do you agree with §2?", note="Named the paragraph.")
    assert QuestionnaireRevision.objects.get().note == "Named the paragraph."


def test_once_answered_a_required_question_can_become_optional_as_a_revision(staff, questionnaire):
    question = _add(staff, questionnaire, required=True)
    _started(questionnaire)

    _edit(staff, question, required=False)

    question.refresh_from_db()
    assert not question.required
    assert QuestionnaireRevision.objects.get().wording["questions"][0]["required"] is True


def test_once_answered_questions_can_be_added_even_required_and_moved_as_revisions(
    staff, questionnaire
):
    first = _add(staff, questionnaire)
    _started(questionnaire, ResponseStatus.SUBMITTED)

    added = _add(staff, questionnaire, kind=QuestionKind.RATING, required=True)
    services.question_move(actor=staff, question=added, direction="up")

    assert list(questionnaire.questions.values_list("pk", flat=True)) == [added.pk, first.pk]
    revisions = list(QuestionnaireRevision.objects.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert len(revisions[0].wording["questions"]) == 1
    assert [q["id"] for q in revisions[1].wording["questions"]] == [first.pk, added.pk]
    assert revisions[0].note == "Question 2 added."
    assert revisions[1].note == "Question 2 moved up."
    questionnaire.refresh_from_db()
    assert questionnaire.revision == 3
