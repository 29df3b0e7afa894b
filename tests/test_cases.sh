#!/usr/bin/env bash
# The case studies of scenarios/cases/ run, at 2 replications of a shortened week: both
# validate, scenarios/cases/validate.py runs them and prints its side-by-side tables, the
# stops and cost KPIs are in every results file and finite, and reading the files again
# (--no-run) prints the same tables.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
for f in "$LM_SOURCE_DIR"/scenarios/cases/*.yaml; do
  "$LASTMILE" validate "$f" >/dev/null || fail "$(basename "$f") does not validate"
done
# Monday to Friday, two warm-up days: three working days counted.
/usr/bin/python3 "$LM_SOURCE_DIR/scenarios/cases/validate.py" "$(dirname "$LASTMILE")" -r 2 \
  --set scenario.days=5 --out "$tmp/cases" >"$tmp/tables.md" 2>"$tmp/err" ||
  { cat "$tmp/err" >&2; fail "validate.py exited with $?"; }
for row in '### Amsterdam, De Pijp (2 replications, 3 working days counted)' \
           '| home delivery: stops | 1,475 |' '| home delivery: cost (EUR) | 3,210 |' \
           '| parcel lockers: cost (EUR) | 2,704 |' '| parcel lockers: home stops (one day' \
           '### Antwerp (2 replications, 3 working days counted)' \
           '| external costs of van delivery / operational costs, current-state | 18–28% |' \
           '| cargo-bikes against current-state: external costs | lower |' \
           '| combination | '; do
  grep -qF -- "$row" "$tmp/tables.md" || { cat "$tmp/tables.md" >&2; fail "no row '$row'"; }
done
/usr/bin/python3 - "$tmp/cases" <<'PY' || fail "a KPI is missing or not finite"
import sys, h5py, numpy as np
for name, strategies in (("amsterdam-de-pijp", 2), ("antwerp", 4), ("antwerp-small-lsp", 1)):
    with h5py.File(f"{sys.argv[1]}/{name}.h5", "r") as f:
        for k in ("stops", "cost_total", "cost_per_parcel", "external_cost_eur"):
            v = f[k][()]
            assert v.shape == (strategies, 2), (name, k, v.shape)
            assert np.all(np.isfinite(v)), (name, k, v)
            assert np.all(v > 0), (name, k, v)
            assert np.all(np.isfinite(f["daily/" + k][()])), (name, k)
        # Every counted day (Wednesday to Friday) is a working day with rounds: stops on each.
        assert np.all(f["daily/stops"][()] > 0), (name, f["daily/stops"][()])
PY
/usr/bin/python3 "$LM_SOURCE_DIR/scenarios/cases/validate.py" "$(dirname "$LASTMILE")" --no-run \
  --out "$tmp/cases" >"$tmp/again.md" 2>"$tmp/err" || { cat "$tmp/err" >&2; fail "--no-run"; }
cmp -s "$tmp/tables.md" "$tmp/again.md" || fail "--no-run printed other tables"
echo "case studies: ok"
