#!/usr/bin/env bash
# The MPI build: mpirun with 2 and 3 ranks gives the same datasets as one process, for a
# plain run and for a sweep, and the solvers' CPU seconds come back from the workers; a rank that fails ends the run with a message naming it and
# no file under the real name. Registered by tests/CMakeLists.txt when LASTMILE_MPI is on.
set -u
fails=0; passes=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() {
  local name=$1; shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name" >&2; fails=$((fails + 1)); fi
}
mpi=(mpirun --oversubscribe)
if [ "$(id -u)" -eq 0 ]; then mpi+=(--allow-run-as-root); fi
lockers="$LM_SOURCE_DIR/tests/fixtures/lockers.yaml"
sweep="$LM_SOURCE_DIR/tests/fixtures/sweep.yaml"

"$LASTMILE" run "$lockers" -r 5 -q -o "$tmp/one.h5" >/dev/null
"$LASTMILE" run "$sweep" -r 3 -q -o "$tmp/sweep1.h5" >/dev/null
for n in 2 3; do
  "${mpi[@]}" -n "$n" "$LASTMILE" run "$lockers" -r 5 -q -o "$tmp/mpi$n.h5" >/dev/null 2>"$tmp/err"
  check "$n ranks: exit code 0" test $? = 0
  check "$n ranks: same daily KPIs" h5diff -q "$tmp/one.h5" "$tmp/mpi$n.h5" /daily /daily
  check "$n ranks: same KPIs" h5diff -q "$tmp/one.h5" "$tmp/mpi$n.h5" /cost_total /cost_total
  check "$n ranks: same summary" h5diff -q "$tmp/one.h5" "$tmp/mpi$n.h5" /summary /summary
  for a in plans planned_km driven_km planned_stops solver_iterations; do
    check "$n ranks: same /routing/$a" h5diff -q "$tmp/one.h5" "$tmp/mpi$n.h5" /routing/$a /routing/$a
  done
  # The solvers' CPU seconds travel from the workers too: a number on every day, positive
  # exactly on the days with plans.
  check "$n ranks: /routing/solver_s filled" /usr/bin/python3 -c '
import sys, h5py
f = h5py.File(sys.argv[1], "r")
cpu, plans = f["routing/solver_s"][()].reshape(-1), f["routing/plans"][()].reshape(-1)
sys.exit(0 if all(c >= 0 and (c > 0) == (p > 0) for c, p in zip(cpu, plans)) else 1)' "$tmp/mpi$n.h5"
  "${mpi[@]}" -n "$n" "$LASTMILE" run "$sweep" -r 3 -q -o "$tmp/sweep$n.h5" >/dev/null 2>"$tmp/err"
  check "$n ranks: sweep exit code 0" test $? = 0
  check "$n ranks: same sweep" h5diff -q "$tmp/sweep1.h5" "$tmp/sweep$n.h5" /sweep /sweep
done

LASTMILE_FAULT_RANK=1 "${mpi[@]}" -n 3 -x LASTMILE_FAULT_RANK "$LASTMILE" run "$lockers" -r 5 \
  -o "$tmp/fault.h5" >/dev/null 2>"$tmp/err"
check "failing rank: non-zero exit" test $? != 0
check "failing rank: named" grep -q "rank 1: fault injected" "$tmp/err"
check "failing rank: no file" test ! -e "$tmp/fault.h5"
check "failing rank: no temporary file" test ! -e "$tmp/fault.h5.tmp"

echo "mpi: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
