"""The confidential form shows each question with the control it needs, in the reader's
language, and hands what was typed to the services untouched (EN-1)."""

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation

from collegium.questionnaires.choices import QuestionKind
from collegium.questionnaires.forms import QuestionForm, ResponseForm
from collegium.questionnaires.tests.factories import QuestionFactory, QuestionnaireFactory


@pytest.fixture
def questionnaire(db):
    return QuestionnaireFactory()


def _question(questionnaire, kind, **fields):
    return QuestionFactory(questionnaire=questionnaire, kind=kind, **fields)


def _choices(field) -> list[str]:
    return [str(label) for _value, label in field.widget.choices]


def _render(form) -> str:
    return render_to_string("questionnaires/questions.html", {"form": form})


def test_agreement_scales_are_radio_buttons_labelled_from_disagree_to_agree(questionnaire):
    five = _question(questionnaire, QuestionKind.LIKERT_5)
    seven = _question(questionnaire, QuestionKind.LIKERT_7)

    form = ResponseForm(questionnaire)

    assert form[five.field_name].widget_type == "radioselect"
    assert _choices(form.fields[five.field_name]) == [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ]
    assert _choices(form.fields[seven.field_name]) == [
        "Strongly disagree",
        "Disagree",
        "Somewhat disagree",
        "Neither agree nor disagree",
        "Somewhat agree",
        "Agree",
        "Strongly agree",
    ]
    assert [v for v, _label in form.fields[seven.field_name].widget.choices] == [
        str(n) for n in range(1, 8)
    ]


def test_each_kind_of_question_gets_its_control(questionnaire):
    single = _question(questionnaire, QuestionKind.SINGLE)
    multiple = _question(questionnaire, QuestionKind.MULTIPLE)
    ranking = _question(questionnaire, QuestionKind.RANKING)
    rating = _question(questionnaire, QuestionKind.RATING)
    short = _question(questionnaire, QuestionKind.SHORT_TEXT)
    long = _question(questionnaire, QuestionKind.LONG_TEXT)

    form = ResponseForm(questionnaire)

    assert form[single.field_name].widget_type == "radioselect"
    assert _choices(form.fields[single.field_name]) == ["Yes", "No", "Not sure"]
    assert form[multiple.field_name].widget_type == "checkboxselectmultiple"
    assert form[ranking.field_name].widget_type == "ranking"
    assert _choices(form.fields[rating.field_name]) == [
        "1 (lowest)", "2", "3", "4", "5", "6", "7", "8", "9", "10 (highest)",
    ]  # fmt: skip
    assert form[short.field_name].widget_type == "text"
    assert form.fields[short.field_name].widget.attrs["maxlength"] == 300
    assert form[long.field_name].widget_type == "textarea"
    assert form.fields[long.field_name].widget.attrs["maxlength"] == 10_000


def test_groups_are_fieldsets_whose_legend_is_the_question_and_texts_have_labels(
    questionnaire,
):
    ranking = _question(questionnaire, QuestionKind.RANKING, label_en="Rank these")
    short = _question(questionnaire, QuestionKind.SHORT_TEXT, label_en="Your town", required=True)

    html = _render(ResponseForm(questionnaire))

    assert f'<fieldset class="field field--choices question" id="id_{ranking.field_name}"' in html
    assert '<span class="question__number">1.</span> Rank these' in html
    assert f'<label for="id_{short.field_name}"><span class="question__number">2.</span>' in html
    # One drop-down of ranks per choice, each labelled by its choice.
    for index, label in enumerate(["Yes", "No", "Not sure"]):
        select_id = f"id_{ranking.field_name}_{index}"
        assert f'<label for="{select_id}">{label}</label>' in html
    assert f'name="{ranking.field_name}_c{ranking.choices.first().pk}"' in html
    assert "Not ranked" in html
    assert html.count("(optional)") == 1


def test_errors_are_linked_to_their_question(questionnaire):
    single = _question(questionnaire, QuestionKind.SINGLE, help_text_en="Pick one.")
    form = ResponseForm(questionnaire, data={})
    form.is_valid()
    form.add_error(single.field_name, "Choose one of the choices offered.")

    html = _render(form)

    name = single.field_name
    assert f'aria-describedby="id_{name}_helptext id_{name}_error"' in html
    assert f'<ul class="field__errors" id="id_{name}_error"><li>Choose one' in html
    assert f'<a href="#id_{name}">Question 1: Choose one of the choices offered.</a>' in html


def test_labels_and_choices_are_in_the_readers_language(questionnaire):
    question = _question(
        questionnaire,
        QuestionKind.SINGLE,
        label_en="Agree?",
        label_fr="D’accord?",
        help_text_en="One only.",
        help_text_fr="Un seul.",
    )

    with translation.override("fr"):
        form = ResponseForm(questionnaire)
        field = form.fields[question.field_name]
        assert (field.label, field.help_text) == ("D’accord?", "Un seul.")
        assert _choices(field) == ["Oui", "Non", "Incertain"]


def test_what_was_typed_comes_out_as_the_services_take_it(questionnaire):
    single = _question(questionnaire, QuestionKind.SINGLE)
    multiple = _question(questionnaire, QuestionKind.MULTIPLE)
    ranking = _question(questionnaire, QuestionKind.RANKING)
    long = _question(questionnaire, QuestionKind.LONG_TEXT)
    first, second, third = (str(pk) for pk in ranking.choices.values_list("pk", flat=True))
    data = QueryDict(mutable=True)
    data.update({single.field_name: "999", long.field_name: "Typed"})
    data.setlist(multiple.field_name, ["1", "2"])
    data.update({f"{ranking.field_name}_c{first}": "2", f"{ranking.field_name}_c{third}": "1"})

    typed = ResponseForm(questionnaire, data=data).typed()

    assert typed == {
        single.field_name: "999",
        multiple.field_name: ["1", "2"],
        ranking.field_name: {first: "2", second: "", third: "1"},
        long.field_name: "Typed",
    }


def test_a_draft_fills_the_form_again(questionnaire):
    multiple = _question(questionnaire, QuestionKind.MULTIPLE)
    ranking = _question(questionnaire, QuestionKind.RANKING)
    ids = [str(pk) for pk in ranking.choices.values_list("pk", flat=True)]
    kept = {multiple.field_name: [str(multiple.choices.last().pk)], ranking.field_name: ids[::-1]}

    form = ResponseForm(questionnaire, initial=kept)
    html = _render(form)

    assert kept[ranking.field_name] == ids[::-1], "the draft itself is never changed"
    assert html.count("checked") == 1
    assert html.count('value="3" selected') == 1 and html.count('value="1" selected') == 1


def test_question_fields_from_another_form_are_told_apart(questionnaire):
    ranking = _question(questionnaire, QuestionKind.RANKING)
    choice = ranking.choices.first().pk
    data = {
        ranking.field_name + f"_c{choice}": "1",
        "q999999": "forged",
        f"{ranking.field_name}_c999999": "2",
        "action": "send",
        "question": "not a question field",
    }

    form = ResponseForm(questionnaire, data=data)

    assert sorted(form.forged_names()) == sorted(["q999999", f"{ranking.field_name}_c999999"])


def test_a_read_only_form_is_shown_disabled(questionnaire):
    question = _question(questionnaire, QuestionKind.SHORT_TEXT)

    form = ResponseForm(questionnaire, initial={question.field_name: "Sent"}, read_only=True)

    assert 'value="Sent"' in str(form[question.field_name])
    assert "disabled" in str(form[question.field_name])


def test_staff_write_choices_one_per_line_english_then_french():
    form = QuestionForm(
        {
            "kind": QuestionKind.SINGLE,
            "label_en": "Agree?",
            "label_fr": "D’accord?",
            "choices": "Yes | Oui\r\n\r\n  No|Non  \n",
        }
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["choices"] == [("Yes", "Oui"), ("No", "Non")]
    assert "note" not in form.fields


def test_a_choice_line_without_its_french_separator_is_refused_next_to_the_choices():
    form = QuestionForm(
        {"kind": QuestionKind.SINGLE, "label_en": "A?", "label_fr": "", "choices": "Yes\nNo | Non"}
    )

    assert not form.is_valid()
    assert form.errors["choices"] == [
        "Choice 1: write it in English, then a vertical bar “|”, then in French."
    ]
    assert form.errors["label_fr"] == ["Write the question in French."]


def test_once_answered_the_question_form_asks_what_changed(questionnaire):
    question = _question(questionnaire, QuestionKind.SINGLE, help_text_en="Pick one.")

    form = QuestionForm(initial=QuestionForm.initial_for(question), is_answered=True)

    assert "note" in form.fields
    assert form.initial["choices"] == "Yes | Oui\nNo | Non\nNot sure | Incertain"
