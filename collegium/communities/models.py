from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collegium.accounts.choices import UserType
from collegium.communities.choices import (
    CommunityKind,
    CommunityLanguage,
    CommunityStatus,
    DirectoryVisibility,
    InvitationStatus,
    Joining,
    MembershipStatus,
    ProposalStatus,
    RequestStatus,
    Role,
)


def cover_path(community: Community, filename: str) -> str:
    return f"communities/{community.pk or 'new'}/{uuid.uuid4().hex}.webp"


class Community(models.Model):
    """A community of interest (SPEC CO-1): people gathered around a topic."""

    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    # Translated by modeltranslation (name_en/name_fr …); member-led ones may fill one language.
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=4000)
    description_html = models.TextField(editable=False, default="")
    objectives = models.TextField(_("objectives"), max_length=4000, blank=True)
    objectives_html = models.TextField(editable=False, default="")
    who_participates = models.TextField(_("who participates"), max_length=1000, blank=True)
    rules = models.TextField(_("rules of engagement"), max_length=8000, blank=True)
    rules_html = models.TextField(editable=False, default="")
    rules_version = models.PositiveIntegerField(_("rules version"), default=1)

    kind = models.CharField(
        _("kind"), max_length=12, choices=CommunityKind.choices, default=CommunityKind.MEMBER
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CommunityStatus.choices, default=CommunityStatus.ACTIVE
    )
    language = models.CharField(
        _("language"), max_length=4, choices=CommunityLanguage.choices, default=CommunityLanguage.EN
    )
    joining = models.CharField(
        _("joining"), max_length=12, choices=Joining.choices, default=Joining.REQUEST
    )
    visibility = models.CharField(
        _("directory visibility"),
        max_length=10,
        choices=DirectoryVisibility.choices,
        default=DirectoryVisibility.SIGNED_IN,
    )
    cover = models.ImageField(_("cover image"), upload_to=cover_path, blank=True)
    # CT-2: a community may choose to publish its blog (posts, not comments) to everyone, with an
    # Atom feed; only a community whose directory entry is public can (SPEC §0, NO-4).
    blog_is_public = models.BooleanField(
        _("publish the blog to everyone"),
        default=False,
        help_text=_(
            "Anyone, signed in or not, can read the blog's posts and follow its Atom feed. "
            "Comments stay visible to participants only. Needs a public directory entry."
        ),
    )
    # CT-3: who adds to the resource library besides the leaders.
    participants_may_upload = models.BooleanField(
        _("participants may add resources"),
        default=False,
        help_text=_("Participants, not only leaders, can add files and links to the library."),
    )
    tags = models.ManyToManyField(
        "core.Tag", verbose_name=_("topics"), blank=True, related_name="+"
    )
    # CO-2: the special members-only community that holds member consultations.
    is_member_community = models.BooleanField(_("the Member Community"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Kept up to date by the membership services so lists never count rows per community.
    participant_count = models.PositiveIntegerField(_("participants"), default=0)

    if TYPE_CHECKING:
        name_en: str
        name_fr: str
        description_en: str
        description_fr: str
        objectives_en: str
        objectives_fr: str
        who_participates_en: str
        who_participates_fr: str
        rules_en: str
        rules_fr: str

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_member_community"],
                condition=Q(is_member_community=True),
                name="community_one_member_community",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.blog_is_public and self.visibility != DirectoryVisibility.PUBLIC:
            raise ValidationError(
                {
                    "blog_is_public": _(
                        "Only a community whose directory entry is visible to everyone can "
                        "publish its blog to everyone."
                    )
                },
                code="blog_not_public",
            )

    @property
    def audience_types(self) -> set[str]:
        """The user types that may take part (CO-3); prefetch ``audiences`` in lists."""
        return {audience.user_type for audience in self.audiences.all()}

    @property
    def is_archived(self) -> bool:
        return self.status == CommunityStatus.ARCHIVED


class RulesVersion(models.Model):
    """One text of a community's rules of engagement; earlier texts stay on record (MO-4)."""

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="rules_versions",
    )
    # The same number as ``Community.rules_version`` when this text was saved.
    number = models.PositiveIntegerField(_("version"))
    # Translated by modeltranslation (rules_en/rules_fr, rules_html_en/rules_html_fr).
    rules = models.TextField(_("rules of engagement"), max_length=8000, blank=True)
    rules_html = models.TextField(editable=False, default="")
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Not auto_now_add: the versions made for existing communities keep their own dates.
    created_at = models.DateTimeField(_("changed at"), default=timezone.now, editable=False)

    if TYPE_CHECKING:
        rules_en: str
        rules_fr: str
        rules_html_en: str
        rules_html_fr: str

    class Meta:
        verbose_name = _("version of the rules")
        verbose_name_plural = _("versions of the rules")
        ordering = ["community", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "number"], name="rules_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community} v{self.number}"


class CommunityAudience(models.Model):
    """One user type that may take part in a community (CO-3)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="audiences")
    user_type = models.CharField(_("user type"), max_length=20, choices=UserType.choices)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audience")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user_type"], name="community_audience_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community}: {self.user_type}"


class Membership(models.Model):
    """Someone's place in a community: their role, or that they are banned (CO-4)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=12, choices=Role.choices, default=Role.PARTICIPANT
    )
    status = models.CharField(
        _("status"), max_length=8, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    rules_version_accepted = models.PositiveIntegerField(_("rules version accepted"), default=0)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    banned_reason = models.TextField(_("reason for the ban"), blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="membership_unique")
        ]
        # A community's leaders without reading its other participants (the overview).
        indexes = [models.Index(fields=["community", "role", "status"], name="membership_role")]

    def __str__(self) -> str:
        return f"{self.user} in {self.community} ({self.role}, {self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE


class JoinRequest(models.Model):
    """A request to join a by-request community, decided by its leaders (CO-3)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message to the leaders"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=Q(status=RequestStatus.PENDING),
                name="join_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.community} ({self.status})"


class Invitation(models.Model):
    """A leader's invitation, to an account or to an email without one (CO-3)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="community_invitations",
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "email"],
                condition=Q(status=InvitationStatus.PENDING),
                name="invitation_one_pending_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.community} ({self.status})"


class CommunityProposal(models.Model):
    """A member-led community proposed to staff (CO-2); created as a community on approval."""

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_proposals"
    )
    co_proposers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("co-proposers"), blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=4000)
    objectives = models.TextField(_("objectives"), max_length=4000)
    who_participates = models.TextField(_("who should take part"), max_length=1000)
    language = models.CharField(
        _("language"), max_length=4, choices=CommunityLanguage.choices, default=CommunityLanguage.EN
    )
    joining = models.CharField(
        _("joining"), max_length=12, choices=Joining.choices, default=Joining.REQUEST
    )
    audience = models.JSONField(_("user types who may take part"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    staff_message = models.TextField(_("message from staff"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    community = models.OneToOneField(
        Community, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal"
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("community proposal")
        verbose_name_plural = _("community proposals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name
