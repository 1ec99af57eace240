"""What a questionnaire's confidential answers add up to, for analysts only (EN-1; the e-Panel's
surveys, EN-3, show theirs the same way).

Only sent responses count; drafts never do. Every number is a ``GROUP BY`` on ``Answer`` or
``Response``, so a page costs the same few queries whether 5 or 50,000 people answered, and no
answer is loaded into Python to be counted.

Suppression (SPEC EN-1, decisions 0016 and 0017):

- below ``COLLEGIUM["SUPPRESSION_THRESHOLD"]`` sent responses (5 by default), a questionnaire
  shows nothing but "fewer than N responses";
- in a breakdown by user type or province, every group of fewer people than the threshold is
  withheld as a whole: its row says "fewer than N" and its numbers are not even read from the
  database;
- the overall counts shown beside every breakdown are its total, so one withheld group could be
  worked out by subtraction: *complementary suppression* then withholds the next-smallest groups
  until at least two groups are withheld and together hold at least the threshold, so
  subtracting recovers only a pool of several groups, never one small group;
- a breakdown with no group left to show is withheld entirely. One group shown beside the
  totals reveals only the pool of the withheld ones, which holds several groups.

Exports apply the same rules to the user type and province written on each row
(``questionnaires.exports``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from collegium.accounts.choices import Province, UserType
from collegium.questionnaires.choices import (
    CHOICE_KINDS,
    SCALE_KINDS,
    TEXT_KINDS,
    Breakdown,
    QuestionKind,
    ResponseStatus,
    scale_points,
)
from collegium.questionnaires.models import Answer, Question, Questionnaire, Response, label_in

TEXT_ANSWERS_PAGE_SIZE = 25

# Why a group of a breakdown is withheld.
SMALL = "small"  # fewer people than the threshold
COMPLEMENTARY = "complementary"  # withheld so that a small group cannot be worked out


def suppression_threshold() -> int:
    """The smallest group whose answers may be shown (EN-1); a setting, read when needed."""
    return int(settings.COLLEGIUM["SUPPRESSION_THRESHOLD"])


def suppressed_groups(
    sizes: Mapping[str, int], threshold: int, *, hidden: Iterable[str] = ()
) -> tuple[set[str], set[str]]:
    """The groups to withhold: (those smaller than ``threshold``, those withheld with them).

    ``hidden`` are groups withheld already for another reason; they count in the pool. The pool
    of withheld groups is empty, or holds at least two groups and ``threshold`` people, taking
    the smallest shown groups first (complementary suppression)."""
    already = set(hidden) & set(sizes)
    small = {group for group, size in sizes.items() if size < threshold and group not in already}
    pool = small | already
    candidates = sorted(
        (group for group in sizes if group not in pool), key=lambda group: (sizes[group], group)
    )
    complementary: set[str] = set()
    while pool and (len(pool) < 2 or sum(sizes[group] for group in pool) < threshold):
        if not candidates:
            break
        group = candidates.pop(0)
        pool.add(group)
        complementary.add(group)
    return small, complementary


def group_label(by: str, key: str) -> str:
    """A group's name: a user type or a province, "Not stated" when the response has none."""
    if not key:
        return _("Not stated")
    choices = UserType if by == Breakdown.USER_TYPE else Province
    try:
        return str(choices(key).label)
    except ValueError:
        return key


def _group_order(by: str) -> dict[str, int]:
    choices = UserType if by == Breakdown.USER_TYPE else Province
    order = {value: position for position, value in enumerate(choices.values)}
    order[""] = len(order)
    return order


# Overall results ------------------------------------------------------------------------------


@dataclass
class OptionResult:
    """One answer a question offers (a choice, a point on a scale) and how often it was given."""

    key: int
    label: str
    count: int = 0
    # Of the people who answered the question (for a ranking: ranked it first).
    percent: float = 0.0
    first_count: int = 0
    mean_rank: float | None = None


@dataclass
class QuestionResult:
    """A question's counts over the sent responses."""

    question: Question
    number: int
    label: str
    respondent_count: int = 0
    options: list[OptionResult] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    @property
    def is_ranking(self) -> bool:
        return self.kind == QuestionKind.RANKING

    @property
    def is_scale(self) -> bool:
        return self.kind in SCALE_KINDS

    @property
    def kind_label(self) -> str:
        return str(QuestionKind(self.kind).label)


@dataclass
class QuestionnaireResults:
    """The results page of one questionnaire: how many responded and each question's counts."""

    questionnaire: Questionnaire
    threshold: int
    sent_count: int
    draft_count: int
    questions: list[QuestionResult]

    @property
    def is_suppressed(self) -> bool:
        """Too few responses to show anything (EN-1)."""
        return self.sent_count < self.threshold


def questionnaire_questions(questionnaire: Questionnaire) -> list[Question]:
    """The questions in order, with their choices (two queries)."""
    return list(questionnaire.questions.prefetch_related("choices").order_by("position", "id"))


def _sent_answers(questionnaire: Questionnaire, questions: list[Question]) -> QuerySet[Answer]:
    """Answers of sent responses to these questions, counted, never listed."""
    return (
        Answer.objects.filter(
            response__questionnaire=questionnaire,
            response__status=ResponseStatus.SUBMITTED,
            question__in=[question.pk for question in questions],
        )
        # An empty text is no answer.
        .exclude(choice__isnull=True, number__isnull=True, text="")
        .order_by()
    )


def _median(distribution: Mapping[int, int]) -> float | None:
    """The median of values given as {value: how many times}."""
    total = sum(distribution.values())
    if not total:
        return None

    def nth(index: int) -> int:
        seen = 0
        for value in sorted(distribution):
            seen += distribution[value]
            if index < seen:
                return value
        raise AssertionError  # pragma: no cover

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def _mean(distribution: Mapping[int, int]) -> float | None:
    total = sum(distribution.values())
    if not total:
        return None
    return sum(value * count for value, count in distribution.items()) / total


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _options(
    question: Question,
    language: str | None,
    counts: Mapping[tuple[int | None, int | None], int],
    respondents: int,
) -> tuple[list[OptionResult], float | None, float | None]:
    """A question's options with their counts, and for a scale its mean and median.

    ``counts`` maps (choice id, number) to how many answers gave them."""
    if question.kind in CHOICE_KINDS:
        options = []
        for choice in question.choices.all():
            option = OptionResult(key=choice.pk, label=label_in(choice, language))
            if question.kind == QuestionKind.RANKING:
                ranks = {
                    rank: count
                    for (choice_id, rank), count in counts.items()
                    if choice_id == choice.pk and rank is not None
                }
                option.count = sum(ranks.values())
                option.first_count = ranks.get(1, 0)
                option.mean_rank = _mean(ranks)
                option.percent = _percent(option.first_count, respondents)
            else:
                option.count = counts.get((choice.pk, None), 0)
                option.percent = _percent(option.count, respondents)
            options.append(option)
        return options, None, None
    if question.kind in SCALE_KINDS:
        points = scale_points(question.kind)
        distribution = {point: counts.get((None, point), 0) for point, _label in points}
        options = [
            OptionResult(
                key=point,
                label=label,
                count=distribution[point],
                percent=_percent(distribution[point], respondents),
            )
            for point, label in points
        ]
        return options, _mean(distribution), _median(distribution)
    return [], None, None


def response_counts(questionnaire: Questionnaire) -> tuple[int, int]:
    """(sent responses, drafts) of a questionnaire, in one query."""
    found = Response.objects.filter(questionnaire=questionnaire).aggregate(
        sent=Count("pk", filter=Q(status=ResponseStatus.SUBMITTED)),
        drafts=Count("pk", filter=Q(status=ResponseStatus.DRAFT)),
    )
    return found["sent"], found["drafts"]


def questionnaire_results(
    questionnaire: Questionnaire,
    *,
    threshold: int | None = None,
    language: str | None = None,
    questions: list[Question] | None = None,
) -> QuestionnaireResults:
    """Each question's counts over the sent responses, or none when too few were sent.

    Five queries whatever the number of responses: the questions and their choices, the
    response counts, the people who answered each question, and the answers per choice or
    point (ranks included)."""
    threshold = suppression_threshold() if threshold is None else threshold
    questions = questionnaire_questions(questionnaire) if questions is None else questions
    sent, drafts = response_counts(questionnaire)
    results = QuestionnaireResults(
        questionnaire=questionnaire,
        threshold=threshold,
        sent_count=sent,
        draft_count=drafts,
        questions=[],
    )
    if results.is_suppressed or not questions:
        return results
    answers = _sent_answers(questionnaire, questions)
    respondents = dict(
        answers.values("question")
        .annotate(people=Count("response", distinct=True))
        .values_list("question", "people")
    )
    counts: dict[int, dict[tuple[int | None, int | None], int]] = defaultdict(dict)
    for question_id, choice_id, number, count in (
        answers.exclude(choice__isnull=True, number__isnull=True)
        .values("question", "choice", "number")
        .annotate(count=Count("pk"))
        .values_list("question", "choice", "number", "count")
    ):
        counts[question_id][(choice_id, number)] = count
    for position, question in enumerate(questions, start=1):
        people = respondents.get(question.pk, 0)
        options, mean, median = _options(question, language, counts[question.pk], people)
        results.questions.append(
            QuestionResult(
                question=question,
                number=position,
                label=label_in(question, language),
                respondent_count=people,
                options=options,
                mean=mean,
                median=median,
            )
        )
    return results


# Breakdowns by user type or province ----------------------------------------------------------


@dataclass
class GroupRow:
    """One group of a breakdown: its numbers, or why they are withheld."""

    key: str
    label: str
    # SMALL or COMPLEMENTARY when withheld; the numbers below are then empty.
    suppressed: str = ""
    size: int | None = None
    respondent_count: int | None = None
    cells: list[OptionResult] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None

    @property
    def is_suppressed(self) -> bool:
        return bool(self.suppressed)

    @property
    def is_small(self) -> bool:
        return self.suppressed == SMALL


@dataclass
class BreakdownTable:
    """A question's answers group by group (EN-1), small groups withheld."""

    question: Question
    by: str
    threshold: int
    options: list[OptionResult]
    groups: list[GroupRow]
    # The whole breakdown is withheld: too few responses, or no group left to show.
    is_suppressed: bool = False

    @property
    def by_label(self) -> str:
        return str(Breakdown(self.by).label)

    @property
    def suppressed_count(self) -> int:
        return sum(1 for group in self.groups if group.is_suppressed)

    @property
    def is_scale(self) -> bool:
        return self.question.kind in SCALE_KINDS

    @property
    def is_ranking(self) -> bool:
        return self.question.kind == QuestionKind.RANKING

    @property
    def data_column_count(self) -> int:
        """The columns after the group's name: who answered, each option, mean and median."""
        return 1 + len(self.options) + (2 if self.is_scale else 0)


def group_sizes(questionnaire: Questionnaire, by: str) -> dict[str, int]:
    """How many sent responses each group holds (one query)."""
    return dict(
        Response.objects.filter(questionnaire=questionnaire, status=ResponseStatus.SUBMITTED)
        .order_by()
        .values(by)
        .annotate(size=Count("pk"))
        .values_list(by, "size")
    )


def breakdowns(
    questionnaire: Questionnaire,
    by: str,
    *,
    threshold: int | None = None,
    language: str | None = None,
    questions: list[Question] | None = None,
) -> dict[int, BreakdownTable]:
    """Every choice and scale question's breakdown by ``by`` (a ``Breakdown``), by question id.

    Three queries besides the questions', whatever the number of responses or groups. The
    answers of withheld groups are not read at all, so nothing on the page can be computed from
    them."""
    if by not in Breakdown.values:
        raise ValueError(by)
    threshold = suppression_threshold() if threshold is None else threshold
    questions = questionnaire_questions(questionnaire) if questions is None else questions
    counted = [question for question in questions if question.kind not in TEXT_KINDS]
    sizes = group_sizes(questionnaire, by)
    small, complementary = suppressed_groups(sizes, threshold)
    order = _group_order(by)
    keys = sorted(sizes, key=lambda key: (order.get(key, len(order) + 1), key))
    shown = [key for key in keys if key not in small and key not in complementary]
    whole_suppressed = sum(sizes.values()) < threshold or not shown

    group_field = f"response__{by}"
    respondents: dict[tuple[int, str], int] = {}
    counts: dict[tuple[int, str], dict[tuple[int | None, int | None], int]] = defaultdict(dict)
    if not whole_suppressed and counted:
        answers = _sent_answers(questionnaire, counted).filter(**{f"{group_field}__in": shown})
        for question_id, group, people in (
            answers.values("question", group_field)
            .annotate(people=Count("response", distinct=True))
            .values_list("question", group_field, "people")
        ):
            respondents[(question_id, group)] = people
        for question_id, group, choice_id, number, count in (
            answers.values("question", group_field, "choice", "number")
            .annotate(count=Count("pk"))
            .values_list("question", group_field, "choice", "number", "count")
        ):
            counts[(question_id, group)][(choice_id, number)] = count

    tables: dict[int, BreakdownTable] = {}
    for question in counted:
        headers, _mean_all, _median_all = _options(question, language, {}, 0)
        table = BreakdownTable(
            question=question,
            by=by,
            threshold=threshold,
            options=headers,
            groups=[],
            is_suppressed=whole_suppressed,
        )
        if not whole_suppressed:
            for key in keys:
                row = GroupRow(key=key, label=group_label(by, key))
                if key in small:
                    row.suppressed = SMALL
                elif key in complementary:
                    row.suppressed = COMPLEMENTARY
                else:
                    people = respondents.get((question.pk, key), 0)
                    row.size = sizes[key]
                    row.respondent_count = people
                    row.cells, row.mean, row.median = _options(
                        question, language, counts[(question.pk, key)], people
                    )
                table.groups.append(row)
        tables[question.pk] = table
    return tables


def breakdown(
    questionnaire: Questionnaire,
    question: Question,
    by: str,
    threshold: int | None = None,
    *,
    language: str | None = None,
) -> BreakdownTable:
    """One question's answers group by group, every group below ``threshold`` withheld."""
    if question.questionnaire_id != questionnaire.pk or question.kind in TEXT_KINDS:
        raise ValueError(question.pk)
    return breakdowns(
        questionnaire, by, threshold=threshold, language=language, questions=[question]
    )[question.pk]


# Text answers ---------------------------------------------------------------------------------


def text_answers(
    questionnaire: Questionnaire, question: Question, *, page: int | str = 1
) -> Page[Any]:
    """A page of a text question's answers: the words and their language, nothing else.

    In the order of the responses' random ids: stable from page to page, unrelated to who
    answered or when."""
    if question.questionnaire_id != questionnaire.pk or question.kind not in TEXT_KINDS:
        raise ValueError(question.pk)
    answers = (
        Answer.objects.filter(
            question=question,
            response__questionnaire=questionnaire,
            response__status=ResponseStatus.SUBMITTED,
        )
        .exclude(text="")
        .order_by("response__public_id", "pk")
        .values("text", "response__language")
    )
    return Paginator(answers, TEXT_ANSWERS_PAGE_SIZE).get_page(page)
