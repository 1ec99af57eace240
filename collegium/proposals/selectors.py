"""Reads of proposals, given the viewer, in a fixed number of queries (EN-2, scale).

Lists are read by keyset, never by offset: the cursor holds the position in the order asked
for (newest, most supported, status) and the id that breaks ties."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from collegium import permissions
from collegium.communities.choices import CommunityStatus, MembershipStatus, Role
from collegium.communities.models import Community, Membership
from collegium.communities.selectors import attach_viewer_membership
from collegium.core.pagination import decode_cursor, encode_cursor
from collegium.proposals.choices import STATUS_ORDER, ProposalSort
from collegium.proposals.models import (
    Proposal,
    ProposalComment,
    ProposalStatusChange,
    ProposalSupport,
)

if TYPE_CHECKING:
    from collegium.permissions import Viewer

PROPOSALS_PER_PAGE = 20
COMMENTS_SHOWN = 500


@dataclass(frozen=True)
class ProposalFilters:
    sort: str = ProposalSort.NEWEST
    status: str = ""
    community: str = ""  # a community's address: its proposals only
    cursor: str = ""


@dataclass
class ProposalPage:
    proposals: list[Proposal]
    next_cursor: str = ""
    community: Community | None = None
    # The proposals of the page the viewer supports.
    supported: set[int] = field(default_factory=set)


def _status_rank() -> Case:
    return Case(
        *[When(status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)],
        default=Value(len(STATUS_ORDER)),
        output_field=IntegerField(),
    )


def _int_cursor(cursor: str) -> tuple[int, int] | None:
    """The (position, id) an integer cursor names; None for an empty or malformed one."""
    try:
        position, pk = cursor.split(".", 1)
        return int(position), int(pk)
    except ValueError:
        return None


def _page(queryset: QuerySet[Proposal], sort: str, cursor: str) -> tuple[list[Proposal], str]:
    """One page in the order asked for, from the cursor, and the cursor of the next page."""
    if sort == ProposalSort.SUPPORT:
        order = ["-support_count", "-pk"]
        position = _int_cursor(cursor) if cursor else None
        if position is not None:
            count, pk = position
            queryset = queryset.filter(support_count__lte=count).filter(
                Q(support_count__lt=count) | Q(support_count=count, pk__lt=pk)
            )
    elif sort == ProposalSort.STATUS:
        queryset = queryset.annotate(status_rank=_status_rank())
        order = ["status_rank", "-pk"]
        position = _int_cursor(cursor) if cursor else None
        if position is not None:
            rank, pk = position
            queryset = queryset.filter(status_rank__gte=rank).filter(
                Q(status_rank__gt=rank) | Q(status_rank=rank, pk__lt=pk)
            )
    else:
        order = ["-created_at", "-pk"]
        moment = decode_cursor(cursor)
        if moment is not None:
            since, pk = moment
            queryset = queryset.filter(created_at__lte=since).filter(
                Q(created_at__lt=since) | Q(created_at=since, pk__lt=pk)
            )
    proposals = list(
        queryset.select_related("author", "community").order_by(*order)[: PROPOSALS_PER_PAGE + 1]
    )
    if len(proposals) <= PROPOSALS_PER_PAGE:
        return proposals, ""
    proposals = proposals[:PROPOSALS_PER_PAGE]
    last = proposals[-1]
    if sort == ProposalSort.SUPPORT:
        return proposals, f"{last.support_count}.{last.pk}"
    if sort == ProposalSort.STATUS:
        return proposals, f"{last.status_rank}.{last.pk}"  # type: ignore[attr-defined]
    return proposals, encode_cursor(last.created_at, last.pk)


def _readable_community(viewer: Viewer, slug: str) -> Community:
    """A community whose proposals the viewer may read, or 404 (SPEC §0)."""
    community = permissions.visible_communities(viewer, Community.objects.filter(slug=slug)).first()
    if community is None:
        raise Http404
    attach_viewer_membership([community], viewer)
    if not permissions.can_read_proposals_of(viewer, community):
        raise Http404
    return community


def proposal_list(*, viewer: Viewer, filters: ProposalFilters) -> ProposalPage:
    """A page of the proposals the viewer may read, of one status or community if asked."""
    queryset = permissions.visible_proposals(viewer, Proposal.objects.all())
    community = None
    if filters.community:
        community = _readable_community(viewer, filters.community)
        queryset = queryset.filter(community=community)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    proposals, next_cursor = _page(queryset, filters.sort, filters.cursor)
    supported: set[int] = set()
    if proposals and viewer.is_authenticated:
        supported = set(
            ProposalSupport.objects.filter(
                user=viewer.pk, proposal__in=[proposal.pk for proposal in proposals]
            ).values_list("proposal_id", flat=True)
        )
    return ProposalPage(
        proposals=proposals, next_cursor=next_cursor, community=community, supported=supported
    )


def proposal_get(*, viewer: Viewer, proposal_id: int) -> Proposal:
    """A proposal the viewer may read, or 404; its community carries the viewer's membership
    for the policy's later questions."""
    proposal = Proposal.objects.select_related("author", "community").filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    if proposal.community is not None:
        attach_viewer_membership([proposal.community], viewer)
    permissions.check_read_proposal(viewer, proposal)
    return proposal


def proposal_is_supported_by(*, viewer: Viewer, proposal: Proposal) -> bool:
    if not viewer.is_authenticated:
        return False
    return ProposalSupport.objects.filter(proposal=proposal, user=viewer.pk).exists()


def proposal_status_history(*, proposal: Proposal) -> list[ProposalStatusChange]:
    """The proposal's moves, oldest first, with their public reasons."""
    changes = list(
        ProposalStatusChange.objects.filter(proposal=proposal).order_by("changed_at", "pk")
    )
    for change in changes:
        change.proposal = proposal
    return changes


def proposal_comments(*, viewer: Viewer, proposal: Proposal) -> list[ProposalComment]:
    """A readable proposal's comments in order (removed ones keep their place)."""
    permissions.check_read_proposal(viewer, proposal)
    comments = list(
        ProposalComment.objects.filter(proposal=proposal)
        .select_related("author")
        .order_by("created_at", "pk")[:COMMENTS_SHOWN]
    )
    for comment in comments:
        comment.proposal = proposal
    return comments


def proposal_comment_get(*, viewer: Viewer, proposal: Proposal, comment_id: int) -> ProposalComment:
    """A comment of a proposal the viewer may read, or 404."""
    permissions.check_read_proposal(viewer, proposal)
    comment = (
        ProposalComment.objects.select_related("author")
        .filter(pk=comment_id, proposal=proposal)
        .first()
    )
    if comment is None:
        raise Http404
    comment.proposal = proposal
    return comment


def proposal_communities(*, viewer: Viewer) -> list[tuple[Community, bool]]:
    """The active communities the viewer takes part in, and whether they lead each: where the
    submit form offers to put a proposal (and to submit it on the community's behalf)."""
    if not viewer.is_authenticated:
        return []
    memberships = (
        Membership.objects.filter(
            user=viewer.pk,
            status=MembershipStatus.ACTIVE,
            community__status=CommunityStatus.ACTIVE,
        )
        .select_related("community")
        .order_by("community__name", "community__pk")
    )
    found = []
    for membership in memberships:
        community = membership.community
        community.viewer_membership = membership  # type: ignore[attr-defined]
        found.append((community, membership.role == Role.LEADER))
    return found
