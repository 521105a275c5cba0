#!/usr/bin/env bash
# Validates compose.yaml against the Compose specification's JSON schema (the copy vendored by a pinned
# check-jsonschema), since no Docker engine runs here. Installs the validator into its own virtualenv, quietly.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="$(bash tools/python-tool.sh check-jsonschema 0.39.0 check-jsonschema)"
"$BIN/check-jsonschema" --builtin-schema vendor.compose-spec "${1:-compose.yaml}"
