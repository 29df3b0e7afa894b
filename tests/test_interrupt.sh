#!/usr/bin/env bash
# Interruption: SIGINT (and SIGTERM) stop the run within about a second, even inside a
# long replication (the unfinished replications are dropped); the finished ones are
# written under the real name with complete = 0. A second signal ends the process at
# once by that signal, with nothing under the real name and no temporary file. kill -9
# never leaves a file under the real name.
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

# Inside a long replication: one replication of the city over a year takes well over a
# minute (half a minute a season); the signal comes once the run has started (its header
# line is printed after the handlers are in place).
now_ms() { date +%s%3N; }
wait_for_header() { # file, pid: 0 once the header is there, 1 if the process ended first
  for _ in $(seq 1 600); do
    grep -q "replications x" "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
"$LASTMILE" run "$LM_SOURCE_DIR/scenarios/city.yaml" -r 2 --set scenario.days=365 \
  --strategy two-attempts -o "$tmp/long.h5" >/dev/null 2>"$tmp/long.err" &
pid=$!
wait_for_header "$tmp/long.err" "$pid"
sleep 1
t0=$(now_ms)
kill -INT "$pid"
wait "$pid"; rc=$?
took=$(( $(now_ms) - t0 ))
echo "signal inside a replication: stopped ${took} ms after SIGINT"
check "long replication: exit code 1" test "$rc" = 1
check "long replication: stopped within 10 s (${took} ms)" test "$took" -lt 10000
check "long replication: unfinished one dropped" \
  grep -q "interrupted before any replication finished; nothing written" "$tmp/long.err"
check "long replication: nothing under the real name" test ! -e "$tmp/long.h5"
check "long replication: no temporary file" test -z "$(compgen -G "$tmp/.long.h5.*.tmp")"

# A second signal while the finished replications are being written: the test hook holds
# the writer between the synced temporary file and the move into place.
for wait_s in 3 6 12 24 48; do
  LASTMILE_TEST_HOLD_S=120 "$LASTMILE" run "$fixture" -r 100000 -j 2 -o "$tmp/twice.h5" \
    >/dev/null 2>"$tmp/twice.err" &
  pid=$!
  wait_for_header "$tmp/twice.err" "$pid"
  sleep "$wait_s"
  kill -INT "$pid"
  # The first signal stops the runs within milliseconds; the finished replications are
  # then written and the writer holds for 120 s. A process still there 3 s after the
  # signal is writing or holding; one that ended had no replication to write (the wait
  # was too short for this machine: try again with a longer one).
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid"; rc=$?; took=0
    grep -q "before any replication finished" "$tmp/twice.err" && continue
    break # ended otherwise: the checks below say how
  fi
  t0=$(now_ms)
  kill -INT "$pid"
  wait "$pid"; rc=$?
  took=$(( $(now_ms) - t0 ))
  break
done
check "second signal: ended by SIGINT (status $rc)" test "$rc" = 130
check "second signal: at once (${took} ms)" test "$took" -lt 10000
check "second signal: says so" grep -q "interrupted again: stopped at once" "$tmp/twice.err"
check "second signal: nothing under the real name" test ! -e "$tmp/twice.h5"
check "second signal: no temporary file" test -z "$(compgen -G "$tmp/.twice.h5.*.tmp")"

echo "interrupt: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
