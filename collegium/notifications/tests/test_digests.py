"""Daily and weekly digests (NO-2): grouped by community, newest first, in the recipient's
language, skipped when empty, each notification in one digest only."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from collegium.communities.models import Membership
from collegium.notifications import digests
from collegium.notifications.choices import Audience, Frequency, Kind
from collegium.notifications.models import Notification


def _waiting(recipient, community, title, *, minutes_ago, frequency=Frequency.DAILY, **fields):
    notification = Notification.objects.create(
        recipient=recipient,
        kind=fields.pop("kind", Kind.NEW_THREAD),
        community=community,
        audience=fields.pop("audience", Audience.PARTICIPANTS),
        link={"en": f"/en/{title}/", "fr": f"/fr/{title}/"},
        params={
            "actor": "dr-author",
            "title": title,
            "community": {"en": community.name_en, "fr": community.name_en} if community else "",
        },
        email=frequency,
        **fields,
    )
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return notification


def test_a_daily_digest_groups_by_community_newest_first_in_the_recipients_language(
    db, community, other_community, follower, django_capture_on_commit_callbacks
):
    Membership.objects.create(community=other_community, user=follower, status="active")
    _waiting(follower, community, "older-rural", minutes_ago=50)
    _waiting(follower, other_community, "sports", minutes_ago=30)
    _waiting(follower, community, "newer-rural", minutes_ago=10)
    _waiting(follower, community, "weekly-only", minutes_ago=5, frequency=Frequency.WEEKLY)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests.digests_send(Frequency.DAILY) == 1
    (message,) = mail.outbox
    assert message.to == [follower.email]
    text = message.body
    # The community of the newest item first; inside it, newest first; weekly items wait.
    assert text.index("Rural medicine") < text.index("Sports medicine")
    assert text.index("newer-rural") < text.index("older-rural") < text.index("sports")
    assert "weekly-only" not in text
    assert "/fr/newer-rural/" in text  # the recipient reads French
    assert '<html lang="fr">' in message.alternatives[0][0]
    assert "/fr/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "3" in message.subject


def test_a_digest_is_skipped_when_empty_and_never_repeats_an_item(
    db, community, follower, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert digests.digests_send(Frequency.DAILY) == 0
        _waiting(follower, community, "once", minutes_ago=5)
        assert digests.digests_send(Frequency.DAILY) == 1
        assert digests.digests_send(Frequency.DAILY) == 0
    assert len(mail.outbox) == 1


def test_items_from_a_community_one_left_are_left_out(
    db, community, other_community, follower, django_capture_on_commit_callbacks
):
    _waiting(follower, other_community, "not-a-member", minutes_ago=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests.digests_send(Frequency.DAILY) == 0
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is not None  # not kept for later either


def test_a_weekly_digest_and_personal_notifications_in_it(
    db, community, follower, django_capture_on_commit_callbacks
):
    _waiting(
        follower,
        None,
        "moderated",
        minutes_ago=5,
        frequency=Frequency.WEEKLY,
        kind=Kind.CONTENT_MODERATED,
        audience=Audience.RECIPIENT,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert digests.digests_send(Frequency.DAILY) == 0
        assert digests.digests_send(Frequency.WEEKLY) == 1
    assert "moderated" in mail.outbox[0].body
