#!/usr/bin/env bash
# Benchmark of the dispatch hot path (issues 7 and 18) on the local PostgreSQL (tools/postgres.sh), in one run.
# The receivers run in their own process (`agentplanner sink`, one port each for webhook, Slack, Discord), so
# the figures measure the engine; every run prints CPU time per delivery of the engine, the sink and the
# PostgreSQL backends of the bench database.
#  1. burst: REQUESTS agent requests × 3 adapters, all events inserted up front: sustained deliveries/s;
#  2. paced: RATE deliveries/s offered for 20 s (open model: events at RATE / 3 per second, one transaction each,
#     latency from each event's scheduled time, HdrHistogram): achieved share, event-to-delivery p50/p99;
#  3. scale-out: the burst again with the engine in 1, 2 and 3 `agentplanner worker` processes;
#  4. pgbench, 8 clients: a one-row insert per transaction (the machine's limit of durable commits), and the
#     engine's per-delivery SQL without batching (tools/dispatch-delivery.pgbench), for reference;
#  5. the peer: PgQueuer (tools/dispatch-peer.py, pinned in tools/dispatch-peer.requirements.txt) on the same
#     cluster, the same signed webhook to the same sink, an outcome row per delivery: burst and paced;
#  then every ratio against the one-row commit rate and the peer.
# Usage: tools/dispatch-bench.sh [REQUESTS] [RATE]   (defaults 10000, 1000). BIN=path/to/agentplanner picks the
# binary (a release build: swift build -c release --product agentplanner; BIN=.build/release/agentplanner);
# PEER_PYTHON a Python with the peer's requirements (skipped when it cannot import them).
set -euo pipefail
REQUESTS="${1:-10000}"
RATE="${2:-1000}"
BASE="${AGENTPLANNER_TEST_POSTGRES_URL:-postgres://agentplanner:agentplanner@127.0.0.1:5432/agentplanner_test}"
SERVER="${BASE%/*}"
BIN="${BIN:-$(swift build --show-bin-path)/agentplanner}"
PEER_PYTHON="${PEER_PYTHON:-python3}"
DB=ap_dispatch_bench
OUT="${OUT:-/tmp/dispatch-bench}"
mkdir -p "$OUT"
export PGPASSWORD=agentplanner
PSQL=(psql -q -h 127.0.0.1 -U agentplanner -v ON_ERROR_STOP=1)
PGBENCH=(pgbench -h 127.0.0.1 -U agentplanner -n -c 8 -j 2 -T 20)
SECRET=bench-webhook-signing-secret-0001
TOKEN=xoxb-bench-0001
KEY=bench-secrets-key-0123456789abcdef-0001
fresh() { "${PSQL[@]}" -d agentplanner_test -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"; }
# The number that ends the first match of $2 in $1 (a label such as "p99" holds digits of its own).
figure() { grep -oE "$2" "$1" | head -1 | grep -oE '[0-9]+(\.[0-9]+)?$'; }
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

"$BIN" sink --extra-ports 2 --webhook-secret "$SECRET" --slack-token "$TOKEN" >"$OUT/sink.txt" &
PIDS+=($!)
for _ in $(seq 100); do [ -s "$OUT/sink.txt" ] && break; sleep 0.1; done
read -r _ SINK_PID SINK_1 SINK_2 SINK_3 <"$OUT/sink.txt"
echo "sink: pid $SINK_PID, $SINK_1 $SINK_2 $SINK_3"
SINK=(--sink "$SINK_1" --sink "$SINK_2" --sink "$SINK_3" --sink-webhook-secret "$SECRET" --sink-slack-token "$TOKEN")

echo "== 1. burst: $REQUESTS requests × 3 adapters, no faults, engine in the load process (2 workers)"
fresh
"$BIN" load dispatch --database-url "$SERVER/$DB" --requests "$REQUESTS" --fail-every 0 --workers 2 --concurrency 32 \
  "${SINK[@]}" | tee "$OUT/burst.txt"
echo "== 2. paced: $RATE deliveries/s offered for 20 s, no faults"
fresh
"$BIN" load dispatch --database-url "$SERVER/$DB" --requests $((RATE * 20 / 3)) --rate "$RATE" --fail-every 0 --workers 2 \
  --concurrency 32 "${SINK[@]}" | tee "$OUT/paced.txt"

echo "== 3. scale-out: the burst with the engine in N worker processes (2 workers each)"
for n in 1 2 3; do
  fresh
  "$BIN" db migrate --database-url "$SERVER/$DB" >/dev/null
  WORKERS=()
  for _ in $(seq "$n"); do
    env DATABASE_URL="$SERVER/$DB" AGENTPLANNER_SECRETS_KEY="$KEY" SLACK_API_BASE_URL="$SINK_2/slack/api" \
      DISCORD_API_BASE_URL="$SINK_3/discord/api" MIGRATE_ON_START=false LOG_LEVEL=warning DISPATCH_WORKERS=2 \
      DISPATCH_POLL_MS=50 DISPATCH_CONCURRENCY_WEBHOOK=32 DISPATCH_CONCURRENCY_SLACK=32 DISPATCH_CONCURRENCY_DISCORD=32 \
      DISPATCH_CRON_ENABLED=false "$BIN" worker 2>>"$OUT/workers.log" &
    WORKERS+=($!)
    PIDS+=($!)
  done
  ENGINE=()
  for pid in "${WORKERS[@]}"; do ENGINE+=(--engine-pid "$pid"); done
  "$BIN" load dispatch --database-url "$SERVER/$DB" --requests "$REQUESTS" --fail-every 0 "${ENGINE[@]}" \
    --secrets-key "$KEY" "${SINK[@]}" | tee "$OUT/scale-$n.txt"
  for pid in "${WORKERS[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
done

echo "== 4. pgbench, 8 clients, 20 s each, on the database of the last scale-out run"
"${PSQL[@]}" -d "$DB" -c "CREATE TABLE bench_commit (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())"
echo "INSERT INTO bench_commit DEFAULT VALUES;" >"$OUT/commit.pgbench"
"${PGBENCH[@]}" -f "$OUT/commit.pgbench" "$DB" | grep -E "^tps|latency average" | sed 's/^/  one-row commit:   /' | tee "$OUT/commit.txt"
INTEGRATION=$("${PSQL[@]}" -d "$DB" -At -c "SELECT id FROM messaging_integrations WHERE adapter = 'webhook' LIMIT 1")
"${PGBENCH[@]}" -f "$(dirname "$0")/dispatch-delivery.pgbench" -D integration="$INTEGRATION" "$DB" | grep -E "^tps|latency average" \
  | sed 's/^/  per-delivery SQL, unbatched (reference only, not a denominator): /'

echo "== 5. peer: PgQueuer, the same signed webhook to the same sink, an outcome row per delivery"
PEER=0
if "$PEER_PYTHON" -c "import pgqueuer, asyncpg, aiohttp" 2>/dev/null; then
  PEER=1
  fresh
  "$PEER_PYTHON" "$(dirname "$0")/dispatch-peer.py" "$SERVER/$DB" "$SINK_1" "$SECRET" burst $((REQUESTS * 3)) | tee "$OUT/peer-burst.txt"
  fresh
  "$PEER_PYTHON" "$(dirname "$0")/dispatch-peer.py" "$SERVER/$DB" "$SINK_1" "$SECRET" paced "$RATE" 20 | tee "$OUT/peer-paced.txt"
else
  echo "  skipped: $PEER_PYTHON cannot import pgqueuer, asyncpg and aiohttp (pip install -r tools/dispatch-peer.requirements.txt)"
fi

"${PSQL[@]}" -d agentplanner_test -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"

echo "== ratios (denominators: the machine's one-row durable commit rate and the peer, both of this run)"
COMMIT=$(figure "$OUT/commit.txt" 'tps = [0-9.]+')
BURST=$(figure "$OUT/burst.txt" 'throughput: [0-9.]+')
SHARE=$(figure "$OUT/paced.txt" 'deliveries/s, [0-9.]+')
P99=$(figure "$OUT/paced.txt" 'p99 [0-9.]+')
awk -v b="$BURST" -v c="$COMMIT" 'BEGIN { printf "  burst / one-row commits: %.0f / %.0f = %.2f x (target >= 0.40)\n", b, c, b / c }'
awk -v s="$SHARE" -v p="$P99" -v r="$RATE" 'BEGIN { printf "  paced at %d/s: achieved %.1f %% (target >= 99), p99 %.1f ms (target <= 20)\n", r, s, p, p }'
for n in 1 2 3; do
  S=$(figure "$OUT/scale-$n.txt" 'throughput: [0-9.]+')
  D=$(figure "$OUT/scale-$n.txt" 'duplicates \(re-sends dropped by the receiver\): [0-9]+')
  awk -v s="$S" -v c="$COMMIT" -v n="$n" -v d="$D" 'BEGIN { printf "  %d worker process(es): %.0f deliveries/s = %.2f x one-row commits, duplicates %d\n", n, s, s / c, d }'
done
if [ "$PEER" = 1 ]; then
  PB=$(figure "$OUT/peer-burst.txt" 'throughput: [0-9.]+')
  PP99=$(figure "$OUT/peer-paced.txt" 'p99 [0-9.]+')
  PSHARE=$(figure "$OUT/peer-paced.txt" 'achieved [0-9.]+')
  awk -v b="$BURST" -v p="$PB" 'BEGIN { printf "  burst, ours / PgQueuer: %.0f / %.0f = %.2f x\n", b, p, b / p }'
  awk -v a="$P99" -v b="$PP99" -v s="$PSHARE" 'BEGIN { printf "  paced p99, ours / PgQueuer: %.1f / %.1f ms = %.2f x (PgQueuer achieved %.1f %%)\n", a, b, a / b, s }'
fi
