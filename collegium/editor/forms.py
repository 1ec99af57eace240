"""What every form with the one editor shares (SPEC CT-4).

``WritingFormMixin`` gives a form the hidden fields the editor relies on and the warning before
publishing text that looks like someone's personal health information; ``MarkdownField`` is a
text field for the editor (any ``CharField`` with a ``Textarea`` works too).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from collegium.editor.health_information import Finding, find_health_information

MARKDOWN_MAX_LENGTH = 20_000
TRUE_VALUES = {"on", "true", "True", "1", "yes"}


class PublishAnywayInput(forms.HiddenInput):
    """The confirmation given with the "Publish anyway" button of the health warning.

    It counts for one submission only: the hidden input always renders empty (a changed text is
    checked again), and any true value among the submitted ones wins, so where the caller puts
    the hidden input relative to the button does not matter."""

    def format_value(self, value: Any) -> str:
        return ""

    def value_from_datadict(
        self, data: Mapping[str, Any], files: MultiValueDict[str, Any], name: str
    ) -> bool:
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return any(str(value) in TRUE_VALUES for value in values if value is not None)


class WritingFormMixin:
    """For a ``forms.Form`` or ``forms.ModelForm`` whose text is written with the editor.

    Adds ``submission_key`` (so that a double submit creates one object: pass it to the
    service) and ``publish_anyway``; call ``check_health_information(*texts)`` last in
    ``clean()``."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    health_findings: list[Finding]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission_key"] = forms.UUIDField(
            required=False, widget=forms.HiddenInput, initial=uuid.uuid4
        )
        self.fields["publish_anyway"] = forms.BooleanField(
            required=False, widget=PublishAnywayInput
        )
        self.health_findings = []

    def clean_submission_key(self) -> uuid.UUID:
        # A form sent without one (a script, an old page) still gets a key of its own.
        return self.cleaned_data.get("submission_key") or uuid.uuid4()

    def check_health_information(self, *texts: str) -> None:
        """Warn before publishing text that looks like someone's personal health information.

        Stores the findings in ``health_findings`` and, unless the writer chose "Publish
        anyway", raises a non-field error with the code ``health_information``."""
        self.health_findings = [
            finding for text in texts if text for finding in find_health_information(text)
        ]
        if self.health_findings and not self.cleaned_data.get("publish_anyway"):
            raise ValidationError(
                _(
                    "This text may contain someone's personal health information. "
                    "Check it before you publish."
                ),
                code="health_information",
            )

    @property
    def has_health_warning(self) -> bool:
        """Whether the form was stopped by the health information warning."""
        has_error = getattr(self, "has_error", None)
        return bool(
            self.health_findings
            and has_error is not None
            and has_error(NON_FIELD_ERRORS, code="health_information")
        )


class EditorTextarea(forms.Textarea):
    """The editor's text area; ``editor/field.html`` adds the rest (toolbar, counter...)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"rows": 10, "spellcheck": "true", **(attrs or {})})


class MarkdownField(forms.CharField):
    """Text written in Markdown with the editor, 20,000 characters unless told otherwise."""

    widget = EditorTextarea

    def __init__(self, *, max_length: int | None = MARKDOWN_MAX_LENGTH, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value: Any) -> str | None:
        # Browsers send a line break as CRLF but count it as one character against maxlength:
        # count it once here too, or a text that fit in the browser would be "too long".
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n") if text else text
