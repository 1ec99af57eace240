from typing import Any

import factory

from collegium.proposals import services
from collegium.proposals.choices import ProposalStatus
from collegium.proposals.models import Proposal, ProposalStatusChange


def make_proposal(
    author: Any,
    *,
    title: str = "Protected wellness half-days for residents",
    summary: str = "One half-day a month for residents' wellness.",
    body: str = "Every faculty should protect **one half-day** a month.",
    language: str = "en",
    **fields: Any,
) -> Proposal:
    """A proposal submitted through the service: platform-wide unless a community is given."""
    return services.proposal_submit(
        actor=author, title=title, summary=summary, body=body, language=language, **fields
    )


def move_to(proposal: Proposal, staff: Any, *statuses: str) -> Proposal:
    """Move a proposal through ``statuses`` as staff, each with a reason."""
    for status in statuses:
        services.proposal_status_change(
            actor=staff,
            proposal=proposal,
            status=status,
            reason=f"Reason for {ProposalStatus(status).label}.",
        )
    proposal.refresh_from_db()
    return proposal


class ProposalFactory(factory.django.DjangoModelFactory):
    """A proposal row straight in the database, for lists that need many (query counts)."""

    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Proposal number {n}")
    summary = "What the association should do."
    body = "The text of the proposal."
    body_html = "<p>The text of the proposal.</p>"
    language = "en"


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalStatusChange

    from_status = ProposalStatus.SUBMITTED
    to_status = ProposalStatus.UNDER_REVIEW
    reason = "Staff are looking at it."
