"""The words of the demo consultations (EN-1), in both languages, kept apart from ``demo.py``
so that the loading code reads on one screen."""

from typing import Any

ADMIN_BURDEN_TITLE = {
    "en": "Draft policy: cutting physicians' administrative burden",
    "fr": "Projet de politique : alléger le fardeau administratif des médecins",
}
ADMIN_BURDEN_SUMMARY = {
    "en": "Physicians spend millions of hours a year on paperwork that adds nothing to care. "
    "This draft sets out what the association will ask governments, insurers and employers to "
    "change. Tell us what it gets right and what it misses.",
    "fr": "Les médecins consacrent chaque année des millions d’heures à de la paperasse qui "
    "n’apporte rien aux soins. Ce projet énonce ce que l’association demandera aux "
    "gouvernements, aux assureurs et aux employeurs de changer. Dites-nous ce qu’il réussit et "
    "ce qui lui manque.",
}
ADMIN_BURDEN_DRAFT = {
    "en": """\
Administrative work that does not improve patient care takes time from patients, adds to
burnout and discourages physicians from staying in practice.

The association calls on governments to adopt one standard form for sick notes, return-to-work
notes and disability claims, accepted by every employer and insurer in the province or
territory.

Insurers and employers should stop asking for a physician's note for absences of five working
days or less.

Every form a physician must complete should be available electronically, pre-filled from the
electronic medical record where the patient consents.

Physicians should be paid for the time they spend on third-party forms at a rate that reflects
that time, set with the provincial and territorial medical associations.

Governments should measure the administrative burden each year and publish the results, so
that progress can be seen.""",
    "fr": """\
Le travail administratif qui n’améliore pas les soins aux patients enlève du temps aux
patients, contribue à l’épuisement professionnel et décourage les médecins de rester en
pratique.

L’association demande aux gouvernements d’adopter un formulaire unique pour les billets
médicaux, les certificats de retour au travail et les demandes d’invalidité, accepté par tous
les employeurs et assureurs de la province ou du territoire.

Les assureurs et les employeurs devraient cesser d’exiger un billet médical pour les absences
de cinq jours ouvrables ou moins.

Tout formulaire qu’un médecin doit remplir devrait être offert en version électronique,
prérempli à partir du dossier médical électronique lorsque le patient y consent.

Les médecins devraient être rémunérés pour le temps consacré aux formulaires de tiers, selon
un tarif qui reflète ce temps, établi avec les associations médicales provinciales et
territoriales.

Les gouvernements devraient mesurer chaque année le fardeau administratif et publier les
résultats, afin que les progrès soient visibles.""",
}

VIRTUAL_CARE_TITLE = {
    "en": "Draft guidance: virtual care after the pandemic",
    "fr": "Projet d’orientation : les soins virtuels après la pandémie",
}
VIRTUAL_CARE_SUMMARY = {
    "en": "How virtual visits should fit alongside in-person care, and how they should be paid.",
    "fr": "La place des consultations virtuelles aux côtés des soins en personne, et leur "
    "rémunération.",
}
VIRTUAL_CARE_DRAFT = {
    "en": """\
Virtual care is part of comprehensive care when it is offered by the patient's own physician or
team, with access to the patient's record.

Virtual visits should be paid at parity with in-person visits when the service is equivalent.

Patients without a reliable internet connection or a private place to talk must keep access to
in-person care without delay.""",
    "fr": """\
Les soins virtuels font partie de soins complets lorsqu’ils sont offerts par le médecin ou
l’équipe du patient, avec accès à son dossier.

Les consultations virtuelles devraient être rémunérées au même tarif que les consultations en
personne lorsque le service est équivalent.

Les patients qui n’ont pas de connexion Internet fiable ou d’endroit privé pour parler doivent
conserver un accès sans délai aux soins en personne.""",
}
VIRTUAL_CARE_WHAT_WE_HEARD = {
    "en": """\
**Thank you to everyone who took part.** Most of you supported parity of payment, and many
of you told us that virtual care works best when it is part of an ongoing relationship with a
patient.

**How we used your feedback:** the final guidance now says that virtual-only clinics should
share their notes with the patient's own physician, and it asks governments to fund
interpreters for virtual visits, a point several of you raised.""",
    "fr": """\
**Merci à toutes les personnes qui ont participé.** La plupart d’entre vous ont appuyé la
parité de rémunération, et bon nombre nous ont dit que les soins virtuels fonctionnent le mieux
lorsqu’ils s’inscrivent dans une relation suivie avec le patient.

**Ce que nous avons fait de vos commentaires :** l’orientation finale précise maintenant que
les cliniques uniquement virtuelles doivent transmettre leurs notes au médecin du patient, et
elle demande aux gouvernements de financer des services d’interprétation pour les
consultations virtuelles, un point soulevé par plusieurs d’entre vous.""",
}

# The confidential form of the open consultation: one question of each type.
ADMIN_BURDEN_QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": "likert5",
        "label": (
            "The draft addresses the administrative burden I face.",
            "Le projet répond au fardeau administratif auquel je fais face.",
        ),
        "required": True,
    },
    {
        "kind": "likert7",
        "label": (
            "The recommendations are realistic for my practice setting.",
            "Les recommandations sont réalistes pour mon milieu de pratique.",
        ),
        "required": False,
    },
    {
        "kind": "single",
        "label": (
            "Which recommendation matters most to you?",
            "Quelle recommandation compte le plus pour vous?",
        ),
        "required": True,
        "choices": [
            ("One standard form", "Un formulaire unique"),
            ("No notes for short absences", "Aucun billet pour les courtes absences"),
            ("Electronic, pre-filled forms", "Des formulaires électroniques préremplis"),
            ("Payment for form time", "La rémunération du temps consacré aux formulaires"),
        ],
    },
    {
        "kind": "multiple",
        "label": (
            "Which forms take most of your time?",
            "Quels formulaires vous prennent le plus de temps?",
        ),
        "required": False,
        "choices": [
            ("Sick notes", "Billets médicaux"),
            ("Disability claims", "Demandes d’invalidité"),
            ("Insurance forms", "Formulaires d’assurance"),
            ("Driver's medical reports", "Rapports médicaux pour la conduite automobile"),
        ],
    },
    {
        "kind": "ranking",
        "label": (
            "Rank these priorities, the most important first.",
            "Classez ces priorités, la plus importante en premier.",
        ),
        "required": False,
        "choices": [
            ("Fewer forms", "Moins de formulaires"),
            ("Shorter forms", "Des formulaires plus courts"),
            ("Fair payment", "Une rémunération juste"),
        ],
    },
    {
        "kind": "rating",
        "label": (
            "Overall, how would you rate this draft?",
            "Dans l’ensemble, quelle note donnez-vous à ce projet?",
        ),
        "required": True,
    },
    {
        "kind": "short_text",
        "label": (
            "In one sentence, what is missing?",
            "En une phrase, que manque-t-il?",
        ),
        "required": False,
    },
    {
        "kind": "long_text",
        "label": (
            "Anything else the policy team should know?",
            "Autre chose que l’équipe des politiques devrait savoir?",
        ),
        "required": False,
    },
]

SHORT_ANSWERS = [
    "Nothing on forms for learners.",
    "A deadline for insurers.",
    "Rien sur les formulaires des résidents.",
    "How the rate would be set.",
    "Un échéancier pour les assureurs.",
]
LONG_ANSWERS = [
    "Most of my paperwork is for insurers who ask for the same information three times. A "
    "single electronic form would save me an afternoon a week.",
    "Les billets pour les absences courtes sont une perte de temps pour tout le monde. Merci "
    "de porter ce dossier.",
    "Please include the forms that residents fill in for their programs: they add up too.",
    # Starts with "=": the exports must not let a spreadsheet read it as a formula.
    "=> My main point: every form should fit on one page.",
]
