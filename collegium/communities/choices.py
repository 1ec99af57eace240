from django.db import models
from django.utils.translation import pgettext_lazy


class CommunityKind(models.TextChoices):
    """CO-2: created by the association, or proposed by members and stakeholders."""

    ASSOCIATION = "association", pgettext_lazy("community kind", "Association-led")
    MEMBER = "member", pgettext_lazy("community kind", "Member-led")


class CommunityStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("community status", "Proposed")
    ACTIVE = "active", pgettext_lazy("community status", "Active")
    ARCHIVED = "archived", pgettext_lazy("community status", "Archived")


class CommunityLanguage(models.TextChoices):
    EN = "en", pgettext_lazy("community language", "English")
    FR = "fr", pgettext_lazy("community language", "French")
    BOTH = "both", pgettext_lazy("community language", "English and French")


class Joining(models.TextChoices):
    """CO-3: how eligible people get in."""

    OPEN = "open", pgettext_lazy("joining", "Open: join at once")
    REQUEST = "request", pgettext_lazy("joining", "By request: a leader approves")
    INVITATION = "invitation", pgettext_lazy("joining", "By invitation only")


class DirectoryVisibility(models.TextChoices):
    """CO-3: who sees the community's entry in the directory and its overview page."""

    PUBLIC = "public", pgettext_lazy("visibility", "Everyone, including the public")
    SIGNED_IN = "signed_in", pgettext_lazy("visibility", "Everyone signed in")
    MEMBERS = "members", pgettext_lazy("visibility", "Members of the association")
    HIDDEN = "hidden", pgettext_lazy("visibility", "Hidden: only its own participants")


class Role(models.TextChoices):
    """CO-4: roles inside a community."""

    LEADER = "leader", pgettext_lazy("community role", "Leader")
    MODERATOR = "moderator", pgettext_lazy("community role", "Moderator")
    PARTICIPANT = "participant", pgettext_lazy("community role", "Participant")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("membership", "Active")
    BANNED = "banned", pgettext_lazy("membership", "Banned")


class RequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("join request", "Waiting for a leader")
    APPROVED = "approved", pgettext_lazy("join request", "Approved")
    DECLINED = "declined", pgettext_lazy("join request", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("join request", "Withdrawn")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation", "Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
    REVOKED = "revoked", pgettext_lazy("invitation", "Revoked")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("proposal", "Submitted")
    CHANGES_REQUESTED = "changes", pgettext_lazy("proposal", "Changes requested")
    APPROVED = "approved", pgettext_lazy("proposal", "Approved")
    DECLINED = "declined", pgettext_lazy("proposal", "Declined")
