"""Fail unless the French catalogue is complete and current.

Complete: no untranslated or fuzzy message. Current: extracting the strings from the code now
finds nothing that the catalogue lacks (someone added a string without running
``make messages``). The extraction runs in a temporary folder; the catalogue is not touched.
"""

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

IGNORE = ["var/*", "e2e/*", "bench/*", "tests/*", "*/tests/*", "node_modules/*"]


def catalogue_problems(po_path: Path) -> list[str]:
    catalogue = polib.pofile(str(po_path))
    problems = [f"untranslated: {entry.msgid!r}" for entry in catalogue.untranslated_entries()]
    problems += [f"fuzzy: {entry.msgid!r}" for entry in catalogue.fuzzy_entries()]
    return problems


def missing_from_catalogue(po_path: Path, language: str) -> list[str]:
    """Strings the code uses that the catalogue does not have yet."""
    known = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(po_path))}
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "catalogue" / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(po_path, target / po_path.name)
        # makemessages writes into any ``locale`` folder above the files it reads, so it reads
        # a copy of the sources that has none: the real catalogue is never touched.
        sources = Path(scratch) / "sources"
        shutil.copytree(
            settings.BASE_DIR,
            sources,
            ignore=shutil.ignore_patterns(
                ".*", "var", "node_modules", "locale", "locale_*", "__pycache__", "*.pyc"
            ),
        )
        previous = Path.cwd()
        os.chdir(sources)
        try:
            with override_settings(LOCALE_PATHS=[Path(scratch) / "catalogue"]):
                call_command(
                    "makemessages", locale=[language], ignore_patterns=IGNORE,
                    no_obsolete=True, verbosity=0,
                )  # fmt: skip
        finally:
            os.chdir(previous)
        fresh = polib.pofile(str(target / po_path.name))
    return sorted(
        f"not in the catalogue: {entry.msgid!r}"
        for entry in fresh
        if (entry.msgctxt, entry.msgid) not in known
    )


class Command(BaseCommand):
    help = "Check that every translation catalogue is complete and current."

    def handle(self, *args: Any, **options: Any) -> None:
        problems: list[str] = []
        for language, _name in settings.LANGUAGES:
            if language == settings.LANGUAGE_CODE:
                continue
            po_path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
            if not po_path.exists():
                problems.append(f"{po_path} does not exist")
                continue
            problems += [f"{po_path}: {p}" for p in catalogue_problems(po_path)]
            problems += [f"{po_path}: {p}" for p in missing_from_catalogue(po_path, language)]
        if problems:
            raise CommandError(
                "The translation catalogue is incomplete (run `make messages`, then translate):\n"
                + "\n".join(problems)
            )
        self.stdout.write(self.style.SUCCESS("Translation catalogues complete and current."))
