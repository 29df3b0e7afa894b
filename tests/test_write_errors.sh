#!/usr/bin/env bash
# Write errors are errors. (1) `plot` when its pictures cannot be written whole (a file
# size limit, RLIMIT_FSIZE, with SIGXFSZ ignored, as on a full disk: gnuplot's writes
# fail but it exits 0): exit 1, a message, the old pictures byte-identical, no temporary
# file left. (2) `run`, `solve`, `plot`, `validate`, `info`, --help and --version with
# stdout on /dev/full: exit 1 with a message on stderr; a command that failed already
# keeps its code; stderr on /dev/full when something was written there: exit 1.
. "$LM_SOURCE_DIR/tests/lib.sh"
fixtures="$LM_SOURCE_DIR/tests/fixtures"
full() { "$@" >/dev/full 2>"$tmp/err"; echo $?; } # stdout on a full device
no_tmp() { ! ls -A "$1" | grep -q '\.tmp$'; }
said_stdout() { grep -q "lastmile: error: cannot write to standard output" "$tmp/err"; }

run=(run "$fixtures/small.yaml" -r 1 --set scenario.days=2 -q --parcel-log --routes-day 0)
"$LASTMILE" "${run[@]}" -o "$tmp/r.h5" >/dev/null
check "the fixture runs" test -s "$tmp/r.h5"

if [ -w /dev/full ]; then
  check "validate, stdout full: exit 1" test "$(full "$LASTMILE" validate "$fixtures/small.yaml")" = 1
  check "validate, stdout full: says so" said_stdout
  check "validate, stdout fine: exit 0" test "$(code "$LASTMILE" validate "$fixtures/small.yaml")" = 0
  check "run, stdout full: exit 1" test "$(full "$LASTMILE" "${run[@]}" -o "$tmp/full.h5")" = 1
  check "run, stdout full: says so" said_stdout
  check "solve, stdout full: exit 1" \
    test "$(full "$LASTMILE" solve "$fixtures/instances/tiny.txt" --iterations 50)" = 1
  check "solve, stdout full: says so" said_stdout
  check "solve, stdout fine: exit 0" \
    test "$(code "$LASTMILE" solve "$fixtures/instances/tiny.txt" --iterations 50)" = 0
  check "info, stdout full: exit 1" test "$(full "$LASTMILE" info "$tmp/r.h5")" = 1
  check "info, stdout full: says so" grep -q "cannot print the summary" "$tmp/err"
  check "plot, stdout full: exit 1" test "$(full "$LASTMILE" plot "$tmp/r.h5" -o "$tmp/p0")" = 1
  check "plot, stdout full: says so" said_stdout
  check "--help, stdout full: exit 1" test "$(full "$LASTMILE" --help)" = 1
  check "--version, stdout full: exit 1" test "$(full "$LASTMILE" --version)" = 1
  check "a failed command keeps its code" test "$(full "$LASTMILE" validate "$tmp/none.yaml")" = 2
  # plot notes skipped figures on stderr: losing them is an error too.
  check "plot, stderr full: exit 1" \
    test "$("$LASTMILE" plot "$tmp/r.h5" -o "$tmp/p1" 2>/dev/full >/dev/null; echo $?)" = 1
  check "validate, stderr full but unused: exit 0" \
    test "$("$LASTMILE" validate "$fixtures/small.yaml" 2>/dev/full >/dev/null; echo $?)" = 0
else
  echo "SKIP: no /dev/full"
fi

if ! command -v gnuplot >/dev/null; then
  echo "SKIP: gnuplot is not installed (apt-get install gnuplot-nox)"
else
  for fmt in svg png; do
    d="$tmp/pics-$fmt"
    check "$fmt: plot exits 0" test "$(code "$LASTMILE" plot "$tmp/r.h5" -o "$d" --format $fmt)" = 0
    cp -a "$d" "$tmp/old-$fmt"
    # Pictures are tens of KB; 8 KB is enough for lastmile itself, not for a picture.
    rc=$(trap '' XFSZ; ulimit -f 8; code "$LASTMILE" plot "$tmp/r.h5" -o "$d" --format $fmt)
    check "$fmt, writes failing: exit 1" test "$rc" = 1
    check "$fmt, writes failing: says the picture is incomplete" \
      grep -q "compare.$fmt: error: gnuplot exited normally but its picture is incomplete" "$tmp/err"
    check "$fmt, writes failing: lists no picture" test ! -s "$tmp/out"
    check "$fmt, writes failing: old pictures byte-identical" diff -rq "$tmp/old-$fmt" "$d"
    check "$fmt, writes failing: no temporary file" no_tmp "$d"
  done
  # A first plot under the limit: nothing published, nothing left.
  rc=$(trap '' XFSZ; ulimit -f 8; code "$LASTMILE" plot "$tmp/r.h5" -o "$tmp/new" --format svg)
  check "new folder, writes failing: exit 1" test "$rc" = 1
  check "new folder, writes failing: holds nothing" test -z "$(ls -A "$tmp/new")"
fi

finish test_write_errors
