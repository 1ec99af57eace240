"""Demo proposals (EN-2): six, in both languages, at every status, platform-wide and from
communities (one submitted on a community's behalf), with supports, comments and the public
reasons of every status change."""

from collections.abc import Callable

from collegium.accounts.models import User
from collegium.communities.models import Community
from collegium.proposals import services
from collegium.proposals.choices import ProposalStatus
from collegium.proposals.models import Proposal

WELLNESS_EN = """\
Residents work 24-hour calls and study for their exams in what is left of the week. Programs
that protect half a day a month for wellness exist, but they are the exception.

## What we propose

The association should ask every faculty of medicine to protect **one half-day a month** for
residents' wellness, outside call and clinical duties, and to report on it every year.

## Why

- Burnout among residents is higher than among practising physicians.
- Programs that protect the time see fewer leaves of absence.
"""

GARDE_FR = """\
La garde à distance retient les médecins près de leur téléphone toute la nuit, sans être
reconnue comme du travail dans la plupart des provinces.

## Ce que nous proposons

L’association devrait demander que la **disponibilité à distance** soit rémunérée selon un
tarif horaire minimal, partout au pays, et que les heures comptent dans le calcul du repos.
"""

BILLING_EN = """\
Forty members joined our regional forum on pay equity. The clearest message: what is not
measured does not change.

We propose that the association ask every province and territory to **publish billing data by
gender every year**, by specialty, so that progress on the gender pay gap can be measured.
"""

BILLETS_FR = """\
Les billets médicaux pour de courtes absences occupent des rendez-vous dont d’autres patients
ont besoin.

## Proposition

Que l’association demande aux employeurs et aux gouvernements d’accepter une **attestation
unique et électronique** remplie par la personne elle-même pour les absences de moins de cinq
jours.
"""

PARKING_EN = """\
Residents rotate between hospitals and pay for parking at each. We propose that the
association ask teaching hospitals to make parking free for residents on rotation.
"""

RURAL_FR = """\
Les médecins en région couvrent de vastes territoires. Nous proposons que l’association
défende un **programme national de remplacement** pour les congés parentaux et de maladie en
milieu rural.
"""


def load(write: Callable[[str], None]) -> None:
    """Create the demo proposals once; nothing is created when proposals exist already."""
    people = {user.username: user for user in User.objects.all()}
    needed = {"dr-maple", "resident-birch", "staff-sam"}
    if not needed <= people.keys() or Proposal.objects.exists():
        write("proposals: demo proposals kept")
        return
    maple, birch, sam = people["dr-maple"], people["resident-birch"], people["staff-sam"]
    if not (maple.is_member and birch.is_member):
        write("proposals: demo members are not verified, no demo proposals")
        return
    communities = {community.slug: community for community in Community.objects.all()}

    def move(proposal: Proposal, *steps: tuple[str, str]) -> None:
        for status, reason in steps:
            services.proposal_status_change(
                actor=sam, proposal=proposal, status=status, reason=reason
            )

    # Submitted, for everyone; a member supports it and weighs in.
    wellness = services.proposal_submit(
        actor=birch,
        title="Protected wellness half-days for residents",
        summary="Every faculty of medicine should protect one half-day a month for residents' "
        "wellness, outside call and clinical duties.",
        body=WELLNESS_EN,
        language="en",
    )
    services.proposal_support(actor=maple, proposal=wellness)
    services.proposal_comment_add(
        actor=maple,
        proposal=wellness,
        body="Our program tried it last year: fewer sick days, and nobody missed a clinic.",
    )

    # Under review, in French.
    garde = services.proposal_submit(
        actor=maple,
        title="Reconnaître la garde à distance dans la rémunération",
        summary="La disponibilité à distance devrait être rémunérée partout au pays et compter "
        "dans le calcul du repos.",
        body=GARDE_FR,
        language="fr",
    )
    services.proposal_support(actor=birch, proposal=garde)
    move(
        garde,
        (
            ProposalStatus.UNDER_REVIEW,
            "Le comité des affaires économiques étudie les tarifs de garde des provinces et "
            "rendra son analyse au conseil en mars.",
        ),
    )

    # Submitted on a community's behalf by its leader, accepted for debate, with comments.
    equity = communities.get("gender-equity-in-medicine")
    if equity is not None:
        billing = services.proposal_submit(
            actor=maple,
            title="Publish billing data by gender every year",
            summary="Provinces and territories should publish billing data by gender and "
            "specialty every year, so the pay gap can be measured.",
            body=BILLING_EN,
            language="en",
            community=equity,
            submitted_for_community=True,
        )
        services.proposal_support(actor=birch, proposal=billing)
        services.proposal_comment_add(
            actor=birch,
            proposal=billing,
            body="Could the data include residents' stipends too?",
        )
        move(
            billing,
            (
                ProposalStatus.UNDER_REVIEW,
                "Staff checked which provinces already publish these figures: three do.",
            ),
            (
                ProposalStatus.ACCEPTED_FOR_DEBATE,
                "The proposal is on the agenda of the General Council in August: delegates will "
                "debate it and vote on a motion.",
            ),
        )
        services.proposal_comment_add(
            actor=sam,
            proposal=billing,
            body="Thank you to the community: the motion will quote your forum's summary.",
        )

    # Adopted, in French.
    billets = services.proposal_submit(
        actor=maple,
        title="Une attestation unique pour les courtes absences",
        summary="Les employeurs devraient accepter une attestation électronique remplie par la "
        "personne elle-même pour les absences de moins de cinq jours.",
        body=BILLETS_FR,
        language="fr",
    )
    services.proposal_support(actor=birch, proposal=billets)
    move(
        billets,
        (ProposalStatus.UNDER_REVIEW, "Le fardeau administratif est une priorité de l’année."),
        (
            ProposalStatus.ACCEPTED_FOR_DEBATE,
            "Inscrite à l’ordre du jour du Conseil général.",
        ),
        (
            ProposalStatus.ADOPTED,
            "Le Conseil général a adopté la motion à 87 %. L’association l’intègre à son "
            "mémoire sur le fardeau administratif.",
        ),
    )

    # Declined, with the reason.
    parking = services.proposal_submit(
        actor=birch,
        title="Free parking for residents on rotation",
        summary="Teaching hospitals should make parking free for residents on rotation.",
        body=PARKING_EN,
        language="en",
    )
    services.proposal_support(actor=maple, proposal=parking)
    move(
        parking,
        (
            ProposalStatus.DECLINED,
            "Parking is negotiated by the provincial resident associations with each hospital; "
            "the association supports their negotiations rather than a national position.",
        ),
    )

    # About a community, in French, just submitted.
    rurale = communities.get("medecine-rurale")
    if rurale is not None:
        services.proposal_submit(
            actor=maple,
            title="Un programme national de remplacement en milieu rural",
            summary="Un programme de remplacement pour couvrir les congés parentaux et de "
            "maladie des médecins en région.",
            body=RURAL_FR,
            language="fr",
            community=rurale,
        )
    write(f"proposals: {Proposal.objects.count()} demo proposals created")
