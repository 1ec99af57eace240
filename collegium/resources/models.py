"""Resource libraries: collections of files and links shared in a community (CT-3)."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collegium.comments.models import CommentBase, one_comment_per_submission
from collegium.core import uploads
from collegium.core.uploads import Kind
from collegium.moderation.models import Removable
from collegium.resources.choices import PreviewStatus, ResourceKind, ResourceLanguage

COLLECTION_TITLE_MAX_LENGTH = 120
COLLECTION_DESCRIPTION_MAX_LENGTH = 2_000
TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 5_000
URL_MAX_LENGTH = 2_000
# Enough for search (a later issue) without storing a whole book per row.
EXTRACTED_TEXT_MAX_CHARS = 1_000_000

# What a file is, in words, from the type sniffed at upload.
TYPE_LABELS = {
    uploads.PDF: _("PDF document"),
    uploads.DOCX: _("Word document"),
    uploads.XLSX: _("Excel workbook"),
    uploads.PPTX: _("PowerPoint presentation"),
    uploads.TEXT_PLAIN: _("Plain text"),
    uploads.TEXT_CSV: _("CSV table"),
    uploads.WEBP: _("Image (WebP)"),
    uploads.MP4: _("Video (MP4)"),
    uploads.WEBM: _("Video (WebM)"),
    uploads.M4A: _("Audio (M4A)"),
    uploads.MP3: _("Audio (MP3)"),
    uploads.OGG: _("Audio (Ogg)"),
    uploads.WAV: _("Audio (WAV)"),
    uploads.FLAC: _("Audio (FLAC)"),
}


class Collection(models.Model):
    """A folder of a community's library; collections hold one level of sub-collections."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="resource_collections"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("inside the collection"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    title = models.CharField(_("title"), max_length=COLLECTION_TITLE_MAX_LENGTH)
    description = models.TextField(
        _("description"), max_length=COLLECTION_DESCRIPTION_MAX_LENGTH, blank=True
    )
    slug = models.SlugField(_("web address"), max_length=80, allow_unicode=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["position", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "slug"], name="resource_collection_slug_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "resources:collection",
            kwargs={"slug": self.community.slug, "collection_slug": self.slug},
        )

    @property
    def is_top_level(self) -> bool:
        return self.parent_id is None


def resource_path(resource: Resource, filename: str) -> str:
    # The stored name never comes from the uploader: only the random id and our extension.
    return f"resources/{resource.uuid.hex[:2]}/{resource.uuid.hex}{resource.extension}"


def preview_path(resource: Resource, filename: str) -> str:
    return f"resources/{resource.uuid.hex[:2]}/{resource.uuid.hex}-preview.webp"


class Resource(Removable):
    """A file or a link in a collection, with its title, description and language (CT-3)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collection = models.ForeignKey(
        Collection,
        verbose_name=_("collection"),
        on_delete=models.CASCADE,
        related_name="resources",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    description_html = models.TextField(editable=False, default="")
    language = models.CharField(
        _("language"), max_length=8, choices=ResourceLanguage.choices, default=ResourceLanguage.EN
    )
    tags = models.ManyToManyField("core.Tag", verbose_name=_("tags"), blank=True, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="resources",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    # One submission of the form makes one resource, however many times it arrives.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    # A link.
    url = models.URLField(_("address"), max_length=URL_MAX_LENGTH, blank=True)

    # A file: everything below is decided from its content, never from its name.
    file = models.FileField(_("file"), upload_to=resource_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    file_kind = models.CharField(_("kind of file"), max_length=10, blank=True)
    extension = models.CharField(max_length=10, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    preview = models.FileField(upload_to=preview_path, max_length=200, blank=True)
    preview_status = models.CharField(
        _("preview"), max_length=8, choices=PreviewStatus.choices, default=PreviewStatus.NONE
    )
    extracted_text = models.TextField(blank=True, editable=False)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)

    # Set by the services for the page that reports the result; never stored.
    title_was_taken = ""

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.UniqueConstraint(
                Lower("title"),
                "collection",
                condition=Q(deleted_at__isnull=True),
                name="resource_title_unique_in_collection",
                violation_error_message=_(
                    "This collection already has a resource with this title."
                ),
            ),
            models.UniqueConstraint(
                fields=["added_by", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="resource_one_per_submission",
            ),
            models.CheckConstraint(
                condition=Q(kind=ResourceKind.FILE) | ~Q(url=""),
                name="resource_link_has_url",
            ),
        ]
        indexes = [
            models.Index(fields=["collection", "-created_at", "-id"], name="resource_newest"),
            models.Index(fields=["added_by", "-created_at"], name="resource_by_person"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "resources:resource",
            kwargs={"slug": self.collection.community.slug, "resource_id": self.pk},
        )

    @property
    def is_file(self) -> bool:
        return self.kind == ResourceKind.FILE

    @property
    def is_link(self) -> bool:
        return self.kind == ResourceKind.LINK

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_image(self) -> bool:
        return self.is_file and self.file_kind == Kind.IMAGE

    @property
    def is_pdf(self) -> bool:
        return self.is_file and self.file_kind == Kind.PDF

    @property
    def is_video(self) -> bool:
        return self.is_file and self.file_kind == Kind.VIDEO

    @property
    def is_audio(self) -> bool:
        return self.is_file and self.file_kind == Kind.AUDIO

    @property
    def has_preview(self) -> bool:
        return self.preview_status == PreviewStatus.READY and bool(self.preview)

    @property
    def is_preview_pending(self) -> bool:
        return self.preview_status == PreviewStatus.PENDING

    @property
    def lang(self) -> str:
        """The ``lang`` attribute of the resource's own words; empty for another language."""
        return self.language if self.language in {"en", "fr"} else ""

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS.get(self.content_type, self.extension.lstrip(".").upper()))

    @property
    def domain(self) -> str:
        """Where a link leads, shown next to it so nobody follows a link blindly."""
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")

    @property
    def url_name(self) -> str:
        """The file name as the last part of its address: only the uuid finds the file."""
        name = re.sub(r"[^\w.-]+", "-", self.original_name).strip("-.")
        return name or f"file{self.extension}"

    @property
    def file_url(self) -> str:
        return reverse(
            "resources:file",
            kwargs={
                "slug": self.collection.community.slug,
                "uuid": self.uuid,
                "name": self.url_name,
            },
        )

    @property
    def download_url(self) -> str:
        return f"{self.file_url}?download=1"

    @property
    def preview_url(self) -> str:
        return reverse(
            "resources:preview",
            kwargs={"slug": self.collection.community.slug, "uuid": self.uuid},
        )


class ResourceComment(CommentBase):
    """A participant's comment on a resource (CT-3)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="comments")

    class Meta:
        verbose_name = _("comment on a resource")
        verbose_name_plural = _("comments on resources")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["resource", "created_at", "id"], name="resourcecomment_order")
        ]
        constraints = [one_comment_per_submission("resourcecomment_one_per_submission")]
