from django.urls import path
from django.utils.translation import pgettext_lazy

from collegium.forums import views

app_name = "forums"

urlpatterns = [
    path(pgettext_lazy("URL", "communities/<slug:slug>/forum/"), views.thread_list, name="threads"),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/forum/new/"),
        views.thread_create,
        name="thread_create",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/forum/<int:thread_id>/"),
        views.thread_detail,
        name="thread",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/forum/<int:thread_id>/reply/"),
        views.reply,
        name="reply",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/forum/<int:thread_id>/close/"),
        views.thread_close,
        name="thread_close",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/forum/<int:thread_id>/export/"),
        views.thread_export,
        name="thread_export",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/forum/<int:thread_id>/do/<str:action>/"),
        views.thread_action,
        name="thread_action",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/forum/posts/<int:post_id>/"),
        views.post_detail,
        name="post",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/forum/posts/<int:post_id>/edit/"),
        views.post_edit,
        name="post_edit",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/forum/posts/<int:post_id>/delete/"),
        views.post_delete,
        name="post_delete",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/forum/posts/<int:post_id>/history/"),
        views.post_history,
        name="post_history",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/forum/posts/<int:post_id>/helpful/"),
        views.post_helpful,
        name="post_helpful",
    ),
    path(
        pgettext_lazy(
            "URL", "communities/<slug:slug>/forum/posts/<int:post_id>/answer/<str:action>/"
        ),
        views.post_answer,
        name="post_answer",
    ),
]
