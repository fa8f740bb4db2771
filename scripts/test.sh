#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, fuzzes a live node against protocol/openapi.yaml with
# schemathesis (bounded), drives the central office's acts in headless Chromium, then `swift test` (Swift Testing
# prints the closing count last).
set -euo pipefail
cd "$(dirname "$0")/.."
# Chromium drives the browser tests; LibreOffice makes and reads the .xlsx files of the Excel tests, as a
# secretary's spreadsheet software does. Those tests fail without them rather than skip.
scripts/install-deps.sh chromium libreoffice-calc-nogui
swift build --build-tests
if [ "${GRADSYNC_SKIP_FUZZ:-0}" != "1" ]; then
  scripts/schemathesis.sh
fi
scripts/dashboard-acts.sh
# Serially: several suites run live nodes, clients and child processes, and in parallel they starve one another
# on two cores; serial runs keep each test's timing its own.
swift test --skip-build --no-parallel "$@"
