from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_member_community(sender: AppConfig, **kwargs: Any) -> None:
    from collegium.communities.services import member_community_ensure

    member_community_ensure(using=kwargs.get("using", "default"))


class CommunitiesConfig(AppConfig):
    name = "collegium.communities"
    label = "communities"
    verbose_name = _("Communities of interest")

    def ready(self) -> None:
        # CO-2: the Member Community exists on every install (and after every test flush).
        post_migrate.connect(_ensure_member_community, sender=self)
