# tests/bench/lib.sh — sourced by run_year.sh and run_replan.sh.
#
# bench_alternate ROUNDS FN BUILD [REF_BUILD] runs `FN BIN OUTDIR` (a shell function that
# runs one lastmile command with binary BIN, writing into OUTDIR, prefixed with
# "${BENCH_TIMER[@]}", the timer) ROUNDS times per build,
# alternating the builds round by round so that the machine's drifting speed hits both
# alike. It measures each run's wall time and peak memory with /usr/bin/time and prints,
# per build, the median of each, then (with a reference) the ratio of the median times.
# After it returns, BENCH_TIME[i] and BENCH_MEM_KB[i] hold build i's medians (0: BUILD,
# 1: REF_BUILD) and BENCH_OUT[i] the stdout of its last run.

bench_median() {
  printf '%s\n' "$@" | sort -g |
    awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

bench_alternate() {
  local rounds=$1 fn=$2; shift 2
  local builds=("$@") i r b secs kb
  [ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install time" >&2; return 2; }
  for b in "${builds[@]}"; do
    [ -x "$b/lastmile" ] || { echo "no $b/lastmile: build first (see tests/bench/README.md)" >&2; return 2; }
  done
  local tmp; tmp=$(mktemp -d)
  local -a times mems
  for r in $(seq "$rounds"); do
    for i in "${!builds[@]}"; do
      b=${builds[$i]}
      mkdir -p "$tmp/$i"
      BENCH_TIMER=(/usr/bin/time -f "%e %M" -o "$tmp/time")
      "$fn" "$b/lastmile" "$tmp/$i" \
        >"$tmp/$i/stdout" 2>"$tmp/$i/stderr" || { cat "$tmp/$i/stderr" >&2; rm -rf "$tmp"; return 1; }
      read -r secs kb <"$tmp/time"
      times[$i]="${times[$i]:-} $secs"; mems[$i]="${mems[$i]:-} $kb"
      echo "round $r, $b: $secs s, $((kb / 1024)) MB peak" >&2
    done
  done
  BENCH_TIME=(); BENCH_MEM_KB=(); BENCH_OUT=()
  for i in "${!builds[@]}"; do
    # shellcheck disable=SC2086
    BENCH_TIME[$i]=$(bench_median ${times[$i]}); BENCH_MEM_KB[$i]=$(bench_median ${mems[$i]})
    BENCH_OUT[$i]=$(cat "$tmp/$i/stdout")
    awk -v b="${builds[$i]}" -v t="${BENCH_TIME[$i]}" -v m="${BENCH_MEM_KB[$i]}" -v n="$rounds" \
      'BEGIN {printf "  %-30s %8.2f s  %7.1f MB peak  (median of %d)\n", b, t, m / 1024, n}'
  done
  if [ "${#builds[@]}" -gt 1 ]; then
    awk -v a="${BENCH_TIME[0]}" -v b="${BENCH_TIME[1]}" -v c="${BENCH_MEM_KB[0]}" -v d="${BENCH_MEM_KB[1]}" \
      'BEGIN {printf "  ratio build / reference: time %.3f, peak memory %.3f\n", a / b, c / d}'
  fi
  rm -rf "$tmp"
}
