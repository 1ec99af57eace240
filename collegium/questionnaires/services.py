"""Writes to the confidential questionnaires (EN-1; EN-3's surveys reuse them): staff build the
form, participants answer it. Nothing here knows what asks the questionnaire: whether a person
may send now (a consultation open to them) is the caller's check, passed as ``check``.

Building. Before anyone answers, every change is free. Once a response exists — a draft
counts: it holds someone's typed answers keyed by question and choice, and a deleted question
or a changed choice would silently lose or misplace what they typed (SPEC §0, nothing lost) —
only the changes that cannot corrupt answers are made:

- refused, with the reason next to the field: deleting a question, changing its type, adding,
  removing or reordering its choices, making an optional question required (answers already
  sent without it would become incomplete);
- allowed and versioned: fixing the wording of a question, its help text or its choices (a
  choice's line at the same place is the same choice, reworded), making a question optional,
  moving a question, and adding one. A new question, even a required one, binds the sends
  made from then on (a first send, or a response changed and sent again); responses sent
  before stay as they were, without an answer to it, and the revision shows they never saw it.

Each versioned change keeps the form as it read before in a ``QuestionnaireRevision`` and bumps
``Questionnaire.revision``. The questionnaire's row is locked for every change, and for the
creation of a first response, so that no change slips in between "nobody has answered" and
the change itself.

Answering. ``response_save_draft`` keeps what was typed, as typed, valid or not;
``response_submit`` checks every answer against the questions as they are now, then writes
the ``Answer`` rows in one transaction. A refused send keeps what was typed as the draft.

Typed answers (``data``) are keyed by the question's field name (``q<id>``):

- agreement scale, rating, single choice, short and long text: a string (a scale point, a
  choice id, the text);
- multiple choice: a list of choice ids;
- ranking: ``{choice id: rank}`` (ranks as strings, blank for none), or a list of choice ids,
  first ranked first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from collegium import permissions
from collegium.accounts.models import Profile, User
from collegium.questionnaires.choices import (
    CHOICE_KINDS,
    RATING_MAX,
    QuestionKind,
    ResponseStatus,
)
from collegium.questionnaires.models import (
    CHOICE_MAX_LENGTH,
    HELP_MAX_LENGTH,
    LABEL_MAX_LENGTH,
    LONG_TEXT_MAX_LENGTH,
    MAX_CHOICES,
    MAX_QUESTIONS,
    SHORT_TEXT_MAX_LENGTH,
    Answer,
    Choice,
    Question,
    Questionnaire,
    QuestionnaireRevision,
    Response,
)

# The points of each scale: agreement scales from "Strongly disagree" (1), ratings from 1 to 10.
SCALE_POINTS: dict[str, int] = {
    QuestionKind.LIKERT_5: 5,
    QuestionKind.LIKERT_7: 7,
    QuestionKind.RATING: RATING_MAX,
}
# A draft keeps text as typed, even past the limit of its answer (so that the person can
# shorten it); beyond this much, what was sent is not typing and is cut.
DRAFT_TEXT_MAX_LENGTH = 2 * LONG_TEXT_MAX_LENGTH
DRAFT_VALUE_MAX_ITEMS = 100
DRAFT_ID_MAX_LENGTH = 20
NOTE_MAX_LENGTH = 300
DIRECTIONS = ("up", "down")

Typed = dict[str, Any]


# Building the form -------------------------------------------------------------------------


@dataclass(frozen=True)
class _CleanQuestion:
    kind: str
    label_en: str
    label_fr: str
    help_text_en: str
    help_text_fr: str
    required: bool
    choices: tuple[tuple[str, str], ...]


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _clean_choices(kind: str, choices: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    cleaned = tuple((_one_line(en), _one_line(fr)) for en, fr in choices)
    if kind not in CHOICE_KINDS:
        if cleaned:
            raise ValidationError(
                _("This type of question has no choices: leave the choices empty."),
                code="no_choices",
            )
        return ()
    if len(cleaned) < 2:
        raise ValidationError(_("Give at least two choices, one per line."), code="too_few_choices")
    if len(cleaned) > MAX_CHOICES:
        raise ValidationError(
            _("Give at most %(limit)s choices.") % {"limit": MAX_CHOICES}, code="too_many_choices"
        )
    seen: dict[str, int] = {}
    for number, (english, french) in enumerate(cleaned, start=1):
        if not english or not french:
            raise ValidationError(
                _("Choice %(number)s: write it in English and in French.") % {"number": number},
                code="choice_language",
            )
        if len(english) > CHOICE_MAX_LENGTH or len(french) > CHOICE_MAX_LENGTH:
            raise ValidationError(
                _("Choice %(number)s: keep it under %(limit)s characters.")
                % {"number": number, "limit": CHOICE_MAX_LENGTH},
                code="choice_max_length",
            )
        for key in (f"en:{english.casefold()}", f"fr:{french.casefold()}"):
            if key in seen:
                raise ValidationError(
                    _("Choice %(number)s is the same as choice %(other)s: make each one differ.")
                    % {"number": number, "other": seen[key]},
                    code="duplicate_choice",
                )
            seen[key] = number
    return cleaned


def _clean_question(
    *,
    kind: str,
    label_en: str,
    label_fr: str,
    help_text_en: str,
    help_text_fr: str,
    required: bool,
    choices: Sequence[tuple[str, str]],
) -> _CleanQuestion:
    errors: dict[str, ValidationError] = {}
    if kind not in QuestionKind.values:
        errors["kind"] = ValidationError(_("Choose the type of question."), code="invalid")
    labels = {"en": _one_line(label_en), "fr": _one_line(label_fr)}
    missing = {
        "en": _("Write the question in English."),
        "fr": _("Write the question in French."),
    }
    for language, label in labels.items():
        if not label:
            errors[f"label_{language}"] = ValidationError(missing[language], code="required")
        elif len(label) > LABEL_MAX_LENGTH:
            errors[f"label_{language}"] = ValidationError(
                _("Keep the question under %(limit)s characters.") % {"limit": LABEL_MAX_LENGTH},
                code="max_length",
            )
    helps = {"en": (help_text_en or "").strip(), "fr": (help_text_fr or "").strip()}
    for language, help_text in helps.items():
        if len(help_text) > HELP_MAX_LENGTH:
            errors[f"help_text_{language}"] = ValidationError(
                _("Keep the help text under %(limit)s characters.") % {"limit": HELP_MAX_LENGTH},
                code="max_length",
            )
    cleaned_choices: tuple[tuple[str, str], ...] = ()
    if "kind" not in errors:
        try:
            cleaned_choices = _clean_choices(kind, choices)
        except ValidationError as error:
            errors["choices"] = error
    if errors:
        raise ValidationError(errors)
    return _CleanQuestion(
        kind=kind,
        label_en=labels["en"],
        label_fr=labels["fr"],
        help_text_en=helps["en"],
        help_text_fr=helps["fr"],
        required=bool(required),
        choices=cleaned_choices,
    )


def _locked(questionnaire: Questionnaire) -> Questionnaire:
    """The questionnaire, read again under a row lock: changes to its questions and the
    creation of a first response wait for each other."""
    return Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)


def _is_answered(questionnaire: Questionnaire) -> bool:
    """Whether anyone has started answering (a draft counts: see the module's docstring)."""
    return Response.objects.filter(questionnaire=questionnaire).exists()


def _wording(questionnaire: Questionnaire) -> dict[str, Any]:
    """The form as it reads now: every question and choice in both languages, in order."""
    questions = (
        Question.objects.filter(questionnaire=questionnaire)
        .prefetch_related("choices")
        .order_by("position", "pk")
    )
    return {
        "questions": [
            {
                "id": question.pk,
                "number": number,
                "kind": question.kind,
                "required": question.required,
                "label_en": question.label_en or "",
                "label_fr": question.label_fr or "",
                "help_text_en": question.help_text_en or "",
                "help_text_fr": question.help_text_fr or "",
                "choices": [
                    {"id": choice.pk, "label_en": choice.label_en, "label_fr": choice.label_fr}
                    for choice in question.choices.all()
                ],
            }
            for number, question in enumerate(questions, start=1)
        ]
    }


def _record_revision(questionnaire: Questionnaire, actor: User, note: str) -> None:
    """Keep the wording people answered before a change made once answers exist (call it
    before changing anything, with the questionnaire locked)."""
    revision = QuestionnaireRevision(
        questionnaire=questionnaire,
        number=questionnaire.revision,
        wording=_wording(questionnaire),
        note=_one_line(note)[:NOTE_MAX_LENGTH],
        changed_by=actor,
    )
    revision.full_clean()
    revision.save()
    questionnaire.revision += 1
    questionnaire.save(update_fields=["revision", "updated_at"])


def _question_number(question: Question) -> int:
    """The question's number in the form as people read it (1 first)."""
    order = list(
        Question.objects.filter(questionnaire_id=question.questionnaire_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    return order.index(question.pk) + 1


def _write_choices(question: Question, choices: tuple[tuple[str, str], ...]) -> None:
    """Make the question's choices these, in this order, keeping each place's row (and id)."""
    existing = list(question.choices.order_by("position", "pk"))
    for position, (english, french) in enumerate(choices):
        choice = existing[position] if position < len(existing) else Choice(question=question)
        choice.position, choice.label_en, choice.label_fr = position, english, french
        choice.full_clean()
        choice.save()
    surplus = [choice.pk for choice in existing[len(choices) :]]
    if surplus:
        Choice.objects.filter(pk__in=surplus).delete()


@transaction.atomic
def question_add(
    *,
    actor: User,
    questionnaire: Questionnaire,
    kind: str,
    label_en: str,
    label_fr: str,
    help_text_en: str = "",
    help_text_fr: str = "",
    required: bool = False,
    choices: Sequence[tuple[str, str]] = (),
) -> Question:
    """Add a question at the end of the form, in both languages. Once people have answered,
    the form as it read before is kept as a revision, and a required question binds only
    the sends made from now on."""
    permissions.check_build_questionnaires(actor)
    questionnaire = _locked(questionnaire)
    cleaned = _clean_question(
        kind=kind,
        label_en=label_en,
        label_fr=label_fr,
        help_text_en=help_text_en,
        help_text_fr=help_text_fr,
        required=required,
        choices=choices,
    )
    count = Question.objects.filter(questionnaire=questionnaire).count()
    if count >= MAX_QUESTIONS:
        raise ValidationError(
            _("A form has at most %(limit)s questions.") % {"limit": MAX_QUESTIONS},
            code="too_many_questions",
        )
    if _is_answered(questionnaire):
        _record_revision(
            questionnaire, actor, _("Question %(number)s added.") % {"number": count + 1}
        )
    last = Question.objects.filter(questionnaire=questionnaire).aggregate(last=Max("position"))
    question = Question(
        questionnaire=questionnaire,
        position=(last["last"] + 1) if last["last"] is not None else 0,
        kind=cleaned.kind,
        required=cleaned.required,
        label_en=cleaned.label_en,
        label_fr=cleaned.label_fr,
        help_text_en=cleaned.help_text_en,
        help_text_fr=cleaned.help_text_fr,
    )
    question.full_clean()
    question.save()
    _write_choices(question, cleaned.choices)
    return question


def _check_structure(
    question: Question, cleaned: _CleanQuestion, old_choices: list[Choice]
) -> None:
    """Once people have answered, refuse what would corrupt their answers."""
    errors: dict[str, ValidationError] = {}
    if cleaned.kind != question.kind:
        errors["kind"] = ValidationError(
            _(
                "People have started answering this form: the type of a question can no longer "
                "change, or their answers would no longer fit it. Add a new question instead."
            ),
            code="answered",
        )
    elif question.kind in CHOICE_KINDS:
        old = [(choice.label_en or "", choice.label_fr or "") for choice in old_choices]
        if len(old) != len(cleaned.choices) or _reordered(old, list(cleaned.choices)):
            errors["choices"] = ValidationError(
                _(
                    "People have started answering this form: choices can no longer be added, "
                    "removed or reordered, or their answers would count for the wrong choice. "
                    "You can still fix the wording of each choice, on its own line."
                ),
                code="answered",
            )
    if cleaned.required and not question.required:
        errors["required"] = ValidationError(
            _(
                "People have started answering this form, perhaps without answering this "
                "question: it can no longer become required. You can add a new required "
                "question instead."
            ),
            code="answered",
        )
    if errors:
        raise ValidationError(errors)


def _reordered(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> bool:
    """Whether a line now holds another place's choice (in either language)."""
    for position, (english, french) in enumerate(new):
        for other, (old_english, old_french) in enumerate(old):
            if other != position and (
                english.casefold() == old_english.casefold()
                or french.casefold() == old_french.casefold()
            ):
                return True
    return False


def _changes(question: Question, cleaned: _CleanQuestion, old_choices: list[Choice]) -> list[str]:
    """What an edit changes, in words for the revision's note; empty when nothing does."""
    changes = []
    if cleaned.kind != question.kind:
        changes.append(_("type"))
    if cleaned.label_en != (question.label_en or ""):
        changes.append(_("wording in English"))
    if cleaned.label_fr != (question.label_fr or ""):
        changes.append(_("wording in French"))
    if cleaned.help_text_en != (question.help_text_en or "") or cleaned.help_text_fr != (
        question.help_text_fr or ""
    ):
        changes.append(_("help text"))
    if cleaned.required != question.required:
        changes.append(_("now required") if cleaned.required else _("now optional"))
    old = tuple((choice.label_en or "", choice.label_fr or "") for choice in old_choices)
    if cleaned.choices != old:
        changes.append(_("choices"))
    return changes


@transaction.atomic
def question_edit(
    *,
    actor: User,
    question: Question,
    kind: str,
    label_en: str,
    label_fr: str,
    help_text_en: str = "",
    help_text_fr: str = "",
    required: bool = False,
    choices: Sequence[tuple[str, str]] = (),
    note: str = "",
) -> Question:
    """Change a question. Once people have answered, only what cannot corrupt their answers
    changes (wording, help, making it optional), and the form as it read before is kept as a
    revision with ``note`` (or a note saying what changed)."""
    permissions.check_build_questionnaires(actor)
    questionnaire = _locked(question.questionnaire)
    question = Question.objects.get(pk=question.pk, questionnaire=questionnaire)
    cleaned = _clean_question(
        kind=kind,
        label_en=label_en,
        label_fr=label_fr,
        help_text_en=help_text_en,
        help_text_fr=help_text_fr,
        required=required,
        choices=choices,
    )
    old_choices = list(question.choices.order_by("position", "pk"))
    changes = _changes(question, cleaned, old_choices)
    if not changes:
        return question
    if _is_answered(questionnaire):
        _check_structure(question, cleaned, old_choices)
        _record_revision(
            questionnaire,
            actor,
            note
            or _("Question %(number)s: %(changes)s.")
            % {"number": _question_number(question), "changes": ", ".join(changes)},
        )
    question.kind = cleaned.kind
    question.required = cleaned.required
    question.label_en, question.label_fr = cleaned.label_en, cleaned.label_fr
    question.help_text_en, question.help_text_fr = cleaned.help_text_en, cleaned.help_text_fr
    question.full_clean()
    question.save()
    _write_choices(question, cleaned.choices)
    return question


def _renumber(questionnaire: Questionnaire) -> list[Question]:
    questions = list(
        Question.objects.filter(questionnaire=questionnaire).order_by("position", "pk")
    )
    for position, question in enumerate(questions):
        question.position = position
    Question.objects.bulk_update(questions, ["position"])
    return questions


@transaction.atomic
def question_delete(*, actor: User, question: Question) -> None:
    """Delete a question and its choices, while nobody has started answering the form."""
    permissions.check_build_questionnaires(actor)
    questionnaire = _locked(question.questionnaire)
    if _is_answered(questionnaire):
        raise ValidationError(
            _(
                "People have started answering this form: deleting a question would delete "
                "their answers to it. You can still fix its wording or make it optional."
            ),
            code="answered",
        )
    Question.objects.filter(pk=question.pk, questionnaire=questionnaire).delete()
    _renumber(questionnaire)


@transaction.atomic
def question_move(*, actor: User, question: Question, direction: str) -> Question:
    """Move a question one place ``up`` or ``down`` the form (kept as a revision once people
    have answered: the order they read it in stays on record)."""
    permissions.check_build_questionnaires(actor)
    if direction not in DIRECTIONS:
        raise ValidationError(_("Move a question up or down."), code="invalid")
    questionnaire = _locked(question.questionnaire)
    questions = _renumber(questionnaire)
    index = next((i for i, q in enumerate(questions) if q.pk == question.pk), None)
    if index is None:
        raise Question.DoesNotExist
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(questions):
        return questions[index]
    if _is_answered(questionnaire):
        note = (
            _("Question %(number)s moved up.")
            if direction == "up"
            else _("Question %(number)s moved down.")
        )
        _record_revision(questionnaire, actor, note % {"number": index + 1})
    moved, swapped = questions[index], questions[other]
    moved.position, swapped.position = swapped.position, moved.position
    Question.objects.bulk_update([moved, swapped], ["position"])
    return moved


# Answering ------------------------------------------------------------------------------------


def _questions(questionnaire: Questionnaire) -> dict[str, Question]:
    """The questions as they are now, by field name, with their choices (two queries)."""
    questions = (
        Question.objects.filter(questionnaire=questionnaire)
        .prefetch_related("choices")
        .order_by("position", "pk")
    )
    return {question.field_name: question for question in questions}


def _as_typed(value: Any) -> Any:
    """A value as typed, in the shapes a form sends (text, list, ranks by choice), cut only
    where it could not be typing."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return {
            str(key)[:DRAFT_ID_MAX_LENGTH]: str(rank if rank is not None else "")[
                :DRAFT_ID_MAX_LENGTH
            ]
            for key, rank in list(value.items())[:DRAFT_VALUE_MAX_ITEMS]
        }
    if isinstance(value, list | tuple):
        return [str(item)[:DRAFT_ID_MAX_LENGTH] for item in value[:DRAFT_VALUE_MAX_ITEMS]]
    return str(value)[:DRAFT_TEXT_MAX_LENGTH]


def typed_answers(questionnaire: Questionnaire, data: Mapping[str, Any]) -> Typed:
    """``data`` as the services keep it. A field name that is none of the questionnaire's
    questions (a question id from elsewhere: a forged request) is refused, never ignored."""
    questions = _questions(questionnaire)
    return _typed(questions, data)


def _typed(questions: Mapping[str, Question], data: Mapping[str, Any]) -> Typed:
    if any(name not in questions for name in data):
        raise ValidationError(
            _("This form has no such question: reload the page."), code="unknown_question"
        )
    return {name: _as_typed(value) for name, value in data.items()}


def _own_response(questionnaire: Questionnaire, user: User) -> Response:
    """The person's response, locked; created as a draft the first time, with the
    questionnaire locked so that it is one per person and no question changes meanwhile."""
    response = (
        Response.objects.select_for_update()
        .filter(questionnaire=questionnaire, respondent=user)
        .first()
    )
    if response is not None:
        return response
    _locked(questionnaire)
    response = (
        Response.objects.select_for_update()
        .filter(questionnaire=questionnaire, respondent=user)
        .first()
    )
    if response is None:
        response = Response(questionnaire=questionnaire, respondent=user)
        # One per person: the lock above, and the database's unique constraint behind it.
        response.full_clean(validate_unique=False, validate_constraints=False)
        response.save()
    return response


@transaction.atomic
def _save_draft(questionnaire: Questionnaire, user: User, typed: Typed) -> Response:
    response = _own_response(questionnaire, user)
    response.draft = typed
    response.save(update_fields=["draft", "updated_at"])
    return response


def response_save_draft(
    *, questionnaire: Questionnaire, user: User, data: Mapping[str, Any]
) -> Response:
    """Keep what the person typed, as typed, valid or not (SPEC §0: nothing typed is lost);
    their response is created, as a draft, the first time. A sent response keeps its sent
    answers: the draft holds the changes not sent yet."""
    return _save_draft(questionnaire, user, typed_answers(questionnaire, data))


def response_submit(
    *,
    questionnaire: Questionnaire,
    user: User,
    data: Mapping[str, Any],
    check: Callable[[], None] | None = None,
) -> Response:
    """Send the person's answers, or send them again changed: each is checked against the
    questions as they are now (``ValidationError`` keyed by the question's field name), then
    the answers replace those sent before, with the person's user type, province and language
    recorded for the breakdowns. ``check`` (the caller's: is it open to them?) may refuse with
    ``PermissionDenied``. Whatever refuses the send, what was typed is kept as the draft."""
    questions = _questions(questionnaire)
    typed = _typed(questions, data)
    try:
        if check is not None:
            check()
        return _submit(questionnaire, user, typed)
    except (ValidationError, PermissionDenied):
        _save_draft(questionnaire, user, typed)
        raise


@transaction.atomic
def _submit(questionnaire: Questionnaire, user: User, typed: Typed) -> Response:
    response = _own_response(questionnaire, user)
    # Read after the locks: the questions no longer change under this response.
    questions = _questions(questionnaire)
    rows: list[Answer] = []
    errors: dict[str, ValidationError] = {}
    for name, question in questions.items():
        try:
            rows += answer_rows(question, typed.get(name, ""))
        except ValidationError as error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)
    Answer.objects.filter(response=response).delete()
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    response.draft = typed
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = response.submitted_at or timezone.now()
    response.user_type = permissions.participant_type(user) or ""
    response.province = (
        Profile.objects.filter(user=user).values_list("province", flat=True).first() or ""
    )
    response.language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    response.full_clean(exclude=["respondent", "questionnaire"])
    response.save()
    return response


# Checking one answer --------------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    """Whether a typed answer says nothing (no text, no choice, no rank)."""
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Mapping):
        return not any(str(rank).strip() for rank in value.values())
    if isinstance(value, list | tuple):
        return not any(str(item).strip() for item in value)
    return value is None


def _invalid(message: str, code: str = "invalid") -> ValidationError:
    return ValidationError(message, code=code)


def answer_rows(question: Question, value: Any) -> list[Answer]:
    """The ``Answer`` rows (without their response) that record ``value`` as the answer to
    ``question``; ``ValidationError`` with a message for the person when it is no answer to
    it. No rows for an optional question left blank."""
    if is_blank(value):
        if question.required:
            raise _invalid(_("Answer this question."), "required")
        return []
    kind = question.kind
    if kind in SCALE_POINTS:
        return [Answer(question=question, number=_scale_point(kind, value))]
    if kind in CHOICE_KINDS:
        choices = {str(choice.pk): choice for choice in question.choices.all()}
        if kind == QuestionKind.SINGLE:
            if not isinstance(value, str) or value.strip() not in choices:
                raise _invalid(_("Choose one of the choices offered."))
            return [Answer(question=question, choice=choices[value.strip()])]
        if kind == QuestionKind.MULTIPLE:
            picked = [value] if isinstance(value, str) else value
            if not isinstance(picked, list | tuple) or any(
                str(item).strip() not in choices for item in picked if str(item).strip()
            ):
                raise _invalid(_("Choose among the choices offered."))
            ids = dict.fromkeys(str(item).strip() for item in picked if str(item).strip())
            return [Answer(question=question, choice=choices[pk]) for pk in ids]
        ranks = _ranks(question, value, choices)
        return [
            Answer(question=question, choice=choices[pk], number=rank)
            for pk, rank in sorted(ranks.items(), key=lambda item: item[1])
        ]
    if not isinstance(value, str):
        raise _invalid(_("Write your answer as text."))
    text = value.replace("\r\n", "\n").strip()
    limit = SHORT_TEXT_MAX_LENGTH if kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MAX_LENGTH
    if kind == QuestionKind.SHORT_TEXT:
        text = _one_line(text)
    if len(text) > limit:
        raise _invalid(
            _("Keep your answer under %(limit)s characters (it has %(count)s).")
            % {
                "limit": number_format(limit, force_grouping=True),
                "count": number_format(len(text), force_grouping=True),
            },
            "max_length",
        )
    return [Answer(question=question, text=text)]


def _scale_point(kind: str, value: Any) -> int:
    points = SCALE_POINTS[kind]
    message = (
        _("Choose a rating from 1 to %(max)s.") % {"max": points}
        if kind == QuestionKind.RATING
        else _("Choose one of the points of the scale.")
    )
    try:
        point = int(str(value).strip())
    except ValueError:
        raise _invalid(message) from None
    if not 1 <= point <= points:
        raise _invalid(message)
    return point


def _ranks(question: Question, value: Any, choices: Mapping[str, Choice]) -> dict[str, int]:
    """The rank of each ranked choice, from ``{choice id: rank}`` or an ordered list."""
    if isinstance(value, list | tuple):
        ordered = [str(item).strip() for item in value if str(item).strip()]
        if any(pk not in choices for pk in ordered):
            raise _invalid(_("Rank only the choices offered."))
        if len(set(ordered)) != len(ordered):
            raise _invalid(_("Rank each choice once."), "duplicate_choice")
        given = {pk: str(rank) for rank, pk in enumerate(ordered, start=1)}
    elif isinstance(value, Mapping):
        given = {str(pk).strip(): str(rank).strip() for pk, rank in value.items()}
        if any(pk not in choices for pk in given):
            raise _invalid(_("Rank only the choices offered."))
    else:
        raise _invalid(_("Rank only the choices offered."))
    ranks: dict[str, int] = {}
    for pk, rank in given.items():
        if not rank:
            continue
        try:
            ranks[pk] = int(rank)
        except ValueError:
            raise _invalid(
                _("Give each choice a rank from 1 to %(count)s.") % {"count": len(choices)}
            ) from None
        if not 1 <= ranks[pk] <= len(choices):
            raise _invalid(
                _("Give each choice a rank from 1 to %(count)s.") % {"count": len(choices)}
            )
    if len(set(ranks.values())) != len(ranks):
        raise _invalid(_("Give each choice a different rank."), "duplicate_rank")
    if question.required and len(ranks) != len(choices):
        raise _invalid(_("Rank every choice."), "incomplete")
    if sorted(ranks.values()) != list(range(1, len(ranks) + 1)):
        raise _invalid(_("Rank the choices from 1, without skipping a number."), "gap")
    return ranks


# Data rights (ID-6) ---------------------------------------------------------------------------


@transaction.atomic
def responses_detach(*, user: User) -> None:
    """On account deletion (ID-6): sent answers stay in the aggregate with nothing linking
    them to the person (their unsent changes go); drafts, never counted, are deleted."""
    Response.objects.filter(respondent=user, status=ResponseStatus.DRAFT).delete()
    Response.objects.filter(respondent=user).update(respondent=None, draft={})
