"""Refusals that services raise and forms show next to the right field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

T = TypeVar("T")


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


def run_on_form(form: Any, write: Callable[[], T]) -> T | None:
    """Run a service for a valid form and answer what it returned; its refusal goes on the
    form instead (next to the field it names, or at the top), which keeps what was typed."""
    try:
        return write()
    except ValidationError as error:
        add_errors(form, error)
    except PermissionDenied as error:
        form.add_error(None, str(error) or _("You cannot do this here."))
    return None
