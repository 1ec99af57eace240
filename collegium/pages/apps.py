from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_default_pages(sender: AppConfig, **kwargs: Any) -> None:
    from collegium.pages.services import page_install_defaults

    page_install_defaults(using=kwargs.get("using", "default"))


class PagesConfig(AppConfig):
    name = "collegium.pages"
    label = "pages"
    verbose_name = _("Public pages")

    def ready(self) -> None:
        # After every migrate (and every test-database flush) the public pages exist, on every
        # install, without a data migration that would pin today's models and texts.
        post_migrate.connect(_install_default_pages, sender=self)
