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
  if "$LASTMILE" run "$f" -r 1 -q -o "$tmp/$name.h5" "${sets[@]}" >/dev/null 2>"$tmp/err"; then
    passes=$((passes + 1))
  else
    echo "FAIL: $name did not run:" >&2; cat "$tmp/err" >&2; fails=$((fails + 1))
  fi
done
echo "scenarios: $passes passed, $fails failed"
[ "$fails" -eq 0 ] && [ "$passes" -gt 0 ]
