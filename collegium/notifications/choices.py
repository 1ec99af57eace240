from django.db import models
from django.utils.translation import pgettext_lazy


class Frequency(models.TextChoices):
    """How often someone hears of something by email (NO-2): for what they follow, and for
    each kind of notification that concerns them. The bell hears of everything but "never"."""

    INSTANT = "instant", pgettext_lazy("email frequency", "Every time")
    DAILY = "daily", pgettext_lazy("email frequency", "Daily digest")
    WEEKLY = "weekly", pgettext_lazy("email frequency", "Weekly digest")
    NEVER = "never", pgettext_lazy("email frequency", "Nothing")


# The order of preference when one person hears of the same thing through several follows.
FREQUENCY_RANK: dict[str, int] = {
    Frequency.INSTANT: 0,
    Frequency.DAILY: 1,
    Frequency.WEEKLY: 2,
    Frequency.NEVER: 3,
}


class Category(models.TextChoices):
    """Notifications about oneself, grouped for the email preferences (NO-1)."""

    REPLIES = "replies", pgettext_lazy("notification category", "Replies and comments to me")
    MENTIONS = "mentions", pgettext_lazy("notification category", "Mentions of me")
    ANSWERS = "answers", pgettext_lazy("notification category", "Answers to my questions")
    MEMBERSHIP = (
        "membership",
        pgettext_lazy("notification category", "Membership requests, decisions and invitations"),
    )
    MODERATION = (
        "moderation",
        pgettext_lazy("notification category", "Moderation of my content and my reports"),
    )
    ENGAGEMENT = (
        "engagement",
        pgettext_lazy("notification category", "Consultations, proposals and surveys"),
    )
    FOLLOWED = "followed", pgettext_lazy("notification category", "New content in what I follow")


class Kind(models.TextChoices):
    """What happened (NO-1). Later capabilities add theirs here and in ``kinds.KINDS``."""

    REPLY = "reply", pgettext_lazy("notification", "Reply to you")
    COMMENT = "comment", pgettext_lazy("notification", "Comment on your post")
    MENTION = "mention", pgettext_lazy("notification", "Mention")
    ANSWER_SUGGESTED = "answer_suggested", pgettext_lazy("notification", "Answer suggested")
    ANSWER_VERIFIED = "answer_verified", pgettext_lazy("notification", "Answer verified")
    JOIN_REQUESTED = "join_requested", pgettext_lazy("notification", "Request to join")
    JOIN_DECIDED = "join_decided", pgettext_lazy("notification", "Request to join decided")
    INVITED = "invited", pgettext_lazy("notification", "Invitation")
    PROPOSAL_DECIDED = "proposal_decided", pgettext_lazy("notification", "Proposal decided")
    CONTENT_MODERATED = "content_moderated", pgettext_lazy("notification", "Moderation")
    REPORT_SETTLED = "report_settled", pgettext_lazy("notification", "Report handled")
    CASE_WAITING = "case_waiting", pgettext_lazy("notification", "Waiting for moderation")
    NEW_THREAD = "new_thread", pgettext_lazy("notification", "New discussion")
    NEW_REPLY = "new_reply", pgettext_lazy("notification", "New reply")
    NEW_BLOG_POST = "new_blog_post", pgettext_lazy("notification", "New blog post")
    NEW_RESOURCE = "new_resource", pgettext_lazy("notification", "New resource")
    CONSULTATION_OPENED = (
        "consultation_opened",
        pgettext_lazy("notification", "Consultation opened"),
    )
    CONSULTATION_CLOSED = (
        "consultation_closed",
        pgettext_lazy("notification", "Consultation closed"),
    )
    SURVEY_INVITATION = "survey_invitation", pgettext_lazy("notification", "Survey invitation")
    WHAT_WE_HEARD_PUBLISHED = (
        "what_we_heard_published",
        pgettext_lazy("notification", "What we heard published"),
    )
    PROPOSAL_STATUS_CHANGED = (
        "proposal_status_changed",
        pgettext_lazy("notification", "Status of a proposal changed"),
    )


class Audience(models.TextChoices):
    """Who may still see a notification about something in a community (NO-1, NO-4)."""

    PARTICIPANTS = "participants", pgettext_lazy("notification audience", "Participants")
    PUBLIC_BLOG = "public_blog", pgettext_lazy("notification audience", "Public blog readers")
    RECIPIENT = "recipient", pgettext_lazy("notification audience", "The recipient")


class EmailStatus(models.TextChoices):
    """Where a message is on its way out (NO-3)."""

    QUEUED = "queued", pgettext_lazy("email status", "Waiting to be sent")
    SENDING = "sending", pgettext_lazy("email status", "Being sent")
    SENT = "sent", pgettext_lazy("email status", "Sent")
    REFUSED = "refused", pgettext_lazy("email status", "Refused by the mail server")
    FAILED = "failed", pgettext_lazy("email status", "Given up after retries")
