"""The permission matrix of engagement (SPEC §0, EN-1, EN-2; issue 9).

Every kind of viewer × consultation (platform-wide and in a community; in preparation, open,
closed) and proposal (platform-wide and in a community) × page, walked through the real views.
The expected answers are the RULES below, written from the spec in plain words; they never call
the code under test. Each rule returns its answer with the sentence that decided it, so a
failure explains itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.models import User
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.communities.services import membership_add
from collegium.communities.tests.factories import make_community
from collegium.consultations.choices import ConsultationStatus
from collegium.consultations.tests.factories import ConsultationFactory
from collegium.proposals.models import Proposal
from collegium.questionnaires.tests.factories import QuestionFactory

SIGN_IN = 302
SHOWN = 200
HIDDEN = 404


@dataclass(frozen=True)
class Viewer:
    name: str
    make: Callable[[], object] | None  # None: not signed in
    user_type: str = ""
    member: bool = False
    staff: bool = False
    analyst: bool = False
    moderator: bool = False
    participant: bool = False  # takes part in the community of the community things


def _staff(username: str, *, analyst: bool = False) -> User:
    person = cast(
        User,
        UserFactory(
            username=username, user_type=UserType.PUBLIC, staff_role=StaffRole.STAFF, is_staff=True
        ),
    )
    if analyst:
        person.user_permissions.add(Permission.objects.get(codename="analyse_responses"))
    return person


VIEWERS = [
    Viewer("anonymous", None),
    Viewer("public", lambda: UserFactory(username="a-citizen", user_type=UserType.PUBLIC)),
    Viewer("patient", lambda: UserFactory(username="a-patient", user_type=UserType.PATIENT)),
    Viewer(
        "unverified physician",
        lambda: UserFactory(username="dr-unverified", user_type=UserType.PHYSICIAN),
        user_type=UserType.PUBLIC,  # counts as the public until staff verify the member ID
    ),
    Viewer(
        "physician",
        lambda: verified_member("dr-outside", "8000001"),
        user_type=UserType.PHYSICIAN,
        member=True,
    ),
    Viewer(
        "participating physician",
        lambda: verified_member("dr-inside", "8000002"),
        user_type=UserType.PHYSICIAN,
        member=True,
        participant=True,
    ),
    Viewer(
        "allied health",
        lambda: UserFactory(username="nurse", user_type=UserType.ALLIED_HEALTH),
        user_type=UserType.ALLIED_HEALTH,
    ),
    Viewer(
        "moderator",
        lambda: UserFactory(
            username="platform-mod", user_type=UserType.PUBLIC, staff_role=StaffRole.MODERATOR
        ),
        moderator=True,
    ),
    Viewer("staff", lambda: _staff("staff-sam"), staff=True),
    Viewer("analyst", lambda: _staff("analyst-oak", analyst=True), staff=True, analyst=True),
]


@dataclass(frozen=True)
class Setting:
    name: str
    status: str
    in_community: bool


CONSULTATIONS = [
    Setting("platform, in preparation", ConsultationStatus.DRAFT, False),
    Setting("platform, open", ConsultationStatus.OPEN, False),
    Setting("platform, closed", ConsultationStatus.CLOSED, False),
    Setting("community, open", ConsultationStatus.OPEN, True),
]
AUDIENCE = {UserType.PHYSICIAN, UserType.LEARNER}

# The rules ------------------------------------------------------------------------------------


def sees_consultation(viewer: Viewer, setting: Setting) -> tuple[int, str]:
    if viewer.make is None:
        return SIGN_IN, "nothing is public: sign in first"
    if viewer.staff:
        return SHOWN, "staff see every consultation, in preparation too"
    if setting.status == ConsultationStatus.DRAFT:
        return HIDDEN, "a consultation in preparation exists for staff only"
    if viewer.moderator:
        return SHOWN, "platform moderators see every published one, to moderate its comments"
    if viewer.user_type not in AUDIENCE:
        return HIDDEN, "it is put to physicians and learners only"
    if setting.in_community and not viewer.participant:
        return HIDDEN, "a community's consultation is for those who take part in it"
    return SHOWN, "published, put to their user type, where they take part"


def answers_confidentially(viewer: Viewer, setting: Setting) -> tuple[int, str]:
    seen, why = sees_consultation(viewer, setting)
    if seen != SHOWN:
        return seen, why
    return SHOWN, "whoever sees it reaches the form (read-only when they may not send)"


def reads_results(viewer: Viewer, setting: Setting) -> tuple[int, str]:
    if viewer.make is None:
        return SIGN_IN, "nothing is public: sign in first"
    if not viewer.analyst:
        return HIDDEN, "confidential answers are for staff holding the analyst permission"
    return SHOWN, "an analyst"


def builds_the_form(viewer: Viewer, setting: Setting) -> tuple[int, str]:
    if viewer.make is None:
        return SIGN_IN, "nothing is public: sign in first"
    if not viewer.staff:
        return HIDDEN, "the form is built by staff; the page does not exist for others"
    return SHOWN, "staff"


def sees_proposal(viewer: Viewer, in_community: bool) -> tuple[int, str]:
    if viewer.make is None:
        return SIGN_IN, "nothing is public: sign in first"
    if not in_community:
        return SHOWN, "a platform-wide proposal is for everyone signed in"
    if viewer.staff or viewer.moderator or viewer.participant:
        return SHOWN, "a community's proposal is for those who read the community"
    return HIDDEN, "a community's proposal is private to those who read the community"


# The walk -------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", VIEWERS, ids=lambda viewer: viewer.name)
def test_each_viewer_reaches_what_the_rules_say(viewer, db):
    community = make_community("Rural care", slug="rural-care", name_fr="Soins en région")
    person = viewer.make() if viewer.make else None
    if person is not None and viewer.participant:
        membership_add(community, person)
    consultations = {}
    for setting in CONSULTATIONS:
        consultation = ConsultationFactory(
            status=setting.status,
            community=community if setting.in_community else None,
            closes_at=timezone.now()
            + (
                timedelta(days=-1)
                if setting.status == ConsultationStatus.CLOSED
                else timedelta(days=30)
            ),
            opens_at=timezone.now() - timedelta(days=10),
        )
        QuestionFactory(questionnaire=consultation.questionnaire)
        consultations[setting] = consultation
    author = verified_member("dr-author", "8000009")
    membership_add(community, author)
    proposals = {
        in_community: Proposal.objects.create(
            author=author,
            community=community if in_community else None,
            title="Fund locums",
            summary="A national locum program.",
            body="Details.",
            body_html="<p>Details.</p>",
        )
        for in_community in (False, True)
    }

    client = Client()
    if person is not None:
        client.force_login(person)
    failures = []

    def check(where: str, url: str, expected: tuple[int, str]) -> None:
        code = client.get(url).status_code
        if code != expected[0]:
            failures.append(f"{where}: got {code}, rule says {expected[0]} ({expected[1]})")

    for setting, consultation in consultations.items():
        slug = consultation.slug
        check(
            f"consultation ({setting.name})",
            reverse("consultations:detail", args=[slug]),
            sees_consultation(viewer, setting),
        )
        check(
            f"confidential form ({setting.name})",
            reverse("consultations:respond", args=[slug]),
            answers_confidentially(viewer, setting),
        )
        check(
            f"results ({setting.name})",
            reverse("consultations:results", args=[slug]),
            reads_results(viewer, setting),
        )
        check(
            f"export ({setting.name})",
            reverse("consultations:export_csv", args=[slug]),
            reads_results(viewer, setting)
            if reads_results(viewer, setting)[0] != SHOWN
            else (302, "too few responses to export: back to the results"),
        )
        check(
            f"form builder ({setting.name})",
            reverse("consultations:form", args=[slug]),
            builds_the_form(viewer, setting),
        )
    for in_community, proposal in proposals.items():
        check(
            f"proposal ({'community' if in_community else 'platform'})",
            reverse("proposals:detail", args=[proposal.pk]),
            sees_proposal(viewer, in_community),
        )
    assert not failures, "\n".join(failures)
