"""What proposals tell people (NO-1): a status change to the author and every supporter, with
the reason, once however often the task runs; a comment to the proposal's author."""

import pytest
from django.utils import translation

from collegium.communities import services as community_services
from collegium.moderation.choices import TargetKind
from collegium.notifications.choices import Audience, Kind
from collegium.notifications.kinds import describe
from collegium.notifications.testing import is_notification_email
from collegium.notifications.testing import mail_to as _mail_to
from collegium.notifications.testing import told as _told
from collegium.proposals import services, tasks
from collegium.proposals.choices import ProposalStatus
from collegium.proposals.models import ProposalStatusChange
from collegium.proposals.tests.factories import make_proposal


@pytest.fixture
def proposal(author):
    return make_proposal(author, title="Protected wellness half-days")


def _change(staff, proposal, status=ProposalStatus.UNDER_REVIEW, reason="Looked at in March."):
    return services.proposal_status_change(
        actor=staff, proposal=proposal, status=status, reason=reason
    )


def test_a_status_change_tells_the_author_and_every_supporter_with_the_reason(
    proposal, author, member, second_member, staff, django_capture_on_commit_callbacks
):
    member.preferred_language = "fr"
    member.save(update_fields=["preferred_language"])
    services.proposal_support(actor=member, proposal=proposal)
    services.proposal_support(actor=second_member, proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        _change(staff, proposal, reason="The committee looks at it in March.")

    for person in (author, member, second_member):
        (notification,) = _told(person)
        assert notification.kind == Kind.PROPOSAL_STATUS_CHANGED
        assert notification.params == {
            "title": "Protected wellness half-days",
            "status": "under_review",
        }
        assert (notification.target_kind, notification.target_id) == ("proposal", proposal.pk)
        assert notification.excerpt == "The committee looks at it in March."
        assert notification.audience == Audience.PARTICIPANTS
        assert notification.community_id is None
        (message,) = _mail_to(person)
        assert is_notification_email(message)
        assert "Protected wellness half-days" in message.subject
        assert "The committee looks at it in March." in message.body
    assert _told(staff) == []  # who changed it
    assert "/fr/" in _mail_to(member)[0].body
    assert "/en/" in _mail_to(second_member)[0].body


def test_the_notification_reads_in_the_readers_language(proposal, author, staff):
    with translation.override("en"):
        text = describe(Kind.PROPOSAL_STATUS_CHANGED, {"title": "T", "status": "adopted"})
    assert text == "The proposal “T” is now adopted."
    # A status this version does not know still reads, without failing the page.
    with translation.override("en"):
        text = describe(Kind.PROPOSAL_STATUS_CHANGED, {"title": "T", "status": "gone"})
    assert text == "The status of the proposal “T” changed."


def test_a_retried_task_tells_nobody_twice(
    proposal, author, member, staff, django_capture_on_commit_callbacks
):
    services.proposal_support(actor=member, proposal=proposal)
    change = _change(staff, proposal)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.notify_proposal_status_changed.call_local(change.pk)
        tasks.notify_proposal_status_changed.call_local(change.pk)
    assert len(_told(author)) == 1
    assert len(_told(member)) == 1
    assert len(_mail_to(member)) == 1


def test_many_supporters_are_told_in_batches_each_once(proposal, staff):
    from collegium.accounts.tests.factories import verified_member

    # FAN_OUT_BATCH is 3 in tests: eight supporters and the author make several batches.
    supporters = [verified_member(f"dr-many-{n}", f"9100{n:03d}") for n in range(8)]
    for person in supporters:
        services.proposal_support(actor=person, proposal=proposal)
    change = _change(staff, proposal)
    tasks.notify_proposal_status_changed.call_local(change.pk)
    tasks.notify_proposal_status_changed.call_local(change.pk)
    for person in supporters:
        assert len(_told(person, Kind.PROPOSAL_STATUS_CHANGED)) == 1


def test_a_withdrawn_supporter_is_not_told(proposal, member, staff):
    services.proposal_support(actor=member, proposal=proposal)
    services.proposal_support_withdraw(actor=member, proposal=proposal)
    tasks.notify_proposal_status_changed.call_local(_change(staff, proposal).pk)
    assert _told(member) == []


def test_who_no_longer_reads_a_communitys_proposal_is_not_told(
    community, author, member, staff, django_capture_on_commit_callbacks
):
    proposal = make_proposal(author, community=community)
    services.proposal_support(actor=member, proposal=proposal)
    membership = community.memberships.get(user=member)
    community_services.membership_remove(actor=member, membership=membership)
    with django_capture_on_commit_callbacks(execute=True):
        _change(staff, proposal)
    assert _told(member) == []
    (notification,) = _told(author)
    assert notification.community_id == community.pk


def test_a_removed_proposal_tells_nobody(proposal, author, staff):
    from django.utils import timezone

    change = _change(staff, proposal)
    type(proposal).objects.filter(pk=proposal.pk).update(removed_at=timezone.now())
    tasks.notify_proposal_status_changed.call_local(change.pk)
    assert _told(author) == []


def test_a_status_change_is_queued_only_once_the_transaction_commits(
    proposal, author, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        _change(staff, proposal)
    assert _told(author) == []
    assert len(queued) == 1
    for callback in queued:
        callback()
    assert len(_told(author)) == 1
    assert ProposalStatusChange.objects.count() == 1


def test_a_comment_on_a_platform_wide_proposal_tells_its_author_once(
    proposal, author, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.proposal_comment_add(actor=member, proposal=proposal, body="Agreed.")
    (notification,) = _told(author)
    assert notification.kind == Kind.COMMENT
    assert notification.params["title"] == "Protected wellness half-days"
    assert notification.target_kind == TargetKind.PROPOSAL_COMMENT
    assert notification.link["en"].endswith(f"#{comment.anchor}")
    tasks.notify_proposal_comment_added.call_local(comment.pk)
    assert len(_told(author)) == 1
    assert _told(member) == []


def test_a_comment_on_a_communitys_proposal_tells_its_author_through_the_comments_task(
    community, author, member, django_capture_on_commit_callbacks
):
    proposal = make_proposal(author, community=community, title="In the community")
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_comment_add(actor=member, proposal=proposal, body="Count me in.")
    (notification,) = _told(author)
    assert notification.kind == Kind.COMMENT
    assert notification.community_id == community.pk


def test_a_mention_in_a_comment_tells_the_person_mentioned(
    proposal, author, member, second_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_comment_add(
            actor=member, proposal=proposal, body=f"What do you think, @{second_member.username}?"
        )
    (mention,) = _told(second_member)
    assert mention.kind == Kind.MENTION
    assert [n.kind for n in _told(author)] == [Kind.COMMENT]
