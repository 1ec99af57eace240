"""What moderation tells people (MO-1, MO-2, NO-1): moderators hear of what waits for them,
authors of what was done to what they wrote, reporters of how their reports ended — in the app
and by email, in their language; and what is removed is no longer announced."""

from django.urls import reverse

from collegium import permissions
from collegium.forums import services as forums_services
from collegium.moderation import services
from collegium.moderation.choices import Action, Category, TargetKind
from collegium.moderation.targets import TARGETS
from collegium.notifications.choices import Audience, Kind
from collegium.notifications.models import Notification
from collegium.notifications.testing import html_of as _html
from collegium.notifications.testing import is_notification_email as _is_a_notification_email
from collegium.notifications.testing import mail_to as _mail_to
from collegium.notifications.testing import told as _told

POST = TARGETS[TargetKind.POST]


def _report(reporter, item, target=POST):
    return services.report_submit(
        reporter=reporter,
        target=target,
        obj=item,
        category=Category.PRIVACY,
        note="A patient's name and birth date.",
    )


def test_a_report_tells_the_communitys_moderators_where_to_decide(
    reporter, reply, leader, community_moderator, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _report(reporter, reply)

    for person in (leader, community_moderator):
        (notification,) = _told(person)
        assert notification.kind == Kind.CASE_WAITING
        assert notification.audience == Audience.PARTICIPANTS
        assert notification.params["title"]["en"] == "Night shifts in small hospitals"
    assert _told(leader)[0].link["fr"].startswith("/fr/")
    (french,) = _mail_to(leader)
    assert 'lang="fr"' in _html(french)
    assert f"/{TargetKind.POST}/{reply.pk}/" in french.body
    assert "dr-leader" in french.body  # the template's greeting
    assert _is_a_notification_email(french)
    assert _told(author) == [] and _told(reporter) == []


def test_a_reported_profile_tells_the_platforms_moderators_wherever_they_read(
    reporter, author, platform_moderator, administrator, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _report(reporter, author, target=TARGETS[TargetKind.PROFILE])

    for person in (platform_moderator, administrator):
        (notification,) = _told(person)
        assert notification.kind == Kind.CASE_WAITING
        assert notification.audience == Audience.RECIPIENT
        assert notification.community is None
    assert _told(leader) == []


def test_a_removal_tells_the_author_why_and_the_reporters_that_it_was_acted_on(
    reporter, second_reporter, author, reply, leader, django_capture_on_commit_callbacks
):
    _report(reporter, reply)
    _report(second_reporter, reply)
    with django_capture_on_commit_callbacks(execute=True):
        services.content_remove(
            actor=leader,
            target=POST,
            obj=reply,
            revision=None,
            category=Category.PRIVACY,
            note="Please never name patients.",
        )

    (notice,) = _told(author)
    assert notice.kind == Kind.CONTENT_MODERATED
    assert notice.params["action"] == Action.REMOVE
    assert notice.audience == Audience.RECIPIENT
    assert notice.actor is None  # "the moderators", not one of them by name
    (to_author,) = _mail_to(author)
    assert 'lang="fr"' in _html(to_author)
    assert "Please never name patients." in to_author.body
    assert _is_a_notification_email(to_author)
    for person in (reporter, second_reporter):
        (settled,) = _told(person)
        assert settled.kind == Kind.REPORT_SETTLED
        assert settled.params["upheld"] is True
        assert settled.link["en"] == reverse("moderation:my_reports")
        (message,) = _mail_to(person)
        assert "removed it" in message.body
        assert _is_a_notification_email(message)
    assert _told(leader, Kind.CONTENT_MODERATED) == []


def test_dismissed_reports_tell_the_reporter_that_nothing_was_needed_and_the_author_nothing(
    reporter, author, reply, leader, django_capture_on_commit_callbacks
):
    _report(reporter, reply)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_dismiss(actor=leader, target=POST, obj=reply, revision=None)

    (settled,) = _told(reporter)
    assert settled.params["upheld"] is False
    assert settled.link["en"] == reply.get_absolute_url()
    assert _told(author) == []


def test_an_account_banned_from_the_platform_is_still_told_why(
    author, reply, platform_moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.author_ban_from_platform(
            actor=platform_moderator,
            target=POST,
            obj=reply,
            revision=None,
            note="Repeated breaches of patient confidentiality.",
        )

    author.refresh_from_db()
    assert not author.is_active
    (notice,) = _told(author)
    assert notice.params["action"] == Action.BAN_PLATFORM
    (message,) = _mail_to(author)
    assert "Repeated breaches of patient confidentiality." in message.body


def test_removing_a_reply_withdraws_its_notifications_but_not_the_moderation_notices(
    thread, reporter, author, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = forums_services.post_reply(
            actor=author, thread=thread, body="Ask @dr-leader about it."
        )
    assert [notification.kind for notification in _told(reporter)] == [Kind.REPLY]
    assert [notification.kind for notification in _told(leader)] == [Kind.MENTION]

    with django_capture_on_commit_callbacks(execute=True):
        services.content_remove(
            actor=leader, target=POST, obj=reply, revision=None, category=Category.OFF_TOPIC
        )
        services.content_restore(actor=leader, target=POST, obj=reply, revision=None)
        services.content_remove(
            actor=leader, target=POST, obj=reply, revision=None, category=Category.OFF_TOPIC
        )

    assert _told(reporter) == []
    assert _told(leader) == []
    notices = _told(author, Kind.CONTENT_MODERATED)
    assert [notice.params["action"] for notice in notices] == [
        Action.REMOVE,
        Action.RESTORE,
        Action.REMOVE,
    ]
    assert len(permissions.visible_notifications(author, Notification.objects.all())) == 3
