"""Writes of comments, for any app whose things are commented on (CT-2, CT-3, CT-4).

Who may comment on what is the calling app's question: its service checks the policy
(``check_comment_blog_post``…) before ``comment_add``. Editing and deleting are the author's,
checked here with ``permissions.check_edit_comment`` against the community given."""

from __future__ import annotations

import uuid
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from collegium import permissions
from collegium.comments import tasks
from collegium.comments.models import COMMENT_MAX_LENGTH, CommentBase
from collegium.core.validation import field_error
from collegium.editor.rendering import render_text
from collegium.moderation import limits
from collegium.moderation import services as moderation_services
from collegium.moderation.targets import kind_for

if TYPE_CHECKING:
    from collegium.accounts.models import User
    from collegium.communities.models import Community

C = TypeVar("C", bound=CommentBase)


def comment_clean_body(body: str) -> str:
    """The text as it will be stored; refuse what is empty or too long (the form says it first)."""
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise field_error("body", _("Write your comment before you post it."), "required")
    if len(body) > COMMENT_MAX_LENGTH:
        raise field_error(
            "body",
            _("Keep your comment under %(limit)s characters (it has %(count)s).")
            % {
                "limit": number_format(COMMENT_MAX_LENGTH, force_grouping=True),
                "count": number_format(len(body), force_grouping=True),
            },
            "max_length",
        )
    return body


@transaction.atomic
def comment_add(
    *,
    model: type[C],
    target_field: str,
    target: models.Model,
    author: User,
    body: str,
    submission_key: uuid.UUID | None = None,
    extra_fields: dict[str, Any] | None = None,
    notify: bool = True,
) -> C:
    """Add a comment to ``target`` (``model.<target_field>``); the caller checked the policy.

    ``extra_fields`` sets the model's other fields (a consultation comment's paragraph);
    ``notify`` false leaves telling people to the caller (what it comments on is not
    moderated content the comment task knows). The same submission arriving twice (a double
    click, a resent request) makes one comment."""
    if submission_key is not None:
        existing = model._default_manager.filter(
            author=author, submission_key=submission_key
        ).first()
        if existing is not None:
            return existing
    body = comment_clean_body(body)
    limits.check_not_repeated(author, body)  # MO-3: the same text twice is refused
    comment = model(
        author=author,
        body=body,
        body_html=render_text(body).html,
        submission_key=submission_key,
        **{target_field: target},
        **(extra_fields or {}),
    )
    comment.full_clean()
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        # Two arrivals of one submission raced past the lookup above: the first one won.
        existing = model._default_manager.filter(
            author=author, submission_key=submission_key
        ).first()
        if existing is None or submission_key is None:
            raise
        return existing
    moderation_services.hold_if_new_with_links(author=author, obj=comment, text=body)
    transaction.on_commit(partial(limits.remember_text, author, body))
    if notify:
        transaction.on_commit(
            partial(tasks.notify_comment_added, kind_for(model), comment.pk, target_field)
        )
    return comment


@transaction.atomic
def comment_edit(*, comment: C, actor: User, body: str, community: Community) -> C:
    """The author changes their comment; it shows as edited."""
    model = type(comment)
    comment = model._default_manager.select_for_update().get(pk=comment.pk)
    permissions.check_edit_comment(actor, comment, community)
    body = comment_clean_body(body)
    if body == comment.body:
        return comment
    comment.body = body
    comment.body_html = render_text(body).html
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: C, actor: User, community: Community) -> C:
    """The author deletes their comment: it keeps its place and shows as deleted."""
    model = type(comment)
    comment = model._default_manager.select_for_update().get(pk=comment.pk)
    permissions.check_edit_comment(actor, comment, community)
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at"])
    return comment


def comments_erase(*, model: type[CommentBase], user: User) -> None:
    """On an erasing account deletion (ID-6), a person's comments lose their text and show as
    deleted; the conversation around them keeps its shape."""
    model._default_manager.filter(author=user).update(
        body="", body_html="", submission_key=None, deleted_at=timezone.now()
    )
