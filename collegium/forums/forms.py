from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collegium.editor.forms import MarkdownField, WritingFormMixin
from collegium.forums.choices import ThreadKind, ThreadListing
from collegium.forums.models import (
    BODY_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)


def _body_field(label: Any) -> MarkdownField:
    return MarkdownField(label=label, max_length=BODY_MAX_LENGTH)


class ThreadFilterForm(forms.Form):
    listing = forms.ChoiceField(choices=ThreadListing.choices, required=False)
    tag = forms.SlugField(required=False, max_length=60, allow_unicode=True)
    cursor = forms.CharField(required=False, max_length=60)


class ThreadForm(WritingFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What would you like to do?"),
        choices=[
            (ThreadKind.DISCUSSION, _("Start a discussion")),
            (ThreadKind.QUESTION, _("Ask a question (replies can be marked as answers)")),
        ],
        initial=ThreadKind.DISCUSSION,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"data-editor-title": ""}),
    )
    body = _body_field(pgettext_lazy("form field", "Message"))
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("A few words, separated by commas."),
    )
    opens_at = forms.DateTimeField(
        label=_("Open for replies from"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("For association topics with an open period. Leave empty to open now."),
    )
    closes_at = forms.DateTimeField(
        label=_("Open for replies until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, may_set_open_period: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_set_open_period:
            del self.fields["opens_at"]
            del self.fields["closes_at"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_health_information(cleaned.get("title", ""), cleaned.get("body", ""))
        return cleaned


class ReplyForm(WritingFormMixin, forms.Form):
    body = _body_field(pgettext_lazy("form field", "Your reply"))
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_health_information(cleaned.get("body", ""))
        return cleaned


class PostEditForm(WritingFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"data-editor-title": ""}),
    )
    body = _body_field(pgettext_lazy("form field", "Message"))
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, is_opening: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_opening:
            del self.fields["title"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_health_information(cleaned.get("title", ""), cleaned.get("body", ""))
        return cleaned


class CloseForm(WritingFormMixin, forms.Form):
    summary = MarkdownField(
        label=_("Closing summary"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("What the thread reached: shown at its top once it is closed."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_health_information(cleaned.get("summary", ""))
        return cleaned
