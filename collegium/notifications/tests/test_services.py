"""Telling people (NO-1), following (NO-2), unsubscribing once (NO-2) and the fan-out to
followers in batches (NO-3)."""

import time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404

from collegium.communities.models import Membership
from collegium.core.models import Tag
from collegium.notifications import services, tokens
from collegium.notifications.choices import Audience, Category, Frequency, Kind
from collegium.notifications.kinds import describe, in_each_language
from collegium.notifications.models import (
    EmailPreference,
    FanOut,
    Notification,
    NotificationSettings,
    Subscription,
)
from collegium.notifications.tasks import fan_out_batch


def _event(thread, actor, kind=Kind.NEW_THREAD, **fields):
    post = thread.posts.get(position=0)
    fields.setdefault("community_id", thread.community_id)
    return services.Event(
        kind=kind,
        link=in_each_language(post.get_absolute_url),
        params={
            "actor": actor.username,
            "title": thread.title,
            "community": in_each_language(lambda: thread.community.name),
        },
        actor_id=actor.pk,
        target_kind="post",
        target_id=post.pk,
        excerpt="Who covers your practice?",
        **fields,
    )


# Personal notifications ------------------------------------------------------------------------


def test_notify_tells_in_the_app_and_by_email_in_the_recipients_language(
    thread, author, follower, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (made,) = services.notify(_event(thread, author, Kind.MENTION), [follower])
    assert made.recipient == follower
    assert made.email == Frequency.INSTANT
    assert made.emailed_at is not None
    (message,) = mail.outbox
    assert message.to == [follower.email]
    html = message.alternatives[0][0]
    assert '<html lang="fr">' in html
    assert f"/fr/communautes/{thread.community.slug}/" in message.body
    assert "/fr/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Who covers your practice?" in message.body


def test_a_category_chosen_for_a_digest_or_nothing_sends_no_email_now(
    thread, author, follower, reader, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(
        user=follower, category=Category.MENTIONS, frequency=Frequency.DAILY
    )
    EmailPreference.objects.create(
        user=reader, category=Category.MENTIONS, frequency=Frequency.NEVER
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(_event(thread, author, Kind.MENTION), [follower, reader])
    assert mail.outbox == []
    # Still in the app; the daily one waits for its digest.
    assert dict(Notification.objects.values_list("recipient__username", "email")) == {
        "dr-follower": Frequency.DAILY,
        "dr-reader": Frequency.NEVER,
    }


def test_inactive_accounts_are_not_told_unless_asked(thread, author, follower):
    follower.is_active = False
    follower.save()
    assert services.notify(_event(thread, author, Kind.MENTION), [follower]) == []
    made = services.notify(
        _event(thread, author, Kind.CONTENT_MODERATED, audience=Audience.RECIPIENT),
        [follower],
        email_inactive=True,
    )
    assert len(made) == 1


def test_every_kind_says_something_in_both_languages():
    from django.utils import translation

    params = {"actor": "dr-a", "title": {"en": "Title", "fr": "Titre"}, "community": "Rural"}
    for kind in Kind.values:
        extra = {"action": "remove"} if kind == Kind.CONTENT_MODERATED else {}
        for language in ("en", "fr"):
            with translation.override(language):
                text = describe(kind, {**params, **extra})
            assert text and "%(" not in text


def test_withdrawing_removes_the_notifications_about_an_item(thread, author, follower):
    event = _event(thread, author, Kind.MENTION)
    services.notify(event, [follower])
    assert services.notifications_withdraw("post", [event.target_id]) == 1
    assert not Notification.objects.exists()


# Following ------------------------------------------------------------------------------------


def test_following_something_one_may_read(community, thread, follower, outsider):
    subscription = services.follow_set(user=follower, target=thread, frequency=Frequency.DAILY)
    assert subscription.frequency == Frequency.DAILY
    again = services.follow_set(user=follower, target=thread, frequency=Frequency.WEEKLY)
    assert again.pk == subscription.pk
    assert again.frequency == Frequency.WEEKLY
    with pytest.raises(Http404):
        services.follow_set(user=outsider, target=thread, frequency=Frequency.INSTANT)
    with pytest.raises(Http404):
        services.follow_set(user=outsider, target=community, frequency=Frequency.INSTANT)
    with pytest.raises(ValidationError):
        services.follow_set(user=follower, target=thread, frequency="hourly")


def test_posting_in_a_thread_follows_it_unless_muted_or_turned_off(thread, follower, reader):
    services.thread_follow_on_post(user=follower, thread=thread)
    assert Subscription.objects.get(user=follower, thread=thread).frequency == Frequency.INSTANT

    Subscription.objects.create(user=reader, thread=thread, frequency=Frequency.NEVER)
    services.thread_follow_on_post(user=reader, thread=thread)
    assert Subscription.objects.get(user=reader, thread=thread).frequency == Frequency.NEVER

    NotificationSettings.objects.filter(user=follower).delete()
    Subscription.objects.filter(user=follower).delete()
    NotificationSettings.objects.create(user=follower, follow_threads_i_post_in=False)
    services.thread_follow_on_post(user=follower, thread=thread)
    assert not Subscription.objects.filter(user=follower, thread=thread).exists()


def test_email_preferences_are_saved_and_bad_values_ignored(follower):
    services.email_preferences_save(
        user=follower,
        frequencies={Category.REPLIES: Frequency.WEEKLY, "nonsense": Frequency.DAILY},
        follow_threads_i_post_in=False,
    )
    assert dict(EmailPreference.objects.values_list("category", "frequency")) == {
        Category.REPLIES: Frequency.WEEKLY
    }
    assert not services.settings_for(follower).follow_threads_i_post_in


def test_resetting_the_feed_secret_changes_it(follower):
    before = services.settings_for(follower).feed_token
    assert services.feed_token_reset(user=follower).feed_token != before


# Unsubscribing ---------------------------------------------------------------------------------


def test_an_unsubscribe_link_stops_its_follow_once(thread, follower):
    subscription = services.follow_set(user=follower, target=thread, frequency=Frequency.INSTANT)
    time.sleep(0.002)
    token = tokens.make(follower.pk, f"follow:{subscription.pk}")
    first = services.unsubscribe(token=token)
    assert first.done
    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.NEVER

    # The person follows again; the old link, used a second time, changes nothing.
    services.follow_set(user=follower, target=thread, frequency=Frequency.DAILY)
    second = services.unsubscribe(token=token)
    assert not second.done
    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.DAILY


def test_an_unsubscribe_link_for_a_category_and_for_a_digest(thread, follower):
    token = tokens.make(follower.pk, f"category:{Category.MENTIONS}")
    assert services.unsubscribe(token=token).done
    assert not services.unsubscribe(token=token).done
    assert EmailPreference.objects.get(user=follower).frequency == Frequency.NEVER

    services.follow_set(user=follower, target=thread, frequency=Frequency.DAILY)
    time.sleep(0.002)
    digest = tokens.make(follower.pk, "digest:daily")
    assert services.unsubscribe(token=digest).done
    assert Subscription.objects.get(user=follower).frequency == Frequency.NEVER
    assert not services.unsubscribe(token=digest).done


def test_forged_and_expired_unsubscribe_links_change_nothing(thread, follower, settings):
    subscription = services.follow_set(user=follower, target=thread, frequency=Frequency.INSTANT)
    token = tokens.make(follower.pk, f"follow:{subscription.pk}")
    forged = tokens.make(follower.pk + 1, f"follow:{subscription.pk}")[:-4] + token[-4:]
    for bad in (forged, "not-a-token", token + "x", token.replace(":", ";", 1)):
        with pytest.raises(tokens.InvalidLink):
            services.unsubscribe(token=bad)
    old = int((time.time() - 91 * 86400) * 1000)
    with pytest.raises(tokens.ExpiredLink):
        services.unsubscribe(
            token=tokens.make(follower.pk, f"follow:{subscription.pk}", issued_ms=old)
        )
    # Someone else's follow, or a scope that does not exist, is not valid either.
    with pytest.raises(tokens.InvalidLink):
        services.unsubscribe(token=tokens.make(follower.pk + 99, f"follow:{subscription.pk}"))
    with pytest.raises(tokens.InvalidLink):
        services.unsubscribe(token=tokens.make(follower.pk, "category:everything"))
    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.INSTANT


# The fan-out ----------------------------------------------------------------------------------


def _followers(community, count):
    from collegium.accounts.tests.factories import UserFactory
    from collegium.communities import services as community_services

    people = []
    for index in range(count):
        person = UserFactory(
            username=f"fan-{index}", preferred_language="fr" if index % 2 else "en"
        )
        community_services.membership_add(community, person)
        Subscription.objects.create(user=person, community=community)
        people.append(person)
    return people


def test_the_fan_out_tells_every_follower_once_across_batches(
    thread, author, community, django_capture_on_commit_callbacks
):
    people = _followers(community, 8)  # batches of 3 in tests
    Subscription.objects.create(user=author, community=community)  # the actor is not told
    with django_capture_on_commit_callbacks(execute=True):
        services.followers_notify(
            _event(thread, author),
            [services.Followed("community", community.pk)],
            key=f"thread:{thread.pk}",
        )
    told = Notification.objects.filter(kind=Kind.NEW_THREAD)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(p.pk for p in people)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(p.email for p in people)
    # Rendered once per language and batch, not per person.
    from collegium.notifications.models import EmailBody

    assert EmailBody.objects.count() <= 2 * 3
    french = next(m for m in mail.outbox if m.to == [people[1].email])
    assert "/fr/" in french.extra_headers["List-Unsubscribe"]
    fan_out = FanOut.objects.get()
    assert fan_out.notified == 8
    assert fan_out.finished_at is not None


def test_the_same_event_and_a_retried_batch_tell_nobody_twice(
    thread, author, community, django_capture_on_commit_callbacks
):
    _followers(community, 4)
    event = _event(thread, author)
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(2):
            services.followers_notify(
                event, [services.Followed("community", community.pk)], key="thread:x"
            )
        fan_out_batch("thread:x", 0)  # a batch run again
    assert Notification.objects.count() == 4
    assert len(mail.outbox) == 4


def test_the_most_frequent_choice_wins_for_one_who_follows_twice(
    thread, author, follower, community, django_capture_on_commit_callbacks
):
    tag = Tag.objects.create(name="Locums", slug="locums")
    Subscription.objects.create(user=follower, community=community, frequency=Frequency.WEEKLY)
    Subscription.objects.create(user=follower, tag=tag, frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        services.followers_notify(
            _event(thread, author),
            [services.Followed("community", community.pk), services.Followed("tag", tag.pk)],
            key="thread:y",
        )
    (told,) = Notification.objects.all()
    assert told.email == Frequency.DAILY
    assert mail.outbox == []


def test_who_lost_access_or_muted_or_was_told_already_hears_nothing(
    thread,
    author,
    follower,
    reader,
    leader,
    outsider,
    community,
    django_capture_on_commit_callbacks,
):
    tag = Tag.objects.create(name="Locums", slug="locums")
    Subscription.objects.create(user=follower, community=community)
    Subscription.objects.create(user=reader, community=community, frequency=Frequency.NEVER)
    Subscription.objects.create(user=leader, community=community)
    Subscription.objects.create(user=outsider, tag=tag)  # follows the tag, not a participant
    Membership.objects.filter(user=follower, community=community).delete()  # left
    with django_capture_on_commit_callbacks(execute=True):
        services.followers_notify(
            _event(thread, author),
            [services.Followed("community", community.pk), services.Followed("tag", tag.pk)],
            key="thread:z",
            exclude=[leader.pk],
        )
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_keyed_notification_made_again_by_a_retried_task_tells_nobody_twice(
    thread, author, follower, django_capture_on_commit_callbacks
):
    event = _event(thread, author, Kind.MENTION)
    with django_capture_on_commit_callbacks(execute=True):
        assert len(services.notify(event, [follower], key="mention:1")) == 1
        assert services.notify(event, [follower], key="mention:1") == []
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_kind_this_version_does_not_know_reads_as_its_name():
    assert describe("webinar_started", {"title": "x"}) == "webinar_started"
