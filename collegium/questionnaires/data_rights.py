"""The confidential questionnaires' part of "download my data" and "delete my account" (ID-6).

- The download holds the person's own responses, each question and answer as they read it
  (in the language they answered in), sent answers and any draft not sent.
- Deleting the account, whether or not the content goes too, detaches the sent responses:
  their answers stay counted in the results, which never showed who gave them, and nothing
  links them to the person any more. Drafts, never counted, are deleted.
"""

from __future__ import annotations

import zipfile
from typing import Any

from django.db.models import Prefetch
from django.utils import translation

from collegium.accounts.models import User
from collegium.questionnaires import services
from collegium.questionnaires.choices import CHOICE_KINDS, QuestionKind
from collegium.questionnaires.forms import scale_labels
from collegium.questionnaires.models import Answer, Question, Questionnaire, Response, label_in


def _owners() -> list[str]:
    """What asks questionnaires (a consultation, later a survey): the one-to-one relations
    that point at ``Questionnaire``, so that this app names them without knowing them."""
    return [
        relation.get_accessor_name() or ""
        for relation in Questionnaire._meta.related_objects
        if relation.one_to_one
    ]


def _asked_by(questionnaire: Questionnaire) -> str:
    for name in _owners():
        owner = getattr(questionnaire, name, None)
        if owner is not None:
            return str(owner)
    return ""


def _readable(question: Question, answers: list[Answer], language: str) -> Any:
    kind = question.kind
    if kind in services.SCALE_POINTS:
        point = answers[0].number if answers else None
        if point is None or kind == QuestionKind.RATING:
            return point
        return scale_labels(kind)[point - 1]
    if kind == QuestionKind.RANKING:
        ranked = sorted(answers, key=lambda a: a.number or 0)
        return [label_in(a.choice, language) for a in ranked if a.choice is not None]
    if kind in CHOICE_KINDS:
        chosen = [label_in(a.choice, language) for a in answers if a.choice is not None]
        return chosen if kind == QuestionKind.MULTIPLE else (chosen[0] if chosen else None)
    return answers[0].text if answers else None


def export(user: User, archive: zipfile.ZipFile) -> dict[str, Any]:
    owners = [f"questionnaire__{name}" for name in _owners()]
    responses = (
        Response.objects.filter(respondent=user)
        .select_related("questionnaire", *owners)
        .prefetch_related(
            Prefetch(
                "questionnaire__questions",
                queryset=Question.objects.prefetch_related("choices").order_by("position", "pk"),
            ),
            Prefetch("answers", queryset=Answer.objects.select_related("choice")),
        )
        .order_by("started_at")
    )
    exported = []
    for response in responses:
        language = response.language or user.preferred_language or "en"
        by_question: dict[int, list[Answer]] = {}
        for answer in response.answers.all():
            by_question.setdefault(answer.question_id, []).append(answer)
        with translation.override(language):
            questions = list(response.questionnaire.questions.all())
            exported.append(
                {
                    "asked_by": _asked_by(response.questionnaire),
                    "status": response.status,
                    "started_at": response.started_at,
                    "sent_at": response.submitted_at,
                    "answers": [
                        {
                            "question": label_in(question, language),
                            "answer": _readable(
                                question, by_question.get(question.pk, []), language
                            ),
                        }
                        for question in questions
                        if response.is_submitted
                    ],
                    "draft": [
                        {
                            "question": label_in(question, language),
                            "typed": response.draft[question.field_name],
                        }
                        for question in questions
                        if question.field_name in response.draft
                    ],
                }
            )
    return {"responses": exported}


def erase(user: User, erase_content: bool) -> None:
    services.responses_detach(user=user)
