"""Template helpers for the one editor (``{% load editor %}``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from collegium.editor.health_information import Finding, FindingKind

register = template.Library()


@register.simple_tag
def editor_textarea(field: BoundField) -> SafeString:
    """The field's text area, described by its help, its character counter and its errors."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    described_by.append(f"{field.auto_id}_counter")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
    attrs: dict[str, Any] = {"aria-describedby": " ".join(described_by), "data-editor-input": ""}
    return field.as_widget(attrs=attrs)


@register.filter
def finding_label(finding: Finding) -> str:
    """What a health information finding is, in words: "a phone number"."""
    try:
        return str(FindingKind(finding.kind).label)
    except ValueError:
        return str(finding.kind)


@register.filter
def epoch_ms(moment: datetime | None) -> str:
    """A moment as milliseconds since 1970, for the editor's script to compare."""
    if moment is None:
        return ""
    return str(int(moment.timestamp() * 1000))
