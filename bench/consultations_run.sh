#!/usr/bin/env bash
# The consultations benchmark of issue 9 (bench/README.md) on both shapes, one after the other:
# the embedded default (SQLite, sessions and cache in it) and the production shape (PostgreSQL,
# sessions, cache and queue on Redis). Each makes its own data from scratch (a few minutes).
#
#   bench/consultations_run.sh
#   DURATION=15 CONNECTIONS=50 SIZES=1000,20000 COMMENT_LEVELS=200,1000 bench/consultations_run.sh
#
# Only the bench's own data is touched: the folders under /tmp, the PostgreSQL database
# $PG_DB (must start with collegium_bench; dropped and made again) and Redis database
# $REDIS_DB (emptied). The figures go to $OUT/{sqlite,postgres}.{log,json}.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-50}
SIZES=${SIZES:-1000,20000}
# After the rest, the largest consultation's comments grow to these and its page is measured
# again (in the process at each level, under load at the last).
COMMENT_LEVELS=${COMMENT_LEVELS:-200,1000}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
PG_DB=${PG_DB:-collegium_bench_consult}
REDIS_DB=${REDIS_DB:-7}
OUT=${OUT:-/tmp/collegium-bench-consult-results}
mkdir -p "$OUT"

common=(--sizes "$SIZES" --duration "$DURATION" --connections "$CONNECTIONS"
    --comment-levels "$COMMENT_LEVELS")

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
$PY bench/consultations.py "${common[@]}" --data-dir /tmp/collegium-bench-consult \
    --label SQLite --json "$OUT/sqlite.json" "$@" | tee "$OUT/sqlite.log"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
$PY bench/consultations.py "${common[@]}" --data-dir /tmp/collegium-bench-consult-pg \
    --database-url "$PG_URL/$PG_DB" --redis-url "redis://127.0.0.1:6379/$REDIS_DB" \
    --label "PostgreSQL + Redis" --json "$OUT/postgres.json" "$@" | tee "$OUT/postgres.log"
