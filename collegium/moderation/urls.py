from django.urls import path
from django.utils.translation import pgettext_lazy

from collegium.moderation import views

app_name = "moderation"

urlpatterns = [
    path(
        pgettext_lazy("URL", "report/<str:kind>/<int:object_id>/"),
        views.report_create,
        name="report",
    ),
    path(pgettext_lazy("URL", "my-reports/"), views.my_reports, name="my_reports"),
    path(pgettext_lazy("URL", "moderation/"), views.queue, name="queue"),
    path(
        pgettext_lazy("URL", "moderation/communities/<slug:slug>/"),
        views.community_queue,
        name="community_queue",
    ),
    path(pgettext_lazy("URL", "moderation/log/"), views.log, name="log"),
    path(pgettext_lazy("URL", "moderation/log/export/"), views.log_export, name="log_export"),
    path(
        pgettext_lazy("URL", "moderation/log/<int:pk>/undo/"),
        views.action_undo,
        name="undo",
    ),
    path(
        pgettext_lazy("URL", "moderation/communities/<slug:slug>/log/"),
        views.community_log,
        name="community_log",
    ),
    path(
        pgettext_lazy("URL", "moderation/<str:kind>/<int:object_id>/"),
        views.item_detail,
        name="item",
    ),
    path(
        pgettext_lazy("URL", "moderation/<str:kind>/<int:object_id>/<str:action>/"),
        views.item_act,
        name="act",
    ),
]
