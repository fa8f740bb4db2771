#!/usr/bin/env bash
# The store benchmarks (docs/performance.md), each beside its plain-SQLite baseline, with ordo-one/benchmark,
# then the ratio of each to its baseline (medians of the same run).
# Extra arguments go to `swift package benchmark`, e.g. --filter "apply.*".
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"
../scripts/install-deps.sh
. ../scripts/bench-scratch.sh
output=$(mktemp)
trap 'rm -f "$output"' EXIT
swift package --scratch-path "$scratch" benchmark --target StoreBenchmarks "$@" | tee "$output"
echo
echo "| benchmark | median | plain SQLite median | ratio |"
echo "|---|--:|--:|--:|"
awk -F'│' '
  /^[a-z]/ { name = $0 }
  /Time \(wall clock\)/ { gsub(/ /, "", $5); unit = $2; sub(/.*\(/, "", unit); sub(/\).*/, "", unit); median[name] = $5; units[name] = unit; order[++count] = name }
  END {
    for (i = 1; i <= count; i++) {
      name = order[i]
      if (name ~ / — plain SQLite/) continue
      for (j = 1; j <= count; j++) if (index(order[j], name " — plain SQLite") == 1) base = order[j]
      if (base == "") continue
      printf "| %s | %s %s | %s %s | %.1f× |\n", name, median[name], units[name], median[base], units[base], median[name] / median[base]
      base = ""
    }
  }' "$output"
