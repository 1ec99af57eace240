from django.urls import path
from django.utils.translation import pgettext_lazy

from collegium.editor import views

app_name = "editor"

urlpatterns = [
    path(pgettext_lazy("URL", "editor/preview/"), views.preview, name="preview"),
    path(pgettext_lazy("URL", "editor/drafts/save/"), views.draft_save, name="draft_save"),
    path(pgettext_lazy("URL", "editor/drafts/discard/"), views.draft_discard, name="draft_discard"),
    path(
        pgettext_lazy("URL", "editor/attachments/<slug:slug>/"),
        views.attachment_upload,
        name="attachment_upload",
    ),
]
