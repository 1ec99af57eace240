from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "collegium.questionnaires"
    verbose_name = _("Confidential questionnaires")

    def ready(self) -> None:
        from collegium.accounts import data_rights
        from collegium.questionnaires import data_rights as questionnaire_data

        data_rights.register(
            "questionnaires", exporter=questionnaire_data.export, eraser=questionnaire_data.erase
        )
