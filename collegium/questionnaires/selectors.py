"""Reads of the confidential questionnaires for the people who build and answer them (EN-1),
in a fixed number of queries. The results for analysts are in ``results.py``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from collegium.questionnaires.choices import CHOICE_KINDS, QuestionKind, ResponseStatus
from collegium.questionnaires.models import (
    Question,
    Questionnaire,
    QuestionnaireRevision,
    Response,
)

if TYPE_CHECKING:
    from collegium.permissions import Viewer


@dataclass(frozen=True)
class ResponseCounts:
    """How many people have sent their answers, and how many have a draft only: numbers,
    never who."""

    sent: int
    drafts: int

    @property
    def total(self) -> int:
        return self.sent + self.drafts


def question_list(*, questionnaire: Questionnaire) -> list[Question]:
    """The questions in order, each with its choices (two queries, however many)."""
    return list(
        Question.objects.filter(questionnaire=questionnaire)
        .prefetch_related("choices")
        .order_by("position", "pk")
    )


def question_get(*, questionnaire: Questionnaire, question_id: int) -> Question:
    """One of the questionnaire's questions; 404 for an id from elsewhere."""
    question = (
        Question.objects.filter(questionnaire=questionnaire, pk=question_id)
        .prefetch_related("choices")
        .first()
    )
    if question is None:
        raise Http404
    return question


def response_counts(*, questionnaire: Questionnaire) -> ResponseCounts:
    counts = Response.objects.filter(questionnaire=questionnaire).aggregate(
        sent=Count("pk", filter=Q(status=ResponseStatus.SUBMITTED)),
        drafts=Count("pk", filter=Q(status=ResponseStatus.DRAFT)),
    )
    return ResponseCounts(sent=counts["sent"], drafts=counts["drafts"])


def revision_list(*, questionnaire: Questionnaire) -> QuerySet[QuestionnaireRevision]:
    """The wordings people answered before each fix, newest first."""
    return (
        QuestionnaireRevision.objects.filter(questionnaire=questionnaire)
        .select_related("changed_by")
        .order_by("-number")
    )


def response_for(*, questionnaire: Questionnaire, user: Viewer) -> Response | None:
    """The person's own response (sent or draft), or None; nobody else's, ever."""
    if not user.is_authenticated:
        return None
    return Response.objects.filter(questionnaire=questionnaire, respondent=user.pk).first()


def response_get(*, questionnaire: Questionnaire, user: Viewer, response_id: int) -> Response:
    """The person's own response by its id; 404 for anyone else's (never revealing it)."""
    response = response_for(questionnaire=questionnaire, user=user)
    if response is None or response.pk != response_id:
        raise Http404
    return response


def sent_answers(*, response: Response, questions: list[Question]) -> dict[str, Any]:
    """A sent response's answers in the shape the form types them (``services``' docstring):
    what the person sent, as opposed to the changes they have not sent yet."""
    if not response.is_submitted:
        return {}
    kinds = {question.pk: question.kind for question in questions}
    typed: dict[str, Any] = {}
    for answer in response.answers.order_by("question_id", "number", "pk"):
        kind = kinds.get(answer.question_id)
        name = f"q{answer.question_id}"
        if kind is None:
            continue
        if kind == QuestionKind.MULTIPLE:
            typed.setdefault(name, []).append(str(answer.choice_id))
        elif kind == QuestionKind.RANKING:
            typed.setdefault(name, {})[str(answer.choice_id)] = str(answer.number)
        elif kind in CHOICE_KINDS:
            typed[name] = str(answer.choice_id)
        elif answer.number is not None:
            typed[name] = str(answer.number)
        else:
            typed[name] = answer.text
    return typed


def _canonical(value: Any) -> Any:
    if isinstance(value, Mapping):
        return sorted((str(k), str(v).strip()) for k, v in value.items() if str(v).strip())
    if isinstance(value, list | tuple):
        return sorted(str(item).strip() for item in value if str(item).strip())
    return " ".join(str(value or "").split())


def has_unsent_changes(
    *, response: Response, questions: list[Question], sent: Mapping[str, Any] | None = None
) -> bool:
    """Whether a sent response's draft differs from what was sent (changed after sending)."""
    if not response.is_submitted:
        return False
    sent = sent if sent is not None else sent_answers(response=response, questions=questions)
    return any(
        _canonical(response.draft.get(question.field_name))
        != _canonical(sent.get(question.field_name))
        for question in questions
    )
