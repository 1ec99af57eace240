"""A questionnaire with 40 sent responses whose every count is known, for the tests of the
results, the breakdowns and the exports.

By user type: 20 physicians, 10 learners, 5 allied health providers (exactly the threshold),
4 patients and 1 member of the public (both below it). By province: 18 in Ontario, 12 in
Quebec, 5 in British Columbia, 3 in Alberta and 2 not stated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from collegium.questionnaires.choices import QuestionKind, ResponseStatus
from collegium.questionnaires.models import Question, Questionnaire, Response
from collegium.questionnaires.tests.factories import (
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    answer,
)

# (user type, province, how many)
PEOPLE = [
    ("physician", "ON", 10), ("physician", "QC", 6), ("physician", "BC", 2),
    ("physician", "AB", 1), ("physician", "", 1),
    ("learner", "ON", 4), ("learner", "QC", 4), ("learner", "BC", 2),
    ("allied_health", "ON", 2), ("allied_health", "QC", 2), ("allied_health", "BC", 1),
    ("patient", "ON", 1), ("patient", "AB", 2), ("patient", "", 1),
    ("public", "ON", 1),
]  # fmt: skip

SINGLE = {"physician": "Yes", "learner": "No", "allied_health": "Not sure", "patient": "No",
          "public": "Yes"}  # fmt: skip
MULTIPLE = {"physician": ["Apples", "Bread"], "learner": ["Apples"]}  # others: ["Cheese"]
RANKING = {"physician": ["X-ray", "Yoga", "Zinc"], "learner": ["Yoga", "X-ray", "Zinc"]}
RANKING_OTHERS = ["Zinc", "Yoga", "X-ray"]
LIKERT = {"physician": 4, "learner": 2, "allied_health": 5, "patient": 1, "public": 3}
RATING = {"physician": 8, "learner": 6, "allied_health": 10, "patient": 2}  # public: no answer


@dataclass
class Sample:
    questionnaire: Questionnaire
    single: Question
    multiple: Question
    ranking: Question
    likert: Question
    rating: Question
    text: Question
    responses: list[Response]


def questions_for(questionnaire: Questionnaire) -> dict[str, Any]:
    return {
        "single": QuestionFactory(
            questionnaire=questionnaire, kind=QuestionKind.SINGLE, label_en="Do you agree?",
            label_fr="Êtes-vous d’accord ?",
        ),
        "multiple": QuestionFactory(
            questionnaire=questionnaire, kind=QuestionKind.MULTIPLE, label_en="What do you eat?",
            label_fr="Que mangez-vous ?",
            choices=[("Apples", "Pommes"), ("Bread", "Pain"), ("Cheese", "Fromage")],
        ),
        "ranking": QuestionFactory(
            questionnaire=questionnaire, kind=QuestionKind.RANKING, label_en="Rank these",
            label_fr="Classez-les",
            choices=[("X-ray", "Radio"), ("Yoga", "Yoga"), ("Zinc", "Zinc")],
        ),
        "likert": QuestionFactory(
            questionnaire=questionnaire, kind=QuestionKind.LIKERT_5,
            label_en="Forms take too long", label_fr="Les formulaires sont trop longs",
        ),
        "rating": QuestionFactory(
            questionnaire=questionnaire, kind=QuestionKind.RATING, label_en="Rate the draft",
            label_fr="Notez le projet",
        ),
        "text": QuestionFactory(
            questionnaire=questionnaire, kind=QuestionKind.LONG_TEXT, label_en="Anything else?",
            label_fr="Autre chose ?",
        ),
    }  # fmt: skip


def answer_all(response: Response, questions: dict[str, Question], number: int) -> None:
    """The answers of one person of type ``response.user_type``; ``number`` counts them."""
    kind = response.user_type
    answer(response, questions["single"], SINGLE[kind])
    answer(response, questions["multiple"], MULTIPLE.get(kind, ["Cheese"]))
    answer(response, questions["ranking"], RANKING.get(kind, RANKING_OTHERS))
    answer(response, questions["likert"], LIKERT[kind])
    if kind in RATING:
        answer(response, questions["rating"], RATING[kind])
    if kind == "physician" and number < 3:
        answer(response, questions["text"], f'=HYPERLINK("http://x") physician {number}')
    elif kind == "physician" and number == 3:
        answer(response, questions["text"], "")  # an empty text is no answer


def make_sample(questionnaire: Any = None, *, drafts: int = 2) -> Sample:
    """The 40 sent responses of the module's docstring, plus ``drafts`` drafts with answers
    (which must never count)."""
    questionnaire = questionnaire or QuestionnaireFactory()
    questions = questions_for(questionnaire)
    responses = []
    numbers: dict[str, int] = {}
    for user_type, province, count in PEOPLE:
        for _ in range(count):
            response = ResponseFactory(
                questionnaire=questionnaire, user_type=user_type, province=province
            )
            number = numbers.get(user_type, 0)
            numbers[user_type] = number + 1
            answer_all(response, questions, number)
            responses.append(response)
    for _ in range(drafts):
        draft = ResponseFactory(
            questionnaire=questionnaire,
            status=ResponseStatus.DRAFT,
            submitted_at=None,
            user_type="physician",
            province="ON",
        )
        answer_all(draft, questions, 99)
    return Sample(questionnaire=questionnaire, responses=responses, **questions)


def add_responses(questionnaire: Questionnaire, questions: dict[str, Question], count: int) -> None:
    """``count`` more sent responses of physicians in Ontario."""
    for number in range(count):
        response = ResponseFactory(questionnaire=questionnaire, user_type="physician")
        answer_all(response, questions, number + 10)
