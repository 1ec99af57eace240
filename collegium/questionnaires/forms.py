"""The confidential form as people answer it (``ResponseForm``) and as staff build it
(``QuestionForm``), EN-1.

``ResponseForm`` only reads and shows: it turns what the browser sent into typed answers
(``typed()``) and never judges them. The services check every answer against the questions as
they are at that moment, in one place; their refusals come back next to each question
(``collegium.core.validation.add_errors``).

A ranking is one drop-down per choice, labelled by the choice, offering the ranks 1 to n:
each control says what it ranks without JavaScript, drag and drop or reading the others, and
a screen reader announces "Cost, rank, 2". (One drop-down per place, each listing every
choice, makes people track which choices they have already placed.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from collegium.questionnaires.choices import LIKERT_5_POINTS, LIKERT_7_POINTS, QuestionKind
from collegium.questionnaires.models import (
    HELP_MAX_LENGTH,
    LABEL_MAX_LENGTH,
    LONG_TEXT_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    Question,
    Questionnaire,
    label_in,
)
from collegium.questionnaires.services import NOTE_MAX_LENGTH, SCALE_POINTS

# Names a browser sends for a question: ``q12``, and ``q12_c34`` for a ranked choice.
QUESTION_FIELD = re.compile(r"q(\d+)(?:_c(\d+))?")


def scale_labels(kind: str) -> list[str]:
    """What each point of a scale says, from 1 up."""
    if kind == QuestionKind.LIKERT_5:
        return [str(label) for label in LIKERT_5_POINTS]
    if kind == QuestionKind.LIKERT_7:
        return [str(label) for label in LIKERT_7_POINTS]
    top = SCALE_POINTS[kind]
    labels = [str(point) for point in range(1, top + 1)]
    labels[0] = pgettext("rating", "1 (lowest)")
    labels[-1] = pgettext("rating", "%(max)s (highest)") % {"max": top}
    return labels


def text_in(question: Question, field: str) -> str:
    """A translated text of a question in the active language, else the other one."""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    other = "fr" if language == "en" else "en"
    return (
        getattr(question, f"{field}_{language}", None)
        or getattr(question, f"{field}_{other}", None)
        or ""
    )


# Answering ------------------------------------------------------------------------------------


class RankingWidget(forms.MultiWidget):
    """One drop-down of ranks per choice, named ``q<question>_c<choice>``."""

    template_name = "questionnaires/widgets/ranking.html"

    def __init__(self, choices: list[tuple[str, str]], attrs: dict[str, Any] | None = None):
        self.choice_ids = [pk for pk, _label in choices]
        self.choice_labels = [label for _pk, label in choices]
        ranks = [("", pgettext_lazy("rank", "Not ranked"))] + [
            (str(rank), str(rank)) for rank in range(1, len(choices) + 1)
        ]
        super().__init__(
            widgets={f"c{pk}": forms.Select(choices=ranks) for pk in self.choice_ids},
            attrs=attrs,
        )

    def decompress(self, value: Any) -> list[str]:
        ranks = value if isinstance(value, Mapping) else {}
        return [str(ranks.get(pk, "")) for pk in self.choice_ids]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(
            context["widget"]["subwidgets"], self.choice_labels, strict=True
        ):
            subwidget["choice_label"] = label
        return context


class AnswerField(forms.Field):
    """One question's answer, as typed. ``required`` only says what the page shows: the
    services decide what is missing (one place for every rule)."""

    def __init__(self, *, question: Question, **kwargs: Any) -> None:
        self.question = question
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(self.widget, RankingWidget):
            values = list(value or [])
            return {
                pk: str(rank or "")
                for pk, rank in zip(self.widget.choice_ids, values, strict=False)
            }
        if isinstance(value, list | tuple):
            return [str(item) for item in value]
        return "" if value is None else str(value)

    def validate(self, value: Any) -> None:
        """Nothing is judged here: see the module's docstring."""

    @property
    def is_scale(self) -> bool:
        return self.question.kind in SCALE_POINTS

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.to_python(data) != initial


def _field_for(question: Question) -> AnswerField:
    kind = question.kind
    options: dict[str, Any] = {
        "question": question,
        "label": label_in(question),
        "help_text": text_in(question, "help_text"),
        "required": question.required,
    }
    choices = [(str(choice.pk), label_in(choice)) for choice in question.choices.all()]
    widget: forms.Widget
    if kind in SCALE_POINTS:
        labels = scale_labels(kind)
        widget = forms.RadioSelect(
            choices=[(str(point), label) for point, label in enumerate(labels, start=1)]
        )
    elif kind == QuestionKind.SINGLE:
        widget = forms.RadioSelect(choices=choices)
    elif kind == QuestionKind.MULTIPLE:
        widget = forms.CheckboxSelectMultiple(choices=choices)
    elif kind == QuestionKind.RANKING:
        widget = RankingWidget(choices)
        if not options["help_text"]:
            options["help_text"] = _("Give each choice a different rank: 1 for the first.")
    elif kind == QuestionKind.SHORT_TEXT:
        widget = forms.TextInput(attrs={"maxlength": SHORT_TEXT_MAX_LENGTH})
    else:
        widget = forms.Textarea(attrs={"rows": 6, "maxlength": LONG_TEXT_MAX_LENGTH})
    return AnswerField(widget=widget, **options)


class ResponseForm(forms.Form):
    """A questionnaire's questions, one field each (``q<id>``), labelled in the active
    language. ``read_only``: shown, not changeable (after the close)."""

    # The browser must not stop a draft being saved because a required answer is missing.
    use_required_attribute = False

    def __init__(
        self,
        questionnaire: Questionnaire,
        *args: Any,
        questions: list[Question] | None = None,
        read_only: bool = False,
        **kwargs: Any,
    ) -> None:
        # A copy: the initial answers are often a response's draft, never changed here.
        kwargs["initial"] = dict(kwargs.get("initial") or {})
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.read_only = read_only
        if questions is None:
            questions = list(
                questionnaire.questions.prefetch_related("choices").order_by("position", "pk")
            )
        self.questions = questions
        for question in questions:
            field = _field_for(question)
            field.disabled = read_only
            self.fields[question.field_name] = field
            initial = self.initial.get(question.field_name)
            if question.kind == QuestionKind.RANKING and isinstance(initial, list | tuple):
                # A ranking typed as choices in order: the drop-downs show ranks.
                self.initial[question.field_name] = {
                    str(pk): str(rank) for rank, pk in enumerate(initial, start=1)
                }

    def typed(self) -> dict[str, Any]:
        """What was typed, question by question, as the services take it (never judged)."""
        self.is_valid()
        return {name: self.cleaned_data.get(name, "") for name in self.fields}

    def forged_names(self) -> list[str]:
        """Question fields sent that are not this form's (a question or a ranked choice
        from elsewhere): a forged request, answered 404 by the views."""
        data: MultiValueDict[str, Any] | Mapping[str, Any] = self.data
        known = set(self.fields)
        for name, field in self.fields.items():
            if isinstance(field.widget, RankingWidget):
                known.update(f"{name}_c{pk}" for pk in field.widget.choice_ids)
        return [name for name in data if QUESTION_FIELD.fullmatch(name) and name not in known]

    def numbered(self) -> list[tuple[int, forms.BoundField]]:
        return list(enumerate((self[name] for name in self.fields), start=1))


# Building -------------------------------------------------------------------------------------


CHOICE_SEPARATOR = "|"


class QuestionForm(forms.Form):
    """A question as staff write it: its type, its wording in both languages, and for choice
    questions one choice per line, "English | French" (one text area: no script needed, and
    the order is the order of the lines)."""

    kind = forms.ChoiceField(label=_("Type of question"), choices=QuestionKind.choices)
    label_en = forms.CharField(
        label=_("Question in English"),
        max_length=LABEL_MAX_LENGTH,
        error_messages={"required": _("Write the question in English.")},
        widget=forms.TextInput(attrs={"lang": "en"}),
    )
    label_fr = forms.CharField(
        label=_("Question in French"),
        max_length=LABEL_MAX_LENGTH,
        error_messages={"required": _("Write the question in French.")},
        widget=forms.TextInput(attrs={"lang": "fr"}),
    )
    help_text_en = forms.CharField(
        label=_("Help text in English"),
        required=False,
        max_length=HELP_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "en"}),
    )
    help_text_fr = forms.CharField(
        label=_("Help text in French"),
        required=False,
        max_length=HELP_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "fr"}),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        max_length=20_000,
        help_text=_(
            "For single choice, multiple choice and ranking only: one choice per line, in "
            "English, then a vertical bar, then in French. For example: Yes | Oui"
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    note = forms.CharField(
        label=_("What you changed"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Kept with the earlier wording, since people have answered already."),
    )

    def __init__(self, *args: Any, is_answered: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_answered:
            del self.fields["note"]

    @staticmethod
    def initial_for(question: Question) -> dict[str, Any]:
        return {
            "kind": question.kind,
            "label_en": question.label_en,
            "label_fr": question.label_fr,
            "help_text_en": question.help_text_en,
            "help_text_fr": question.help_text_fr,
            "required": question.required,
            "choices": "\n".join(
                f"{choice.label_en} {CHOICE_SEPARATOR} {choice.label_fr}"
                for choice in question.choices.all()
            ),
        }

    def clean_choices(self) -> list[tuple[str, str]]:
        lines = [line.strip() for line in self.cleaned_data["choices"].splitlines()]
        choices = []
        for number, line in enumerate((line for line in lines if line), start=1):
            english, separator, french = line.partition(CHOICE_SEPARATOR)
            if not separator:
                raise forms.ValidationError(
                    _(
                        "Choice %(number)s: write it in English, then a vertical bar “|”, "
                        "then in French."
                    )
                    % {"number": number},
                    code="separator",
                )
            choices.append((english.strip(), french.strip()))
        return choices
