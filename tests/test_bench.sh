#!/usr/bin/env bash
# `lastmile bench` end to end on a small benchmark folder the test builds from the
# instances in tests/fixtures/instances (so it needs nothing outside the repository):
# the table's and the CSV's headers and rows, every gap equal to 100 (d - bks) / bks of
# the printed numbers, the summary against the rows, the median over seeds, the same plan
# as `lastmile solve` for the same seed and budget, an infeasible instance reported as a
# row (exit 1), bad input refused before solving (exit 2), an interruption that still
# reports the runs done; and `lastmile solve --format text|csv|json`.
. "$LM_SOURCE_DIR/tests/lib.sh"
fx="$LM_SOURCE_DIR/tests/fixtures/instances"
py=${PYTHON:-python3}

# The folder: the layout of shared/benchmarks (tests/bench/routing/README.md), with two
# Solomon instances, one CVRPLIB X instance and their best-known rows. C101 10 / 828.94 and
# RC101 16 / 1643.41 (distance) and 14 / 1696.95 (vehicles first) are the published
# Solomon figures; the X row is read from the best-known .sol in the fixtures.
bm="$tmp/bm"
mkdir -p "$bm/solomon" "$bm/cvrplib" "$bm/homberger/vrplib_dimacs"
cp "$fx/C101.txt" "$fx/RC101.txt" "$fx/tiny.txt" "$fx/tiny-one-vehicle.txt" "$bm/solomon/"
cp "$fx/X-n101-k25.vrp" "$bm/cvrplib/"
printf 'instance,vehicles,distance,source_note\nC101,10,828.94,"Solomon, published"\nRC101,16,1643.41,published\n' \
  >"$bm/solomon/bks_distance_real.csv"
printf 'instance,vehicles,distance,source_note\nc101,10,828.94,published\nrc101,14,1696.95,published\n' \
  >"$bm/solomon/bks.csv"
x_routes=$(grep -c '^Route #' "$fx/X-n101-k25.sol")
x_cost=$(awk '/^Cost/ { print $2 }' "$fx/X-n101-k25.sol")
printf 'instance,vehicles,distance\nX-n101-k25,%s,%s\n' "$x_routes" "$x_cost" >"$bm/cvrplib/bks.csv"
printf 'instance,vehicles,distance\n' >"$bm/homberger/bks_distance_dimacs.csv"

only='^(C101|RC101|X-n101-k25)\.'
small=(--dir "$bm" --only "$only" --families solomon,solomon-vehicles,cvrplib --iterations 200
  --cvrp-ms-per-customer 0)

# The table.
check "bench exits 0" test "$(code "$LASTMILE" bench "${small[@]}" --csv "$tmp/rows.csv")" = 0
cp "$tmp/out" "$tmp/table"
check "table header" test "$(head -1 "$tmp/table" | tr -s ' ')" = \
  "family instance seed vehicles bks_vehicles distance bks_distance gap_pct time_ms note"
# The rows: from the header to the blank line before the summary.
awk 'NR > 1 && $0 == "" { exit } NR > 1' "$tmp/table" >"$tmp/rows"
check "five rows (2 + 2 Solomon, 1 X)" test "$(wc -l <"$tmp/rows")" = 5
check "rows in family order" test "$(awk '{ printf "%s/%s ", $1, $2 }' "$tmp/rows")" = \
  "solomon/C101 solomon/RC101 solomon-vehicles/C101 solomon-vehicles/RC101 cvrplib/X-n101-k25 "
check "every row seed 1, no note" awk '$3 != 1 || NF != 9 { bad = 1 } END { exit bad }' "$tmp/rows"
check "best-known columns from the tables" test "$(awk '{ printf "%s %s;", $5, $7 }' "$tmp/rows")" = \
  "10 828.94;16 1643.41;10 828.94;14 1696.95;$x_routes $x_cost;"
# The table shows 2 decimals of the distance and of the gap: the gap of the printed numbers
# may differ from the printed gap by half a unit of each.
gap_ok() { # gap_ok FILE GAPCOL DISTCOL BKSCOL GAPDECIMALS
  awk -F"${6:- }" -v g="$2" -v d="$3" -v b="$4" -v dec="$5" '
    { want = 100 * ($d - $b) / $b; tol = 0.5 * 10 ^ -dec + 100 * 0.005 / $b + 1e-9
      diff = $g - want; if (diff < 0) diff = -diff
      if ($g == "" || $g == "-" || diff > tol) { print "gap " $g " of " $d " vs " $b > "/dev/stderr"; bad = 1 } }
    END { exit bad }' "$1"
}
check "table gaps are 100 (d - bks) / bks" gap_ok "$tmp/rows" 8 6 7 2
check "summary follows" grep -q '^== summary$' "$tmp/table"
sed -n '/^== summary$/,$p' "$tmp/table" | tail -n +2 >"$tmp/summary"
check "summary header" test "$(head -1 "$tmp/summary" | tr -s ' ')" = \
  "family instances solved mean_gap_pct worst_gap_pct worst_instance mean_time_ms vehicles bks_vehicles"
check "one summary line per family" test "$(tail -n +2 "$tmp/summary" | awk '{ printf "%s ", $1 }')" = \
  "solomon solomon-vehicles cvrplib "
# Each family's summary against its rows: instances, solved, mean and worst gap (within
# rounding), vehicle totals.
check "summary agrees with the rows" awk '
  NR == FNR { n[$1]++; g[$1] += $8; v[$1] += $4; bv[$1] += $5
              if (!($1 in w) || $8 > w[$1]) { w[$1] = $8; wi[$1] = $2 }; next }
  FNR > 1 { f = $1; d = $4 - g[f] / n[f]; if (d < 0) d = -d
            if ($2 != n[f] || $3 != n[f] || d > 0.011 || $5 != sprintf("%+.2f", w[f]) ||
                $6 != wi[f] || $8 != v[f] || $9 != bv[f]) { print "summary: " $0 > "/dev/stderr"; bad = 1 } }
  END { exit bad }' "$tmp/rows" "$tmp/summary"

# The CSV file: a header and the same five rows.
check "csv header" test "$(head -1 "$tmp/rows.csv")" = \
  "family,instance,seed,vehicles,bks_vehicles,distance,bks_distance,gap_pct,time_ms,feasible,unserved"
check "csv has five rows" test "$(tail -n +2 "$tmp/rows.csv" | wc -l)" = 5
tail -n +2 "$tmp/rows.csv" >"$tmp/csvrows"
check "csv gaps are 100 (d - bks) / bks" gap_ok "$tmp/csvrows" 8 6 7 4 ,
check "csv rows are the table's" test "$(awk -F, '{ printf "%s %s %s %s;", $1, $2, $4, $6 }' "$tmp/csvrows")" = \
  "$(awk '{ printf "%s %s %s %s;", $1, $2, $4, $6 }' "$tmp/rows")"
check "csv: every plan feasible" awk -F, '$10 != "yes" || $11 != 0 { bad = 1 } END { exit bad }' "$tmp/csvrows"

# The same plan as `lastmile solve` with the same seed and budget.
for spec in "solomon C101.txt distance" "solomon-vehicles RC101.txt vehicles" \
  "cvrplib X-n101-k25.vrp distance"; do
  read -r fam file obj <<<"$spec"
  line=$("$LASTMILE" solve "$fx/$file" --seed 1 --iterations 200 --objective "$obj")
  read -r _ sveh sdist _ <<<"$line"
  check "$fam ${file%.*}: bench and solve agree" test \
    "$(awk -v f="$fam" -v i="${file%.*}" '$1 == f && $2 == i { print $4, $6 }' "$tmp/rows")" = \
    "$sveh $sdist"
done

# --sol-dir: each plan as a .sol the independent checker accepts at the printed distance.
mkdir "$tmp/sols"
check "--sol-dir exits 0" test "$(code "$LASTMILE" bench "${small[@]}" --sol-dir "$tmp/sols")" = 0
check "--sol-dir: five .sol files" test "$(ls "$tmp/sols" | wc -l)" = 5
while read -r fam inst _ _ _ dist _; do
  case $fam in cvrplib) file="$bm/cvrplib/$inst.vrp" ;; *) file="$bm/solomon/$inst.txt" ;; esac
  check "$fam $inst: .sol feasible at $dist" "$py" "$LM_SOURCE_DIR/tests/check_routes.py" \
    "$file" "$tmp/sols/$fam-$inst-1.sol" --expect-cost "$dist"
done <"$tmp/rows"
bad_sol_dir=$(code "$LASTMILE" bench "${small[@]}" --sol-dir "$tmp/none")
check "--sol-dir must exist" test "$bad_sol_dir" = 2
# tests/bench/routing/bench.py: the command, then the checker on every plan.
check "bench.py exits 0" test "$(code "$py" "$LM_SOURCE_DIR/tests/bench/routing/bench.py" \
  --lastmile "$LASTMILE" --shared "$bm" --only "$only" --families solomon,cvrplib \
  --iterations 50 --cvrp-ms-per-customer 0)" = 0
check "bench.py: every plan checked" test "$(grep -c 'plans feasible by the checker' "$tmp/out")" = 2
check "bench.py: 2/2 Solomon plans feasible" grep -Eq '^solomon +2/2 plans feasible' "$tmp/out"

# --format csv and json.
check "--format csv exits 0" test "$(code "$LASTMILE" bench "${small[@]}" --format csv)" = 0
check "--format csv: header and five rows" \
  test "$(head -1 "$tmp/out"),$(wc -l <"$tmp/out")" = "$(head -1 "$tmp/rows.csv"),6"
check "--format json exits 0" test "$(code "$LASTMILE" bench "${small[@]}" --format json)" = 0
check "--format json parses: 5 runs, 3 families, complete" "$py" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["runs"]) == 5 and d["medians"] == [] and d["complete"] is True
assert [s["family"] for s in d["summary"]] == ["solomon", "solomon-vehicles", "cvrplib"]
for r in d["runs"]:
    assert r["feasible"] and abs(r["gap_pct"] - 100 * (r["distance"] - r["bks_distance"]) / r["bks_distance"]) < 1e-3
' "$tmp/out"

# Several seeds: three rows and their median.
check "--seeds 3 exits 0" test "$(code "$LASTMILE" bench --dir "$bm" --families solomon \
  --only '^RC101\.' --seeds 3 --iterations 100)" = 0
awk 'NR > 1 && $0 == "" { exit } NR > 1' "$tmp/out" >"$tmp/seeds"
check "seeds 1, 2, 3 then the median" test "$(awk '{ printf "%s ", $3 }' "$tmp/seeds")" = "1 2 3 median "
check "median row: the median distance of the three" awk '
  $3 != "median" { d[++n] = $6; next }
  { a = d[1]; b = d[2]; c = d[3]
    m = (a <= b) ? ((b <= c) ? b : (a <= c ? c : a)) : ((a <= c) ? a : (b <= c ? c : b))
    exit !($6 == m) }' "$tmp/seeds"
check "--seeds list with a range" test "$(code "$LASTMILE" bench --dir "$bm" --families solomon \
  --only '^C101\.' --seeds 2,5-6 --iterations 50 --format csv)" = 0
check "seeds 2, 5, 6" test "$(tail -n +2 "$tmp/out" | cut -d, -f3 | tr '\n' ' ')" = "2 5 6 "

# An instance without a best-known row has no gap; one that cannot be served is an
# infeasible row and exit 1.
check "tiny: no best-known row, exit 0" test "$(code "$LASTMILE" bench --dir "$bm" \
  --families solomon --only '^tiny\.' --iterations 50)" = 0
check "tiny: gap and bks are -" awk 'NR == 2 { exit !($5 == "-" && $7 == "-" && $8 == "-") }' "$tmp/out"
check "unservable instance: exit 1" test "$(code "$LASTMILE" bench --dir "$bm" \
  --families solomon --only '^tiny-one' --iterations 50 --csv "$tmp/inf.csv")" = 1
check "unservable instance: an infeasible row" grep -Eq '^solomon +tiny-one-vehicle .*infeasible: [0-9]+ unserved' "$tmp/out"
check "unservable instance: summary says 0 solved" \
  awk '/^== summary/ { s = 1; next } s && $1 == "solomon" { exit !($2 == 1 && $3 == 0) }' "$tmp/out"
check "unservable instance: csv feasible=no" grep -q ',no,[1-9][0-9]*$' "$tmp/inf.csv"

# The benchmark folder: LASTMILE_BENCHMARKS, ../shared/benchmarks, or an error.
check "LASTMILE_BENCHMARKS" test "$(LASTMILE_BENCHMARKS="$bm" code "$LASTMILE" bench \
  --families solomon --only '^C101\.' --iterations 10 --format csv)" = 0
mkdir -p "$tmp/nowhere/here"
check "no folder: exit 2" test "$(cd "$tmp/nowhere/here" && env -u LASTMILE_BENCHMARKS \
  "$LASTMILE" bench >"$tmp/out" 2>"$tmp/err"; echo $?)" = 2
check "no folder: says pass --dir" grep -q "pass --dir" "$tmp/err"
mkdir -p "$tmp/nowhere/shared" && ln -s "$bm" "$tmp/nowhere/shared/benchmarks"
check "../shared/benchmarks by default" test "$(cd "$tmp/nowhere/here" && env -u LASTMILE_BENCHMARKS \
  "$LASTMILE" bench --families solomon --only '^C101\.' --iterations 10 --format csv | wc -l)" = 2

# Bad input is refused before anything is solved: exit 2, nothing on stdout.
bad() { # bad NAME PATTERN ARGS...: exit 2, the message matches, stdout empty
  local name=$1 pattern=$2; shift 2
  check "$name: exit 2" test "$(code "$LASTMILE" bench "$@")" = 2
  check "$name: says so" grep -Eq -- "$pattern" "$tmp/err"
  check "$name: nothing on stdout" test ! -s "$tmp/out"
}
bad "unknown family" "unknown family 'nope'" --dir "$bm" --families solomon,nope
bad "family twice" "given twice" --dir "$bm" --families solomon,solomon
bad "missing folder" "nowhere/solomon: error: cannot open the folder" --dir "$tmp/nowhere"
bad "no instance matches" "no instance to run" --dir "$bm" --families solomon --only 'zzz'
bad "bad regex" "--only" --dir "$bm" --only '('
bad "seeds 0" "--seeds" --dir "$bm" --seeds 0
bad "seeds twice" "seed 2 given twice" --dir "$bm" --seeds 1-3,2
bad "seeds not a number" "--seeds" --dir "$bm" --seeds 1,x
bad "bad format" "--format" --dir "$bm" --format xml
bad "unknown option" "unknown option" --dir "$bm" --bogus
bad "positional argument" "unexpected argument" --dir "$bm" C101.txt
cp -r "$bm" "$tmp/bm2"
printf 'instance,vehicles,distance\nC101,ten,828.94\n' >"$tmp/bm2/solomon/bks_distance_real.csv"
bad "malformed best-known row" "bks_distance_real.csv:2:1: error: expected" --dir "$tmp/bm2" --families solomon
printf 'name,veh,dist\n' >"$tmp/bm2/solomon/bks_distance_real.csv"
bad "malformed best-known header" "bks_distance_real.csv:1:1: error: expected the header" --dir "$tmp/bm2" --families solomon
rm "$tmp/bm2/solomon/bks_distance_real.csv"
bad "missing best-known table" "bks_distance_real.csv" --dir "$tmp/bm2" --families solomon
cp "$fx/bad/solomon-not-a-number.txt" "$bm/solomon/"
bad "malformed instance" "solomon-not-a-number.txt:[0-9]+: error: expected" --dir "$bm" --families solomon
rm "$bm/solomon/solomon-not-a-number.txt"
bad "csv in a missing folder" "does not exist" --dir "$bm" --csv "$tmp/no/such/rows.csv"

# Ctrl-C: the solve in hand stops, the runs done are reported and written, exit 1.
"$LASTMILE" bench --dir "$bm" --families solomon --only '^RC101\.' --seeds 200 \
  --iterations 5000 --csv "$tmp/int.csv" >"$tmp/int.out" 2>"$tmp/int.err" &
pid=$!
sleep 2
kill -INT "$pid"
wait "$pid"
check "interrupted: exit 1" test $? = 1
check "interrupted: says how many runs were done" grep -Eq 'interrupted: [0-9]+ of 200 runs done' "$tmp/int.err"
done_runs=$(sed -nE 's/.*interrupted: ([0-9]+) of 200 runs done.*/\1/p' "$tmp/int.err")
check "interrupted: the table has the runs done and the summary" test \
  "$(awk 'NR > 1 && $0 == "" { exit } NR > 1' "$tmp/int.out" | wc -l)" = "${done_runs:-x}"
check "interrupted: summary printed" grep -q '^== summary$' "$tmp/int.out"
check "interrupted: the csv holds the runs done" test "$(tail -n +2 "$tmp/int.csv" | wc -l)" = "${done_runs:-y}"

check "bench --help exits 0 and names --seeds" test "$(code "$LASTMILE" bench --help)" = 0
check "help names --seeds" grep -q -- "--seeds" "$tmp/out"

# solve --format.
c101="$fx/C101.txt"
check "solve text: one line" test "$(code "$LASTMILE" solve "$c101" --iterations 100 --seed 3)" = 0
check "solve text unchanged" grep -Eq '^C101 [0-9]+ [0-9]+\.[0-9]{2} [0-9]+$' "$tmp/out"
read -r _ tveh tdist _ <"$tmp/out"
check "solve csv" test "$(code "$LASTMILE" solve "$c101" --iterations 100 --seed 3 --format csv)" = 0
check "solve csv: header" test "$(head -1 "$tmp/out")" = "instance,vehicles,distance,time_ms,seed,iterations"
check "solve csv: one row, as the text" test "$(tail -n +2 "$tmp/out" | awk -F, '{ print NR, $1, $2, $3, $5, $6 }')" = \
  "1 C101 $tveh $tdist 3 100"
check "solve json" test "$(code "$LASTMILE" solve "$c101" --iterations 100 --seed 3 --format json)" = 0
check "solve json parses, as the text" "$py" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(d) == ["distance", "instance", "iterations", "seed", "time_ms", "vehicles"], d
assert d["instance"] == "C101" and d["seed"] == 3 and d["iterations"] == 100
assert d["vehicles"] == int(sys.argv[2]) and abs(d["distance"] - float(sys.argv[3])) < 1e-9
' "$tmp/out" "$tveh" "$tdist"
check "solve json, time limit only: iterations null" test "$(code "$LASTMILE" solve "$c101" \
  --time-limit-ms 20 --format json)" = 0
check "iterations null" "$py" -c 'import json, sys; assert json.load(open(sys.argv[1]))["iterations"] is None' "$tmp/out"
check "solve bad --format" test "$(code "$LASTMILE" solve "$c101" --format xml)" = 2

finish test_bench
