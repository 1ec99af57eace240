"""Policy consultations (EN-1): a bilingual draft in numbered paragraphs, public comments on it,
documents, and a confidential questionnaire (``collegium.questionnaires``)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from collegium.accounts.choices import UserType
from collegium.comments.models import CommentBase, one_comment_per_submission
from collegium.consultations.choices import ConsultationStatus, DocumentLanguage

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 1_000
DRAFT_MAX_LENGTH = 200_000
PARAGRAPH_MAX_LENGTH = 20_000
WHAT_WE_HEARD_MAX_LENGTH = 50_000
SLUG_MAX_LENGTH = 120
DOCUMENT_TITLE_MAX_LENGTH = 200


class Consultation(models.Model):
    """A draft policy put to an audience between two dates, platform-wide or in a community."""

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consultations",
        help_text=_("Leave empty for a consultation open to the whole platform."),
    )
    slug = models.SlugField(_("web address"), max_length=SLUG_MAX_LENGTH, unique=True)
    # Translated by modeltranslation (title_en/title_fr …): both languages are required.
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    # The draft as staff wrote it; the services split it into numbered ``Paragraph`` rows.
    draft = models.TextField(_("draft policy"), max_length=DRAFT_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    questionnaire = models.OneToOneField(
        "questionnaires.Questionnaire",
        on_delete=models.PROTECT,
        related_name="consultation",
    )
    # "What we heard": published by staff after closing, in both languages (EN-1).
    what_we_heard = models.TextField(
        _("what we heard"), max_length=WHAT_WE_HEARD_MAX_LENGTH, blank=True
    )
    what_we_heard_html = models.TextField(editable=False, default="", blank=True)
    what_we_heard_published_at = models.DateTimeField(
        _("what we heard published at"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    if TYPE_CHECKING:
        title_en: str | None
        title_fr: str | None
        summary_en: str | None
        summary_fr: str | None
        draft_en: str | None
        draft_fr: str | None
        what_we_heard_en: str | None
        what_we_heard_fr: str | None
        what_we_heard_html_en: str | None
        what_we_heard_html_fr: str | None

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-opens_at", "-id"], name="consultation_list"),
            # The periodic task finds what is due to open or close without reading the others.
            models.Index(
                fields=["opens_at"],
                condition=Q(status="scheduled"),
                name="consultation_due_open",
            ),
            models.Index(
                fields=["closes_at"], condition=Q(status="open"), name="consultation_due_close"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.slug

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", kwargs={"slug": self.slug})

    @property
    def is_open(self) -> bool:
        """Open now: its status, and its close date not passed even if the task is late."""
        return self.status == ConsultationStatus.OPEN and (
            self.closes_at is None or self.closes_at > timezone.now()
        )

    @property
    def is_closed(self) -> bool:
        return self.status == ConsultationStatus.CLOSED or (
            self.status == ConsultationStatus.OPEN
            and self.closes_at is not None
            and self.closes_at <= timezone.now()
        )

    @property
    def audience_types(self) -> set[str]:
        """The user types it is put to; prefetch ``audiences`` in lists."""
        return {audience.user_type for audience in self.audiences.all()}

    def text_in(self, field: str, language: str) -> str:
        """A translated field in one language, without modeltranslation's fallback."""
        return getattr(self, f"{field}_{language}", None) or ""

    @property
    def heading(self) -> str:
        language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
        return self.text_in("title", language) or self.text_in("title", "en") or self.slug


class ConsultationAudience(models.Model):
    """One user type a consultation is put to (EN-1), like a community's audience (CO-3)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="audiences"
    )
    user_type = models.CharField(_("user type"), max_length=20, choices=UserType.choices)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audience")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user_type"], name="consultation_audience_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation}: {self.user_type}"


class Paragraph(models.Model):
    """A numbered paragraph of the draft, in both languages side by side (EN-1)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="paragraphs"
    )
    number = models.PositiveIntegerField(_("number"))
    # Translated by modeltranslation (text_en/text_fr, html_en/html_fr).
    text = models.TextField(_("text"), max_length=PARAGRAPH_MAX_LENGTH, blank=True)
    html = models.TextField(editable=False, default="", blank=True)

    if TYPE_CHECKING:
        text_en: str | None
        text_fr: str | None
        html_en: str | None
        html_fr: str | None

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="paragraph_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} §{self.number}"

    @property
    def anchor(self) -> str:
        return f"paragraph-{self.number}"


def document_path(document: ConsultationDocument, filename: str) -> str:
    # The stored name never comes from the uploader: only the random id and our extension.
    return f"consultations/{document.uuid.hex[:2]}/{document.uuid.hex}{document.extension}"


class ConsultationDocument(models.Model):
    """A document attached to a consultation (the full draft as PDF, background, evidence);
    served only to those who may see the consultation."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Translated by modeltranslation (title_en/title_fr).
    title = models.CharField(_("title"), max_length=DOCUMENT_TITLE_MAX_LENGTH)
    language = models.CharField(
        _("language"), max_length=4, choices=DocumentLanguage.choices, default=DocumentLanguage.BOTH
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    # Decided from the content, never from the name or the browser's claim.
    content_type = models.CharField(_("type"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(_("size"))
    position = models.PositiveIntegerField(_("position"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    if TYPE_CHECKING:
        title_en: str | None
        title_fr: str | None

    class Meta:
        verbose_name = _("consultation document")
        verbose_name_plural = _("consultation documents")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.original_name


class ConsultationComment(CommentBase):
    """A public comment on the draft as a whole (no paragraph) or on one paragraph (EN-1)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    paragraph = models.ForeignKey(
        Paragraph,
        verbose_name=_("paragraph"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )

    class Meta:
        verbose_name = _("consultation comment")
        verbose_name_plural = _("consultation comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["consultation", "paragraph", "created_at", "id"],
                name="consultationcomment_order",
            )
        ]
        constraints = [one_comment_per_submission("consultationcomment_one_per_submission")]
