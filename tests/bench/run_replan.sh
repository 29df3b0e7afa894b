#!/usr/bin/env bash
# Re-planning during the day: same-day.yaml's strategy replan-half-hourly (a routing solve
# every half hour of every delivery day, warm-started from the plan being driven), one
# replication, -j 1. With a reference build it alternates the two builds round by round
# and prints each one's median wall time and peak memory and the ratio of the medians.
# usage: bash tests/bench/run_replan.sh [BUILD (build-release)] [ROUNDS (3)] [REF_BUILD] [DAYS (6)]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build-release}; rounds=${2:-3}; ref=${3:-}; days=${4:-6}
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install time" >&2; exit 2; }
builds=("$build"); [ -n "$ref" ] && builds+=("$ref")
for b in "${builds[@]}"; do
  [ -x "$b/lastmile" ] || { echo "no $b/lastmile: build first (see tests/bench/README.md)" >&2; exit 2; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
declare -A times mems
for r in $(seq "$rounds"); do
  for i in "${!builds[@]}"; do
    b=${builds[$i]}
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$b/lastmile" run "$here/scenarios/same-day.yaml" \
      --set scenario.days="$days" --set scenario.warmup_days=1 -r 1 -j 1 \
      --strategy replan-half-hourly -o "$tmp/out.h5" --force -q >"$tmp/out" 2>"$tmp/err" ||
      { cat "$tmp/err" >&2; exit 1; }
    read -r secs kb <"$tmp/time"
    times[$i]="${times[$i]:-} $secs"; mems[$i]="${mems[$i]:-} $kb"
    echo "round $r, $b: $secs s, $((kb / 1024)) MB peak" >&2
  done
done
echo "same-day.yaml, $days days, strategy replan-half-hourly, 1 replication (median of $rounds)"
for i in "${!builds[@]}"; do
  # shellcheck disable=SC2086
  t[$i]=$(median ${times[$i]}); m=$(median ${mems[$i]})
  awk -v b="${builds[$i]}" -v t="${t[$i]}" -v m="$m" \
    'BEGIN {printf "  %-30s %8.2f s  %7.1f MB peak\n", b, t, m / 1024}'
done
[ -n "$ref" ] && awk -v a="${t[0]}" -v b="${t[1]}" 'BEGIN {printf "  time ratio (build / reference) %.3f\n", a / b}'
exit 0
