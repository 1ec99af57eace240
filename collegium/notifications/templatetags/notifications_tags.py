"""``{% follow_control target %}``: the "Email me … Follow" form of a community, its blog
(``blog=True``), a discussion or a tag, with the viewer's current choice (NO-2); and the
sentence of a notification in the reader's language (NO-1)."""

from __future__ import annotations

from typing import Any

from django import template

from collegium import permissions
from collegium.notifications import selectors
from collegium.notifications.choices import Frequency
from collegium.notifications.kinds import describe
from collegium.notifications.models import Notification

register = template.Library()


def _kind(target: Any, blog: bool) -> str:
    name = target._meta.model_name
    if name == "community":
        return "blog" if blog else "community"
    return str(name)


@register.inclusion_tag("notifications/components/follow_control.html", takes_context=True)
def follow_control(context: dict[str, Any], target: Any, blog: bool = False) -> dict[str, Any]:
    """Nothing for those who may not follow it; else one query, for their current choice."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    if target is None or viewer is None or not viewer.is_authenticated:
        return {"show": False}
    may_follow = (
        permissions.can_follow_blog(viewer, target)
        if blog
        else permissions.can_follow(viewer, target)
    )
    if not may_follow:
        return {"show": False}
    subscription = selectors.subscription_of(viewer, target, blog=blog)
    current = subscription.frequency if subscription is not None else Frequency.NEVER
    is_following = current != Frequency.NEVER
    kind = _kind(target, blog)
    return {
        "show": True,
        "kind": kind,
        "target_id": target.pk,
        "prefix": f"follow-{kind}-{target.pk}",
        "current": current if is_following else Frequency.INSTANT,
        "is_following": is_following,
        "frequencies": Frequency.choices,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def notification_text(notification: Notification) -> str:
    """The notification in a sentence, in the current language."""
    return describe(notification.kind, notification.params)
