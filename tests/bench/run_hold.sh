#!/usr/bin/env bash
# The hold-model benchmark: lastmile's engine and SimPy in the same invocation.
# Runs each ROUNDS times, alternating, and prints the median events/s of each and
# their ratio. Target: lastmile >= 50x SimPy.
# usage: bash tests/bench/run_hold.sh [BUILD_DIR (build-release)] [ROUNDS (3)] [EVENTS (10000000)]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build-release}
rounds=${2:-3}
events=${3:-10000000}
bin="$build/tests/bench/bench_hold"
[ -x "$bin" ] || { echo "no $bin: build first (cmake -S . -B $build -DCMAKE_BUILD_TYPE=Release && cmake --build $build)" >&2; exit 2; }
/usr/bin/python3 -c "import simpy" 2>/dev/null || { echo "SimPy missing: bash .ci/deps --bench" >&2; exit 2; }
ours=(); theirs=()
for r in $(seq "$rounds"); do
  ours+=("$("$bin" "$events" 1000 "$r" | awk '{print $4}')")
  theirs+=("$(/usr/bin/python3 "$here/hold_simpy.py" "$events" 1000 "$r" | awk '{print $4}')")
  echo "round $r: lastmile ${ours[-1]} events/s, simpy ${theirs[-1]} events/s" >&2
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
m1=$(median "${ours[@]}"); m2=$(median "${theirs[@]}")
awk -v a="$m1" -v b="$m2" -v n="$rounds" -v e="$events" 'BEGIN {
  printf "hold model, 1000 pending, %d events, median of %d rounds\n", e, n
  printf "  lastmile %12.0f events/s\n  simpy    %12.0f events/s\n  ratio    %12.1fx (target >= 50x)\n", a, b, a / b }'
