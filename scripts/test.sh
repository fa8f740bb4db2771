#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, fuzzes a live node against protocol/openapi.yaml with
# schemathesis (bounded), then `swift test` (Swift Testing prints the closing count last).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
if [ "${GRADSYNC_SKIP_FUZZ:-0}" != "1" ]; then
  scripts/schemathesis.sh
fi
swift test --skip-build "$@"
