from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogsConfig(AppConfig):
    name = "collegium.blogs"
    verbose_name = _("Blogs")

    def ready(self) -> None:
        from collegium.accounts import data_rights
        from collegium.blogs import data_rights as blog_data

        data_rights.register("blogs", exporter=blog_data.export, eraser=blog_data.erase)
