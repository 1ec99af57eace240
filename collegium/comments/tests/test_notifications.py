"""A new comment tells the author of what it comments on and the people it mentions (NO-1),
whatever is commented on; nobody hears of a comment gone before the workers got to it."""

import pytest
from django.core import mail

from collegium.accounts.tests.factories import verified_member
from collegium.blogs import services as blog_services
from collegium.blogs.models import BlogComment
from collegium.blogs.tests.factories import make_post
from collegium.comments import services
from collegium.communities.tests.factories import make_community
from collegium.notifications.choices import Kind
from collegium.notifications.models import Notification


@pytest.fixture
def writer(db):
    return verified_member("dr-writer", "6000001", preferred_language="fr")


@pytest.fixture
def commenter(db):
    return verified_member("dr-commenter", "6000002")


@pytest.fixture
def post(writer, commenter):
    community = make_community("Rural medicine", leaders=[writer], participants=[commenter])
    return make_post(community, writer, title="Winter locums")


def test_the_author_of_what_is_commented_on_hears_of_it_in_their_language(
    post, writer, commenter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        blog_services.blog_comment_add(actor=commenter, post=post, body="Count me in.")

    (notification,) = Notification.objects.filter(recipient=writer)
    assert notification.kind == Kind.COMMENT
    assert notification.actor == commenter
    (message,) = mail.outbox
    assert message.to == [writer.email]
    assert "dr-commenter" in message.subject and "Winter locums" in message.subject
    assert "/fr/" in message.body and "Count me in." in message.body
    assert "List-Unsubscribe" in message.extra_headers


def test_a_comment_deleted_before_the_workers_run_tells_nobody(
    post, writer, commenter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        comment = blog_services.blog_comment_add(actor=commenter, post=post, body="Oops.")
    services.comment_delete(comment=comment, actor=commenter, community=post.community)
    for callback in queued:
        callback()

    assert BlogComment.objects.filter(pk=comment.pk, deleted_at__isnull=False).exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []
