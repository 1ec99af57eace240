"""Private Atom feeds (NO-4): a person's notifications, and what is new in each community they
read, at addresses that hold a secret of theirs (``NotificationSettings.feed_token``).

A feed reader signs in to nothing, so the secret is the only key: a feed shows only what its
owner may see today, answers 404 once the secret is replaced, the account closed or the
community left, and is neither cached by others nor indexed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.translation import gettext as _

from collegium.accounts.models import User
from collegium.blogs.feeds import ContentAtomFeed
from collegium.communities.models import Community
from collegium.notifications import selectors
from collegium.notifications.kinds import describe, localized
from collegium.notifications.models import Notification
from collegium.notifications.selectors import FeedItem


class _PrivateFeed(Feed):
    feed_type = ContentAtomFeed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        # The address is the key: no shared cache may keep what is behind it.
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
        return response


class NotificationsFeed(_PrivateFeed):
    """The person's notifications, newest first."""

    def get_object(self, request: HttpRequest, token: str) -> User:
        return selectors.feed_owner(token)

    def title(self, obj: User) -> str:
        return _("Notifications of %(username)s") % {"username": obj.username}

    def link(self, obj: User) -> str:
        return reverse("notifications:list")

    def subtitle(self, obj: User) -> str:
        return _("What you were told on the platform. This address is private: keep it secret.")

    def items(self, obj: User) -> list[Notification]:
        return selectors.notifications_feed_items(obj)

    def item_title(self, item: Notification) -> str:
        return describe(item.kind, item.params)

    def item_link(self, item: Notification) -> str:
        path = localized(item.link)
        return path if path.startswith("/") else reverse("notifications:list")

    def item_guid(self, item: Notification) -> str:
        return f"urn:collegium:notification:{item.pk}"

    def item_guid_is_permalink(self, item: Notification) -> bool:
        return False

    def item_description(self, item: Notification) -> str:
        return escape(item.excerpt)  # Atom's summary is HTML; the excerpt is plain text

    def item_pubdate(self, item: Notification) -> datetime:
        return item.created_at

    def item_categories(self, item: Notification) -> list[str]:
        return [item.community.name] if item.community is not None else []


class CommunityFeed(_PrivateFeed):
    """What is new in one community the person reads: discussions, blog posts, resources."""

    def get_object(self, request: HttpRequest, token: str, slug: str) -> tuple[User, Community]:
        owner = selectors.feed_owner(token)
        return owner, selectors.feed_community(owner, slug)

    def title(self, obj: tuple[User, Community]) -> str:
        return _("What is new in %(community)s") % {"community": obj[1].name}

    def link(self, obj: tuple[User, Community]) -> str:
        return obj[1].get_absolute_url()

    def subtitle(self, obj: tuple[User, Community]) -> str:
        return _(
            "New discussions, blog posts and resources. This address is private: keep it secret."
        )

    def items(self, obj: tuple[User, Community]) -> list[FeedItem]:
        return selectors.community_feed_items(*obj)

    def item_title(self, item: FeedItem) -> str:
        return item.title

    def item_link(self, item: FeedItem) -> str:
        return item.url

    def item_guid(self, item: FeedItem) -> str:
        return f"urn:collegium:{item.guid}"

    def item_guid_is_permalink(self, item: FeedItem) -> bool:
        return False

    def item_description(self, item: FeedItem) -> str:
        return escape(item.description)

    def item_author_name(self, item: FeedItem) -> str:
        return item.author

    def item_pubdate(self, item: FeedItem) -> datetime:
        return item.published_at

    def item_categories(self, item: FeedItem) -> list[str]:
        return [item.category] if item.category else []

    def item_extra_kwargs(self, item: FeedItem) -> dict[str, Any]:
        return {"lang": item.lang} if item.lang else {}
