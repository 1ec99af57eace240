"""The notification pages, the bell and the private feeds cost the same number of queries
however much there is to show (scale, STYLE.md)."""

from itertools import count

import pytest
from django.urls import reverse

from collegium.blogs.tests.factories import make_post
from collegium.communities.tests.factories import make_community
from collegium.core.models import Tag
from collegium.core.testing import assert_flat_query_count, count_queries
from collegium.forums.tests.factories import make_thread
from collegium.notifications import services
from collegium.notifications.choices import Frequency
from collegium.notifications.tests.test_views import feed_url, notification_for
from collegium.resources.tests.factories import make_collection, make_link

numbers = count(1)


@pytest.fixture
def grow(reader, author, leader, community):
    """More of everything the pages show: notifications in two communities, follows of each
    kind, communities with feeds, and new content in the community."""
    collection = make_collection(community, leader, title="Guides")

    def more() -> None:
        number = next(numbers)
        elsewhere = make_community(
            f"Community {number}", leaders=[leader], participants=[reader, author]
        )
        thread = make_thread(community, author, title=f"Thread {number}")
        other_thread = make_thread(elsewhere, author, title=f"Elsewhere {number}")
        tag = Tag.objects.create(name=f"Tag {number}", slug=f"tag-{number}")
        for target in (elsewhere, thread, other_thread, tag):
            services.follow_set(user=reader, target=target, frequency=Frequency.DAILY)
        services.follow_set(user=reader, target=elsewhere, frequency=Frequency.WEEKLY, blog=True)
        for place in (community, elsewhere, None):
            notification_for(reader, community=place)
        make_post(community, leader, title=f"Post {number}")
        make_link(collection, leader, url=f"https://example.org/{number}", title=f"Link {number}")

    more()
    return lambda: [more() for _ in range(3)]


def test_the_notification_list_costs_the_same_whatever_the_data(client, reader, grow):
    client.force_login(reader)
    assert_flat_query_count(lambda: client.get(reverse("notifications:list")), grow)


def test_the_preferences_page_costs_the_same_whatever_the_data(client, reader, grow):
    client.force_login(reader)
    assert_flat_query_count(lambda: client.get(reverse("notifications:preferences")), grow)


def test_the_bell_costs_the_same_whatever_the_data(client, reader, grow):
    client.force_login(reader)
    assert_flat_query_count(lambda: client.get(reverse("notifications:bell")), grow)


def test_the_bell_counts_in_one_query_beyond_the_session(client, reader, grow):
    client.force_login(reader)
    client.get(reverse("notifications:bell"))
    _queries, captured = count_queries(lambda: client.get(reverse("notifications:bell")))
    counting = [query for query in captured if "notifications_notification" in query["sql"]]
    assert len(counting) == 1, captured


def test_the_notifications_feed_costs_the_same_whatever_the_data(client, reader, grow):
    url = feed_url(reader)
    assert_flat_query_count(lambda: client.get(url), grow)


def test_the_community_feed_costs_the_same_whatever_the_data(client, reader, community, grow):
    url = feed_url(reader, community)
    assert_flat_query_count(lambda: client.get(url), grow)


def test_the_header_asks_nothing_of_the_notifications(client, reader, grow):
    client.force_login(reader)
    client.get(reverse("accounts:home"))
    _queries, captured = count_queries(lambda: client.get(reverse("accounts:home")))
    assert not [query for query in captured if "notifications_" in query["sql"]]


def test_a_thread_page_with_its_follow_control_costs_the_same(client, reader, thread, author):
    client.force_login(reader)
    services.follow_set(user=reader, target=thread, frequency=Frequency.DAILY)

    def more_replies() -> None:
        from collegium.forums import services as forum_services

        for number in range(3):
            forum_services.post_reply(actor=author, thread=thread, body=f"Reply {number}")

    assert_flat_query_count(lambda: client.get(thread.get_absolute_url()), more_replies)
    _queries, captured = count_queries(lambda: client.get(thread.get_absolute_url()))
    follows = [query for query in captured if "notifications_subscription" in query["sql"]]
    assert len(follows) == 1, "one query for the follow control"
