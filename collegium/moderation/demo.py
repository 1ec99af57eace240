"""Demo moderation: a reply naming a patient waits in "Substance use"'s queue (MO-1)."""

from collections.abc import Callable

from collegium.accounts.models import User
from collegium.communities.models import Community
from collegium.forums import services as forums_services
from collegium.forums.choices import ThreadKind
from collegium.moderation import services
from collegium.moderation.choices import Category, TargetKind
from collegium.moderation.models import Case
from collegium.moderation.targets import TARGETS


def load(write: Callable[[str], None]) -> None:
    """Once: a thread, a reply that names a patient, and a participant's report of it; the
    community's leader (learner@example.org) finds it in the community's queue."""
    people = {user.username: user for user in User.objects.filter(is_active=True)}
    community = Community.objects.filter(slug="substance-use").first()
    if (
        community is None
        or Case.objects.exists()
        or not {"nurse-cedar", "patient-willow"} <= (people.keys())
    ):
        write("moderation: demo report kept")
        return
    nurse, patient = people["nurse-cedar"], people["patient-willow"]
    thread = forums_services.thread_create(
        actor=patient,
        community=community,
        kind=ThreadKind.QUESTION,
        title="Where can I get a naloxone kit on a weekend?",
        body="My pharmacy is closed on Sundays. Is there another place to get a kit?",
    )
    reply = forums_services.post_reply(
        actor=nurse,
        thread=thread,
        body="Most community pharmacies hand them out for free. Last week I gave one to "
        "Mr. Tremblay from our Tuesday clinic, born in 1961, after his overdose.",
    )
    services.report_submit(
        reporter=patient,
        target=TARGETS[TargetKind.POST],
        obj=reply,
        category=Category.PRIVACY,
        note="This names a patient and gives his year of birth.",
    )
    write("moderation: a report waits in the queue of Substance use and harm reduction")
