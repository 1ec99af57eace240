from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "collegium.proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from collegium.accounts import data_rights
        from collegium.proposals import data_rights as proposal_data

        data_rights.register("proposals", exporter=proposal_data.export, eraser=proposal_data.erase)
