"""Spot text that looks like someone's personal health information before it is published (CT-4).

The editor calls ``find_health_information`` on the raw Markdown a person is about to publish and,
when it returns findings, asks them to edit or to publish anyway. The detector is a warning, not a
filter, so it leans towards few false alarms: a warning that fires on every meeting date or
reference number teaches people to click through it.

What each finding covers (``start``/``end``) is the sensitive value itself (the number, the date,
the address), never the cue word that made us suspicious of it.

Trade-offs chosen:

- Health card numbers. Most provinces use bare runs of 8 to 12 digits, which also describe
  invoice numbers, postal tracking numbers and phone numbers. A bare run is flagged only within
  about 40 characters of a health card cue (health card, OHIP, RAMQ, PHN, carte santé, carte
  soleil, NAM, assurance maladie, …), and never when it is shaped like a phone number (3-3-4) or a
  date. Two shapes are distinctive enough to flag without a cue: Ontario's 10 digits followed by
  a two-letter version code ("1234-567-890-AB"), and Quebec's RAMQ number (4 capital letters and
  8 digits whose middle encodes a plausible birth date, "TREM 8501 0112"). A BC PHN (10 digits
  starting with 9) is caught by the cue rule; its first digit alone is no evidence.
- Dates of birth. A date is flagged only after a birth cue (born, DOB, date of birth, né(e),
  date de naissance, DDN) in the same sentence, or right after a capitalised name ("Jean Tremblay
  (1985-03-14)", "Mme Gagnon, 3 mai 1950"). Capitalised title words (Meeting, Summit, Réunion…),
  physicians' names ("Dr. Jean Tremblay, 14 March 2026") and Markdown headings do not count as a
  person, since dated event announcements are the association's daily fare. Unaccented "ne le" is
  a cue only directly before the date: "ne le" is everyday French ("je ne le savais pas").
- Phone numbers. North American numbers with separators are flagged by shape (area code and
  exchange starting with 2-9, which rules out most dosage and reference numbers); ten bare digits
  only next to a phone cue (tel., phone, cell, poste…). Numbers followed by a unit (mg, mL, %)
  are doses, not phones.
- Anything inside a link target (http(s) URL, www., DOI, Markdown ``](…)``) is ignored, except
  email addresses: an address in a ``mailto:`` link is still someone's address.

Every pattern is anchored to the start of a token (a look-behind) and bounded, so a long or
hostile text is scanned in linear time.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _


class FindingKind(models.TextChoices):
    """What a finding looks like; the label completes "This text seems to contain …"."""

    HEALTH_CARD = "health_card", _("a provincial health card number")
    DATE_OF_BIRTH = "date_of_birth", _("a date of birth next to a name")
    PHONE = "phone", _("a phone number")
    EMAIL = "email", _("an email address")
    MEDICAL_RECORD = "medical_record", _("a medical record number")


@dataclass(frozen=True)
class Finding:
    """A piece of the text that looks like someone's personal health information."""

    kind: str
    excerpt: str
    start: int
    end: int


class _Candidate(NamedTuple):
    kind: FindingKind
    start: int
    end: int


# When two findings overlap, the one found through a specific cue wins: "MRN 613-555-0199" is a
# medical record number even though it is shaped like a phone number.
_PRECEDENCE = {
    FindingKind.MEDICAL_RECORD: 0,
    FindingKind.HEALTH_CARD: 1,
    FindingKind.DATE_OF_BIRTH: 2,
    FindingKind.PHONE: 3,
    FindingKind.EMAIL: 4,
}

_CUE_DISTANCE = 40
_MASK = "•"

# --- Links -----------------------------------------------------------------------------------

_LINK_RE = re.compile(
    r"""
    (?:https?://|www\.)[^\s<>"'`]+     # a URL
    | \bdoi:\s?[^\s<>"'`]+             # doi:10.1056/…
    | \b10\.\d{4,9}/[^\s<>"'`]+        # a bare DOI
    | \]\([^()\[\]\s]*\)               # a Markdown link target, relative ones included
    """,
    re.IGNORECASE | re.VERBOSE,
)

# --- Health card numbers ---------------------------------------------------------------------

_HEALTH_CARD_CUE_RE = re.compile(
    r"""
    \bhealth[ -]?(?:card|number|insurance[ ]number|services[ ]number)
    | \bpersonal[ ]health[ ]number
    | \bcare[ -]?card
    | \bservices[ ]card
    | \bcarte[ -](?:sant[ée]|soleil|services|d['’][ ]?assurance)
    | \bassurance[ -]maladie
    | \b(?:ohip|ramq|phn|hcn|ahcip)\b
    | \b(?-i:NAM|MSP|MSI|MCP)\b        # capitals only: "nam" and "msp" are ordinary words
    | \bmedicare\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

# A run of digits grouped by single spaces or hyphens ("1234 567 890", "12345-6789"). The group is
# atomic and the look-behinds let a run start only at its first digit, so it is read once.
_DIGIT_RUN_RE = re.compile(
    r"(?<![\w.,/+@-])(?<!\d[ \u00a0])(?>\d+(?:[ \u00a0-]\d+)*)(?![\w@/])(?![.,]\d)"
)
_PHONE_SHAPE_RE = re.compile(r"(?:1[ \u00a0-])?[2-9]\d{2}[ \u00a0-][2-9]\d{2}[ \u00a0-]\d{4}")
_DATE_SHAPE_RE = re.compile(
    r"""
    (?:19|20)\d{2}[ \u00a0-]\d{1,2}[ \u00a0-]\d{1,2}     # 1985-03-14
    | \d{1,2}[ \u00a0-]\d{1,2}[ \u00a0-](?:19|20)\d{2}   # 14-03-1985
    | (?:19|20)\d{2}-(?:19|20)\d{2}                      # 2019-2024
    """,
    re.VERBOSE,
)
_CHUNK_RE = re.compile(r"\S+")

# Ontario: 10 digits (4-3-3) then a two-letter version code, in capitals.
_ONTARIO_VERSIONED_RE = re.compile(
    r"(?<![\w.-])(?<!\d[ \u00a0])\d{4}(?P<sep>[ -]?)\d{3}(?P=sep)\d{3}[ -]?[A-Z]{2}(?![\w-])"
)
# Quebec RAMQ: 3 letters of the surname, 1 of the given name, then YYMMDD (month + 50 for women)
# and two administrative digits, usually written "TREM 8501 0112".
_RAMQ_RE = re.compile(
    r"(?<![\w-])(?P<letters>[A-Za-z]{4})[ -]?\d{2}(?P<month>\d{2})[ -]?(?P<day>\d{2})\d{2}(?![\w-])"
)

# --- Dates of birth --------------------------------------------------------------------------

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre"
    r"|d[ée]cembre|jan|janv|feb|f[ée]vr?|mar|apr|avr|jun|jul|juil|aug|sept?|oct|nov|dec|d[ée]c)"
    r"\b\.?"
)
_MONTH_RE = re.compile(_MONTH, re.IGNORECASE)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_DAY_WORD = _DAY + r"(?:er|st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_DATE_RES = (
    # 1985-03-14, 1985/03/14
    re.compile(
        rf"(?<![\w./-]){_YEAR}(?P<sep>[-/.])(?:1[0-2]|0?[1-9])(?P=sep){_DAY}(?![\w/-])(?!\.\d)"
    ),
    # 14/03/1985 or 03/14/1985; two-digit years only count after a birth cue anyway.
    re.compile(
        rf"(?<![\w./-]){_DAY}(?P<sep>[-/.]){_DAY}(?P=sep)(?:{_YEAR}|\d{{2}})(?![\w/-])(?!\.\d)"
    ),
    # 14 March 1985, 1er mai 1950
    re.compile(rf"(?<!\w){_DAY_WORD}\s{{1,3}}{_MONTH},?\s{{1,3}}{_YEAR}(?!\d)", re.IGNORECASE),
    # March 14, 1985
    re.compile(rf"(?<!\w){_MONTH}\s{{1,3}}{_DAY_WORD},?\s{{1,3}}{_YEAR}(?!\d)", re.IGNORECASE),
)

_BIRTH_CUE_RE = re.compile(
    r"""
    \bborn\b | \bbirth | \bd\.?[ ]?o\.?[ ]?b\b | \bd\.?d\.?n\b
    | \bnaissance\b | \bné\b | \bn[ée]e\b          # "né" only with its accent: see "ne le" below
    """,
    re.IGNORECASE | re.VERBOSE,
)
# "ne le" is everyday French; without the accent it is a cue only right before the date.
_BORN_ON_RIGHT_BEFORE_RE = re.compile(r"\bn[ée]e?\s+le\s+\Z", re.IGNORECASE)
# Where a sentence ends. The two lower-case letters or digits before the stop keep "D.O.B." and
# "Dr." from counting as the end of one.
_SENTENCE_BREAK_RE = re.compile(r"(?<=[a-zà-ÿ\d)]{2}[.!?;])\s+|\n\s*\n")

_BETWEEN_NAME_AND_DATE_RE = re.compile(r"[ \t]*[,(:|–—-]?[ \t]*\Z")
_CAPITALISED_WORD_RE = re.compile(
    r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[-'’][A-ZÀ-ÖØ-Þa-zß-öø-ÿ][a-zß-öø-ÿ]+)*"
)
_PERSON_TITLES = frozenset(
    {"m", "mr", "mrs", "ms", "miss", "mx", "mme", "mlle", "madame", "monsieur", "mademoiselle"}
)
# A physician's name next to a date is an event or a byline, not a patient.
_PHYSICIAN_TITLES = frozenset(
    {
        *("dr", "dre", "drs", "pr", "pre", "prof", "professor"),
        *("docteur", "docteure", "professeur", "professeure"),
    }
)
# Capitalised words that head dated titles and announcements rather than names.
_NOT_NAMES = frozenset(
    {
        *("annual", "general", "meeting", "summit", "forum", "conference", "congress", "day"),
        *("days", "week", "assembly", "board", "committee", "council", "webinar", "session"),
        *("workshop", "symposium", "report", "update", "updated", "guideline", "guidelines"),
        *("policy", "statement", "deadline", "release", "version", "edition", "issue", "volume"),
        *("news", "newsletter", "bulletin", "survey", "call", "event", "launch", "health"),
        *("hospital", "clinic", "association", "society", "posted", "published", "due"),
        *("effective", "since", "from", "until", "revised", "date", "the", "our", "next", "last"),
        *("on", "by", "at", "before", "after", "registration", "summary", "minutes"),
        *("réunion", "assemblée", "générale", "annuelle", "journée", "semaine", "comité"),
        *("conseil", "sommet", "colloque", "atelier", "rapport", "politique", "sondage"),
        *("séance", "congrès", "nouvelles", "santé", "hôpital", "clinique", "publié", "publiée"),
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        *("canada", "ontario", "quebec", "québec", "alberta", "manitoba", "saskatchewan"),
    }
)

# --- Phone numbers ---------------------------------------------------------------------------

_PHONE_RE = re.compile(
    r"""
    (?<![\w+.(/-])(?<!\d[ ])             # not the tail of a longer number
    (?:\+[ ]?1[ .-]?|1[ .-])?            # country code
    (?:\([2-9]\d{2}\)[ .-]?|[2-9]\d{2}[ .-])
    [2-9]\d{2}[ .-]\d{4}
    (?:[ ]?,?[ ]?(?:ext\.?|extension|x|poste|p\.)[ ]?\d{1,6})?
    (?![\w])(?![.,-]\d)
    (?![ ]?(?:mg|mcg|µg|ml|kg|g|iu|ui|units?|unit[ée]s?)\b|[ ]?%)   # a dose, not a phone
    """,
    re.IGNORECASE | re.VERBOSE,
)
_BARE_PHONE_RE = re.compile(r"(?<![\w.,/+@-])(?:\+?1)?[2-9]\d{2}[2-9]\d{6}(?![\w@/])(?![.,]\d)")
_PHONE_CUE_RE = re.compile(
    r"\b(?:t[ée]l|phone|cell|mobile|fax|call|appel|joindre|texto|sms)", re.IGNORECASE
)
_PHONE_CUE_DISTANCE = 30

# --- Email addresses -------------------------------------------------------------------------

_EMAIL_RE = re.compile(r"(?<![\w.+%-])[\w.+%-]+@(?:[\w-]+\.)+[^\W\d_]{2,24}(?![\w-])")

# --- Medical record numbers ------------------------------------------------------------------

_MEDICAL_RECORD_RE = re.compile(
    r"""
    (?:
        \bm\.?r\.?n\b\.?
      | \b(?:medical|health|hospital)[ ]record(?:[ ](?:number|no\b\.?))?
      | \bchart[ ]?(?:number|no\b\.?|\#)
      | (?:\bnum[ée]ro|\bno\b\.?|\bn[°º]|\#)[ ]?(?:de[ ])?dossier(?:[ ]m[ée]dical)?
      | \bdossier[ ]m[ée]dical
      | \bdossier(?=[ ]?(?:no\b|n[°º]|\#))
    )
    [ \t:#=*_`.()\-–]{0,6}
    (?:(?:(?:number|no|num[ée]ro)\b|n[°º])\.?[ \t:#=*_`\-–]{0,4})?
    (?P<identifier>(?=[A-Za-z-]*\d)[A-Za-z0-9](?:[A-Za-z0-9-]{0,18}[A-Za-z0-9])?)
    (?![\w-])
    """,
    re.IGNORECASE | re.VERBOSE,
)
_YEAR_RE = re.compile(_YEAR)


def find_health_information(text: str) -> list[Finding]:
    """Findings in the order they appear; an empty list when the text looks safe."""
    if not text:
        return []
    links = [(match.start(), match.end()) for match in _LINK_RE.finditer(text)]
    candidates = [
        candidate
        for candidate in (
            *_medical_record_numbers(text),
            *_health_card_numbers(text),
            *_dates_of_birth(text),
            *_phone_numbers(text),
            *_email_addresses(text),
        )
        if candidate.kind == FindingKind.EMAIL or not _overlaps(links, candidate)
    ]
    candidates.sort(key=lambda c: (_PRECEDENCE[c.kind], c.start - c.end, c.start))
    kept_spans: list[tuple[int, int]] = []
    kept: list[_Candidate] = []
    for candidate in candidates:
        if not _overlaps(kept_spans, candidate):
            index = bisect_right(kept_spans, (candidate.start, candidate.end))
            kept_spans.insert(index, (candidate.start, candidate.end))
            kept.insert(index, candidate)
    return [
        Finding(
            kind=candidate.kind,
            excerpt=_excerpt(candidate.kind, text[candidate.start : candidate.end]),
            start=candidate.start,
            end=candidate.end,
        )
        for candidate in kept
    ]


def _overlaps(spans: list[tuple[int, int]], candidate: _Candidate) -> bool:
    """Whether the candidate overlaps one of the sorted, non-overlapping spans."""
    index = bisect_right(spans, (candidate.start, candidate.end))
    if index > 0 and spans[index - 1][1] > candidate.start:
        return True
    return index < len(spans) and spans[index][0] < candidate.end


def _is_near(pattern: re.Pattern[str], text: str, start: int, end: int, distance: int) -> bool:
    return bool(
        pattern.search(text, max(0, start - distance), start)
        or pattern.search(text, end, min(len(text), end + distance))
    )


def _health_card_numbers(text: str) -> Iterator[_Candidate]:
    for match in _ONTARIO_VERSIONED_RE.finditer(text):
        yield _Candidate(FindingKind.HEALTH_CARD, match.start(), match.end())
    for match in _RAMQ_RE.finditer(text):
        month, day = int(match["month"]), int(match["day"])
        encodes_a_birth_date = (1 <= month <= 12 or 51 <= month <= 62) and 1 <= day <= 31
        if encodes_a_birth_date and (
            match["letters"].isupper()
            or _is_near(_HEALTH_CARD_CUE_RE, text, match.start(), match.end(), _CUE_DISTANCE)
        ):
            yield _Candidate(FindingKind.HEALTH_CARD, match.start(), match.end())
    for match in _DIGIT_RUN_RE.finditer(text):
        yield from _health_card_digit_runs(text, match.start(), match.end())


def _health_card_digit_runs(text: str, start: int, end: int) -> Iterator[_Candidate]:
    """The run, or failing that each space-separated piece of it, that a cue makes a card."""
    run = text[start:end]
    if _could_be_health_card(run):
        pieces = [(start, end)]
    else:
        pieces = [(start + m.start(), start + m.end()) for m in _CHUNK_RE.finditer(run)]
        pieces = [piece for piece in pieces if _could_be_health_card(text[piece[0] : piece[1]])]
    for piece_start, piece_end in pieces:
        if _is_near(_HEALTH_CARD_CUE_RE, text, piece_start, piece_end, _CUE_DISTANCE):
            yield _Candidate(FindingKind.HEALTH_CARD, piece_start, piece_end)


def _could_be_health_card(run: str) -> bool:
    # PEI uses 8 digits, Newfoundland and Labrador 12; the other provinces 9 or 10.
    digit_count = sum(char.isdigit() for char in run)
    return (
        8 <= digit_count <= 12
        and not _PHONE_SHAPE_RE.fullmatch(run)
        and not _DATE_SHAPE_RE.fullmatch(run)
    )


def _dates_of_birth(text: str) -> Iterator[_Candidate]:
    seen: set[int] = set()
    for date_re in _DATE_RES:
        for match in date_re.finditer(text):
            if match.start() not in seen and _is_birth_date(text, match.start()):
                seen.add(match.start())
                yield _Candidate(FindingKind.DATE_OF_BIRTH, match.start(), match.end())


def _is_birth_date(text: str, start: int) -> bool:
    before = text[max(0, start - _CUE_DISTANCE) : start]
    # A cue counts only within the date's own sentence.
    breaks = list(_SENTENCE_BREAK_RE.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    if _BIRTH_CUE_RE.search(before) or _BORN_ON_RIGHT_BEFORE_RE.search(before):
        return True
    return _follows_a_personal_name(text, start)


def _follows_a_personal_name(text: str, start: int) -> bool:
    """Whether the date directly follows a person's name: "Jean Tremblay (1985-03-14)"."""
    line_start = text.rfind("\n", 0, start) + 1
    line_before = text[max(line_start, start - 80) : start]
    if text[line_start:start].lstrip().startswith("#"):
        return False  # a Markdown heading is a title, not a patient
    lead_in = _BETWEEN_NAME_AND_DATE_RE.search(line_before)
    assert lead_in is not None  # the pattern can match the empty string at the end
    words = [word.strip("*_~,;:") for word in line_before[: lead_in.start()].split()[-3:]]
    if not words or not _is_name_word(words[-1]):
        return False
    if len(words) >= 2 and words[-2].rstrip(".").lower() in _PERSON_TITLES:
        return True  # "Mme Gagnon", "Mr. Smith"
    if len(words) < 2 or not _is_name_word(words[-2]):
        return False
    return len(words) < 3 or words[-3].rstrip(".").lower() not in _PHYSICIAN_TITLES


def _is_name_word(word: str) -> bool:
    lowered = word.lower()
    return (
        bool(_CAPITALISED_WORD_RE.fullmatch(word))
        and lowered not in _NOT_NAMES
        and lowered not in _PERSON_TITLES
        and lowered not in _PHYSICIAN_TITLES
        and not _MONTH_RE.fullmatch(lowered)
    )


def _phone_numbers(text: str) -> Iterator[_Candidate]:
    for match in _PHONE_RE.finditer(text):
        yield _Candidate(FindingKind.PHONE, match.start(), match.end())
    for match in _BARE_PHONE_RE.finditer(text):
        cue_from = max(0, match.start() - _PHONE_CUE_DISTANCE)
        if _PHONE_CUE_RE.search(text, cue_from, match.start()):
            yield _Candidate(FindingKind.PHONE, match.start(), match.end())


def _email_addresses(text: str) -> Iterator[_Candidate]:
    for match in _EMAIL_RE.finditer(text):
        yield _Candidate(FindingKind.EMAIL, match.start(), match.end())


def _medical_record_numbers(text: str) -> Iterator[_Candidate]:
    for match in _MEDICAL_RECORD_RE.finditer(text):
        identifier = match["identifier"]
        digit_count = sum(char.isdigit() for char in identifier)
        # "Chart #12" is a figure and "dossier médical 2024" a year, not a patient's record.
        if len(identifier) >= 4 and digit_count >= 3 and not _YEAR_RE.fullmatch(identifier):
            yield _Candidate(FindingKind.MEDICAL_RECORD, match.start("identifier"), match.end())


def _excerpt(kind: FindingKind, value: str) -> str:
    """The value with its middle masked, so the warning does not repeat it in full."""
    if kind == FindingKind.EMAIL:
        local, _at, domain = value.rpartition("@")
        return f"{local[:1]}{_MASK * 3}@{domain}"
    # A phone number's extension word ("ext.", "poste") says nothing about the person.
    maskable = str.isdigit if kind == FindingKind.PHONE else str.isalnum
    positions = [index for index, char in enumerate(value) if maskable(char)]
    count = len(positions)
    if count >= 10:
        head, tail = 4, 2
    elif count >= 6:
        head, tail = 2, 2
    else:
        head, tail = 1, 1 if count >= 4 else 0
    hidden = set(positions[head : count - tail])
    return "".join(_MASK if index in hidden else char for index, char in enumerate(value))
