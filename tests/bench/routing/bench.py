#!/usr/bin/env python3
"""bench.py — `lastmile bench`, with every plan re-checked by the independent checker.

`lastmile bench` does the benchmark itself (the runs, the gaps to the best-known
solutions, the per-family summary; see README.md here). This script adds what the command
deliberately does not do: it asks the command for every served plan as a .sol file
(--sol-dir) and re-checks each one with tests/check_routes.py, which shares no code with
lastmile (coverage, capacity, windows, return to the depot, vehicle limit, and the
printed distance as --expect-cost). It prints the command's table, then one verdict per
family, and exits 1 when the command did (a plan left customers out, a solve failed) or
any plan fails the check.

Options other than those below are passed to `lastmile bench` as they are (--families,
--only, --seeds, --iterations, --time-limit-ms, --cvrp-ms-per-customer, --csv).

Stdlib only. Usually started through run.sh.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
CHECKER = os.path.join(REPO, "tests", "check_routes.py")

# family: (folder under the benchmark folder, file suffix), as in sim/cli/bench_data.c.
FAMILIES = {
    "solomon": ("solomon", ".txt"),
    "solomon-vehicles": ("solomon", ".txt"),
    "homberger": ("homberger/vrplib_dimacs", ".vrp"),
    "homberger-vehicles": ("homberger", ".txt"),
    "cvrplib": ("cvrplib", ".vrp"),
}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lastmile", default=os.path.join(REPO, "build-release", "lastmile"))
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared", "benchmarks"),
                    help="the benchmark folder (lastmile bench --dir)")
    ap.add_argument("--seed", help="one seed (lastmile bench --seeds S-S)")
    ap.add_argument("--out", help="keep the .sol files here (default: a temporary folder)")
    args, rest = ap.parse_known_args(argv)
    if not os.access(args.lastmile, os.X_OK):
        print(f"bench: no lastmile command at {args.lastmile} (use --lastmile)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="lastmile-bench-") as tmp:
        sol_dir = args.out or tmp
        os.makedirs(sol_dir, exist_ok=True)
        rows_csv = os.path.join(tmp, "rows.csv")
        cmd = [args.lastmile, "bench", "--dir", args.shared, "--sol-dir", sol_dir,
               "--csv", rows_csv] + (["--seeds", f"{args.seed}-{args.seed}"] if args.seed else []) \
            + rest
        rc = subprocess.run(cmd).returncode
        if rc == 2 or not os.path.exists(rows_csv):
            return 2
        with open(rows_csv, newline="") as f:
            rows = list(csv.DictReader(f))
        print("\n== independent check (tests/check_routes.py)")
        bad = 0
        verdicts = {}
        for r in rows:
            fam = r["family"]
            ok = r["feasible"] == "yes"
            if ok:
                folder, suffix = FAMILIES[fam]
                inst = os.path.join(args.shared, folder, r["instance"] + suffix)
                sol = os.path.join(sol_dir, f"{fam}-{r['instance']}-{r['seed']}.sol")
                c = subprocess.run([sys.executable, CHECKER, inst, sol, "--expect-cost",
                                    r["distance"]], capture_output=True, text=True)
                ok = c.returncode == 0
                if not ok:
                    print(f"{fam} {r['instance']} seed {r['seed']}: {c.stdout.strip()[:160]}")
            bad += not ok
            n, good = verdicts.get(fam, (0, 0))
            verdicts[fam] = (n + 1, good + ok)
        for fam, (n, good) in verdicts.items():
            print(f"{fam:18} {good}/{n} plans feasible by the checker")
    return 1 if bad or rc else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
