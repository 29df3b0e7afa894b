#!/usr/bin/env bash
# Publishing output files: every results file and .sol appears whole under its name or
# not at all, and a file the user did not ask to replace is never replaced.
#  - two runs writing the same file, one held between writing and publishing
#    (LASTMILE_TEST_HOLD_S, a test-only hook): the other's file is published and kept
#    whole; with --force the last one wins, whole;
#  - symbolic links at the old fixed temporary name and at the output are never followed;
#  - Ctrl-C with a file appearing at the output meanwhile keeps it without --force;
#  - writes failing (RLIMIT_FSIZE, SIGXFSZ ignored) keep the old file, for run and solve -o;
#  - a missing, non-directory or read-only output location, an empty -o and a directory
#    as -o are refused before anything is simulated, with exit 2;
#  - kill -9 while publishing leaves only a temporary file, which info refuses.
set -u
fails=0; passes=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fixture="$LM_SOURCE_DIR/tests/fixtures/small.yaml"
tiny=(-r 1 --set scenario.days=2 -q)
check() {
  local name=$1; shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name" >&2; fails=$((fails + 1)); fi
}
attr() { h5dump -a "/$2" "$1" 2>/dev/null | awk '/\(0\)/ {print $2; exit}'; }
# The names in directory $1 other than $2, one per line (hidden ones included).
others() { (cd "$1" && ls -A | grep -vxF "$2"); }
# Waits up to 20 s for a temporary file of lm_publish in directory $1.
wait_temp() {
  for _ in $(seq 200); do
    compgen -G "$1/.*.tmp" >/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# 1. Two writers, one held: without --force the second to publish is refused and the
#    published file is the first one's, whole.
d="$tmp/two"; mkdir "$d"
LASTMILE_TEST_HOLD_S=4 "$LASTMILE" run "$fixture" "${tiny[@]}" --seed 8 -o "$d/out.h5" \
  >/dev/null 2>"$tmp/a.err" &
a=$!
check "two writers: the first reserves a temporary file before simulating" wait_temp "$d"
"$LASTMILE" run "$fixture" "${tiny[@]}" --seed 9 -o "$d/out.h5" >/dev/null 2>"$tmp/b.err"
check "two writers: the unheld one publishes (exit 0)" test $? = 0
wait "$a"; rc=$?
check "two writers: the held one is refused at the end (exit 2)" test "$rc" = 2
check "two writers: it says a file appeared" grep -q "appeared here while writing" "$tmp/a.err"
check "two writers: the published file is the other's" test "$(attr "$d/out.h5" master_seed)" = 9
check "two writers: and it is whole (info reads it)" "$LASTMILE" info "$d/out.h5" >/dev/null 2>&1
check "two writers: no temporary file left" test -z "$(others "$d" out.h5)"

#    With --force on both, the last to publish wins, whole.
LASTMILE_TEST_HOLD_S=4 "$LASTMILE" run "$fixture" "${tiny[@]}" --seed 8 -o "$d/out.h5" --force \
  >/dev/null 2>&1 &
a=$!
check "forced writers: temporary file" wait_temp "$d"
check "forced writers: the unheld one publishes" \
  "$LASTMILE" run "$fixture" "${tiny[@]}" --seed 10 -o "$d/out.h5" --force >/dev/null
wait "$a"
check "forced writers: the held one replaces it (exit 0)" test $? = 0
check "forced writers: the file is the held one's" test "$(attr "$d/out.h5" master_seed)" = 8
check "forced writers: whole" "$LASTMILE" info "$d/out.h5" >/dev/null 2>&1
check "forced writers: no temporary file left" test -z "$(others "$d" out.h5)"

# 2. Links are never followed: at the old fixed temporary name, and at the output itself.
d="$tmp/links"; mkdir "$d"
echo "victim" >"$d/victim"
ln -s victim "$d/out.h5.tmp"
check "link at OUT.tmp: the run succeeds" "$LASTMILE" run "$fixture" "${tiny[@]}" -o "$d/out.h5" >/dev/null
check "link at OUT.tmp: its target is untouched" test "$(cat "$d/victim")" = victim
check "link at OUT.tmp: the link is untouched" test "$(readlink "$d/out.h5.tmp")" = victim
check "link at OUT.tmp: OUT is a regular file, not a link" test -f "$d/out.h5" -a ! -L "$d/out.h5"
ln -s victim "$d/linked.h5"
"$LASTMILE" run "$fixture" "${tiny[@]}" -o "$d/linked.h5" >/dev/null 2>"$tmp/err"
check "link at OUT without --force: refused (exit 2)" test $? = 2
check "link at OUT with --force: replaced" \
  "$LASTMILE" run "$fixture" "${tiny[@]}" -o "$d/linked.h5" --force >/dev/null
check "link at OUT with --force: the link itself is replaced" test -f "$d/linked.h5" -a ! -L "$d/linked.h5"
check "link at OUT with --force: its target is untouched" test "$(cat "$d/victim")" = victim

# 3. Ctrl-C while a file appears at the output: kept without --force, replaced with it.
for force in no yes; do
  d="$tmp/int-$force"; mkdir "$d"
  flag=(); [ "$force" = yes ] && flag=(--force)
  # The signal must come after a replication has finished (a loaded machine or a sanitizer
  # build can take longer): a run interrupted before any is tried again, waiting twice as long.
  for wait_s in 2 4 8 16 32; do
    rm -f "$d/out.h5"
    "$LASTMILE" run "$fixture" -r 100000 --set scenario.days=2 -q -o "$d/out.h5" "${flag[@]}" \
      >/dev/null 2>"$tmp/err" &
    pid=$!
    wait_temp "$d"; sleep "$wait_s"
    echo "precious" >"$d/out.h5"
    kill -INT "$pid"; wait "$pid"; rc=$?
    grep -q "before any replication finished" "$tmp/err" || break
  done
  check "SIGINT, file appeared, --force $force: exit 1" test "$rc" = 1
  if [ "$force" = no ]; then
    check "SIGINT without --force: the file that appeared is kept" test "$(cat "$d/out.h5")" = precious
    check "SIGINT without --force: says so" grep -q "appeared here while writing" "$tmp/err"
  else
    check "SIGINT with --force: replaced by the finished replications" \
      test "$(attr "$d/out.h5" complete)" = 0
  fi
  check "SIGINT, --force $force: no temporary file left" test -z "$(others "$d" out.h5)"
done

# 4. Writes failing (the file-size limit, SIGXFSZ ignored so write() fails with EFBIG):
#    the old file is kept, no temporary file is left. Messages go through a pipe, which
#    the limit does not touch.
d="$tmp/full"; mkdir "$d"
printf 'Route #1: 1\nCost 1\n' >"$d/old.sol"
cp "$d/old.sol" "$d/expected.sol"
err=$( (trap '' XFSZ; ulimit -f 0; exec "$LASTMILE" solve "$LM_SOURCE_DIR/tests/fixtures/instances/tiny.txt" \
  -o "$d/old.sol") 2>&1 >/dev/null); rc=$?
check "solve -o, writes failing: exit 1" test "$rc" = 1
check "solve -o, writes failing: says why" grep -q "File too large" <<<"$err"
check "solve -o, writes failing: the old .sol is kept" cmp -s "$d/old.sol" "$d/expected.sol"
check "solve -o, writes failing: no temporary file left" test -z "$(others "$d" old.sol | grep -vx expected.sol)"
check "solve -o: publishes over the old file" \
  "$LASTMILE" solve "$LM_SOURCE_DIR/tests/fixtures/instances/tiny.txt" -o "$d/old.sol" -q >/dev/null
check "solve -o: the new routes are there" grep -q "^Route #1:.* .* " "$d/old.sol"
"$LASTMILE" run "$fixture" "${tiny[@]}" -o "$d/out.h5" >/dev/null
cp "$d/out.h5" "$d/expected.h5"
(trap '' XFSZ; ulimit -f 0; exec "$LASTMILE" run "$fixture" "${tiny[@]}" --seed 3 --force \
  -o "$d/out.h5") >/dev/null 2>&1
check "run --force, writes failing: exit 1" test $? = 1
check "run --force, writes failing: the old results are kept" cmp -s "$d/out.h5" "$d/expected.h5"

# 5. The output location is checked before simulating: each refusal comes back with
#    exit 2 within 2 s, where the run asked for (1000 replications of a week) takes
#    minutes.
refused() { # refused NAME PATTERN RUN-ARGS...
  local name=$1 pattern=$2; shift 2
  local t0=$SECONDS
  "$LASTMILE" run "$fixture" -r 1000 -q "$@" >/dev/null 2>"$tmp/err"
  local rc=$? took=$((SECONDS - t0))
  check "$name: exit 2" test "$rc" = 2
  check "$name: before simulating (${took} s)" test "$took" -le 2
  check "$name: says why" grep -q -- "$pattern" "$tmp/err"
}
echo "a file" >"$tmp/plain"
# (A missing directory above -o is created: tests/test_checks.sh.)
refused "directory under a file" "cannot create directory '$tmp/plain/sub'" -o "$tmp/plain/sub/out.h5"
refused "parent is a file" "directory '$tmp/plain' is not a directory" -o "$tmp/plain/out.h5"
refused "empty -o" "output file name is empty" -o ""
refused "-o names a directory" "give a file name" -o "$tmp/two/"
refused "-o is a directory" "is a directory" -o "$tmp/two"
refused "-o is a directory, --force" "is a directory" -o "$tmp/two" --force
if [ "$(id -u)" != 0 ]; then # root may write anywhere
  mkdir "$tmp/ro"; chmod 555 "$tmp/ro"
  refused "read-only directory" "is not writable" -o "$tmp/ro/out.h5"
  refused "directory in a read-only one" "cannot create directory '$tmp/ro/sub'" -o "$tmp/ro/sub/out.h5"
  check "read-only directory: nothing in it" test -z "$(ls -A "$tmp/ro")"
fi

# 6. Modes follow the umask; kill -9 while publishing leaves only a temporary file,
#    recognisable by its name, which info refuses.
d="$tmp/mode"; mkdir "$d"
(umask 027; exec "$LASTMILE" run "$fixture" "${tiny[@]}" -o "$d/out.h5" >/dev/null)
check "mode from the umask (027: rw-r-----)" test "$(stat -c %a "$d/out.h5")" = 640
d="$tmp/killed"; mkdir "$d"
LASTMILE_TEST_HOLD_S=30 "$LASTMILE" run "$fixture" "${tiny[@]}" -o "$d/out.h5" >/dev/null 2>&1 &
pid=$!
wait_temp "$d"; sleep 2
kill -9 "$pid"; wait "$pid" 2>/dev/null
check "kill -9: nothing under the real name" test ! -e "$d/out.h5"
left=$(compgen -G "$d/.out.h5.*.tmp" | head -n 1)
check "kill -9: the temporary file is recognisable by name" test -n "$left"
"$LASTMILE" info "$left" >/dev/null 2>"$tmp/err"
check "info refuses a temporary file (exit 2)" test $? = 2
check "info says what it is" grep -q "temporary file of an unfinished write" "$tmp/err"

echo "publish: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
