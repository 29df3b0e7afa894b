#!/usr/bin/env bash
# A results file as Python users read it: Debian's python3-h5py opens every dataset and
# checks names, shapes, units and the dimension scales.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$LASTMILE" run "$LM_SOURCE_DIR/tests/fixtures/lockers.yaml" -r 3 -q -o "$tmp/r.h5" --parcel-log \
  --routes-day 2 --set scenario.warmup_days=0 >/dev/null || {
  echo "FAIL: the run failed" >&2; exit 1; }
/usr/bin/python3 "$LM_SOURCE_DIR/tests/check_results.py" "$tmp/r.h5" 3 7 3 2024-01-01 || exit 1
# The calendar over Christmas: a warm-up day, the tours of a day asked for by its date,
# the peak of 23 December on its own row.
"$LASTMILE" run "$LM_SOURCE_DIR/tests/fixtures/calendar.yaml" -r 2 -q -o "$tmp/c.h5" --parcel-log \
  --routes-day 2026-12-24 >/dev/null || { echo "FAIL: the calendar run failed" >&2; exit 1; }
exec /usr/bin/python3 "$LM_SOURCE_DIR/tests/check_results.py" "$tmp/c.h5" 2 9 2 2026-12-22 2026-12-23
