"""Background work of the blogs."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_periodic_task(crontab())
def publish_scheduled_posts() -> int:
    """Every minute: publish the scheduled posts whose time has come (CT-2)."""
    from collegium.blogs import services

    return services.blog_posts_publish_due()


@db_task(retries=3, retry_delay=30)
def notify_blog_post_published(post_id: int) -> None:
    """A post is published (NO-1): the followers of its community, of its blog and of its tags
    are told, once, however often it is published again (the fan-out's key)."""
    from collegium import permissions
    from collegium.blogs.choices import PostStatus
    from collegium.blogs.models import BlogPost
    from collegium.moderation.choices import TargetKind
    from collegium.notifications.choices import Audience, Kind
    from collegium.notifications.kinds import in_each_language
    from collegium.notifications.services import Event, Followed, excerpt_of, followers_notify

    post = BlogPost.objects.select_related("community", "author").filter(pk=post_id).first()
    if (
        post is None
        or post.status != PostStatus.PUBLISHED
        or post.deleted_at is not None
        or post.removed_at is not None
    ):
        return
    community = post.community
    # An association post is written in both languages: the excerpt is in the community's.
    own = post.text_in(post.language)
    event = Event(
        kind=Kind.NEW_BLOG_POST,
        link=in_each_language(post.get_absolute_url),
        params={
            "actor": post.author.username if post.author is not None else "",
            "title": in_each_language(lambda: post.heading),
            "community": in_each_language(lambda: community.name),
        },
        community_id=community.pk,
        audience=(
            Audience.PUBLIC_BLOG if permissions.blog_is_public(community) else Audience.PARTICIPANTS
        ),
        actor_id=post.author_id,
        target_kind=TargetKind.BLOG_POST,
        target_id=post.pk,
        excerpt=excerpt_of(own["summary"] or own["body_html"]),
    )
    followed = [Followed("community", community.pk), Followed("blog", community.pk)]
    followed += [Followed("tag", tag_id) for tag_id in post.tags.values_list("pk", flat=True)]
    followers_notify(event, followed, key=f"blog_post:{post.pk}")
