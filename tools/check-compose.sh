#!/usr/bin/env bash
# Validates compose.yaml against the Compose specification's JSON schema (the copy vendored by a pinned
# check-jsonschema), since no Docker engine runs here. Installs the validator into its own virtualenv, quietly.
set -euo pipefail
cd "$(dirname "$0")/.."

VALIDATOR_VERSION="0.39.0"
VENV="${TMPDIR:-/tmp}/agentplanner-check-jsonschema-${VALIDATOR_VERSION}"
if [[ ! -x "$VENV/bin/check-jsonschema" ]]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "check-jsonschema==${VALIDATOR_VERSION}"
fi
"$VENV/bin/check-jsonschema" --builtin-schema vendor.compose-spec "${1:-compose.yaml}"
