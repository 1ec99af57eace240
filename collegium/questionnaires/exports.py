"""A questionnaire's sent responses as a spreadsheet, CSV or XLSX, for analysts (EN-1).

One row per sent response: its random ``public_id``, the day it was sent (not the time, which
can tell who), the user type and province recorded when it was sent, then one column per
question. Nothing from the account: no name, username, email, member ID or database id, and the
rows are in the order of the random ids, not of sending.

A user type or a province can single someone out in a small group, so a row's is left blank
when its group is below the suppression threshold, with the complementary rule of the results
(``results.suppressed_groups``); inside each user type shown (and among the rows whose type is
blank), the provinces are checked the same way, so a province is never shown for fewer than the
threshold of people of one type.

Every cell that a spreadsheet could run as a formula is neutralised
(``collegium.core.spreadsheets.safe_cell``), and XLSX cells of text are written as text, never
as formulas.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from collegium.accounts.choices import Province, UserType
from collegium.core.spreadsheets import Echo, safe_cell
from collegium.questionnaires.choices import QuestionKind, ResponseStatus
from collegium.questionnaires.models import Answer, Question, Questionnaire, Response, label_in
from collegium.questionnaires.results import (
    questionnaire_questions,
    suppressed_groups,
    suppression_threshold,
)

CHUNK_SIZE = 500
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | int | date


class TooFewResponses(Exception):
    """Fewer sent responses than the suppression threshold: nothing may be exported."""


@dataclass(frozen=True)
class RowGroups:
    """Which user types and provinces the rows may show (the others are left blank)."""

    hidden_types: frozenset[str] = frozenset()
    hidden_provinces: frozenset[str] = frozenset()
    # (user type shown, province) pairs whose province is left blank on the rows of that type
    # ("" for the rows whose type is left blank).
    hidden_pairs: frozenset[tuple[str, str]] = frozenset()

    def shown(self, user_type: str, province: str) -> tuple[str, str]:
        """The user type and province a row may show."""
        shown_type = "" if user_type in self.hidden_types else user_type
        shown_province = (
            ""
            if province in self.hidden_provinces or (shown_type, province) in self.hidden_pairs
            else province
        )
        return shown_type, shown_province

    @property
    def hides_any(self) -> bool:
        return bool(self.hidden_types or self.hidden_provinces or self.hidden_pairs)


def row_groups(questionnaire: Questionnaire, threshold: int) -> RowGroups:
    """What the export may show of each row's groups, from one count of the sent responses by
    user type and province."""
    pairs: dict[tuple[str, str], int] = {
        (user_type, province): size
        for user_type, province, size in Response.objects.filter(
            questionnaire=questionnaire, status=ResponseStatus.SUBMITTED
        )
        .order_by()
        .values("user_type", "province")
        .annotate(size=Count("pk"))
        .values_list("user_type", "province", "size")
    }
    type_sizes: dict[str, int] = defaultdict(int)
    province_sizes: dict[str, int] = defaultdict(int)
    for (user_type, province), size in pairs.items():
        type_sizes[user_type] += size
        province_sizes[province] += size
    small, complementary = suppressed_groups(type_sizes, threshold)
    hidden_types = small | complementary
    small, complementary = suppressed_groups(province_sizes, threshold)
    hidden_provinces = small | complementary
    # Inside each user type shown, and inside the pool of rows whose type is left blank, a
    # province is a group too.
    within: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (user_type, province), size in pairs.items():
        within["" if user_type in hidden_types else user_type][province] += size
    hidden_pairs: set[tuple[str, str]] = set()
    for shown_type, sizes in within.items():
        small, complementary = suppressed_groups(sizes, threshold, hidden=hidden_provinces)
        hidden_pairs.update((shown_type, province) for province in small | complementary)
    return RowGroups(
        hidden_types=frozenset(hidden_types),
        hidden_provinces=frozenset(hidden_provinces),
        hidden_pairs=frozenset(hidden_pairs),
    )


def _choice_label(choices: type[UserType] | type[Province], key: str) -> str:
    if not key:
        return ""
    try:
        return str(choices(key).label)
    except ValueError:
        return key


@dataclass
class ResponseExport:
    """Everything an export needs, read before the first byte is sent."""

    questionnaire: Questionnaire
    questions: list[Question]
    groups: RowGroups
    threshold: int
    language: str
    response_count: int
    _choices: dict[int, tuple[int, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for question in self.questions:
            for choice in question.choices.all():
                self._choices[choice.pk] = (choice.position, label_in(choice, self.language))

    def header(self) -> list[str]:
        """The columns, in the analyst's language."""
        with translation.override(self.language):
            return [
                _("Response ID"),
                _("Sent on"),
                _("User type"),
                _("Province or territory"),
                *(
                    _("%(number)s. %(question)s")
                    % {"number": number, "question": label_in(question, self.language)}
                    for number, question in enumerate(self.questions, start=1)
                ),
            ]

    def _value(self, question: Question, rows: list[tuple[int | None, int | None, str]]) -> Cell:
        """One question's answer as a cell: labels, "1. A; 2. B" for a ranking, a number or the
        text."""
        if not rows:
            return ""
        kind = question.kind
        if kind in {QuestionKind.SINGLE, QuestionKind.MULTIPLE}:
            chosen = sorted(
                self._choices[choice_id] for choice_id, _number, _text in rows if choice_id
            )
            return "; ".join(label for _position, label in chosen)
        if kind == QuestionKind.RANKING:
            ranked = sorted(
                (number or 0, self._choices[choice_id][1])
                for choice_id, number, _text in rows
                if choice_id
            )
            return "; ".join(f"{rank}. {label}" for rank, label in ranked)
        if kind in {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}:
            return rows[0][2]
        number = rows[0][1]
        return number if number is not None else ""

    def rows(self) -> Iterator[list[Cell]]:
        """One row per sent response, in the order of their random ids; two queries per
        ``CHUNK_SIZE`` responses."""
        last = ""
        with translation.override(self.language):
            while True:
                chunk = list(
                    Response.objects.filter(
                        questionnaire=self.questionnaire,
                        status=ResponseStatus.SUBMITTED,
                        public_id__gt=last,
                    )
                    .order_by("public_id")
                    .values_list("pk", "public_id", "submitted_at", "user_type", "province")[
                        :CHUNK_SIZE
                    ]
                )
                if not chunk:
                    return
                answers: dict[int, dict[int, list[tuple[int | None, int | None, str]]]] = (
                    defaultdict(lambda: defaultdict(list))
                )
                for response_id, question_id, choice_id, number, text in (
                    # By response alone: without statistics SQLite would otherwise pick the
                    # question index and read every answer of the questionnaire per chunk.
                    Answer.objects.filter(response__in=[pk for pk, *_rest in chunk])
                    .order_by("pk")
                    .values_list("response", "question", "choice", "number", "text")
                ):
                    answers[response_id][question_id].append((choice_id, number, text))
                for pk, public_id, submitted_at, user_type, province in chunk:
                    user_type, province = self.groups.shown(user_type, province)
                    yield [
                        public_id,
                        timezone.localdate(submitted_at) if submitted_at else "",
                        _choice_label(UserType, user_type),
                        _choice_label(Province, province),
                        *(
                            self._value(question, answers[pk][question.pk])
                            for question in self.questions
                        ),
                    ]
                if len(chunk) < CHUNK_SIZE:
                    return
                last = chunk[-1][1]

    def notes(self) -> list[str]:
        """What a reader of the file should know, in the analyst's language."""
        with translation.override(self.language):
            return [
                _("One row per sent response. Drafts are not included."),
                _(
                    "The response ID is random: it says nothing about who answered or when. "
                    "No account data is included."
                ),
                _(
                    "A user type or province is left blank where its group has fewer than "
                    "%(threshold)s responses, or where showing it would let such a group be "
                    "worked out."
                )
                % {"threshold": self.threshold},
                _(
                    "Cells that begin with =, +, -, @ or a tab start with an apostrophe, so "
                    "that spreadsheets show them as text instead of running them."
                ),
                _("Exported on %(date)s.") % {"date": timezone.localdate().isoformat()},
            ]

    def csv_chunks(self) -> Iterator[str]:
        """The CSV file, row by row, for a streamed response (UTF-8 with a byte order mark, so
        spreadsheets read the accents)."""
        writer = csv.writer(Echo())
        yield "\ufeff" + writer.writerow([safe_cell(value) for value in self.header()])
        for row in self.rows():
            yield writer.writerow([_csv_cell(value) for value in row])

    def xlsx(self) -> bytes:
        """The XLSX workbook: the responses, and a sheet saying what was left out and why."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        workbook = Workbook(write_only=True)
        with translation.override(self.language):
            sheet = workbook.create_sheet(title=_("Responses")[:31])
            about = _("About this export")[:31]
        sheet.append([_xlsx_cell(sheet, value, WriteOnlyCell) for value in self.header()])
        for row in self.rows():
            sheet.append([_xlsx_cell(sheet, value, WriteOnlyCell) for value in row])
        notes = workbook.create_sheet(title=about)
        for line in self.notes():
            notes.append([_xlsx_cell(notes, line, WriteOnlyCell)])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _csv_cell(value: Cell) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value)


def _xlsx_cell(sheet: object, value: Cell, cell_class: type) -> object:
    """A cell of the workbook: numbers and dates as such, text neutralised and typed as text
    (a string written to openpyxl that starts with "=" would otherwise become a formula)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, int | date):
        cell = cell_class(sheet, value=value)
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        return cell
    text = safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    cell = cell_class(sheet, value=text)
    cell.data_type = "s"
    return cell


def export_prepare(
    questionnaire: Questionnaire, *, threshold: int | None = None, language: str | None = None
) -> ResponseExport:
    """An export of the sent responses, in ``language`` (the active one by default).

    Raises ``TooFewResponses`` when fewer were sent than the threshold: then nothing is shown,
    exported or not."""
    threshold = suppression_threshold() if threshold is None else threshold
    count = Response.objects.filter(
        questionnaire=questionnaire, status=ResponseStatus.SUBMITTED
    ).count()
    if count < threshold:
        raise TooFewResponses
    return ResponseExport(
        questionnaire=questionnaire,
        questions=questionnaire_questions(questionnaire),
        groups=row_groups(questionnaire, threshold),
        threshold=threshold,
        language=(language or translation.get_language() or "en")[:2],
        response_count=count,
    )
