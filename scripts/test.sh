#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, fuzzes a live node against protocol/openapi.yaml with
# schemathesis (bounded), drives the central office's acts and the secretary's day (`gradsync ui` against a live
# node) in headless Chromium, then `swift test` (Swift Testing prints the closing count last).
set -euo pipefail
cd "$(dirname "$0")/.."
# Chromium drives the browser tests (Python drives Chromium, a CJK font draws the workbench's screenshots);
# LibreOffice makes and reads the .xlsx files of the Excel tests, as a secretary's spreadsheet software does.
# Those tests fail without them rather than skip.
scripts/install-deps.sh chromium python3 python3-cryptography fonts-wqy-microhei libreoffice-calc-nogui
swift build --build-tests
if [ "${GRADSYNC_SKIP_FUZZ:-0}" != "1" ]; then
  scripts/schemathesis.sh
fi
scripts/dashboard-acts.sh
# The secretary's day; its screenshots (1366x768) go to $GRADSYNC_SCREENSHOTS, else a new folder under /tmp.
python3 scripts/workbench-browser.py "$(swift build --show-bin-path)/gradsync" \
  "${GRADSYNC_SCREENSHOTS:-$(mktemp -d /tmp/gradsync-workbench.XXXXXX)}"
# Serially: several suites run live nodes, clients and child processes, and in parallel they starve one another
# on two cores; serial runs keep each test's timing its own.
swift test --skip-build --no-parallel "$@"
