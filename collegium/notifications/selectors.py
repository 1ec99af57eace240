"""Reads of notifications, given the viewer: the list and its unread count, what someone
follows and their email choices, and the items of the private feeds (NO-1, NO-2, NO-4).

Each reads what the viewer may see through ``permissions.visible_*``, in a fixed number of
queries whatever the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from collegium import permissions
from collegium.communities.choices import CommunityStatus, MembershipStatus
from collegium.core.pagination import decode_cursor, encode_cursor
from collegium.notifications.choices import Category, Frequency
from collegium.notifications.models import (
    EmailPreference,
    Notification,
    NotificationSettings,
    Subscription,
)

if TYPE_CHECKING:
    from collegium.accounts.models import User
    from collegium.communities.models import Community

NOTIFICATIONS_PER_PAGE = 30
FEED_ENTRIES = 50
# The categories someone chooses an email frequency for on the preferences page: what they
# follow has a frequency of its own, per follow.
EMAIL_CATEGORIES = [category for category in Category if category != Category.FOLLOWED]


# The list and the bell (NO-1) ------------------------------------------------------------------


@dataclass
class NotificationPage:
    notifications: list[Notification]
    next_cursor: str = ""


def _visible(user: User) -> QuerySet[Notification]:
    return permissions.visible_notifications(user, Notification.objects.all())


def notifications_page(user: User, cursor: str = "") -> NotificationPage:
    """A page of the person's notifications, newest first, minus those about communities they
    can no longer read; read by keyset on the id, never by offset."""
    queryset = _visible(user).select_related("community")
    position = decode_cursor(cursor)
    if position is not None:
        queryset = queryset.filter(pk__lt=position[1])
    notifications = list(queryset.order_by("-pk")[: NOTIFICATIONS_PER_PAGE + 1])
    if len(notifications) <= NOTIFICATIONS_PER_PAGE:
        return NotificationPage(notifications=notifications)
    notifications = notifications[:NOTIFICATIONS_PER_PAGE]
    last = notifications[-1]
    return NotificationPage(
        notifications=notifications, next_cursor=encode_cursor(last.created_at, last.pk)
    )


def notification_get(user: User, notification_id: int) -> Notification:
    """One of the person's notifications that they may still see, or 404."""
    notification = _visible(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return notification


def unread_count(user: User) -> int:
    """How many of the person's visible notifications are unread: the bell (one query)."""
    return _visible(user).filter(read_at__isnull=True).count()


# What someone follows, and their email choices (NO-2) -----------------------------------------


@dataclass
class Follow:
    """One follow as the preferences page shows it."""

    subscription: Subscription
    kind: str  # what it is, in the reader's words
    name: str
    url: str
    is_readable: bool  # False: the person lost access to where it is (they hear nothing of it)

    @property
    def pk(self) -> int:
        return self.subscription.pk

    @property
    def frequency(self) -> str:
        return self.subscription.frequency


def _follow(subscription: Subscription, viewer: User) -> Follow:
    field = subscription.target_field
    target: Any = subscription.target
    if field == "thread":
        return Follow(
            subscription,
            pgettext("followed item", "Discussion"),
            target.heading,
            target.get_absolute_url(),
            permissions.can_follow(viewer, target),
        )
    if field == "blog":
        return Follow(
            subscription,
            pgettext("followed item", "Blog"),
            _("Blog of %(community)s") % {"community": target.name},
            reverse("blogs:community_blog", kwargs={"slug": target.slug}),
            permissions.can_follow_blog(viewer, target),
        )
    if field == "tag":
        # A tag has no page of its own; what one hears of it is limited to what one reads.
        return Follow(subscription, pgettext("followed item", "Tag"), target.name, "", True)
    return Follow(
        subscription,
        pgettext("followed item", "Community"),
        target.name,
        target.get_absolute_url(),
        permissions.can_follow(viewer, target),
    )


def follows_of(user: User) -> list[Follow]:
    """Everything the person follows, each with its target and whether they may still read
    it, in two queries whatever the number."""
    from collegium.communities.selectors import attach_viewer_membership

    subscriptions = list(
        Subscription.objects.filter(user=user)
        .select_related("community", "blog", "thread__community", "tag")
        .order_by("-created_at", "-pk")
    )
    communities = [
        community
        for subscription in subscriptions
        for community in (
            subscription.community,
            subscription.blog,
            subscription.thread.community if subscription.thread else None,
        )
        if community is not None
    ]
    if communities:
        # The policy reads the membership from each community: one query for all of them.
        attach_viewer_membership(communities, user)
    return [_follow(subscription, user) for subscription in subscriptions]


def email_frequencies(user: User) -> dict[str, str]:
    """How often the person hears by email of each category of what concerns them; a category
    without a choice is "every time"."""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("category", "frequency"))
    return {category.value: chosen.get(category.value, Frequency.INSTANT) for category in Category}


def follows_threads_i_post_in(user: User) -> bool:
    found = (
        NotificationSettings.objects.filter(user=user)
        .values_list("follow_threads_i_post_in", flat=True)
        .first()
    )
    return True if found is None else bool(found)


def subscription_of(user: Any, target: Model, *, blog: bool = False) -> Subscription | None:
    """The person's follow of one thing, if any (the follow control: one query)."""
    from collegium.forums.models import Thread

    if isinstance(target, Thread):
        field = "thread"
    elif target._meta.model_name == "tag":
        field = "tag"
    else:
        field = "blog" if blog else "community"
    return Subscription.objects.filter(user=user.pk, **{field: target.pk}).first()


def follow_target(kind: str, target_id: int) -> Model:
    """The thing a follow form names, or 404; whether the person may follow it is the
    service's to say."""
    from collegium.communities.models import Community
    from collegium.core.models import Tag
    from collegium.forums.models import Thread

    found: Model | None
    if kind in {"community", "blog"}:
        found = Community.objects.filter(pk=target_id).first()
    elif kind == "thread":
        found = Thread.objects.select_related("community").filter(pk=target_id).first()
    elif kind == "tag":
        found = Tag.objects.filter(pk=target_id).first()
    else:
        found = None
    if found is None:
        raise Http404
    return found


def tags_to_follow() -> QuerySet[Any]:
    from collegium.core.models import Tag

    return Tag.objects.order_by("name", "pk")


def communities_with_feeds(user: User) -> list[Community]:
    """The communities the person takes part in, each of which has a private feed for them."""
    from collegium.communities.models import Community

    return list(
        Community.objects.filter(
            memberships__user=user, memberships__status=MembershipStatus.ACTIVE
        )
        .exclude(status=CommunityStatus.PROPOSED)
        .order_by("name", "pk")
    )


# Private feeds (NO-4) --------------------------------------------------------------------------


def feed_owner(token: str) -> User:
    """Whose private feed a secret address is, or 404: an unknown or replaced secret, or an
    account that is closed."""
    found = (
        NotificationSettings.objects.select_related("user")
        .filter(feed_token=token, user__is_active=True, user__deleted_at__isnull=True)
        .first()
        if token
        else None
    )
    if found is None:
        raise Http404
    return found.user


def feed_community(owner: User, slug: str) -> Community:
    """A community whose content the feed's owner still reads, or 404."""
    from collegium.communities.models import Community

    community = Community.objects.filter(slug=slug).exclude(status=CommunityStatus.PROPOSED).first()
    if community is None or not permissions.can_read_community_content(owner, community):
        raise Http404
    return community


@dataclass
class FeedItem:
    """One entry of a private feed."""

    guid: str
    title: str
    url: str
    published_at: datetime
    description: str = ""
    author: str = ""
    lang: str = ""
    category: str = ""


def notifications_feed_items(user: User) -> list[Notification]:
    """The person's newest notifications that they may still see."""
    return list(_visible(user).select_related("community").order_by("-pk")[:FEED_ENTRIES])


def _username(person: Any) -> str:
    return person.username if person is not None else _("Former member")


def community_feed_items(user: User, community: Community) -> list[FeedItem]:
    """What is new in a community that its feed's owner may read: discussions, blog posts and
    resources, newest first (three queries)."""
    from collegium.blogs.models import BlogPost
    from collegium.forums.models import Thread
    from collegium.resources.models import Resource

    threads = (
        permissions.visible_threads(user, Thread.objects.filter(community=community))
        .select_related("author")
        .order_by("-created_at", "-pk")[:FEED_ENTRIES]
    )
    posts = (
        permissions.visible_blog_posts(user, BlogPost.objects.filter(community=community))
        .select_related("author", "guest_member")
        .order_by("-published_at", "-pk")[:FEED_ENTRIES]
    )
    resources = (
        permissions.visible_resources(
            user, Resource.objects.filter(collection__community=community)
        )
        .select_related("added_by", "collection")
        .order_by("-created_at", "-pk")[:FEED_ENTRIES]
    )
    items: list[FeedItem] = []
    for thread in threads:
        thread.community = community  # its address needs the slug: no query per row
        items.append(
            FeedItem(
                guid=f"thread-{thread.pk}",
                title=thread.heading,
                url=thread.get_absolute_url(),
                published_at=thread.created_at,
                author=_username(thread.author),
                lang=community.language if community.language in {"en", "fr"} else "",
                category=pgettext("followed item", "Discussion"),
            )
        )
    for post in posts:
        post.community = community
        lang = post.heading_language
        if post.is_guest_post:
            byline = post.guest_member.username if post.guest_member else post.guest_author_name
        else:
            byline = _username(post.author)
        assert post.published_at is not None  # a published post has its date
        items.append(
            FeedItem(
                guid=f"blog-post-{post.pk}",
                title=post.heading,
                url=post.get_absolute_url(),
                published_at=post.published_at,
                description=post.text_in(lang)["summary"],
                author=byline,
                lang=lang,
                category=pgettext("followed item", "Blog"),
            )
        )
    for resource in resources:
        resource.collection.community = community
        items.append(
            FeedItem(
                guid=f"resource-{resource.pk}",
                title=resource.title,
                url=resource.get_absolute_url(),
                published_at=resource.created_at,
                description=resource.description,
                author=_username(resource.added_by),
                lang=resource.language if resource.language in {"en", "fr"} else "",
                category=pgettext("followed item", "Resource"),
            )
        )
    items.sort(key=lambda item: item.published_at, reverse=True)
    return items[:FEED_ENTRIES]
