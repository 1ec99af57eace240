"""The rules of proposals (EN-2), as the services apply them whoever calls them."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from collegium import permissions
from collegium.accounts import data_rights
from collegium.communities import services as community_services
from collegium.communities.choices import CommunityStatus
from collegium.communities.tests.factories import make_community
from collegium.moderation.targets import TARGETS, kind_for
from collegium.proposals import services
from collegium.proposals.choices import TRANSITIONS, ProposalStatus
from collegium.proposals.models import (
    Proposal,
    ProposalComment,
    ProposalStatusChange,
    ProposalSupport,
)
from collegium.proposals.tests.factories import make_proposal, move_to


def _codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(e.code) for e in errors] for field, errors in error.error_dict.items()}


# Who may submit -------------------------------------------------------------------------------


def test_a_member_submits_a_platform_wide_proposal_that_starts_as_submitted(author):
    proposal = make_proposal(author, body="We propose **protected time**.")

    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.community is None and not proposal.submitted_for_community
    assert proposal.support_count == 0
    assert "<strong>protected time</strong>" in proposal.body_html
    assert proposal.status_changed_at is None


def test_staff_submit_proposals_too(staff):
    assert make_proposal(staff).author == staff


@pytest.mark.parametrize("username", ["non_member", "moderator"])
def test_people_who_are_neither_members_nor_staff_cannot_submit(request, username):
    person = request.getfixturevalue(username)
    with pytest.raises(PermissionDenied, match="Verified members"):
        make_proposal(person)
    assert not Proposal.objects.exists()


def test_an_unverified_physician_cannot_submit(db):
    from collegium.accounts.tests.factories import UserFactory

    unverified = UserFactory(username="dr-unverified", member_id=None)
    with pytest.raises(PermissionDenied):
        make_proposal(unverified)


def test_a_participant_submits_a_proposal_about_their_community(community, author):
    proposal = make_proposal(author, community=community)
    assert proposal.community == community and not proposal.submitted_for_community


def test_a_member_outside_a_community_cannot_submit_a_proposal_about_it(community, outsider):
    with pytest.raises(PermissionDenied, match="Join this community"):
        make_proposal(outsider, community=community)


def test_a_leader_submits_on_the_communitys_behalf(community, leader):
    proposal = make_proposal(leader, community=community, submitted_for_community=True)
    assert proposal.submitted_for_community and proposal.community == community


def test_a_leader_who_is_not_a_member_submits_only_on_the_communitys_behalf(non_member):
    community = make_community("Allied care", leaders=[non_member])
    with pytest.raises(PermissionDenied):
        make_proposal(non_member)
    with pytest.raises(PermissionDenied):
        make_proposal(non_member, community=community)
    assert make_proposal(non_member, community=community, submitted_for_community=True)


def test_a_participant_who_does_not_lead_cannot_submit_on_the_communitys_behalf(community, author):
    with pytest.raises(PermissionDenied, match="leaders"):
        make_proposal(author, community=community, submitted_for_community=True)


def test_submitting_on_a_communitys_behalf_needs_the_community(leader):
    with pytest.raises(ValidationError) as caught:
        make_proposal(leader, submitted_for_community=True)
    assert _codes(caught.value) == {"community": ["required"]}


def test_an_archived_communitys_leader_cannot_submit_for_it(community, leader):
    community.status = CommunityStatus.ARCHIVED
    community.save(update_fields=["status"])
    with pytest.raises(PermissionDenied, match="archived"):
        make_proposal(leader, community=community, submitted_for_community=True)


def test_a_suspended_member_cannot_submit(author):
    author.suspended_until = timezone.now() + timedelta(days=2)
    author.save(update_fields=["suspended_until"])
    with pytest.raises(PermissionDenied, match="suspended"):
        make_proposal(author)


def test_a_member_who_has_not_accepted_the_changed_guidelines_cannot_submit(author):
    author.guidelines_version_accepted = 0
    author.save(update_fields=["guidelines_version_accepted"])
    with pytest.raises(PermissionDenied, match="guidelines"):
        make_proposal(author)


# What is submitted ----------------------------------------------------------------------------


def test_missing_title_summary_and_text_are_refused_each_next_to_its_field(author):
    with pytest.raises(ValidationError) as caught:
        make_proposal(author, title="  ", summary="", body="\n")
    assert _codes(caught.value) == {
        "title": ["required"],
        "summary": ["required"],
        "body": ["required"],
    }
    assert not Proposal.objects.exists()


def test_over_long_texts_and_an_unknown_language_are_refused(author):
    with pytest.raises(ValidationError) as caught:
        make_proposal(author, title="t" * 201, summary="s" * 501, body="b" * 20_001, language="de")
    assert _codes(caught.value) == {
        "title": ["max_length"],
        "summary": ["max_length"],
        "body": ["max_length"],
        "language": ["invalid"],
    }


def test_script_in_the_text_is_not_kept_in_the_html(author):
    proposal = make_proposal(author, body="Hello <script>alert(1)</script> **world**")
    assert "<script" not in proposal.body_html


def test_one_submission_makes_one_proposal_however_often_it_arrives(author):
    key = uuid.uuid4()
    first = make_proposal(author, submission_key=key)
    again = make_proposal(author, submission_key=key)
    assert first.pk == again.pk
    assert Proposal.objects.count() == 1


def test_the_same_text_twice_is_refused(author, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_proposal(author, body="Exactly the same words.")
    with pytest.raises(ValidationError) as caught:
        make_proposal(author, title="Other", body="Exactly the same words.")
    assert "body" in caught.value.error_dict
    assert Proposal.objects.count() == 1


# Support --------------------------------------------------------------------------------------


@pytest.fixture
def proposal(author):
    return make_proposal(author)


def test_a_member_supports_once_and_a_second_support_changes_nothing(proposal, member):
    first = services.proposal_support(actor=member, proposal=proposal)
    second = services.proposal_support(actor=member, proposal=proposal)

    assert first.pk == second.pk
    assert ProposalSupport.objects.filter(proposal=proposal).count() == 1
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_the_database_never_holds_two_supports_of_one_person(proposal, member):
    ProposalSupport.objects.create(proposal=proposal, user=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalSupport.objects.create(proposal=proposal, user=member)


def test_supports_are_counted_and_a_withdrawal_takes_one_back(proposal, member, second_member):
    services.proposal_support(actor=member, proposal=proposal)
    services.proposal_support(actor=second_member, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 2

    assert services.proposal_support_withdraw(actor=member, proposal=proposal) is True
    assert services.proposal_support_withdraw(actor=member, proposal=proposal) is False
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert list(ProposalSupport.objects.values_list("user", flat=True)) == [second_member.pk]


def test_the_author_does_not_support_their_own_proposal(proposal, author):
    with pytest.raises(PermissionDenied, match="You submitted"):
        services.proposal_support(actor=author, proposal=proposal)


def test_staff_do_not_support_proposals(proposal, staff):
    with pytest.raises(PermissionDenied, match="staff"):
        services.proposal_support(actor=staff, proposal=proposal)


def test_non_members_do_not_support_proposals(proposal, non_member):
    with pytest.raises(PermissionDenied, match="Verified members"):
        services.proposal_support(actor=non_member, proposal=proposal)
    assert not ProposalSupport.objects.exists()


def test_a_suspended_member_cannot_support(proposal, member):
    member.suspended_until = timezone.now() + timedelta(days=1)
    member.save(update_fields=["suspended_until"])
    with pytest.raises(PermissionDenied, match="suspended"):
        services.proposal_support(actor=member, proposal=proposal)


@pytest.mark.parametrize("final", [ProposalStatus.ADOPTED, ProposalStatus.DECLINED])
def test_a_decided_proposals_support_is_final(proposal, member, staff, final):
    services.proposal_support(actor=member, proposal=proposal)
    path = (
        [ProposalStatus.DECLINED]
        if final == ProposalStatus.DECLINED
        else [
            ProposalStatus.UNDER_REVIEW,
            ProposalStatus.ACCEPTED_FOR_DEBATE,
            ProposalStatus.ADOPTED,
        ]
    )
    move_to(proposal, staff, *path)

    with pytest.raises(PermissionDenied, match="decided"):
        services.proposal_support_withdraw(actor=member, proposal=proposal)
    with pytest.raises(PermissionDenied, match="decided"):
        services.proposal_support(actor=member, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_support_of_a_communitys_proposal_is_for_its_participants(
    community, author, member, outsider
):
    proposal = make_proposal(author, community=community)
    services.proposal_support(actor=member, proposal=proposal)
    with pytest.raises(PermissionDenied):
        services.proposal_support(actor=outsider, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_supporting_is_allowed_under_review_and_accepted_for_debate(proposal, member, staff):
    move_to(proposal, staff, ProposalStatus.UNDER_REVIEW)
    services.proposal_support(actor=member, proposal=proposal)
    move_to(proposal, staff, ProposalStatus.ACCEPTED_FOR_DEBATE)
    assert services.proposal_support_withdraw(actor=member, proposal=proposal)


# Status ---------------------------------------------------------------------------------------


def test_staff_move_a_proposal_with_a_public_reason_kept_in_its_history(proposal, staff):
    change = services.proposal_status_change(
        actor=staff,
        proposal=proposal,
        status=ProposalStatus.UNDER_REVIEW,
        reason="  The policy committee looks at it in March.  ",
    )

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_REVIEW
    assert proposal.status_changed_at is not None
    assert (change.from_status, change.to_status) == ("submitted", "under_review")
    assert change.reason == "The policy committee looks at it in March."
    assert change.changed_by == staff


@pytest.mark.parametrize("username", ["author", "member", "moderator", "leader"])
def test_only_association_staff_change_the_status(request, proposal, username):
    person = request.getfixturevalue(username)
    with pytest.raises(PermissionDenied, match="staff"):
        services.proposal_status_change(
            actor=person, proposal=proposal, status=ProposalStatus.UNDER_REVIEW, reason="Why not"
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_a_status_change_without_a_reason_is_refused_next_to_the_reason(proposal, staff, reason):
    with pytest.raises(ValidationError) as caught:
        services.proposal_status_change(
            actor=staff, proposal=proposal, status=ProposalStatus.UNDER_REVIEW, reason=reason
        )
    assert _codes(caught.value) == {"reason": ["required"]}
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert not ProposalStatusChange.objects.exists()


def test_an_over_long_reason_is_refused(proposal, staff):
    with pytest.raises(ValidationError) as caught:
        services.proposal_status_change(
            actor=staff, proposal=proposal, status=ProposalStatus.UNDER_REVIEW, reason="r" * 2001
        )
    assert _codes(caught.value) == {"reason": ["max_length"]}


ALL = list(ProposalStatus.values)


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ([], ProposalStatus.ADOPTED),
        ([], ProposalStatus.ACCEPTED_FOR_DEBATE),
        ([], ProposalStatus.SUBMITTED),
        ([ProposalStatus.UNDER_REVIEW], ProposalStatus.SUBMITTED),
        ([ProposalStatus.UNDER_REVIEW], ProposalStatus.ADOPTED),
        ([ProposalStatus.UNDER_REVIEW, ProposalStatus.ACCEPTED_FOR_DEBATE], "under_review"),
        ([ProposalStatus.DECLINED], ProposalStatus.UNDER_REVIEW),
        (["under_review", "accepted_for_debate", "adopted"], ProposalStatus.DECLINED),
        ([], "pending"),
    ],
)
def test_an_invalid_transition_is_refused_next_to_the_status(proposal, staff, path, target):
    move_to(proposal, staff, *path)
    before = ProposalStatusChange.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.proposal_status_change(
            actor=staff, proposal=proposal, status=target, reason="A reason"
        )
    assert _codes(caught.value) == {"status": ["invalid"]}
    assert ProposalStatusChange.objects.count() == before


def test_every_allowed_transition_is_accepted(author, staff):
    for current, following in TRANSITIONS.items():
        for status in following:
            proposal = make_proposal(author, body=f"Text for {current} to {status}.")
            Proposal.objects.filter(pk=proposal.pk).update(status=current)
            proposal.refresh_from_db()
            services.proposal_status_change(
                actor=staff, proposal=proposal, status=status, reason="Decided."
            )
            proposal.refresh_from_db()
            assert proposal.status == status


def test_adopted_and_declined_are_final(author, staff):
    assert TRANSITIONS[ProposalStatus.ADOPTED] == ()
    assert TRANSITIONS[ProposalStatus.DECLINED] == ()
    assert set(TRANSITIONS) == set(ALL)


def test_a_change_made_meanwhile_by_someone_else_is_not_overwritten(proposal, staff):
    seen = proposal.status
    move_to(proposal, staff, ProposalStatus.UNDER_REVIEW)
    with pytest.raises(ValidationError) as caught:
        services.proposal_status_change(
            actor=staff,
            proposal=proposal,
            status=ProposalStatus.DECLINED,
            reason="Not for us.",
            expected_status=seen,
        )
    assert _codes(caught.value) == {"status": ["stale"]}
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_REVIEW


# Comments -------------------------------------------------------------------------------------


def test_members_and_staff_comment_non_members_cannot(proposal, member, staff, non_member):
    services.proposal_comment_add(actor=member, proposal=proposal, body="I agree.")
    services.proposal_comment_add(actor=staff, proposal=proposal, body="We read it.")
    with pytest.raises(PermissionDenied):
        services.proposal_comment_add(actor=non_member, proposal=proposal, body="Me too.")
    assert ProposalComment.objects.count() == 2


def test_a_decided_proposal_stays_open_to_comments(proposal, member, staff):
    move_to(proposal, staff, ProposalStatus.DECLINED)
    assert services.proposal_comment_add(actor=member, proposal=proposal, body="Pity.")


def test_a_communitys_proposal_is_commented_on_by_its_participants_only(
    community, author, member, outsider
):
    proposal = make_proposal(author, community=community)
    services.proposal_comment_add(actor=member, proposal=proposal, body="Count me in.")
    with pytest.raises(PermissionDenied):
        services.proposal_comment_add(actor=outsider, proposal=proposal, body="And me.")


def test_authors_edit_and_delete_their_comments_others_cannot(proposal, member, second_member):
    comment = services.proposal_comment_add(actor=member, proposal=proposal, body="First try.")
    comment.proposal = proposal
    with pytest.raises(PermissionDenied):
        services.proposal_comment_edit(actor=second_member, comment=comment, body="Hijacked.")
    edited = services.proposal_comment_edit(actor=member, comment=comment, body="Second try.")
    assert edited.body == "Second try." and edited.edited_at is not None
    with pytest.raises(ValidationError):
        services.proposal_comment_edit(actor=member, comment=comment, body="   ")
    deleted = services.proposal_comment_delete(actor=member, comment=comment)
    assert deleted.deleted_at is not None


# Visibility -----------------------------------------------------------------------------------


def test_platform_wide_proposals_are_for_everyone_signed_in_a_communitys_for_its_participants(
    community, author, non_member, outsider, staff, moderator
):
    from django.contrib.auth.models import AnonymousUser

    everyone = make_proposal(author, title="For everyone", body="Open text.")
    private = make_proposal(author, title="For us", body="Private text.", community=community)

    def visible(viewer):
        return set(
            permissions.visible_proposals(viewer, Proposal.objects.all()).values_list(
                "title", flat=True
            )
        )

    assert visible(AnonymousUser()) == set()
    assert visible(non_member) == visible(outsider) == {"For everyone"}
    assert visible(author) == visible(staff) == visible(moderator) == {"For everyone", "For us"}
    for viewer in (non_member, outsider):
        assert not permissions.can_read_proposal(viewer, private)
        assert permissions.can_read_proposal(viewer, everyone)


def test_a_proposal_removed_by_the_moderators_is_hidden_but_from_its_author_and_moderators(
    proposal, author, member, moderator
):
    from collegium.moderation import services as moderation_services
    from collegium.moderation.choices import Category

    moderation_services.content_remove(
        actor=moderator,
        target=TARGETS[kind_for(Proposal)],
        obj=proposal,
        revision=None,
        category=Category.OFF_TOPIC,
        note="Not a policy issue.",
    )
    proposal.refresh_from_db()
    assert not permissions.can_read_proposal(member, proposal)
    assert permissions.can_read_proposal(author, proposal)
    assert permissions.can_read_proposal(moderator, proposal)
    assert not permissions.visible_proposals(member, Proposal.objects.all()).exists()
    with pytest.raises(PermissionDenied):
        services.proposal_support(actor=member, proposal=proposal)


def test_proposals_of_a_proposed_community_are_hidden(author, leader, member):
    community = make_community("Pending", leaders=[leader], participants=[author, member])
    proposal = make_proposal(author, community=community)
    community.status = CommunityStatus.PROPOSED
    community.save(update_fields=["status"])
    proposal.refresh_from_db()
    assert not permissions.can_read_proposal(member, proposal)


# Data rights (ID-6) ---------------------------------------------------------------------------


def test_the_data_export_holds_a_persons_proposals_supports_and_comments(proposal, member):
    import io
    import json
    import zipfile

    services.proposal_support(actor=member, proposal=proposal)
    services.proposal_comment_add(actor=member, proposal=proposal, body="My words.")
    mine = make_proposal(member, title="Mine", body="My own proposal.")

    archive = zipfile.ZipFile(io.BytesIO(data_rights.account_export(user=member)))
    data = json.loads(archive.read("collegium.json"))["proposals"]
    assert [p["title"] for p in data["proposals"]] == [mine.title]
    assert [s["proposal"] for s in data["supports"]] == [proposal.pk]
    assert [c["text"] for c in data["comments"]] == ["My words."]


def test_erasing_an_account_takes_its_supports_back_and_empties_its_proposals_and_comments(
    proposal, author, member
):
    services.proposal_support(actor=member, proposal=proposal)
    comment = services.proposal_comment_add(actor=member, proposal=proposal, body="Words.")
    own = make_proposal(member, title="Own", body="Member's own proposal.")

    data_rights.account_delete(user=member, erase_content=True)

    proposal.refresh_from_db()
    assert proposal.support_count == 0
    assert not ProposalSupport.objects.exists()
    comment.refresh_from_db()
    assert comment.body == "" and comment.deleted_at is not None
    own.refresh_from_db()
    assert own.title == "" and own.deleted_at is not None


def test_a_deletion_that_keeps_content_keeps_the_support(proposal, member):
    services.proposal_support(actor=member, proposal=proposal)
    data_rights.account_delete(user=member, erase_content=False)
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_leaving_a_community_does_not_lose_the_count(community, author, member):
    proposal = make_proposal(author, community=community)
    services.proposal_support(actor=member, proposal=proposal)
    membership = community.memberships.get(user=member)
    community_services.membership_remove(actor=member, membership=membership)
    proposal.refresh_from_db()
    assert proposal.support_count == 1
