from django.db import models
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    """What a report says is wrong: the categories of the community guidelines (MO-1)."""

    INTIMIDATION = "intimidation", pgettext_lazy("report category", "Intimidation")
    ABUSIVE = (
        "abusive",
        pgettext_lazy(
            "report category", "Discriminatory, hateful, defamatory, offensive, abusive or illegal"
        ),
    )
    PRIVACY = (
        "privacy",
        pgettext_lazy(
            "report category",
            "Privacy or confidentiality breach, including a patient's information",
        ),
    )
    COMMERCIAL = "commercial", pgettext_lazy("report category", "Commercial interest")
    OFF_TOPIC = "off_topic", pgettext_lazy("report category", "Off topic")
    OTHER = "other", pgettext_lazy("report category", "Other")


# Why content is hidden: a guideline category, or held for review before anyone sees it (MO-3).
HELD = "held"
REMOVAL_CATEGORIES = [
    *Category.choices,
    (HELD, pgettext_lazy("report category", "Held for review: links from a new account")),
]


class TargetKind(models.TextChoices):
    """What can be reported and moderated (MO-1)."""

    POST = "post", pgettext_lazy("moderated item", "Forum post")
    BLOG_POST = "blog_post", pgettext_lazy("moderated item", "Blog post")
    BLOG_COMMENT = "blog_comment", pgettext_lazy("moderated item", "Comment on a blog post")
    RESOURCE = "resource", pgettext_lazy("moderated item", "Resource")
    RESOURCE_COMMENT = "resource_comment", pgettext_lazy("moderated item", "Comment on a resource")
    CONSULTATION_COMMENT = (
        "consultation_comment",
        pgettext_lazy("moderated item", "Comment on a consultation"),
    )
    PROFILE = "profile", pgettext_lazy("moderated item", "Profile")
    PROPOSAL = "proposal", pgettext_lazy("moderated item", "Proposal")
    PROPOSAL_COMMENT = "proposal_comment", pgettext_lazy("moderated item", "Comment on a proposal")


class CaseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("moderation case", "Waiting for a moderator")
    RESOLVED = "resolved", pgettext_lazy("moderation case", "Handled")


class Action(models.TextChoices):
    """Everything a moderator can do, as the audit log names it (MO-2)."""

    DISMISS = "dismiss", pgettext_lazy("moderation action", "Reports dismissed")
    REOPEN = "reopen", pgettext_lazy("moderation action", "Reports reopened")
    REMOVE = "remove", pgettext_lazy("moderation action", "Removed")
    RESTORE = "restore", pgettext_lazy("moderation action", "Restored")
    HOLD = "hold", pgettext_lazy("moderation action", "Held for review")
    EDIT = "edit", pgettext_lazy("moderation action", "Edited by a moderator")
    CLOSE_THREAD = "close", pgettext_lazy("moderation action", "Thread closed")
    REOPEN_THREAD = "reopen_thread", pgettext_lazy("moderation action", "Thread reopened")
    MOVE_THREAD = "move", pgettext_lazy("moderation action", "Thread moved")
    WARN = "warn", pgettext_lazy("moderation action", "Warning sent")
    WITHDRAW_WARNING = "unwarn", pgettext_lazy("moderation action", "Warning withdrawn")
    SUSPEND = "suspend", pgettext_lazy("moderation action", "Suspended")
    LIFT_SUSPENSION = "unsuspend", pgettext_lazy("moderation action", "Suspension lifted")
    BAN_COMMUNITY = "ban_community", pgettext_lazy("moderation action", "Banned from the community")
    UNBAN_COMMUNITY = (
        "unban_community",
        pgettext_lazy("moderation action", "Ban from the community lifted"),
    )
    BAN_PLATFORM = "ban_platform", pgettext_lazy("moderation action", "Banned from the platform")
    UNBAN_PLATFORM = (
        "unban_platform",
        pgettext_lazy("moderation action", "Ban from the platform lifted"),
    )


# What undoes what, from the audit log (MO-2). A dismissal is undone by reopening the reports.
UNDO = {
    Action.DISMISS: Action.REOPEN,
    Action.REMOVE: Action.RESTORE,
    Action.HOLD: Action.RESTORE,
    Action.RESTORE: Action.REMOVE,
    Action.EDIT: Action.EDIT,
    Action.CLOSE_THREAD: Action.REOPEN_THREAD,
    Action.MOVE_THREAD: Action.MOVE_THREAD,
    Action.WARN: Action.WITHDRAW_WARNING,
    Action.SUSPEND: Action.LIFT_SUSPENSION,
    Action.BAN_COMMUNITY: Action.UNBAN_COMMUNITY,
    Action.BAN_PLATFORM: Action.UNBAN_PLATFORM,
}
