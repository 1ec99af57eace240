from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collegium.accounts.choices import (
    MEMBER_TYPES,
    Audience,
    ClaimStatus,
    ConsentDocument,
    Province,
    RosterStatus,
    StaffRole,
    UserType,
)


class User(AbstractUser):
    """A person who signs in: a member, a non-member, or association staff."""

    # ID-4: ``username`` is assigned by the platform and shown on what the person writes;
    # people sign in with their email address, which is never shown to others.
    email = models.EmailField(_("email address"), unique=True)
    user_type = models.CharField(
        _("user type"), max_length=20, choices=UserType.choices, default=UserType.PUBLIC
    )
    staff_role = models.CharField(
        _("staff role"), max_length=20, choices=StaffRole.choices, blank=True, default=""
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("en", _("English")), ("fr", _("French"))],
        default="en",
    )
    # ID-3: set when a claim is verified; unique, so a member ID belongs to one account only.
    member_id = models.CharField(
        _("member ID"), max_length=20, unique=True, null=True, blank=True, default=None
    )
    member_verified_at = models.DateTimeField(_("member verified at"), null=True, blank=True)
    # ID-6: an account deleted with its content kept is anonymised, not removed.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    # MO-2: a suspension ends on its own date; a ban from the platform also deactivates the
    # account, so that it can no longer sign in. Both keep the person's content.
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for the suspension"), blank=True)
    banned_at = models.DateTimeField(_("banned from the platform at"), null=True, blank=True)
    ban_reason = models.TextField(_("reason for the ban"), blank=True)
    # MO-4: the version of the platform's community guidelines the person accepted last;
    # writing anywhere waits until they accept the current one.
    guidelines_version_accepted = models.PositiveIntegerField(
        _("guidelines version accepted"), default=0
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", kwargs={"username": self.username})

    @property
    def is_member_type(self) -> bool:
        """Says they are a physician or medical learner (verified or not)."""
        return self.user_type in MEMBER_TYPES

    @property
    def is_member(self) -> bool:
        """A verified member. An unverified physician acts as a non-member (ID-3)."""
        return self.is_member_type and self.member_verified_at is not None

    @property
    def is_association_staff(self) -> bool:
        return self.staff_role in {StaffRole.STAFF, StaffRole.ADMINISTRATOR} or self.is_superuser

    @property
    def is_suspended(self) -> bool:
        from django.utils import timezone

        return self.suspended_until is not None and self.suspended_until > timezone.now()

    @property
    def is_platform_moderator(self) -> bool:
        return self.staff_role == StaffRole.MODERATOR or self.is_association_staff


class RosterEntry(models.Model):
    """One person on the association's membership roster, imported from CSV (ID-3)."""

    member_id = models.CharField(_("member ID"), max_length=20, unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("email address"), db_index=True)
    member_type = models.CharField(
        _("member type"),
        max_length=20,
        choices=[(t.value, t.label) for t in UserType if t in MEMBER_TYPES],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RosterStatus.choices, default=RosterStatus.ACTIVE
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("roster entry")
        verbose_name_plural = _("membership roster")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.first_name} {self.last_name}"


class MemberClaim(models.Model):
    """A person's claim to a member ID, decided from the roster or by staff (ID-3)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="member_claims",
    )
    member_id = models.CharField(_("member ID"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    is_automatic = models.BooleanField(_("decided from the roster"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("member ID claim")
        verbose_name_plural = _("member ID claims")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status=ClaimStatus.PENDING),
                name="member_claim_one_pending_per_user",
            ),
            models.UniqueConstraint(
                fields=["member_id"],
                condition=Q(status=ClaimStatus.VERIFIED),
                name="member_claim_one_verified_per_member_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.member_id} ({self.status})"


class UsernameChange(models.Model):
    """A username someone had before; links to it still lead to their profile (ID-4)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="username_changes",
    )
    old_username = models.CharField(_("old username"), max_length=150, db_index=True)
    new_username = models.CharField(_("new username"), max_length=150)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("username change")
        verbose_name_plural = _("username changes")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.old_username} → {self.new_username}"


def profile_photo_path(profile: Profile, filename: str) -> str:
    # A fresh name per upload, so a cached copy of the old photo is never shown as the new one.
    return f"profiles/{profile.user_id}/{uuid.uuid4().hex}.webp"


PROFILE_FIELDS_WITH_AUDIENCE = (
    "photo",
    "background",
    "interests",
    "province",
    "specialty",
    "conflict_of_interest",
)
DEFAULT_AUDIENCE = {
    "photo": Audience.SIGNED_IN,
    "background": Audience.SIGNED_IN,
    "interests": Audience.SIGNED_IN,
    "province": Audience.MEMBERS,
    "specialty": Audience.SIGNED_IN,
    "conflict_of_interest": Audience.SIGNED_IN,
}


class Profile(models.Model):
    """What a person tells others about themselves, and who may see each part (ID-5)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="profile",
    )
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("Shown beside your username. Leave empty to show your username only."),
    )
    photo = models.ImageField(_("photo"), upload_to=profile_photo_path, blank=True)
    background = models.TextField(_("background"), max_length=2000, blank=True)
    interests = models.ManyToManyField(
        "core.Tag", verbose_name=_("interests"), blank=True, related_name="+"
    )
    province = models.CharField(
        _("province or territory"), max_length=2, choices=Province.choices, blank=True
    )
    specialty = models.CharField(_("specialty"), max_length=120, blank=True)
    conflict_of_interest = models.TextField(
        _("conflict-of-interest disclosure"), max_length=2000, blank=True
    )
    visibility = models.JSONField(_("who may see each field"), default=dict, blank=True)
    guidelines_read_at = models.DateTimeField(_("guidelines read at"), null=True, blank=True)
    communities_browsed_at = models.DateTimeField(
        _("communities browsed at"), null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)

    def audience_of(self, field: str) -> str:
        return str(self.visibility.get(field, DEFAULT_AUDIENCE[field]))

    @property
    def is_complete(self) -> bool:
        """The "complete your profile" step of getting started (ID-5)."""
        return bool(self.display_name and (self.background or self.photo))


class Consent(models.Model):
    """Someone accepted a version of the terms of use or the privacy policy (ID-6)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    document = models.CharField(_("document"), max_length=10, choices=ConsentDocument.choices)
    version = models.PositiveIntegerField(_("version"))
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "document", "version"], name="consent_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.document} v{self.version}"
