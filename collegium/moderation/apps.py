from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "collegium.moderation"
    label = "moderation"
    verbose_name = _("Moderation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from collegium.accounts import data_rights
        from collegium.moderation import data_rights as moderation_data

        data_rights.register(
            "moderation", exporter=moderation_data.export, eraser=moderation_data.erase
        )
