#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, fuzzes a live node against protocol/openapi.yaml with
# schemathesis (bounded), runs the secretary's day in headless Chromium against `gradsync ui` and a live node,
# then `swift test` (Swift Testing prints the closing count last).
set -euo pipefail
cd "$(dirname "$0")/.."
# Chromium, Python and a CJK font for the browser run of the workbench (scripts/workbench-browser.py).
scripts/install-deps.sh chromium python3 fonts-wqy-microhei
swift build --build-tests
if [ "${GRADSYNC_SKIP_FUZZ:-0}" != "1" ]; then
  scripts/schemathesis.sh
fi
# Screenshots (1366x768) of the run go to $GRADSYNC_SCREENSHOTS, else a new folder under /tmp.
python3 scripts/workbench-browser.py "$(swift build --show-bin-path)/gradsync" \
  "${GRADSYNC_SCREENSHOTS:-$(mktemp -d /tmp/gradsync-workbench.XXXXXX)}"
# Serially: several suites run live nodes, clients and child processes, and in parallel they starve one another
# on two cores; serial runs keep each test's timing its own.
swift test --skip-build --no-parallel "$@"
