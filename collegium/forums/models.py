"""Forums: threads of discussion and questions, their posts and what people do with them (CT-1)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collegium.forums.choices import ThreadKind
from collegium.moderation.models import Removable

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20_000
SUMMARY_MAX_LENGTH = 5_000


class Thread(Removable):
    """A discussion or a question inside a community, opened by its first post (CT-1)."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="threads"
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=ThreadKind.choices, default=ThreadKind.DISCUSSION
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="threads"
    )
    tags = models.ManyToManyField("core.Tag", verbose_name=_("tags"), blank=True, related_name="+")
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)

    # Kept by the services so lists sort and count without touching posts.
    last_posted_at = models.DateTimeField(_("last post at"), db_index=True)
    last_post_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    post_count = models.PositiveIntegerField(default=0)  # also the next post's position
    verified_answer_count = models.PositiveIntegerField(default=0)
    suggested_answer_count = models.PositiveIntegerField(default=0)

    is_pinned = models.BooleanField(_("pinned"), default=False)
    # CT-5: topics posted by the association can take replies during an open period only.
    opens_at = models.DateTimeField(_("open for replies from"), null=True, blank=True)
    closes_at = models.DateTimeField(_("open for replies until"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closing_summary = models.TextField(
        _("closing summary"), max_length=SUMMARY_MAX_LENGTH, blank=True
    )
    closing_summary_html = models.TextField(editable=False, default="")
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            # Keyset pagination of a community's lists (CT-1, scale).
            models.Index(
                fields=["community", "is_pinned", "-last_posted_at", "-id"],
                name="thread_latest",
            ),
            # The overview's recent threads and the lists by tag: newest first, pinned or not.
            models.Index(fields=["community", "-last_posted_at", "-id"], name="thread_recent"),
            models.Index(
                fields=["community", "kind", "verified_answer_count", "-last_posted_at", "-id"],
                name="thread_unanswered",
            ),
            models.Index(fields=["author", "-last_posted_at", "-id"], name="thread_by_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="thread_open_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:thread", kwargs={"slug": self.community.slug, "thread_id": self.pk})

    @property
    def heading(self) -> str:
        """The title, or a placeholder in the reader's language once its author erased it."""
        return self.title or str(_("Deleted thread"))

    @property
    def is_question(self) -> bool:
        return self.kind == ThreadKind.QUESTION

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def has_open_period(self) -> bool:
        return self.opens_at is not None or self.closes_at is not None


class Post(Removable):
    """The opening post of a thread, or a reply to it (CT-1)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    # 0 is the opening post; replies follow in order. Pages are read by position (keyset).
    position = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="posts"
    )
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False, default="")
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    # Bumped by every edit; an edit made from an older version is a conflict (CT-4).
    version = models.PositiveIntegerField(default=1)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    # One submission of a form makes one post, however many times it arrives.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    helpful_count = models.PositiveIntegerField(_("helpful marks"), default=0)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    suggested_at = models.DateTimeField(_("suggested at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(fields=["thread", "position"], name="post_position_unique"),
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="post_one_per_submission",
            ),
        ]
        indexes = [
            # A question's answers, found without reading its other replies.
            models.Index(
                fields=["thread", "position"],
                condition=Q(verified_at__isnull=False) | Q(suggested_at__isnull=False),
                name="post_answers",
            ),
            models.Index(fields=["author", "-created_at"], name="post_by_author"),
        ]

    def __str__(self) -> str:
        return f"{self.thread} #{self.position}"

    def get_absolute_url(self) -> str:
        return reverse(
            "forums:post", kwargs={"slug": self.thread.community.slug, "post_id": self.pk}
        )

    @property
    def is_opening(self) -> bool:
        return self.position == 0

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_verified_answer(self) -> bool:
        return self.verified_at is not None

    @property
    def is_suggested_answer(self) -> bool:
        return self.suggested_at is not None

    @property
    def anchor(self) -> str:
        return f"post-{self.pk}"


class PostRevision(models.Model):
    """A post's text as it was before an edit, for its author and the moderators (CT-1)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    body = models.TextField()
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField(auto_now_add=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["post", "version"], name="post_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.post} v{self.version}"


class Reaction(models.Model):
    """Someone found a post helpful (CT-1)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("helpful mark")
        verbose_name_plural = _("helpful marks")
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="reaction_one_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.post}"


class Mention(models.Model):
    """An ``@username`` in a post; notifications read these (NO-1, a later issue)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="mention_unique")]

    def __str__(self) -> str:
        return f"@{self.user} in {self.post}"


class ThreadExport(models.Model):
    """A participant's request for an archive of a thread, emailed when ready (CT-5)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requested_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thread export")
        verbose_name_plural = _("thread exports")

    def __str__(self) -> str:
        return f"{self.thread} for {self.requested_by}"
