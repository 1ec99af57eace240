from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ThreadKind(models.TextChoices):
    DISCUSSION = "discussion", pgettext_lazy("thread kind", "Discussion")
    QUESTION = "question", pgettext_lazy("thread kind", "Question")


class ThreadListing(models.TextChoices):
    """The lists of a community's forum (CT-1)."""

    LATEST = "latest", _("Latest")
    UNANSWERED = "unanswered", _("Unanswered questions")
    MINE = "mine", _("My threads")
