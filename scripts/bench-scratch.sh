# Sourced by the benchmark scripts, from Benchmarks/: sets `scratch`, the release build folder they share, and makes
# sure it sees the main package as it is now.
#
# The Benchmarks package reaches the main package through a path dependency, and SwiftPM does not always notice
# when that package changes: a new source file, or a new stored property in a public struct, has been left out of
# the benchmark build, which then failed to link ("cannot find …") or ran stale code that crashed. When the main
# package's sources differ from those of the last benchmark build, the build plan is dropped so SwiftPM makes it
# again (about a minute and a half); the compiled modules are kept.
scratch=../.build-bench-pkg
bench_fingerprint=$(cd .. && {
    git ls-files -s -- Sources Package.swift
    git diff HEAD -- Sources Package.swift
    git ls-files -z --others --exclude-standard -- Sources | xargs -0 -r sha256sum
} | sha256sum | cut -d' ' -f1)
bench_stamp="$scratch/main-package-sources"
if [ "$(cat "$bench_stamp" 2>/dev/null)" != "$bench_fingerprint" ]; then
    echo "the main package changed since the last benchmark build: planning it again" >&2
    rm -f "$scratch"/*/release/description.json
fi
mkdir -p "$scratch"
# Written before the build: a build that fails is retried with the same plan, which is fresh.
echo "$bench_fingerprint" > "$bench_stamp"
