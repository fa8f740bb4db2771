#!/usr/bin/env bash
# The end-to-end sync benchmark (docs/performance.md): builds bench-sync and gradsync in release, then runs
# a central node and a fresh department replica over loopback HTTP and prints the figures.
# Usage: scripts/bench-sync.sh [--graduates 1000..100000] [--rounds 0..20] [--json] [--keep]
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"
../scripts/install-deps.sh
. ../scripts/bench-scratch.sh
swift build -c release --scratch-path "$scratch" --product bench-sync >&2
swift build -c release --scratch-path "$scratch" --product gradsync >&2
exec "$scratch/release/bench-sync" "$@"
