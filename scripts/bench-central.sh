#!/usr/bin/env bash
# The central node at university scale (docs/performance.md): every dashboard page and `report placement --by
# department` over 500,000 graduates (10 cohorts, 30 departments), each beside the plain SQLite statements computing the
# same figures from the same file, then the ratio of each to its baseline (medians of the same run) and, for the pages
# timed beside the HTTP floor, the ratio to the baseline plus that floor (the transport the plain query never pays),
# and the node's memory.
# The replica is generated once into $GRADSYNC_BENCH_CACHE (default: $TMPDIR/gradsync-central-bench) and reused;
# GRADSYNC_BENCH_GRADUATES=50000 makes a smaller one. Extra arguments go to `swift package benchmark`.
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"
../scripts/install-deps.sh
. ../scripts/bench-scratch.sh
output=$(mktemp)
trap 'rm -f "$output"' EXIT
swift package --scratch-path "$scratch" benchmark --target CentralBenchmarks "$@" 2>&1 | tee "$output"
echo
echo "| measurement | median | plain SQLite median | ratio | ratio above the HTTP floor | plain SQLite + HTTP floor | ratio to plain + floor |"
echo "|---|--:|--:|--:|--:|--:|--:|"
# The HTTP floor (`/healthz` over the same connection, no session, no database) is what any page pays before it reads
# a row and the plain queries never pay. For the pages timed in the same unit as it, two more ratios beside the raw
# one: the page less the floor over the plain query, and the page over the plain query plus the floor (a baseline that
# includes the transport: what the plain query would take served over the same connection, all medians of this run).
awk -F'│' '
  /^[a-z]/ { name = $0 }
  /Time \(wall clock\)/ { gsub(/ /, "", $5); unit = $2; sub(/.*\(/, "", unit); sub(/\).*/, "", unit); median[name] = $5; units[name] = unit; order[++count] = name }
  END {
    for (i = 1; i <= count; i++) if (order[i] ~ /HTTP floor/) { floor = median[order[i]]; floorUnit = units[order[i]]; print "| " order[i] " | " floor " " floorUnit " | – | – | – | – | – |" }
    for (i = 1; i <= count; i++) {
      name = order[i]
      if (name ~ / — plain SQLite/) continue
      for (j = 1; j <= count; j++) if (order[j] == name " — plain SQLite") base = order[j]
      if (base == "") continue
      sameUnit = floor != "" && units[name] == floorUnit && units[base] == floorUnit
      above = sameUnit ? sprintf("%.1f×", (median[name] - floor) / median[base]) : "–"
      withFloor = sameUnit ? sprintf("%d %s", median[base] + floor, floorUnit) : "–"
      toFloor = sameUnit ? sprintf("%.2f×", median[name] / (median[base] + floor)) : "–"
      printf "| %s | %s %s | %s %s | %.1f× | %s | %s | %s |\n", name, median[name], units[name], median[base], units[base], median[name] / median[base], above, withFloor, toFloor
      base = ""
    }
  }' "$output"
echo
grep "^node memory over" "$output"
