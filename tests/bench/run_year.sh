#!/usr/bin/env bash
# One simulated year of the default scenario: one strategy, one replication, -j 1.
# Prints the median wall time and peak memory (from /usr/bin/time) and parcels simulated
# per second; with a reference build the two alternate round by round and the ratios of
# the medians are printed. Targets: <= 30 s and <= 300 MB.
# usage: bash tests/bench/run_year.sh [BUILD (build-release)] [ROUNDS (3)] [REF_BUILD]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/bench/lib.sh
. "$here/tests/bench/lib.sh"
build=${1:-build-release}; rounds=${2:-3}; ref=${3:-}
strategy=$(awk '/^strategies:/{s=1} s && /- name:/{print $3; exit}' "$here/scenarios/city.yaml")
year() { # BIN OUTDIR
  "${BENCH_TIMER[@]}" "$1" run "$here/scenarios/city.yaml" --set scenario.days=365 --set scenario.warmup_days=0 \
    -r 1 -j 1 --strategy "$strategy" -o "$2/year.h5" --force -q
}
echo "city.yaml, 365 days, strategy $strategy, 1 replication (targets: <= 30 s, <= 300 MB)"
bench_alternate "$rounds" year "$build" ${ref:+"$ref"}
parcels=$(awk '/^parcels_created/{print $3}' <<<"${BENCH_OUT[0]}")
awk -v p="$parcels" -v t="${BENCH_TIME[0]}" 'BEGIN {printf "  parcels/s of %s %.0f (%d parcels)\n", "the build", p / t, p}'
