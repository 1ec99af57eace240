"""Importing the membership roster from CSV (SPEC ID-3): all rows or none."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from collegium.accounts.choices import ClaimStatus, RosterStatus, UserType
from collegium.accounts.models import MemberClaim, RosterEntry
from collegium.accounts.services import _claim_evaluate, member_id_validate

COLUMNS = ("member_id", "first_name", "last_name", "email", "type", "status")
TYPES = {"physician": UserType.PHYSICIAN, "learner": UserType.LEARNER}
STATUSES = {"active": RosterStatus.ACTIVE, "inactive": RosterStatus.INACTIVE}


@dataclass
class RosterImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    verified_claims: int = 0


@dataclass
class RosterImportError(Exception):
    """Every problem found, each with the line it is on; nothing was imported."""

    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(self.problems)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterImportError(
            [
                _("The file is not UTF-8 text (byte %(position)s). Save it as CSV UTF-8.")
                % {"position": error.start}
            ]
        ) from error  # fmt: skip


# The longest value each column may hold (the model's field lengths).
MAX_LENGTHS = {"member_id": 20, "first_name": 150, "last_name": 150, "email": 254}


def _parse(text: str) -> tuple[list[dict[str, str]], list[str]]:
    try:
        return _parse_rows(text)
    except csv.Error as error:
        return [], [_("The file is not a valid CSV file: %(error)s.") % {"error": error}]


def _parse_rows(text: str) -> tuple[list[dict[str, str]], list[str]]:
    if not text.strip():
        # Without this, an empty file would be blamed for missing every column.
        return [], [_("The file has no rows.")]
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        return [], [
            _("Line 1: missing columns: %(columns)s. Expected: %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ", ".join(COLUMNS)}
        ]
    reader.fieldnames = header
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        values = {key: (row.get(key) or "").strip() for key in COLUMNS}
        row_problems = []
        try:
            values["member_id"] = member_id_validate(values["member_id"])
        except ValidationError:
            row_problems.append(_("the member ID “%(value)s” is not valid") % {
                "value": values["member_id"]})  # fmt: skip
        try:
            validate_email(values["email"])
        except ValidationError:
            row_problems.append(
                _("the email “%(value)s” is not valid") % {"value": values["email"]}
            )
        if values["type"].lower() not in TYPES:
            row_problems.append(_("the type must be “physician” or “learner”"))
        if values["status"].lower() not in STATUSES:
            row_problems.append(_("the status must be “active” or “inactive”"))
        if not values["first_name"] or not values["last_name"]:
            row_problems.append(_("first and last name are required"))
        row_problems += [
            _("the %(column)s is longer than %(limit)s characters")
            % {"column": column, "limit": limit}
            for column, limit in MAX_LENGTHS.items()
            if len(values[column]) > limit
        ]
        if values["member_id"] in seen:
            row_problems.append(
                _("member ID %(member_id)s is already on line %(line)s")
                % {"member_id": values["member_id"], "line": seen[values["member_id"]]}
            )
        seen.setdefault(values["member_id"], line)
        if row_problems:
            problems.append(
                _("Line %(line)s: %(problems)s.")
                % {"line": line, "problems": "; ".join(row_problems)}
            )
        else:
            rows.append(values)
    if not rows and not problems:
        problems.append(_("The file has no rows."))
    return rows, problems


def roster_import(*, raw: bytes) -> RosterImportResult:
    """Add or update roster entries from a CSV file; any bad row stops the whole import.

    Running it again with the same file changes nothing. Claims waiting for staff that the new
    roster now confirms are verified at once.
    """
    rows, problems = _parse(_decode(raw))
    if problems:
        raise RosterImportError(problems)
    result = RosterImportResult()
    with transaction.atomic():
        existing = {e.member_id: e for e in RosterEntry.objects.filter(
            member_id__in=[row["member_id"] for row in rows])}  # fmt: skip
        for row in rows:
            values = {
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "email": row["email"].lower(),
                "member_type": TYPES[row["type"].lower()],
                "status": STATUSES[row["status"].lower()],
            }
            entry = existing.get(row["member_id"])
            if entry is None:
                RosterEntry.objects.create(member_id=row["member_id"], **values)
                result.created += 1
            elif any(getattr(entry, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(entry, key, value)
                entry.save()
                result.updated += 1
            else:
                result.unchanged += 1
        pending = MemberClaim.objects.filter(
            status=ClaimStatus.PENDING, member_id__in=[row["member_id"] for row in rows]
        ).select_related("user")
        entries = {e.member_id: e for e in RosterEntry.objects.filter(
            member_id__in=[claim.member_id for claim in pending])}  # fmt: skip
        for claim in pending:
            try:
                _claim_evaluate(claim, entries.get(claim.member_id))
            except ValidationError:
                # Another account already holds this member ID: staff decide (ID-3); the
                # roster itself is still imported.
                continue
            result.verified_claims += claim.status == ClaimStatus.VERIFIED
    return result
