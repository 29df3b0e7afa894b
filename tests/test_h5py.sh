#!/usr/bin/env bash
# A results file as Python users read it: Debian's python3-h5py opens every dataset and
# checks names, shapes, units and the dimension scales.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$LASTMILE" run "$LM_SOURCE_DIR/tests/fixtures/lockers.yaml" -r 3 -q -o "$tmp/r.h5" --parcel-log \
  --routes-day 2 --set scenario.warmup_days=0 >/dev/null || {
  echo "FAIL: the run failed" >&2; exit 1; }
exec /usr/bin/python3 "$LM_SOURCE_DIR/tests/check_results.py" "$tmp/r.h5" 3 7 3
