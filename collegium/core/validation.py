"""Refusals that services raise and forms show next to the right field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def field_error(field: str, message: str, code: str) -> ValidationError:
    """An error that forms show next to ``field``, keeping its code for callers and tests."""
    return ValidationError({field: ValidationError(message, code=code)})


def add_errors(form: Any, error: ValidationError, field: str | None = None) -> None:
    """Put a service's refusal on a form: each field's errors next to it, the rest (or all of
    it, when the error names no field) on ``field`` or at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, error)
