#!/usr/bin/env bash
# Re-planning during the day: same-day.yaml's strategy replan-half-hourly (a routing solve
# every half hour of every delivery day, warm-started from the plan being driven), one
# replication, -j 1. With a reference build it alternates the two builds round by round
# and prints each one's median wall time and peak memory and the ratios of the medians.
# usage: bash tests/bench/run_replan.sh [BUILD (build-release)] [ROUNDS (3)] [REF_BUILD] [DAYS (6)]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/bench/lib.sh
. "$here/tests/bench/lib.sh"
build=${1:-build-release}; rounds=${2:-3}; ref=${3:-}; days=${4:-6}
replan() { # BIN OUTDIR
  "${BENCH_TIMER[@]}" "$1" run "$here/scenarios/same-day.yaml" --set scenario.days="$days" --set scenario.warmup_days=1 \
    -r 1 -j 1 --strategy replan-half-hourly -o "$2/out.h5" --force -q
}
echo "same-day.yaml, $days days, strategy replan-half-hourly, 1 replication"
bench_alternate "$rounds" replan "$build" ${ref:+"$ref"}
