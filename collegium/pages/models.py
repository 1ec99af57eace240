from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collegium.pages.choices import PageSlug


class Page(models.Model):
    """A public page (landing, help, guidelines, privacy) whose text is kept in versions."""

    slug = models.SlugField(_("page"), max_length=40, unique=True, choices=PageSlug.choices)
    current_version = models.ForeignKey(
        "PageVersion",
        verbose_name=_("current version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.get_slug_display()

    def get_absolute_url(self) -> str:
        return reverse(f"pages:{self.slug}")


class PageVersion(models.Model):
    """One published text of a page, in English and French; earlier versions are kept (MO-4)."""

    page = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    # Translated by modeltranslation: title_en/title_fr, body_en/body_fr, body_html_en/_fr.
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(_("text (HTML)"), editable=False)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    if TYPE_CHECKING:
        # Columns added by modeltranslation (translation.py).
        title_en: str
        title_fr: str
        body_en: str
        body_fr: str
        body_html_en: str
        body_html_fr: str

    class Meta:
        verbose_name = _("page version")
        verbose_name_plural = _("page versions")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="page_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.page} v{self.number}"
