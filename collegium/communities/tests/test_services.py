"""The rules of joining, roles, invitations and proposals (SPEC CO-1 to CO-4)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from collegium.accounts.choices import UserType
from collegium.accounts.tests.factories import UserFactory
from collegium.communities import services
from collegium.communities.choices import (
    CommunityStatus,
    DirectoryVisibility,
    InvitationStatus,
    Joining,
    MembershipStatus,
    ProposalStatus,
    RequestStatus,
    Role,
)
from collegium.communities.models import Community, CommunityProposal, Membership
from collegium.communities.tests.factories import make_community

pytestmark = pytest.mark.django_db


def test_the_member_community_exists_on_every_install_for_members_only():
    community = Community.objects.get(is_member_community=True)
    assert community.visibility == DirectoryVisibility.MEMBERS
    assert community.audience_types == {UserType.PHYSICIAN, UserType.LEARNER}
    assert community.name_fr == "Communauté des membres"


def test_an_eligible_person_joins_an_open_community_after_accepting_its_rules(member):
    community = make_community(joining=Joining.OPEN)

    with pytest.raises(ValidationError):
        services.membership_join(user=member, community=community, accepted_rules=False)
    membership = services.membership_join(user=member, community=community, accepted_rules=True)

    community.refresh_from_db()
    assert membership.role == Role.PARTICIPANT
    assert membership.rules_version_accepted == community.rules_version
    assert community.participant_count == 1


def test_joining_when_not_eligible_is_explained_and_changes_nothing(db):
    patient = UserFactory(user_type=UserType.PATIENT)
    community = make_community(joining=Joining.OPEN)

    with pytest.raises(ValidationError) as error:
        services.membership_join(user=patient, community=community, accepted_rules=True)

    assert error.value.code == "not_eligible"
    assert not Membership.objects.exists()


def test_an_unverified_physician_counts_as_public(db):
    unverified = UserFactory(user_type=UserType.PHYSICIAN)
    members_only = make_community("Members", joining=Joining.OPEN)
    for_everyone = make_community("Everyone", joining=Joining.OPEN, audience=UserType.values)

    with pytest.raises(ValidationError):
        services.membership_join(user=unverified, community=members_only, accepted_rules=True)
    services.membership_join(user=unverified, community=for_everyone, accepted_rules=True)


def test_a_second_request_while_one_is_pending_is_refused(member):
    community = make_community(joining=Joining.REQUEST, visibility=DirectoryVisibility.PUBLIC)
    services.join_request_submit(
        user=member, community=community, message="Hi", accepted_rules=True
    )

    with pytest.raises(ValidationError) as error:
        services.join_request_submit(
            user=member, community=community, message="", accepted_rules=True
        )

    assert error.value.code == "pending"
    assert community.join_requests.count() == 1


def test_a_leader_approves_a_request_and_the_requester_is_emailed_in_their_language(
    member, leader, django_capture_on_commit_callbacks
):
    member.preferred_language = "fr"
    member.save()
    community = make_community(leaders=[leader])
    request = services.join_request_submit(
        user=member, community=community, message="", accepted_rules=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(actor=leader, request=request, approve=True)

    assert Membership.objects.filter(community=community, user=member).exists()
    message = mail.outbox[-1]
    assert message.to == [member.email]
    assert "/fr/communautes/" in message.body or "/fr/" in message.body


def test_a_participant_cannot_decide_requests(member, leader):
    community = make_community(leaders=[leader], participants=[UserFactory(username="other")])
    request = services.join_request_submit(
        user=member, community=community, message="", accepted_rules=True
    )
    participant = community.memberships.get(role=Role.PARTICIPANT).user
    with pytest.raises(PermissionDenied):
        services.join_request_decide(actor=participant, request=request, approve=True)
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_invitation_only_communities_take_neither_joins_nor_requests(member):
    community = make_community(joining=Joining.INVITATION)
    with pytest.raises(ValidationError):
        services.membership_join(user=member, community=community, accepted_rules=True)
    with pytest.raises(ValidationError):
        services.join_request_submit(
            user=member, community=community, message="", accepted_rules=True
        )


def test_a_leader_invites_an_account_and_it_joins(
    member, leader, django_capture_on_commit_callbacks
):
    community = make_community(joining=Joining.INVITATION, leaders=[leader])
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=leader, community=community, target=member.username
        )

    assert mail.outbox[-1].to == [member.email]
    services.invitation_accept(user=member, invitation=invitation, accepted_rules=True)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert community.memberships.filter(user=member).exists()


@pytest.mark.parametrize(
    ("target", "code"),
    [("not an email", "invalid"), ("dr-leader", "already_in")],
)
def test_bad_invitations_are_refused_next_to_the_field(leader, target, code):
    community = make_community(leaders=[leader])
    with pytest.raises(ValidationError) as error:
        services.invitation_create(actor=leader, community=community, target=target)
    assert error.value.error_dict["target"][0].code == code
    assert not community.invitations.exists()


def test_an_email_without_an_account_gets_a_sign_up_link_and_a_second_invitation_is_refused(
    leader, django_capture_on_commit_callbacks
):
    community = make_community(leaders=[leader], audience=UserType.values)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=leader, community=community, target="New.Person@Example.org"
        )

    assert invitation.email == "new.person@example.org"
    assert invitation.token in mail.outbox[-1].body
    with pytest.raises(ValidationError):
        services.invitation_create(
            actor=leader, community=community, target="new.person@example.org"
        )


def test_an_invitation_is_for_its_addressee_only_and_expires(leader, member):
    from datetime import timedelta

    from django.utils import timezone

    community = make_community(leaders=[leader])
    invitation = services.invitation_create(
        actor=leader, community=community, target="x@example.org"
    )
    with pytest.raises(ValidationError) as someone_else:
        services.invitation_accept(user=member, invitation=invitation, accepted_rules=True)
    assert someone_else.value.code == "someone_else"

    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    member.email = "x@example.org"
    member.save()
    with pytest.raises(ValidationError) as expired:
        services.invitation_accept(user=member, invitation=invitation, accepted_rules=True)
    assert expired.value.code == "expired"


def test_a_revoked_invitation_cannot_be_used(leader, member):
    community = make_community(leaders=[leader])
    invitation = services.invitation_create(
        actor=leader, community=community, target=member.username
    )
    services.invitation_revoke(actor=leader, invitation=invitation)
    with pytest.raises(ValidationError):
        services.invitation_accept(user=member, invitation=invitation, accepted_rules=True)


def test_a_community_never_loses_its_last_leader(leader):
    community = make_community(leaders=[leader])
    membership = community.memberships.get(user=leader)

    for change in (
        lambda: services.membership_remove(actor=leader, membership=membership),
        lambda: services.membership_set_role(
            actor=leader, membership=membership, role=Role.PARTICIPANT
        ),
        lambda: services.membership_ban(actor=leader, membership=membership, reason="x"),
    ):
        with pytest.raises(ValidationError) as error:
            change()
        assert error.value.code == "last_leader"
    membership.refresh_from_db()
    assert membership.role == Role.LEADER


def test_a_banned_person_cannot_come_back(leader, member):
    community = make_community(joining=Joining.OPEN, leaders=[leader], participants=[member])
    membership = community.memberships.get(user=member)

    services.membership_ban(actor=leader, membership=membership, reason="Repeated abuse")

    community.refresh_from_db()
    assert community.participant_count == 1
    with pytest.raises(ValidationError) as error:
        services.membership_join(user=member, community=community, accepted_rules=True)
    assert error.value.code == "banned"
    with pytest.raises(ValidationError):
        services.invitation_create(actor=leader, community=community, target=member.username)


def test_changing_the_rules_makes_a_new_version_that_participants_accept_again(leader, member):
    from collegium import permissions

    community = make_community(leaders=[leader], participants=[member], rules_en="Be kind.")
    assert permissions.can_participate(member, community)

    community.rules_en = "Be kind. Stay on topic."
    services.community_save(actor=leader, community=community, audience=community.audience_types)

    community.refresh_from_db()
    assert community.rules_version == 2
    assert not permissions.can_participate(member, community)
    services.rules_accept(user=member, community=community, version=2)
    assert permissions.can_participate(member, community)


def test_duplicate_names_are_refused(staff):
    make_community("Rural medicine")
    with pytest.raises(ValidationError) as error:
        services.community_save(
            actor=staff, community=Community(name_en="rural MEDICINE", description_en="x"),
            audience=[UserType.PHYSICIAN],
        )  # fmt: skip
    assert "name_en" in error.value.error_dict


def test_slugs_stay_unique(staff):
    first = make_community("Rural medicine")
    second = services.community_save(
        actor=staff,
        community=Community(
            name_en="Rural medicine!", name_fr="Médecine rurale", description_en="x"
        ),
        audience=[UserType.PHYSICIAN],
    )
    assert first.slug == "rural-medicine"
    assert second.slug == "rural-medicine-2"


def test_only_staff_create_communities(member):
    with pytest.raises(PermissionDenied):
        services.community_save(
            actor=member, community=Community(name_en="Mine", description_en="x"),
            audience=[UserType.PHYSICIAN],
        )  # fmt: skip


def test_an_approved_proposal_becomes_a_member_led_community_led_by_its_proposers(
    member, staff, django_capture_on_commit_callbacks
):
    proposal = services.proposal_submit(
        actor=member,
        proposal=CommunityProposal(
            name="Climate and health", description="Heat waves.", objectives="A position.",
            who_participates="Everyone.", audience=[UserType.PHYSICIAN, UserType.PATIENT],
        ),
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_review(
            actor=staff, proposal=proposal, decision=ProposalStatus.APPROVED, message=""
        )

    proposal.refresh_from_db()
    community = proposal.community
    assert community is not None
    assert community.kind == "member"
    assert community.memberships.get(user=member).role == Role.LEADER
    assert community.audience_types == {UserType.PHYSICIAN, UserType.PATIENT}
    assert mail.outbox[-1].to == [member.email]


def test_asking_for_changes_or_declining_needs_a_message(member, staff):
    proposal = services.proposal_submit(
        actor=member,
        proposal=CommunityProposal(
            name="Climate", description="d", objectives="o", who_participates="w",
            audience=[UserType.PHYSICIAN],
        ),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.proposal_review(
            actor=staff, proposal=proposal, decision=ProposalStatus.DECLINED, message=" "
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_patients_and_unverified_physicians_cannot_propose(db):
    for user in (
        UserFactory(user_type=UserType.PATIENT),
        UserFactory(user_type=UserType.PHYSICIAN),
    ):
        with pytest.raises(PermissionDenied):
            services.proposal_submit(
                actor=user,
                proposal=CommunityProposal(
                    name="x", description="d", objectives="o", who_participates="w",
                    audience=[UserType.PHYSICIAN],
                ),
            )  # fmt: skip


def test_archiving_makes_a_community_read_only(leader, member):
    from collegium import permissions

    community = make_community(leaders=[leader], participants=[member], joining=Joining.OPEN)
    services.community_archive(actor=leader, community=community)

    community.refresh_from_db()
    assert community.status == CommunityStatus.ARCHIVED
    assert not permissions.can_participate(member, community)
    assert permissions.can_read_community_content(member, community)
    other = UserFactory(
        user_type=UserType.LEARNER, member_id="3", member_verified_at=community.created_at
    )
    with pytest.raises(ValidationError):
        services.membership_join(user=other, community=community, accepted_rules=True)
    assert (
        Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE).count() == 2
    )


def test_a_proposer_answers_a_request_for_changes_and_staff_see_it_again(client, member, staff):
    proposal = services.proposal_submit(
        actor=member,
        proposal=CommunityProposal(
            name="Climate", description="d", objectives="o", who_participates="w",
            audience=[UserType.PHYSICIAN],
        ),
    )  # fmt: skip
    services.proposal_review(
        actor=staff, proposal=proposal, decision=ProposalStatus.CHANGES_REQUESTED,
        message="Say who will lead it.",
    )  # fmt: skip
    client.force_login(member)

    response = client.post(
        f"/en/communities/my-proposals/{proposal.pk}/",
        {
            "name": "Climate and health", "description": "d", "objectives": "o",
            "who_participates": "Led by two family physicians.", "language": "en",
            "joining": "request", "audience": ["physician", "learner"],
        },
    )  # fmt: skip

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.audience == ["physician", "learner"]
    other = UserFactory()
    client.force_login(other)
    assert client.get(f"/en/communities/my-proposals/{proposal.pk}/").status_code == 404
