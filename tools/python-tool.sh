#!/usr/bin/env bash
# Prints the bin folder of a virtualenv holding one pinned PyPI package, installing it quietly the first time:
#   bash tools/python-tool.sh PACKAGE VERSION COMMAND   (COMMAND: an executable the package installs)
set -euo pipefail
PACKAGE="$1" VERSION="$2" COMMAND="$3"
VENV="${TMPDIR:-/tmp}/agentplanner-${PACKAGE}-${VERSION}"
if [[ ! -x "$VENV/bin/$COMMAND" ]]; then
    python3 -m venv "$VENV" >&2
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PACKAGE}==${VERSION}" >&2
fi
echo "$VENV/bin"
