from django.db import models
from django.utils.translation import pgettext_lazy


class QuestionKind(models.TextChoices):
    """The question types staff build a confidential form from (EN-1, and EN-3 after it)."""

    LIKERT_5 = "likert5", pgettext_lazy("question type", "Agreement scale, 5 points")
    LIKERT_7 = "likert7", pgettext_lazy("question type", "Agreement scale, 7 points")
    SINGLE = "single", pgettext_lazy("question type", "Single choice")
    MULTIPLE = "multiple", pgettext_lazy("question type", "Multiple choice")
    RANKING = "ranking", pgettext_lazy("question type", "Ranking")
    RATING = "rating", pgettext_lazy("question type", "Rating from 1 to 10")
    SHORT_TEXT = "short_text", pgettext_lazy("question type", "Short text")
    LONG_TEXT = "long_text", pgettext_lazy("question type", "Long text")


# Kinds whose answers are one of the question's own choices (Choice rows).
CHOICE_KINDS: frozenset[str] = frozenset(
    {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING}
)
# Kinds answered with a number (Answer.number): a point on a scale or a rating.
SCALE_KINDS: frozenset[str] = frozenset(
    {QuestionKind.LIKERT_5, QuestionKind.LIKERT_7, QuestionKind.RATING}
)
TEXT_KINDS: frozenset[str] = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})

RATING_MAX = 10

# The points of the agreement scales, 1 the most negative (the number stored in Answer.number).
LIKERT_5_POINTS = (
    pgettext_lazy("agreement", "Strongly disagree"),
    pgettext_lazy("agreement", "Disagree"),
    pgettext_lazy("agreement", "Neither agree nor disagree"),
    pgettext_lazy("agreement", "Agree"),
    pgettext_lazy("agreement", "Strongly agree"),
)
LIKERT_7_POINTS = (
    pgettext_lazy("agreement", "Strongly disagree"),
    pgettext_lazy("agreement", "Disagree"),
    pgettext_lazy("agreement", "Somewhat disagree"),
    pgettext_lazy("agreement", "Neither agree nor disagree"),
    pgettext_lazy("agreement", "Somewhat agree"),
    pgettext_lazy("agreement", "Agree"),
    pgettext_lazy("agreement", "Strongly agree"),
)


def scale_points(kind: str) -> list[tuple[int, str]]:
    """The points a scale or rating question offers, as (number, label), in order."""
    if kind == QuestionKind.LIKERT_5:
        return [(number, str(label)) for number, label in enumerate(LIKERT_5_POINTS, start=1)]
    if kind == QuestionKind.LIKERT_7:
        return [(number, str(label)) for number, label in enumerate(LIKERT_7_POINTS, start=1)]
    if kind == QuestionKind.RATING:
        return [(number, str(number)) for number in range(1, RATING_MAX + 1)]
    return []


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("response status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("response status", "Sent")


class Breakdown(models.TextChoices):
    """What the answers of a question can be broken down by (EN-1 results)."""

    USER_TYPE = "user_type", pgettext_lazy("breakdown", "User type")
    PROVINCE = "province", pgettext_lazy("breakdown", "Province or territory")


class AccessAction(models.TextChoices):
    """Each look at confidential answers is logged with one of these (EN-1)."""

    RESULTS = "results", pgettext_lazy("confidential access", "Viewed the results")
    BREAKDOWN = "breakdown", pgettext_lazy("confidential access", "Viewed a breakdown")
    TEXT_ANSWERS = "text_answers", pgettext_lazy("confidential access", "Read the text answers")
    EXPORT_CSV = "export_csv", pgettext_lazy("confidential access", "Exported to CSV")
    EXPORT_XLSX = "export_xlsx", pgettext_lazy("confidential access", "Exported to XLSX")
