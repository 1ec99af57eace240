"""What the blogs tell people (NO-1): a published post to those who follow its community, its
blog or its tags, once however often it is published; a comment to the post's author."""

from datetime import timedelta

import pytest
from django.utils import timezone

from collegium.blogs import services
from collegium.blogs.choices import Publication
from collegium.blogs.tests.factories import make_association_post, make_post
from collegium.core.models import Tag
from collegium.moderation import services as moderation_services
from collegium.moderation.choices import Category
from collegium.moderation.targets import TARGETS
from collegium.notifications import services as notification_services
from collegium.notifications.choices import Audience, Frequency, Kind
from collegium.notifications.testing import html_of as _html
from collegium.notifications.testing import mail_to as _mail_to
from collegium.notifications.testing import told as _told


def _follow(person, target, **kwargs):
    return notification_services.follow_set(
        user=person, target=target, frequency=Frequency.INSTANT, **kwargs
    )


@pytest.fixture
def french_participant(participant):
    participant.preferred_language = "fr"
    participant.save(update_fields=["preferred_language"])
    return participant


def test_a_published_post_tells_the_followers_of_its_community_its_blog_and_its_tags(
    community, leader, french_participant, second_participant, django_capture_on_commit_callbacks
):
    _follow(french_participant, community, blog=True)
    _follow(second_participant, Tag.objects.create(slug="locums", name="locums"))
    _follow(leader, community)
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(community, leader, tags="locums", summary="The short of it.")

    for person in (french_participant, second_participant):
        (notification,) = _told(person)
        assert notification.kind == Kind.NEW_BLOG_POST
        assert (notification.target_kind, notification.target_id) == ("blog_post", post.pk)
        assert notification.audience == Audience.PARTICIPANTS
    assert _told(leader) == []  # the one who wrote it
    (message,) = _mail_to(french_participant)
    assert "Rural locum programs this winter" in message.subject
    assert 'lang="fr"' in _html(message) and "/fr/" in message.body
    assert "The short of it." in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_association_post_is_announced_with_its_title_in_each_language(
    community, staff, french_participant, second_participant, django_capture_on_commit_callbacks
):
    _follow(french_participant, community)
    _follow(second_participant, community)
    with django_capture_on_commit_callbacks(execute=True):
        make_association_post(community, staff)

    (notification,) = _told(french_participant)
    assert notification.params["title"] == {
        "en": "Our brief on physician workload",
        "fr": "Notre mémoire sur la charge de travail",
    }
    assert "Notre mémoire sur la charge de travail" in _mail_to(french_participant)[0].subject
    assert "Our brief on physician workload" in _mail_to(second_participant)[0].subject


def test_a_draft_tells_nobody_and_publishing_again_does_not_tell_twice(
    community, leader, participant, django_capture_on_commit_callbacks
):
    _follow(participant, community)
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(community, leader, publication=Publication.DRAFT)
    assert _told(participant) == []

    with django_capture_on_commit_callbacks(execute=True):
        services.blog_post_publish(actor=leader, post=post)
        services.blog_post_unpublish(actor=leader, post=post)
        services.blog_post_publish(actor=leader, post=post)

    assert len(_told(participant, Kind.NEW_BLOG_POST)) == 1
    assert len(_mail_to(participant)) == 1


def test_a_scheduled_post_is_announced_when_it_is_published(
    community, leader, participant, django_capture_on_commit_callbacks
):
    _follow(participant, community, blog=True)
    make_post(
        community,
        leader,
        publication=Publication.SCHEDULE,
        publish_at=timezone.now() + timedelta(minutes=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.blog_posts_publish_due(now=timezone.now() + timedelta(minutes=3)) == 1
        assert services.blog_posts_publish_due(now=timezone.now() + timedelta(minutes=4)) == 0

    assert len(_told(participant, Kind.NEW_BLOG_POST)) == 1


def test_a_public_blogs_post_reaches_its_followers_outside_the_community_a_private_one_does_not(
    community, public_community, leader, outsider, django_capture_on_commit_callbacks
):
    _follow(outsider, public_community, blog=True)
    _follow(outsider, Tag.objects.create(slug="locums", name="locums"))
    with django_capture_on_commit_callbacks(execute=True):
        make_post(community, leader, title="For participants", tags="locums")
        make_post(public_community, leader, title="For everyone", tags="locums")

    (notification,) = _told(outsider)
    assert notification.params["title"] == {"en": "For everyone", "fr": "For everyone"}
    assert notification.audience == Audience.PUBLIC_BLOG


def test_a_comment_tells_the_posts_author_but_not_the_commenter(
    community, leader, participant, django_capture_on_commit_callbacks
):
    post = make_post(community, leader)
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.blog_comment_add(actor=participant, post=post, body="Thank you!")

    (notification,) = _told(leader)
    assert notification.kind == Kind.COMMENT
    assert (notification.target_kind, notification.target_id) == ("blog_comment", comment.pk)
    assert notification.link["en"].endswith(f"#comment-{comment.pk}")
    assert notification.excerpt == "Thank you!"
    assert _told(participant) == []


def test_a_comment_mentioning_the_posts_author_tells_them_once(
    community, leader, participant, second_participant, django_capture_on_commit_callbacks
):
    post = make_post(community, leader)
    with django_capture_on_commit_callbacks(execute=True):
        services.blog_comment_add(
            actor=participant, post=post, body="@dr-blog-leader, @dr-second: have a look."
        )

    assert [notification.kind for notification in _told(leader)] == [Kind.MENTION]
    assert [notification.kind for notification in _told(second_participant)] == [Kind.MENTION]
    assert len(_mail_to(leader)) == 1


def test_a_held_comment_tells_nobody_and_a_removed_posts_comments_are_withdrawn(
    settings, community, leader, participant, django_capture_on_commit_callbacks
):
    post = make_post(community, leader)
    with django_capture_on_commit_callbacks(execute=True):
        services.blog_comment_add(actor=participant, post=post, body="A first comment.")
    assert len(_told(leader, Kind.COMMENT)) == 1

    settings.COLLEGIUM = {**settings.COLLEGIUM, "HOLD_LINKS_FROM_NEW_ACCOUNTS": True}
    with django_capture_on_commit_callbacks(execute=True):
        services.blog_comment_add(actor=participant, post=post, body="See https://example.org")
    assert len(_told(leader, Kind.COMMENT)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.content_remove(
            actor=leader,
            target=TARGETS["blog_post"],
            obj=post,
            revision=None,
            category=Category.OFF_TOPIC,
        )
    assert _told(leader, Kind.COMMENT) == []


def test_a_draft_published_from_the_edit_form_is_announced(
    community, leader, participant, django_capture_on_commit_callbacks
):
    _follow(participant, community)
    post = make_post(community, leader, publication=Publication.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.blog_post_edit(
            actor=leader,
            post=post,
            texts={"en": services.PostText(title="Ready now", body="The text.")},
            publication=Publication.NOW,
        )
        services.blog_post_edit(
            actor=leader,
            post=post,
            texts={"en": services.PostText(title="Ready now", body="The text, corrected.")},
        )

    (notification,) = _told(participant)
    assert notification.params["title"]["en"] == "Ready now"
