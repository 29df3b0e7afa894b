#!/usr/bin/env bash
# Provenance and replay: the /provenance group of a run (build, libraries, command line,
# overrides, options, SHA-256 of the scenario and of its input files, checked against
# sha256sum), `lastmile run RESULTS.h5` giving the same file bit for bit but for its creation
# time and command line (h5diff), a changed input file refused (and replayed with --force),
# extra --set applied after the recorded ones, a file without a record refused, and
# --version naming the commit and the libraries.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
check() { local what=$1; shift; if "$@"; then :; else echo "FAIL: $what" >&2; fail=1; fi; }
not() { ! "$@"; }
py=/usr/bin/python3
fx=$LM_SOURCE_DIR/tests/fixtures

# h5diff of two results files without created_utc (a root attribute, which h5diff 1.10
# cannot leave out), without the command line, and with /routing/solver_s zeroed in both
# (CPU seconds, documented as not reproducible; h5diff would reach them through the
# dimension scales even with --exclude-path).
same() {
  cp "$1" "$tmp/x1.h5" && cp "$2" "$tmp/x2.h5" || return 1
  $py -c 'import h5py, sys
for p in sys.argv[1:]:
    with h5py.File(p, "r+") as f:
        del f.attrs["created_utc"]
        f["routing/solver_s"][...] = 0.0' "$tmp/x1.h5" "$tmp/x2.h5" || return 1
  h5diff -v --exclude-path /provenance/argv --exclude-path /provenance/command_line \
    "$tmp/x1.h5" "$tmp/x2.h5" >"$tmp/diff.txt"
}

# 1. A run with overrides, a strategy chosen and the parcel log, then its replay from
#    another directory.
"$LASTMILE" run "$fx/small.yaml" -o "$tmp/a.h5" -r 2 --seed 11 --strategy one-attempt \
  --set fleet.van.count=3 --set 'demand.parcels_per_day=90' --parcel-log -q >/dev/null 2>&1
check "the first run succeeds" test -f "$tmp/a.h5"
(cd / && "$LASTMILE" run "$tmp/a.h5" -o "$tmp/b.h5" -q >/dev/null 2>"$tmp/err")
check "the replay succeeds" test -f "$tmp/b.h5"
check "the replay is the same file but for created_utc and the command line" same "$tmp/a.h5" "$tmp/b.h5"
check "h5diff compared the KPIs" grep -q 'dataset: </summary/on_time_rate>' "$tmp/diff.txt"
check "h5diff compared /routing" grep -q 'dataset: </routing/planned_km>' "$tmp/diff.txt"
check "h5diff found no difference" not grep -Eq '^[1-9][0-9]* differences? found' "$tmp/diff.txt"

# 2. What /provenance holds.
scenario_sha=$(sha256sum "$fx/small.yaml" | cut -d' ' -f1)
$py - "$tmp/a.h5" "$scenario_sha" "$fx" "$tmp/b.h5" <<'PY' || fail=1
import h5py, re, sys
path, sha, folder, replay = sys.argv[1:5]
ok = True
def expect(what, cond):
    global ok
    if not cond:
        print("FAIL: /provenance:", what, file=sys.stderr)
        ok = False
text = lambda v: v.decode() if isinstance(v, bytes) else v
with h5py.File(path, "r") as f:
    g = f["provenance"]
    a = {k: text(v) for k, v in g.attrs.items()}
    for k in ("lastmile_version", "compiler", "hdf5_version", "gsl_version", "libyaml_version"):
        expect(k + " is given", isinstance(a.get(k), str) and a[k] not in ("", "unknown"))
    expect("lastmile_version is the root's", a["lastmile_version"] == text(f.attrs["lastmile_version"]))
    expect("git_commit", re.fullmatch(r"[0-9a-f]{40}|unknown", a["git_commit"]) is not None)
    expect("git_dirty", a["git_dirty"] in (-1, 0, 1))
    expect("hdf5_version", re.fullmatch(r"\d+\.\d+\.\d+", a["hdf5_version"]) is not None)
    expect("scenario_sha256 is sha256sum's", a["scenario_sha256"] == sha)
    expect("scenario_folder", a["scenario_folder"] == folder)
    expect("scenario_path", a["scenario_path"].endswith("tests/fixtures/small.yaml"))
    expect("seed", a["seed"] == 11 and f.attrs["master_seed"] == 11)
    expect("replications", a["replications"] == 2)
    expect("parcel_log", a["parcel_log"] == 1)
    expect("routes_day", a["routes_day"] == -1)
    argv = [text(x) for x in g["argv"][()]]
    expect("argv", argv[:3] == ["lastmile", "run", folder + "/small.yaml"] and "--parcel-log" in argv)
    line = text(g["command_line"][()])
    expect("command_line is argv joined", line.startswith("lastmile run " + folder + "/small.yaml -o ")
           and "'demand.parcels_per_day=90'" not in line and "--set fleet.van.count=3" in line)
    expect("overrides", [text(x) for x in g["overrides"][()]] ==
           ["fleet.van.count=3", "demand.parcels_per_day=90"])
    expect("strategies", [text(x) for x in g["strategies"][()]] == ["one-attempt"])
    expect("no input files", "files" not in g or len(g["files"]) == 0)
with h5py.File(replay, "r") as f:
    argv = [text(x) for x in f["provenance/argv"][()]]
    expect("the replay's argv", argv == ["lastmile", "run", path, "-o", replay, "-q"])
sys.exit(0 if ok else 1)
PY

# 3. An input file: recorded with its hash; changed, the replay is refused (exit 2,
#    naming it, nothing written) unless --force.
cp "$fx/from_csv.yaml" "$fx/customers.csv" "$tmp/"
"$LASTMILE" run "$tmp/from_csv.yaml" -o "$tmp/c.h5" -r 1 -q >/dev/null 2>&1
csv_sha=$(sha256sum "$tmp/customers.csv" | cut -d' ' -f1)
check "customers.file is recorded with its SHA-256" $py -c '
import h5py, sys
g = h5py.File(sys.argv[1], "r")["provenance/files/customers.file"].attrs
sys.exit(not (g["sha256"] == sys.argv[2] and g["name"] == "customers.csv"
              and g["path"] == sys.argv[3] + "/customers.csv"))' "$tmp/c.h5" "$csv_sha" "$tmp"
"$LASTMILE" run "$tmp/c.h5" -o "$tmp/same.h5" -q >/dev/null 2>&1
check "an unchanged input replays" test -f "$tmp/same.h5"
echo "0.25,0.25" >>"$tmp/customers.csv"
"$LASTMILE" run "$tmp/c.h5" -o "$tmp/d.h5" -q >/dev/null 2>"$tmp/err"; rc=$?
check "a changed input file: exit 2 (got $rc)" test "$rc" = 2
check "the message names the file" grep -q "error: $tmp/customers.csv (customers.file) has changed" "$tmp/err"
check "the message gives both hashes" grep -q "$csv_sha then" "$tmp/err"
check "nothing is written" test ! -e "$tmp/d.h5"
check "no temporary file is left" test -z "$(ls -A "$tmp" | grep '\.tmp$')"
"$LASTMILE" run "$tmp/c.h5" -o "$tmp/d.h5" -q --force >/dev/null 2>"$tmp/err"; rc=$?
check "--force replays a changed input (exit $rc)" test "$rc" = 0 -a -f "$tmp/d.h5"
check "--force warns" grep -q "warning: $tmp/customers.csv (customers.file) has changed" "$tmp/err"

# 4. Extra --set after the recorded ones; the default output beside the results file.
"$LASTMILE" run "$tmp/a.h5" --set fleet.van.count=4 -q >/dev/null 2>&1
check "the default output is RESULTS-replay.h5" test -f "$tmp/a-replay.h5"
check "extra --set come after the recorded ones" $py -c '
import h5py, sys
f = h5py.File(sys.argv[1], "r")
o = [x.decode() for x in f["provenance/overrides"][()]]
sys.exit(not (o == ["fleet.van.count=3", "demand.parcels_per_day=90", "fleet.van.count=4"]
              and f["input/scenario_yaml"].attrs["overrides"] == "\n".join(o)))' "$tmp/a-replay.h5"
check "the extra --set changed the results" not same "$tmp/a.h5" "$tmp/a-replay.h5"

# 5. Files that cannot be replayed: no record, or not a results file at all.
cp "$tmp/a.h5" "$tmp/old.h5"
$py -c 'import h5py, sys
with h5py.File(sys.argv[1], "r+") as f: del f["provenance"]' "$tmp/old.h5"
"$LASTMILE" run "$tmp/old.h5" -o "$tmp/e.h5" -q >/dev/null 2>"$tmp/err"; rc=$?
check "a file without /provenance: exit 2 (got $rc)" test "$rc" = 2
check "... saying it holds no record" grep -q 'holds no record of its run' "$tmp/err"
check "... and never as YAML" not grep -q 'UTF-8' "$tmp/err"
$py -c 'import h5py, sys; h5py.File(sys.argv[1], "w")["x"] = 1' "$tmp/other.h5"
"$LASTMILE" run "$tmp/other.h5" -o "$tmp/e.h5" -q >/dev/null 2>"$tmp/err"; rc=$?
check "an HDF5 file that is not a results file: exit 2 (got $rc)" test "$rc" = 2
check "nothing written for either" test ! -e "$tmp/e.h5"

# 6. --version: version, commit, compiler, libraries.
"$LASTMILE" --version >"$tmp/version"
check "--version: version" grep -Eq '^lastmile [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/version"
check "--version: commit" grep -Eq '^commit ([0-9a-f]{40}|unknown)( \(with uncommitted changes\))?$' "$tmp/version"
for lib in hdf5 gsl libyaml; do
  check "--version: $lib" grep -Eq "^$lib [0-9]+\.[0-9]+" "$tmp/version"
done
check "--version: compiler" grep -Eq '^compiler .+' "$tmp/version"
check "--version: the HDF5 version recorded in files" \
  grep -qx "hdf5 $($py -c 'import h5py, sys; print(h5py.File(sys.argv[1], "r")["provenance"].attrs["hdf5_version"])' "$tmp/a.h5")" "$tmp/version"
exit $fail
