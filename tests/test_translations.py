"""The French catalogue is complete and current: no untranslated, fuzzy or missing message."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from collegium.core.management.commands.check_translations import (
    catalogue_problems,
    missing_from_catalogue,
)

FRENCH = Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES" / "django.po"


def test_every_french_message_is_translated_and_none_is_fuzzy():
    assert catalogue_problems(FRENCH) == []


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext (xgettext) is not installed: apt-get install gettext",
)
def test_every_string_in_the_code_is_in_the_french_catalogue():
    assert missing_from_catalogue(FRENCH, "fr") == []
