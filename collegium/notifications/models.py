"""What people follow, what they are told, and the mail on its way to them (NO-1 to NO-4)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collegium.notifications.choices import Audience, Category, EmailStatus, Frequency, Kind


class Subscription(models.Model):
    """One person follows one thing: a community, its blog, a thread or a tag (NO-2).

    Exactly one target is set. ``frequency`` "never" is kept rather than deleted, so that
    a thread someone muted is not followed again when they next reply in it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    blog = models.ForeignKey(
        "communities.Community",
        verbose_name=_("blog"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    thread = models.ForeignKey(
        "forums.Thread", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    tag = models.ForeignKey(
        "core.Tag", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    frequency = models.CharField(
        _("email"), max_length=10, choices=Frequency.choices, default=Frequency.INSTANT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the frequency last changed: an unsubscribe link older than this was already used.
    changed_at = models.DateTimeField(auto_now_add=True)

    TARGETS = ("community", "blog", "thread", "tag")

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            # Target first: the fan-out reads every follower of one target, by user.
            models.UniqueConstraint(fields=["community", "user"], name="follow_community_once"),
            models.UniqueConstraint(fields=["blog", "user"], name="follow_blog_once"),
            models.UniqueConstraint(fields=["thread", "user"], name="follow_thread_once"),
            models.UniqueConstraint(fields=["tag", "user"], name="follow_tag_once"),
            models.CheckConstraint(
                name="follow_one_target",
                condition=(
                    Q(community__isnull=False, blog=None, thread=None, tag=None)
                    | Q(community=None, blog__isnull=False, thread=None, tag=None)
                    | Q(community=None, blog=None, thread__isnull=False, tag=None)
                    | Q(community=None, blog=None, thread=None, tag__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.target_field}:{self.target_id}"

    @property
    def target_field(self) -> str:
        return next(name for name in self.TARGETS if getattr(self, f"{name}_id") is not None)

    @property
    def target_id(self) -> int:
        return int(getattr(self, f"{self.target_field}_id"))

    @property
    def target(self) -> models.Model:
        return getattr(self, self.target_field)


class EmailPreference(models.Model):
    """How often someone wants email about one category of what concerns them (NO-1).

    No row means the default: every time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    frequency = models.CharField(
        _("email"), max_length=10, choices=Frequency.choices, default=Frequency.INSTANT
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="email_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.category}: {self.frequency}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class NotificationSettings(models.Model):
    """One person's settings that are not per item: following threads they write in, and the
    secret part of their private feed addresses (NO-2, NO-4)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_settings",
    )
    follow_threads_i_post_in = models.BooleanField(
        _("follow the discussions I start or reply to"), default=True
    )
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user_id)


class Notification(models.Model):
    """Something that happened, for one person (NO-1).

    Its words are rendered when shown, in the reader's language, from ``kind`` and ``params``;
    its link is a URL name and arguments, so that it too follows the reader's language. What
    it is about (``target_kind``/``target_id``) lets a removal withdraw it (MO-2)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    audience = models.CharField(max_length=20, choices=Audience.choices)
    target_kind = models.CharField(max_length=30, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    link = models.JSONField(default=dict)
    params = models.JSONField(default=dict)
    excerpt = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # How the recipient hears of it by email, and when that happened (instant or in a digest).
    email = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.NEVER)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["email", "recipient"],
                condition=Q(emailed_at__isnull=True),
                name="notification_digest_due",
            ),
            models.Index(fields=["target_kind", "target_id"], name="notification_target"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class FanOut(models.Model):
    """One event told to everyone who follows what it happened in, in batches by the workers
    (NO-3). Its key makes the same event tell its followers once, whatever retries happen."""

    key = models.CharField(max_length=100, unique=True)
    event = models.JSONField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    notified = models.PositiveIntegerField(default=0)
    # The follower after whom the last queued batch starts: a retried batch queues no other.
    cursor = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("fan-out")
        verbose_name_plural = _("fan-outs")

    def __str__(self) -> str:
        return self.key


class FanOutBatch(models.Model):
    """A batch of a fan-out that was delivered: written with its notifications, so that a
    batch run twice (a retry, a worker lost after committing) tells nobody twice."""

    fan_out = models.ForeignKey(FanOut, on_delete=models.CASCADE, related_name="batches")
    after_user_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fan_out", "after_user_id"], name="fan_out_batch_once")
        ]

    def __str__(self) -> str:
        return f"{self.fan_out_id} after {self.after_user_id}"


class EmailBody(models.Model):
    """A message's words, rendered once and shared by every recipient who reads it in that
    language: a thread told to 50,000 followers is rendered twice, not 50,000 times (NO-3).

    ``UNSUBSCRIBE_MARK`` stands where each recipient's own unsubscribe address goes."""

    UNSUBSCRIBE_MARK = "@@UNSUBSCRIBE_URL@@"

    subject = models.CharField(max_length=255)
    text = models.TextField()
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # [{"name": …, "mimetype": …, "content": base64}]
    attachments = models.JSONField(default=list, blank=True)
    from_email = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("email text")
        verbose_name_plural = _("email texts")

    def __str__(self) -> str:
        return self.subject


class OutboxEmail(models.Model):
    """One message to one address, kept until a mail server took it (NO-3).

    The workers claim it, send it, and mark it sent; a server that is down puts it back
    with a longer wait each time; one that refuses the address ends it, for staff to see."""

    body = models.ForeignKey(EmailBody, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    to = models.CharField(_("to"), max_length=254)
    unsubscribe_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    # Which worker's pass holds it while ``status`` is "sending".
    claim = models.CharField(max_length=32, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=[EmailStatus.QUEUED, EmailStatus.SENDING]),
                name="outbox_due",
            ),
            models.Index(fields=["status", "-id"], name="outbox_by_status"),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.body_id} ({self.status})"
