from django.db import models
from django.utils.translation import pgettext_lazy


class PageSlug(models.TextChoices):
    """The public pages every install has (SPEC §0: what the public may see)."""

    LANDING = "landing", pgettext_lazy("page", "Home")
    HELP = "help", pgettext_lazy("page", "Help")
    GUIDELINES = "guidelines", pgettext_lazy("page", "Community guidelines")
    PRIVACY = "privacy", pgettext_lazy("page", "Privacy")
    TERMS = "terms", pgettext_lazy("page", "Terms of use")
