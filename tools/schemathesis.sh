#!/usr/bin/env bash
# Fuzzes the server with a pinned schemathesis over the server's own /openapi.json (CI runs it; see README
# "Operations"): `agentplanner serve` on SQLite in a temporary data folder, an owner and an API token made through
# the API, then the examples, coverage, per-operation fuzzing and stateful phases over every operation with that
# token, within a time budget. Checks: no 5xx, documented status codes, answers that match their schemas.
# Installs schemathesis into its own virtualenv (tools/python-tool.sh), as tools/check-compose.sh does its validator.
#
#   SCHEMATHESIS_MAX_EXAMPLES (default 20)  test cases per operation and phase
#   SCHEMATHESIS_MAX_TIME     (default 240) seconds for the whole run
#   SCHEMATHESIS_SEED         (default 19)  the same cases every run unless changed
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS="$(bash tools/python-tool.sh schemathesis 4.32.5 st)"

swift build --product agentplanner >/dev/null
BIN="$(swift build --show-bin-path)/agentplanner"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/agentplanner-fuzz.XXXXXX")"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:${PORT}"

# Rate limits off (thousands of requests from one address); dispatch off (no receivers to reach). GitHub sign-in and
# the Slack app are configured as a deployment has them (unconfigured, they answer 503/500 "not configured" by
# design), their services on a loopback port where nothing listens: no fuzzed request can carry a valid signed OAuth
# state or Slack signature, so none reaches them, and one that did would get the server's 502, a finding.
NOWHERE="http://127.0.0.1:9"
env DATABASE_URL="sqlite:${WORK}/fuzz.sqlite" AGENTPLANNER_DATA_DIR="$WORK" HOST=127.0.0.1 PORT="$PORT" \
    RATE_LIMIT_ENABLED=false DISPATCH_IN_SERVER=false LOG_LEVEL=warning \
    GITHUB_CLIENT_ID=Iv1.fuzz GITHUB_CLIENT_SECRET=fuzz-github-secret GITHUB_AUTHORIZE_URL="$NOWHERE/login/oauth/authorize" \
    GITHUB_TOKEN_URL="$NOWHERE/login/oauth/access_token" GITHUB_API_URL="$NOWHERE" \
    SLACK_CLIENT_ID=fuzz.slack SLACK_CLIENT_SECRET=fuzz-slack-secret SLACK_SIGNING_SECRET=fuzz-slack-signing-secret \
    SLACK_API_BASE_URL="$NOWHERE/api" \
    "$BIN" serve >"${WORK}/server.log" 2>&1 &
SERVER=$!
cleanup() {
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
    curl -fsS "${BASE}/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || { cat "${WORK}/server.log"; echo "schemathesis: the server did not start" >&2; exit 1; }
    sleep 0.5
done

json() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }
EMAIL="fuzz-owner@schemathesis.agentplanner.test"
PASSWORD="fuzz-owner-password-1"
curl -fsS -X POST "${BASE}/auth/register" -H 'content-type: application/json' \
    -d "{\"email\": \"${EMAIL}\", \"password\": \"${PASSWORD}\", \"name\": \"Fuzz Owner\"}" >/dev/null
ACCESS="$(curl -fsS -X POST "${BASE}/auth/login" -H 'content-type: application/json' \
    -d "{\"email\": \"${EMAIL}\", \"password\": \"${PASSWORD}\"}" | json "['session']['access_token']")"
TOKEN="$(curl -fsS -X POST "${BASE}/auth/token" -H 'content-type: application/json' -H "Authorization: Bearer ${ACCESS}" \
    -d '{"name": "schemathesis", "permissions": ["read", "write", "admin"]}' | json "['token']")"
# A plan to find: stateful links and path ids then reach more than 404s.
curl -fsS -X POST "${BASE}/plans" -H 'content-type: application/json' -H "Authorization: Bearer ${TOKEN}" \
    -d '{"title": "Fuzzing plan", "description": "made by tools/schemathesis.sh"}' >/dev/null

# Revoking an API token is fuzzed last, on its own: within the main run it finds the run's own token id (GET
# /auth/token lists it) and revokes it, and every later request is a 401.
REVOKE="DELETE /auth/token/{id}"
fuzz() {
    "$TOOLS/st" run "${BASE}/openapi.json" \
        --checks not_a_server_error,status_code_conformance,response_schema_conformance \
        --phases examples,coverage,fuzzing,stateful \
        --header "Authorization: Bearer ${TOKEN}" \
        --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-20}" \
        --seed "${SCHEMATHESIS_SEED:-19}" --workers 2 --request-timeout 20 --max-redirects 0 \
        --generation-database none --suppress-health-check all --no-color "$@"
}
status=0
fuzz --exclude-name "$REVOKE" --max-time "${SCHEMATHESIS_MAX_TIME:-240}" || status=$?
# The token must have lived through the main run, or its answers were 401s that prove nothing.
alive="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${TOKEN}" "${BASE}/auth/profile")"
if [[ $alive != 200 ]]; then
    echo "schemathesis: the run's token no longer works after the main run (GET /auth/profile answered $alive)" >&2
    status=1
fi
fuzz --include-name "$REVOKE" --max-time 30 || status=$?
if [[ $status -ne 0 ]]; then
    echo "schemathesis: failures above; the server's log (last 60 lines):" >&2
    tail -n 60 "${WORK}/server.log" >&2
fi
exit $status
