#!/usr/bin/env bash
# Benchmark of the dispatch hot path (issue 7) on the local PostgreSQL (tools/postgres.sh), in one run:
#  1. burst: REQUESTS agent requests × 3 adapters (webhook, Slack, Discord fakes answering at once), all events
#     inserted up front: sustained deliveries/s;
#  2. paced: RATE deliveries/s offered for about 20 s, one transaction per event: event-to-delivery p50/p99;
#  3. pgbench, 8 clients, the same per-delivery SQL without batching (tools/dispatch-delivery.pgbench), and a
#     one-row insert per transaction (the machine's limit of durable commits).
# Usage: tools/dispatch-bench.sh [REQUESTS] [RATE]   (defaults 10000, 1000). BIN=path/to/agentplanner picks the
# binary (e.g. a release build: swift build -c release --product agentplanner; BIN=.build/release/agentplanner).
set -euo pipefail
REQUESTS="${1:-10000}"
RATE="${2:-1000}"
BASE="${AGENTPLANNER_TEST_POSTGRES_URL:-postgres://agentplanner:agentplanner@127.0.0.1:5432/agentplanner_test}"
SERVER="${BASE%/*}"
BIN="${BIN:-$(swift build --show-bin-path)/agentplanner}"
DB=ap_dispatch_bench
export PGPASSWORD=agentplanner
PSQL=(psql -q -h 127.0.0.1 -U agentplanner -v ON_ERROR_STOP=1)
PGBENCH=(pgbench -h 127.0.0.1 -U agentplanner -n -c 8 -j 2 -T 20)
fresh() { "${PSQL[@]}" -d agentplanner_test -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"; }

echo "== 1. burst: $REQUESTS requests × 3 adapters, no faults"
fresh
"$BIN" load dispatch --database-url "$SERVER/$DB" --requests "$REQUESTS" --fail-every 0 --workers 2 --concurrency 32 | tee /tmp/dispatch-burst.txt
echo "== 2. paced: $RATE deliveries/s offered, no faults"
fresh
"$BIN" load dispatch --database-url "$SERVER/$DB" --requests $((RATE * 20 / 3)) --rate "$RATE" --fail-every 0 --workers 2 --concurrency 32
echo "== 3. pgbench, 8 clients, 20 s each, on the same database"
INTEGRATION=$("${PSQL[@]}" -d "$DB" -At -c "SELECT id FROM messaging_integrations WHERE adapter = 'webhook' LIMIT 1")
"${PGBENCH[@]}" -f "$(dirname "$0")/dispatch-delivery.pgbench" -D integration="$INTEGRATION" "$DB" | grep -E "^tps|latency average" | sed 's/^/  per-delivery SQL: /'
"${PSQL[@]}" -d "$DB" -c "CREATE TABLE bench_commit (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())"
echo "INSERT INTO bench_commit DEFAULT VALUES;" > /tmp/dispatch-commit.pgbench
"${PGBENCH[@]}" -f /tmp/dispatch-commit.pgbench "$DB" | grep -E "^tps|latency average" | sed 's/^/  one-row commit:   /'
"${PSQL[@]}" -d agentplanner_test -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
