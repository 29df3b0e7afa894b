#!/usr/bin/env bash
# test_validate.sh — every malformed scenario is refused cleanly by `validate` and `run`.
#
# For each tests/bad/*.yaml, and for the files too big to commit that are generated here
# into $LM_BINARY_DIR (a 10 MB file, 100000-deep nesting, 1 MB of binary garbage, a file
# over the 64 MiB limit, ...), both
#     lastmile validate FILE
#     lastmile run FILE -o OUT.h5 --force -q
# must exit 2 within the time limit, print at least one "file:LINE:COL: error:" message on
# stderr and no sanitizer report, and `run` must leave neither OUT.h5 nor OUT.h5.tmp. A
# file with a line "# expect: TEXT" must also print TEXT (a fixed string) on stderr.
# scenarios/city.yaml must validate (exit 0).
#
# Environment (set by ctest): LASTMILE, LM_SOURCE_DIR, LM_BINARY_DIR.
set -u

: "${LM_SOURCE_DIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${LM_BINARY_DIR:=${TMPDIR:-/tmp}}"
: "${LASTMILE:=$LM_BINARY_DIR/../lastmile}"
LIMIT_S=${LM_VALIDATE_TIMEOUT_S:-120}

passed=0
failed=0
fail() {
  echo "FAIL: $*"
  failed=$((failed + 1))
}

if [ ! -x "$LASTMILE" ]; then
  echo "FAIL: no lastmile command at $LASTMILE"
  echo "validate: 0 passed, 1 failed"
  exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/lm-validate.XXXXXX") || exit 1
GEN="$LM_BINARY_DIR/bad-generated"
trap 'rm -rf "$TMP" "$GEN"' EXIT
mkdir -p "$GEN" || exit 1

# ---- files generated at run time ------------------------------------------------------
city="$LM_SOURCE_DIR/scenarios/city.yaml"

# A small valid scenario named $1. (Kept here so that the generated files do not change
# when scenarios/city.yaml is tuned.)
base() {
  cat << EOF
scenario: {name: $1}
depot: {x_km: 0, y_km: 0}
zones:
  - {name: a, bounds_km: [0, 0, 1, 1], density_per_km2: 100}
fleet:
  van: {count: 2, capacity_parcels: 100, capacity_volume_l: 1000, shift_start: "08:00",
        shift_end: "17:00", speed_kmh: 30}
demand:
  parcels_per_day: 50
  sizes: [{name: S, volume_l: 5, share: 1}]
strategies:
  - name: s1
EOF
}

# 10 MB: a valid scenario followed by a sequence of 1.7 million numbers (too many nodes).
{ base ten; echo "junk:"; yes "  - 0" | head -n 1700000; } > "$GEN/ten-megabytes.yaml"
# 10 MB: a scenario name ten megabytes long.
base "x$(head -c 10000000 /dev/zero | tr '\0' 'x')" > "$GEN/huge-name.yaml"
# Deep nesting, closed and unclosed, flow and block.
head -c 100000 /dev/zero | tr '\0' '[' > "$GEN/deep-open.yaml"
{ head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; } \
  > "$GEN/deep-closed.yaml"
{ head -c 100000 /dev/zero | tr '\0' '{'; echo; } > "$GEN/deep-braces.yaml"
{ printf '%*s' 50000 '' | sed 's/ /- /g'; echo x; } > "$GEN/deep-block-sequences.yaml"
awk 'BEGIN { for (i = 0; i < 2000; i++) printf "%*sa:\n", 2 * i, "" }' \
  > "$GEN/deep-block-mappings.yaml"
# 1 MB of binary garbage, the same every run.
if command -v perl > /dev/null; then
  perl -e 'srand(42); print map { chr(int(rand(256))) } 1 .. 1000000' > "$GEN/garbage.yaml"
else
  head -c 1000000 /dev/urandom > "$GEN/garbage.yaml"
fi
# Over LM_SCENARIO_MAX_BYTES (64 MiB): refused at 1:1 without being parsed.
{ base big; head -c 67108864 /dev/zero | tr '\0' '#'; } > "$GEN/over-limit.yaml"
# Customer and instance files that are not regular files: an endless device, a directory,
# a FIFO with no writer (opening it must not block). Each is refused at its key.
data_file() { # data_file NAME KEY PATH: the base scenario with customers.KEY: PATH
  { echo "# expect: customers.$2: cannot open '$3' (customers.$2): not a regular file"; base "$1"
    echo "customers: {$2: $3}"; } > "$GEN/$1.yaml"
}
data_file customers-dev-zero file /dev/zero
data_file customers-directory file "$GEN"
mkfifo "$GEN/fifo.csv" && data_file customers-fifo file "$GEN/fifo.csv"
data_file instance-dev-zero instance /dev/zero
data_file instance-fifo instance "$GEN/fifo.csv"
# A customers file whose third line holds a NUL byte: refused with that line's number.
printf 'x_km,y_km\n0.1,0.2\n0.3,\0000.4\n0.5,0.6\n' > "$GEN/nul.csv"
{ echo "# expect: $GEN/nul.csv:3:1: error: a NUL byte in the line"; base nul
  echo "customers: {file: nul.csv}"; } > "$GEN/customers-nul-byte.yaml"

# ---- the checks -----------------------------------------------------------------------
position_re=':[0-9]+:[0-9]+: error:'
sanitizer_re='(AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:)'

# check FILE LABEL ARGS...: runs `lastmile ARGS` and checks exit code 2, a positioned
# error message and no sanitizer report. Returns 0 when all is well; prints one line per
# problem.
check() {
  local file=$1 label=$2
  shift 2
  local err="$TMP/stderr" rc ok=0
  timeout "$LIMIT_S" "$LASTMILE" "$@" > "$TMP/stdout" 2> "$err"
  rc=$?
  if [ "$rc" -eq 124 ]; then
    fail "$file: '$label' took longer than ${LIMIT_S}s"
    return 1
  fi
  if [ "$rc" -ne 2 ]; then
    fail "$file: '$label' exited $rc, expected 2; stderr: $(head -c 300 "$err")"
    ok=1
  fi
  if ! grep -Eq "$position_re" "$err"; then
    fail "$file: '$label' printed no 'file:line:col: error:' message; stderr: $(head -c 300 "$err")"
    ok=1
  fi
  if grep -Eq "$sanitizer_re" "$err"; then
    fail "$file: '$label' triggered a sanitizer: $(grep -Em1 "$sanitizer_re" "$err")"
    ok=1
  fi
  if [ -n "$expect" ] && ! grep -qF -- "$expect" "$err"; then
    fail "$file: '$label' did not say '$expect'; stderr: $(head -c 300 "$err")"
    ok=1
  fi
  return $ok
}

shopt -s nullglob
bad_files=("$LM_SOURCE_DIR"/tests/bad/*.yaml "$GEN"/*.yaml)
if [ "${#bad_files[@]}" -lt 30 ]; then
  fail "only ${#bad_files[@]} malformed scenarios found under tests/bad and $GEN"
fi

for f in "${bad_files[@]}"; do
  name=${f#"$LM_SOURCE_DIR"/}
  name=${name#"$LM_BINARY_DIR"/}
  expect=$(LC_ALL=C sed -n 's/^# expect: //p' "$f" 2> /dev/null | head -n 1)
  ok=0
  check "$name" validate validate "$f" || ok=1
  rm -f "$TMP/out.h5" "$TMP/out.h5.tmp"
  check "$name" run run "$f" -o "$TMP/out.h5" --force -q || ok=1
  for left in "$TMP/out.h5" "$TMP/out.h5.tmp"; do
    if [ -e "$left" ]; then
      fail "$name: 'run' left $(basename "$left") behind on bad input"
      rm -f "$left"
      ok=1
    fi
  done
  [ "$ok" -eq 0 ] && passed=$((passed + 1))
done

# Some files' messages, in full: where the error is and which key it names.
expect_message() {
  local file="$LM_SOURCE_DIR/tests/bad/$1.yaml" want=$2
  timeout "$LIMIT_S" "$LASTMILE" validate "$file" > /dev/null 2> "$TMP/stderr"
  if grep -qF "$file:$want" "$TMP/stderr"; then
    passed=$((passed + 1))
  else
    fail "tests/bad/$1.yaml: no message '$want'; stderr: $(head -c 300 "$TMP/stderr")"
  fi
}
expect_message customer-types-shares-not-one \
  "44:5: error: customers.types: the shares of the 2 customer types sum to 0.9; expected 1"
expect_message customer-types-presence-out-of-range \
  "51:36: error: customers.types[1].presence_by_hour[14]: expected a number in [0, 1]"
expect_message customer-types-and-presence \
  "43:21: error: customers.presence_by_hour: describes the customers as one type, but customers.types is given too"
expect_message customer-types-empty "43:10: error: customers.types: expected a sequence of 1 to 8 items"
expect_message customer-types-persistence-one \
  "49:29: error: customers.types[0].away_day_persistence: expected a number in [0, 0.99]"
expect_message customer-types-away-probability-negative \
  "48:29: error: customers.types[0].away_day_probability: expected a number in [0, 1]"
expect_message external-costs-negative \
  "61:23: error: external_costs.van.noise_eur_per_km: expected a number in [0, 100] (EUR/km), got '-0.02'"
expect_message external-costs-unknown-part \
  "61:5: error: external_costs.cargo_bike.smell_eur_per_km: unknown key; did you mean 'noise_eur_per_km'?"

# /dev/zero as the customers file is refused at once (it used to be read for ever).
start=$(date +%s)
timeout 5 "$LASTMILE" validate "$GEN/customers-dev-zero.yaml" > /dev/null 2>&1
rc=$?
if [ "$rc" -eq 2 ] && [ $(($(date +%s) - start)) -le 3 ]; then
  passed=$((passed + 1))
else
  fail "customers.file: /dev/zero: validate exited $rc after $(($(date +%s) - start)) s; expected 2 within 3 s"
fi

# The good scenarios validate: the base of the generated files, and city.yaml.
base ok > "$TMP/base-ok.yaml"
if timeout "$LIMIT_S" "$LASTMILE" validate "$TMP/base-ok.yaml" > /dev/null 2> "$TMP/stderr"; then
  passed=$((passed + 1))
else
  fail "the base of the generated files does not validate: $(head -c 300 "$TMP/stderr")"
fi
if timeout "$LIMIT_S" "$LASTMILE" validate "$city" > "$TMP/stdout" 2> "$TMP/stderr"; then
  if grep -q ": ok" "$TMP/stdout"; then
    passed=$((passed + 1))
  else
    fail "scenarios/city.yaml: validate printed no ': ok' line: $(head -c 300 "$TMP/stdout")"
  fi
else
  fail "scenarios/city.yaml: validate exited $?, expected 0: $(head -c 300 "$TMP/stderr")"
fi

echo "validate: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
