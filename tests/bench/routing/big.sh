#!/usr/bin/env bash
# The large-instance run: a generated 10,000-customer VRPTW instance (gen_vrptw.py, fixed
# seed) solved at the default budget, with wall time and peak memory from /usr/bin/time -v
# and the plan re-checked by tests/check_routes.py. Targets (issue 3): <= 10 s, <= 500 MB.
#
#   tests/bench/routing/big.sh [BUILD_DIR] [N] [solve options...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
build=${1:-build-release}; shift || true
case $build in /*) ;; *) build="$repo/$build" ;; esac
n=${1:-10000}; shift || true
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$here/gen_vrptw.py" "$n" 1 >"$tmp/big.txt"
if [ ! -x /usr/bin/time ]; then echo "big.sh: /usr/bin/time (GNU time) is needed" >&2; exit 2; fi
/usr/bin/time -v "$build/lastmile" solve "$tmp/big.txt" -o "$tmp/big.sol" "$@" \
  >"$tmp/line" 2>"$tmp/time"
rc=$?
if [ $rc != 0 ]; then
  echo "big.sh: solve failed (exit $rc):" >&2; grep -v '^\s' "$tmp/time" >&2; exit 1
fi
read -r name veh dist ms <"$tmp/line"
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time")
kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
verdict=$(python3 "$repo/tests/check_routes.py" "$tmp/big.txt" "$tmp/big.sol" --expect-cost "$dist")
ok=$?
printf '== %s (%s customers): vehicles %s, distance %s, solve %s ms, wall %s, peak %.1f MB\n' \
  "$name" "$n" "$veh" "$dist" "$ms" "$wall" "$(echo "$kb" | awk '{print $1 / 1024}')"
echo "   checker: $verdict"
exit $ok
