from django.db import models
from django.utils.translation import gettext_lazy as _


class Tag(models.Model):
    """A topic word shared across the platform: interests, community topics, thread tags."""

    name = models.CharField(_("name"), max_length=50)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
