#!/usr/bin/env bash
# Names are drawn as written, never read as gnuplot formats or enhanced text: strategy
# names '50% lockers' (was drawn '50 0.000000ockers'), '%s%n%x' (made gnuplot fail with
# "Bad format character") and 'a_b^c{d} @e ~f' (sub/superscripts, font changes in
# enhanced text), and a scenario name with '%', '{' and '_'. Every figure must draw
# (exit 0) and show each name literally in its tic labels, keys and titles.
. "$LM_SOURCE_DIR/tests/lib.sh"
fixtures="$LM_SOURCE_DIR/tests/fixtures"
# shows FILE TEXT: FILE has a text element exactly TEXT (a tic label, key entry or
# label), or with `-t`, a text element that contains TEXT (a title).
shows() {
  if [ "$1" = -t ]; then grep -qF -- "$3" "$2"; else grep -qF -- ">$2<" "$1"; fi \
    || { echo "  ${*: -1} not drawn in ${*: -2:1}" >&2; return 1; }
}

if ! command -v gnuplot >/dev/null; then
  echo "SKIP: gnuplot is not installed (apt-get install gnuplot-nox)"
  exit 0
fi

a='50% lockers'; b='%s%n%x'; c='a_b^c{d} @e ~f'; scen='100% {x}_y'
# Three strategies (lockers.yaml), 2 replications so that the diff figure is drawn.
"$LASTMILE" run "$fixtures/lockers.yaml" -o "$tmp/n.h5" -q -r 2 --parcel-log --routes-day 0 \
  --set scenario.days=2 --set "scenario.name=$scen" --set "strategies[0].name=$a" \
  --set "strategies[1].name=$b" --set "strategies[2].name=$c" >/dev/null
check "the run with hostile names succeeds" test -s "$tmp/n.h5"

d="$tmp/pics"
"$LASTMILE" plot "$tmp/n.h5" -o "$d" --format svg >"$tmp/out" 2>"$tmp/err"
check "plot exits 0" test $? = 0
check "no gnuplot error" test -z "$(grep -i 'error\|format' "$tmp/err")"
check "10 pictures (with lockers-sites)" test "$(grep -c '\.svg$' "$tmp/out")" = 10
for name in "$a" "$b" "$c"; do
  check "compare: tic label '$name'" shows "$d/compare.svg" "$name"
  check "costs: tic label '$name'" shows "$d/costs.svg" "$name"
  check "daily: key '$name'" shows "$d/daily.svg" "$name"
  check "dist: key '$name'" shows "$d/dist.svg" "$name"
  check "lockers: key '$name'" shows "$d/lockers.svg" "$name"
done
check "diff: tic label '$b'" shows "$d/diff.svg" "$b"
check "diff: tic label '$c'" shows "$d/diff.svg" "$c"
check "diff: the baseline in the title" shows -t "$d/diff.svg" "difference from '$a'"
check "routes: '$a' in the title" shows -t "$d/routes-50__lockers.svg" "strategy $a (replication 0)"
check "routes: '$b' in the title" shows -t "$d/routes-_s_n_x.svg" "strategy $b (replication 0)"
check "routes: '$c' in the title" shows -t "$d/routes-a_b_c_d___e__f.svg" "strategy $c (replication 0)"
for f in compare diff daily costs dist lockers; do
  check "$f: the scenario's name in the title" shows -t "$d/$f.svg" ">$scen: "
done
check "no mangled percent" test -z "$(grep -l '0\.000000' "$d"/*.svg)"

finish test_plot_names
