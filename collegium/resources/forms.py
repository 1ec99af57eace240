from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collegium.editor.forms import MarkdownField, WritingFormMixin
from collegium.resources.choices import KindFilter, ResourceKind, ResourceLanguage, ResourceSort
from collegium.resources.models import (
    COLLECTION_DESCRIPTION_MAX_LENGTH,
    COLLECTION_TITLE_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    Collection,
)

# What the file picker proposes; the server decides from the content whatever is chosen.
FILE_ACCEPT = (
    "application/pdf,.pdf,.docx,.xlsx,.pptx,.txt,.csv,image/png,image/jpeg,image/gif,"
    "image/webp,video/mp4,video/webm,audio/mpeg,audio/mp4,audio/ogg,audio/wav,audio/webm,"
    "audio/x-wav"
)


class LibraryFilterForm(forms.Form):
    tag = forms.SlugField(required=False, max_length=60, allow_unicode=True)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Any language")), *ResourceLanguage.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("resource filter", "Kind"),
        choices=[("", _("Files and links")), *KindFilter.choices],
        required=False,
    )


class CollectionSortForm(forms.Form):
    sort = forms.ChoiceField(label=_("Sort by"), choices=ResourceSort.choices, required=False)
    page = forms.IntegerField(required=False, min_value=1)


def _collection_choices(collections: Iterable[Collection]) -> list[tuple[str, str]]:
    """Sub-collections are shown under their parent: "Guides › Rural practice"."""
    titles = {collection.pk: collection.title for collection in collections}
    return [
        (
            str(collection.pk),
            f"{titles.get(collection.parent_id, '')} › {collection.title}"
            if collection.parent_id
            else collection.title,
        )
        for collection in collections
    ]


class _CollectionChoiceMixin:
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def set_collections(self, collections: list[Collection]) -> None:
        self.collections = {collection.pk: collection for collection in collections}
        field = self.fields["collection"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _collection_choices(collections)

    def clean_collection(self) -> Collection:
        try:
            return self.collections[int(self.cleaned_data["collection"])]
        except (KeyError, ValueError, TypeError):
            raise forms.ValidationError(
                _("Choose a collection of this library."), code="invalid"
            ) from None


class _NeededForItsKind(forms.Field):
    """A field that a file, or a link, needs: shown without "(optional)", and checked by the
    form's ``clean`` once it knows which of the two is being added."""

    def validate(self, value: Any) -> None:
        if value not in self.empty_values:
            super().validate(value)


class LinkAddressField(_NeededForItsKind, forms.CharField):
    pass


class ResourceFileField(_NeededForItsKind, forms.FileField):
    pass


class ResourceAddForm(_CollectionChoiceMixin, WritingFormMixin, forms.Form):
    """A file or a link. Works as a plain multipart form without JavaScript; the file input
    comes last so that everything typed before it is sent even when the file is large."""

    # The file and the address are each needed for one kind only: no browser-side "required".
    use_required_attribute = False

    collection = forms.ChoiceField(label=_("Collection"))
    kind = forms.ChoiceField(
        label=_("What are you adding?"),
        choices=[
            (ResourceKind.FILE, _("A file (document, image, video or audio)")),
            (ResourceKind.LINK, _("A link to a page elsewhere")),
        ],
        initial=ResourceKind.FILE,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Leave empty to use the file's name, or the link's website."),
    )
    description = MarkdownField(
        label=_("Description"), max_length=DESCRIPTION_MAX_LENGTH, required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the resource"),
        choices=ResourceLanguage.choices,
        initial=ResourceLanguage.EN,
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("A few words, separated by commas."),
    )
    url = LinkAddressField(
        label=_("Address of the link"),
        max_length=URL_MAX_LENGTH,
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        help_text=_("For a link: the full address, starting with https://"),
    )
    file = ResourceFileField(
        label=pgettext_lazy("form field", "File"),
        allow_empty_file=True,  # the service says "this file is empty" in its own words
        widget=forms.FileInput(attrs={"accept": FILE_ACCEPT}),
    )

    def __init__(
        self,
        *args: Any,
        collections: list[Collection],
        max_help: str = "",
        file_refusal: ValidationError | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_collections(collections)
        # Why the upload handler dropped the file while it arrived (too large for its kind).
        self.file_refusal = file_refusal
        if max_help:
            self.fields["file"].help_text = max_help

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if self.file_refusal is not None:
            self.add_error("file", self.file_refusal)
        elif kind == ResourceKind.FILE and not cleaned.get("file") and "file" not in self.errors:
            self.add_error("file", forms.ValidationError(_("Choose a file."), code="required"))
        if kind == ResourceKind.LINK and not cleaned.get("url"):
            self.add_error(
                "url",
                forms.ValidationError(
                    _("Give the address of the page to link to."), code="required"
                ),
            )
        self.check_health_information(cleaned.get("title", ""), cleaned.get("description", ""))
        return cleaned


class ResourceEditForm(_CollectionChoiceMixin, WritingFormMixin, forms.Form):
    collection = forms.ChoiceField(label=_("Collection"))
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    description = MarkdownField(
        label=_("Description"), max_length=DESCRIPTION_MAX_LENGTH, required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the resource"), choices=ResourceLanguage.choices
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("A few words, separated by commas."),
    )
    url = forms.CharField(
        label=_("Address of the link"),
        max_length=URL_MAX_LENGTH,
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    def __init__(
        self, *args: Any, collections: list[Collection], is_link: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_collections(collections)
        if not is_link:
            del self.fields["url"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_health_information(cleaned.get("title", ""), cleaned.get("description", ""))
        return cleaned


class CollectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=COLLECTION_TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=COLLECTION_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    parent = forms.ChoiceField(
        label=_("Inside the collection"),
        required=False,
        help_text=_(
            "Leave empty for a top-level collection. Sub-collections cannot hold collections "
            "of their own."
        ),
    )
    position = forms.IntegerField(
        label=_("Position"),
        required=False,
        min_value=0,
        max_value=100_000,
        help_text=_("Collections are listed by position, then by title."),
    )

    def __init__(
        self, *args: Any, parents: list[Collection], with_position: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parents = {collection.pk: collection for collection in parents}
        field = self.fields["parent"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("None: a top-level collection")),
            *((str(collection.pk), collection.title) for collection in parents),
        ]
        if not with_position:
            del self.fields["position"]

    def clean_parent(self) -> Collection | None:
        value = self.cleaned_data.get("parent")
        if not value:
            return None
        try:
            return self.parents[int(value)]
        except (KeyError, ValueError):
            raise forms.ValidationError(
                _("Choose a top-level collection of this library."), code="invalid"
            ) from None
