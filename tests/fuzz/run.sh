#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan) in their own build directory and
# runs each for SECONDS (default 60), LM_FUZZ_JOBS (default 2) side by side. Prints each
# harness's number of executed inputs; exits 1 if any harness found a crash, a leak, a
# timeout or a runaway allocation (its input is then in BUILD/crashes/).
# usage: tests/fuzz/run.sh [SECONDS [HARNESS...]]   (harnesses: scenario instance set)
# environment: LM_FUZZ_BUILD (default build-fuzz), CC (default clang), LM_FUZZ_JOBS
#              (harnesses at a time, and build jobs), LM_FUZZ_ARGS
#              (more libFuzzer options, e.g. "-jobs=4 -workers=4")
#
# Seeds are taken afresh from the repository on every run: scenarios/, tests/fixtures/
# and tests/bad/ for the scenario loader, the instance files of tests/fixtures/instances/
# and scenarios/instances/ for the instance readers, and a few override strings written
# here for --set. New inputs that reach new code are kept in BUILD/corpus/HARNESS and
# reused by the next run, so repeated runs go deeper. The dictionary holds every key of
# the scenario schema (read from sim/world/*.c) and a few YAML tokens.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(scenario instance set)
case $secs in '' | *[!0-9]*) echo "usage: $0 [SECONDS [HARNESS...]]" >&2; exit 2 ;; esac
build=${LM_FUZZ_BUILD:-$root/build-fuzz}
export CC=${CC:-clang}

targets=()
for h in "${harnesses[@]}"; do
  case $h in scenario | instance | set) targets+=("fuzz_$h") ;;
    *) echo "$0: unknown harness '$h' (scenario, instance, set)" >&2; exit 2 ;; esac
done

echo "== building ${targets[*]} in $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLASTMILE_FUZZ=ON \
      -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j"${LM_FUZZ_JOBS:-2}" --target "${targets[@]}" >/dev/null

# Seeds, copied fresh so that removed or changed repository files do not linger.
seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{scenario,instance,set} "$build/crashes"
cp "$root"/scenarios/*.yaml "$root"/tests/fixtures/*.yaml "$seeds/scenario/"
for f in "$root"/tests/bad/*; do cp "$f" "$seeds/scenario/bad-$(basename "$f")"; done
cp "$root"/tests/fixtures/instances/*.txt "$root"/tests/fixtures/instances/*.vrp \
   "$root"/tests/fixtures/instances/*.sol "$seeds/instance/"
for f in "$root"/tests/fixtures/instances/bad/* "$root"/scenarios/instances/*; do
  cp "$f" "$seeds/instance/$(basename "$(dirname "$f")")-$(basename "$f")"
done
i=0
while IFS= read -r line; do
  printf '%s\n' "$line" >"$seeds/set/$i"
  i=$((i + 1))
done <<'SETS'
fleet.van.count=14
fleet.van.shift_start=07:30
fleet.drone.range_km=30
fleet.cargo_bike.count=0
scenario.days=3
scenario.warmup_days=0
scenario.start_date=2026-02-28
scenario.seed=18446744073709551615
zones[0].density_per_km2=250
zones[2].bounds_km[1]=2.5
customers.presence_by_hour[9]=1
strategies[0].routing_iterations=50
strategies[1].name=door
sweep[0].values[0]=10
theft.hazard_per_hour=0.1
customers.instance=../tests/fixtures/instances/tiny.txt
fleet.van.count=zero
fleet.vann.count=3
SETS

# The dictionary: every schema key, in both spellings the inputs use, and YAML syntax.
dict=$build/scenario.dict
{
  grep -ohE '(KEY|NAME|ARRAY|DATE|LIST)\([a-z_]+, "[a-z_0-9]+"|(MAP|SEQ|RETIRED)\("[a-z_0-9]+"' \
       "$root"/sim/world/*.c | grep -oE '"[a-z_0-9]+"' | tr -d '"' | sort -u |
    while read -r k; do printf '"%s"\n"%s: "\n"%s."\n' "$k" "$k" "$k"; done
  printf '"\\""\n'
  printf '"%s"\n' ': ' '- ' '[' ']' '{' '}' '=' '[0]' '&a ' '*a' '<<: ' '!!str ' '---' '...' \
    "'" '# ' '|' '>' '~' 'null' 'true' '.inf' '-.inf' '.nan' '1e308' '-1' \
    '18446744073709551616' '00:00' '24:00' '2026-02-29' '../fixtures/customers.csv' \
    '../fixtures/instances/C101.txt' 'NAME : ' 'TYPE : CVRP' 'EDGE_WEIGHT_TYPE : EUC_2D' \
    'NODE_COORD_SECTION' 'DEMAND_SECTION' 'DEPOT_SECTION' 'TIME_WINDOW_SECTION' \
    'SERVICE_TIME_SECTION' 'VEHICLE' 'CUSTOMER' 'CAPACITY : ' 'DIMENSION : ' 'EOF'
} >"$dict"

# One harness: fuzzes for $secs s and writes its verdict to $build/$t.status.
fuzz_one() {
  local t=$1 h=${1#fuzz_} corpus log runs
  corpus=$build/corpus/$h
  log=$build/$t.log
  mkdir -p "$corpus"
  # shellcheck disable=SC2086  # LM_FUZZ_ARGS holds several options
  if "$build/tests/fuzz/$t" "$corpus" "$seeds/$h" -dict="$dict" -max_total_time="$secs" \
       -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/crashes/$t-" ${LM_FUZZ_ARGS:-} </dev/null >"$log" 2>&1; then
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' |
             tail -n 1)
    echo "$t: ${runs:-?} inputs in $secs s, no crash, leak or timeout" >"$build/$t.status"
  else
    {
      grep -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|Test unit written|ERROR: libFuzzer' \
           "$log" | head -n 20 || true
      echo "$t: FAILED (full output: $log)"
    } >"$build/$t.status"
  fi
}

# The harnesses run side by side, LM_FUZZ_JOBS (default 2) at a time, each for $secs s.
jobs=${LM_FUZZ_JOBS:-2}
running=0
for t in "${targets[@]}"; do
  rm -f "$build/$t.status"
  echo "== $t for $secs s"
  fuzz_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
done
wait
status=0
for t in "${targets[@]}"; do
  if grep -q ': FAILED' "$build/$t.status" 2>/dev/null || [ ! -s "$build/$t.status" ]; then
    status=1
    cat "$build/$t.status" >&2 2>/dev/null || echo "$t: FAILED (no verdict)" >&2
  else
    cat "$build/$t.status"
  fi
done
exit $status
