"""``{% community_consultations community %}``: a community's consultations on its overview,
for those who may see them; nothing when it has none (EN-1)."""

from __future__ import annotations

from typing import Any

from django import template

from collegium.consultations import selectors

register = template.Library()


@register.inclusion_tag("consultations/components/community_section.html", takes_context=True)
def community_consultations(context: dict[str, Any], community: Any) -> dict[str, Any]:
    viewer = context["request"].user
    return {
        "community": community,
        "consultations": selectors.community_consultations(viewer=viewer, community=community),
    }
