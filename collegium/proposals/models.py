"""Proposals: members, and communities through their leaders, propose a policy; others support
it and comment; staff move it through its statuses with public reasons (EN-2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collegium.comments.models import CommentBase, one_comment_per_submission
from collegium.moderation.models import Removable
from collegium.proposals.choices import (
    FINAL_STATUSES,
    TRANSITIONS,
    ProposalLanguage,
    ProposalStatus,
)

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 500
BODY_MAX_LENGTH = 20_000
REASON_MAX_LENGTH = 2_000


class Proposal(Removable):
    """A proposal on a policy issue, open to everyone signed in or to one community's
    participants (EN-2).

    ``support_count`` counts the rows of ``ProposalSupport``, kept by the services with F() so
    that the list sorts by support without a join."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposals",
    )
    # Private by default: a community's proposal is read by those who read its content.
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposals",
    )
    # A leader submitted it on the community's behalf: it shows as "Submitted by <community>".
    submitted_for_community = models.BooleanField(_("submitted by the community"), default=False)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    summary = models.CharField(_("summary"), max_length=SUMMARY_MAX_LENGTH)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False, default="")
    language = models.CharField(
        _("language"), max_length=2, choices=ProposalLanguage.choices, default=ProposalLanguage.EN
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
    )
    support_count = models.PositiveIntegerField(_("supporters"), default=0)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    # ID-6: an erased author's proposal loses its text and leaves the lists.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    # One submission of the form makes one proposal, however many times it arrives.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="proposal_one_per_submission",
            ),
            models.CheckConstraint(
                condition=Q(submitted_for_community=False) | Q(community__isnull=False),
                name="proposal_for_community_has_one",
            ),
        ]
        indexes = [
            # The three orders of the list, read by keyset (newest, most supported, status).
            models.Index(fields=["-created_at", "-id"], name="proposal_newest"),
            models.Index(fields=["-support_count", "-id"], name="proposal_by_support"),
            models.Index(fields=["status", "-id"], name="proposal_by_status"),
            models.Index(fields=["community", "-created_at", "-id"], name="proposal_community"),
            models.Index(fields=["author", "-created_at"], name="proposal_by_author"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", kwargs={"proposal_id": self.pk})

    @property
    def heading(self) -> str:
        return self.title

    @property
    def is_final(self) -> bool:
        """Adopted or declined: its status and its support no longer change."""
        return self.status in FINAL_STATUSES

    @property
    def next_statuses(self) -> tuple[str, ...]:
        """The statuses staff may move it to from where it is."""
        return TRANSITIONS.get(self.status, ())


class ProposalSupport(models.Model):
    """One person's support of a proposal: at most one, withdrawn by deleting it (EN-2)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports"
    )
    created_at = models.DateTimeField(_("supported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support of a proposal")
        verbose_name_plural = _("supports of proposals")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposalsupport_once")
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="proposalsupport_by_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class ProposalStatusChange(models.Model):
    """A move of a proposal from one status to the next, with the public reason staff gave:
    the proposal's history (EN-2)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("previous status"), max_length=20, choices=ProposalStatus.choices
    )
    to_status = models.CharField(_("new status"), max_length=20, choices=ProposalStatus.choices)
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change of a proposal")
        verbose_name_plural = _("status changes of proposals")
        ordering = ["changed_at", "id"]
        indexes = [
            models.Index(fields=["proposal", "changed_at", "id"], name="proposalstatus_history")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"


class ProposalComment(CommentBase):
    """A comment on a proposal: weighing in (EN-2)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")

    class Meta:
        verbose_name = _("comment on a proposal")
        verbose_name_plural = _("comments on proposals")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["proposal", "created_at", "id"], name="proposalcomment_order"),
            models.Index(fields=["author", "-created_at"], name="proposalcomment_by_author"),
        ]
        constraints = [one_comment_per_submission("proposalcomment_one_per_submission")]
