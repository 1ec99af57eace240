#!/usr/bin/env bash
# The forum load benchmark of issue 5 (bench/README.md): the same pages and the hello-world
# ceiling on three data sets, one table each, then each page's ratio to the ceiling side by side.
#
#   bench/forum_run.sh                          # 15 s per page, 16 connections
#   DURATION=20 CONNECTIONS=8 bench/forum_run.sh
#
# Data sets (each in its own data folder under /tmp, never var/; made when missing):
#   demo   the demo data (`manage.py demo_data`)
#   small  the generator at 1 %: 1,000 people, 10,000 posts (same page shapes as large)
#   large  the generator in full: 100,000 people, 1,000,000 posts (a few minutes to make)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DEMO_DIR=${DEMO_DIR:-/tmp/collegium-bench-demo}
SMALL_DIR=${SMALL_DIR:-/tmp/collegium-bench-small}
LARGE_DIR=${LARGE_DIR:-/tmp/collegium-bench-large}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-16}

prepare() {
    local dir=$1
    shift
    if [ ! -f "$dir/collegium.sqlite3" ]; then
        COLLEGIUM_DATA_DIR=$dir $PY manage.py migrate --noinput -v0
        COLLEGIUM_DATA_DIR=$dir $PY manage.py demo_data "$@"
    fi
}

prepare "$DEMO_DIR"
prepare "$SMALL_DIR" --size large --users 1000 --posts 10000
prepare "$LARGE_DIR" --size large

for pair in "demo:$DEMO_DIR" "small:$SMALL_DIR" "large:$LARGE_DIR"; do
    label=${pair%%:*}
    dir=${pair#*:}
    $PY bench/forum.py --data-dir "$dir" --label "$label" --duration "$DURATION" \
        --connections "$CONNECTIONS" --json "$dir/bench.json"
done
echo
$PY bench/forum.py --summary "$DEMO_DIR/bench.json" "$SMALL_DIR/bench.json" "$LARGE_DIR/bench.json"
