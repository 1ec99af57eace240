"""``{% moderation_links kind item %}``: the "Report" and "Moderate" links of one item, for the
pages that show a single blog post, resource or profile (MO-1, MO-2)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from collegium import permissions
from collegium.moderation.targets import target_for

register = template.Library()


@register.inclusion_tag("moderation/components/item_links.html", takes_context=True)
def moderation_links(context: dict[str, Any], kind: str, obj: Any) -> dict[str, Any]:
    viewer = context["request"].user
    target = target_for(kind)
    may_report = not target.is_deleted(obj) and permissions.can_report(
        viewer, obj, readable=True, author_id=target.author_id(obj)
    )
    may_moderate = permissions.can_moderate_item(viewer, target.community(obj))
    return {
        "report_url": reverse("moderation:report", args=[kind, obj.pk]) if may_report else "",
        "moderate_url": reverse("moderation:item", args=[kind, obj.pk]) if may_moderate else "",
        "report_email": context.get("report_email", ""),
    }


@register.inclusion_tag("moderation/components/community_link.html", takes_context=True)
def community_moderation_link(context: dict[str, Any], community: Any) -> dict[str, Any]:
    """For a community's leaders and moderators: its queue, with how many items wait."""
    from collegium.moderation import selectors

    viewer = context["request"].user
    if not permissions.can_moderate_community(viewer, community):
        return {"community": None}
    return {
        "community": community,
        "waiting": selectors.open_case_count(viewer=viewer, community=community),
    }
