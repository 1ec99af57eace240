"""Background work of comments: telling people of a new comment (NO-1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from huey.contrib.djhuey import db_task

if TYPE_CHECKING:
    from collegium.accounts.models import User


@db_task(retries=3, retry_delay=30)
def notify_comment_added(kind: str, comment_id: int, target_field: str) -> None:
    """A new comment (``kind`` a moderated kind of comment, on ``comment.<target_field>``): the
    people it mentions, then the author of what it comments on, are told, if they read it."""
    from collegium.editor.rendering import render_text
    from collegium.moderation.targets import TARGETS, kind_for
    from collegium.notifications.choices import Kind
    from collegium.notifications.kinds import in_each_language
    from collegium.notifications.services import Event, excerpt_of, notify, readers_among

    comment_target = TARGETS[kind]
    comment = comment_target.load(comment_id)
    # Deleted, removed or held (MO-3): nobody hears of it.
    if comment is None or comment_target.is_deleted(comment) or comment.removed_at is not None:
        return
    commented = getattr(comment, target_field)
    commented_target = TARGETS[kind_for(type(commented))]
    if commented.removed_at is not None or commented_target.is_deleted(commented):
        return
    community = comment_target.community(comment)
    if community is None:
        return
    actor = comment.author

    def event(what: str) -> Event:
        return Event(
            kind=what,
            link=in_each_language(lambda: comment_target.url(comment)),
            params={
                "actor": actor.username if actor is not None else "",
                "title": in_each_language(lambda: commented_target.heading(commented)),
                "community": in_each_language(lambda: community.name),
            },
            community_id=community.pk,
            actor_id=actor.pk if actor is not None else None,
            target_kind=kind,
            target_id=comment.pk,
            excerpt=excerpt_of(comment.body_html),
        )

    def readers(people: Iterable[User | None], besides: set[int]) -> list[User]:
        return readers_among(
            people, lambda person: comment_target.can_read(person, comment), besides=besides
        )

    told: set[int] = {actor.pk} if actor is not None else set()
    # Comments keep no mention rows: the text says whom it mentions, as when it was rendered.
    mentioned = render_text(comment.body).mentioned
    people = readers(mentioned, told)
    if people:
        # Keyed: a retry after a later failure tells nobody twice.
        notify(event(Kind.MENTION), people, key=f"mention:{kind}:{comment.pk}")
        told.update(person.pk for person in people)
    people = readers([commented_target.author(commented)], told)
    if people:
        notify(event(Kind.COMMENT), people, key=f"comment:{kind}:{comment.pk}")
