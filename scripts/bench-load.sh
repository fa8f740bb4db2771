#!/usr/bin/env bash
# The central node under load (docs/performance.md): builds bench-load and gradsync in release, then runs one
# `gradsync serve` while many departments push and many fresh replicas fill at once, every sync the built binary.
# Usage: scripts/bench-load.sh [--departments 30] [--graduates 1000] [--backlog 200] [--json] [--keep]
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"
../scripts/install-deps.sh
. ../scripts/bench-scratch.sh
swift build -c release --scratch-path "$scratch" --product bench-load >&2
swift build -c release --scratch-path "$scratch" --product gradsync >&2
exec "$scratch/release/bench-load" "$@"
