"""The forums' part of "download my data" and "delete my account" (SPEC ID-6)."""

from __future__ import annotations

import zipfile
from typing import Any

from collegium.accounts.models import User
from collegium.forums import services
from collegium.forums.models import Post, Reaction


def export(user: User, archive: zipfile.ZipFile) -> dict[str, Any]:
    posts = (
        Post.objects.filter(author=user, deleted_at__isnull=True)
        .select_related("thread__community")
        .order_by("created_at")
    )
    return {
        "posts": [
            {
                "community": post.thread.community.slug,
                "thread": post.thread.title,
                "thread_id": post.thread_id,
                "opens_thread": post.is_opening,
                "text": post.body,
                "posted_at": post.created_at,
                "edited_at": post.edited_at,
            }
            for post in posts.iterator(chunk_size=2000)
        ],
        "found_helpful": list(Reaction.objects.filter(user=user).values_list("post_id", flat=True)),
    }


def erase(user: User, erase_content: bool) -> None:
    if erase_content:
        services.posts_erase(user=user)
