"""Template helpers for the rules of engagement and the guidelines (MO-4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from collegium import permissions
from collegium.communities.models import Community

register = template.Library()


@dataclass(frozen=True)
class WritingRefusal:
    message: str
    # Where the person can put it right, and the link's words; empty when nothing can be done.
    url: str
    label: str


@register.simple_tag(takes_context=True)
def writing_refusal(context: dict[str, Any], community: Community) -> WritingRefusal | None:
    """Why the viewer may not write in ``community`` and a link to where they can put it right
    (back to this page afterwards), or None when they may write."""
    request = context.get("request")
    viewer = getattr(request, "user", None) or AnonymousUser()
    refusal = permissions.participation_refusal(viewer, community)
    if refusal is None:
        return None
    back = urlencode({"next": request.get_full_path()}) if request is not None else ""
    if refusal.remedy == permissions.Remedy.GUIDELINES:
        url = f"{reverse('pages:guidelines')}?{back}#accept-guidelines"
        label = _("Read and accept the community guidelines")
    elif refusal.remedy == permissions.Remedy.RULES:
        url = f"{community.get_absolute_url()}?{back}#rules"
        label = _("Read and accept the new rules")
    elif refusal.remedy == permissions.Remedy.JOIN:
        url, label = community.get_absolute_url(), _("About this community")
    else:
        url, label = "", ""
    return WritingRefusal(message=refusal.message, url=url, label=label)
