"""Keyset pagination cursors: where a list sorted by (moment, id), newest first, resumes.

A page never uses ``OFFSET``: the next one starts after the last row shown, so page 2,000 costs
what page 1 does (decision 0010). The cursor is opaque to people and untrusted when it comes
back from the address bar: anything malformed means the first page.
"""

from __future__ import annotations

from datetime import UTC, datetime


def encode_cursor(moment: datetime, pk: int) -> str:
    return f"{int(moment.timestamp() * 1_000_000)}.{pk}"


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    """The (moment, id) a cursor names; None for an empty or malformed one."""
    if not cursor:
        return None
    try:
        stamp, pk = cursor.split(".", 1)
        return datetime.fromtimestamp(int(stamp) / 1_000_000, tz=UTC), int(pk)
    except (ValueError, OverflowError, OSError):
        return None
