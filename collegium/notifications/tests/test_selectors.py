"""Reads of notifications, given the viewer (NO-1, NO-2, NO-4)."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from collegium.blogs.tests.factories import make_post
from collegium.communities.choices import DirectoryVisibility
from collegium.core.models import Tag
from collegium.core.testing import assert_num_queries
from collegium.forums.models import Thread
from collegium.forums.tests.factories import make_thread
from collegium.notifications import selectors, services
from collegium.notifications.choices import Audience, Category, Frequency
from collegium.notifications.models import EmailPreference, Notification
from collegium.notifications.tests.test_views import leave, notification_for
from collegium.resources.tests.factories import make_collection, make_link


def test_a_page_holds_thirty_notifications_newest_first_and_says_where_the_next_starts(
    reader, community
):
    made = [notification_for(reader, community=community) for _ in range(31)]
    first = selectors.notifications_page(reader)
    assert [n.pk for n in first.notifications] == [n.pk for n in reversed(made)][:30]
    assert first.next_cursor
    second = selectors.notifications_page(reader, first.next_cursor)
    assert [n.pk for n in second.notifications] == [made[0].pk]
    assert second.next_cursor == ""
    assert selectors.notifications_page(reader, "not-a-cursor").notifications == first.notifications


def test_only_ones_own_notifications_that_one_may_still_see(
    reader, author, community, other_community, leader
):
    mine = notification_for(reader, community=community)
    notification_for(author, community=community)
    elsewhere = notification_for(reader, community=other_community)
    public_blog = notification_for(reader, community=other_community, audience=Audience.PUBLIC_BLOG)
    shown = {n.pk for n in selectors.notifications_page(reader).notifications}
    assert shown == {mine.pk}, "not a participant of the other community, whose blog is private"
    other_community.blog_is_public = True
    other_community.visibility = DirectoryVisibility.PUBLIC
    other_community.save(update_fields=["blog_is_public", "visibility"])
    shown = {n.pk for n in selectors.notifications_page(reader).notifications}
    assert shown == {mine.pk, public_blog.pk}
    assert elsewhere.pk not in shown


def test_the_unread_count_is_one_query(reader, community):
    notification_for(reader, community=community)
    notification_for(reader, community=community, read_at=timezone.now())
    notification_for(reader)
    with assert_num_queries(1):
        assert selectors.unread_count(reader) == 2
    leave(reader, community)
    assert selectors.unread_count(reader) == 1


def test_notification_get_answers_404_for_others_and_for_what_one_no_longer_sees(
    reader, author, community
):
    theirs = notification_for(author, community=community)
    mine = notification_for(reader, community=community)
    assert selectors.notification_get(reader, mine.pk) == mine
    with pytest.raises(Http404):
        selectors.notification_get(reader, theirs.pk)
    leave(reader, community)
    with pytest.raises(Http404):
        selectors.notification_get(reader, mine.pk)


def test_follows_of_reads_every_target_and_whether_it_is_still_readable(
    reader, community, thread, leader
):
    tag = Tag.objects.create(name="Locums", slug="locums")
    services.follow_set(user=reader, target=community, frequency=Frequency.INSTANT)
    services.follow_set(user=reader, target=community, frequency=Frequency.DAILY, blog=True)
    services.follow_set(user=reader, target=thread, frequency=Frequency.WEEKLY)
    services.follow_set(user=reader, target=tag, frequency=Frequency.NEVER)
    with assert_num_queries(2):
        follows = selectors.follows_of(reader)
        kinds = {follow.kind: (follow.name, follow.url, follow.is_readable) for follow in follows}
    assert kinds == {
        "Community": ("Rural medicine", community.get_absolute_url(), True),
        "Blog": ("Blog of Rural medicine", f"/en/communities/{community.slug}/blog/", True),
        "Discussion": (thread.heading, thread.get_absolute_url(), True),
        "Tag": ("Locums", "", True),
    }
    leave(reader, community)
    readable = {follow.kind: follow.is_readable for follow in selectors.follows_of(reader)}
    assert readable == {"Community": False, "Blog": False, "Discussion": False, "Tag": True}


def test_email_frequencies_default_to_every_time(reader):
    EmailPreference.objects.create(
        user=reader, category=Category.MENTIONS, frequency=Frequency.WEEKLY
    )
    frequencies = selectors.email_frequencies(reader)
    assert frequencies[Category.MENTIONS] == Frequency.WEEKLY
    assert {frequencies[c] for c in Category if c != Category.MENTIONS} == {Frequency.INSTANT}
    assert selectors.follows_threads_i_post_in(reader) is True


def test_the_feed_owner_is_found_by_the_secret_only_while_the_account_is_open(reader):
    token = services.settings_for(reader).feed_token
    assert selectors.feed_owner(token) == reader
    for guess in ("", "nope", token[:-1]):
        with pytest.raises(Http404):
            selectors.feed_owner(guess)
    reader.deleted_at = timezone.now()
    reader.save(update_fields=["deleted_at"])
    with pytest.raises(Http404):
        selectors.feed_owner(token)


def test_the_community_feed_merges_what_is_new_by_date(reader, leader, author, community):
    older = make_thread(community, author, title="Older thread")
    Thread.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    post = make_post(community, leader, title="Middle post")
    link = make_link(make_collection(community, leader), leader, title="Newest link")
    items = selectors.community_feed_items(reader, community)
    titles = [item.title for item in items]
    assert titles.index("Newest link") < titles.index("Older thread")
    assert titles.index("Middle post") < titles.index("Older thread")
    by_title = {item.title: item for item in items}
    assert by_title["Middle post"].url == post.get_absolute_url()
    assert by_title["Newest link"].url == link.get_absolute_url()
    assert by_title["Older thread"].author == "dr-author"


def test_the_community_feed_shows_nothing_its_owner_may_not_read(
    reader, leader, author, community, other_community
):
    hidden = make_thread(community, author, title="Hidden")
    hidden.removed_at = timezone.now()
    hidden.save(update_fields=["removed_at"])
    make_post(community, leader, title="Draft", publication="draft")
    assert {"Hidden", "Draft"}.isdisjoint(
        item.title for item in selectors.community_feed_items(reader, community)
    )
    with pytest.raises(Http404):
        selectors.feed_community(reader, other_community.slug)
    with pytest.raises(Http404):
        selectors.feed_community(reader, "no-such-community")
    assert selectors.feed_community(reader, community.slug) == community


def test_the_notifications_feed_holds_the_newest_fifty(reader, community):
    made = [notification_for(reader, community=community) for _ in range(52)]
    items = selectors.notifications_feed_items(reader)
    assert len(items) == 50 and items[0] == made[-1]
    assert Notification.objects.filter(recipient=reader).count() == 52
