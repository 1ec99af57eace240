from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from collegium.accounts.choices import MEMBER_TYPES, StaffRole, UserType


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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.username

    @property
    def is_member_type(self) -> bool:
        """Physician or medical learner (member verification arrives with SPEC ID-3)."""
        return self.user_type in MEMBER_TYPES
