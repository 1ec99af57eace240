"""``manage.py import_roster FILE.csv``: load the membership roster (SPEC ID-3)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from collegium.accounts.roster import RosterImportError, roster_import


class Command(BaseCommand):
    help = (
        "Import the membership roster from a UTF-8 CSV file with the columns member_id, "
        "first_name, last_name, email, type (physician|learner), status (active|inactive). "
        "All rows or none: any bad row is reported with its line number and nothing changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"{file} does not exist.")
        try:
            result = roster_import(raw=file.read_bytes())
        except RosterImportError as error:
            raise CommandError(f"Nothing was imported.\n{error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Roster imported: {result.created} added, {result.updated} updated, "
                f"{result.unchanged} unchanged; {result.verified_claims} waiting claims verified."
            )
        )
