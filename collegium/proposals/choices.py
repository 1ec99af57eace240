from django.db import models
from django.utils.translation import pgettext_lazy


class ProposalStatus(models.TextChoices):
    """Where a proposal is on its way through the association (EN-2); staff move it, each time
    with a public reason."""

    SUBMITTED = "submitted", pgettext_lazy("proposal status", "Submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("proposal status", "Under review")
    ACCEPTED_FOR_DEBATE = (
        "accepted_for_debate",
        pgettext_lazy("proposal status", "Accepted for debate"),
    )
    ADOPTED = "adopted", pgettext_lazy("proposal status", "Adopted")
    DECLINED = "declined", pgettext_lazy("proposal status", "Declined")


# The only moves staff can make; adopted and declined are final (EN-2). Forward only, so a
# proposal reaches each status at most once.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProposalStatus.SUBMITTED: (ProposalStatus.UNDER_REVIEW, ProposalStatus.DECLINED),
    ProposalStatus.UNDER_REVIEW: (ProposalStatus.ACCEPTED_FOR_DEBATE, ProposalStatus.DECLINED),
    ProposalStatus.ACCEPTED_FOR_DEBATE: (ProposalStatus.ADOPTED, ProposalStatus.DECLINED),
    ProposalStatus.ADOPTED: (),
    ProposalStatus.DECLINED: (),
}
FINAL_STATUSES = frozenset({ProposalStatus.ADOPTED, ProposalStatus.DECLINED})
# "Sorted by status" reads the way a proposal travels: new ones first, decided ones last.
STATUS_ORDER: tuple[str, ...] = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.UNDER_REVIEW,
    ProposalStatus.ACCEPTED_FOR_DEBATE,
    ProposalStatus.ADOPTED,
    ProposalStatus.DECLINED,
)


class ProposalLanguage(models.TextChoices):
    """The language a proposal is written in: its author's choice, never translated."""

    EN = "en", pgettext_lazy("content language", "English")
    FR = "fr", pgettext_lazy("content language", "French")


class ProposalSort(models.TextChoices):
    """How the list of proposals is ordered."""

    NEWEST = "newest", pgettext_lazy("proposal sort", "Newest")
    SUPPORT = "support", pgettext_lazy("proposal sort", "Most supported")
    STATUS = "status", pgettext_lazy("proposal sort", "Status")
