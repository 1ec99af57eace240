"""Background work of the blogs."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab())
def publish_scheduled_posts() -> int:
    """Every minute: publish the scheduled posts whose time has come (CT-2)."""
    from collegium.blogs import services

    return services.blog_posts_publish_due()
