#!/usr/bin/env python3
"""bench.py — the routing benchmark: `lastmile solve` on every instance in shared/benchmarks.

Runs each instance once, one after another (one solver thread, so times are comparable),
writes every plan as a .sol, re-checks every plan with tests/check_routes.py (the
independent checker) and compares it with the best-known solution of the same objective
and distance convention. Prints one line per instance and a summary per family; --csv keeps
the per-instance rows. See README.md here for the families and why each BKS table is the
comparable one.

Stdlib only. Usually started through run.sh.
"""

import argparse
import csv
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
CHECKER = os.path.join(REPO, "tests", "check_routes.py")

# family: (instance glob dir, file suffix, objective, BKS csv, how the budget is chosen)
FAMILIES = {
    "solomon": ("solomon", ".txt", "distance", "solomon/bks_distance_real.csv"),
    "solomon-vehicles": ("solomon", ".txt", "vehicles", "solomon/bks.csv"),
    "homberger": ("homberger/vrplib_dimacs", ".vrp", "distance",
                  "homberger/bks_distance_dimacs.csv"),
    "homberger-vehicles": ("homberger", ".txt", "vehicles", "homberger/bks.csv"),
    "cvrplib": ("cvrplib", ".vrp", "distance", "cvrplib/bks.csv"),
}
DEFAULT_FAMILIES = "solomon,solomon-vehicles,homberger,cvrplib"


def read_bks(path):
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            out[row["instance"].lower()] = (int(row["vehicles"]), float(row["distance"]))
    return out


def customers(path):
    """Number of customers: from an X name (X-n101-k25: 100) or by counting lines."""
    m = re.match(r"X-n(\d+)-", os.path.basename(path))
    if m:
        return int(m.group(1)) - 1
    with open(path) as f:
        return sum(1 for _ in f)


def run_one(args, family, path, outdir):
    _, _, objective, _ = FAMILIES[family]
    name = os.path.splitext(os.path.basename(path))[0]
    sol = os.path.join(outdir, f"{family}-{name}.sol")
    cmd = [args.lastmile, "solve", path, "--objective", objective, "--seed", str(args.seed),
           "-o", sol, "-q"]
    if family == "cvrplib" and args.cvrp_ms_per_customer > 0:
        cmd += ["--time-limit-ms", str(args.cvrp_ms_per_customer * customers(path))]
    else:
        if args.iterations is not None:
            cmd += ["--iterations", str(args.iterations)]
        if args.time_limit_ms is not None:
            cmd += ["--time-limit-ms", str(args.time_limit_ms)]
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall_ms = (time.monotonic() - t0) * 1e3
    row = {"family": family, "instance": name, "vehicles": "", "distance": "",
           "time_ms": "", "wall_ms": f"{wall_ms:.0f}", "feasible": "no", "note": ""}
    if p.returncode != 0:
        row["note"] = (p.stderr.strip().splitlines() or [f"exit {p.returncode}"])[-1][:120]
        return row
    fields = p.stdout.split()
    if len(fields) != 4:
        row["note"] = f"unexpected output {p.stdout.strip()!r}"
        return row
    row["vehicles"], row["distance"], row["time_ms"] = int(fields[1]), float(fields[2]), \
        int(fields[3])
    c = subprocess.run([sys.executable, CHECKER, path, sol, "--expect-cost", fields[2]],
                       capture_output=True, text=True)
    row["feasible"] = "yes" if c.returncode == 0 else "no"
    if c.returncode != 0:
        row["note"] = c.stdout.strip()[:160]
    return row


def gap(row, bks):
    if row["distance"] == "" or bks is None:
        return None
    return 100.0 * (row["distance"] - bks[1]) / bks[1]


def summarise(family, rows, bks_table):
    n = len(rows)
    solved = [r for r in rows if r["distance"] != ""]
    gaps = [(gap(r, bks_table.get(r["instance"].lower())), r) for r in solved]
    gaps = [(g, r) for g, r in gaps if g is not None]
    feas = sum(r["feasible"] == "yes" for r in rows)
    times = [r["time_ms"] for r in solved]
    veh = sum(r["vehicles"] for r in solved)
    bks_veh = sum(bks_table[r["instance"].lower()][0] for r in solved
                  if r["instance"].lower() in bks_table)
    print(f"== {family}: {n} instances, {len(solved)} solved, {feas} feasible by the checker")
    if gaps:
        avg = sum(g for g, _ in gaps) / len(gaps)
        worst = max(gaps, key=lambda t: t[0])
        print(f"   average gap {avg:+.2f}%   worst {worst[1]['instance']} {worst[0]:+.2f}%")
    if times:
        print(f"   time_ms: average {sum(times) / len(times):.0f}, max {max(times)}, "
              f"total {sum(times) / 1000:.1f} s")
    print(f"   vehicles: total {veh} (best known {bks_veh} on the same instances)")
    return {"family": family, "instances": n, "feasible": feas,
            "avg_gap": (sum(g for g, _ in gaps) / len(gaps)) if gaps else None,
            "avg_ms": (sum(times) / len(times)) if times else None, "vehicles": veh,
            "worst": (f"{max(gaps, key=lambda t: t[0])[1]['instance']} "
                      f"{max(g for g, _ in gaps):+.2f}%") if gaps else "-",
            "bks_vehicles": bks_veh}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lastmile", default=os.path.join(REPO, "build-release", "lastmile"))
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared", "benchmarks"))
    ap.add_argument("--families", default=DEFAULT_FAMILIES,
                    help=f"comma list from {','.join(FAMILIES)} (default {DEFAULT_FAMILIES})")
    ap.add_argument("--only", help="regular expression: run only matching instance names")
    ap.add_argument("--iterations", type=int, help="passed to solve (default: its own)")
    ap.add_argument("--time-limit-ms", type=int, help="passed to solve")
    ap.add_argument("--cvrp-ms-per-customer", type=int, default=10,
                    help="CVRPLIB budget: --time-limit-ms n x this (0: the budget above)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=None, help="where the .sol files go (default: a temp dir)")
    ap.add_argument("--csv", help="write the per-instance rows here")
    args = ap.parse_args(argv)
    if not os.access(args.lastmile, os.X_OK):
        print(f"bench: no lastmile command at {args.lastmile} (use --lastmile)", file=sys.stderr)
        return 2
    if not os.path.isdir(args.shared):
        print(f"bench: no benchmark folder at {args.shared} (use --shared)", file=sys.stderr)
        return 2
    outdir = args.out or os.path.join("/tmp", f"lastmile-bench-{os.getpid()}")
    os.makedirs(outdir, exist_ok=True)
    only = re.compile(args.only) if args.only else None
    all_rows, summaries = [], []
    for family in args.families.split(","):
        if family not in FAMILIES:
            print(f"bench: unknown family {family!r}", file=sys.stderr)
            return 2
        sub, suffix, objective, bks_csv = FAMILIES[family]
        bks_table = read_bks(os.path.join(args.shared, bks_csv))
        folder = os.path.join(args.shared, sub)
        files = sorted((f for f in os.listdir(folder) if f.endswith(suffix)),
                       key=lambda f: [int(t) if t.isdigit() else t.lower()
                                      for t in re.split(r"(\d+)", f)])
        if only:
            files = [f for f in files if only.search(f)]
        rows = []
        print(f"{'family':18} {'instance':12} {'veh':>4} {'bks_veh':>7} {'distance':>11} "
              f"{'bks':>11} {'gap%':>7} {'time_ms':>8} feasible")
        for f in files:
            row = run_one(args, family, os.path.join(folder, f), outdir)
            b = bks_table.get(row["instance"].lower())
            g = gap(row, b)
            row["bks_vehicles"], row["bks_distance"] = (b if b else ("", ""))
            row["gap_pct"] = "" if g is None else f"{g:.3f}"
            dist = f"{row['distance']:.2f}" if row["distance"] != "" else "-"
            print(f"{family:18} {row['instance']:12} {row['vehicles']!s:>4} "
                  f"{row['bks_vehicles']!s:>7} {dist:>11} {row['bks_distance']!s:>11} "
                  f"{(f'{g:+.2f}' if g is not None else '-'):>7} {row['time_ms']!s:>8} "
                  f"{row['feasible']} {row['note']}", flush=True)
            rows.append(row)
        summaries.append(summarise(family, rows, bks_table))
        all_rows += rows
    print("\n== summary")
    print(f"{'family':18} {'n':>3} {'feasible':>8} {'avg gap%':>9} {'avg ms':>8} {'vehicles':>8} "
          f"{'bks veh':>8}  worst")
    for s in summaries:
        ag = f"{s['avg_gap']:+.2f}" if s["avg_gap"] is not None else "-"
        am = f"{s['avg_ms']:.0f}" if s["avg_ms"] is not None else "-"
        print(f"{s['family']:18} {s['instances']:>3} {s['feasible']:>8} {ag:>9} {am:>8} "
              f"{s['vehicles']:>8} {s['bks_vehicles']:>8}  {s['worst']}")
    if args.csv:
        keys = ["family", "instance", "vehicles", "bks_vehicles", "distance", "bks_distance",
                "gap_pct", "time_ms", "wall_ms", "feasible", "note"]
        with open(args.csv, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=keys, extrasaction="ignore")
            w.writeheader()
            w.writerows(all_rows)
    bad = sum(r["feasible"] != "yes" for r in all_rows)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
