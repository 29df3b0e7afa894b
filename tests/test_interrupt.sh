#!/usr/bin/env bash
# Interruption: SIGINT (and SIGTERM) stop the run after the replications in flight; the
# finished ones are written under the real name with complete = 0. kill -9 never leaves
# a file under the real name.
set -u
fails=0; passes=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fixture="$LM_SOURCE_DIR/tests/fixtures/small.yaml"
check() {
  local name=$1; shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name" >&2; fails=$((fails + 1)); fi
}
attr() { h5dump -a "/$2" "$1" 2>/dev/null | awk '/\(0\)/ {print $2; exit}'; }

for sig in INT TERM; do
  out="$tmp/$sig.h5"
  # The signal must come after the first replication has finished; on a loaded machine
  # (or under sanitizers) that can take longer than the first wait, so a run interrupted
  # before any replication is tried again with twice the wait.
  for wait_s in 3 6 12 24 48; do
    "$LASTMILE" run "$fixture" -r 100000 -j 2 -o "$out" -q >/dev/null 2>"$tmp/err" &
    pid=$!
    sleep "$wait_s"
    kill -"$sig" "$pid"
    wait "$pid"; rc=$?
    grep -q "before any replication finished" "$tmp/err" || break
  done
  check "SIG$sig: exit code 1" test "$rc" = 1
  check "SIG$sig: says so" grep -q "interrupted: wrote" "$tmp/err"
  check "SIG$sig: file under the real name" test -f "$out"
  check "SIG$sig: no temporary file" test -z "$(compgen -G "$tmp/.$sig.h5.*.tmp")"
  check "SIG$sig: complete = 0" test "$(attr "$out" complete)" = 0
  reps=$(attr "$out" replications)
  check "SIG$sig: some replications kept ($reps)" test "${reps:-0}" -ge 1 -a "${reps:-0}" -lt 100000
done

"$LASTMILE" run "$fixture" -r 100000 -o "$tmp/killed.h5" -q >/dev/null 2>&1 &
pid=$!
sleep 2
kill -9 "$pid"; wait "$pid" 2>/dev/null
check "kill -9: nothing under the real name" test ! -e "$tmp/killed.h5"

echo "interrupt: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
