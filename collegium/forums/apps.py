from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "collegium.forums"
    label = "forums"
    verbose_name = _("Forums")

    def ready(self) -> None:
        from collegium.accounts import data_rights
        from collegium.forums import data_rights as forum_data

        data_rights.register("forums", exporter=forum_data.export, eraser=forum_data.erase)
