"""Attachments at language-neutral addresses, written as such into stored HTML (CT-4)."""

from django.urls import path

from collegium.editor import views

app_name = "files"

urlpatterns = [
    path("<uuid:uuid>/<str:name>", views.attachment, name="attachment"),
]
