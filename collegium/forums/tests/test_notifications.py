"""What the forums tell people (NO-1): mentions, replies, answers, and new threads and replies
to those who follow a community, a tag or a thread — only what they may read, once each."""

import pytest

from collegium.communities import services as communities_services
from collegium.communities.models import Membership
from collegium.communities.tests.factories import make_community
from collegium.core.models import Tag
from collegium.forums import services
from collegium.forums.models import Post
from collegium.forums.tests.factories import make_question, make_thread
from collegium.moderation import services as moderation_services
from collegium.moderation.choices import Category
from collegium.moderation.targets import TARGETS
from collegium.notifications import services as notification_services
from collegium.notifications.choices import Frequency, Kind
from collegium.notifications.models import NotificationSettings, Subscription
from collegium.notifications.testing import html_of as _html
from collegium.notifications.testing import mail_to as _mail_to
from collegium.notifications.testing import told as _told


def _follow(person, target):
    return notification_services.follow_set(user=person, target=target, frequency=Frequency.INSTANT)


@pytest.fixture
def thread(community, asker):
    return make_thread(community, asker, title="Locum coverage in the north")


def test_a_reply_tells_the_threads_author_and_the_author_of_the_post_it_answers(
    thread, asker, replier, third, django_capture_on_commit_callbacks
):
    earlier = services.post_reply(actor=replier, thread=thread, body="I cover for a colleague.")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(actor=third, thread=thread, body="How?", reply_to=earlier)

    (to_asker,) = _told(asker)
    (to_replier,) = _told(replier)
    assert to_asker.kind == to_replier.kind == Kind.REPLY
    assert to_asker.actor == third
    assert to_asker.params["title"] == "Locum coverage in the north"
    assert _told(third) == []  # never the one who wrote it


def test_the_reply_email_is_in_the_recipients_language_with_one_click_unsubscribe(
    community, leader, replier, django_capture_on_commit_callbacks
):
    french_thread = make_thread(community, leader, title="Gardes en région")
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_reply(actor=replier, thread=french_thread, body="Je peux aider.")

    (message,) = _mail_to(leader)
    assert "dr-replier" in message.subject and "Gardes en région" in message.subject
    assert "/fr/" in message.body and str(reply.pk) in message.body
    assert 'lang="fr"' in _html(message)
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Je peux aider." in message.body  # the excerpt


def test_a_mention_tells_the_person_mentioned_once_even_when_they_follow_the_thread(
    thread, asker, replier, third, django_capture_on_commit_callbacks
):
    _follow(third, thread)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(actor=replier, thread=thread, body="What do you think, @dr-third?")

    assert [notification.kind for notification in _told(third)] == [Kind.MENTION]
    assert len(_mail_to(third)) == 1
    # The thread's author hears of the reply as such; the replier follows it now.
    assert [notification.kind for notification in _told(asker)] == [Kind.REPLY]
    assert Subscription.objects.filter(user=replier, thread=thread).exists()


def test_mentioning_someone_who_cannot_read_the_thread_tells_them_nothing(
    community, asker, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(community, asker, body="Ask @dr-outsider, who works up north.")

    assert _told(outsider) == []
    assert _mail_to(outsider) == []


def test_followers_of_the_community_and_of_a_tag_hear_of_a_new_thread(
    community, asker, leader, third, django_capture_on_commit_callbacks
):
    _follow(leader, community)
    _follow(third, Tag.objects.create(slug="locums", name="locums"))
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(community, asker, title="Locums wanted", tags="locums")

    for person in (leader, third):
        (notification,) = _told(person)
        assert notification.kind == Kind.NEW_THREAD
        assert notification.target_kind == "post"
        assert notification.target_id == thread.posts.get().pk
    (message,) = _mail_to(leader)
    assert "Locums wanted" in message.subject
    assert 'lang="fr"' in _html(message) and "/fr/" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert _told(asker) == []


def test_followers_of_a_tag_hear_only_of_threads_in_communities_they_read(
    community, asker, outsider, leader, django_capture_on_commit_callbacks
):
    elsewhere = make_community("Sports medicine", leaders=[leader], participants=[outsider])
    tag = Tag.objects.create(slug="locums", name="locums")
    _follow(outsider, tag)
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(community, asker, title="Not for outsiders", tags="locums")
        make_thread(elsewhere, leader, title="Locums in sports", tags="locums")

    (notification,) = _told(outsider)
    assert notification.params["title"] == "Locums in sports"


def test_someone_who_left_the_community_hears_nothing_more(
    community, thread, asker, replier, third, django_capture_on_commit_callbacks
):
    _follow(third, community)
    _follow(third, thread)
    communities_services.membership_remove(
        actor=third, membership=Membership.objects.get(community=community, user=third)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(actor=replier, thread=thread, body="Any news, @dr-third?")
        make_thread(community, asker, title="Another one")

    assert _told(third) == []
    assert _mail_to(third) == []


def test_followers_of_a_thread_hear_of_its_replies_and_its_author_follows_it_unless_they_chose_not(
    community, asker, replier, third, django_capture_on_commit_callbacks
):
    NotificationSettings.objects.create(user=replier, follow_threads_i_post_in=False)
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(community, third, title="On call")
        services.post_reply(actor=replier, thread=thread, body="Count me in.")
    assert Subscription.objects.filter(user=third, thread=thread).exists()
    assert not Subscription.objects.filter(user=replier, thread=thread).exists()
    _follow(asker, thread)

    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(actor=third, thread=thread, body="Thanks, all.")

    assert [notification.kind for notification in _told(asker)] == [Kind.NEW_REPLY]
    assert _told(replier) == []  # neither the thread's author nor a follower
    assert [notification.kind for notification in _told(third)] == [Kind.REPLY]


def test_a_post_held_for_review_tells_nobody_until_a_moderator_lets_it_through(
    settings, community, thread, asker, replier, leader, django_capture_on_commit_callbacks
):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "HOLD_LINKS_FROM_NEW_ACCOUNTS": True}
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_reply(  # a brand-new account writes a link (MO-3)
            actor=replier, thread=thread, body="See https://example.org, @learner-asker."
        )
    reply.refresh_from_db()
    assert reply.removed_at is not None
    assert _told(asker) == []

    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.content_restore(
            actor=leader, target=TARGETS["post"], obj=reply, revision=None
        )

    assert [notification.kind for notification in _told(asker)] == [Kind.MENTION]


def test_removing_a_thread_withdraws_what_was_said_about_it(
    community, leader, asker, replier, django_capture_on_commit_callbacks
):
    _follow(leader, community)
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(community, replier, title="Off topic")
        services.post_reply(actor=asker, thread=thread, body="Hello @dr-leader")
    assert {notification.kind for notification in _told(leader)} == {
        Kind.NEW_THREAD,
        Kind.MENTION,
    }

    opening = Post.objects.get(thread=thread, position=0)
    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.content_remove(
            actor=leader,
            target=TARGETS["post"],
            obj=opening,
            revision=None,
            category=Category.OFF_TOPIC,
        )

    assert _told(leader) == []
    assert [notification.kind for notification in _told(replier)] == [Kind.CONTENT_MODERATED]


def test_a_suggested_answer_tells_the_asker_and_a_verified_one_its_author(
    community, asker, replier, third, leader, django_capture_on_commit_callbacks
):
    question = make_question(community, asker)
    answer = services.post_reply(actor=replier, thread=question, body="Check the INR first.")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_suggest(actor=third, post=answer)
    (suggested,) = _told(asker)
    assert suggested.kind == Kind.ANSWER_SUGGESTED and suggested.actor == third

    with django_capture_on_commit_callbacks(execute=True):
        services.answer_verify(actor=asker, post=answer)
    (verified,) = _told(replier)
    assert verified.kind == Kind.ANSWER_VERIFIED and verified.actor == asker
    assert _told(asker, Kind.ANSWER_VERIFIED) == []


def test_the_asker_suggesting_an_answer_is_not_told_of_it(
    community, asker, replier, django_capture_on_commit_callbacks
):
    question = make_question(community, asker)
    answer = services.post_reply(actor=replier, thread=question, body="Check the INR first.")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_suggest(actor=asker, post=answer)

    assert _told(asker) == []


def test_an_edit_tells_only_the_people_it_mentions_for_the_first_time(
    thread, replier, third, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_reply(actor=replier, thread=thread, body="Hello @dr-third")
    assert len(_told(third, Kind.MENTION)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.post_edit(
            actor=replier,
            post=reply,
            body="Hello @dr-third and @dr-leader",
            base_version=reply.version,
        )

    assert len(_told(third, Kind.MENTION)) == 1
    (mention,) = _told(leader, Kind.MENTION)
    assert mention.actor == replier
