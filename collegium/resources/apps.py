from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "collegium.resources"
    verbose_name = _("Resources")

    def ready(self) -> None:
        from collegium.accounts import data_rights
        from collegium.resources import data_rights as resource_data

        data_rights.register("resources", exporter=resource_data.export, eraser=resource_data.erase)
