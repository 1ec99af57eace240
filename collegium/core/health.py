"""Readiness checks: can this process reach what it needs to serve a request (IF-4)?"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from huey.contrib.djhuey import HUEY

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


def check_task_queue() -> None:
    # Reading the queue's length is a round trip to its storage (SQLite file or Redis).
    HUEY.pending_count()


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "task_queue": check_task_queue,
}


def readiness() -> dict[str, str]:
    """Each part's state: ``"ok"`` or ``"error"``. The reason goes to the log, not the answer."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("readiness check failed: %s", name)
            results[name] = "error"
        else:
            results[name] = "ok"
    return results
