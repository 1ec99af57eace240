"""Writes to communities: creation, proposals, joining, requests, invitations, roles (SPEC CO)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from collegium import permissions
from collegium.accounts.choices import MEMBER_TYPES, UserType
from collegium.accounts.models import User
from collegium.communities import tasks
from collegium.communities.choices import (
    CommunityKind,
    CommunityLanguage,
    CommunityStatus,
    DirectoryVisibility,
    InvitationStatus,
    Joining,
    MembershipStatus,
    ProposalStatus,
    RequestStatus,
    Role,
)
from collegium.communities.models import (
    Community,
    CommunityAudience,
    CommunityProposal,
    Invitation,
    JoinRequest,
    Membership,
    RulesVersion,
)
from collegium.core.markdown import render_markdown
from collegium.core.models import Tag
from collegium.core.validation import field_error

INVITATION_LIFETIME = timedelta(days=14)


TRANSLATED_TEXT_FIELDS = ("description", "objectives", "rules")


# Creating and editing ------------------------------------------------------------------------


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:70] or "community"
    slug, number = base, 2
    others = Community.objects.exclude(pk=exclude_pk) if exclude_pk else Community.objects
    while others.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _render(community: Community) -> None:
    for field in TRANSLATED_TEXT_FIELDS:
        for language in ("en", "fr"):
            text = getattr(community, f"{field}_{language}", "") or ""
            setattr(community, f"{field}_html_{language}", render_markdown(text) if text else "")


def _check_unique_name(community: Community) -> None:
    for language in ("en", "fr"):
        name = (getattr(community, f"name_{language}", "") or "").strip()
        if not name:
            continue
        clash = Community.objects.filter(**{f"name_{language}__iexact": name})
        if community.pk:
            clash = clash.exclude(pk=community.pk)
        if clash.exists():
            raise field_error(
                f"name_{language}", _("A community with this name already exists."), "duplicate"
            )


def _set_audience(community: Community, audience: Iterable[str]) -> None:
    chosen = set(audience) & set(UserType.values)
    if not chosen:
        raise field_error("audience", _("Choose at least one type of participant."), "required")
    CommunityAudience.objects.filter(community=community).exclude(user_type__in=chosen).delete()
    existing = set(community.audiences.values_list("user_type", flat=True))
    CommunityAudience.objects.bulk_create(
        CommunityAudience(community=community, user_type=user_type)
        for user_type in chosen - existing
    )


@transaction.atomic
def community_save(
    *,
    actor: User | None,
    community: Community,
    audience: Iterable[str],
    tags: Iterable[Tag] = (),
    cover: Any = None,
    rules_note: str = "",
) -> Community:
    """Create or update a community; a changed rule text makes a new rules version, kept with
    what changed, that participants accept again before they take part (MO-4)."""
    if community.pk is None:
        if actor is not None:
            permissions.check_create_community(actor)
    elif actor is not None:
        permissions.check_manage(actor, community)
    _check_unique_name(community)
    if not community.slug:
        community.slug = _unique_slug(community.name_en or community.name_fr or community.name)
    rules = (community.rules_en or "", community.rules_fr or "")
    if community.pk is None:
        rules_changed = any(rules)
    else:
        # Locked so that two leaders saving at once cannot take the same version number.
        before = Community.objects.select_for_update().get(pk=community.pk)
        rules_changed = (before.rules_en or "", before.rules_fr or "") != rules
        if rules_changed:
            community.rules_version = before.rules_version + 1
    _render(community)
    if cover is not None:
        community.cover.save("cover.webp", cover, save=False)
    community.full_clean(exclude=["cover"])
    community.save()
    _set_audience(community, audience)
    community.tags.set(list(tags))
    if rules_changed:
        _rules_version_record(community, actor=actor, note=rules_note)
        if actor is not None:
            # Whoever wrote the new rules has read them.
            Membership.objects.filter(
                community=community, user=actor, status=MembershipStatus.ACTIVE
            ).update(rules_version_accepted=community.rules_version)
    return community


def _rules_version_record(community: Community, *, actor: User | None, note: str) -> RulesVersion:
    """Keep the rules just saved as a version, with what changed (MO-4)."""
    version = RulesVersion(
        community=community,
        number=community.rules_version,
        rules_en=community.rules_en or "",
        rules_fr=community.rules_fr or "",
        rules_html_en=getattr(community, "rules_html_en", "") or "",
        rules_html_fr=getattr(community, "rules_html_fr", "") or "",
        note=note.strip(),
        created_by=actor,
    )
    version.full_clean(exclude=["community"])
    version.save()
    return version


def member_community_ensure(*, using: str = "default") -> Community:
    """The Member Community exists on every install (CO-2): members only, open to them."""
    existing = Community.objects.using(using).filter(is_member_community=True).first()
    if existing is not None:
        return existing
    with transaction.atomic(using=using):
        community = Community(
            slug="member-community",
            name_en="Member Community",
            name_fr="Communauté des membres",
            description_en=(
                "The association's own space for its members: physicians and medical learners. "
                "This is where the association gathers member feedback on its areas of focus "
                "and strategic direction."
            ),
            description_fr=(
                "L’espace de l’association réservé à ses membres : médecins, apprenantes et "
                "apprenants en médecine. C’est ici que l’association recueille l’avis de ses "
                "membres sur ses priorités et son orientation stratégique."
            ),
            who_participates_en="Verified members: physicians and medical learners.",
            who_participates_fr="Les membres vérifiés : médecins et apprenants en médecine.",
            kind=CommunityKind.ASSOCIATION,
            language=CommunityLanguage.BOTH,
            joining=Joining.OPEN,
            visibility=DirectoryVisibility.MEMBERS,
            is_member_community=True,
        )
        _render(community)
        community.save(using=using)
        CommunityAudience.objects.using(using).bulk_create(
            CommunityAudience(community=community, user_type=user_type)
            for user_type in sorted(MEMBER_TYPES)
        )
    return community


@transaction.atomic
def community_archive(*, actor: User, community: Community) -> Community:
    """Archived communities stay readable and become read-only (CT-5)."""
    permissions.check_manage(actor, community)
    community.status = CommunityStatus.ARCHIVED
    community.save(update_fields=["status", "updated_at"])
    return community


# Proposals (CO-2) ----------------------------------------------------------------------------


@transaction.atomic
def proposal_submit(*, actor: User, proposal: CommunityProposal) -> CommunityProposal:
    """A member or stakeholder proposes a member-led community for staff to review."""
    permissions.check_propose_community(actor)
    proposal.proposed_by = actor
    proposal.status = ProposalStatus.SUBMITTED
    if Community.objects.filter(name_en__iexact=proposal.name.strip()).exists() or (
        Community.objects.filter(name_fr__iexact=proposal.name.strip()).exists()
    ):
        raise field_error("name", _("A community with this name already exists."), "duplicate")
    if not set(proposal.audience) & set(UserType.values):
        raise field_error("audience", _("Choose at least one type of participant."), "required")
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_resubmit(*, actor: User, proposal: CommunityProposal) -> CommunityProposal:
    """The proposer answers a request for changes: the proposal goes back to staff (CO-2)."""
    if proposal.proposed_by_id != actor.pk or proposal.status != ProposalStatus.CHANGES_REQUESTED:
        raise ValidationError(_("This proposal cannot be changed now."), code="not_editable")
    proposal.status = ProposalStatus.SUBMITTED
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_review(
    *, actor: User, proposal: CommunityProposal, decision: str, message: str
) -> CommunityProposal:
    """Staff approve (the community is created with the proposers as leaders), ask for
    changes, or decline; the proposer is emailed the message either way (CO-2)."""
    permissions.check_create_community(actor)
    proposal = CommunityProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in {ProposalStatus.SUBMITTED, ProposalStatus.CHANGES_REQUESTED}:
        raise ValidationError(_("This proposal has already been decided."), code="decided")
    if decision not in {
        ProposalStatus.APPROVED, ProposalStatus.CHANGES_REQUESTED, ProposalStatus.DECLINED
    }:  # fmt: skip
        raise ValidationError(_("Choose a decision."), code="invalid")
    if decision != ProposalStatus.APPROVED and not message.strip():
        raise field_error(
            "message", _("Tell the proposers why, so they know what to do next."), "required"
        )
    proposal.status = decision
    proposal.staff_message = message.strip()
    proposal.reviewed_by = actor
    if decision == ProposalStatus.APPROVED:
        language_field = "name_fr" if proposal.language == CommunityLanguage.FR else "name_en"
        community = Community(
            kind=CommunityKind.MEMBER,
            language=proposal.language,
            joining=proposal.joining,
            **{language_field: proposal.name},
        )
        suffix = "_fr" if proposal.language == CommunityLanguage.FR else "_en"
        setattr(community, f"description{suffix}", proposal.description)
        setattr(community, f"objectives{suffix}", proposal.objectives)
        setattr(community, f"who_participates{suffix}", proposal.who_participates)
        community_save(actor=None, community=community, audience=proposal.audience)
        leaders = [proposal.proposed_by, *proposal.co_proposers.all()]
        for leader in leaders:
            membership_add(community, leader, role=Role.LEADER)
        proposal.community = community
    proposal.save()
    # The decision as it is now: the proposal may be decided again before the task runs.
    decided = {"status": proposal.status, "message": proposal.staff_message}
    transaction.on_commit(partial(tasks.notify_proposal_decided, proposal.pk, decided))
    return proposal


# Joining (CO-3) ------------------------------------------------------------------------------


def membership_add(community: Community, user: User, *, role: str = Role.PARTICIPANT) -> Membership:
    """Put someone in a community (no checks: callers decided they may be there)."""
    membership, created = Membership.objects.get_or_create(
        community=community,
        user=user,
        defaults={"role": role, "rules_version_accepted": community.rules_version},
    )
    if created:
        Community.objects.filter(pk=community.pk).update(
            participant_count=F("participant_count") + 1
        )
    return membership


def _check_can_join(user: User, community: Community) -> None:
    permissions.check_view_community(user, community)
    action = permissions.join_action(user, community)
    reasons = {
        permissions.JoinAction.PARTICIPANT: _("You are already a participant of this community."),
        permissions.JoinAction.BANNED: _("You may not take part in this community."),
        permissions.JoinAction.ARCHIVED: _("This community is archived: nobody can join it."),
        permissions.JoinAction.NOT_ELIGIBLE: _(
            "This community is for other types of participants."
        ),
        permissions.JoinAction.INVITATION_ONLY: _(
            "This community is by invitation only: its leaders invite participants."
        ),
        permissions.JoinAction.PENDING: _("Your request to join is already waiting for a leader."),
        permissions.JoinAction.SIGN_IN: _("Sign in first."),
    }
    if action in reasons:
        raise ValidationError(reasons[action], code=action)


def _check_rules_accepted(accepted_rules: bool) -> None:
    if not accepted_rules:
        raise field_error("accept_rules", _("Accept the community's rules to join."), "rules")


@transaction.atomic
def membership_join(*, user: User, community: Community, accepted_rules: bool) -> Membership:
    """Join an open community at once, after accepting its rules (CO-3)."""
    _check_can_join(user, community)
    if community.joining != Joining.OPEN:
        raise ValidationError(_("This community is not open: ask to join."), code="not_open")
    _check_rules_accepted(accepted_rules)
    _close_open_requests_and_invitations(community, user)
    return membership_add(community, user)


def _close_open_requests_and_invitations(community: Community, user: User) -> None:
    """Someone who is in has nothing left waiting for leaders."""
    now = timezone.now()
    JoinRequest.objects.filter(community=community, user=user, status=RequestStatus.PENDING).update(
        status=RequestStatus.WITHDRAWN, decided_at=now
    )
    Invitation.objects.filter(
        community=community, user=user, status=InvitationStatus.PENDING
    ).update(status=InvitationStatus.ACCEPTED, answered_at=now)


@transaction.atomic
def join_request_submit(
    *, user: User, community: Community, message: str, accepted_rules: bool
) -> JoinRequest:
    """Ask the leaders of a by-request community to let one in (CO-3)."""
    _check_can_join(user, community)
    if community.joining != Joining.REQUEST:
        raise ValidationError(_("This community does not take requests."), code="not_request")
    _check_rules_accepted(accepted_rules)
    request = JoinRequest.objects.create(community=community, user=user, message=message.strip())
    transaction.on_commit(partial(tasks.notify_join_requested, request.pk))
    return request


@transaction.atomic
def join_request_withdraw(*, user: User, request: JoinRequest) -> JoinRequest:
    if request.user_id != user.pk or request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request cannot be withdrawn."), code="decided")
    request.status = RequestStatus.WITHDRAWN
    request.save(update_fields=["status"])
    return request


@transaction.atomic
def join_request_decide(
    *, actor: User, request: JoinRequest, approve: bool, reason: str = ""
) -> JoinRequest:
    """A leader approves or declines; the requester is emailed the decision and a link."""
    request = (
        JoinRequest.objects.select_for_update()
        .select_related("community", "user")
        .get(pk=request.pk)
    )
    permissions.check_manage(actor, request.community)
    if request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request has already been decided."), code="decided")
    request.status = RequestStatus.APPROVED if approve else RequestStatus.DECLINED
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.reason = reason.strip()
    request.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    if approve:
        membership_add(request.community, request.user)
    transaction.on_commit(partial(tasks.notify_join_decided, request.pk))
    return request


# Invitations (CO-3) --------------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, actor: User, community: Community, target: str) -> Invitation:
    """Invite someone by username or email; an email without an account gets a sign-up link
    that leads into the community after registration (CO-3)."""
    permissions.check_manage(actor, community)
    target = target.strip()
    user = User.objects.filter(username__iexact=target, is_active=True).first()
    if user is None:
        try:
            validate_email(target)
        except ValidationError as error:
            raise field_error(
                "target", _("Enter a username or a valid email address."), "invalid"
            ) from error
        user = User.objects.filter(email__iexact=target, is_active=True).first()
    email = user.email if user is not None else target.lower()
    if user is not None and Membership.objects.filter(community=community, user=user).exists():
        raise field_error(
            "target",
            _("This person is already in the community (or banned from it)."),
            "already_in",
        )
    if user is not None and not permissions.is_eligible(user, community):
        raise field_error(
            "target",
            _("This person's type of participant is not in the community's audience."),
            "not_eligible",
        )
    if Invitation.objects.filter(
        community=community, email__iexact=email, status=InvitationStatus.PENDING
    ).exists():
        raise field_error(
            "target", _("This person already has an invitation waiting."), "duplicate"
        )
    invitation = Invitation.objects.create(
        community=community,
        email=email,
        user=user,
        token=secrets.token_urlsafe(32),
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    if user is not None:
        # CO-3, NO-1: someone with an account hears of it in the app and by email.
        transaction.on_commit(partial(tasks.notify_invited, invitation.pk))
    else:
        context = tasks.invitation_email_context(invitation)
        language = actor.preferred_language
        transaction.on_commit(partial(tasks.deliver_invitation_to_email, email, language, context))
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    permissions.check_manage(actor, invitation.community)
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation has already been answered."), code="answered")
    invitation.status = InvitationStatus.REVOKED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    return invitation


def invitation_usable(invitation: Invitation | None) -> bool:
    return (
        invitation is not None
        and invitation.status == InvitationStatus.PENDING
        and invitation.expires_at > timezone.now()
        and invitation.community.status == CommunityStatus.ACTIVE
    )


@transaction.atomic
def invitation_accept(*, user: User, invitation: Invitation, accepted_rules: bool) -> Membership:
    """Join through an invitation sent to this account or to its email address."""
    invitation = (
        Invitation.objects.select_for_update().select_related("community").get(pk=invitation.pk)
    )
    if not invitation_usable(invitation):
        raise ValidationError(
            _("This invitation has expired or was revoked. Ask a leader for a new one."),
            code="expired",
        )
    if invitation.user_id not in {None, user.pk} or (
        invitation.user_id is None and invitation.email.lower() != user.email.lower()
    ):
        raise ValidationError(_("This invitation was sent to another person."), code="someone_else")
    community = invitation.community
    membership = Membership.objects.filter(community=community, user=user).first()
    if membership is not None and membership.status == MembershipStatus.BANNED:
        raise ValidationError(_("You may not take part in this community."), code="banned")
    if not permissions.is_eligible(user, community):
        raise ValidationError(
            _("This community is for other types of participants."), code="not_eligible"
        )
    _check_rules_accepted(accepted_rules)
    invitation.status = InvitationStatus.ACCEPTED
    invitation.user = user
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "user", "answered_at"])
    return membership_add(community, user)


# Roles and removal (CO-4) --------------------------------------------------------------------


def _check_not_last_leader(membership: Membership) -> None:
    if membership.role != Role.LEADER:
        return
    leaders = Membership.objects.filter(
        community=membership.community, role=Role.LEADER, status=MembershipStatus.ACTIVE
    ).exclude(pk=membership.pk)
    if not leaders.exists():
        raise ValidationError(
            _("A community always keeps at least one leader: name another leader first."),
            code="last_leader",
        )


@transaction.atomic
def membership_set_role(*, actor: User, membership: Membership, role: str) -> Membership:
    membership = (
        Membership.objects.select_for_update().select_related("community").get(pk=membership.pk)
    )
    permissions.check_manage(actor, membership.community)
    if role not in Role.values:
        raise ValidationError(_("Choose a role."), code="invalid")
    if role != Role.LEADER:
        _check_not_last_leader(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """Leaders remove a participant; anyone may leave (CO-4). Never the last leader."""
    membership = (
        Membership.objects.select_for_update().select_related("community").get(pk=membership.pk)
    )
    if actor.pk != membership.user_id:
        permissions.check_manage(actor, membership.community)
    _check_not_last_leader(membership)
    was_active = membership.status == MembershipStatus.ACTIVE
    membership.delete()
    if was_active:
        Community.objects.filter(pk=membership.community_id).update(
            participant_count=F("participant_count") - 1
        )


@transaction.atomic
def membership_ban(*, actor: User, membership: Membership, reason: str) -> Membership:
    """A banned person cannot rejoin, request or be invited (CO-4)."""
    membership = (
        Membership.objects.select_for_update().select_related("community").get(pk=membership.pk)
    )
    permissions.check_manage(actor, membership.community)
    _check_not_last_leader(membership)
    if not reason.strip():
        raise field_error("reason", _("Give a reason for the ban."), "required")
    if membership.status == MembershipStatus.ACTIVE:
        Community.objects.filter(pk=membership.community_id).update(
            participant_count=F("participant_count") - 1
        )
    membership.status = MembershipStatus.BANNED
    membership.role = Role.PARTICIPANT
    membership.banned_reason = reason.strip()
    membership.save(update_fields=["status", "role", "banned_reason"])
    return membership


@transaction.atomic
def membership_unban(*, community: Community, user: User) -> Membership | None:
    """Lift a ban: the person is a participant again, as before (undone from the moderation
    log, MO-2). They accept the rules again before they write."""
    membership = (
        Membership.objects.select_for_update().filter(community=community, user=user).first()
    )
    if membership is None or membership.status != MembershipStatus.BANNED:
        return membership
    membership.status = MembershipStatus.ACTIVE
    membership.banned_reason = ""
    membership.save(update_fields=["status", "banned_reason"])
    Community.objects.filter(pk=community.pk).update(participant_count=F("participant_count") + 1)
    return membership


@transaction.atomic
def rules_accept(*, user: User, community: Community, version: int) -> Membership:
    """A participant accepts the version of the community's rules they were shown (MO-4).

    Refused when the rules changed again since: the person reads the newer text first."""
    membership = (
        Membership.objects.select_for_update()
        .filter(community=community, user=user, status=MembershipStatus.ACTIVE)
        .first()
    )
    if membership is None:
        raise ValidationError(
            _("Only participants accept a community's rules: join it first."),
            code="not_participant",
        )
    current = Community.objects.filter(pk=community.pk).values_list("rules_version", flat=True)[0]
    if version != current:
        raise ValidationError(
            _(
                "The rules changed again while you were reading them: read the new version "
                "and accept it."
            ),
            code="stale",
        )
    if membership.rules_version_accepted < current:
        membership.rules_version_accepted = current
        membership.save(update_fields=["rules_version_accepted"])
    return membership
