"""What the one editor keeps for a writer: autosaved drafts and uploaded attachments (CT-4)."""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    """Text a person is writing, saved on the server as they type so nothing is lost (CT-4).

    ``key`` names the form the text belongs to (``forums:reply:42``); one draft per person and
    form."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    key = models.CharField(_("form"), max_length=120)
    title = models.CharField(_("title"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="draft_one_per_form")]

    def __str__(self) -> str:
        return f"{self.user} · {self.key}"


def attachment_path(attachment: Attachment, filename: str) -> str:
    # The stored name never comes from the uploader: only the random id and our extension.
    return f"attachments/{attachment.uuid.hex[:2]}/{attachment.uuid.hex}{attachment.extension}"


class Attachment(models.Model):
    """An image or file added to a text with the editor, seen only by those who may read the
    community it was uploaded in (CT-4)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    # Decided from the content, never from the name or the browser's claim.
    content_type = models.CharField(_("type"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(_("size"))
    is_image = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        """The language-neutral address written into stored HTML: ``/files/<uuid>/<name>``."""
        return reverse("files:attachment", kwargs={"uuid": self.uuid, "name": self.url_name})

    @property
    def url_name(self) -> str:
        """The file name as the last part of its address: only the uuid finds the file, the
        name is for people, so anything that would need quoting in Markdown becomes a hyphen."""
        name = re.sub(r"[^\w.-]+", "-", self.original_name).strip("-.")
        return name or "file"
