"""Cells for files people open in a spreadsheet: shown, never run (CSV and formula injection).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be read as a
formula by Excel, LibreOffice or Google Sheets; such a cell gets a leading apostrophe so it stays
text. Every export of people's words goes through ``safe_cell`` (the moderation log, the
confidential answers of questionnaires).
"""

from __future__ import annotations

FORMULA_STARTS: frozenset[str] = frozenset({"=", "+", "-", "@", "\t", "\r"})


def safe_cell(value: object) -> str:
    """``value`` as text a spreadsheet shows as it is: a formula is neutralised."""
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_STARTS:
        return "'" + text
    return text


class Echo:
    """A file-like object whose ``write`` returns what it is given: ``csv.writer(Echo())`` turns
    each row into a string a streamed response can yield."""

    def write(self, value: str) -> str:
        return value
