"""What a text written with the editor becomes: safe HTML with its @mentions linked (CT-1, CT-4).

Every app that stores such a text, and the preview, go through ``render_text`` so that what a
person previews is what is published."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from collegium.core.markdown import find_mentions, render_markdown

if TYPE_CHECKING:
    from collegium.accounts.models import User


@dataclass(frozen=True)
class RenderedText:
    html: str
    mentioned: list[User]


def render_text(text: str) -> RenderedText:
    """The HTML of a text, ``@username`` linked to the profile of each existing person through
    ``/u/<username>`` (one address for both languages, so the HTML is stored once)."""
    from collegium.accounts.models import User

    names = find_mentions(text)
    people = (
        list(
            User.objects.filter(username__in=names, is_active=True, deleted_at__isnull=True).only(
                "pk", "username"
            )
        )
        if names
        else []
    )
    links = {person.username: f"/u/{person.username}" for person in people}
    return RenderedText(html=render_markdown(text, mentions=links), mentioned=people)
