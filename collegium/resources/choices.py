from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ResourceKind(models.TextChoices):
    FILE = "file", pgettext_lazy("resource kind", "File")
    LINK = "link", pgettext_lazy("resource kind", "Link")


class ResourceLanguage(models.TextChoices):
    """The language a resource is written in (SPEC §0: user content carries its language)."""

    EN = "en", pgettext_lazy("resource language", "English")
    FR = "fr", pgettext_lazy("resource language", "French")
    OTHER = "other", pgettext_lazy("resource language", "Other or none")


class PreviewStatus(models.TextChoices):
    """Where the background preview of a file stands (CT-3)."""

    NONE = "none", pgettext_lazy("preview status", "No preview for this kind of file")
    PENDING = "pending", pgettext_lazy("preview status", "Being prepared")
    READY = "ready", pgettext_lazy("preview status", "Ready")
    FAILED = "failed", pgettext_lazy("preview status", "Could not be made")


class ResourceSort(models.TextChoices):
    NEWEST = "newest", _("Newest first")
    TITLE = "title", _("Title")
    DOWNLOADS = "downloads", _("Most downloaded")


class KindFilter(models.TextChoices):
    """What the library's filter offers: links, or files by what they are."""

    LINK = "link", pgettext_lazy("resource filter", "Links")
    DOCUMENT = "document", pgettext_lazy("resource filter", "Documents")
    IMAGE = "image", pgettext_lazy("resource filter", "Images")
    VIDEO = "video", pgettext_lazy("resource filter", "Videos")
    AUDIO = "audio", pgettext_lazy("resource filter", "Audio")
