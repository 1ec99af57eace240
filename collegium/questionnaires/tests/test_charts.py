"""Charts are SVG drawn on the server: one image named by the table beside it, staff's labels
escaped, no inline style (strict CSP), colours from the design system's classes (EN-1)."""

import re
from xml.etree import ElementTree

import pytest
from django.utils import translation

from collegium.questionnaires import charts, results
from collegium.questionnaires.charts import Bar, bar_chart, short_label
from collegium.questionnaires.choices import QuestionKind
from collegium.questionnaires.tests.factories import (
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    answer,
)
from collegium.questionnaires.tests.results_data import make_sample

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(str(markup))  # noqa: S314 (our own markup)


def test_a_chart_is_one_image_named_by_its_table_with_a_bar_per_answer():
    markup = bar_chart(
        [Bar("Yes", 21, "21"), Bar("No", 14, "14"), Bar("Not sure", 5, "5")],
        labelled_by="q1-caption",
        details="q1-table",
    )
    svg = _parse(markup)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "q1-caption"
    assert svg.get("aria-details") == "q1-table"
    bars = svg.findall(f".//{SVG}rect")
    assert len(bars) == 3
    widths = [float(bar.get("width")) for bar in bars]
    # The longest bar is the largest count; the others in proportion.
    assert widths[0] == charts.BAR_MAX
    assert widths[1] == pytest.approx(charts.BAR_MAX * 14 / 21, abs=0.1)
    assert [text.text for text in svg.findall(f".//{SVG}text")] == [
        "Yes", "21", "No", "14", "Not sure", "5",
    ]  # fmt: skip


def test_a_chart_has_no_inline_style_and_takes_its_colours_from_classes():
    markup = str(bar_chart([Bar("Yes", 1, "1")], labelled_by="c"))
    assert "style" not in markup
    assert "fill=" not in markup
    assert 'class="chart__bar"' in markup


def test_staff_labels_are_escaped_in_the_chart():
    markup = str(bar_chart([Bar("<script>x</script> & co", 2, "2 <b>")], labelled_by='"><x'))
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    assert "&amp; co" in markup
    assert "2 &lt;b&gt;" in markup
    assert 'aria-labelledby="&quot;&gt;&lt;x"' in markup
    _parse(markup)  # still well-formed


def test_long_labels_are_shortened_in_the_picture_only():
    label = "A very long answer that staff wrote with much detail"
    assert short_label(label) == "A very long answer that staff…"
    assert len(short_label(label)) == charts.LABEL_MAX_CHARACTERS
    assert short_label("Short") == "Short"


def test_a_chart_with_no_bars_is_empty_and_zero_counts_draw_no_bar():
    assert str(bar_chart([], labelled_by="c")) == ""
    svg = _parse(bar_chart([Bar("None", 0, "0"), Bar("Also none", 0, "0")], labelled_by="c"))
    assert [bar.get("width") for bar in svg.findall(f".//{SVG}rect")] == ["0.0", "0.0"]


@pytest.mark.django_db
def test_question_charts_show_counts_with_shares_and_rankings_show_first_places():
    sample = make_sample()
    found = {
        r.question.pk: r for r in results.questionnaire_results(sample.questionnaire).questions
    }
    single = _parse(charts.question_chart(found[sample.single.pk], labelled_by="c"))
    values = [text.text for text in single.findall(f".//{SVG}text[@class='chart__value']")]
    assert values == ["21 (52.5%)", "14 (35.0%)", "5 (12.5%)"]
    ranking = _parse(charts.question_chart(found[sample.ranking.pk], labelled_by="c"))
    values = [text.text for text in ranking.findall(f".//{SVG}text[@class='chart__value']")]
    assert values == ["20 (50.0%)", "10 (25.0%)", "10 (25.0%)"]
    assert str(charts.question_chart(found[sample.text.pk], labelled_by="c")) == ""


@pytest.mark.django_db
def test_chart_numbers_are_written_the_french_way_in_french():
    questionnaire = QuestionnaireFactory()
    question = QuestionFactory(questionnaire=questionnaire, kind=QuestionKind.SINGLE)
    for value in ("Yes", "Yes", "No", "Yes", "Yes", "No"):
        answer(ResponseFactory(questionnaire=questionnaire), question, value)
    with translation.override("fr"):
        result = results.questionnaire_results(questionnaire).questions[0]
        markup = str(charts.question_chart(result, labelled_by="c"))
    assert "Oui" in markup
    assert re.search(r"4 \(66,7\s?%\)", markup)
