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


MEMBER_TYPES = frozenset({UserType.PHYSICIAN, UserType.LEARNER})


class StaffRole(models.TextChoices):
    """A role on top of the user type (SPEC ID-1); empty for everyone else."""

    NONE = "", pgettext_lazy("staff role", "None")
    MODERATOR = "moderator", pgettext_lazy("staff role", "Moderator")
    STAFF = "staff", pgettext_lazy("staff role", "Staff")
    ADMINISTRATOR = "administrator", pgettext_lazy("staff role", "Administrator")
