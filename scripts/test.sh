#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then `swift test` (Swift Testing prints the closing count).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
swift test --skip-build "$@"
