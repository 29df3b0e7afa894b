#!/usr/bin/env bash
# `lastmile plot` as a user meets it: every figure drawn in SVG with the number of
# series it should hold (gnuplot marks each plot element as <g id="gnuplot_plot_N">),
# the notes for figures whose data a file lacks, no temporary file left behind, gnuplot
# missing (exit 1, the package named, no folder made), gnuplot failing (its message
# shown, no picture), bad input (exit 2), and names that try to run gnuplot commands.
set -u
fails=0; passes=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fixtures="$LM_SOURCE_DIR/tests/fixtures"
check() { # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name" >&2; fails=$((fails + 1)); fi
}
code() { "$@" >"$tmp/out" 2>"$tmp/err"; echo $?; }
series() { grep -c '<g id="gnuplot_plot_[0-9][0-9]*[a-z]*"' "$1" 2>/dev/null; }
has_series() { # has_series FILE N
  local got; got=$(series "$1")
  [ "$got" = "$2" ] || { echo "  $1: $got series, expected $2" >&2; return 1; }
}
no_tmp() { ! ls -A "$1" | grep -q '\.tmp$'; }
empty_dir() { [ -z "$(ls -A "$1" 2>/dev/null)" ]; }

if ! command -v gnuplot >/dev/null; then
  echo "SKIP: gnuplot is not installed (apt-get install gnuplot-nox)"
  exit 0
fi

# Results: tours and parcel logs, lockers, a sweep.
"$LASTMILE" run "$fixtures/small.yaml" -o "$tmp/small.h5" -q -r 2 --parcel-log --routes-day 3 >/dev/null
"$LASTMILE" run "$fixtures/lockers.yaml" -o "$tmp/lockers.h5" -q -r 2 --parcel-log --routes-day 3 >/dev/null
"$LASTMILE" run "$fixtures/sweep.yaml" -o "$tmp/sweep.h5" -q -r 2 >/dev/null

# Two strategies with tours and parcel logs, no lockers.
d="$tmp/small"
check "plot exits 0" test "$(code "$LASTMILE" plot "$tmp/small.h5" -o "$d" --format svg)" = 0
check "compare: 9 panels, one series each" has_series "$d/compare.svg" 9
check "diff: 9 panels, one series each" has_series "$d/diff.svg" 9
check "daily: 5 panels x 2 strategies x (band, line) + ordered" has_series "$d/daily.svg" 21
check "routes of each strategy: tours, 5 outcomes, depot" has_series "$d/routes-three-attempts.svg" 7
check "routes of the second strategy" has_series "$d/routes-one-attempt.svg" 7
check "costs: 8 parts, the total, 5 external parts, their total, CO2" has_series "$d/costs.svg" 16
check "dist: 2 panels x 2 strategies" has_series "$d/dist.svg" 4
check "no lockers figure without lockers" test ! -e "$d/lockers.svg"
check "lockers skipped with a note" grep -q "skipped lockers (no parcel went to a locker" "$tmp/err"
check "lockers-sites skipped with a note" grep -q "skipped lockers-sites (no parcel went to a locker" "$tmp/err"
check "sweep skipped with a note" grep -q "skipped sweep (the file has no /sweep" "$tmp/err"
check "the pictures are listed on stdout" test "$(grep -c '\.svg$' "$tmp/out")" = 7
check "no temporary file left" no_tmp "$d"
check "the scenario name is in the title" grep -q "small-town" "$d/compare.svg"
check "PNG too" test "$(code "$LASTMILE" plot "$tmp/small.h5" -o "$tmp/png")" = 0
check "PNG pictures are PNG" test "$(head -c 4 "$tmp/png/compare.png" | tail -c 3)" = PNG
check "default folder beside the results" test "$(code "$LASTMILE" plot "$tmp/small.h5" --format svg)" = 0
check "default folder holds the pictures" test -s "$tmp/small-plots/compare.svg"

# Three strategies with lockers.
d="$tmp/lockers"
check "lockers fixture plots" test "$(code "$LASTMILE" plot "$tmp/lockers.h5" -o "$d" --format svg)" = 0
check "lockers: one line per strategy" has_series "$d/lockers.svg" 3
check "lockers: routes drawn per strategy" has_series "$d/routes-locker-first.svg" 7
check "lockers: daily with 3 strategies" has_series "$d/daily.svg" 31
check "lockers: dist with 3 strategies" has_series "$d/dist.svg" 6
# 3 panels x (3 strategies + compartments), and the first panel's 4 key entries.
check "lockers-sites: 3 sites x (3 strategies + compartments) + key" has_series "$d/lockers-sites.svg" 16
for site in station market corner-shop; do
  check "lockers-sites: panel of $site" grep -q ">$site<" "$d/lockers-sites.svg"
done

# A sweep: 2 strategies x 1 curve, band and line in two panels, and the target line.
d="$tmp/sweep"
check "sweep fixture plots" test "$(code "$LASTMILE" plot "$tmp/sweep.h5" -o "$d" --format svg)" = 0
check "sweep: 2 curves x (band, line) x 2 panels + target" has_series "$d/sweep.svg" 9
check "sweep: the target is drawn" grep -q "target: at least 45 %" "$d/sweep.svg"
check "routes skipped with a note" grep -q "skipped routes (the file has no tours; run with --routes-day D)" "$tmp/err"
check "dist skipped with a note" grep -q "skipped dist (the file has no parcel log; run with --parcel-log)" "$tmp/err"
check "lockers-sites skipped without a parcel log" grep -q "skipped lockers-sites (the file has no parcel log; run with --parcel-log)" "$tmp/err"
check "no lockers-sites picture without a parcel log" test ! -e "$d/lockers-sites.svg"
check "no routes picture" test ! -e "$d/routes-three-attempts.svg"

# gnuplot missing: exit 1, the package named, nothing made.
mkdir "$tmp/nobin"
check "no gnuplot: exit 1" test "$(PATH="$tmp/nobin" code "$LASTMILE" plot "$tmp/small.h5" -o "$tmp/nognuplot")" = 1
check "no gnuplot: names the package" grep -q "gnuplot-nox" "$tmp/err"
check "no gnuplot: no folder made" test ! -e "$tmp/nognuplot"
mkdir "$tmp/nognuplot2"
PATH="$tmp/nobin" "$LASTMILE" plot "$tmp/small.h5" -o "$tmp/nognuplot2" >/dev/null 2>&1
check "no gnuplot: existing folder left empty" empty_dir "$tmp/nognuplot2"

# gnuplot failing: its message surfaces, the picture is not there, nothing half-written.
mkdir "$tmp/broken"
cp "$LM_SOURCE_DIR"/plots/*.gp "$tmp/broken/"
printf 'W = 400; H = 300\nload scripts."/style.gp"\nplot $compare using 1:(no_such_variable)\n' >"$tmp/broken/compare.gp"
check "gnuplot failure: exit 1" test "$(LASTMILE_PLOTS_DIR="$tmp/broken" code "$LASTMILE" plot "$tmp/small.h5" -o "$tmp/fail" --format svg)" = 1
check "gnuplot failure: its message" grep -q "undefined variable: no_such_variable" "$tmp/err"
check "gnuplot failure: names the script" grep -q "broken/compare.gp" "$tmp/err"
check "gnuplot failure: no picture" test ! -e "$tmp/fail/compare.svg"
check "gnuplot failure: no temporary file" no_tmp "$tmp/fail"
check "missing scripts: exit 1" test "$(LASTMILE_PLOTS_DIR="$tmp/nobin" code "$LASTMILE" plot "$tmp/small.h5" -o "$tmp/noscripts")" = 1
check "missing scripts: says which" grep -q "nobin/compare.gp" "$tmp/err"

# Bad usage and bad input: exit 2, a message, no crash.
check "no results file" test "$(code "$LASTMILE" plot)" = 2
check "unknown option" test "$(code "$LASTMILE" plot "$tmp/small.h5" --bogus)" = 2
check "bad format" test "$(code "$LASTMILE" plot "$tmp/small.h5" --format jpg)" = 2
check "bad format message" grep -q "expected png, svg or pdf" "$tmp/err"
check "-o without a value" test "$(code "$LASTMILE" plot "$tmp/small.h5" -o)" = 2
check "missing file" test "$(code "$LASTMILE" plot "$tmp/none.h5" -o "$tmp/x")" = 2
check "missing file message" grep -q "none.h5" "$tmp/err"
check "not an HDF5 file" test "$(code "$LASTMILE" plot "$fixtures/small.yaml" -o "$tmp/x")" = 2
check "not an HDF5 file message" grep -q "not an HDF5 file" "$tmp/err"
check "nothing made on bad input" test ! -e "$tmp/x"
check "-o is a file" test "$(code "$LASTMILE" plot "$tmp/small.h5" -o "$fixtures/small.yaml")" = 2
check "--help" test "$(code "$LASTMILE" plot --help)" = 0

# Names that try to run commands: drawn as text, never run. Quotes, backslashes,
# backquotes, @macros and a datablock terminator in the scenario's and the strategies'
# names (newlines are refused by the loader; test_plot.c feeds them directly).
evil="$tmp/evil"; mkdir "$evil"
sed -e "s|^  name: small-town|  name: 'it''s \"q\" \\\\ \`touch PWNED1\` @x EOD'|" \
    -e "s|^  - name: three-attempts|  - name: 'x''; system(\"touch PWNED2\"); print '''|" \
    -e "s|^  - name: one-attempt|  - name: '\`touch PWNED3\` \\\\'|" \
    "$fixtures/small.yaml" >"$evil/evil.yaml"
check "evil scenario validates" test "$(code "$LASTMILE" validate "$evil/evil.yaml")" = 0
(cd "$evil" && "$LASTMILE" run evil.yaml -o evil.h5 -q -r 2 --parcel-log --routes-day 3 >/dev/null)
check "evil names plot" test "$(cd "$evil" && code "$LASTMILE" plot evil.h5 -o pics --format svg)" = 0
check "no command ran" test -z "$(find "$tmp" -name 'PWNED*')"
check "the strategy's name is drawn" grep -q 'system(&quot;touch PWNED2&quot;)\|system("touch PWNED2")' "$evil/pics/compare.svg"
check "the scenario's name is drawn" grep -q 'touch PWNED1` @x EOD' "$evil/pics/compare.svg"
check "every figure drawn" test "$(ls "$evil/pics" | wc -l)" = 7

echo "test_plot_command: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
