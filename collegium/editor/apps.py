from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorConfig(AppConfig):
    name = "collegium.editor"
    label = "editor"
    verbose_name = _("Writing")

    def ready(self) -> None:
        from collegium.accounts import data_rights
        from collegium.editor import data_rights as editor_data

        data_rights.register("writing", exporter=editor_data.export, eraser=editor_data.erase)
