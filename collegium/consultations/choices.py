from django.db import models
from django.utils.translation import pgettext_lazy


class ConsultationStatus(models.TextChoices):
    """Where a consultation is (EN-1): staff prepare a draft, schedule it, and the periodic task
    opens it and closes it on its dates."""

    DRAFT = "draft", pgettext_lazy("consultation status", "In preparation")
    SCHEDULED = "scheduled", pgettext_lazy("consultation status", "Scheduled")
    OPEN = "open", pgettext_lazy("consultation status", "Open")
    CLOSED = "closed", pgettext_lazy("consultation status", "Closed")


class DraftDisplay(models.TextChoices):
    """How a reader sees the bilingual draft."""

    SIDE_BY_SIDE = "both", pgettext_lazy("draft display", "Both languages side by side")
    ENGLISH = "en", pgettext_lazy("draft display", "English only")
    FRENCH = "fr", pgettext_lazy("draft display", "French only")


class DocumentLanguage(models.TextChoices):
    EN = "en", pgettext_lazy("content language", "English")
    FR = "fr", pgettext_lazy("content language", "French")
    BOTH = "both", pgettext_lazy("content language", "English and French")
