#!/usr/bin/env bash
# `lastmile solve` end to end: C101 solved feasibly (by the independent checker) within 1%
# of the best known 828.94; RC101, an X instance and the DIMACS .vrp form solved feasibly;
# the printed line and the .sol agree; the same seed gives the same .sol; every malformed
# instance is refused with exit 2 and a file:line message; usage errors exit 2.
# The instances are copies in tests/fixtures/instances (see the README there).
. "$LM_SOURCE_DIR/tests/lib.sh"
fx="$LM_SOURCE_DIR/tests/fixtures/instances"
checker=("${PYTHON:-python3}" "$LM_SOURCE_DIR/tests/check_routes.py")
# within A B PCT: A is at most PCT percent above B.
within() { awk -v a="$1" -v b="$2" -v p="$3" 'BEGIN { exit !(a <= b * (1 + p / 100) + 1e-9) }'; }

for f in C101.txt RC101.txt X-n101-k25.vrp; do
  check "$f exists" test -s "$fx/$f"
done

# C101: feasible, within 1% of 828.94, and the printed line matches the .sol.
check "solve C101 exits 0" \
  test "$(code "$LASTMILE" solve "$fx/C101.txt" --seed 1 -o "$tmp/c101.sol")" = 0
cp "$tmp/out" "$tmp/c101.line"
check "one line: instance vehicles distance time_ms" \
  grep -Eq '^C101 [0-9]+ [0-9]+\.[0-9]{2} [0-9]+$' "$tmp/c101.line"
read -r _ veh dist _ <"$tmp/c101.line" || true
check "C101 at most 25 vehicles" test "${veh:-99}" -le 25
check "C101 .sol written" test -s "$tmp/c101.sol"
check "C101 feasible by the checker, Cost line and printed distance agree" \
  "${checker[@]}" "$fx/C101.txt" "$tmp/c101.sol" --expect-cost "${dist:-0}"
check "C101 within 1% of 828.94 (got ${dist:-none})" within "${dist:-1e9}" 828.94 1
check "C101 .sol route count equals printed vehicles" \
  test "$(grep -c '^Route #' "$tmp/c101.sol")" = "${veh:-x}"

# Same seed, same routes.
check "solve C101 again" \
  test "$(code "$LASTMILE" solve "$fx/C101.txt" --seed 1 -o "$tmp/c101b.sol")" = 0
check "same seed gives an identical .sol" cmp -s "$tmp/c101.sol" "$tmp/c101b.sol"

# Other families: feasible plans, never more vehicles than allowed.
for spec in "RC101.txt" "X-n101-k25.vrp" "C101.vrp" "tiny.txt" "tiny.vrp" "tiny-tw.vrp"; do
  check "solve $spec exits 0" test "$(code "$LASTMILE" solve "$fx/$spec" -o "$tmp/s.sol")" = 0
  check "$spec feasible by the checker" "${checker[@]}" "$fx/$spec" "$tmp/s.sol"
done
check "solve X-n101-k25 --iterations 0" \
  test "$(code "$LASTMILE" solve "$fx/X-n101-k25.vrp" --iterations 0 -o "$tmp/x.sol")" = 0
check "X cost line is whole" grep -Eq '^Cost [0-9]+$' "$tmp/x.sol"
check "--objective vehicles" \
  test "$(code "$LASTMILE" solve "$fx/tiny.txt" --objective vehicles -o "$tmp/v.sol")" = 0
check "--objective vehicles feasible" "${checker[@]}" "$fx/tiny.txt" "$tmp/v.sol"
check "--distance trunc1 on a Solomon file" \
  test "$(code "$LASTMILE" solve "$fx/tiny.txt" --distance trunc1 -o "$tmp/t.sol")" = 0
check "trunc1 plan feasible under trunc1" \
  "${checker[@]}" "$fx/tiny.txt" "$tmp/t.sol" --distance trunc1
check "one vehicle for 70 parcels of capacity 50: exit 1" \
  test "$(code "$LASTMILE" solve "$fx/tiny-one-vehicle.txt" -o "$tmp/one.sol")" = 1
check "unserved customers are named" grep -q "left unserved with 1 vehicles" "$tmp/err"
check "no .sol for a failed solve" test ! -e "$tmp/one.sol"
check "--time-limit-ms" test "$(code "$LASTMILE" solve "$fx/tiny.txt" --time-limit-ms 50)" = 0

# The checker itself: the DIMACS and CVRPLIB best-known solutions pass with their costs; a
# broken solution fails.
check "checker accepts the C101 DIMACS optimum" \
  "${checker[@]}" "$fx/C101.vrp" "$fx/C101-dimacs.sol" --expect-cost 827.3
check "checker accepts the X-n101-k25 optimum" \
  "${checker[@]}" "$fx/X-n101-k25.vrp" "$fx/X-n101-k25.sol" --expect-cost 27591
sed '1s/ 5 / /' "$fx/C101-dimacs.sol" >"$tmp/broken.sol"
check "checker rejects a missing customer" \
  test "$(code "${checker[@]}" "$fx/C101.vrp" "$tmp/broken.sol")" = 1
check "checker says infeasible" grep -q '^infeasible' "$tmp/out"
check "checker rejects a wrong cost" \
  test "$(code "${checker[@]}" "$fx/X-n101-k25.vrp" "$fx/X-n101-k25.sol" --expect-cost 27000)" = 1
check "checker: bad input is 2" test "$(code "${checker[@]}" "$fx/bad/empty.txt" "$tmp/x.sol")" = 2
check "checker: negative demand is bad input" \
  test "$(code "${checker[@]}" "$fx/bad/vrp-negative-demand.vrp" "$tmp/x.sol")" = 2
check "checker: window closing before it opens is bad input" \
  test "$(code "${checker[@]}" "$fx/bad/solomon-due-before-ready.txt" "$tmp/x.sol")" = 2

# Malformed instances: exit 2, one file:line message, nothing written.
for f in "$fx"/bad/*; do
  b=$(basename "$f")
  check "$b exits 2" test "$(code "$LASTMILE" solve "$f" -o "$tmp/bad.sol")" = 2
  check "$b says file:line: error: expected" grep -Eq "^$f:[0-9]+: error: expected" "$tmp/err"
  check "$b prints nothing on stdout" test ! -s "$tmp/out"
  check "$b writes no .sol" test ! -e "$tmp/bad.sol"
done
check "missing file exits 2" test "$(code "$LASTMILE" solve "$tmp/none.vrp")" = 2
check "missing file names it" grep -q "none.vrp" "$tmp/err"

# Usage.
check "solve --help exits 0" test "$(code "$LASTMILE" solve --help)" = 0
check "help names --time-limit-ms" grep -q -- "--time-limit-ms" "$tmp/out"
check "no instance is a usage error" test "$(code "$LASTMILE" solve)" = 2
check "unknown option" test "$(code "$LASTMILE" solve "$fx/tiny.txt" --bogus)" = 2
check "bad --objective" test "$(code "$LASTMILE" solve "$fx/tiny.txt" --objective cost)" = 2
check "bad --distance" test "$(code "$LASTMILE" solve "$fx/tiny.txt" --distance manhattan)" = 2
check "bad --seed" test "$(code "$LASTMILE" solve "$fx/tiny.txt" --seed x1)" = 2
check "bad --iterations" test "$(code "$LASTMILE" solve "$fx/tiny.txt" --iterations -3)" = 2
check "two instances" test "$(code "$LASTMILE" solve "$fx/tiny.txt" "$fx/tiny.vrp")" = 2
check "output in a missing directory: refused before solving (exit 2)" \
  test "$(code "$LASTMILE" solve "$fx/tiny.txt" -o "$tmp/no/such/dir/x.sol")" = 2
check "output in a missing directory: says which" grep -q "directory '$tmp/no/such/dir' does not exist" "$tmp/err"

finish test_solve
