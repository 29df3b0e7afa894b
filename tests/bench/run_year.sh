#!/usr/bin/env bash
# One simulated year of the default scenario: one strategy, one replication.
# Prints wall time, parcels simulated per second and peak memory (from /usr/bin/time).
# Targets: <= 30 s and <= 300 MB. Runs ROUNDS times and reports the median.
# usage: bash tests/bench/run_year.sh [BUILD_DIR (build-release)] [ROUNDS (3)]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build-release}
rounds=${2:-3}
bin="$build/lastmile"
[ -x "$bin" ] || { echo "no $bin: build first (see tests/bench/README.md)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install time" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
strategy=$(awk '/^strategies:/{s=1} s && /- name:/{print $3; exit}' "$here/scenarios/city.yaml")
times=(); mems=(); parcels=0
for r in $(seq "$rounds"); do
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin" run "$here/scenarios/city.yaml" \
    --set scenario.days=365 --set scenario.warmup_days=0 -r 1 --strategy "$strategy" \
    -o "$tmp/year.h5" --force -q > "$tmp/out" 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  read -r secs kb < "$tmp/time"
  times+=("$secs"); mems+=("$kb")
  parcels=$(awk '/^parcels_created/{print $3}' "$tmp/out")
  echo "round $r: $secs s, $((kb / 1024)) MB peak, $parcels parcels" >&2
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
t=$(median "${times[@]}"); m=$(median "${mems[@]}")
awk -v t="$t" -v m="$m" -v p="$parcels" -v s="$strategy" -v n="$rounds" 'BEGIN {
  printf "city.yaml, 365 days, strategy %s, 1 replication (median of %d)\n", s, n
  printf "  wall time   %8.2f s   (target <= 30 s)\n", t
  printf "  peak memory %8.1f MB  (target <= 300 MB)\n", m / 1024
  printf "  parcels/s   %8.0f\n", p / t }'
