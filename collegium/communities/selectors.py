"""Reads of communities, always starting from what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.text import slugify

from collegium import permissions
from collegium.accounts.models import User
from collegium.communities.choices import (
    CommunityKind,
    CommunityLanguage,
    CommunityStatus,
    InvitationStatus,
    MembershipStatus,
    RequestStatus,
    Role,
)
from collegium.communities.models import (
    Community,
    CommunityProposal,
    Invitation,
    JoinRequest,
    Membership,
    RulesVersion,
)


@dataclass(frozen=True)
class DirectoryFilters:
    tag: str = ""
    language: str = ""
    kind: str = ""
    can_join: bool = False


def attach_viewer_membership(
    communities: list[Community], viewer: permissions.Viewer
) -> list[Community]:
    """Give each community ``viewer_membership`` (or None) in one query, for the policy."""
    memberships: dict[int, Membership] = {}
    if viewer.is_authenticated:
        memberships = {
            m.community_id: m
            for m in Membership.objects.filter(
                user=viewer, community__in=[c.pk for c in communities]
            )
        }
    for community in communities:
        community.viewer_membership = memberships.get(community.pk)  # type: ignore[attr-defined]
    return communities


def community_list(
    *, viewer: permissions.Viewer, filters: DirectoryFilters
) -> list[tuple[Community, str]]:
    """The directory (CO-5): each community the viewer may see, with its join action.

    A fixed number of queries whatever the number of communities."""
    queryset = permissions.visible_communities(viewer, Community.objects.all()).prefetch_related(
        "audiences", "tags"
    )
    if filters.tag:
        # Typed as shown ("Rural care") or as in a link ("rural-care").
        queryset = queryset.filter(
            Q(tags__slug=slugify(filters.tag, allow_unicode=True))
            | Q(tags__name__iexact=filters.tag.strip())
        )
    if filters.language in CommunityLanguage.values:
        queryset = queryset.filter(language__in=[filters.language, CommunityLanguage.BOTH])
    if filters.kind in CommunityKind.values:
        queryset = queryset.filter(kind=filters.kind)
    if filters.can_join:
        # A narrowing first pass in SQL; the join action below has the last word.
        queryset = queryset.filter(
            audiences__user_type=permissions.participant_type(viewer),
            status=CommunityStatus.ACTIVE,
        )
    communities = attach_viewer_membership(list(queryset.distinct()), viewer)
    pending = _pending_for(viewer, communities)
    entries = [
        (
            community,
            permissions.join_action(
                viewer,
                community,
                is_invited=community.pk in pending["invitations"],
                has_pending_request=community.pk in pending["requests"],
            ),
        )
        for community in communities
    ]
    if filters.can_join:
        joinable = {permissions.JoinAction.JOIN, permissions.JoinAction.REQUEST,
                    permissions.JoinAction.INVITED}  # fmt: skip
        entries = [(c, action) for c, action in entries if action in joinable]
    return entries


def _pending_for(viewer: permissions.Viewer, communities: list[Community]) -> dict[str, set[int]]:
    if not viewer.is_authenticated:
        return {"requests": set(), "invitations": set()}
    ids = [c.pk for c in communities]
    return {
        "requests": set(
            JoinRequest.objects.filter(
                user=viewer, community__in=ids, status=RequestStatus.PENDING
            ).values_list("community_id", flat=True)
        ),
        "invitations": set(
            Invitation.objects.filter(
                user=viewer, community__in=ids, status=InvitationStatus.PENDING
            ).values_list("community_id", flat=True)
        ),
    }


def community_get(*, viewer: permissions.Viewer, slug: str) -> Community:
    """One community by its address, or 404 for those who may not see it (SPEC §0)."""
    from django.http import Http404

    community = (
        permissions.visible_communities(viewer, Community.objects.filter(slug=slug))
        .prefetch_related("audiences", "tags")
        .first()
    )
    if community is None:
        raise Http404
    attach_viewer_membership([community], viewer)
    return community


def community_leaders(*, community: Community) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            community=community, role=Role.LEADER, status=MembershipStatus.ACTIVE
        )
        .select_related("user")
        .order_by("user__username")
    ]


def community_members(*, viewer: User, community: Community) -> QuerySet[Membership]:
    """Everyone in the community with their role, for its leaders (CO-4)."""
    permissions.check_manage(viewer, community)
    return (
        Membership.objects.filter(community=community)
        .select_related("user")
        .order_by("status", "role", "user__username")
    )


def join_requests_pending(*, viewer: User, community: Community) -> QuerySet[JoinRequest]:
    permissions.check_manage(viewer, community)
    return JoinRequest.objects.filter(
        community=community, status=RequestStatus.PENDING
    ).select_related("user")


def invitations_pending(*, viewer: User, community: Community) -> QuerySet[Invitation]:
    permissions.check_manage(viewer, community)
    return Invitation.objects.filter(
        community=community, status=InvitationStatus.PENDING
    ).select_related("user", "invited_by")


def proposals_for_review(*, viewer: User) -> QuerySet[CommunityProposal]:
    permissions.check_create_community(viewer)
    return CommunityProposal.objects.select_related("proposed_by").prefetch_related(
        Prefetch("co_proposers")
    )


def proposals_of(*, viewer: User) -> QuerySet[CommunityProposal]:
    return CommunityProposal.objects.filter(proposed_by=viewer).select_related("community")


# Rules of engagement (MO-4) -------------------------------------------------------------------


def rules_version_current(*, community: Community) -> RulesVersion | None:
    """The version of the rules in force, for its date and what changed; None for a community
    that never had rules of its own."""
    return RulesVersion.objects.filter(community=community, number=community.rules_version).first()


def rules_version_list(*, viewer: permissions.Viewer, community: Community) -> list[RulesVersion]:
    """Every version of a community's rules, newest first, for those who may see the community
    (one query whatever the number of versions)."""
    permissions.check_view_community(viewer, community)
    return list(RulesVersion.objects.filter(community=community).order_by("-number"))


def rules_to_accept(*, viewer: permissions.Viewer, community: Community) -> bool:
    """The viewer takes part in the community but has not accepted its current rules."""
    if not isinstance(viewer, User) or community.status != CommunityStatus.ACTIVE:
        return False
    membership = _viewer_membership(viewer, community)
    return (
        membership is not None
        and membership.status == MembershipStatus.ACTIVE
        and membership.rules_version_accepted < community.rules_version
    )


def _viewer_membership(viewer: permissions.Viewer, community: Community) -> Membership | None:
    if hasattr(community, "viewer_membership"):
        return community.viewer_membership
    return Membership.objects.filter(community=community, user=viewer.pk).first()
