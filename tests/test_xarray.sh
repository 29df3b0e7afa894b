#!/usr/bin/env bash
# A results file as xarray and pandas users read it (Debian's python3-xarray with
# python3-h5netcdf): the default results file of a small run opens at the root and in
# every group with coordinates, and the README's snippets build the tidy table.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
"$LASTMILE" run "$LM_SOURCE_DIR/tests/fixtures/small.yaml" -r 2 -q --parcel-log --routes-day 1 \
  --set scenario.days=4 >/dev/null 2>&1 || { echo "FAIL: the run failed" >&2; exit 1; }
file=$(echo results/*.h5)
test -f "$file" || { echo "FAIL: no default results file in results/" >&2; exit 1; }
exec /usr/bin/python3 "$LM_SOURCE_DIR/tests/check_xarray.py" "$file" 2 2 3
