#!/usr/bin/env bash
# The command as a user meets it: help, version, exit codes, the results file and its
# layout, refusal to overwrite, determinism (same seed: identical datasets; another
# seed: different ones), and `info`.
. "$LM_SOURCE_DIR/tests/lib.sh"
fixture="$LM_SOURCE_DIR/tests/fixtures/small.yaml"

check "--help exits 0" test "$(code "$LASTMILE" --help)" = 0
check "--help names run" grep -q "run SCENARIO" "$tmp/out"
check "--version" test "$(code "$LASTMILE" --version)" = 0
check "--version prints a version" grep -Eq '^lastmile [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out"
check "no command is a usage error" test "$(code "$LASTMILE")" = 2
check "unknown command is a usage error" test "$(code "$LASTMILE" frobnicate)" = 2
check "unknown option is a usage error" test "$(code "$LASTMILE" run "$fixture" --bogus)" = 2
check "bad -r is a usage error" test "$(code "$LASTMILE" run "$fixture" -r 0 -o "$tmp/x.h5")" = 2
check "bad --seed is a usage error" test "$(code "$LASTMILE" run "$fixture" --seed 12x -o "$tmp/x.h5")" = 2
check "missing scenario file" test "$(code "$LASTMILE" run "$tmp/none.yaml" -o "$tmp/x.h5")" = 2
check "no file after usage errors" test ! -e "$tmp/x.h5"
check "unknown --strategy" test "$(code "$LASTMILE" run "$fixture" --strategy nope -o "$tmp/x.h5")" = 2
check "validate ok" test "$(code "$LASTMILE" validate "$fixture")" = 0

# A run, its layout and its summary.
check "run exits 0" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/a.h5" -q)" = 0
check "run names the file" grep -q "results: $tmp/a.h5" "$tmp/out"
# -q drops progress and notes; warnings about the results (this fixture's first strategy
# may fall behind: a backlog warning) are still printed.
check "quiet run prints only warnings on stderr" test "$(grep -cv '^lastmile: warning: ' "$tmp/err")" = 0
check "no temporary file left" test -z "$(compgen -G "$tmp/.a.h5.*.tmp")"
h5ls -r "$tmp/a.h5" >"$tmp/ls"
for path in /input/scenario_yaml /received /daily/van_km /summary/on_time_rate /comparison/cost_total; do
  check "layout has $path" grep -q "^$path " "$tmp/ls"
done
check "daily is strategies x replications x days" grep -Eq '^/daily/received +Dataset \{2, 3, 6\}' "$tmp/ls"
check "refuses to overwrite" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/a.h5" -q)" = 2
check "says how to overwrite" grep -q -- "--force" "$tmp/err"

# Determinism.
check "same seed again" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/b.h5" -q)" = 0
check "same seed: identical KPIs" h5diff -q "$tmp/a.h5" "$tmp/b.h5" /received /received
check "same seed: identical daily KPIs" h5diff -q "$tmp/a.h5" "$tmp/b.h5" /daily /daily
check "same seed: identical summary" h5diff -q "$tmp/a.h5" "$tmp/b.h5" /summary /summary
check "other seed" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/c.h5" -q --seed 8)" = 0
check "other seed: different results" test "$(h5diff -q "$tmp/a.h5" "$tmp/c.h5" /daily /daily >/dev/null 2>&1; echo $?)" = 1
check "--force overwrites" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/a.h5" -q --force -r 2)" = 0
check "overwritten file has 2 replications" grep -Eq '^/received +Dataset \{2, 2\}' <(h5ls -r "$tmp/a.h5")

# One strategy only; info.
check "--strategy" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/d.h5" -q --strategy one-attempt)" = 0
check "--strategy keeps only that one" grep -Eq '^strategy +Dataset \{1\}' <(h5ls "$tmp/d.h5")
check "info exits 0" test "$(code "$LASTMILE" info "$tmp/b.h5")" = 0
check "info names the strategies" grep -q "one-attempt" "$tmp/out"
check "info ranks against the baseline" grep -q "compared with 'three-attempts'" "$tmp/out"
check "info: one attempt returns more (worse)" grep -Eq "^ +returned +worse" "$tmp/out"
check "info: route planning" grep -q "^route planning, mean per counted day (solver CPU s" "$tmp/out"
# small.yaml has neither re-plans nor traffic: the vans drive the planned km.
check "info: driven km = planned km" grep -Eq "^one-attempt +[0-9.]+ +([0-9.]+) +\1 +1\.000 " "$tmp/out"
check "info on a non-results file" test "$(code "$LASTMILE" info "$fixture")" = 2
check "info on a missing file" test "$(code "$LASTMILE" info "$tmp/missing.h5")" = 2

# --set: overrides are read and checked like the file's own values, and recorded.
check "--set runs" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/e.h5" -q -r 2 --set scenario.days=3 --set scenario.warmup_days=0 --set 'customers.presence_by_hour[9]=1')" = 0
check "--set changed the days" grep -Eq '^/daily/received +Dataset \{2, 2, 3\}' <(h5ls -r "$tmp/e.h5")
check "--set is recorded" grep -q "scenario.days=3" <(h5dump -a /input/scenario_yaml/overrides "$tmp/e.h5")
check "--set with a bad value" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/f.h5" --set fleet.van.count=zero)" = 2
check "--set bad value message" grep -q -- "--set fleet.van.count=zero: error: fleet.van.count" "$tmp/err"
check "--set with an unknown key" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/f.h5" --set fleet.vann.count=3)" = 2
check "--set cross-checked" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/f.h5" --set scenario.warmup_days=7)" = 2
check "no file after bad --set" test ! -e "$tmp/f.h5"
# --set is checked like the file: switching on a vehicle kind the file leaves out needs its
# required keys; an index past the elements the file gives is refused; names keep the rule.
ev=(--set fleet.electric_van.count=3)
check "--set switches on a kind without its keys: validate" test "$(code "$LASTMILE" validate "$fixture" "${ev[@]}")" = 2
check "--set kind: the missing keys are named" grep -q "small.yaml:[0-9]*:[0-9]*: error: missing required key 'fleet.electric_van.speed_kmh'" "$tmp/err"
check "--set kind: run refuses too" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/f.h5" -q -r 1 "${ev[@]}")" = 2
check "--set kind: no file" test ! -e "$tmp/f.h5"
ev+=(--set fleet.electric_van.speed_kmh=30 --set fleet.electric_van.capacity_parcels=60
  --set fleet.electric_van.capacity_volume_l=3000 --set fleet.electric_van.range_km=120)
check "--set kind with its keys validates" test "$(code "$LASTMILE" validate "$fixture" "${ev[@]}")" = 0
lockers="$LM_SOURCE_DIR/tests/fixtures/lockers.yaml"
check "--set a size class that does not exist" test "$(code "$LASTMILE" validate "$lockers" --set 'lockers[0].compartments[2]=5')" = 2
check "--set size class message" grep -q -- "--set lockers\[0\].compartments\[2\]=5: error: 'lockers\[0\].compartments\[2\]' names an element the scenario does not have" "$tmp/err"
check "--set a size class that does not exist: run" test "$(code "$LASTMILE" run "$lockers" -o "$tmp/g.h5" -q -r 1 --set scenario.days=2 --set 'lockers[0].compartments[2]=5')" = 2
check "--set an existing size class" test "$(code "$LASTMILE" validate "$lockers" --set 'lockers[0].compartments[1]=5')" = 0
check "--set a strategy that does not exist" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/f.h5" --set 'strategies[2].vans=1')" = 2
check "--set a strategy name with '/'" test "$(code "$LASTMILE" validate "$fixture" --set 'strategies[0].name=a/b')" = 2
check "--set strategy name message" grep -q "(it contains '/')" "$tmp/err"
check "--set a strategy name '..'" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/f.h5" --set 'strategies[1].name=..')" = 2
check "no file after bad names" test ! -e "$tmp/f.h5" -a ! -e "$tmp/g.h5"

# Threads: -j 3 gives the same datasets as -j 1, bit for bit.
check "-j 3 runs" test "$(code "$LASTMILE" run "$LM_SOURCE_DIR/tests/fixtures/lockers.yaml" -o "$tmp/j3.h5" -q -r 4 -j 3)" = 0
check "-j 1 runs" test "$(code "$LASTMILE" run "$LM_SOURCE_DIR/tests/fixtures/lockers.yaml" -o "$tmp/j1.h5" -q -r 4 -j 1)" = 0
check "-j 3 = -j 1 (daily)" h5diff -q "$tmp/j1.h5" "$tmp/j3.h5" /daily /daily
check "-j 3 = -j 1 (KPIs)" h5diff -q "$tmp/j1.h5" "$tmp/j3.h5" /cost_total /cost_total
check "-j 3 = -j 1 (summary)" h5diff -q "$tmp/j1.h5" "$tmp/j3.h5" /summary /summary
check "-j 0 is a usage error" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/x.h5" -j 0)" = 2

# Sweep and target: one row per grid point, and the capacity-planning answer.
sweep="$LM_SOURCE_DIR/tests/fixtures/sweep.yaml"
check "sweep runs" test "$(code "$LASTMILE" run "$sweep" -o "$tmp/sw.h5" -q -r 3)" = 0
check "sweep: KPI per point" grep -Eq '^/sweep/on_time_rate +Dataset \{4, 2, 4\}' <(h5ls -r "$tmp/sw.h5")
check "sweep: swept values" grep -Eq '^/sweep/parameters/fleet.van.count +Dataset \{4\}' <(h5ls -r "$tmp/sw.h5")
check "sweep: info names the cheapest point" test "$(code "$LASTMILE" info "$tmp/sw.h5")" = 0
check "sweep: answer printed" grep -q "cheapest point that meets the target: fleet.van.count=" "$tmp/out"
check "sweep: a bad grid value stops before running" test "$(code "$LASTMILE" run "$sweep" -o "$tmp/sw2.h5" --set 'sweep[0].values[0]=0')" = 2
check "sweep: and says which" grep -q "fleet.van.count=0" "$tmp/err"
check "sweep: nothing written" test ! -e "$tmp/sw2.h5"

# The calendar speaks in dates: the run's period, the summary's counted days, info, and
# --routes-day as a date or as the index of a counted day (0 = the first).
calendar="$LM_SOURCE_DIR/tests/fixtures/calendar.yaml"
check "calendar run" test "$(code "$LASTMILE" run "$calendar" -o "$tmp/cal.h5" -r 1 --routes-day 2026-12-24)" = 0
check "run names the period" grep -q "10 days, 2026-12-21 to 2026-12-30 (counted from 2026-12-22)" "$tmp/err"
check "summary names the counted days" grep -q "^counted days: 2026-12-22 to 2026-12-30 (9)$" "$tmp/out"
check "routes of a date" test "$(h5dump -a /routes/three-attempts/date "$tmp/cal.h5" | grep -c '"2026-12-24"')" = 1
check "routes of an index" test "$(code "$LASTMILE" run "$calendar" -o "$tmp/cal2.h5" -q -r 1 --routes-day 2)" = 0
check "index 2 is the same day" test "$(h5dump -a /routes/three-attempts/date "$tmp/cal2.h5" | grep -c '"2026-12-24"')" = 1
check "info names the counted days" test "$(code "$LASTMILE" info "$tmp/cal.h5")" = 0
check "info: period" grep -q "^counted days  9, 2026-12-22 to 2026-12-30 (after 1 warm-up day from 2026-12-21)$" "$tmp/out"
check "--routes-day not a date" test "$(code "$LASTMILE" run "$calendar" -o "$tmp/x.h5" --routes-day 2026-02-30)" = 2
check "--routes-day says why" grep -q "February 2026 has 28 days" "$tmp/err"
check "--routes-day in the warm-up" test "$(code "$LASTMILE" run "$calendar" -o "$tmp/x.h5" --routes-day 2026-12-21)" = 2
check "--routes-day names the counted days" grep -q "expected a date from 2026-12-22 to 2026-12-30" "$tmp/err"
check "--routes-day index past the end" test "$(code "$LASTMILE" run "$calendar" -o "$tmp/x.h5" --routes-day 9)" = 2
check "no file after a bad --routes-day" test ! -e "$tmp/x.h5"

# The default output path: results/<scenario>.h5 under the working directory.
(cd "$tmp" && "$LASTMILE" run "$fixture" -q -r 1 >/dev/null 2>&1)
check "default output path" test -f "$tmp/results/small.h5"

# The option syntax of GNU: --opt=value, --opt value, -xVALUE, bundled flags, "--", unambiguous
# prefixes; misspelt options and commands get the nearest names.
check "--replications=2" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/o1.h5" -q --replications=2)" = 0
check "--replications=2 ran 2" grep -Eq '^/received +Dataset \{[0-9]+, 2\}' <(h5ls -r "$tmp/o1.h5")
check "-r1 and --output=" test "$(code "$LASTMILE" run "$fixture" -r1 --output="$tmp/o2.h5" -q)" = 0
check "-r1 ran 1" grep -Eq '^/received +Dataset \{[0-9]+, 1\}' <(h5ls -r "$tmp/o2.h5")
check "-qr1 bundles" test "$(code "$LASTMILE" run "$fixture" -qr1 -o"$tmp/o3.h5")" = 0
check "-qr1: quiet" test "$(grep -cv '^lastmile: warning: ' "$tmp/err")" = 0
check "-qr1: one replication" grep -Eq '^/received +Dataset \{[0-9]+, 1\}' <(h5ls -r "$tmp/o3.h5")
check "-- ends the options" test "$(code "$LASTMILE" run -q -r 1 -o "$tmp/o4.h5" -- "$fixture")" = 0
check "a prefix of a long option" test "$(code "$LASTMILE" run "$fixture" --repl 1 --out "$tmp/o5.h5" -q)" = 0
check "unknown option suggests" test "$(code "$LASTMILE" run "$fixture" --replicatons=2)" = 2
check "unknown option message" grep -qF "unknown option '--replicatons'; did you mean --replications?" "$tmp/err"
check "one dash on a long option" test "$(code "$LASTMILE" run "$fixture" -replications 2)" = 2
check "one dash message" grep -qF "did you mean --replications?" "$tmp/err"
check "ambiguous prefix" test "$(code "$LASTMILE" run "$fixture" --s 2)" = 2
check "ambiguous prefix names them" grep -qF -- "--seed, --strategy, --set" "$tmp/err"
check "a flag with a value" test "$(code "$LASTMILE" run "$fixture" --force=yes)" = 2
check "a missing value" test "$(code "$LASTMILE" run "$fixture" -r)" = 2
check "a missing value message" grep -qF "option --replications needs a value (N)" "$tmp/err"
check "validate --set=K=V" test "$(code "$LASTMILE" validate --set=fleet.van.count=5 "$fixture")" = 0
check "solve: unknown option suggests" test "$(code "$LASTMILE" solve x.txt --iteration 5x)" = 2
check "solve: prefix takes its value" grep -qF -- "--iterations: expected a whole number" "$tmp/err"
check "plot --format=svg parsed" test "$(code "$LASTMILE" plot --format=bmp x.h5)" = 2
check "plot --format= message" grep -qF -- "--format: expected png, svg or pdf, got 'bmp'" "$tmp/err"
check "unknown command suggests" test "$(code "$LASTMILE" valdate "$fixture")" = 2
check "unknown command message" grep -qF "unknown command 'valdate'; did you mean validate?" "$tmp/err"
check "no file from the option forms" test ! -e "$tmp/x.h5"

# Help: `lastmile help CMD` and `lastmile CMD --help` are the command's own, with defaults.
check "help run" test "$(code "$LASTMILE" help run)" = 0
check "help run is run's help" grep -q "^usage: lastmile run SCENARIO.yaml" "$tmp/out"
cp "$tmp/out" "$tmp/help-run"
check "run --help" test "$(code "$LASTMILE" run --help)" = 0
check "run --help = help run" cmp -s "$tmp/out" "$tmp/help-run"
check "run --help: -j and its default" grep -Eq '^  -j, --jobs N +.*\(default: the online cores;' "$tmp/out"
check "run --help: every option" test "$(grep -Ec '^  (-[a-z], |    )--[a-z-]+' "$tmp/out")" = 14
check "run --help fits 80 columns" test "$(awk 'length > 80' "$tmp/out" | wc -l)" = 0
for c in validate info plot solve; do
  check "help $c" test "$(code "$LASTMILE" help $c)" = 0
  check "help $c is its own" grep -q "^usage: lastmile $c " "$tmp/out"
done
check "solve --help: --iterations default" grep -q -- "--iterations N .*(default 20000)" <("$LASTMILE" solve -h)
check "help (general)" test "$(code "$LASTMILE" help)" = 0
check "help names the commands" grep -q "^  validate SCENARIO.yaml" "$tmp/out"
check "help of an unknown command" test "$(code "$LASTMILE" help rnu)" = 2
check "help of an unknown command suggests" grep -qF "did you mean run?" "$tmp/err"

# --set with a misspelt key gets the key path it most likely means.
check "--set typo" test "$(code "$LASTMILE" validate "$fixture" --set fleet.vann.count=3)" = 2
check "--set typo suggests" grep -qF "'fleet.vann.count' is not a scenario key; did you mean fleet.van.count?" "$tmp/err"
check "--set typo in a list" test "$(code "$LASTMILE" run "$fixture" -o "$tmp/x.h5" --set 'zone[1].density_per_km=3')" = 2
check "--set typo in a list suggests" grep -qF "did you mean zones[1].density_per_km2?" "$tmp/err"
check "--set far from any key: no guess" test "$(code "$LASTMILE" validate "$fixture" --set qqqqqq.zzzz=3)" = 2
check "--set far from any key: the form" grep -qF "keys are dotted paths" "$tmp/err"

# Files that cannot be opened are named by their resolved path.
(cd "$tmp" && "$LASTMILE" validate none.yaml >/dev/null 2>"$tmp/err")
check "missing scenario: resolved path" grep -qF "none.yaml: error: cannot open '$tmp/none.yaml': No such file or directory" "$tmp/err"
(cd "$tmp" && "$LASTMILE" info none.h5 >/dev/null 2>"$tmp/err")
check "missing results: resolved path" grep -qF "cannot open '$tmp/none.h5': No such file or directory" "$tmp/err"
(cd "$tmp" && "$LASTMILE" solve none.txt >/dev/null 2>"$tmp/err")
check "missing instance: resolved path" grep -qF "cannot open '$tmp/none.txt': No such file or directory" "$tmp/err"
sed 's/^customers:/customers:\n  file: data\/none.csv/' "$fixture" >"$tmp/cf.yaml"
(cd / && "$LASTMILE" validate "$tmp/cf.yaml" >/dev/null 2>"$tmp/err")
check "missing customers.file: key position and resolved path" grep -qE "^$tmp/cf.yaml:[0-9]+:[0-9]+: error: customers.file: cannot open '$tmp/data/none.csv' \(customers.file, relative to the scenario's folder\): No such file or directory$" "$tmp/err"
: >"$tmp/plainfile"
(cd "$tmp" && "$LASTMILE" run "$fixture" -q -r 1 -o plainfile/sub/out.h5 >/dev/null 2>"$tmp/err")
check "output under a file: resolved path" grep -qF "cannot create directory '$tmp/plainfile/sub' for plainfile/sub/out.h5: Not a directory" "$tmp/err"

# A YAML syntax error also points at the start of the construct left open.
printf 'scenario:\n  name: x\nlist: [1, 2' >"$tmp/open.yaml"
check "unclosed flow sequence" test "$(code "$LASTMILE" validate "$tmp/open.yaml")" = 2
check "unclosed flow sequence: the note at '['" grep -qF "$tmp/open.yaml:3:7: note: the flow sequence started here" "$tmp/err"

# No message is cut: a unit longer than any fixed buffer, and a --set longer than 1 KiB.
check "long unit" test "$(code "$LASTMILE" validate "$lockers" --set 'lockers[0].compartments[1]=-1')" = 2
check "long unit in full" grep -qF "(compartments per parcel size class, in the order of demand.sizes), got '-1'" "$tmp/err"
long=$(printf 'x%.0s' $(seq 1 1500))
check "long --set" test "$(code "$LASTMILE" validate "$fixture" --set "scenario.name=$long")" = 2
check "long --set label in full" grep -qF -- "--set scenario.name=$long: error:" "$tmp/err"

finish cli
