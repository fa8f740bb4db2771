#!/usr/bin/env bash
# Screenshots of every dashboard page in headless Chromium (Debian's package), signed in as the central office.
#
# Builds gradsync, creates a temporary central replica with the demo dataset of the dashboard tests, serves it
# on a free loopback port, signs in with curl (POST /login, as the page does), and hands the session cookie to
# Chromium over the DevTools pipe. Fails when a page logs a console error or any request leaves the node.
#
# Usage: scripts/dashboard-screenshots.sh [OUT_DIR]   (default: a new folder under /tmp)
# Settings: GRADSYNC_SCRATCH, the build folder (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-$(mktemp -d /tmp/gradsync-screenshots.XXXXXX)}"
scratch="${GRADSYNC_SCRATCH:-.build}"

browser_packages=()
command -v chromium >/dev/null 2>&1 || browser_packages+=(chromium)
command -v python3 >/dev/null 2>&1 || browser_packages+=(python3)
dpkg-query -W -f='${Status}' fonts-wqy-microhei 2>/dev/null | grep -q "install ok installed" || browser_packages+=(fonts-wqy-microhei)
if [ "${#browser_packages[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${browser_packages[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y -qq --no-install-recommends "${browser_packages[@]}" >&2; then
    $sudo apt-get update -qq >&2
    $sudo apt-get install -y -qq --no-install-recommends "${browser_packages[@]}" >&2
  fi
fi
scripts/install-deps.sh

swift build --scratch-path "$scratch" --build-tests
bin="$(swift build --scratch-path "$scratch" --show-bin-path)/gradsync"

home="$(mktemp -d /tmp/gradsync-demo.XXXXXX)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$home"
}
trap cleanup EXIT

"$bin" init --central --home "$home" >/dev/null
token="$("$bin" token issue --central --home "$home" 2>/dev/null)"
GRADSYNC_DEMO_REPLICA="$home/replica.sqlite" swift test --scratch-path "$scratch" --skip-build \
  --filter DemoReplicaWriter >"$home/demo.log" 2>&1 || { cat "$home/demo.log" >&2; exit 1; }

"$bin" serve --home "$home" --port 0 --university-province 35 2>"$home/serve.log" &
server=$!
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'on http://127\.0\.0\.1:[0-9]*' "$home/serve.log" | head -1 | cut -c4- || true)"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the node did not start:" >&2; cat "$home/serve.log" >&2; exit 1; }

# The token goes in the POST body from stdin, never on a command line or in a URL.
session="$(printf 'token=%s' "$token" | curl -sS -o /dev/null -D - -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-binary @- "$url/login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: gradsync_session=\([0-9a-f]*\);.*/\1/p')"
[ -n "$session" ] || { echo "sign-in with the central token failed" >&2; exit 1; }

GRADSYNC_SESSION="$session" python3 scripts/dashboard-browser.py "$url" "$out"
