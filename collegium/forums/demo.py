"""Demo threads: a question answered and verified, a discussion, an association topic (CT-1)."""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from collegium.accounts.models import User
from collegium.communities.models import Community
from collegium.forums import services
from collegium.forums.choices import ThreadKind
from collegium.forums.models import Thread


def load(write: Callable[[str], None]) -> None:
    """Create the demo threads once; a community that already has threads is left alone."""
    people = {user.username: user for user in User.objects.all()}
    communities = {community.slug: community for community in Community.objects.all()}
    needed = {"dr-maple", "resident-birch", "staff-sam", "nurse-cedar", "patient-willow"}
    if not needed <= people.keys() or Thread.objects.exists():
        write("forums: demo threads kept")
        return
    maple, birch, sam = people["dr-maple"], people["resident-birch"], people["staff-sam"]

    equity = communities.get("gender-equity-in-medicine")
    if equity is not None:
        question = services.thread_create(
            actor=birch,
            community=equity,
            kind=ThreadKind.QUESTION,
            title="How do residents negotiate parental leave during training?",
            body="I start my PGY-3 in July and expect a baby in the fall. Which programs have "
            "a written policy, and who did you talk to first?",
            tags="parental leave, residency",
        )
        answer = services.post_reply(
            actor=maple,
            thread=question,
            body="Start with your program director and your resident association: most "
            "provinces' collective agreements set the minimum. Ask for the written policy "
            "and put the plan in an email afterwards.\n\n@resident-birch, the "
            "association's guide on parental leave is a good checklist.",
        )
        services.post_reply(
            actor=birch,
            thread=question,
            body="Thank you, that is exactly the order I needed.",
            reply_to=answer,
        )
        services.answer_verify(actor=birch, post=answer)
        services.thread_create(
            actor=maple,
            community=equity,
            kind=ThreadKind.DISCUSSION,
            title="Pay equity data: what should we ask the association to publish?",
            body="| Indicator | Why it matters |\n| --- | --- |\n| Billing by gender | "
            "shows the gap |\n| Referral patterns | shows where it starts |\n\nWhat would you add?",
            tags="equity, data",
        )

    substance = communities.get("substance-use")
    if substance is not None:
        discussion = services.thread_create(
            actor=birch,
            community=substance,
            kind=ThreadKind.DISCUSSION,
            title="Naloxone kits in primary care clinics",
            body="Does your clinic hand out naloxone kits? How did you set it up?",
            tags="harm reduction",
        )
        services.post_reply(
            actor=people["nurse-cedar"],
            thread=discussion,
            body="We keep ten kits at reception and train every new staff member in their "
            "first week.",
        )

    wellness = communities.get("physician-health-and-wellness")
    if wellness is not None:
        topic = services.thread_create(
            actor=sam,
            community=wellness,
            kind=ThreadKind.DISCUSSION,
            title="Tell us: what would make after-hours call sustainable?",
            body="The association is preparing its brief on physician workload. This topic is "
            "open for four weeks; every reply is read by the policy team.",
            closes_at=timezone.now() + timedelta(days=28),
            tags="workload",
        )
        services.thread_pin(actor=sam, thread=topic, pinned=True)
    write("forums: demo threads created")
