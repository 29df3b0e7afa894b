#!/usr/bin/env bash
# `lastmile export` and `lastmile info --json`: the tidy table holds every KPI value of the
# file exactly (read back with h5py), NaN as an empty CSV field and a JSON null; the JSON
# summary agrees with /summary; bad usage exits 2 and writes nothing.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then :; else echo "FAIL: $what" >&2; fail=1; fi; }
"$LASTMILE" run "$LM_SOURCE_DIR/tests/fixtures/small.yaml" -r 2 -q -o "$tmp/r.h5" \
  --set scenario.days=3 >/dev/null 2>&1 || { echo "FAIL: the run failed" >&2; exit 1; }
check "export csv" "$LASTMILE" export "$tmp/r.h5" --format csv -o "$tmp/r.csv"
check "export json to stdout" sh -c "\"$LASTMILE\" export \"$tmp/r.h5\" --format json >\"$tmp/r.json\""
check "info --json" sh -c "\"$LASTMILE\" info \"$tmp/r.h5\" --json >\"$tmp/info.json\""
check "export refuses to replace without --force" test "$("$LASTMILE" export "$tmp/r.h5" --format csv -o "$tmp/r.csv" 2>/dev/null; echo $?)" = 2
check "export --force replaces" "$LASTMILE" export "$tmp/r.h5" --format csv -o "$tmp/r.csv" --force
check "export: a bad format is a usage error" test "$("$LASTMILE" export "$tmp/r.h5" --format xml -o "$tmp/x" 2>/dev/null; echo $?)" = 2
check "export: nothing written on bad usage" test ! -e "$tmp/x"
check "export: a missing file" test "$("$LASTMILE" export "$tmp/none.h5" --format csv 2>/dev/null; echo $?)" = 2
/usr/bin/python3 - "$tmp/r.h5" "$tmp/r.csv" "$tmp/r.json" "$tmp/info.json" <<'PY' || fail=1
import csv, json, math, sys
import h5py
path, csv_path, json_path, info_path = sys.argv[1:5]
bad = 0
def check(cond, what):
    global bad
    if not cond:
        bad += 1
        print("FAIL:", what, file=sys.stderr)
with h5py.File(path, "r") as f:
    names = list(f["strategy"].asstr()[:])
    dates = list(f["daily/day"].asstr()[:])
    kpis = [k for k in f if k not in ("strategy", "replication") and isinstance(f[k], h5py.Dataset)]
    want = {}
    for s, name in enumerate(names):
        for k in kpis:
            for r in range(f[k].shape[1]):
                want[(name, r, "", k)] = (f[k][s, r], f[k].attrs["units"])
                for d, date in enumerate(dates):
                    want[(name, r, date, k)] = (f["daily"][k][s, r, d], f[k].attrs["units"])
    summary = {(name, k): f["summary"][k][s] for s, name in enumerate(names) for k in kpis}
rows = list(csv.DictReader(open(csv_path, newline="")))
check(list(rows[0].keys()) == ["strategy", "replication", "day", "kpi", "value", "unit"], "csv columns")
check(len(rows) == len(want), f"csv rows {len(rows)}, expected {len(want)}")
for row in rows:
    v, unit = want[(row["strategy"], int(row["replication"]), row["day"], row["kpi"])]
    check(row["unit"] == unit, f"csv unit of {row['kpi']}")
    check((row["value"] == "" and math.isnan(v)) or (row["value"] != "" and float(row["value"]) == v),
          f"csv value {row}")
records = json.load(open(json_path))
check(len(records) == len(want), "json records")
for rec in records:
    v, unit = want[(rec["strategy"], rec["replication"], rec["day"] or "", rec["kpi"])]
    check((rec["value"] is None and math.isnan(v)) or rec["value"] == v, f"json value {rec}")
check(any(rec["value"] is None for rec in records), "NaN values are null")
info = json.load(open(info_path))
check(info["strategies"] == names, "info --json: strategies")
check(info["attributes"]["lastmile_layout"] == 2, "info --json: root attributes")
for rec in info["summary"]:
    st = summary[(rec["strategy"], rec["kpi"])]
    for i, key in enumerate(("mean", "sd", "ci_low", "ci_high")):
        check((rec[key] is None and math.isnan(st[i])) or rec[key] == st[i],
              f"info --json {rec['strategy']} {rec['kpi']} {key}")
print(f"export: {len(rows)} rows checked, {bad} failed")
sys.exit(1 if bad else 0)
PY
exit $fail
