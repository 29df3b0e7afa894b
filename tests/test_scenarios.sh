#!/usr/bin/env bash
# Every bundled scenario validates and runs: one replication with a light routing effort,
# so that parcel conservation (checked at the end of every replication; a breach fails
# the run with exit code 1) is exercised on each of them.
set -u
fails=0; passes=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for f in "$LM_SOURCE_DIR"/scenarios/*.yaml; do
  name=$(basename "$f" .yaml)
  if ! "$LASTMILE" validate "$f" >/dev/null 2>"$tmp/err"; then
    echo "FAIL: $name does not validate:" >&2; cat "$tmp/err" >&2; fails=$((fails + 1)); continue
  fi
  n=$(awk '/^strategies:/{s=1; next} /^[^ #]/{s=0} s && /^  - name:/{c++} END{print c+0}' "$f")
  sets=()
  for ((i = 0; i < n; i++)); do sets+=(--set "strategies[$i].routing_iterations=50"); done
  # Four days are enough, except where named peak days need the whole calendar.
  grep -q '^  peaks:' "$f" || sets+=(--set scenario.days=4 --set scenario.warmup_days=0)
  # A sweep runs the scenario once more per grid point: one point (each swept key's first
  # value) exercises the sweep. (The copy lives in the build tree: a scenario with a sweep
  # must not name files relative to itself, or this copy fails to load them; a relative
  # `extends` is made absolute.)
  src="$f"
  if grep -q '^sweep:' "$f"; then
    src="$LM_BINARY_DIR/test-scenarios-$name.yaml"
    sed -E -e 's/^(  - \{key: [^,]+, values: \[)([^],]+)[^]]*\]/\1\2]/' \
      -e "s|^extends: ([^/].*)\$|extends: $(dirname "$f")/\\1|" "$f" > "$src"
    grep -q '^sweep:' "$src" && ! grep -qE 'values: \[[^]]*,' "$src" || {
      echo "FAIL: $name: could not cut its sweep to one point" >&2; fails=$((fails + 1)); continue; }
  fi
  if "$LASTMILE" run "$src" -r 1 -q -o "$tmp/$name.h5" "${sets[@]}" >/dev/null 2>"$tmp/err"; then
    passes=$((passes + 1))
  else
    echo "FAIL: $name did not run:" >&2; cat "$tmp/err" >&2; fails=$((fails + 1))
  fi
done
echo "scenarios: $passes passed, $fails failed"
[ "$fails" -eq 0 ] && [ "$passes" -gt 0 ]
