"""Background work for communities."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from huey.contrib.djhuey import db_task

from collegium.core.mail import render_plain_text

if TYPE_CHECKING:
    from collegium.communities.models import Community, Invitation


@db_task(retries=5, retry_delay=30)
def deliver_invitation_to_email(email: str, language: str, context: dict[str, Any]) -> None:
    """An invitation to someone without an account: a sign-up link that leads into the
    community (CO-3). Written in the inviting leader's language, with the other one below."""
    with translation.override(language):
        full_context = {
            "site_name": settings.COLLEGIUM["SITE_NAME"],
            "base_url": settings.COLLEGIUM["BASE_URL"],
            **context,
        }
        template = "communities/email/invitation_new"
        subject = " ".join(render_plain_text(f"{template}_subject.txt", full_context).split())
        text = render_plain_text(f"{template}_message.txt", full_context)
        html = render_to_string(f"{template}_message.html", full_context)
    message = EmailMultiAlternatives(subject, text, to=[email])
    message.attach_alternative(html, "text/html")
    message.send()


# Notifications (NO-1) -------------------------------------------------------------------------


def invitation_email_context(invitation: Invitation) -> dict[str, Any]:
    """What the invitation emails say: the community in both languages, the inviter, the link."""
    community = invitation.community
    return {
        "community_name_en": community.name_en or community.name_fr,
        "community_name_fr": community.name_fr or community.name_en,
        "token": invitation.token,
        "inviter": invitation.invited_by.username if invitation.invited_by else "",
        "expires_at": invitation.expires_at.isoformat(),
    }


def _address(name: str, **kwargs: Any) -> dict[str, str]:
    from django.urls import reverse

    from collegium.notifications.kinds import in_each_language

    return in_each_language(lambda: reverse(name, kwargs=kwargs))


def _community_name(community: Community) -> dict[str, str]:
    from collegium.notifications.kinds import in_each_language

    return in_each_language(lambda: community.name)


@db_task(retries=3, retry_delay=30)
def notify_join_requested(request_id: int) -> None:
    """Someone asks to join: the community's leaders are told, while it waits (CO-3, NO-1)."""
    from collegium.accounts.models import User
    from collegium.communities.choices import MembershipStatus, RequestStatus, Role
    from collegium.communities.models import JoinRequest
    from collegium.notifications.choices import Kind
    from collegium.notifications.services import Event, notify

    request = JoinRequest.objects.select_related("community", "user").filter(pk=request_id).first()
    if request is None or request.status != RequestStatus.PENDING:
        return
    community = request.community
    leaders = User.objects.filter(
        memberships__community=community,
        memberships__status=MembershipStatus.ACTIVE,
        memberships__role=Role.LEADER,
    ).exclude(pk=request.user_id)
    event = Event(
        kind=Kind.JOIN_REQUESTED,
        link=_address("communities:manage_members", slug=community.slug),
        params={"actor": request.user.username, "community": _community_name(community)},
        community_id=community.pk,
        actor_id=request.user_id,
        excerpt=request.message[:280],
    )
    notify(event, leaders.order_by("pk"))


@db_task(retries=3, retry_delay=30)
def notify_join_decided(request_id: int) -> None:
    """The requester learns the leaders' decision, in the app and by email (CO-3, NO-1)."""
    from collegium.communities.choices import RequestStatus
    from collegium.communities.models import JoinRequest
    from collegium.notifications.choices import Audience, Kind
    from collegium.notifications.services import Event, notify

    request = JoinRequest.objects.select_related("community", "user").filter(pk=request_id).first()
    if request is None or request.status not in {RequestStatus.APPROVED, RequestStatus.DECLINED}:
        return
    community = request.community
    approved = request.status == RequestStatus.APPROVED
    event = Event(
        kind=Kind.JOIN_DECIDED,
        link=_address("communities:detail", slug=community.slug),
        params={"approved": approved, "community": _community_name(community)},
        community_id=community.pk,
        # The decision is the requester's to see, whether or not they read the community.
        audience=Audience.RECIPIENT,
        actor_id=request.decided_by_id,
    )
    notify(
        event,
        [request.user],
        email_context={
            "community_name_en": community.name_en or community.name_fr,
            "community_name_fr": community.name_fr or community.name_en,
            "community_slug": community.slug,
            "approved": approved,
            "reason": request.reason,
        },
    )


@db_task(retries=3, retry_delay=30)
def notify_invited(invitation_id: int) -> None:
    """Someone with an account is invited: in the app and by email, while it waits (CO-3)."""
    from collegium.communities.choices import InvitationStatus
    from collegium.communities.models import Invitation
    from collegium.notifications.choices import Audience, Kind
    from collegium.notifications.services import Event, notify

    invitation = (
        Invitation.objects.select_related("community", "user", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if (
        invitation is None
        or invitation.user is None
        or invitation.status != InvitationStatus.PENDING
    ):
        return
    community = invitation.community
    inviter = invitation.invited_by
    event = Event(
        kind=Kind.INVITED,
        link=_address("communities:invitation", token=invitation.token),
        params={
            "actor": inviter.username if inviter is not None else "",
            "community": _community_name(community),
        },
        community_id=community.pk,
        # Invitees do not read the community yet, and a hidden one exists only for them.
        audience=Audience.RECIPIENT,
        actor_id=invitation.invited_by_id,
    )
    notify(event, [invitation.user], email_context=invitation_email_context(invitation))


@db_task(retries=3, retry_delay=30)
def notify_proposal_decided(proposal_id: int, decided: dict[str, str]) -> None:
    """The proposer learns what staff decided about their proposed community (CO-2, NO-1)."""
    from collegium.communities.models import CommunityProposal
    from collegium.notifications.choices import Audience, Kind
    from collegium.notifications.services import Event, notify

    proposal = (
        CommunityProposal.objects.select_related("community", "proposed_by")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None or proposal.proposed_by is None:
        return
    community = proposal.community
    link = (
        _address("communities:detail", slug=community.slug)
        if community is not None
        else _address("communities:proposals")
    )
    event = Event(
        kind=Kind.PROPOSAL_DECIDED,
        link=link,
        params={"status": decided["status"], "title": proposal.name},
        community_id=community.pk if community is not None else None,
        audience=Audience.RECIPIENT,
        actor_id=proposal.reviewed_by_id,
        excerpt=decided["message"],
    )
    notify(
        event,
        [proposal.proposed_by],
        email_context={
            "proposal_name": proposal.name,
            "status": decided["status"],
            "message": decided["message"],
            "community_slug": community.slug if community is not None else "",
        },
    )
