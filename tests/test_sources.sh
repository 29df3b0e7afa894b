#!/usr/bin/env bash
# test_sources.sh — every key a bundled scenario sets (scenarios/*.yaml, not scenarios/cases/)
# and every key with a built-in default has a row with a source or the word assumption in
# scenarios/README.md (tests/tools/check_sources.py states the matching rule). The check
# must also fail where it should: a row removed, a source cell without a source, a row
# naming a key the schema does not know.
#
# Environment (set by ctest): LASTMILE, LM_SOURCE_DIR.
set -u
: "${LM_SOURCE_DIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${LASTMILE:=$LM_SOURCE_DIR/build/lastmile}"
check=$LM_SOURCE_DIR/tests/tools/check_sources.py
readme=$LM_SOURCE_DIR/scenarios/README.md
failed=0
fail() {
  echo "FAIL: $*"
  failed=1
}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lm-sources.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

"$LASTMILE" schema > "$TMP/schema.json" || { echo "FAIL: lastmile schema exits $?"; exit 1; }
run() { /usr/bin/python3 "$check" "$TMP/schema.json" "$1" "$LM_SOURCE_DIR"/scenarios/*.yaml; }

# The bundled README passes.
if ! run "$readme" > "$TMP/out"; then
  cat "$TMP/out"
  fail "scenarios/README.md leaves keys without a source"
fi

# A copy without the row of theft.insured_share fails and names the key.
grep -v '^| `theft.insured_share`' "$readme" > "$TMP/no-row.md"
cmp -s "$readme" "$TMP/no-row.md" && fail "the row of theft.insured_share was not found"
if run "$TMP/no-row.md" > "$TMP/out"; then
  fail "a README without the row of theft.insured_share passes"
fi
grep -q '^no source for theft.insured_share:' "$TMP/out" ||
  fail "the missing row is not named: $(cat "$TMP/out")"

# A row whose source cell neither names a source nor says assumption does not count.
sed '/^| `costs.customer_return_eur`/s/assumption/a guess/' "$readme" > "$TMP/no-source.md"
cmp -s "$readme" "$TMP/no-source.md" && fail "the row of costs.customer_return_eur was not changed"
if run "$TMP/no-source.md" > "$TMP/out"; then
  fail "a row without a source passes"
fi
grep -q '^no source for costs.customer_return_eur:' "$TMP/out" ||
  fail "the row without a source is not named: $(cat "$TMP/out")"

# A row for a key the schema does not know is reported.
sed 's/^| `theft.insured_share`/| `theft.insured_shares`/' "$readme" > "$TMP/typo.md"
if run "$TMP/typo.md" > "$TMP/out"; then
  fail "a row naming no key of the schema passes"
fi
grep -q '`theft.insured_shares` names no key of the schema' "$TMP/out" ||
  fail "the unknown key is not named: $(cat "$TMP/out")"

# Keys inherited through extends and list items are collected: a scenario that extends
# city.yaml and sets a locker's opening hour needs the row of lockers[].opens (the row
# of lockers[].kind, opens, closes) and that of fleet.van.speed_kmh (set in city.yaml
# only; it has no default).
mkdir "$TMP/sc"
cp "$LM_SOURCE_DIR/scenarios/city.yaml" "$TMP/sc/"
printf 'extends: city.yaml\nscenario: {name: x}\nlockers:\n  - {name: a, x_km: 0, y_km: 0, compartments: [1], opens: "09:00"}\n' \
  > "$TMP/sc/x.yaml"
grep -v -e '^| `lockers\[\].kind`, `opens`' -e '^| `fleet.van.speed_kmh`' "$readme" > "$TMP/no-opens.md"
[ "$(wc -l < "$TMP/no-opens.md")" -eq $(($(wc -l < "$readme") - 2)) ] ||
  fail "the rows of lockers[].opens and fleet.van.speed_kmh were not found"
if /usr/bin/python3 "$check" "$TMP/schema.json" "$TMP/no-opens.md" "$TMP/sc/x.yaml" > "$TMP/out"; then
  fail "a scenario setting lockers[].opens passes without its row"
fi
grep -q '^no source for lockers\[\].opens:' "$TMP/out" ||
  fail "lockers[].opens is not named: $(cat "$TMP/out")"
grep -q '^no source for fleet.van.speed_kmh:' "$TMP/out" ||
  fail "fleet.van.speed_kmh, inherited from city.yaml, is not named: $(cat "$TMP/out")"

exit $failed
