"""Writes to the forums: threads, replies, edits, answers, reactions and lifecycle (CT-1, CT-5)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from collegium import permissions
from collegium.accounts.models import User
from collegium.accounts.services import tags_from_text
from collegium.communities.models import Community
from collegium.core.markdown import render_markdown
from collegium.core.validation import field_error
from collegium.editor.models import Attachment
from collegium.editor.rendering import render_text
from collegium.forums import tasks
from collegium.forums.choices import ThreadKind
from collegium.forums.models import (
    BODY_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Mention,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadExport,
)
from collegium.moderation import limits
from collegium.moderation import services as moderation_services
from collegium.notifications import services as notification_services


class EditConflict(ValidationError):
    """Someone changed the post after the editor opened it (CT-4): neither text is lost."""

    def __init__(self, current: Post) -> None:
        super().__init__(
            _(
                "This post was changed by someone else while you were editing it. Their version "
                "is shown above; yours is still in the editor. Save again to replace theirs."
            ),
            code="conflict",
        )
        self.current = current


def _clean_text(text: str, *, field: str, max_length: int) -> str:
    """Text as it will be stored; refuse what is empty or too long (the forms say it first)."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise field_error(field, _("Write something before you publish."), "required")
    if len(text) > max_length:
        raise field_error(
            field,
            _("Keep this under %(limit)s characters (it has %(count)s).")
            % {
                "limit": number_format(max_length, force_grouping=True),
                "count": number_format(len(text), force_grouping=True),
            },
            "max_length",
        )
    return text


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise field_error("title", _("Give the thread a title."), "required")
    if len(title) > TITLE_MAX_LENGTH:
        raise field_error(
            "title",
            _("Keep the title under %(limit)s characters.") % {"limit": TITLE_MAX_LENGTH},
            "max_length",
        )
    return title


def _record_mentions(post: Post, people: list[User]) -> None:
    """Store who a post mentions; notifications read these (NO-1)."""
    Mention.objects.bulk_create(
        [Mention(post=post, user=person) for person in people if person.pk != post.author_id],
        ignore_conflicts=True,
    )


def _existing_submission(actor: User, submission_key: uuid.UUID | None) -> Post | None:
    if submission_key is None:
        return None
    return (
        Post.objects.select_related("thread__community")
        .filter(author=actor, submission_key=submission_key)
        .first()
    )


def _check_open_period(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise field_error(
            "closes_at", _("The open period must end after it starts."), "period_order"
        )
    if closes_at and closes_at <= timezone.now():
        raise field_error("closes_at", _("The open period must end in the future."), "past")


# Threads and posts (CT-1) ---------------------------------------------------------------------


@transaction.atomic
def thread_create(
    *,
    actor: User,
    community: Community,
    kind: str,
    title: str,
    body: str,
    tags: str = "",
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    submission_key: uuid.UUID | None = None,
) -> Thread:
    """Start a discussion or ask a question in a community (CT-1)."""
    permissions.check_start_thread(actor, community)
    existing = _existing_submission(actor, submission_key)
    if existing is not None:
        # A second arrival of the same form (a double click, a resent request): one thread.
        return existing.thread
    if kind not in ThreadKind.values:
        raise field_error("kind", _("Choose a discussion or a question."), "invalid")
    if (opens_at or closes_at) and not permissions.can_post_association_topic(actor):
        raise PermissionDenied(_("Only association staff give a topic an open period."))
    _check_open_period(opens_at, closes_at)
    title = _clean_title(title)
    body = _clean_text(body, field="body", max_length=BODY_MAX_LENGTH)
    limits.check_not_repeated(actor, body)  # MO-3: the same text twice is refused
    rendered = render_text(body)
    html, people = rendered.html, rendered.mentioned
    now = timezone.now()
    thread = Thread(
        community=community,
        kind=kind,
        title=title,
        author=actor,
        last_posted_at=now,
        last_post_author=actor,
        post_count=1,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    thread.full_clean()
    thread.save()
    thread.tags.set(tags_from_text(tags))
    post = Post(
        thread=thread,
        position=0,
        author=actor,
        body=body,
        body_html=html,
        submission_key=submission_key,
    )
    post.full_clean()
    post.save()
    _record_mentions(post, people)
    moderation_services.hold_if_new_with_links(author=actor, obj=post, text=body)
    notification_services.thread_follow_on_post(user=actor, thread=thread)
    transaction.on_commit(partial(limits.remember_text, actor, body))
    transaction.on_commit(partial(tasks.notify_post_published, post.pk))
    return thread


@transaction.atomic
def post_reply(
    *,
    actor: User,
    thread: Thread,
    body: str,
    reply_to: Post | None = None,
    submission_key: uuid.UUID | None = None,
) -> Post:
    """Reply in a thread, possibly quoting one of its posts (CT-1)."""
    existing = _existing_submission(actor, submission_key)
    if existing is not None:
        return existing
    # The row lock serialises positions on PostgreSQL; SQLite writes one at a time anyway.
    thread = Thread.objects.select_for_update().select_related("community").get(pk=thread.pk)
    permissions.check_reply(actor, thread)
    if reply_to is not None:
        # Read again inside the transaction: it may have been deleted since the form opened.
        reply_to = Post.objects.filter(pk=reply_to.pk).first()
    if reply_to is not None:
        if reply_to.thread_id != thread.pk:
            raise field_error("reply_to", _("That post is not in this thread."), "invalid")
        if reply_to.deleted_at is not None:
            raise field_error(
                "reply_to",
                _("The post you are replying to was deleted. Reply to the thread instead."),
                "deleted",
            )
    body = _clean_text(body, field="body", max_length=BODY_MAX_LENGTH)
    limits.check_not_repeated(actor, body)  # MO-3: the same text twice is refused
    rendered = render_text(body)
    html, people = rendered.html, rendered.mentioned
    post = Post(
        thread=thread,
        position=thread.post_count,
        author=actor,
        body=body,
        body_html=html,
        reply_to=reply_to,
        submission_key=submission_key,
    )
    post.full_clean()
    post.save()
    Thread.objects.filter(pk=thread.pk).update(
        post_count=F("post_count") + 1,
        reply_count=F("reply_count") + 1,
        last_posted_at=post.created_at,
        last_post_author=actor,
    )
    _record_mentions(post, people)
    moderation_services.hold_if_new_with_links(author=actor, obj=post, text=body)
    notification_services.thread_follow_on_post(user=actor, thread=thread)
    transaction.on_commit(partial(limits.remember_text, actor, body))
    transaction.on_commit(partial(tasks.notify_post_published, post.pk))
    return post


@transaction.atomic
def post_edit(
    *,
    actor: User,
    post: Post,
    body: str,
    base_version: int,
    title: str | None = None,
) -> Post:
    """Change a post; the earlier text is kept in its history (CT-1) and an edit made from
    an outdated version is refused as a conflict (CT-4)."""
    post = Post.objects.select_for_update().select_related("thread__community").get(pk=post.pk)
    permissions.check_edit_post(actor, post)
    if post.version != base_version:
        raise EditConflict(post)
    body = _clean_text(body, field="body", max_length=BODY_MAX_LENGTH)
    thread = post.thread
    new_title = _clean_title(title) if (title is not None and post.is_opening) else None
    if body == post.body and (new_title is None or new_title == thread.title):
        return post
    PostRevision.objects.create(
        post=post,
        version=post.version,
        body=post.body,
        title=thread.title if post.is_opening else "",
        written_at=post.edited_at or post.created_at,
        replaced_by=actor,
    )
    rendered = render_text(body)
    html, people = rendered.html, rendered.mentioned
    post.body, post.body_html = body, html
    post.version += 1
    post.edited_at = timezone.now()
    post.full_clean()
    post.save(update_fields=["body", "body_html", "version", "edited_at"])
    if new_title is not None and new_title != thread.title:
        thread.title = new_title
        thread.save(update_fields=["title"])
    known = set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
    _record_mentions(post, people)
    newly = sorted({person.pk for person in people} - known - {post.author_id})
    if newly:
        transaction.on_commit(partial(tasks.notify_new_mentions, post.pk, newly, actor.pk))
    return post


@transaction.atomic
def post_delete(*, actor: User, post: Post) -> Post:
    """The author deletes their post: it shows as deleted, its text is no longer shown.

    A thread whose opening post is deleted before anyone replied disappears with it."""
    post = Post.objects.select_for_update().select_related("thread__community").get(pk=post.pk)
    permissions.check_delete_post(actor, post)
    now = timezone.now()
    post.deleted_at = now
    post.save(update_fields=["deleted_at"])
    thread_changes: dict[str, object] = {}
    if post.is_opening and post.thread.reply_count == 0:
        thread_changes["deleted_at"] = now
    # A post the moderators removed has already left the thread's figures.
    counted = post.removed_at is None
    if not post.is_opening and counted:
        thread_changes["reply_count"] = F("reply_count") - 1
    if post.verified_at is not None and counted:
        thread_changes["verified_answer_count"] = F("verified_answer_count") - 1
    if post.suggested_at is not None and counted:
        thread_changes["suggested_answer_count"] = F("suggested_answer_count") - 1
    if thread_changes:
        Thread.objects.filter(pk=post.thread_id).update(**thread_changes)
    return post


@transaction.atomic
def reaction_toggle(*, actor: User, post: Post) -> bool:
    """Mark a post helpful, or take the mark back; answers whether it is now marked."""
    if not permissions.can_react(actor, post):
        if post.author_id == actor.pk:
            raise PermissionDenied(_("You cannot mark your own post as helpful."))
        permissions.check_participate(actor, post.thread.community)
        raise PermissionDenied(_("This post can no longer be marked as helpful."))
    deleted, _details = Reaction.objects.filter(user=actor, post=post).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") - 1)
        return False
    Reaction.objects.create(user=actor, post=post)
    Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
    return True


# Answers to questions (CT-1) ------------------------------------------------------------------


@transaction.atomic
def answer_suggest(*, actor: User, post: Post) -> Post:
    """Any participant points to a reply that answers the question."""
    permissions.check_suggest_answer(actor, post)
    if post.suggested_at is not None:
        return post
    post.suggested_by, post.suggested_at = actor, timezone.now()
    post.save(update_fields=["suggested_by", "suggested_at"])
    Thread.objects.filter(pk=post.thread_id).update(
        suggested_answer_count=F("suggested_answer_count") + 1
    )
    transaction.on_commit(partial(tasks.notify_answer_suggested, post.pk))
    return post


@transaction.atomic
def answer_unsuggest(*, actor: User, post: Post) -> Post:
    """The one who suggested it, the asker or a leader takes a suggestion back."""
    if post.suggested_at is None:
        return post
    if not (post.suggested_by_id == actor.pk or permissions.can_verify_answer(actor, post)):
        raise PermissionDenied(_("Only the person who suggested this answer can take it back."))
    post.suggested_by, post.suggested_at = None, None
    post.save(update_fields=["suggested_by", "suggested_at"])
    Thread.objects.filter(pk=post.thread_id).update(
        suggested_answer_count=F("suggested_answer_count") - 1
    )
    return post


@transaction.atomic
def answer_verify(*, actor: User, post: Post) -> Post:
    """The asker, a leader or staff confirm that a reply answers the question."""
    permissions.check_verify_answer(actor, post)
    if post.verified_at is not None:
        return post
    post.verified_by, post.verified_at = actor, timezone.now()
    post.save(update_fields=["verified_by", "verified_at"])
    Thread.objects.filter(pk=post.thread_id).update(
        verified_answer_count=F("verified_answer_count") + 1
    )
    transaction.on_commit(partial(tasks.notify_answer_verified, post.pk))
    return post


@transaction.atomic
def answer_unverify(*, actor: User, post: Post) -> Post:
    """Undo a verification (CT-1)."""
    permissions.check_verify_answer(actor, post)
    if post.verified_at is None:
        return post
    post.verified_by, post.verified_at = None, None
    post.save(update_fields=["verified_by", "verified_at"])
    Thread.objects.filter(pk=post.thread_id).update(
        verified_answer_count=F("verified_answer_count") - 1
    )
    return post


# Lifecycle (CT-5) -----------------------------------------------------------------------------


@transaction.atomic
def thread_pin(*, actor: User, thread: Thread, pinned: bool) -> Thread:
    """Keep a thread at the top of its community's list, or stop doing so."""
    permissions.check_moderate_thread(actor, thread)
    thread.is_pinned = pinned
    thread.save(update_fields=["is_pinned"])
    return thread


@transaction.atomic
def thread_close(*, actor: User, thread: Thread, summary: str) -> Thread:
    """Close a thread whose objective is reached, with a summary shown at its top (CT-5)."""
    permissions.check_moderate_thread(actor, thread)
    if thread.archived_at is not None:
        raise ValidationError(_("This thread is archived: it can be read, not changed."))
    summary = _clean_text(summary, field="summary", max_length=SUMMARY_MAX_LENGTH)
    thread.closing_summary = summary
    thread.closing_summary_html = render_markdown(summary)
    thread.closed_at, thread.closed_by = timezone.now(), actor
    thread.save(update_fields=["closing_summary", "closing_summary_html", "closed_at", "closed_by"])
    return thread


@transaction.atomic
def thread_reopen(*, actor: User, thread: Thread) -> Thread:
    """Open a closed thread again; its summary is kept in the closed state's place."""
    permissions.check_moderate_thread(actor, thread)
    if thread.archived_at is not None:
        raise ValidationError(_("This thread is archived: it can be read, not changed."))
    thread.closed_at, thread.closed_by = None, None
    thread.save(update_fields=["closed_at", "closed_by"])
    return thread


@transaction.atomic
def thread_archive(*, actor: User, thread: Thread) -> Thread:
    """Archive a thread: read-only for good (CT-5)."""
    permissions.check_moderate_thread(actor, thread)
    if thread.archived_at is None:
        thread.archived_at = timezone.now()
        thread.is_pinned = False
        thread.save(update_fields=["archived_at", "is_pinned"])
    return thread


# How stored HTML points to an attachment: ``/files/<uuid>/<name>`` (editor.file_urls).
ATTACHMENT_ADDRESS = re.compile(
    r"/files/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/"
)


@transaction.atomic
def thread_move(*, thread: Thread, community: Community) -> Thread:
    """Move a thread and its posts to another community; the moderation services decide who
    may (MO-2)."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    origin = thread.community_id
    thread.community = community
    thread.is_pinned = False
    thread.save(update_fields=["community", "is_pinned"])
    # The images and files written into the thread follow it: its new readers see them, and
    # the community it left no longer does.
    uuids: set[str] = set()
    for html in Post.objects.filter(thread=thread).values_list("body_html", flat=True).iterator():
        uuids.update(ATTACHMENT_ADDRESS.findall(html))
    if uuids:
        Attachment.objects.filter(uuid__in=uuids, community=origin).update(community=community)
    return thread


@transaction.atomic
def thread_export_request(*, actor: User, thread: Thread) -> ThreadExport:
    """A participant asks for an archive of the thread, emailed to them when ready (CT-5)."""
    from collegium.forums.tasks import deliver_thread_export

    permissions.check_read_thread(actor, thread)
    export = ThreadExport.objects.create(thread=thread, requested_by=actor)
    transaction.on_commit(lambda: deliver_thread_export(export.pk))
    return export


# Data rights (ID-6) ---------------------------------------------------------------------------


def posts_erase(*, user: User) -> None:
    """On an erasing account deletion, the person's posts lose their text and show as deleted;
    the threads others replied in stay readable."""
    now = timezone.now()
    posts = Post.objects.filter(author=user)
    PostRevision.objects.filter(post__in=posts).delete()
    posts.update(body="", body_html="", deleted_at=now)
    Thread.objects.filter(author=user, reply_count=0).update(deleted_at=now)
    Thread.objects.filter(author=user).update(title="")
