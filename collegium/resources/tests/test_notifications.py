"""What the libraries tell people (NO-1): a new file or link to those who follow its community
or its tags and read the library; a comment to the one who added the resource."""

import uuid

from collegium.communities.tests.factories import make_community
from collegium.core.models import Tag
from collegium.notifications import services as notification_services
from collegium.notifications.choices import Frequency, Kind
from collegium.notifications.models import Notification
from collegium.notifications.testing import html_of as _html
from collegium.notifications.testing import mail_to as _mail_to
from collegium.notifications.testing import told as _told
from collegium.resources import services
from collegium.resources.tests.factories import make_collection, make_file, make_link


def _follow(person, target):
    return notification_services.follow_set(user=person, target=target, frequency=Frequency.INSTANT)


def test_a_new_file_tells_the_followers_of_its_community_in_their_language(
    community, collection, leader, uploader, reader, django_capture_on_commit_callbacks
):
    _follow(leader, community)
    _follow(uploader, community)
    with django_capture_on_commit_callbacks(execute=True):
        resource = make_file(collection, uploader, title="Call schedules")

    (notification,) = _told(leader)
    assert notification.kind == Kind.NEW_RESOURCE
    assert (notification.target_kind, notification.target_id) == ("resource", resource.pk)
    assert notification.actor == uploader
    assert _told(uploader) == []  # the one who added it
    assert _told(reader) == []  # follows nothing
    (message,) = _mail_to(leader)
    assert "Call schedules" in message.subject
    assert 'lang="fr"' in _html(message) and "/fr/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_followers_of_a_tag_hear_of_links_only_from_libraries_they_read(
    community, collection, leader, uploader, outsider, django_capture_on_commit_callbacks
):
    elsewhere = make_community(
        "Sports medicine", leaders=[leader], participants=[outsider], participants_may_upload=True
    )
    other_collection = make_collection(elsewhere, leader, title="Sports guides")
    _follow(outsider, Tag.objects.create(slug="guides", name="guides"))
    with django_capture_on_commit_callbacks(execute=True):
        make_link(collection, uploader, title="Rural guide", tags="guides")
        make_link(
            other_collection,
            leader,
            url="https://example.org/sports",
            title="Sports guide",
            tags="guides",
        )

    (notification,) = _told(outsider)
    assert notification.params["title"] == "Sports guide"


def test_the_same_submission_arriving_twice_announces_one_resource(
    community, collection, leader, uploader, django_capture_on_commit_callbacks
):
    _follow(leader, community)
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        make_link(collection, uploader, submission_key=key)
        make_link(collection, uploader, submission_key=key)

    assert len(_told(leader, Kind.NEW_RESOURCE)) == 1


def test_a_comment_tells_whoever_added_the_resource(
    collection, uploader, reader, leader, django_capture_on_commit_callbacks
):
    resource = make_link(collection, uploader)
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.resource_comment_add(
            actor=reader, resource=resource, body="Useful, thanks. @dr-leader should see it."
        )

    (notification,) = _told(uploader)
    assert notification.kind == Kind.COMMENT
    assert (notification.target_kind, notification.target_id) == ("resource_comment", comment.pk)
    assert notification.params["title"] == {"en": "Rural guide", "fr": "Rural guide"}
    assert [notification.kind for notification in _told(leader)] == [Kind.MENTION]
    assert _told(reader) == []


def test_commenting_on_ones_own_resource_tells_nobody(
    collection, uploader, django_capture_on_commit_callbacks
):
    resource = make_link(collection, uploader)
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_comment_add(actor=uploader, resource=resource, body="An update.")

    assert not Notification.objects.exists()
