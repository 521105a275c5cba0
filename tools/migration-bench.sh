#!/usr/bin/env bash
# Benchmark of the v1 → v2 migration (issue 8): builds a fixture of about SCALE × 61 rows, then times
# `migrate run`, `migrate verify`, and `pg_dump | psql` of the same source, and prints rows per second.
# Usage: tools/migration-bench.sh [SCALE]   (16400 ≈ 1,000,000 rows). Needs the local PostgreSQL
# (tools/postgres.sh) and a release build (`swift build -c release --product agentplanner`; AGENTPLANNER_BIN
# names another release binary). Creates databases ap_bench_<pid>_* and drops only those.
set -euo pipefail
SCALE="${1:-16400}"
BASE="${AGENTPLANNER_TEST_POSTGRES_URL:-postgres://agentplanner:agentplanner@127.0.0.1:5432/agentplanner_test}"
SERVER="${BASE%/*}"
BIN="${AGENTPLANNER_BIN:-$(swift build -c release --show-bin-path)/agentplanner}"
case "$BIN" in
*/release/agentplanner) ;;
*) echo "not a release build: $BIN (the figures are for a release build)" >&2; exit 2 ;;
esac
[ -x "$BIN" ] || { echo "no binary at $BIN: swift build -c release --product agentplanner" >&2; exit 2; }
echo "binary: $BIN"
ARCHIVE="$(mktemp -d)"
export PGPASSWORD=agentplanner
PSQL=(psql -q -h 127.0.0.1 -U agentplanner -d agentplanner_test -v ON_ERROR_STOP=1)
# Names of this run only: another bench on the shared server keeps its databases.
V1="ap_bench_$$_v1" V2="ap_bench_$$_v2" DUMP="ap_bench_$$_dump"
cleanup() {
  for db in "$V1" "$V2" "$DUMP"; do "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; done
  rm -rf "$ARCHIVE"
}
trap cleanup EXIT
for db in "$V1" "$V2" "$DUMP"; do "${PSQL[@]}" -c "CREATE DATABASE $db"; done
now() { date +%s.%N; }
KEYS=(--v1-slack-key fixture-slack-encryption-key --v2-secret-key bench-v2-secrets-key-0123456789abcdef)

t0=$(now); "$BIN" migrate fixture --database-url "$SERVER/$V1" --seed 1 --scale "$SCALE" | tail -1; t1=$(now)
# A live v1 database was vacuumed long ago: settle the new fixture the same way before anything is timed, or the
# first reader pays for setting every row's hint bits (the run here, and not the pg_dump that comes last).
"${PSQL[@]}" -d "$V1" -c "SET client_min_messages = error" -c "VACUUM (FREEZE, ANALYZE)"
ROWS=$("${PSQL[@]}" -d "$V1" -At -c "SELECT sum(n_live_tup)::bigint FROM pg_stat_user_tables")
/usr/bin/time -f "migrate run peak RSS %M KB" "$BIN" migrate run --from "$SERVER/$V1" --to "$SERVER/$V2" --archive-dir "$ARCHIVE" "${KEYS[@]}" | grep -E "^  (staged|loaded|found|restored|archive written)|migrated"; t2=$(now)
/usr/bin/time -f "migrate verify peak RSS %M KB" "$BIN" migrate verify --from "$SERVER/$V1" --to "$SERVER/$V2" --archive-dir "$ARCHIVE" "${KEYS[@]}" --seed 1 | tail -2; t3=$(now)
pg_dump -h 127.0.0.1 -U agentplanner "$V1" | psql -q -h 127.0.0.1 -U agentplanner -d "$DUMP" >/dev/null; t4=$(now)
rate() { awk -v r="$ROWS" -v a="$1" -v b="$2" 'BEGIN { printf "%8.1f s  %9.0f rows/s", b - a, r / (b - a) }'; }
echo "source rows: $ROWS (scale $SCALE)"
echo "fixture:          $(rate "$t0" "$t1")"
echo "migrate run:      $(rate "$t1" "$t2")"
echo "migrate verify:   $(rate "$t2" "$t3")"
echo "pg_dump | psql:   $(rate "$t3" "$t4")"
awk -v a="$t1" -v b="$t2" -v c="$t3" -v d="$t4" 'BEGIN { printf "run / pg_dump|psql:    %.2f x\nverify / pg_dump|psql: %.2f x\n", (d - c) / (b - a), (d - c) / (c - b) }'
