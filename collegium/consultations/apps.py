from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "collegium.consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from collegium.accounts import data_rights
        from collegium.consultations import data_rights as consultation_data

        data_rights.register(
            "consultations", exporter=consultation_data.export, eraser=consultation_data.erase
        )
