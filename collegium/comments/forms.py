from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import pgettext_lazy

from collegium.comments.models import COMMENT_MAX_LENGTH
from collegium.editor.forms import MarkdownField, WritingFormMixin


class CommentForm(WritingFormMixin, forms.Form):
    """A comment written with the one editor, warned about health information (CT-4)."""

    body = MarkdownField(
        label=pgettext_lazy("form field", "Your comment"), max_length=COMMENT_MAX_LENGTH
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_health_information(cleaned.get("body", ""))
        return cleaned
