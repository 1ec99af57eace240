from django.urls import path
from django.utils.translation import pgettext_lazy

from collegium.resources import views

app_name = "resources"

urlpatterns = [
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/resources/"),
        views.library,
        name="library",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/resources/add/"),
        views.resource_add,
        name="resource_add",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/resources/collections/new/"),
        views.collection_create,
        name="collection_create",
    ),
    path(
        pgettext_lazy(
            "URL", "communities/<slug:slug>/resources/collections/<str:collection_slug>/"
        ),
        views.collection_detail,
        name="collection",
    ),
    path(
        pgettext_lazy(
            "URL", "communities/<slug:slug>/resources/collections/<str:collection_slug>/edit/"
        ),
        views.collection_edit,
        name="collection_edit",
    ),
    path(
        pgettext_lazy(
            "URL", "communities/<slug:slug>/resources/collections/<str:collection_slug>/delete/"
        ),
        views.collection_delete,
        name="collection_delete",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/resources/<int:resource_id>/"),
        views.resource_detail,
        name="resource",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/resources/<int:resource_id>/edit/"),
        views.resource_edit,
        name="resource_edit",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/resources/<int:resource_id>/delete/"),
        views.resource_delete,
        name="resource_delete",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/resources/<int:resource_id>/comments/"),
        views.comment_add,
        name="comment_add",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/resources/comments/<int:comment_id>/edit/"),
        views.comment_edit,
        name="comment_edit",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/resources/comments/<int:comment_id>/delete/"),
        views.comment_delete,
        name="comment_delete",
    ),
    # The files themselves: found by their random id, served only to those who may read the
    # library (404 for anyone else), never from a public address (CT-3, SPEC §0).
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/resources/files/<uuid:uuid>/preview.webp"),
        views.resource_preview,
        name="preview",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/resources/files/<uuid:uuid>/<str:name>"),
        views.resource_file,
        name="file",
    ),
]
