import pytest
from django.core.management import call_command

from collegium.communities.choices import CommunityStatus, DirectoryVisibility, Joining
from collegium.communities.models import Community

pytestmark = pytest.mark.django_db


def test_demo_data_makes_eight_communities_from_the_seed_documents_once(capsys):
    call_command("demo_data")
    call_command("demo_data")

    assert Community.objects.count() == 8
    assert Community.objects.filter(is_member_community=True).count() == 1
    assert Community.objects.filter(visibility=DirectoryVisibility.HIDDEN).exists()
    assert Community.objects.filter(joining=Joining.INVITATION).exists()
    assert Community.objects.filter(status=CommunityStatus.ARCHIVED).exists()
    assert Community.objects.filter(language="fr").exists()
    member_community = Community.objects.get(is_member_community=True)
    assert member_community.participant_count == 2
    assert "0 demo communities created, 8 kept" in capsys.readouterr().out
