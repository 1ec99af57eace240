"""The personal-health-information warning's detector (CT-4), as tables of English and French text.

Pure Python: no database.
"""

import dataclasses

import pytest
from django.utils import translation

from collegium.editor.health_information import Finding, FindingKind, find_health_information

HEALTH_CARD = FindingKind.HEALTH_CARD
DATE_OF_BIRTH = FindingKind.DATE_OF_BIRTH
PHONE = FindingKind.PHONE
EMAIL = FindingKind.EMAIL
MEDICAL_RECORD = FindingKind.MEDICAL_RECORD

# (text, kind, the text the finding covers)
FOUND = [
    # Health card numbers: distinctive shapes, then bare digits next to a cue.
    pytest.param(
        "Her OHIP number is 1234-567-890-AB.",
        HEALTH_CARD,
        "1234-567-890-AB",
        id="on-version-dashes",
    ),
    pytest.param("Card: 1234 567 890 AB", HEALTH_CARD, "1234 567 890 AB", id="on-version-spaces"),
    pytest.param("Numéro : 1234567890AB", HEALTH_CARD, "1234567890AB", id="on-version-compact-fr"),
    pytest.param("OHIP 1234567890", HEALTH_CARD, "1234567890", id="on-ohip-cue"),
    pytest.param(
        "Carte santé de l'Ontario : 1234 567 890", HEALTH_CARD, "1234 567 890", id="on-carte-sante"
    ),
    pytest.param("RAMQ : TREM 8501 0112", HEALTH_CARD, "TREM 8501 0112", id="qc-ramq-spaced"),
    pytest.param("Son NAM est TREM85010112.", HEALTH_CARD, "TREM85010112", id="qc-ramq-compact"),
    pytest.param(
        "Patient card TREM 8551 0112", HEALTH_CARD, "TREM 8551 0112", id="qc-ramq-woman-no-cue"
    ),
    pytest.param(
        "carte soleil : trem 8501 0112", HEALTH_CARD, "trem 8501 0112", id="qc-ramq-lowercase-cue"
    ),
    pytest.param("PHN 9123 456 789", HEALTH_CARD, "9123 456 789", id="bc-phn"),
    pytest.param(
        "BC personal health number: 9123456789", HEALTH_CARD, "9123456789", id="bc-personal-number"
    ),
    pytest.param("Alberta health card 12345-6789", HEALTH_CARD, "12345-6789", id="ab-5-4"),
    pytest.param("Manitoba health number 123456789", HEALTH_CARD, "123456789", id="mb-9-digits"),
    pytest.param(
        "Saskatchewan health services number: 123 456 789",
        HEALTH_CARD,
        "123 456 789",
        id="sk-9-digits",
    ),
    pytest.param("Nova Scotia MSI 1234 567 890", HEALTH_CARD, "1234 567 890", id="ns-msi"),
    pytest.param(
        "New Brunswick Medicare 123-456-789", HEALTH_CARD, "123-456-789", id="nb-medicare"
    ),
    pytest.param("PEI health card 12345678", HEALTH_CARD, "12345678", id="pe-8-digits"),
    pytest.param(
        "NL MCP number 123 456 789 012", HEALTH_CARD, "123 456 789 012", id="nl-12-digits"
    ),
    pytest.param(
        "Numéro d'assurance maladie : 123456789",
        HEALTH_CARD,
        "123456789",
        id="fr-assurance-maladie",
    ),
    pytest.param(
        "Sa carte d’assurance-maladie porte le 1234567890.",
        HEALTH_CARD,
        "1234567890",
        id="fr-carte-assurance-maladie",
    ),
    pytest.param("1234567890 (health card)", HEALTH_CARD, "1234567890", id="cue-after-number"),
    # Dates of birth: after a birth cue, or right after a person's name.
    pytest.param("DOB: 1985-03-14", DATE_OF_BIRTH, "1985-03-14", id="dob-iso"),
    pytest.param("D.O.B. March 14, 1985", DATE_OF_BIRTH, "March 14, 1985", id="dob-dotted-mdy"),
    pytest.param(
        "**DOB:** Mar. 14, 1985", DATE_OF_BIRTH, "Mar. 14, 1985", id="dob-markdown-abbreviated"
    ),
    pytest.param(
        "Patient born on 14 March 1985 in Ottawa.", DATE_OF_BIRTH, "14 March 1985", id="born-on"
    ),
    pytest.param("Date of birth: 14/03/1985", DATE_OF_BIRTH, "14/03/1985", id="date-of-birth"),
    pytest.param("born 14/03/85", DATE_OF_BIRTH, "14/03/85", id="born-two-digit-year"),
    pytest.param("Jean Tremblay (1985-03-14)", DATE_OF_BIRTH, "1985-03-14", id="name-parenthesis"),
    pytest.param(
        "Tremblay, Jean, 14 March 1985", DATE_OF_BIRTH, "14 March 1985", id="name-inverted"
    ),
    pytest.param("Mr. Smith, March 14, 1985", DATE_OF_BIRTH, "March 14, 1985", id="title-mr"),
    pytest.param("M. Tremblay (14/03/1985)", DATE_OF_BIRTH, "14/03/1985", id="title-m-fr"),
    pytest.param(
        "| Jean Tremblay | 1985-03-14 |", DATE_OF_BIRTH, "1985-03-14", id="markdown-table"
    ),
    pytest.param("Mme Gagnon, née le 3 mai 1950", DATE_OF_BIRTH, "3 mai 1950", id="nee-le"),
    pytest.param(
        "Mme Gagnon, nee le 3 mai 1950", DATE_OF_BIRTH, "3 mai 1950", id="nee-le-no-accent"
    ),
    pytest.param("patient ne le 3 mai 1950", DATE_OF_BIRTH, "3 mai 1950", id="ne-le-no-accent"),
    pytest.param(
        "Il est né le 1er mai 1950 à Québec.", DATE_OF_BIRTH, "1er mai 1950", id="ne-le-1er"
    ),
    pytest.param("Née à Montréal le 14 mars 1985", DATE_OF_BIRTH, "14 mars 1985", id="nee-a"),
    pytest.param(
        "Date de naissance : 14 mars 1985", DATE_OF_BIRTH, "14 mars 1985", id="date-de-naissance"
    ),
    pytest.param("DDN 1985-03-14", DATE_OF_BIRTH, "1985-03-14", id="ddn"),
    # Phone numbers.
    pytest.param("Call me at 613-555-0199.", PHONE, "613-555-0199", id="phone-dashes"),
    pytest.param("Office: (613) 555-0199", PHONE, "(613) 555-0199", id="phone-parentheses"),
    pytest.param("613.555.0199", PHONE, "613.555.0199", id="phone-dots"),
    pytest.param("Appelez au +1 613 555 0199", PHONE, "+1 613 555 0199", id="phone-country-code"),
    pytest.param("Toll free: 1-800-555-0199", PHONE, "1-800-555-0199", id="phone-toll-free"),
    pytest.param("613-555-0199 ext. 42", PHONE, "613-555-0199 ext. 42", id="phone-extension"),
    pytest.param(
        "Composez le 514 555-0199, poste 1234",
        PHONE,
        "514 555-0199, poste 1234",
        id="phone-poste",
    ),
    pytest.param("Tél. : 6135550199", PHONE, "6135550199", id="phone-bare-with-cue"),
    # Email addresses, Markdown links included.
    pytest.param(
        "Write to jean.tremblay@example.ca.", EMAIL, "jean.tremblay@example.ca", id="email"
    ),
    pytest.param(
        "Courriel : marie-eve.gagnon@hôpital.qc.ca",
        EMAIL,
        "marie-eve.gagnon@hôpital.qc.ca",
        id="email-accented-domain",
    ),
    pytest.param(
        "[Écrivez-moi](mailto:jean@example.ca)", EMAIL, "jean@example.ca", id="email-mailto-link"
    ),
    pytest.param(
        "<dr.smith+clinic@example.org>", EMAIL, "dr.smith+clinic@example.org", id="email-autolink"
    ),
    # Medical record numbers: the identifier after the cue.
    pytest.param("MRN: 00123456", MEDICAL_RECORD, "00123456", id="mrn"),
    pytest.param("**MRN:** A1234567", MEDICAL_RECORD, "A1234567", id="mrn-markdown"),
    pytest.param(
        "Medical record number (MRN): 1234567",
        MEDICAL_RECORD,
        "1234567",
        id="medical-record-number",
    ),
    pytest.param("Chart # 1234567", MEDICAL_RECORD, "1234567", id="chart-hash"),
    pytest.param("chart number 55-1234", MEDICAL_RECORD, "55-1234", id="chart-number"),
    pytest.param("Numéro de dossier : 123-456", MEDICAL_RECORD, "123-456", id="numero-de-dossier"),
    pytest.param("No de dossier: 12345", MEDICAL_RECORD, "12345", id="no-de-dossier"),
    pytest.param("n° de dossier 987654", MEDICAL_RECORD, "987654", id="n-degree-de-dossier"),
    pytest.param("Dossier médical no 98765", MEDICAL_RECORD, "98765", id="dossier-medical-no"),
    pytest.param("dossier n° H-123456", MEDICAL_RECORD, "H-123456", id="dossier-n-degree"),
    pytest.param(
        "MRN 613-555-0199", MEDICAL_RECORD, "613-555-0199", id="record-number-shaped-like-a-phone"
    ),
]

NOT_FOUND = [
    pytest.param("The meeting on 14 March 2026 will be in Ottawa.", id="meeting-date"),
    pytest.param("La réunion aura lieu le 14 mars 2026.", id="reunion-date"),
    pytest.param("Annual General Meeting (2026-03-14)", id="event-title-and-date"),
    pytest.param("Updated Guidelines, 14 March 2026", id="dated-title"),
    pytest.param("## Jean Tremblay (2026-03-14)", id="markdown-heading"),
    pytest.param("Webinar with Dr. Jean Tremblay, 14 March 2026", id="physician-and-date"),
    pytest.param("Jean Tremblay spoke on 14 March 2026.", id="name-then-on-date"),
    pytest.param("Le 14 mars 2026, Mme Gagnon a présenté.", id="name-after-date"),
    pytest.param("Je ne le savais pas avant le 14 mars 2026.", id="ne-le-far-from-date"),
    pytest.param(
        "She was born in Montreal. The meeting is on 14 March 2026.", id="cue-other-sentence"
    ),
    pytest.param("Born in 1985, she trained in Montreal.", id="birth-year-only"),
    pytest.param("Registration closes March 14, 2026.", id="deadline"),
    pytest.param("From 2019-2024 the program grew.", id="year-range"),
    pytest.param("Les années 2019-2024 à l'OHIP", id="year-range-near-cue"),
    pytest.param("Titrate 250 500 1000 mg daily.", id="dose-steps"),
    pytest.param("Dose : 2,5 mg deux fois par jour, max. 10 mg", id="dose-fr"),
    pytest.param("Reference 10.1056/NEJMoa2034577", id="bare-doi"),
    pytest.param("See https://example.org/records/6135550199 for details.", id="digits-in-url"),
    pytest.param("[guide](https://example.org/2024-03-14/613-555-0199)", id="phone-in-link"),
    pytest.param("[fil](/threads/1234567890) sur la carte santé", id="relative-link-near-cue"),
    pytest.param("Invoice 123456789 was paid.", id="bare-digits-no-cue"),
    pytest.param("Order number 1234 567 890", id="four-three-three-no-cue"),
    pytest.param("Bring your health card to the clinic on 2024-03-14.", id="date-near-card-cue"),
    pytest.param("OHIP: call 613-555 for info", id="partial-phone"),
    pytest.param("Apportez votre carte santé.", id="cue-without-number"),
    pytest.param("Chart #12 shows the trend.", id="chart-figure"),
    pytest.param("Le dossier médical électronique sera déployé en 2026.", id="dossier-medical-dme"),
    pytest.param("Dossier médical 2024 : bilan", id="dossier-medical-year"),
    pytest.param("ISBN 978-3-16-148410-0", id="isbn"),
    pytest.param("Version 2.300.4000 is out.", id="version"),
    pytest.param("Population: 1 234 567", id="thousands-separators"),
    pytest.param("Code 100-200-3000", id="not-an-area-code"),
    pytest.param("ABCD 8513 4012", id="ramq-shape-impossible-month"),
    pytest.param("Follow @jean.tremblay for updates", id="handle"),
    pytest.param("Je ne le savais pas.", id="ne-le-alone"),
]


@pytest.mark.parametrize(("text", "kind", "covered"), FOUND)
def test_personal_health_information_is_found(text, kind, covered):
    findings = find_health_information(text)

    assert [(finding.kind, text[finding.start : finding.end]) for finding in findings] == [
        (kind, covered)
    ]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_ordinary_text_raises_no_warning(text):
    assert find_health_information(text) == []


def test_a_quebec_health_card_number_is_found():
    text = "Voici la carte : TREM 8501 0112."

    [finding] = find_health_information(text)

    assert finding.kind == FindingKind.HEALTH_CARD == "health_card"
    assert text[finding.start : finding.end] == "TREM 8501 0112"


def test_findings_come_in_the_order_they_appear():
    text = (
        "Patient: Jean Tremblay, DOB 1985-03-14.\n\n"
        "- OHIP 1234-567-890-AB\n"
        "- MRN: 00123456\n"
        "- Tél. 613-555-0199\n"
        "- jean@example.ca\n"
    )

    kinds = [finding.kind for finding in find_health_information(text)]

    assert kinds == [DATE_OF_BIRTH, HEALTH_CARD, MEDICAL_RECORD, PHONE, EMAIL]


def test_each_finding_covers_exactly_its_text_even_after_accents_and_emoji():
    text = "Élodie 🙂 a écrit : appelez-moi au 514-555-0199 ou écrivez à élodie@example.ca."

    findings = find_health_information(text)

    assert [text[finding.start : finding.end] for finding in findings] == [
        "514-555-0199",
        "élodie@example.ca",
    ]
    assert all(finding.start < finding.end for finding in findings)


def test_a_number_found_twice_is_reported_once():
    # Both the Ontario shape and the cue find this number.
    text = "OHIP 1234 567 890 AB"

    assert len(find_health_information(text)) == 1


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        pytest.param("OHIP 1234-567-890-AB", "1234-•••-•••-AB", id="ontario"),
        pytest.param("RAMQ TREM 8501 0112", "TREM •••• ••12", id="ramq"),
        pytest.param("Call 613-555-0199", "613-5••-••99", id="phone"),
        pytest.param("613-555-0199 ext. 42", "613-5••-•••• ext. 42", id="phone-extension-word"),
        pytest.param("jean.tremblay@example.ca", "j•••@example.ca", id="email"),
        pytest.param("MRN: 00123456", "00••••56", id="record-number"),
        pytest.param("DOB: 1985-03-14", "19••-••-14", id="date-of-birth"),
    ],
)
def test_the_excerpt_masks_the_middle_of_what_was_found(text, excerpt):
    [finding] = find_health_information(text)

    assert finding.excerpt == excerpt


def test_the_excerpt_never_repeats_the_whole_value():
    text = "DOB 1985-03-14, OHIP 1234567890, MRN 00123456, 613-555-0199, jean@example.ca"

    for finding in find_health_information(text):
        assert finding.excerpt != text[finding.start : finding.end]
        assert "•" in finding.excerpt


def test_a_finding_cannot_be_changed():
    [finding] = find_health_information("jean@example.ca")

    assert isinstance(finding, Finding)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 0


def test_finding_kinds_have_labels_that_complete_a_warning():
    with translation.override("en"):
        assert str(FindingKind.HEALTH_CARD.label) == "a provincial health card number"
        assert str(FindingKind.EMAIL.label) == "an email address"


@pytest.mark.parametrize("text", ["", "   ", "\n\n"], ids=["empty", "spaces", "blank-lines"])
def test_empty_text_has_no_findings(text):
    assert find_health_information(text) == []


def test_a_long_text_is_read_to_the_end():
    paragraph = (
        "Our committee met on 14 March 2026 to review the 2019-2024 results; see "
        "https://example.org/report/2024 and doi:10.1056/NEJMoa2034577. "
    )
    text = paragraph * (20_000 // len(paragraph)) + "Write to jean@example.ca."

    findings = find_health_information(text)

    assert len(text) > 20_000
    assert [finding.kind for finding in findings] == [EMAIL]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("1 " * 10_000, id="spaced-digits"),
        pytest.param("1-" * 10_000, id="hyphenated-digits"),
        pytest.param("1" * 20_000, id="one-long-number"),
        pytest.param("a." * 10_000, id="dotted-word"),
        pytest.param("a@" + "a." * 10_000, id="endless-email-domain"),
        pytest.param("x@" * 10_000, id="many-at-signs"),
        pytest.param("](" * 10_000, id="unclosed-link-targets"),
        pytest.param("Aa " * 7_000, id="capitalised-words"),
        pytest.param("né le " * 3_500, id="birth-cues"),
        pytest.param("MRN " * 5_000, id="record-cues"),
        pytest.param("12/" * 7_000, id="date-separators"),
        pytest.param("OHIP 123 " * 2_500, id="card-cues-and-short-numbers"),
    ],
)
def test_a_pathological_text_is_scanned_without_catastrophic_backtracking(text):
    # No timing assertion: a regex that backtracks catastrophically would hang this test for
    # minutes, which the suite's run time makes visible.
    assert isinstance(find_health_information(text), list)
