from django.db import models
from django.utils.translation import pgettext_lazy


class UserType(models.TextChoices):
    """Who a person is to the association (SPEC ID-1): members first, then non-members."""

    PHYSICIAN = "physician", pgettext_lazy("user type", "Physician")
    LEARNER = "learner", pgettext_lazy("user type", "Medical learner")
    ALLIED_HEALTH = "allied_health", pgettext_lazy("user type", "Allied health provider")
    POLICY_MAKER = "policy_maker", pgettext_lazy("user type", "Policy-maker")
    STAKEHOLDER = "stakeholder", pgettext_lazy("user type", "Stakeholder")
    PATIENT = "patient", pgettext_lazy("user type", "Patient")
    PUBLIC = "public", pgettext_lazy("user type", "Member of the public")


MEMBER_TYPES: frozenset[str] = frozenset({UserType.PHYSICIAN, UserType.LEARNER})


class StaffRole(models.TextChoices):
    """A role on top of the user type (SPEC ID-1); empty for everyone else."""

    NONE = "", pgettext_lazy("staff role", "None")
    MODERATOR = "moderator", pgettext_lazy("staff role", "Moderator")
    STAFF = "staff", pgettext_lazy("staff role", "Staff")
    ADMINISTRATOR = "administrator", pgettext_lazy("staff role", "Administrator")


class RosterStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("roster status", "Active")
    INACTIVE = "inactive", pgettext_lazy("roster status", "Inactive")


class ClaimStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("member claim", "Waiting for review")
    VERIFIED = "verified", pgettext_lazy("member claim", "Verified")
    REJECTED = "rejected", pgettext_lazy("member claim", "Not verified")


class Province(models.TextChoices):
    AB = "AB", pgettext_lazy("province", "Alberta")
    BC = "BC", pgettext_lazy("province", "British Columbia")
    MB = "MB", pgettext_lazy("province", "Manitoba")
    NB = "NB", pgettext_lazy("province", "New Brunswick")
    NL = "NL", pgettext_lazy("province", "Newfoundland and Labrador")
    NS = "NS", pgettext_lazy("province", "Nova Scotia")
    NT = "NT", pgettext_lazy("province", "Northwest Territories")
    NU = "NU", pgettext_lazy("province", "Nunavut")
    ON = "ON", pgettext_lazy("province", "Ontario")
    PE = "PE", pgettext_lazy("province", "Prince Edward Island")
    QC = "QC", pgettext_lazy("province", "Quebec")
    SK = "SK", pgettext_lazy("province", "Saskatchewan")
    YT = "YT", pgettext_lazy("province", "Yukon")
    OUTSIDE = "XX", pgettext_lazy("province", "Outside Canada")


class Audience(models.TextChoices):
    """Who may see a profile field (ID-5). The public never sees profiles (SPEC §0)."""

    SIGNED_IN = "signed_in", pgettext_lazy("audience", "Everyone signed in")
    MEMBERS = "members", pgettext_lazy("audience", "Members only")
    STAFF = "staff", pgettext_lazy("audience", "Association staff only")


class ConsentDocument(models.TextChoices):
    TERMS = "terms", pgettext_lazy("consent", "Terms of use")
    PRIVACY = "privacy", pgettext_lazy("consent", "Privacy")
