#!/usr/bin/env bash
# Fuzzes a live node against protocol/openapi.yaml with schemathesis (from PyPI, into a project-local venv):
# every generated request, valid or hostile, must get an answer that is not a 5xx and matches the description.
# Bounded: GRADSYNC_FUZZ_EXAMPLES examples per operation (default 40). Needs a built gradsync (debug).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build-venv
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check 'schemathesis>=4,<5'
fi
bin="$(swift build --show-bin-path)/gradsync"
[ -x "$bin" ] || swift build --product gradsync
work=$(mktemp -d)
trap 'kill "$node" 2>/dev/null || true; wait "$node" 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin" init --home "$work/central" --central >/dev/null
token=$("$bin" token issue --home "$work/central" --central 2>/dev/null)
"$bin" serve --home "$work/central" --port 0 2> "$work/serve.log" &
node=$!
for _ in $(seq 1 100); do
  port=$(grep -o 'on http://127.0.0.1:[0-9]*' "$work/serve.log" | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log" >&2; echo "the node did not start" >&2; exit 1; }
"$venv/bin/schemathesis" run protocol/openapi.yaml --url "http://127.0.0.1:$port" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "${GRADSYNC_FUZZ_EXAMPLES:-40}" --generation-deterministic --workers 1 --no-color
echo "schemathesis: the node answered every generated request without a server error"
