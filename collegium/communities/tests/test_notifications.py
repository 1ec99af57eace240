"""What communities tell people (CO-2, CO-3, NO-1): leaders hear of requests to join; people
hear of the decisions about them and of their invitations, in the app and by email, in their
language, with a way to stop those emails."""

from django.core import mail

from collegium import permissions
from collegium.accounts.choices import UserType
from collegium.communities import services
from collegium.communities.choices import DirectoryVisibility, Joining, ProposalStatus
from collegium.communities.models import CommunityProposal
from collegium.communities.tests.factories import make_community
from collegium.notifications.choices import Audience, Kind
from collegium.notifications.models import Notification
from collegium.notifications.testing import html_of as _html
from collegium.notifications.testing import is_notification_email as _is_a_notification_email
from collegium.notifications.testing import mail_to as _mail_to
from collegium.notifications.testing import told as _told


def test_a_request_to_join_tells_the_leaders_in_their_language(
    member, leader, django_capture_on_commit_callbacks
):
    community = make_community(leaders=[leader])
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_submit(
            user=member, community=community, message="I work up north.", accepted_rules=True
        )

    (notification,) = _told(leader)
    assert notification.kind == Kind.JOIN_REQUESTED
    assert notification.actor == member
    assert notification.excerpt == "I work up north."
    assert _told(member) == []
    (message,) = _mail_to(leader)
    assert "dr-member" in message.subject
    assert 'lang="fr"' in _html(message)
    assert "/fr/" in message.body and "I work up north." in message.body
    assert _is_a_notification_email(message)


def test_the_requester_hears_of_the_decision_by_the_decisions_own_email(
    member, leader, django_capture_on_commit_callbacks
):
    community = make_community("Rural medicine", leaders=[leader])
    request = services.join_request_submit(
        user=member, community=community, message="", accepted_rules=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(
            actor=leader, request=request, approve=False, reason="Physicians of the north only."
        )

    (notification,) = _told(member)
    assert notification.kind == Kind.JOIN_DECIDED
    assert notification.params["approved"] is False
    assert notification.audience == Audience.RECIPIENT
    (message,) = _mail_to(member)
    assert message.subject == "Your request to join Rural medicine"
    assert "Hello dr-member," in message.body
    assert "Physicians of the north only." in message.body
    assert _is_a_notification_email(message)
    assert 'lang="en"' in _html(message)


def test_an_approved_request_is_told_in_french_to_a_french_speaker(
    member, leader, django_capture_on_commit_callbacks
):
    member.preferred_language = "fr"
    member.save(update_fields=["preferred_language"])
    community = make_community("Rural medicine", leaders=[leader], name_fr="Médecine rurale")
    request = services.join_request_submit(
        user=member, community=community, message="", accepted_rules=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(actor=leader, request=request, approve=True)

    (notification,) = _told(member)
    assert notification.params["approved"] is True
    assert notification.params["community"] == {"en": "Rural medicine", "fr": "Médecine rurale"}
    (message,) = _mail_to(member)
    assert "Médecine rurale" in message.subject
    assert 'lang="fr"' in _html(message) and "/fr/" in message.body
    assert _is_a_notification_email(message)


def test_an_invited_account_hears_of_it_even_from_a_hidden_community(
    member, leader, django_capture_on_commit_callbacks
):
    community = make_community(
        "Quiet room",
        joining=Joining.INVITATION,
        visibility=DirectoryVisibility.HIDDEN,
        leaders=[leader],
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=leader, community=community, target=member.username
        )

    (notification,) = _told(member)
    assert notification.kind == Kind.INVITED
    assert notification.actor == leader
    assert invitation.token in notification.link["en"]
    assert list(permissions.visible_notifications(member, Notification.objects.all())) == [
        notification
    ]
    (message,) = _mail_to(member)
    assert message.subject == "You are invited to Quiet room"
    assert invitation.token in message.body and "dr-leader" in message.body
    assert _is_a_notification_email(message)
    assert _told(leader) == []


def test_an_invitation_to_an_address_without_an_account_stays_a_plain_email(
    leader, django_capture_on_commit_callbacks
):
    community = make_community(leaders=[leader], audience=UserType.values)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=leader, community=community, target="new.person@example.org"
        )

    assert not Notification.objects.exists()
    (message,) = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert invitation.token in message.body
    assert "List-Unsubscribe" not in message.extra_headers


def test_the_proposer_hears_of_the_staffs_decision(
    member, staff, django_capture_on_commit_callbacks
):
    proposal = services.proposal_submit(
        actor=member,
        proposal=CommunityProposal(
            name="Climate and health", description="Heat waves.", objectives="A position.",
            who_participates="Everyone.", audience=[UserType.PHYSICIAN],
        ),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_review(
            actor=staff,
            proposal=proposal,
            decision=ProposalStatus.CHANGES_REQUESTED,
            message="Say who would lead it.",
        )

    (notification,) = _told(member)
    assert notification.kind == Kind.PROPOSAL_DECIDED
    assert notification.params == {"status": "changes", "title": "Climate and health"}
    assert notification.actor == staff
    (message,) = _mail_to(member)
    assert "Climate and health" in message.subject
    assert "Say who would lead it." in message.body
    assert _is_a_notification_email(message)


def test_an_approved_proposal_links_to_its_new_community(
    member, staff, django_capture_on_commit_callbacks
):
    proposal = services.proposal_submit(
        actor=member,
        proposal=CommunityProposal(
            name="Climate and health", description="Heat waves.", objectives="A position.",
            who_participates="Everyone.", audience=[UserType.PHYSICIAN],
        ),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_review(
            actor=staff, proposal=proposal, decision=ProposalStatus.APPROVED, message=""
        )

    proposal.refresh_from_db()
    (notification,) = _told(member)
    assert notification.params["status"] == "approved"
    assert notification.link["en"] == proposal.community.get_absolute_url()
    assert proposal.community.slug in _mail_to(member)[0].body
