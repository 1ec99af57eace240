"""The proposal pages are valid HTML according to the Nu HTML checker
(tests/test_html_validity.py)."""

import shutil

import pytest
from django.urls import reverse
from django.utils import translation

from collegium.proposals import services
from collegium.proposals.choices import ProposalStatus
from collegium.proposals.tests.factories import make_proposal, move_to
from tests.test_html_validity import _check, _french

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="The Nu HTML checker needs Java: apt-get install default-jre-headless",
)


def test_proposal_pages_pass_the_nu_html_checker_in_both_languages(
    client, tmp_path, community, author, member, leader, staff
):
    everyone = make_proposal(
        author, body="| a | b |\n| - | - |\n| 1 | 2 |\n\n**Why** it matters.", language="fr"
    )
    services.proposal_support(actor=member, proposal=everyone)
    comment = services.proposal_comment_add(actor=member, proposal=everyone, body="**Agreed**")
    move_to(everyone, staff, ProposalStatus.UNDER_REVIEW, ProposalStatus.ACCEPTED_FOR_DEBATE)
    ours = make_proposal(
        leader,
        title="From the community",
        body="On behalf of us all.",
        community=community,
        submitted_for_community=True,
    )
    move_to(ours, staff, ProposalStatus.DECLINED)
    with translation.override("en"):
        member_pages = [
            reverse("proposals:list"),
            reverse("proposals:list") + "?sort=support&status=accepted_for_debate",
            reverse("proposals:list") + f"?community={community.slug}",
            everyone.get_absolute_url(),
            ours.get_absolute_url(),
            reverse("proposals:create"),
            reverse("proposals:comment_edit", args=[everyone.pk, comment.pk]),
            reverse("proposals:comment_delete", args=[everyone.pk, comment.pk]),
            community.get_absolute_url(),  # with its link to the community's proposals
        ]
        staff_pages = [everyone.get_absolute_url(), ours.get_absolute_url()]
        leader_pages = [reverse("proposals:create"), everyone.get_absolute_url()]
    client.force_login(member)
    _check(client, tmp_path, member_pages + [_french(url) for url in member_pages])
    client.force_login(staff)
    _check(client, tmp_path, staff_pages + [_french(url) for url in staff_pages])
    client.force_login(leader)
    _check(client, tmp_path, leader_pages + [_french(url) for url in leader_pages])
