#!/usr/bin/env bash
# test_schema.sh — the commands that teach the keys: schema, keys, init.
#
#   - `lastmile schema` is valid JSON Schema; every bundled scenario fits it (a file that
#     extends another as it is and merged with its bases), and each bad file below breaks
#     it and is refused by `lastmile validate` too (tests/tools/check_schema.py);
#   - `lastmile keys` lists every key, `keys SECTION` only that section, an unknown
#     section is a usage error;
#   - `lastmile init` (and --from each bundled scenario) writes a scenario that
#     `lastmile validate` accepts, and refuses to overwrite a file without --force.
#
# Environment (set by ctest): LASTMILE, LM_SOURCE_DIR, LM_BINARY_DIR.
set -u
: "${LM_SOURCE_DIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${LASTMILE:=$LM_SOURCE_DIR/build/lastmile}"
passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() {
  echo "FAIL: $*"
  failed=$((failed + 1))
}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lm-schema.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

# ---- schema ---------------------------------------------------------------------------
if "$LASTMILE" schema > "$TMP/schema.json"; then ok; else fail "lastmile schema exits $?"; fi
if python3 "$LM_SOURCE_DIR/tests/tools/check_schema.py" "$TMP/schema.json" GOOD \
  "$LM_SOURCE_DIR"/scenarios/*.yaml; then ok; else fail "a bundled scenario breaks the schema"; fi

city="$LM_SOURCE_DIR/scenarios/city.yaml"
mkdir -p "$TMP/bad"
# Each bad file: one change to city.yaml (a sed script) that both the schema and the
# loader refuse.
while IFS='|' read -r name script; do
  sed "$script" "$city" > "$TMP/bad/$name.yaml"
done << 'EOF2'
unknown-key|s/^  days: 14 .*/  dayz: 14/
days-zero|s/^  days: 14 .*/  days: 0/
days-text|s/^  days: 14 .*/  days: many/
speed-negative|s/^    speed_kmh: 24/    speed_kmh: -24/
when-not-home-unknown|0,/when_not_home: neighbour/s/when_not_home: neighbour/when_not_home: neighbor/
time-malformed|s/shift_start: "08:00"/shift_start: "8 am"/
bounds-three|s/bounds_km: \[-2.0, -2.0, 2.0, 2.0\]/bounds_km: [-2.0, -2.0, 2.0]/
depot-missing|/^depot:/,/^$/d
name-with-slash|s/^  name: city/  name: a\/b/
EOF2
if python3 "$LM_SOURCE_DIR/tests/tools/check_schema.py" "$TMP/schema.json" BAD "$TMP"/bad/*.yaml
then ok; else fail "a bad file fits the schema"; fi
for f in "$TMP"/bad/*.yaml; do
  if "$LASTMILE" validate "$f" > /dev/null 2>&1; then fail "validate accepts $f"; else ok; fi
done
# A variant that extends city.yaml with only what differs fits; a bad value in it does not.
printf 'extends: %s\nscenario: {name: v}\nfleet: {van: {count: 3}}\n' "$city" > "$TMP/v.yaml"
printf 'extends: %s\nfleet: {van: {count: 0}}\n' "$city" > "$TMP/bad-v.yaml"
if python3 "$LM_SOURCE_DIR/tests/tools/check_schema.py" "$TMP/schema.json" GOOD "$TMP/v.yaml" \
  && python3 "$LM_SOURCE_DIR/tests/tools/check_schema.py" "$TMP/schema.json" BAD \
    "$TMP/bad-v.yaml" > /dev/null; then ok; else fail "variants and the schema disagree"; fi

# ---- keys -----------------------------------------------------------------------------
all=$("$LASTMILE" keys) || fail "lastmile keys exits $?"
for key in scenario.name fleet.van.count 'zones[].bounds_km' 'strategies[].when_not_home' \
  'strategies[].waves[].start' target.kpi; do
  if grep -q "^$(printf '%s' "$key" | sed 's/[][]/\\&/g') " <<< "$all"; then ok; else fail "keys lacks $key"; fi
done
van=$("$LASTMILE" keys fleet.van) || fail "lastmile keys fleet.van exits $?"
if [ "$(grep -vc '^fleet\.van\|^KEY' <<< "$van")" = 0 ] && grep -q '^fleet.van.speed_kmh .*(0, 200] *required *km/h' <<< "$van"
then ok; else fail "keys fleet.van: $van"; fi
"$LASTMILE" keys no.such.section > /dev/null 2>&1
if [ $? = 2 ]; then ok; else fail "keys of an unknown section does not exit 2"; fi

# ---- init -----------------------------------------------------------------------------
if "$LASTMILE" init -o "$TMP/new.yaml" 2> /dev/null && "$LASTMILE" validate "$TMP/new.yaml" > /dev/null
then ok; else fail "init writes a scenario validate refuses"; fi
"$LASTMILE" init -o "$TMP/new.yaml" > /dev/null 2>&1
if [ $? = 2 ]; then ok; else fail "init overwrites a file without --force"; fi
for f in "$LM_SOURCE_DIR"/scenarios/*.yaml; do
  name=$(basename "$f" .yaml)
  if "$LASTMILE" init --from "$name" > "$TMP/from-$name.yaml" 2> /dev/null \
    && "$LASTMILE" validate "$TMP/from-$name.yaml" > /dev/null 2>&1; then ok
  else fail "init --from $name does not validate"; fi
done
if grep -q '^# *electric_van:' "$TMP/from-city.yaml" && grep -q '^# *lockers:' "$TMP/from-city.yaml"
then ok; else fail "init does not show the sections city leaves out"; fi

echo "schema: $passed passed, $failed failed"
[ "$failed" = 0 ]
