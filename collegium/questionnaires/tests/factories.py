"""Questionnaires, questions and sent responses, built straight in the database: tests of the
services build theirs through the services instead."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from collegium.questionnaires.choices import CHOICE_KINDS, QuestionKind, ResponseStatus
from collegium.questionnaires.models import Answer, Choice, Question, Questionnaire, Response


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    position = factory.Sequence(lambda n: n)
    kind = QuestionKind.SINGLE
    label_en = factory.Sequence(lambda n: f"Question {n}")
    label_fr = factory.Sequence(lambda n: f"Question {n} (fr)")
    required = False

    @factory.post_generation
    def choices(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Choice questions get three choices unless given ``choices=[(en, fr), …]``."""
        question: Question = self  # type: ignore[assignment]  # factory_boy passes the model
        if not create or question.kind not in CHOICE_KINDS:
            return
        labels = extracted or [("Yes", "Oui"), ("No", "Non"), ("Not sure", "Incertain")]
        for position, (english, french) in enumerate(labels):
            Choice.objects.create(
                question=question, position=position, label_en=english, label_fr=french
            )


class ResponseFactory(factory.django.DjangoModelFactory):
    """A sent response (add ``Answer`` rows with ``answer``)."""

    class Meta:
        model = Response

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    status = ResponseStatus.SUBMITTED
    user_type = "physician"
    province = "ON"
    language = "en"
    submitted_at = factory.LazyFunction(timezone.now)


def answer(response: Response, question: Question, value: Any) -> list[Answer]:
    """Record ``value`` as ``response``'s answer to ``question``: a choice label (English) or
    a list of them (multiple choice; ranking in order), a number, or a text."""
    kind = question.kind
    by_label = {choice.label_en: choice for choice in question.choices.all()}
    rows: list[Answer]
    if kind == QuestionKind.SINGLE:
        rows = [Answer(response=response, question=question, choice=by_label[value])]
    elif kind == QuestionKind.MULTIPLE:
        rows = [Answer(response=response, question=question, choice=by_label[v]) for v in value]
    elif kind == QuestionKind.RANKING:
        rows = [
            Answer(response=response, question=question, choice=by_label[v], number=rank)
            for rank, v in enumerate(value, start=1)
        ]
    elif kind in {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}:
        rows = [Answer(response=response, question=question, text=value)]
    else:
        rows = [Answer(response=response, question=question, number=int(value))]
    return Answer.objects.bulk_create(rows)
