"""Reads of the forums, given the viewer, in a fixed number of queries (CT-1, scale).

Lists and threads are read by keyset (a position or a (time, id) pair), never by offset, so the
hundred-thousandth thread and the ten-thousandth reply cost what the first ones do."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from collegium import permissions
from collegium.communities.models import Community
from collegium.core.models import Tag
from collegium.core.pagination import decode_cursor, encode_cursor
from collegium.forums.choices import ThreadKind, ThreadListing
from collegium.forums.models import Post, PostRevision, Reaction, Thread

if TYPE_CHECKING:
    from collegium.permissions import Viewer

THREADS_PER_PAGE = 30
POSTS_PER_PAGE = 30


@dataclass(frozen=True)
class ThreadFilters:
    listing: str = ThreadListing.LATEST
    tag: str = ""
    cursor: str = ""


@dataclass
class ThreadPage:
    threads: list[Thread]
    pinned: list[Thread] = field(default_factory=list)
    next_cursor: str = ""
    tag: Tag | None = None


@dataclass
class PostPage:
    posts: list[Post]
    opening: Post | None = None
    verified: list[Post] = field(default_factory=list)
    suggested: list[Post] = field(default_factory=list)
    next_after: int | None = None
    previous_after: int | None = None
    helpful: set[int] = field(default_factory=set)


def _with_list_relations(queryset: QuerySet[Thread]) -> QuerySet[Thread]:
    return queryset.select_related("author", "last_post_author").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.only("pk", "name", "slug"))
    )


def thread_list(*, viewer: Viewer, community: Community, filters: ThreadFilters) -> ThreadPage:
    """A page of a community's threads, newest activity first; pinned ones lead "latest"."""
    if not permissions.can_read_community_content(viewer, community):
        raise Http404
    base = permissions.visible_threads(viewer, Thread.objects.filter(community=community))
    tag = None
    if filters.tag:
        tag = Tag.objects.filter(slug=filters.tag).first()
        if tag is None:
            return ThreadPage(threads=[])
        base = base.filter(tags=tag)
    if filters.listing == ThreadListing.UNANSWERED:
        base = base.filter(kind=ThreadKind.QUESTION, verified_answer_count=0)
    elif filters.listing == ThreadListing.MINE:
        base = base.filter(author=getattr(viewer, "pk", None))

    pinned: list[Thread] = []
    rows = base
    if filters.listing == ThreadListing.LATEST and not filters.tag:
        # ``__in`` writes ``is_pinned IN (…)``, an equality the index can seek on; SQLite reads
        # ``NOT is_pinned`` as a filter and would sort every thread of the community instead.
        if not filters.cursor:
            pinned = list(
                _with_list_relations(base.filter(is_pinned__in=[True])).order_by(
                    "-last_posted_at", "-pk"
                )[:10]
            )
        rows = base.filter(is_pinned__in=[False])
    position = decode_cursor(filters.cursor)
    if position is not None:
        posted_at, pk = position
        # The first condition bounds the index range; the OR picks the rows after the cursor.
        rows = rows.filter(last_posted_at__lte=posted_at).filter(
            Q(last_posted_at__lt=posted_at) | Q(last_posted_at=posted_at, pk__lt=pk)
        )
    threads = list(
        _with_list_relations(rows).order_by("-last_posted_at", "-pk")[: THREADS_PER_PAGE + 1]
    )
    for thread in [*threads, *pinned]:
        thread.community = community  # their addresses need the slug: no query per row
    next_cursor = ""
    if len(threads) > THREADS_PER_PAGE:
        threads = threads[:THREADS_PER_PAGE]
        next_cursor = encode_cursor(threads[-1].last_posted_at, threads[-1].pk)
    return ThreadPage(threads=threads, pinned=pinned, next_cursor=next_cursor, tag=tag)


def thread_get(*, viewer: Viewer, community: Community, thread_id: int) -> Thread:
    """A thread the viewer may read, or 404 (private things do not reveal that they exist)."""
    thread = (
        Thread.objects.select_related("community", "author", "closed_by")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("pk", "name", "slug")))
        .filter(pk=thread_id, community=community)
        .first()
    )
    if thread is None:
        raise Http404
    thread.community = community  # keeps the viewer's membership attached by community_get
    permissions.check_read_thread(viewer, thread)
    return thread


POST_PAGE_FIELDS = (
    *(f.name for f in Post._meta.concrete_fields if f.name not in {"body", "submission_key"}),
    "author__username",
    "author__is_active",
    "reply_to__author_id",
    "reply_to__deleted_at",
    "reply_to__author__username",
    "reply_to__author__is_active",
    "verified_by__username",
    "suggested_by__username",
)


def _with_post_relations(queryset: QuerySet[Post]) -> QuerySet[Post]:
    # Only the columns a page shows: compiling and reading four whole user rows per post
    # cost more than the queries themselves.
    return queryset.select_related(
        "author", "reply_to__author", "verified_by", "suggested_by"
    ).only(*POST_PAGE_FIELDS)


def thread_posts(*, viewer: Viewer, thread: Thread, after: int | None = None) -> PostPage:
    """A page of a thread: on the first, the opening post and the answers (verified first,
    with who verified them, then suggested); then the conversation by position (CT-1)."""
    first_page = not after
    start = after or 0
    conversation = list(
        _with_post_relations(
            Post.objects.filter(thread=thread, position__gt=start).order_by("position")
        )[: POSTS_PER_PAGE + 1]
    )
    page = PostPage(posts=conversation)
    if len(conversation) > POSTS_PER_PAGE:
        page.posts = conversation[:POSTS_PER_PAGE]
        page.next_after = page.posts[-1].position
    if start > 0:
        page.previous_after = max(start - POSTS_PER_PAGE, 0)
    if first_page and thread.is_question:
        answers = list(
            _with_post_relations(
                Post.objects.filter(
                    thread=thread, position__gt=0, deleted_at__isnull=True, removed_at__isnull=True
                )
                .filter(Q(verified_at__isnull=False) | Q(suggested_at__isnull=False))
                .order_by("position")
            )[:50]
        )
        page.verified = sorted(
            (post for post in answers if post.verified_at),
            key=lambda post: post.verified_at or post.created_at,
        )
        page.suggested = [post for post in answers if not post.verified_at]
    if first_page:
        page.opening = _with_post_relations(Post.objects.filter(thread=thread, position=0)).first()
    shown = [post.pk for post in [*page.posts, *page.verified, *page.suggested]]
    if page.opening is not None:
        shown.append(page.opening.pk)
    viewer_pk = getattr(viewer, "pk", None)
    if viewer_pk is not None and shown:
        page.helpful = set(
            Reaction.objects.filter(user=viewer_pk, post__in=shown).values_list(
                "post_id", flat=True
            )
        )
    for post in [*page.posts, *page.verified, *page.suggested]:
        post.thread = thread
    if page.opening is not None:
        page.opening.thread = thread
    return page


def post_get(*, viewer: Viewer, community: Community, post_id: int) -> Post:
    """A post the viewer may read (its thread visible), or 404."""
    post = (
        Post.objects.select_related("thread__community", "author", "reply_to__author")
        .filter(pk=post_id, thread__community=community)
        .first()
    )
    if post is None:
        raise Http404
    post.thread.community = community
    permissions.check_read_thread(viewer, post.thread)
    return post


def post_page_after(*, post: Post) -> int | None:
    """The keyset value (``after``) of the thread page that shows this post."""
    if post.position <= POSTS_PER_PAGE:
        return None
    return ((post.position - 1) // POSTS_PER_PAGE) * POSTS_PER_PAGE


def post_revisions(*, viewer: Viewer, post: Post) -> QuerySet[PostRevision]:
    """Earlier versions of a post, for its author and the community's moderators (CT-1)."""
    if not permissions.can_view_post_history(viewer, post):
        raise Http404
    return post.revisions.select_related("replaced_by").order_by("-version")


def community_recent_threads(
    *, viewer: Viewer, community: Community, limit: int = 5
) -> list[Thread]:
    """The latest threads for a community's overview; empty for those who may not read them."""
    if not permissions.can_read_community_content(viewer, community):
        return []
    threads = list(
        permissions.visible_threads(viewer, Thread.objects.filter(community=community))
        .select_related("last_post_author")
        .order_by("-last_posted_at", "-pk")[:limit]
    )
    for thread in threads:
        thread.community = community
    return threads
