from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collegium.blogs.choices import PostLanguage, Publication
from collegium.blogs.models import (
    BODY_MAX_LENGTH,
    COVER_ALT_MAX_LENGTH,
    GUEST_CREDENTIALS_MAX_LENGTH,
    GUEST_NAME_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from collegium.editor.forms import EditorTextarea, MarkdownField, WritingFormMixin

IMAGE_TYPES = "image/png,image/jpeg,image/gif,image/webp"
LANGUAGE_LABELS = {"en": _("in English"), "fr": _("in French")}


class BlogFilterForm(forms.Form):
    tag = forms.SlugField(required=False, max_length=60, allow_unicode=True)
    cursor = forms.CharField(required=False, max_length=60)


def _text_fields(suffix: str, language: str | None) -> dict[str, forms.Field]:
    """Title, summary and text, for one language of a bilingual post or for a single one."""
    where = LANGUAGE_LABELS[language] if language else ""
    title_attrs = {} if language else {"data-editor-title": ""}
    return {
        f"title{suffix}": forms.CharField(
            label=_("Title %(language)s") % {"language": where} if language else _("Title"),
            max_length=TITLE_MAX_LENGTH,
            widget=forms.TextInput(
                attrs={**title_attrs, **({"lang": language} if language else {})}
            ),
        ),
        f"summary{suffix}": forms.CharField(
            label=_("Summary %(language)s") % {"language": where} if language else _("Summary"),
            max_length=SUMMARY_MAX_LENGTH,
            required=False,
            help_text=_("One or two sentences shown in lists and feeds."),
            widget=forms.Textarea(attrs={"rows": 2, **({"lang": language} if language else {})}),
        ),
        f"body{suffix}": MarkdownField(
            label=_("Text %(language)s") % {"language": where} if language else _("Text"),
            max_length=BODY_MAX_LENGTH,
            widget=EditorTextarea(attrs={"lang": language} if language else {}),
        ),
    }


class BlogPostForm(WritingFormMixin, forms.Form):
    """A blog post: bilingual (association posts, ``title_en``/``title_fr``…) or in one language
    (``title``…, with ``language`` when the community has both) (CT-2)."""

    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("A few words, separated by commas."),
    )
    is_guest_post = forms.BooleanField(
        label=_("This is a guest post"),
        required=False,
        help_text=_(
            "Written by a member or a subject-matter expert: it carries the disclaimer that it "
            "does not necessarily represent the association's policies or positions, nor their "
            "endorsement by the association."
        ),
    )
    guest_member = forms.CharField(
        label=_("Guest member's username"),
        required=False,
        max_length=150,
        help_text=_("For a guest who is a member of the platform."),
    )
    guest_author_name = forms.CharField(
        label=_("Or the expert's name"),
        required=False,
        max_length=GUEST_NAME_MAX_LENGTH,
        help_text=_("For a subject-matter expert without an account."),
    )
    guest_author_credentials = forms.CharField(
        label=_("The expert's credentials"),
        required=False,
        max_length=GUEST_CREDENTIALS_MAX_LENGTH,
        help_text=_("For example: “MD, FRCPC, palliative care physician”."),
    )
    cover = forms.FileField(
        label=_("Image file"),
        required=False,
        help_text=_("A JPEG, PNG, GIF or WebP image."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)
    cover_alt = forms.CharField(
        label=_("Description of the cover image"),
        required=False,
        max_length=COVER_ALT_MAX_LENGTH,
        help_text=_("What the image shows, for people who cannot see it. Needed with a cover."),
    )
    publication = forms.ChoiceField(
        label=pgettext_lazy("form field", "Publication"),
        choices=Publication.choices,
        initial=Publication.DRAFT,
        widget=forms.RadioSelect,
    )
    publish_at = forms.DateTimeField(
        label=_("Publish on"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("When “Schedule the publication” is chosen."),
    )

    def __init__(
        self,
        *args: Any,
        bilingual: bool = False,
        may_choose_language: bool = False,
        is_published: bool = False,
        has_cover: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.bilingual = bilingual
        texts: dict[str, forms.Field] = {}
        if bilingual:
            for language in ("en", "fr"):
                texts.update(_text_fields(f"_{language}", language))
        else:
            if may_choose_language:
                texts["language"] = forms.ChoiceField(
                    label=_("Language of the post"),
                    choices=PostLanguage.choices,
                    widget=forms.RadioSelect,
                )
            texts.update(_text_fields("", None))
        # The texts come first, in the order they are shown.
        self.fields = {**texts, **self.fields}
        if is_published:
            del self.fields["publication"]
            del self.fields["publish_at"]
        if not has_cover:
            del self.fields["remove_cover"]
        if bilingual:
            # An association post describes its cover in both languages, like its text.
            single = self.fields.pop("cover_alt")
            for language in ("en", "fr"):
                self.fields[f"cover_alt_{language}"] = forms.CharField(
                    label=_("Description of the cover image %(language)s")
                    % {"language": LANGUAGE_LABELS[language]},
                    required=False,
                    max_length=COVER_ALT_MAX_LENGTH,
                    help_text=single.help_text,
                    widget=forms.TextInput(attrs={"lang": language}),
                )

    def cover_alt_fields(self) -> list[forms.BoundField]:
        """The cover's description, in each language of the post, for the template."""
        if self.bilingual:
            return [self["cover_alt_en"], self["cover_alt_fr"]]
        return [self["cover_alt"]]

    @property
    def languages(self) -> tuple[str, ...]:
        return ("en", "fr") if self.bilingual else ("",)

    def text_fields(self) -> list[list[forms.BoundField]]:
        """The title, summary and text of each language, for the template."""
        return [
            [self[f"{name}{'_' + code if code else ''}"] for name in ("title", "summary", "body")]
            for code in self.languages
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        texts = []
        for code in self.languages:
            suffix = f"_{code}" if code else ""
            texts += [cleaned.get(f"title{suffix}", ""), cleaned.get(f"body{suffix}", "")]
        self.check_health_information(*texts)
        return cleaned
