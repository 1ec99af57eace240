"""Test helpers other apps reuse (imported by tests only)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _format(queries: list[dict[str, Any]]) -> str:
    return "\n".join(f"  {number}. {query['sql']}" for number, query in enumerate(queries, 1))


@contextmanager
def assert_num_queries(expected: int) -> Iterator[CaptureQueriesContext]:
    """Exactly ``expected`` queries inside the block; on failure, every query is printed."""
    with CaptureQueriesContext(connection) as context:
        yield context
    executed = len(context.captured_queries)
    assert executed == expected, (
        f"expected {expected} queries, {executed} ran:\n{_format(context.captured_queries)}"
    )


def count_queries(action: Callable[[], object]) -> tuple[int, list[dict[str, Any]]]:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries), list(context.captured_queries)


def assert_flat_query_count(action: Callable[[], object], grow: Callable[[], object]) -> int:
    """The query count of ``action`` does not change when ``grow`` adds data (no N+1).

    Runs ``action`` once to warm per-process caches, measures it, calls ``grow``, measures again.
    """
    action()
    before, before_queries = count_queries(action)
    grow()
    after, after_queries = count_queries(action)
    assert before == after, (
        f"query count grew with the data: {before} -> {after}\n"
        f"before:\n{_format(before_queries)}\nafter:\n{_format(after_queries)}"
    )
    return after
