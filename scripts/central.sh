#!/usr/bin/env bash
# Installs what is missing, builds gradsync, creates the central node's replica on first run, and serves it.
# Settings: GRADSYNC_HOME (default ~/.gradsync-central), GRADSYNC_HOST (127.0.0.1), GRADSYNC_PORT (8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# GRADSYNC_BUILD=release builds an optimised binary (slower to build); debug is the default.
config="${GRADSYNC_BUILD:-debug}"
swift build -c "$config" --product gradsync
bin="$(swift build -c "$config" --show-bin-path)/gradsync"
export GRADSYNC_HOME="${GRADSYNC_HOME:-$HOME/.gradsync-central}"
if [ ! -f "$GRADSYNC_HOME/replica.sqlite" ]; then
  "$bin" init --central
  echo "central office token (keep it; it is shown once):" >&2
  "$bin" token issue --central >&2
fi
exec "$bin" serve --host "${GRADSYNC_HOST:-127.0.0.1}" --port "${GRADSYNC_PORT:-8080}"
