#!/usr/bin/env bash
# Everything a run needs is checked before it simulates: every sweep point (by run and
# by validate), the output location (a missing directory above -o is created), and the
# progress lines on a stderr that is not a terminal (--progress; -q keeps quiet).
. "$LM_SOURCE_DIR/tests/lib.sh"
fixture="$LM_SOURCE_DIR/tests/fixtures/small.yaml"
sweep="$LM_SOURCE_DIR/tests/fixtures/sweep.yaml"

# -o into a directory that does not exist yet: it is made, and the file written there.
check "-o into a missing directory runs" \
  test "$(code "$LASTMILE" run "$fixture" -r 1 -q -o "$tmp/new/deeper/x.h5")" = 0
check "the missing directories were made" test -f "$tmp/new/deeper/x.h5"
# A directory that cannot be made (a file is in the way): refused before simulating,
# naming the directory.
touch "$tmp/plain"
check "-o under a file is refused" \
  test "$(code "$LASTMILE" run "$fixture" -r 1 -o "$tmp/plain/sub/x.h5")" = 2
check "the refusal names the directory" grep -q "cannot create directory '$tmp/plain/sub'" "$tmp/err"
check "nothing simulated before the refusal" test "$(grep -c 'runs,' "$tmp/err")" = 0
# A bad sweep point does not leave a new directory behind either.
sed 's/  - name: one-attempt/  - name: vans-3\n    vans: 3\n    max_attempts: 1\n  - name: one-attempt/' \
  "$sweep" >"$tmp/bad-sweep.yaml"
check "validate catches a bad sweep point" test "$(code "$LASTMILE" validate "$tmp/bad-sweep.yaml")" = 2
check "validate names the point" \
  grep -q "error: sweep point 2 of 4 (fleet.van.count=2): strategies\[1\].vans: strategy 'vans-3' uses 3 vans but the fleet has 2" "$tmp/err"
check "run refuses a bad sweep point" \
  test "$(code "$LASTMILE" run "$tmp/bad-sweep.yaml" --progress -o "$tmp/later/s.h5")" = 2
check "run names the point" grep -q "sweep point 1 of 4 (fleet.van.count=1)" "$tmp/err"
check "run simulated nothing" test "$(grep -c 'runs,' "$tmp/err")" = 0
check "no directory made for a refused run" test ! -e "$tmp/later"

# Progress with stderr a file: one line per finished unit, no carriage return.
check "--progress run" \
  test "$(code "$LASTMILE" run "$sweep" -r 1 -j 2 --progress -o "$tmp/s.h5")" = 0
check "no carriage returns" test "$(tr -cd '\r' <"$tmp/err" | wc -c)" = 0
check "one line for the base run" \
  grep -Eq '^lastmile: base run: 2/2 runs, [0-9.]+ s elapsed, ETA [0-9]+ s$' "$tmp/err"
for p in 1 2 3 4; do
  check "a line for point $p" \
    grep -Eq "^lastmile: point $p/4: fleet.van.count=$p: 2/2 runs, [0-9.]+ s elapsed, ETA [0-9]+ s\$" "$tmp/err"
done
check "five progress lines in all" test "$(grep -c ' runs, ' "$tmp/err")" = 5
check "without --progress, none" \
  test "$(code "$LASTMILE" run "$fixture" -r 1 -o "$tmp/n.h5")" = 0
check "no progress line" test "$(grep -c ' runs, ' "$tmp/err")" = 0
check "-q wins over --progress" \
  test "$(code "$LASTMILE" run "$fixture" -r 1 -q --progress -o "$tmp/q.h5")" = 0
check "quiet: only warnings" test "$(grep -cv '^lastmile: warning: ' "$tmp/err")" = 0
check "run --help states the default -j" \
  test "$(code "$LASTMILE" run --help)" = 0
check "the default -j is the online cores" grep -q "default: the online cores" "$tmp/out"

# Booleans from --set take the same words as the file.
for w in yes No ON off true FALSE 1 0; do
  check "--set boolean $w" \
    test "$(code "$LASTMILE" validate "$fixture" --set "strategies[0].eta_notification=$w")" = 0
done
for w in y maybe 2; do
  check "--set boolean $w refused" \
    test "$(code "$LASTMILE" validate "$fixture" --set "strategies[0].eta_notification=$w")" = 2
done

finish
