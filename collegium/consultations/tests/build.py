"""Consultations made through the services, for the tests of the "pages" part (the factories
build theirs straight in the database)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from collegium.accounts.choices import UserType
from collegium.consultations import services
from collegium.consultations.models import Consultation


def draft_of(count: int, language: str = "en") -> str:
    word = "Paragraph" if language == "en" else "Paragraphe"
    return "\n\n".join(f"{word} {number} of the draft." for number in range(1, count + 1))


def texts(count: int = 3, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title_en": "Draft policy on forms",
        "title_fr": "Projet de politique sur les formulaires",
        "summary_en": "Tell us what you think.",
        "summary_fr": "Dites-nous ce que vous en pensez.",
        "draft_en": draft_of(count, "en"),
        "draft_fr": draft_of(count, "fr"),
        "audience": [UserType.PHYSICIAN, UserType.LEARNER],
    }
    values.update(overrides)
    return values


def make_consultation(
    actor: Any,
    *,
    community: Any = None,
    paragraphs: int = 3,
    opens_in: timedelta | None = timedelta(days=1),
    lasts: timedelta = timedelta(days=30),
    **overrides: Any,
) -> Consultation:
    """A consultation in preparation, with dates unless ``opens_in`` is None."""
    opens_at = timezone.now() + opens_in if opens_in is not None else None
    closes_at = opens_at + lasts if opens_at is not None else None
    return services.consultation_create(
        actor=actor,
        community=community,
        opens_at=opens_at,
        closes_at=closes_at,
        **texts(paragraphs, **overrides),
    )


def make_open(actor: Any, **options: Any) -> Consultation:
    """A consultation open now, as staff open it with "Open now"."""
    consultation = make_consultation(actor, **options)
    return services.consultation_open_now(actor=actor, consultation=consultation)
