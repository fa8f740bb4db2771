#!/usr/bin/env bash
# The central office's acts in headless Chromium (Debian's package), each effect checked through the CLI.
#
# Creates a temporary central replica with the demo dataset of the dashboard tests (a conflict journal included),
# serves it on a free loopback port and hands scripts/dashboard-acts.py a central token to sign in with. Fails when
# an act's effect is wrong, when a page logs a console error or when any request leaves the node.
#
# Usage: scripts/dashboard-acts.sh   (after `swift build --build-tests`; scripts/test.sh runs it)
# Settings: GRADSYNC_SCRATCH, the build folder (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${GRADSYNC_SCRATCH:-.build}"
bin="$(swift build --scratch-path "$scratch" --show-bin-path)/gradsync"
[ -x "$bin" ] || { echo "build gradsync first: swift build --build-tests" >&2; exit 1; }

home="$(mktemp -d /tmp/gradsync-acts.XXXXXX)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$home"
}
trap cleanup EXIT

author="就业指导中心 浏览器测试"
"$bin" init --central --home "$home" >/dev/null
token="$("$bin" token issue --central --label "$author" --home "$home" 2>/dev/null)"
GRADSYNC_DEMO_REPLICA="$home/replica.sqlite" swift test --scratch-path "$scratch" --skip-build \
  --filter DemoReplicaWriter >"$home/demo.log" 2>&1 || { cat "$home/demo.log" >&2; exit 1; }

"$bin" serve --home "$home" --port 0 2>"$home/serve.log" &
server=$!
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'on http://127\.0\.0\.1:[0-9]*' "$home/serve.log" | head -1 | cut -c4- || true)"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the node did not start:" >&2; cat "$home/serve.log" >&2; exit 1; }

# The token reaches the browser script through its environment, never a command line.
GRADSYNC_TOKEN="$token" timeout 300 python3 scripts/dashboard-acts.py "$url" "$bin" "$home" "$author"
