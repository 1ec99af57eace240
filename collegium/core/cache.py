"""The cache of the embedded default: Django's database cache, with a counter that holds.

Rate limits (MO-3, ``collegium.moderation.limits``) count attempts with ``cache.incr``. Django's
database cache increments by reading then writing the value, so two processes can both read
3 and both write 4, and its write also replaces the entry's expiry with the cache's default
timeout, so a counter meant to last an hour disappears after five minutes. This one increments
inside a transaction, with the row locked where the database can lock rows (SQLite, in the
``IMMEDIATE`` transaction mode config/settings.py sets, writes one transaction at a time), and
leaves the expiry alone: what Redis' ``INCR`` does in production. See docs/decisions/0012.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class AtomicDatabaseCache(DatabaseCache):
    """Django's database cache whose ``incr`` is atomic across processes and keeps the expiry."""

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)  # type: ignore[attr-defined]
        cache_key, value, expires = (quote_name(c) for c in ("cache_key", "value", "expires"))
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {value} FROM {table} WHERE {cache_key} = %s AND {expires} >= %s{lock}",  # noqa: S608
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            stored = connection.ops.process_clob(row[0])
            # The cache's own format: base64 of a pickle that this class or Django wrote.
            current = pickle.loads(base64.b64decode(stored.encode()))  # noqa: S301
            new_value = current + delta
            pickled = pickle.dumps(new_value, self.pickle_protocol)
            cursor.execute(
                f"UPDATE {table} SET {value} = %s WHERE {cache_key} = %s",  # noqa: S608
                [base64.b64encode(pickled).decode("latin1"), key],
            )
        return new_value
