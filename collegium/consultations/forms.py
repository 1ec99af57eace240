"""The staff forms of consultations (EN-1): the consultation itself, its documents and "what we
heard". The services check everything again; these shape what the pages send."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collegium.accounts.choices import UserType
from collegium.communities.models import Community
from collegium.consultations.choices import DocumentLanguage, DraftDisplay
from collegium.consultations.models import (
    DOCUMENT_TITLE_MAX_LENGTH,
    DRAFT_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    WHAT_WE_HEARD_MAX_LENGTH,
)
from collegium.editor.forms import EditorTextarea, MarkdownField

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# What the file picker proposes; the server decides from the content whatever is chosen.
DOCUMENT_ACCEPT = "application/pdf,.pdf,.docx,.xlsx,.pptx"


def _date_field(**options: Any) -> forms.DateTimeField:
    """A date and time chosen to the minute, in the site's time zone."""
    return forms.DateTimeField(
        required=False,
        **options,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


class ConsultationForm(forms.Form):
    """A consultation in both languages: its title, summary and draft policy (split into
    numbered paragraphs on blank lines), its audience and its dates."""

    community = forms.ChoiceField(
        label=_("Where"),
        required=False,
        help_text=_(
            "A consultation of the whole platform, or of one community: then only its "
            "participants in the audience see it."
        ),
    )
    title_en = forms.CharField(
        label=_("Title in English"),
        max_length=TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"lang": "en"}),
    )
    title_fr = forms.CharField(
        label=_("Title in French"),
        max_length=TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"lang": "fr"}),
    )
    summary_en = forms.CharField(
        label=_("Summary in English"),
        max_length=SUMMARY_MAX_LENGTH,
        required=False,
        help_text=_("One or two sentences shown in the list of consultations."),
        widget=forms.Textarea(attrs={"rows": 3, "lang": "en"}),
    )
    summary_fr = forms.CharField(
        label=_("Summary in French"),
        max_length=SUMMARY_MAX_LENGTH,
        required=False,
        help_text=_("One or two sentences shown in the list of consultations."),
        widget=forms.Textarea(attrs={"rows": 3, "lang": "fr"}),
    )
    draft_en = MarkdownField(
        label=_("Draft policy in English"),
        max_length=DRAFT_MAX_LENGTH,
        help_text=_(
            "Separate paragraphs with a blank line: each one is numbered, and people comment on it."
        ),
        widget=EditorTextarea(attrs={"lang": "en", "rows": 16}),
    )
    draft_fr = MarkdownField(
        label=_("Draft policy in French"),
        max_length=DRAFT_MAX_LENGTH,
        help_text=_(
            "The same paragraphs as the English draft, in the same order: they are shown side "
            "by side."
        ),
        widget=EditorTextarea(attrs={"lang": "fr", "rows": 16}),
    )
    audience = forms.MultipleChoiceField(
        label=_("Who is it put to?"),
        choices=UserType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only these user types see the consultation and take part. Physicians and learners "
            "whose member ID is not verified count as members of the public."
        ),
    )
    opens_at = _date_field(
        label=_("Opens on"),
        help_text=_("Needed to schedule the consultation; it opens on its own."),
    )
    closes_at = _date_field(
        label=_("Closes on"),
        help_text=_(
            "Comments and confidential answers are accepted until then; it closes on its own."
        ),
    )

    def __init__(
        self,
        *args: Any,
        communities: list[Community] | None = None,
        opened: bool = False,
        closed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if communities is None:
            # The community is chosen once, when the consultation is created.
            del self.fields["community"]
        else:
            self.communities = {str(community.pk): community for community in communities}
            field = self.fields["community"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [
                ("", _("The whole platform")),
                *((str(community.pk), community.name) for community in communities),
            ]
        if opened:
            self.fields["opens_at"].disabled = True
            self.fields["opens_at"].help_text = _("The consultation has opened.")
        if closed:
            self.fields["closes_at"].disabled = True
            self.fields["closes_at"].help_text = _("The consultation has closed.")

    def clean_community(self) -> Community | None:
        value = self.cleaned_data.get("community")
        if not value:
            return None
        community = self.communities.get(str(value))
        if community is None:
            raise forms.ValidationError(
                _("Choose an active community, or none for a consultation of the whole platform."),
                code="invalid",
            )
        return community


class DocumentForm(forms.Form):
    """A document attached to a consultation: a PDF or an office document."""

    title_en = forms.CharField(
        label=_("Title in English"),
        max_length=DOCUMENT_TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"lang": "en"}),
    )
    title_fr = forms.CharField(
        label=_("Title in French"),
        max_length=DOCUMENT_TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"lang": "fr"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the document"),
        choices=DocumentLanguage.choices,
        initial=DocumentLanguage.BOTH,
    )
    file = forms.FileField(
        label=pgettext_lazy("form field", "File"),
        allow_empty_file=True,  # the service says "this file is empty" in its own words
        widget=forms.FileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )

    def __init__(
        self, *args: Any, file_refusal: forms.ValidationError | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Why the upload handler dropped the file while it arrived (too large).
        self.file_refusal = file_refusal

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.file_refusal is not None:
            self.errors.pop("file", None)
            self.add_error("file", self.file_refusal)
        return cleaned


class WhatWeHeardForm(forms.Form):
    """What staff heard and how the feedback was used, in both languages."""

    what_we_heard_en = MarkdownField(
        label=_("What we heard, in English"),
        max_length=WHAT_WE_HEARD_MAX_LENGTH,
        widget=EditorTextarea(attrs={"lang": "en", "rows": 14}),
    )
    what_we_heard_fr = MarkdownField(
        label=_("What we heard, in French"),
        max_length=WHAT_WE_HEARD_MAX_LENGTH,
        widget=EditorTextarea(attrs={"lang": "fr", "rows": 14}),
    )


class DisplayForm(forms.Form):
    """How the reader sees the bilingual draft: side by side, or one language."""

    display = forms.ChoiceField(
        label=_("Show the draft"), choices=DraftDisplay.choices, required=False
    )
