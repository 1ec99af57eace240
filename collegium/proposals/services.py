"""Writes of proposals: submitting, supporting, moving through the statuses, and comments
(EN-2). Every rule of who may is asked of ``collegium.permissions`` here, so a page, the API
or a script behave alike."""

from __future__ import annotations

import uuid
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from collegium import permissions
from collegium.accounts.models import User
from collegium.comments import services as comment_services
from collegium.communities.models import Community
from collegium.core.validation import field_error
from collegium.editor.rendering import render_text
from collegium.moderation import limits
from collegium.moderation import services as moderation_services
from collegium.proposals import tasks
from collegium.proposals.choices import TRANSITIONS, ProposalLanguage, ProposalStatus
from collegium.proposals.models import (
    BODY_MAX_LENGTH,
    REASON_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Proposal,
    ProposalComment,
    ProposalStatusChange,
    ProposalSupport,
)

# Validation -----------------------------------------------------------------------------------


def _too_long(limit: int, count: int) -> str:
    return _("Keep this under %(limit)s characters (it has %(count)s).") % {
        "limit": number_format(limit, force_grouping=True),
        "count": number_format(count, force_grouping=True),
    }


def _clean_text(*, title: str, summary: str, body: str, language: str) -> tuple[str, str, str, str]:
    """The texts as they will be stored; every refusal next to its field, all at once."""
    title = " ".join(title.split())
    summary = " ".join(summary.split())
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    errors: dict[str, ValidationError] = {}
    if not title:
        errors["title"] = ValidationError(_("Give the proposal a title."), "required")
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = ValidationError(_too_long(TITLE_MAX_LENGTH, len(title)), "max_length")
    if not summary:
        errors["summary"] = ValidationError(
            _("Sum up the proposal in one or two sentences."), "required"
        )
    elif len(summary) > SUMMARY_MAX_LENGTH:
        errors["summary"] = ValidationError(
            _too_long(SUMMARY_MAX_LENGTH, len(summary)), "max_length"
        )
    if not body:
        errors["body"] = ValidationError(_("Write the proposal before you submit it."), "required")
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = ValidationError(_too_long(BODY_MAX_LENGTH, len(body)), "max_length")
    if language not in ProposalLanguage.values:
        errors["language"] = ValidationError(
            _("Choose the language the proposal is written in."), "invalid"
        )
    if errors:
        raise ValidationError(errors)
    return title, summary, body, language


def _clean_reason(reason: str) -> str:
    reason = reason.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not reason:
        raise field_error(
            "reason",
            _("Give the reason for this change: it is shown publicly with the new status."),
            "required",
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise field_error("reason", _too_long(REASON_MAX_LENGTH, len(reason)), "max_length")
    return reason


# Proposals ------------------------------------------------------------------------------------


@transaction.atomic
def proposal_submit(
    *,
    actor: User,
    title: str,
    summary: str,
    body: str,
    language: str = ProposalLanguage.EN,
    community: Community | None = None,
    submitted_for_community: bool = False,
    submission_key: uuid.UUID | None = None,
) -> Proposal:
    """A member submits a proposal, about a community they take part in or for everyone; a
    leader may submit it on the community's behalf (EN-2). It starts as submitted."""
    if submission_key is not None:
        existing = Proposal.objects.filter(author=actor, submission_key=submission_key).first()
        if existing is not None:
            return existing
    if submitted_for_community and community is None:
        raise field_error(
            "community", _("Choose the community the proposal is submitted for."), "required"
        )
    permissions.check_submit_proposal(actor, community, for_community=submitted_for_community)
    title, summary, body, language = _clean_text(
        title=title, summary=summary, body=body, language=language
    )
    limits.check_not_repeated(actor, body)  # MO-3: the same text twice is refused
    proposal = Proposal(
        author=actor,
        community=community,
        submitted_for_community=submitted_for_community,
        title=title,
        summary=summary,
        body=body,
        body_html=render_text(body).html,
        language=language,
        status=ProposalStatus.SUBMITTED,
        submission_key=submission_key,
    )
    proposal.full_clean()
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        # Two arrivals of one submission raced past the lookup above: the first one won.
        existing = Proposal.objects.filter(author=actor, submission_key=submission_key).first()
        if existing is None or submission_key is None:
            raise
        return existing
    # MO-3: what a new account writes with links waits for a moderator.
    moderation_services.hold_if_new_with_links(author=actor, obj=proposal, text=body)
    transaction.on_commit(partial(limits.remember_text, actor, body))
    return proposal


@transaction.atomic
def proposal_status_change(
    *,
    actor: User,
    proposal: Proposal,
    status: str,
    reason: str,
    expected_status: str | None = None,
) -> ProposalStatusChange:
    """Staff move a proposal to its next status, with a reason everyone who reads it sees; its
    author and supporters are told (EN-2). ``expected_status`` is the status the person saw:
    if someone changed it meanwhile, nothing is done."""
    permissions.check_change_proposal_status(actor, proposal)
    reason = _clean_reason(reason)
    # Read again under a lock: two members of staff deciding at once make one change.
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    current = locked.status
    if expected_status is not None and expected_status != current:
        raise field_error(
            "status",
            _(
                "Someone changed the status of this proposal meanwhile: it is now “%(status)s”. "
                "Check the history before you change it again."
            )
            % {"status": ProposalStatus(current).label},
            "stale",
        )
    if status not in TRANSITIONS.get(current, ()):
        if locked.is_final:
            message = _("This proposal is decided (“%(status)s”): its status no longer changes.")
        else:
            message = _("A proposal that is “%(status)s” cannot move to that status.")
        raise field_error("status", message % {"status": ProposalStatus(current).label}, "invalid")
    now = timezone.now()
    locked.status = status
    locked.status_changed_at = now
    locked.full_clean()
    locked.save(update_fields=["status", "status_changed_at"])
    change = ProposalStatusChange(
        proposal=locked, from_status=current, to_status=status, reason=reason, changed_by=actor
    )
    change.full_clean()
    change.save()
    proposal.status, proposal.status_changed_at = locked.status, locked.status_changed_at
    transaction.on_commit(partial(tasks.notify_proposal_status_changed, change.pk))
    return change


# Support --------------------------------------------------------------------------------------


@transaction.atomic
def proposal_support(*, actor: User, proposal: Proposal) -> ProposalSupport:
    """A member supports a proposal, once: supporting it again changes nothing (EN-2)."""
    permissions.check_support_proposal(actor, proposal)
    existing = ProposalSupport.objects.filter(proposal=proposal, user=actor).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            # A join row without fields of its own to clean: the unique constraint is the rule.
            support = ProposalSupport.objects.create(proposal=proposal, user=actor)
    except IntegrityError:
        # The same person's second click raced past the lookup: the first one counts.
        return ProposalSupport.objects.get(proposal=proposal, user=actor)
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
    return support


@transaction.atomic
def proposal_support_withdraw(*, actor: User, proposal: Proposal) -> bool:
    """A supporter takes their support back while the proposal is not decided; answers whether
    there was a support to take back."""
    permissions.check_withdraw_proposal_support(actor, proposal)
    deleted, _details = ProposalSupport.objects.filter(proposal=proposal, user=actor).delete()
    if not deleted:
        return False
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)
    return True


# Comments -------------------------------------------------------------------------------------


@transaction.atomic
def proposal_comment_add(
    *, actor: User, proposal: Proposal, body: str, submission_key: uuid.UUID | None = None
) -> ProposalComment:
    """A member or staff weighs in on a proposal (EN-2)."""
    permissions.check_comment_proposal(actor, proposal)
    comment = comment_services.comment_add(
        model=ProposalComment,
        target_field="proposal",
        target=proposal,
        author=actor,
        body=body,
        submission_key=submission_key,
    )
    if proposal.community_id is None:
        # The comments' own task tells only about comments inside a community.
        transaction.on_commit(partial(tasks.notify_proposal_comment_added, comment.pk))
    return comment


def _locked_comment(comment: ProposalComment) -> ProposalComment:
    locked = ProposalComment.objects.select_for_update().get(pk=comment.pk)
    locked.proposal = comment.proposal
    return locked


@transaction.atomic
def proposal_comment_edit(*, actor: User, comment: ProposalComment, body: str) -> ProposalComment:
    """The author changes their comment; it shows as edited."""
    comment = _locked_comment(comment)
    permissions.check_edit_proposal_comment(actor, comment, comment.proposal)
    body = comment_services.comment_clean_body(body)
    if body == comment.body:
        return comment
    comment.body = body
    comment.body_html = render_text(body).html
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@transaction.atomic
def proposal_comment_delete(*, actor: User, comment: ProposalComment) -> ProposalComment:
    """The author deletes their comment: it keeps its place and shows as deleted."""
    comment = _locked_comment(comment)
    permissions.check_edit_proposal_comment(actor, comment, comment.proposal)
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at"])
    return comment


# Data rights (ID-6) ---------------------------------------------------------------------------


@transaction.atomic
def proposal_content_erase(*, user: User) -> None:
    """On an erasing account deletion (ID-6): the person's comments lose their text, their
    proposals lose theirs and leave the lists, and their supports are taken back (the counts
    with them)."""
    comment_services.comments_erase(model=ProposalComment, user=user)
    Proposal.objects.filter(author=user).update(
        title="", summary="", body="", body_html="", submission_key=None, deleted_at=timezone.now()
    )
    supported = list(
        ProposalSupport.objects.filter(user=user).values_list("proposal_id", flat=True)
    )
    ProposalSupport.objects.filter(user=user).delete()
    Proposal.objects.filter(pk__in=supported).update(support_count=F("support_count") - 1)
