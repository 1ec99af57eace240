"""Reports, the cases they open, and the record of every moderation action (MO-1, MO-2)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from collegium.moderation.choices import (
    REMOVAL_CATEGORIES,
    Action,
    CaseStatus,
    Category,
    TargetKind,
)

NOTE_MAX_LENGTH = 1_000


class Removable(models.Model):
    """Content moderators can hide: removed is hidden from everyone but its author and the
    moderators, never destroyed (SPEC §0, MO-2)."""

    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    removal_category = models.CharField(
        _("reason"), max_length=20, choices=REMOVAL_CATEGORIES, blank=True
    )
    removal_note = models.TextField(_("note to the author"), max_length=NOTE_MAX_LENGTH, blank=True)

    class Meta:
        abstract = True

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class Case(models.Model):
    """Everything reported about one item, one row per item: new reports reopen it (MO-2).

    ``revision`` grows with every action, so that two moderators looking at the same case
    cannot both act on what they saw: the second is told and nothing is done twice."""

    kind = models.CharField(_("item"), max_length=20, choices=TargetKind.choices)
    object_id = models.PositiveBigIntegerField()
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=5, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    revision = models.PositiveIntegerField(default=0)
    open_reports = models.PositiveIntegerField(_("reports waiting"), default=0)
    opened_at = models.DateTimeField(_("waiting since"))
    last_reported_at = models.DateTimeField(_("last report"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Action.choices, blank=True)

    class Meta:
        verbose_name = _("moderation case")
        verbose_name_plural = _("moderation cases")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="case_one_per_item")
        ]
        indexes = [
            models.Index(fields=["status", "opened_at", "id"], name="case_queue"),
            models.Index(
                fields=["community", "status", "opened_at", "id"], name="case_community_queue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN


class Report(models.Model):
    """Someone says an item breaks the guidelines (MO-1): once per person per item."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="moderation_reports",
    )
    category = models.CharField(_("what is wrong"), max_length=20, choices=Category.choices)
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    # How it ended, told to the reporter (MO-1); empty while it waits.
    outcome = models.CharField(_("outcome"), max_length=20, choices=Action.choices, blank=True)
    resolved_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "reporter"], name="report_once_per_person")
        ]
        indexes = [models.Index(fields=["reporter", "-created_at"], name="report_by_reporter")]

    def __str__(self) -> str:
        return f"{self.reporter} → {self.case} ({self.category})"


class ModerationAction(models.Model):
    """One line of the audit log: who did what to what, when, why, and what it changed
    (MO-2). An undo is a new line that points to the one it undid."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.SET_NULL, null=True, blank=True
    )
    kind = models.CharField(_("item"), max_length=20, choices=TargetKind.choices)
    object_id = models.PositiveBigIntegerField()
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    category = models.CharField(_("reason"), max_length=20, choices=REMOVAL_CATEGORIES, blank=True)
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    undo_of = models.OneToOneField(
        "self",
        verbose_name=_("undoes"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="undone_with",
    )

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["community", "-created_at", "-id"], name="action_by_community"),
            models.Index(fields=["kind", "object_id"], name="action_by_item"),
            models.Index(
                fields=["subject", "action"],
                condition=Q(undone_at__isnull=True),
                name="action_standing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.kind} {self.object_id}"

    @property
    def suspended_until(self) -> datetime | None:
        """The end of the suspension this action set, for the log and the email."""
        value = self.after.get("suspended_until")
        return parse_datetime(value) if value else None
