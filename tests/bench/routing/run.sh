#!/usr/bin/env bash
# The routing benchmark, on demand (never by ctest): every instance in ../shared/benchmarks
# through `lastmile bench` (gaps to the best-known solutions per instance and per family),
# every plan re-checked by tests/check_routes.py (bench.py); then the generated
# 10,000-stop VRPTW instance (big.sh) with its time and peak memory. See README.md here.
#
#   tests/bench/routing/run.sh [BUILD_DIR] [bench.py options]     e.g.
#   tests/bench/routing/run.sh build-release --families solomon --iterations 5000
#   tests/bench/routing/run.sh build-release --time-limit-ms 5000 --csv /tmp/5s.csv
#
# BUILD_DIR defaults to build-release; --no-big skips the 10,000-stop run. Exit 1 when any
# plan is missing or infeasible.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
build=build-release
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then build=$1; shift; fi
case $build in /*) ;; *) build="$repo/$build" ;; esac
big=1
args=()
for a in "$@"; do
  if [ "$a" = "--no-big" ]; then big=0; else args+=("$a"); fi
done
if [ ! -x "$build/lastmile" ]; then
  echo "run.sh: no $build/lastmile; build first:" >&2
  echo "  cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release" >&2
  echo "  cmake --build build-release -j" >&2
  exit 2
fi
python3 "$here/bench.py" --lastmile "$build/lastmile" "${args[@]}"
rc=$?
if [ "$big" = 1 ]; then
  echo
  bash "$here/big.sh" "$build" || rc=1
fi
exit $rc
