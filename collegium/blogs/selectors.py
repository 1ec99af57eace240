"""Reads of the blogs, given the viewer, in a fixed number of queries (CT-2, scale).

Lists are read by keyset on (published_at, id), never by offset."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from collegium import permissions
from collegium.blogs.choices import PostStatus
from collegium.blogs.models import BlogComment, BlogPost
from collegium.communities.models import Community
from collegium.core.models import Tag
from collegium.core.pagination import decode_cursor, encode_cursor

if TYPE_CHECKING:
    from collegium.permissions import Viewer

POSTS_PER_PAGE = 20
FEED_ENTRIES = 30
COMMENTS_SHOWN = 500


@dataclass
class PostPage:
    posts: list[BlogPost]
    next_cursor: str = ""
    tag: Tag | None = None


def _with_list_relations(queryset: QuerySet[BlogPost]) -> QuerySet[BlogPost]:
    return queryset.select_related("author", "guest_member", "cover").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.only("pk", "name", "slug"))
    )


def _page(queryset: QuerySet[BlogPost], cursor: str) -> tuple[list[BlogPost], str]:
    position = decode_cursor(cursor)
    if position is not None:
        published_at, pk = position
        queryset = queryset.filter(published_at__lte=published_at).filter(
            Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=pk)
        )
    posts = list(
        _with_list_relations(queryset).order_by("-published_at", "-pk")[: POSTS_PER_PAGE + 1]
    )
    if len(posts) > POSTS_PER_PAGE:
        posts = posts[:POSTS_PER_PAGE]
        last = posts[-1]
        assert last.published_at is not None  # a published post has its date
        return posts, encode_cursor(last.published_at, last.pk)
    return posts, ""


def blog_post_list(
    *, viewer: Viewer, community: Community, tag: str = "", cursor: str = ""
) -> PostPage:
    """A page of a community's published posts, newest first, perhaps of one tag."""
    if not permissions.can_read_blog(viewer, community):
        raise Http404
    queryset = permissions.visible_blog_posts(viewer, BlogPost.objects.filter(community=community))
    found_tag = None
    if tag:
        found_tag = Tag.objects.filter(slug=tag).first()
        if found_tag is None:
            return PostPage(posts=[])
        queryset = queryset.filter(tags=found_tag)
    posts, next_cursor = _page(queryset, cursor)
    for post in posts:
        post.community = community  # their addresses need the slug: no query per row
    return PostPage(posts=posts, next_cursor=next_cursor, tag=found_tag)


def community_recent_posts(
    *, viewer: Viewer, community: Community, limit: int = 3
) -> list[BlogPost]:
    """The latest published posts for a community's overview; empty for those who may not read
    the blog."""
    if not permissions.can_read_blog(viewer, community):
        return []
    queryset = permissions.visible_blog_posts(viewer, BlogPost.objects.filter(community=community))
    posts = list(queryset.order_by("-published_at", "-id")[:limit])
    for post in posts:
        post.community = community
    return posts


def blog_unpublished_posts(*, viewer: Viewer, community: Community) -> list[BlogPost]:
    """The drafts and scheduled posts the viewer may edit, for the writers' own section."""
    if not permissions.can_write_blog(viewer, community):
        return []
    queryset = BlogPost.objects.filter(
        community=community,
        status__in=[PostStatus.DRAFT, PostStatus.SCHEDULED],
        deleted_at__isnull=True,
    )
    if not permissions.can_write_association_post(viewer):
        queryset = queryset.filter(is_association_post=False)
    posts = list(queryset.select_related("author").order_by("-updated_at", "-pk")[:100])
    for post in posts:
        post.community = community
    return posts


def latest_posts(*, viewer: Viewer, cursor: str = "") -> PostPage:
    """The latest posts of every blog the viewer may read, newest first (site-wide)."""
    queryset = permissions.visible_blog_posts(viewer, BlogPost.objects.all()).select_related(
        "community"
    )
    posts, next_cursor = _page(queryset, cursor)
    return PostPage(posts=posts, next_cursor=next_cursor)


def blog_post_get(*, viewer: Viewer, community: Community, post_slug: str) -> BlogPost:
    """A post the viewer may read, or 404 (drafts only for those who may edit them)."""
    post = (
        BlogPost.objects.select_related("author", "guest_member", "cover")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("pk", "name", "slug")))
        .filter(community=community, slug=post_slug)
        .first()
    )
    if post is None:
        raise Http404
    post.community = community  # keeps the viewer's membership attached by community_get
    permissions.check_read_blog_post(viewer, post)
    return post


def blog_post_comments(*, viewer: Viewer, post: BlogPost) -> list[BlogComment] | None:
    """A post's comments in order, or None for those who may not read them (the public)."""
    if not permissions.can_read_comments(viewer, post.community):
        return None
    comments = list(
        BlogComment.objects.filter(post=post)
        .select_related("author")
        .order_by("created_at", "pk")[:COMMENTS_SHOWN]
    )
    for comment in comments:
        comment.post = post
    return comments


def blog_comment_get(*, viewer: Viewer, post: BlogPost, comment_id: int) -> BlogComment:
    """A comment of a post the viewer may read comments of, or 404."""
    if not permissions.can_read_comments(viewer, post.community):
        raise Http404
    comment = BlogComment.objects.select_related("author").filter(pk=comment_id, post=post).first()
    if comment is None:
        raise Http404
    comment.post = post
    return comment


def public_feed_posts(*, community: Community | None = None) -> list[BlogPost]:
    """The latest posts of public blogs (one, or all): what the Atom feeds carry (NO-4).

    Read as the public would: whoever asks, the feed holds public posts only."""
    queryset = permissions.visible_blog_posts(AnonymousUser(), BlogPost.objects.all())
    if community is not None:
        if not permissions.blog_is_public(community):
            raise Http404
        queryset = queryset.filter(community=community)
    posts = list(
        _with_list_relations(queryset.select_related("community")).order_by("-published_at", "-pk")[
            :FEED_ENTRIES
        ]
    )
    return posts
