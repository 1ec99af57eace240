from django.core.management import call_command

from collegium.proposals.choices import ProposalStatus
from collegium.proposals.models import (
    Proposal,
    ProposalComment,
    ProposalStatusChange,
    ProposalSupport,
)


def test_the_demo_proposals_cover_every_status_both_languages_and_load_once(db):
    call_command("demo_data")
    call_command("demo_data")
    proposals = Proposal.objects.all()
    assert proposals.count() == 6
    assert set(proposals.values_list("status", flat=True)) == set(ProposalStatus.values)
    assert set(proposals.values_list("language", flat=True)) == {"en", "fr"}
    assert proposals.filter(submitted_for_community=True).exists()
    assert proposals.filter(community__isnull=True).exists()
    assert ProposalComment.objects.count() >= 2
    assert ProposalStatusChange.objects.exclude(reason="").count() >= 6
    for proposal in proposals:
        assert proposal.support_count == ProposalSupport.objects.filter(proposal=proposal).count()
