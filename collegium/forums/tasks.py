"""Background work of the forums."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone, translation
from huey.contrib.djhuey import db_task

from collegium.core.mail import send_user_mail

if TYPE_CHECKING:
    from collegium.accounts.models import User
    from collegium.forums.models import Post, Thread
    from collegium.notifications.services import Event


@db_task(retries=3, retry_delay=60)
def deliver_thread_export(export_id: int) -> None:
    """Build the archive of a thread as one HTML file and email it to whoever asked (CT-5).

    Access is checked again here: someone who left the community since asking gets nothing."""
    from collegium import permissions
    from collegium.forums.models import Post, ThreadExport

    export = (
        ThreadExport.objects.select_related("thread__community", "requested_by")
        .filter(pk=export_id, sent_at__isnull=True)
        .first()
    )
    if export is None:
        return
    person, thread = export.requested_by, export.thread
    if not person.is_active or not permissions.can_read_thread(person, thread):
        return
    posts = (
        Post.objects.filter(thread=thread)
        .select_related("author", "verified_by")
        .order_by("position")
        .iterator(chunk_size=2000)
    )
    with translation.override(person.preferred_language or "en"):
        document = render_to_string(
            "forums/export/thread.html",
            {
                "thread": thread,
                "posts": posts,
                "exported_at": timezone.now(),
                # Removed posts are for their authors and the moderators only (MO-2).
                "sees_removed": permissions.can_see_removed(person, thread.community),
                "reader_id": person.pk,
            },
        )
        thread_url, thread_title = thread.get_absolute_url(), thread.heading
    send_user_mail(
        user=person,
        template="forums/email/thread_export",
        context={"thread_title": thread_title, "thread_url": thread_url},
        attachments=[(f"thread-{thread.pk}.html", document.encode(), "text/html")],
    )
    ThreadExport.objects.filter(pk=export.pk).update(sent_at=timezone.now())


# Notifications (NO-1) -------------------------------------------------------------------------


def _shown_post(post_id: int) -> Post | None:
    """The post as its readers see it, or None when there is nothing to tell of: deleted by
    its author, or removed or held by the moderators (MO-2, MO-3)."""
    from collegium.forums.models import Post

    post = (
        Post.objects.select_related(
            "thread__community",
            "thread__author",
            "author",
            "reply_to__author",
            "suggested_by",
            "verified_by",
        )
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        return None
    thread = post.thread
    hidden = (
        post.deleted_at is not None
        or post.removed_at is not None
        or thread.deleted_at is not None
        or thread.removed_at is not None
    )
    return None if hidden else post


def _event(post: Post, kind: str, *, actor: User | None, link_to_thread: bool = False) -> Event:
    from collegium.moderation.choices import TargetKind
    from collegium.notifications.kinds import in_each_language
    from collegium.notifications.services import Event, excerpt_of

    thread = post.thread
    community = thread.community
    return Event(
        kind=kind,
        link=in_each_language(thread.get_absolute_url if link_to_thread else post.get_absolute_url),
        params={
            "actor": actor.username if actor is not None else "",
            "title": thread.title,
            "community": in_each_language(lambda: community.name),
        },
        community_id=community.pk,
        actor_id=actor.pk if actor is not None else None,
        target_kind=TargetKind.POST,
        target_id=post.pk,
        excerpt=excerpt_of(post.body_html),
    )


def _readers(people: Iterable[User | None], thread: Thread, *, besides: set[int]) -> list[User]:
    """Those of ``people`` who may read the thread, once each, minus ``besides``."""
    from collegium import permissions
    from collegium.notifications.services import readers_among

    return readers_among(
        people, lambda person: permissions.can_read_thread(person, thread), besides=besides
    )


@db_task(retries=3, retry_delay=30)
def notify_post_published(post_id: int) -> None:
    """A new thread or reply (NO-1): the people it mentions, the author of the post it answers
    and the thread's author are told personally; then the followers of the thread (a reply) or
    of the community and the thread's tags (a new thread), each person once."""
    from collegium.forums.models import Mention
    from collegium.notifications.choices import Kind
    from collegium.notifications.services import Followed, followers_notify, notify

    post = _shown_post(post_id)
    if post is None:
        return
    thread, actor = post.thread, post.author
    told: set[int] = {actor.pk} if actor is not None else set()
    mentioned = [
        mention.user
        for mention in Mention.objects.filter(post=post).select_related("user").order_by("pk")
    ]
    people = _readers(mentioned, thread, besides=told)
    if people:
        notify(_event(post, Kind.MENTION, actor=actor), people, key=f"mention:{post.pk}")
        told.update(person.pk for person in people)
    if not post.is_opening:
        reply_to = post.reply_to
        answered = reply_to.author if reply_to is not None and reply_to.deleted_at is None else None
        people = _readers([answered, thread.author], thread, besides=told)
        if people:
            notify(_event(post, Kind.REPLY, actor=actor), people, key=f"reply:{post.pk}")
            told.update(person.pk for person in people)
        followers_notify(
            _event(post, Kind.NEW_REPLY, actor=actor),
            [Followed("thread", thread.pk)],
            key=f"post:{post.pk}",
            exclude=told,
        )
        return
    followed = [Followed("community", thread.community_id)]
    followed += [Followed("tag", tag_id) for tag_id in thread.tags.values_list("pk", flat=True)]
    followers_notify(
        _event(post, Kind.NEW_THREAD, actor=actor, link_to_thread=True),
        followed,
        key=f"thread:{thread.pk}",
        exclude=told,
    )


@db_task(retries=3, retry_delay=30)
def notify_new_mentions(post_id: int, user_ids: list[int], actor_id: int) -> None:
    """An edit mentioned people the post did not mention before: they are told (NO-1)."""
    from collegium.accounts.models import User
    from collegium.forums.models import Mention
    from collegium.notifications.choices import Kind
    from collegium.notifications.services import notify

    post = _shown_post(post_id)
    if post is None:
        return
    # Still mentioned: a later edit may have taken the mention out again.
    still = Mention.objects.filter(post=post, user__in=user_ids).values_list("user_id", flat=True)
    people = _readers(
        User.objects.filter(pk__in=list(still)).order_by("pk"),
        post.thread,
        besides={actor_id, post.author_id or 0},
    )
    if people:
        actor = User.objects.filter(pk=actor_id).first()
        notify(_event(post, Kind.MENTION, actor=actor), people)


@db_task(retries=3, retry_delay=30)
def notify_answer_suggested(post_id: int) -> None:
    """Someone suggested a reply as the answer: the one who asked is told (NO-1)."""
    from collegium.notifications.choices import Kind
    from collegium.notifications.services import notify

    post = _shown_post(post_id)
    if post is None or post.suggested_at is None:
        return
    actor = post.suggested_by
    people = _readers([post.thread.author], post.thread, besides={post.suggested_by_id or 0})
    if people:
        notify(_event(post, Kind.ANSWER_SUGGESTED, actor=actor), people)


@db_task(retries=3, retry_delay=30)
def notify_answer_verified(post_id: int) -> None:
    """A reply was verified as an answer: its author is told (NO-1)."""
    from collegium.notifications.choices import Kind
    from collegium.notifications.services import notify

    post = _shown_post(post_id)
    if post is None or post.verified_at is None:
        return
    actor = post.verified_by
    people = _readers([post.author], post.thread, besides={post.verified_by_id or 0})
    if people:
        notify(_event(post, Kind.ANSWER_VERIFIED, actor=actor), people)
