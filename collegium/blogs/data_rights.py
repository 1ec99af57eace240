"""The blogs' part of "download my data" and "delete my account" (SPEC ID-6)."""

from __future__ import annotations

import zipfile
from typing import Any

from collegium.accounts.models import User
from collegium.blogs import services
from collegium.blogs.models import LANGUAGES, BlogComment, BlogPost


def export(user: User, archive: zipfile.ZipFile) -> dict[str, Any]:
    posts = (
        BlogPost.objects.filter(author=user, deleted_at__isnull=True)
        .select_related("community")
        .order_by("created_at")
    )
    comments = (
        BlogComment.objects.filter(author=user, deleted_at__isnull=True)
        .select_related("post__community")
        .order_by("created_at")
    )
    return {
        "posts": [
            {
                "community": post.community.slug,
                "slug": post.slug,
                "status": post.status,
                "is_association_post": post.is_association_post,
                "is_guest_post": post.is_guest_post,
                "texts": {
                    language: {
                        key: value
                        for key, value in post.text_in(language).items()
                        if key != "body_html"
                    }
                    for language in (LANGUAGES if post.is_association_post else (post.language,))
                },
                "created_at": post.created_at,
                "published_at": post.published_at,
            }
            for post in posts.iterator(chunk_size=2000)
        ],
        "comments": [
            {
                "community": comment.post.community.slug,
                "post": comment.post.slug,
                "text": comment.body,
                "posted_at": comment.created_at,
                "edited_at": comment.edited_at,
            }
            for comment in comments.iterator(chunk_size=2000)
        ],
    }


def erase(user: User, erase_content: bool) -> None:
    if erase_content:
        services.blog_content_erase(user=user)
