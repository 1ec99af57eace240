"""Writes of moderation: reports (MO-1), the actions on what they point to, and the audit log
that records and undoes them (MO-2).

Every action goes through ``_act``: it locks the item's case, refuses to act on a case that
changed since the moderator saw it (another moderator got there first), makes the change,
writes the audit line, settles the waiting reports, and queues the emails after the commit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from collegium import permissions
from collegium.core.validation import field_error
from collegium.moderation.choices import HELD, UNDO, Action, CaseStatus, Category, TargetKind
from collegium.moderation.models import NOTE_MAX_LENGTH, Case, ModerationAction, Report
from collegium.moderation.targets import Target

if TYPE_CHECKING:
    from collegium.accounts.models import User
    from collegium.communities.models import Community

SUSPENSION_MAX_DAYS = 365
# What the author is told about by email, in their language.
TOLD_TO_AUTHOR = {
    Action.REMOVE,
    Action.HOLD,
    Action.RESTORE,
    Action.EDIT,
    Action.MOVE_THREAD,
    Action.WARN,
    Action.SUSPEND,
    Action.BAN_COMMUNITY,
    Action.BAN_PLATFORM,
}


def _clean_note(note: str, *, required: bool, message: str = "") -> str:
    note = (note or "").replace("\r\n", "\n").strip()
    if required and not note:
        raise field_error(
            "note", message or _("Write a short note: it goes on the record."), "required"
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise field_error(
            "note",
            _("Keep the note under %(limit)s characters (it has %(count)s).")
            % {
                "limit": number_format(NOTE_MAX_LENGTH, force_grouping=True),
                "count": number_format(len(note), force_grouping=True),
            },
            "max_length",
        )
    return note


# Reports (MO-1) -------------------------------------------------------------------------------


def _case_for(target: Target, obj: Any, *, now: Any) -> Case:
    """The item's case, locked; made on the first report or action."""
    community = target.community(obj)
    try:
        with transaction.atomic():
            case, _created = Case.objects.select_for_update().get_or_create(
                kind=target.kind,
                object_id=obj.pk,
                defaults={
                    "community": community,
                    "author_id": target.author_id(obj),
                    "language": target.language(obj),
                    "opened_at": now,
                    "status": CaseStatus.RESOLVED,
                },
            )
    except IntegrityError:
        # Made by someone else at the same moment: theirs is the one.
        case = Case.objects.select_for_update().get(kind=target.kind, object_id=obj.pk)
    if community is not None and case.community_id != community.pk:
        # A thread moved since: the case follows its item.
        case.community = community
        case.save(update_fields=["community"])
    return case


def _reopen(case: Case, *, now: Any) -> None:
    """The item waits for a moderator again, from now; whatever was decided before is in the
    log. A moderator's page opened earlier no longer acts on it (the revision)."""
    case.status = CaseStatus.OPEN
    case.opened_at = now
    case.resolved_at, case.resolved_by, case.outcome = None, None, ""
    case.revision += 1


@transaction.atomic
def report_submit(*, reporter: User, target: Target, obj: Any, category: str, note: str) -> Report:
    """Someone reports an item: once per person per item; the item's case opens (again)."""
    if not permissions.can_report(
        reporter,
        obj,
        readable=target.can_read(reporter, obj) and not target.is_deleted(obj),
        author_id=target.author_id(obj),
    ):
        if target.author_id(obj) == reporter.pk:
            raise PermissionDenied(_("You cannot report what you wrote yourself."))
        raise PermissionDenied(_("This can no longer be reported."))
    if category not in Category.values:
        raise field_error("category", _("Choose what is wrong."), "required")
    note = _clean_note(
        note, required=True, message=_("Say in a few words what is wrong, for the moderators.")
    )
    now = timezone.now()
    case = _case_for(target, obj, now=now)
    earlier = Report.objects.filter(case=case, reporter=reporter).first()
    if earlier is not None:
        raise ValidationError(
            _("You reported this on %(date)s. The moderators have your report.")
            % {"date": formats.date_format(timezone.localtime(earlier.created_at), "DATE_FORMAT")},
            code="already_reported",
        )
    first_waiting = not case.is_open
    if first_waiting:
        _reopen(case, now=now)
    case.open_reports += 1
    case.last_reported_at = now
    case.save()
    report = Report.objects.create(case=case, reporter=reporter, category=category, note=note)
    if first_waiting:
        from collegium.moderation import tasks

        case_id = case.pk
        transaction.on_commit(lambda: tasks.tell_moderators(case_id))
    return report


# Acting (MO-2) --------------------------------------------------------------------------------


@dataclass
class Change:
    """What an action did, for the audit log and for undoing it."""

    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    subject: User | None = None


class AlreadyHandled(ValidationError):
    """Someone else acted on the item since the moderator looked at it: nothing was done."""


def _check_revision(case: Case, revision: int | None) -> None:
    if revision is None or case.revision == revision:
        return
    latest = (
        ModerationAction.objects.filter(kind=case.kind, object_id=case.object_id)
        .select_related("actor")
        .first()
    )
    if latest is None:
        message = _("New reports arrived meanwhile: nothing was done. Look at them first.")
    else:
        message = _(
            "%(moderator)s acted on this meanwhile (%(action)s, %(time)s): nothing was done. "
            "Here is where it stands now."
        ) % {
            "moderator": latest.actor.username if latest.actor else _("Someone"),
            "action": latest.get_action_display(),
            "time": formats.date_format(timezone.localtime(latest.created_at), "DATETIME_FORMAT"),
        }
    raise AlreadyHandled(message, code="already_handled")


def _act(
    *,
    actor: User,
    target: Target,
    obj: Any,
    revision: int | None,
    action: str,
    change: Callable[[], Change],
    note: str = "",
    category: str = "",
    resolves: bool = True,
    undo_of: ModerationAction | None = None,
) -> ModerationAction:
    community = target.community(obj)
    permissions.check_moderate_item(actor, community)
    now = timezone.now()
    case = _case_for(target, obj, now=now)
    _check_revision(case, revision)
    done = change()
    case.refresh_from_db()  # the change may have settled or reopened its reports
    subject = done.subject or target.author(obj)
    record = ModerationAction.objects.create(
        actor=actor,
        action=action,
        case=case,
        kind=target.kind,
        object_id=obj.pk,
        community=target.community(obj),
        subject=subject,
        category=category,
        note=note,
        before=done.before,
        after=done.after,
        undo_of=undo_of,
    )
    case.revision += 1
    settled: list[int] = []
    if resolves and case.is_open:
        settled = list(
            Report.objects.filter(case=case, resolved_at__isnull=True).values_list("pk", flat=True)
        )
        Report.objects.filter(pk__in=settled).update(outcome=action, resolved_at=now)
        case.status = CaseStatus.RESOLVED
        case.resolved_at, case.resolved_by, case.outcome = now, actor, action
        case.open_reports = 0
        record.after = {**record.after, "reports": settled}
        record.save(update_fields=["after"])
    elif not case.is_open and undo_of is None:
        # Acted on without a report waiting: the handled list shows the latest decision.
        case.resolved_at, case.resolved_by, case.outcome = now, actor, action
    case.save()
    from collegium.moderation import tasks

    record_id = record.pk
    if action in TOLD_TO_AUTHOR and subject is not None and subject.pk != actor.pk:
        transaction.on_commit(lambda: tasks.tell_author(record_id))
    if settled:
        transaction.on_commit(lambda: tasks.tell_reporters(record_id, settled))
    return record


def _lock(target: Target, obj: Any) -> Any:
    """The item again, its row locked, so that two actions on it queue up."""
    locked = target.model._default_manager.select_for_update().filter(pk=obj.pk).first()
    if locked is None:
        raise ValidationError(_("This no longer exists."), code="gone")
    fresh = target.load(obj.pk)
    assert fresh is not None
    return fresh


@transaction.atomic
def case_dismiss(
    *, actor: User, target: Target, obj: Any, revision: int | None, note: str = ""
) -> ModerationAction:
    """The reports are unfounded: the item stays as it is, the reporters are told."""
    note = _clean_note(note, required=False)
    case = Case.objects.filter(kind=target.kind, object_id=obj.pk).first()
    if case is None or not case.is_open:
        permissions.check_moderate_item(actor, target.community(obj))
        if case is not None:
            _check_revision(case, revision)
        raise ValidationError(_("No report is waiting on this."), code="nothing_waiting")
    return _act(
        actor=actor, target=target, obj=obj, revision=revision, action=Action.DISMISS,
        change=Change, note=note,
    )  # fmt: skip


def _withdraw_notifications(target: Target, obj: Any) -> None:
    """What is removed is no longer announced (MO-2, NO-1): the notifications about it go, and
    for a thread's opening post, those about every post of the thread; for a blog post or a
    resource, those about its comments."""
    from collegium.notifications.services import notifications_withdraw

    notifications_withdraw(target.kind, [obj.pk])
    if target.kind == TargetKind.POST and obj.is_opening:
        others = obj.thread.posts.exclude(pk=obj.pk).values_list("pk", flat=True)
        notifications_withdraw(TargetKind.POST, others)
    elif target.kind == TargetKind.BLOG_POST:
        comments = obj.comments.values_list("pk", flat=True)
        notifications_withdraw(TargetKind.BLOG_COMMENT, comments)
    elif target.kind == TargetKind.RESOURCE:
        comments = obj.comments.values_list("pk", flat=True)
        notifications_withdraw(TargetKind.RESOURCE_COMMENT, comments)


def _removal(target: Target, obj: Any, actor: User | None, category: str, note: str) -> Change:
    before = {"removed": False}
    target.set_removed(obj, actor=actor, category=category, note=note, removed=True)
    _withdraw_notifications(target, obj)
    return Change(before=before, after={"removed": True, "category": category, "note": note})


@transaction.atomic
def content_remove(
    *,
    actor: User,
    target: Target,
    obj: Any,
    revision: int | None,
    category: str,
    note: str = "",
) -> ModerationAction:
    """Hide an item from everyone but its author and the moderators; nothing is destroyed.
    The author is told why, in their language."""
    permissions.check_moderate_item(actor, target.community(obj))
    if not target.removable:
        raise ValidationError(_("This cannot be removed."), code="not_removable")
    if category not in Category.values:
        raise field_error("category", _("Choose the guideline it breaks."), "required")
    note = _clean_note(note, required=False)
    obj = _lock(target, obj)
    if target.is_removed(obj):
        case = Case.objects.filter(kind=target.kind, object_id=obj.pk).first()
        if case is not None:
            _check_revision(case, revision)
        raise ValidationError(_("This is already removed."), code="already_removed")
    return _act(
        actor=actor, target=target, obj=obj, revision=revision, action=Action.REMOVE,
        change=lambda: _removal(target, obj, actor, category, note),
        note=note, category=category,
    )  # fmt: skip


LINK = re.compile(r"https?://|\bwww\.\w", re.IGNORECASE)


def hold_if_new_with_links(*, author: User, obj: Any, text: str) -> bool:
    """MO-3: what a new account writes with a link waits for a moderator (a setting). Called
    by the services that create posts and comments, inside their transaction."""
    from collegium.moderation import limits
    from collegium.moderation.targets import TARGETS, kind_for

    if (
        not settings.COLLEGIUM["HOLD_LINKS_FROM_NEW_ACCOUNTS"]
        or limits.is_exempt(author)
        or not LINK.search(text)
        or not limits.is_new_account(author)
    ):
        return False
    content_hold(target=TARGETS[kind_for(type(obj))], obj=obj)
    return True


@transaction.atomic
def content_hold(*, target: Target, obj: Any, reason: str = HELD) -> None:
    """Hold what a new account wrote with links until a moderator looks (MO-3): hidden like a
    removal, with a case waiting in the queue. Called by the services that create content."""
    now = timezone.now()
    target.set_removed(obj, actor=None, category=reason, note="", removed=True)
    _withdraw_notifications(target, obj)
    case = _case_for(target, obj, now=now)
    ModerationAction.objects.create(
        actor=None,
        action=Action.HOLD,
        case=case,
        kind=target.kind,
        object_id=obj.pk,
        community=target.community(obj),
        subject=target.author(obj),
        category=reason,
        before={"removed": False},
        after={"removed": True, "category": reason},
    )
    if not case.is_open:
        _reopen(case, now=now)
    case.save()
    from collegium.moderation import tasks

    case_id = case.pk
    transaction.on_commit(lambda: tasks.tell_moderators(case_id))


def _restoring(target: Target, obj: Any) -> Change:
    before = {
        "removed": True,
        "category": obj.removal_category,
        "note": obj.removal_note,
    }
    target.set_removed(obj, actor=None, category="", note="", removed=False)
    if before["category"] == HELD:
        # Held since it was written (MO-3): nobody heard of it yet; now they do (NO-1).
        transaction.on_commit(partial(_announce, target.kind, obj.pk))
    return Change(before=before, after={"removed": False})


def _announce(kind: str, object_id: int) -> None:
    """Queue the notifications a new item would have sent, had it not been held."""
    if kind == TargetKind.POST:
        from collegium.forums.tasks import notify_post_published

        notify_post_published(object_id)
    elif kind == TargetKind.BLOG_COMMENT:
        from collegium.comments.tasks import notify_comment_added

        notify_comment_added(kind, object_id, "post")
    elif kind == TargetKind.RESOURCE_COMMENT:
        from collegium.comments.tasks import notify_comment_added

        notify_comment_added(kind, object_id, "resource")
    elif kind == TargetKind.PROPOSAL_COMMENT:
        from collegium.comments.tasks import notify_comment_added
        from collegium.proposals.tasks import notify_proposal_comment_added

        # One of the two tells: the first about a community's proposal, the second otherwise.
        notify_comment_added(kind, object_id, "proposal")
        notify_proposal_comment_added(object_id)


@transaction.atomic
def content_restore(
    *, actor: User, target: Target, obj: Any, revision: int | None, note: str = ""
) -> ModerationAction:
    """Show a removed or held item again."""
    permissions.check_moderate_item(actor, target.community(obj))
    note = _clean_note(note, required=False)
    obj = _lock(target, obj)
    if not target.is_removed(obj):
        case = Case.objects.filter(kind=target.kind, object_id=obj.pk).first()
        if case is not None:
            _check_revision(case, revision)
        raise ValidationError(_("This is not removed."), code="not_removed")
    return _act(
        actor=actor, target=target, obj=obj, revision=revision, action=Action.RESTORE,
        change=lambda: _restoring(target, obj), note=note,
    )  # fmt: skip


def _clean_text(target: Target, text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise field_error("text", _("The text cannot be empty: remove it instead."), "required")
    limit = getattr(target.model._meta.get_field(target.text_field), "max_length", None)
    if limit is not None and len(text) > limit:
        raise field_error(
            "text",
            _("Keep the text under %(limit)s characters (it has %(count)s).")
            % {
                "limit": number_format(limit, force_grouping=True),
                "count": number_format(len(text), force_grouping=True),
            },
            "max_length",
        )
    return text


def _editing(target: Target, obj: Any, actor: User, text: str) -> Change:
    before = {"text": target.text(obj)}
    target.set_text(obj, actor=actor, text=text)
    return Change(before=before, after={"text": text})


@transaction.atomic
def content_edit(
    *, actor: User, target: Target, obj: Any, revision: int | None, text: str, note: str
) -> ModerationAction:
    """Change what someone wrote (a patient's name taken out, say), with a note on the record;
    a forum post keeps its earlier text in its history."""
    permissions.check_moderate_item(actor, target.community(obj))
    if not target.editable:
        raise ValidationError(_("This cannot be edited by moderators."), code="not_editable")
    text = _clean_text(target, text)
    note = _clean_note(note, required=True, message=_("Say why you changed the text."))
    obj = _lock(target, obj)
    if text == target.text(obj):
        raise field_error("text", _("The text is unchanged."), "unchanged")
    return _act(
        actor=actor, target=target, obj=obj, revision=revision, action=Action.EDIT,
        change=lambda: _editing(target, obj, actor, text), note=note,
    )  # fmt: skip


@transaction.atomic
def thread_close(
    *, actor: User, target: Target, obj: Any, revision: int | None, note: str
) -> ModerationAction:
    """Close the thread the item belongs to, the note shown at its top as the summary."""
    from collegium.forums import services as forums_services

    permissions.check_moderate_item(actor, target.community(obj))
    thread = target.thread(obj)
    if thread is None:
        raise ValidationError(_("This is not part of a thread."), code="no_thread")
    if thread.closed_at is not None:
        raise ValidationError(_("This thread is already closed."), code="already_closed")
    note = _clean_note(note, required=True, message=_("Say why the thread is closed."))

    def closing() -> Change:
        forums_services.thread_close(actor=actor, thread=thread, summary=note)
        return Change(before={"closed": False}, after={"closed": True})

    return _act(
        actor=actor, target=target, obj=obj, revision=revision, action=Action.CLOSE_THREAD,
        change=closing, note=note,
    )  # fmt: skip


@transaction.atomic
def thread_move(
    *,
    actor: User,
    target: Target,
    obj: Any,
    revision: int | None,
    community: Community | None,
    note: str = "",
) -> ModerationAction:
    """Move the item's thread to another community the moderator also moderates."""
    from collegium.forums import services as forums_services

    permissions.check_moderate_item(actor, target.community(obj))
    thread = target.thread(obj)
    if thread is None:
        raise ValidationError(_("This is not part of a thread."), code="no_thread")
    if community is None or not permissions.can_moderate_thread_move_to(actor, community):
        raise field_error(
            "community", _("Choose a community that you moderate as well."), "invalid"
        )
    if community.pk == thread.community_id:
        raise field_error("community", _("The thread is already in this community."), "same")
    note = _clean_note(note, required=False)
    origin = thread.community

    def moving() -> Change:
        forums_services.thread_move(thread=thread, community=community)
        return Change(
            before={"community": origin.pk, "community_name": origin.name},
            after={"community": community.pk, "community_name": community.name},
        )

    return _act(
        actor=actor, target=target, obj=obj, revision=revision, action=Action.MOVE_THREAD,
        change=moving, note=note,
    )  # fmt: skip


def _sanction_subject(target: Target, obj: Any) -> User:
    subject = target.author(obj)
    if subject is None or subject.deleted_at is not None:
        raise ValidationError(_("Its author's account no longer exists."), code="no_author")
    if subject.is_platform_moderator:
        raise ValidationError(
            _("Staff and platform moderators cannot be warned, suspended or banned here."),
            code="staff",
        )
    return subject


@transaction.atomic
def author_warn(
    *, actor: User, target: Target, obj: Any, revision: int | None, note: str
) -> ModerationAction:
    """A warning by email to the item's author, on the record."""
    permissions.check_moderate_item(actor, target.community(obj))
    subject = _sanction_subject(target, obj)
    note = _clean_note(note, required=True, message=_("Write the warning the author will read."))
    return _act(
        actor=actor, target=target, obj=obj, revision=revision, action=Action.WARN,
        change=lambda: Change(subject=subject), note=note,
    )  # fmt: skip


@transaction.atomic
def author_suspend(
    *, actor: User, target: Target, obj: Any, revision: int | None, days: int | None, note: str
) -> ModerationAction:
    """Nothing written anywhere for a period; reading goes on. Platform moderators only."""
    permissions.check_moderate_item(actor, target.community(obj))
    if not permissions.can_sanction_platform_wide(actor):
        raise PermissionDenied(_("Only the platform's moderators suspend accounts."))
    subject = _sanction_subject(target, obj)
    if days is None or not 1 <= days <= SUSPENSION_MAX_DAYS:
        raise field_error(
            "days",
            _("Suspend for 1 to %(max)s days.") % {"max": SUSPENSION_MAX_DAYS},
            "invalid",
        )
    note = _clean_note(note, required=True, message=_("Give the reason the person will read."))
    from collegium.accounts.models import User as UserModel

    def suspending() -> Change:
        locked = UserModel.objects.select_for_update().get(pk=subject.pk)
        before = {
            "suspended_until": (
                locked.suspended_until.isoformat()
                if locked.suspended_until and locked.is_suspended
                else None
            )
        }
        until = timezone.now() + timedelta(days=days)
        locked.suspended_until, locked.suspension_reason = until, note
        locked.save(update_fields=["suspended_until", "suspension_reason"])
        return Change(before=before, after={"suspended_until": until.isoformat()}, subject=locked)

    return _act(
        actor=actor, target=target, obj=obj, revision=revision, action=Action.SUSPEND,
        change=suspending, note=note,
    )  # fmt: skip


@transaction.atomic
def author_ban_from_community(
    *, actor: User, target: Target, obj: Any, revision: int | None, note: str
) -> ModerationAction:
    """The author may no longer take part in, rejoin or be invited to the community."""
    from collegium.communities import services as communities_services
    from collegium.communities.choices import MembershipStatus
    from collegium.communities.models import Membership

    community = target.community(obj)
    permissions.check_moderate_item(actor, community)
    if community is None:
        raise ValidationError(_("This belongs to no community."), code="no_community")
    subject = _sanction_subject(target, obj)
    note = _clean_note(note, required=True, message=_("Give the reason the person will read."))
    membership = Membership.objects.filter(community=community, user=subject).first()
    if membership is None:
        raise ValidationError(
            _("The author no longer takes part in this community."), code="not_member"
        )
    if membership.status == MembershipStatus.BANNED:
        raise ValidationError(_("The author is already banned from it."), code="already_banned")

    def banning() -> Change:
        before = {"role": membership.role}
        communities_services.membership_ban(actor=actor, membership=membership, reason=note)
        return Change(before=before, after={"banned": True}, subject=subject)

    return _act(
        actor=actor, target=target, obj=obj, revision=revision, action=Action.BAN_COMMUNITY,
        change=banning, note=note,
    )  # fmt: skip


@transaction.atomic
def author_ban_from_platform(
    *, actor: User, target: Target, obj: Any, revision: int | None, note: str
) -> ModerationAction:
    """The account can no longer sign in; its content stays. Platform moderators only."""
    from collegium.accounts.models import User as UserModel

    permissions.check_moderate_item(actor, target.community(obj))
    if not permissions.can_sanction_platform_wide(actor):
        raise PermissionDenied(_("Only the platform's moderators ban accounts from the platform."))
    subject = _sanction_subject(target, obj)
    note = _clean_note(note, required=True, message=_("Give the reason the person will read."))
    if subject.banned_at is not None:
        raise ValidationError(_("This account is already banned."), code="already_banned")

    def banning() -> Change:
        locked = UserModel.objects.select_for_update().get(pk=subject.pk)
        locked.banned_at, locked.ban_reason, locked.is_active = timezone.now(), note, False
        locked.save(update_fields=["banned_at", "ban_reason", "is_active"])
        return Change(before={"banned": False}, after={"banned": True}, subject=locked)

    return _act(
        actor=actor, target=target, obj=obj, revision=revision, action=Action.BAN_PLATFORM,
        change=banning, note=note,
    )  # fmt: skip


# Undoing, from the audit log (MO-2) -----------------------------------------------------------


def can_undo(viewer: User, record: ModerationAction) -> bool:
    """An action can be undone once, by those who may act on its item, unless it is itself an
    undo or was overtaken by a later action that an undo would contradict."""
    if record.undone_at is not None or record.undo_of_id is not None:
        return False
    if record.action not in UNDO:
        return False
    if record.action in {Action.SUSPEND, Action.BAN_PLATFORM}:
        return permissions.can_sanction_platform_wide(viewer)
    return permissions.can_moderate_item(viewer, record.community)


@transaction.atomic
def action_undo(*, actor: User, record: ModerationAction, note: str = "") -> ModerationAction:
    """Undo an action from the log: its inverse is done and recorded, pointing back to it."""
    from collegium.moderation.targets import target_for

    record = ModerationAction.objects.select_for_update().get(pk=record.pk)
    if record.undone_at is not None:
        raise ValidationError(
            _("This was already undone on %(date)s.")
            % {
                "date": formats.date_format(timezone.localtime(record.undone_at), "DATETIME_FORMAT")
            },
            code="already_undone",
        )
    if not can_undo(actor, record):
        permissions.check_moderate_item(actor, record.community)
        raise PermissionDenied(_("This action cannot be undone."))
    note = _clean_note(note, required=False)
    target = target_for(record.kind)
    obj = target.load(record.object_id)
    if obj is None:
        raise ValidationError(_("This no longer exists."), code="gone")
    inverse = UNDO[Action(record.action)]
    change = _inverse_change(actor, target, obj, record)
    undo = _act(
        actor=actor, target=target, obj=obj, revision=None, action=inverse, change=change,
        note=note, category=record.category if inverse == Action.REMOVE else "",
        resolves=False, undo_of=record,
    )  # fmt: skip
    record.undone_at, record.undone_by = timezone.now(), actor
    record.save(update_fields=["undone_at", "undone_by"])
    return undo


def _inverse_change(
    actor: User, target: Target, obj: Any, record: ModerationAction
) -> Callable[[], Change]:
    from collegium.accounts.models import User as UserModel

    action = record.action
    subject_id = record.subject_id

    if action == Action.DISMISS:

        def reopening() -> Change:
            reports = record.after.get("reports", [])
            Report.objects.filter(pk__in=reports).update(outcome="", resolved_at=None)
            Case.objects.filter(pk=record.case_id or 0).update(
                status=CaseStatus.OPEN,
                open_reports=len(reports),
                resolved_at=None,
                resolved_by=None,
                outcome="",
            )
            return Change(after={"reports": reports})

        return reopening
    if action in {Action.REMOVE, Action.HOLD}:
        if not target.is_removed(obj):
            raise ValidationError(_("This was restored since."), code="not_removed")
        return lambda: _restoring(target, obj)
    if action == Action.RESTORE:
        if target.is_removed(obj):
            raise ValidationError(_("This was removed again since."), code="already_removed")
        category = record.before.get("category") or Category.OTHER
        note = record.before.get("note", "")
        return lambda: _removal(target, obj, actor, category, note)
    if action == Action.EDIT:
        if target.text(obj) != record.after.get("text"):
            raise ValidationError(
                _("The text changed again since: edit it instead."), code="changed"
            )
        return lambda: _editing(target, obj, actor, record.before.get("text", ""))
    if action == Action.CLOSE_THREAD:
        from collegium.forums import services as forums_services

        thread = target.thread(obj)

        def reopening_thread() -> Change:
            assert thread is not None
            forums_services.thread_reopen(actor=actor, thread=thread)
            return Change(before={"closed": True}, after={"closed": False})

        if thread is None or thread.closed_at is None:
            raise ValidationError(_("The thread is open already."), code="open")
        return reopening_thread
    if action == Action.MOVE_THREAD:
        from collegium.communities.models import Community
        from collegium.forums import services as forums_services

        thread = target.thread(obj)
        origin = Community.objects.filter(pk=record.before.get("community")).first()
        if thread is None or origin is None:
            raise ValidationError(_("The first community no longer exists."), code="gone")
        if thread.community_id != record.after.get("community"):
            raise ValidationError(_("The thread was moved again since."), code="moved")

        def moving_back() -> Change:
            forums_services.thread_move(thread=thread, community=origin)
            return Change(
                before=record.after,
                after={"community": origin.pk, "community_name": origin.name},
            )

        return moving_back
    subject = UserModel.objects.select_for_update().filter(pk=subject_id or 0).first()
    if subject is None:
        raise ValidationError(_("The person's account no longer exists."), code="gone")
    if action == Action.WARN:
        return lambda: Change(subject=subject)
    if action == Action.SUSPEND:

        def lifting() -> Change:
            subject.suspended_until, subject.suspension_reason = None, ""
            subject.save(update_fields=["suspended_until", "suspension_reason"])
            return Change(before=record.after, after={"suspended_until": None}, subject=subject)

        return lifting
    if action == Action.BAN_COMMUNITY:
        from collegium.communities import services as communities_services

        community = record.community
        if community is None:
            raise ValidationError(_("The community no longer exists."), code="gone")

        def unbanning() -> Change:
            communities_services.membership_unban(community=community, user=subject)
            return Change(before={"banned": True}, after={"banned": False}, subject=subject)

        return unbanning
    if action == Action.BAN_PLATFORM:

        def unbanning_platform() -> Change:
            subject.banned_at, subject.ban_reason, subject.is_active = None, "", True
            subject.save(update_fields=["banned_at", "ban_reason", "is_active"])
            return Change(before={"banned": True}, after={"banned": False}, subject=subject)

        return unbanning_platform
    raise PermissionDenied(_("This action cannot be undone."))
