from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "collegium.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from collegium.accounts import data_rights
        from collegium.notifications import data_rights as notifications_data

        data_rights.register(
            "notifications", exporter=notifications_data.export, eraser=notifications_data.erase
        )
