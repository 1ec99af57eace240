"""Bar charts of results, drawn on the server as SVG (EN-1): no script, no inline style.

A chart is a picture of the table beside it, which holds the exact numbers: the SVG is one image
(``role="img"``) named by the table's caption (``aria-labelledby``) and pointing at the table for
the details (``aria-details``). Colours come from the design system's custom properties through
classes (``static/css/results.css``), so they follow the light and dark themes. Labels are
staff's words: every one is escaped, and a long one is shortened in the picture only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from collegium.questionnaires.results import QuestionResult

WIDTH = 640
LABEL_WIDTH = 220
BAR_START = 232
BAR_MAX = 320
ROW_HEIGHT = 32
BAR_HEIGHT = 20
PADDING = 8
LABEL_MAX_CHARACTERS = 30


@dataclass(frozen=True)
class Bar:
    """One bar: what it stands for, its length as a number, and the number written after it."""

    label: str
    value: float
    text: str


def short_label(label: str, limit: int = LABEL_MAX_CHARACTERS) -> str:
    """A label that fits the chart's left column; the table beside it has the whole label."""
    label = " ".join(label.split())
    if len(label) <= limit:
        return label
    return label[: limit - 1].rstrip() + "…"


def bar_chart(bars: Sequence[Bar], *, labelled_by: str, details: str = "") -> SafeString:
    """Horizontal bars, one per answer, as SVG markup safe to put in a page."""
    if not bars:
        return SafeString("")
    height = PADDING * 2 + ROW_HEIGHT * len(bars)
    largest = max((bar.value for bar in bars), default=0) or 1
    rows = []
    for index, bar in enumerate(bars):
        top = PADDING + index * ROW_HEIGHT
        middle = top + ROW_HEIGHT // 2
        length = round(BAR_MAX * max(bar.value, 0) / largest, 1)
        rows.append(
            (
                LABEL_WIDTH,
                middle,
                short_label(bar.label),
                BAR_START,
                middle - BAR_HEIGHT // 2,
                length,
                BAR_HEIGHT,
                round(BAR_START + length + 6, 1),
                middle,
                bar.text,
            )
        )
    body = format_html_join(
        "",
        '<g class="chart__row">'
        '<text class="chart__label" x="{}" y="{}" text-anchor="end" dominant-baseline="middle">'
        "{}</text>"
        '<rect class="chart__bar" x="{}" y="{}" width="{}" height="{}" rx="2"></rect>'
        '<text class="chart__value" x="{}" y="{}" dominant-baseline="middle">{}</text>'
        "</g>",
        rows,
    )
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'role="img" aria-labelledby="{}"{}>{}</svg>',
        WIDTH,
        height,
        labelled_by,
        format_html(' aria-details="{}"', details) if details else "",
        body,
    )


def count_text(count: int, percent: float) -> str:
    """A count with its share, as the chart writes it: "12 (30.0%)"."""
    return _("%(count)s (%(percent)s%%)") % {
        "count": number_format(count),
        "percent": number_format(percent, 1),
    }


def question_chart(result: QuestionResult, *, labelled_by: str, details: str = "") -> SafeString:
    """A question's chart: answers per choice or point; for a ranking, the first places. Text
    questions have none (their answers are read, not counted)."""
    if result.is_text:
        return SafeString("")
    if result.is_ranking:
        bars = [
            Bar(option.label, option.first_count, count_text(option.first_count, option.percent))
            for option in result.options
        ]
    else:
        bars = [
            Bar(option.label, option.count, count_text(option.count, option.percent))
            for option in result.options
        ]
    return bar_chart(bars, labelled_by=labelled_by, details=details)
