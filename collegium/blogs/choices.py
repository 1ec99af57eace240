from django.db import models
from django.utils.translation import pgettext_lazy


class PostStatus(models.TextChoices):
    """Where a blog post is on its way to readers (CT-2)."""

    DRAFT = "draft", pgettext_lazy("blog post status", "Draft")
    SCHEDULED = "scheduled", pgettext_lazy("blog post status", "Scheduled")
    PUBLISHED = "published", pgettext_lazy("blog post status", "Published")


class PostLanguage(models.TextChoices):
    """The language a community post is written in; association posts have both."""

    EN = "en", pgettext_lazy("content language", "English")
    FR = "fr", pgettext_lazy("content language", "French")


class Publication(models.TextChoices):
    """What the writer asks for when saving a post that is not published yet."""

    DRAFT = "draft", pgettext_lazy("blog publication", "Keep it as a draft")
    NOW = "now", pgettext_lazy("blog publication", "Publish now")
    SCHEDULE = "schedule", pgettext_lazy("blog publication", "Schedule the publication")
