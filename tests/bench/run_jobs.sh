#!/usr/bin/env bash
# Threads: city.yaml with 8 replications at -j 1 and at -j 2, alternating ROUNDS times;
# prints the median wall times and the speed-up (target >= 1.8x on 2 cores), and checks
# that both give identical datasets.
# usage: bash tests/bench/run_jobs.sh [BUILD_DIR (build-release)] [ROUNDS (3)]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build-release}
rounds=${2:-3}
bin="$build/lastmile"
[ -x "$bin" ] || { echo "no $bin: build first (see tests/bench/README.md)" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
one=(); two=()
now() { date +%s.%N; }
for r in $(seq "$rounds"); do
  for j in 1 2; do
    t0=$(now)
    "$bin" run "$here/scenarios/city.yaml" -r 8 -j "$j" -o "$tmp/j$j.h5" --force -q >/dev/null
    t=$(awk -v a="$(now)" -v b="$t0" 'BEGIN {printf "%.3f", a - b}')
    if [ "$j" = 1 ]; then one+=("$t"); else two+=("$t"); fi
  done
  echo "round $r: -j 1 ${one[-1]} s, -j 2 ${two[-1]} s" >&2
done
h5diff -q "$tmp/j1.h5" "$tmp/j2.h5" /strategies /strategies || { echo "results differ!" >&2; exit 1; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
awk -v a="$(median "${one[@]}")" -v b="$(median "${two[@]}")" -v n="$rounds" 'BEGIN {
  printf "city.yaml, 8 replications, median of %d rounds; identical results\n", n
  printf "  -j 1 %8.2f s\n  -j 2 %8.2f s\n  speed-up %5.2fx (target >= 1.8x)\n", a, b, a / b }'
