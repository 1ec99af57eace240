"""Atom feeds of public blogs (SPEC NO-4): one per community, and the site's latest posts.

Only blogs a community publishes to everyone have a feed; any other address answers 404 to
everyone, members included (private feeds with a per-user secret come later)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from collegium.blogs import selectors
from collegium.blogs.models import BlogPost, guest_disclaimer
from collegium.communities import selectors as community_selectors
from collegium.communities.models import Community


class ContentAtomFeed(Atom1Feed):
    """Atom with each entry's full HTML as ``<content>`` and its language as ``xml:lang``."""

    def item_attributes(self, item: dict[str, Any]) -> dict[str, str]:
        attributes = super().item_attributes(item)
        if item.get("lang"):
            attributes["xml:lang"] = item["lang"]
        return attributes

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


def _byline(post: BlogPost) -> str:
    if post.is_guest_post:
        if post.guest_member is not None:
            return post.guest_member.username
        return post.guest_author_name
    return post.author.username if post.author else _("Former member")


class _PostFeed(Feed):
    feed_type = ContentAtomFeed

    def _language(self) -> str:
        return get_language() or "en"

    def item_title(self, item: BlogPost) -> str:
        return item.text_in(item.reading_language(self._language()))["title"]

    def item_link(self, item: BlogPost) -> str:
        return item.get_absolute_url()

    def item_description(self, item: BlogPost) -> str:
        shown = item.text_in(item.reading_language(self._language()))
        summary = escape(shown["summary"])
        if item.is_guest_post:
            disclaimer = escape(guest_disclaimer(self._language()))
            return f"{disclaimer} {summary}".strip()
        return summary

    def item_author_name(self, item: BlogPost) -> str:
        return _byline(item)

    def item_pubdate(self, item: BlogPost) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: BlogPost) -> datetime:
        return item.updated_at

    def item_categories(self, item: BlogPost) -> list[str]:
        return [tag.name for tag in item.tags.all()]

    def item_extra_kwargs(self, item: BlogPost) -> dict[str, Any]:
        language = self._language()
        lang = item.reading_language(language)
        content = item.text_in(lang)["body_html"]
        if item.is_guest_post:
            disclaimer = escape(guest_disclaimer(language))
            content = f'<p><em lang="{language}">{disclaimer}</em></p>\n{content}'
        return {"content": content, "lang": lang}


class CommunityBlogFeed(_PostFeed):
    """The Atom feed of one community's public blog."""

    def get_object(self, request: HttpRequest, slug: str) -> Community:
        # Read as the public: a feed is the same for everyone who asks (SPEC §0).
        return community_selectors.community_get(viewer=AnonymousUser(), slug=slug)

    def title(self, obj: Community) -> str:
        return _("%(community)s · blog") % {"community": obj.name}

    def link(self, obj: Community) -> str:
        return reverse("blogs:community_blog", kwargs={"slug": obj.slug})

    def subtitle(self, obj: Community) -> str:
        return _("The latest posts of the blog of %(community)s.") % {"community": obj.name}

    def items(self, obj: Community) -> list[BlogPost]:
        return selectors.public_feed_posts(community=obj)


class LatestPostsFeed(_PostFeed):
    """The Atom feed of the latest posts of every public blog."""

    def title(self) -> str:
        return _("Latest blog posts")

    def link(self) -> str:
        return reverse("blogs:latest")

    def subtitle(self) -> str:
        return _("The latest posts of the blogs that communities publish to everyone.")

    def items(self) -> list[BlogPost]:
        return selectors.public_feed_posts()
