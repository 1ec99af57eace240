from django.urls import path
from django.utils.translation import pgettext_lazy

from collegium.pages import views
from collegium.pages.choices import PageSlug

app_name = "pages"

urlpatterns = [
    path("", views.landing, name="landing"),
    path(
        pgettext_lazy("URL", "help/"),
        views.page_detail,
        {"slug": PageSlug.HELP},
        name="help",
    ),
    path(
        pgettext_lazy("URL", "guidelines/"),
        views.page_detail,
        {"slug": PageSlug.GUIDELINES},
        name="guidelines",
    ),
    path(
        pgettext_lazy("URL", "privacy/"),
        views.page_detail,
        {"slug": PageSlug.PRIVACY},
        name="privacy",
    ),
    path(
        pgettext_lazy("URL", "terms/"),
        views.page_detail,
        {"slug": PageSlug.TERMS},
        name="terms",
    ),
]
