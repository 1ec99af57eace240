"""Demo communities drawn from the seed documents (README), with leaders and participants."""

from collections.abc import Callable
from typing import Any

from collegium.accounts.choices import MEMBER_TYPES, UserType
from collegium.accounts.models import User
from collegium.accounts.services import tags_from_text
from collegium.communities import services
from collegium.communities.choices import (
    CommunityKind,
    CommunityLanguage,
    CommunityStatus,
    DirectoryVisibility,
    Joining,
    Role,
)
from collegium.communities.models import Community

EVERYONE = list(UserType.values)
MEMBERS = sorted(MEMBER_TYPES)
HEALTH_TEAM = [*MEMBERS, UserType.ALLIED_HEALTH, UserType.PATIENT, UserType.STAKEHOLDER]

DEMO_COMMUNITIES: list[dict[str, Any]] = [
    {
        "slug": "gender-equity-in-medicine",
        "name_en": "Gender equity in medicine",
        "description_en": "Physicians and learners working toward equitable careers, pay and "
        "leadership in medicine.",
        "objectives_en": "- Share data and experiences\n- Propose policy on parental leave",
        "who_participates_en": "Physicians and medical learners across Canada.",
        "rules_en": "Speak from your own experience; do not name colleagues.",
        "kind": CommunityKind.MEMBER,
        "language": CommunityLanguage.EN,
        "joining": Joining.REQUEST,
        "visibility": DirectoryVisibility.SIGNED_IN,
        "audience": MEMBERS,
        "tags": "equity, leadership",
        "leaders": ["physician@example.org"],
        "participants": ["learner@example.org"],
    },
    {
        "slug": "substance-use",
        "name_en": "Substance use and harm reduction",
        "description_en": "A grassroots community on substance use, harm reduction and care "
        "pathways, open to the whole care team and to patients.",
        "who_participates_en": "Physicians, learners, allied health providers, patients and "
        "stakeholders.",
        "kind": CommunityKind.MEMBER,
        "language": CommunityLanguage.EN,
        "joining": Joining.OPEN,
        "visibility": DirectoryVisibility.PUBLIC,
        "audience": HEALTH_TEAM,
        "tags": "substance use, harm reduction",
        "leaders": ["learner@example.org"],
        "participants": ["allied@example.org", "patient@example.org"],
    },
    {
        "slug": "physician-health-and-wellness",
        "name_en": "Physician health and wellness",
        "name_fr": "Santé et mieux-être des médecins",
        "description_en": "The association's priority on physician health: burnout, peer "
        "support and healthier workplaces.",
        "description_fr": "La priorité de l’association en matière de santé des médecins : "
        "épuisement professionnel, soutien par les pairs et milieux de travail plus sains.",
        "objectives_en": "Gather member input for the association's wellness policy.",
        "objectives_fr": "Recueillir l’avis des membres pour la politique de mieux-être.",
        "kind": CommunityKind.ASSOCIATION,
        "language": CommunityLanguage.BOTH,
        "joining": Joining.OPEN,
        "visibility": DirectoryVisibility.PUBLIC,
        "audience": MEMBERS,
        "tags": "wellness, burnout",
        "leaders": ["staff@example.org"],
        "participants": ["physician@example.org"],
    },
    {
        "slug": "virtual-care-working-group",
        "name_en": "Virtual care working group",
        "description_en": "A small group invited to draft guidance on virtual care.",
        "kind": CommunityKind.ASSOCIATION,
        "language": CommunityLanguage.EN,
        "name_fr": "Groupe de travail sur les soins virtuels",
        "description_fr": "Un petit groupe invité à rédiger des conseils sur les soins virtuels.",
        "joining": Joining.INVITATION,
        "visibility": DirectoryVisibility.HIDDEN,
        "audience": [*MEMBERS, UserType.POLICY_MAKER],
        "tags": "virtual care",
        "leaders": ["staff@example.org"],
        "participants": ["policymaker@example.org"],
    },
    {
        "slug": "health-policy-forum",
        "name_en": "Health policy forum",
        "name_fr": "Forum sur les politiques de santé",
        "description_en": "Where members, policy-makers and stakeholders discuss the "
        "association's positions before they are adopted.",
        "description_fr": "Là où membres, responsables des politiques et parties prenantes "
        "discutent des positions de l’association avant leur adoption.",
        "kind": CommunityKind.ASSOCIATION,
        "language": CommunityLanguage.BOTH,
        "joining": Joining.REQUEST,
        "visibility": DirectoryVisibility.SIGNED_IN,
        "audience": [*MEMBERS, UserType.POLICY_MAKER, UserType.STAKEHOLDER],
        "tags": "policy",
        "leaders": ["staff@example.org"],
        "participants": ["stakeholder@example.org"],
    },
    {
        "slug": "medecine-rurale",
        "name_fr": "Médecine rurale et régionale",
        "description_fr": "Une communauté francophone sur la pratique en région : recrutement, "
        "garde, télémédecine et vie en milieu rural.",
        "who_participates_fr": "Médecins et apprenants qui pratiquent ou étudient en région.",
        "kind": CommunityKind.MEMBER,
        "language": CommunityLanguage.FR,
        "joining": Joining.OPEN,
        "visibility": DirectoryVisibility.MEMBERS,
        "audience": MEMBERS,
        "tags": "médecine rurale",
        "leaders": ["physician@example.org"],
        "participants": [],
    },
    {
        "slug": "covid-19-response-2020",
        "name_en": "COVID-19 response (2020)",
        "description_en": "The community that coordinated member input during the first "
        "waves of the pandemic. Archived: read-only.",
        "kind": CommunityKind.ASSOCIATION,
        "language": CommunityLanguage.EN,
        "name_fr": "Réponse à la COVID-19 (2020)",
        "description_fr": "La communauté qui a coordonné l’avis des membres pendant les "
        "premières vagues de la pandémie. Archivée : lecture seule.",
        "joining": Joining.OPEN,
        "visibility": DirectoryVisibility.SIGNED_IN,
        "status": CommunityStatus.ARCHIVED,
        "audience": EVERYONE,
        "tags": "pandemic",
        "leaders": ["staff@example.org"],
        "participants": ["physician@example.org"],
    },
]


def load(write: Callable[[str], None]) -> None:
    """Create the demo communities that do not exist yet; never touch existing ones."""
    existing = set(Community.objects.values_list("slug", flat=True))
    people = {user.email: user for user in User.objects.all()}
    created = 0
    for spec in DEMO_COMMUNITIES:
        if spec["slug"] in existing:
            continue
        fields = {k: v for k, v in spec.items()
                  if k not in {"audience", "tags", "leaders", "participants"}}  # fmt: skip
        community = services.community_save(
            actor=None, community=Community(**fields), audience=spec["audience"],
            tags=tags_from_text(spec["tags"]),
        )  # fmt: skip
        for email in spec["leaders"]:
            if email in people:
                services.membership_add(community, people[email], role=Role.LEADER)
        for email in spec["participants"]:
            if email in people:
                services.membership_add(community, people[email])
        created += 1
    member_community = services.member_community_ensure()
    for email in ("physician@example.org", "learner@example.org"):
        if email in people:
            services.membership_add(member_community, people[email])
    write(f"communities: {created} demo communities created, {len(existing)} kept")
