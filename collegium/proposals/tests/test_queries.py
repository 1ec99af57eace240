"""The proposal pages cost the same number of queries whatever the data (STYLE.md, scale)."""

import pytest
from django.urls import reverse

from collegium.accounts.tests.factories import verified_member
from collegium.communities import services as community_services
from collegium.core.testing import assert_flat_query_count
from collegium.proposals import selectors, services
from collegium.proposals.choices import ProposalStatus
from collegium.proposals.models import ProposalSupport
from collegium.proposals.tests.factories import (
    ProposalFactory,
    StatusChangeFactory,
    make_proposal,
)


def _grow_list(community, author, supporter, count=5):
    def grow():
        for number in range(count):
            ProposalFactory(author=author, community=community if number % 2 else None)
            proposal = ProposalFactory(
                author=author, status=ProposalStatus.UNDER_REVIEW, support_count=1
            )
            ProposalSupport.objects.create(proposal=proposal, user=supporter)

    return grow


@pytest.mark.parametrize("sort", ["newest", "support", "status"])
@pytest.mark.parametrize("who", ["member", "staff"])
def test_the_list_costs_the_same_queries_with_more_proposals(
    client, request, community, author, sort, who
):
    viewer = request.getfixturevalue(who)
    client.force_login(viewer)
    _grow_list(community, author, viewer)()
    url = f"{reverse('proposals:list')}?sort={sort}"
    assert_flat_query_count(lambda: client.get(url), _grow_list(community, author, viewer))


def test_the_list_of_a_community_costs_the_same_queries_with_more_proposals(
    client, community, author, member
):
    client.force_login(member)
    _grow_list(community, author, member)()
    url = f"{reverse('proposals:list')}?community={community.slug}&status=submitted"
    assert_flat_query_count(lambda: client.get(url), _grow_list(community, author, member))


def test_the_list_selector_costs_the_same_queries_over_several_pages(community, author, member):
    def read():
        page = selectors.proposal_list(
            viewer=member, filters=selectors.ProposalFilters(sort="support")
        )
        selectors.proposal_list(
            viewer=member,
            filters=selectors.ProposalFilters(sort="support", cursor=page.next_cursor),
        )

    _grow_list(community, author, member, count=15)()
    assert_flat_query_count(read, _grow_list(community, author, member, count=15))


@pytest.mark.parametrize("who", ["member", "staff"])
def test_a_proposal_page_costs_the_same_queries_with_more_supporters_history_and_comments(
    client, request, community, author, who
):
    viewer = request.getfixturevalue(who)
    proposal = make_proposal(author, community=community)
    client.force_login(viewer)
    numbers = iter(range(100))

    def grow():
        for _ in range(3):
            number = next(numbers)
            person = verified_member(f"dr-grow-{number}", f"80000{number:02d}")
            community_services.membership_add(community, person)
            services.proposal_support(actor=person, proposal=proposal)
            services.proposal_comment_add(
                actor=person, proposal=proposal, body=f"Comment number {number}."
            )
            StatusChangeFactory(proposal=proposal, changed_by=None)

    grow()
    assert_flat_query_count(lambda: client.get(proposal.get_absolute_url()), grow)
