#!/usr/bin/env python3
"""validate.py — runs the case studies of scenarios/cases/ and prints their side-by-side
tables (paper against lastmile) as Markdown, the tables of scenarios/cases/README.md.

usage: python3 scenarios/cases/validate.py BUILD_DIR [-r N] [-j N] [--set KEY=VALUE]...
                                           [--out DIR] [--no-run]

BUILD_DIR holds the `lastmile` binary. The runs (each case at the replications its file
names unless -r; --set applies to every run) write DIR (default results/cases/):
  amsterdam-de-pijp.h5    both strategies, with the tours of the first counted day
  antwerp.h5              the four strategies
  antwerp-small-lsp.h5    current-state for a small carrier (a tenth of the parcels)
--no-run reads the files already in DIR. Every figure is the mean over replications with
the half-width of its 95% Student-t interval; differences between strategies are paired
replication by replication (the strategies saw the same customers and orders), from the
file's /comparison group where the KPI is stored there. Per-day figures are means over the
counted days on which the scenario's calendar has rounds. Exit 1 when a figure the tables
need is missing or not finite, 2 on bad usage or a failed run.

Reads HDF5 with h5py (Debian python3-h5py) and the stored scenario with PyYAML
(python3-yaml).
"""
import argparse
import datetime
import math
import os
import subprocess
import sys

import h5py
import numpy as np
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SMALL_LSP_SHARE = 0.1  # assumption: a small carrier with a tenth of the parcels (README)

# Two-sided 95% Student-t quantiles, degrees of freedom 1..30.
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


class Missing(Exception):
    """A figure the tables need is missing or not finite."""


def t975(df):
    if df < 1:
        return math.nan
    return T975[df - 1] if df <= len(T975) else 1.96 + 2.4 / df


def ci(values):
    """Mean and half-width of the 95% Student-t interval of a sample."""
    v = np.asarray(values, dtype=float)
    if v.size == 0 or not np.all(np.isfinite(v)):
        raise Missing("a sample holds NaN or is empty")
    if v.size < 2:
        return float(v.mean()), math.nan
    return float(v.mean()), t975(v.size - 1) * float(v.std(ddof=1)) / math.sqrt(v.size)


def welch(a, b):
    """Mean difference b - a of two independent samples and its 95% half-width (Welch)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    df = (va + vb) ** 2 / (va ** 2 / (a.size - 1) + vb ** 2 / (b.size - 1)) if va + vb > 0 else 1
    return float(b.mean() - a.mean()), t975(max(1, int(df))) * math.sqrt(va + vb)


class Results:
    """One results file: KPIs by strategy and replication, daily series, comparisons."""

    def __init__(self, path):
        if not os.path.exists(path):
            raise Missing(f"{path}: no such results file")
        self.path = path
        self.f = h5py.File(path, "r")
        self.strategies = [s.decode() if isinstance(s, bytes) else str(s)
                           for s in self.f["strategy"][()]]
        text = self.f["input/scenario_yaml"][()]
        sc = yaml.safe_load(text.decode() if isinstance(text, bytes) else text)
        days = (sc.get("scenario") or {}).get("delivery_days",
                                              ["mon", "tue", "wed", "thu", "fri", "sat"])
        names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        dates = [d.decode() if isinstance(d, bytes) else str(d) for d in self.f["daily/day"][()]]
        self.round_days = np.array(
            [names[datetime.date.fromisoformat(d).weekday()] in days for d in dates])
        if not self.round_days.any():
            raise Missing(f"{path}: no counted day has rounds")

    def s(self, name):
        if name not in self.strategies:
            raise Missing(f"{self.path}: no strategy '{name}'")
        return self.strategies.index(name)

    def kpi(self, name, strategy):
        if name not in self.f:
            raise Missing(f"{self.path}: no KPI '{name}'")
        v = self.f[name][self.s(strategy), :]
        if not np.all(np.isfinite(v)):
            raise Missing(f"{self.path}: KPI '{name}' of '{strategy}' is not finite")
        return v

    def per_round_day(self, name, strategy):
        """Per replication, the KPI's mean over the counted days with rounds."""
        if "daily/" + name not in self.f:
            raise Missing(f"{self.path}: no daily KPI '{name}'")
        v = self.f["daily/" + name][self.s(strategy), :, :][:, self.round_days].mean(axis=1)
        if not np.all(np.isfinite(v)):
            raise Missing(f"{self.path}: daily KPI '{name}' of '{strategy}' is not finite")
        return v

    def comparison(self, name, strategy):
        """lastmile's own paired difference (strategy - first) and its 95% interval."""
        if "comparison/" + name not in self.f:
            raise Missing(f"{self.path}: no comparison of '{name}'")
        mean, low, high = self.f["comparison/" + name][self.s(strategy), :]
        if not all(map(math.isfinite, (mean, low, high))):
            raise Missing(f"{self.path}: comparison of '{name}' is not finite")
        return float(mean), float(low), float(high)

    def route_stops(self, strategy):
        """Home stops and site stops of the logged day (replication 0), or None."""
        g = "routes/" + strategy + "/site"
        if g not in self.f:
            return None
        site = self.f[g][()]
        return int((site < 0).sum()), int((site >= 0).sum())


def fmt(x, hw=None, digits=0):
    s = f"{x:,.{digits}f}"
    if hw is not None:
        s += " ± " + ("n/a" if not math.isfinite(hw) else f"{hw:,.{digits}f}")
    return s


def point_row(figure, paper, mean, hw, digits=0, paper_digits=0):
    """A figure the paper states as a number: within the interval, or the miss in %."""
    if math.isfinite(hw) and abs(mean - paper) <= hw:
        verdict = "match (inside the interval)"
    else:
        verdict = f"miss: {100.0 * (mean - paper) / paper:+.0f}%"
    return f"| {figure} | {fmt(paper, None, paper_digits)} | {fmt(mean, hw, digits)} | {verdict} |"


def direction_row(figure, paper, mean, low, high, unit, digits=2):
    """A direction the paper reports ("lower", "higher") against a paired difference."""
    if low > 0:
        ours = "higher"
    elif high < 0:
        ours = "lower"
    else:
        ours = "no clear difference"
    verdict = "agrees" if ours == paper else ("inconclusive" if ours.startswith("no") else
                                              "disagrees")
    return (f"| {figure} | {paper} | {mean:+,.{digits}f} [{low:+,.{digits}f}, "
            f"{high:+,.{digits}f}] {unit} ({ours}) | {verdict} |")


def amsterdam(res):
    home, lock = "home-delivery", "parcel-lockers"
    out = ["| figure (per working day) | paper | lastmile (mean ± 95%) | verdict |",
           "|---|---|---|---|"]
    m, h = ci(res.per_round_day("parcels_created", home))
    out.append(point_row("parcels ordered (an input)", 1770, m, h))
    m, h = ci(res.per_round_day("stops", home))
    out.append(point_row("home delivery: stops", 1475, m, h))
    cost_home = res.per_round_day("cost_total", home)
    m, h = ci(cost_home)
    out.append(point_row("home delivery: cost (EUR)", 3210, m, h))
    m, h = ci(res.kpi("vans_used", home))
    out.append(f"| home delivery: vans (drivers) | not available here | {fmt(m, h, 1)} | — |")
    m, h = ci(res.per_round_day("stops", lock))
    out.append(point_row("parcel lockers: stops, home and locker (430 + 47)", 477, m, h))
    split = res.route_stops(lock)
    if split is not None:
        out.append(f"| parcel lockers: home stops (one day, replication 0) | 430 | {split[0]:,} "
                   f"| miss: {100.0 * (split[0] - 430) / 430:+.0f}% (one day, no interval) |")
        out.append(f"| parcel lockers: locker stops (one day, replication 0) | 47 | {split[1]:,} "
                   f"| miss: {100.0 * (split[1] - 47) / 47:+.0f}% (one day, no interval) |")
    cost_lock = res.per_round_day("cost_total", lock)
    m, h = ci(cost_lock)
    out.append(point_row("parcel lockers: cost (EUR)", 2704, m, h))
    m, h = ci(cost_home - cost_lock)  # paired: the same replication's two strategies
    out.append(point_row("saving of lockers over home delivery (EUR)", 506, m, h))
    m, h = ci(res.kpi("vans_used", lock))
    out.append(point_row("parcel lockers: vans (drivers), 3 + 3", 6, m, h, digits=1))
    m, h = ci(100.0 * res.kpi("received_locker", lock) / res.kpi("received", lock))
    out.append(f"| parcel lockers: share of parcels received at a locker | not available here "
               f"| {fmt(m, h, 1)}% | — |")
    d = res.comparison("cost_total", lock)
    out.append(direction_row("parcel lockers against home delivery: cost, all counted days",
                             "lower", *d, "EUR", 0))
    d = res.comparison("stops", lock)
    out.append(direction_row("parcel lockers against home delivery: stops, all counted days",
                             "lower", *d, "stops", 0))
    return out


def antwerp(res, small):
    cur = "current-state"
    out = ["| finding | paper | lastmile (difference, 95% interval) | verdict |",
           "|---|---|---|---|"]
    for s in (cur, "self-pick-up"):
        ratio = res.kpi("external_cost_eur", s) / res.kpi("cost_total", s)
        m, h = ci(100.0 * ratio)
        verdict = ("inside the range" if 18.0 <= m <= 28.0 else
                   f"miss: {m / (18.0 if m < 18.0 else 28.0):.2f} × the range's nearer end")
        out.append(f"| external costs of van delivery / operational costs, {s} | 18–28% | "
                   f"{fmt(m, h, 2)}% | {verdict} |")
    m, h = welch(res.kpi("cost_per_parcel", cur), small.kpi("cost_per_parcel", cur))
    out.append(direction_row(f"small carrier ({SMALL_LSP_SHARE:.0%} of the parcels) against "
                             "the whole market: operational cost per parcel", "higher", m,
                             m - h, m + h, "EUR/parcel"))
    rows = [("self-pick-up", "cost_per_parcel", "operational cost per parcel", "lower",
             "EUR/parcel"),
            ("self-pick-up", "external_cost_eur", "external costs", "higher", "EUR"),
            ("cargo-bikes", "external_cost_eur", "external costs", "lower", "EUR"),
            ("cargo-bikes", "cost_per_parcel", "operational cost per parcel", "higher",
             "EUR/parcel"),
            ("combination", "cost_per_parcel", "operational cost per parcel", "lower",
             "EUR/parcel"),
            ("combination", "external_cost_eur", "external costs", "lower", "EUR")]
    for s, k, what, paper, unit in rows:
        out.append(direction_row(f"{s} against current-state: {what}", paper,
                                 *res.comparison(k, s), unit))
    out.append("")
    out.append("| strategy | operational cost per parcel (EUR) | external costs per parcel "
               "(EUR) | of which customers' car trips (EUR/parcel) | CO2 per parcel (g) | "
               "stops a working day |")
    out.append("|---|---|---|---|---|---|")
    for s in res.strategies:
        rec = res.kpi("received", s)
        c = ci(res.kpi("cost_per_parcel", s))
        e = ci(res.kpi("external_cost_per_parcel", s))
        t = ci(res.kpi("external_customer_trips_eur", s) / rec)
        g = ci(res.kpi("co2_g_per_parcel", s))
        st = ci(res.per_round_day("stops", s))
        out.append(f"| {s} | {fmt(*c, 2)} | {fmt(*e, 3)} | {fmt(*t, 3)} | {fmt(*g, 1)} | "
                   f"{fmt(*st)} |")
    return out


def run(lastmile, scenario, out, extra, label):
    cmd = [lastmile, "run", scenario, "-o", out, "--force", "-q"] + extra
    print(f"validate.py: {label}: {' '.join(cmd)}", file=sys.stderr)
    rc = subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode
    if rc != 0:
        print(f"validate.py: {label}: lastmile exited with {rc}", file=sys.stderr)
        sys.exit(2)


def main():
    ap = argparse.ArgumentParser(description="Run the case studies and print the "
                                 "side-by-side tables of scenarios/cases/README.md.")
    ap.add_argument("build_dir", help="the folder holding the lastmile binary")
    ap.add_argument("-r", "--replications", type=int, help="replications (default: each file's)")
    ap.add_argument("-j", "--jobs", type=int, help="worker threads for lastmile run")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="an override for every run (as lastmile run --set)")
    ap.add_argument("--out", default="results/cases", help="folder of the results files")
    ap.add_argument("--no-run", action="store_true", help="read the files already in --out")
    a = ap.parse_args()
    lastmile = os.path.join(a.build_dir, "lastmile")
    files = {k: os.path.join(a.out, k + ".h5")
             for k in ("amsterdam-de-pijp", "antwerp", "antwerp-small-lsp")}
    if not a.no_run:
        if not os.access(lastmile, os.X_OK):
            print(f"validate.py: {lastmile}: not an executable lastmile", file=sys.stderr)
            sys.exit(2)
        os.makedirs(a.out, exist_ok=True)
        common = [x for s in a.set for x in ("--set", s)]
        if a.replications:
            common += ["-r", str(a.replications)]
        if a.jobs:
            common += ["-j", str(a.jobs)]
        run(lastmile, os.path.join(HERE, "amsterdam-de-pijp.yaml"), files["amsterdam-de-pijp"],
            common + ["--routes-day", "0"], "amsterdam")
        run(lastmile, os.path.join(HERE, "antwerp.yaml"), files["antwerp"], common, "antwerp")
        with open(os.path.join(HERE, "antwerp.yaml")) as f:
            ppd = yaml.safe_load(f)["demand"]["parcels_per_day"]
        run(lastmile, os.path.join(HERE, "antwerp.yaml"), files["antwerp-small-lsp"],
            common + ["--strategy", "current-state",
                      "--set", f"demand.parcels_per_day={ppd * SMALL_LSP_SHARE:g}"],
            "antwerp, small carrier")
    try:
        ams = Results(files["amsterdam-de-pijp"])
        ant = Results(files["antwerp"])
        small = Results(files["antwerp-small-lsp"])
        reps = ams.f["stops"].shape[1]
        lines = [f"### Amsterdam, De Pijp ({reps} replications, "
                 f"{int(ams.round_days.sum())} working days counted)", ""]
        lines += amsterdam(ams)
        reps = ant.f["stops"].shape[1]
        lines += ["", f"### Antwerp ({reps} replications, {int(ant.round_days.sum())} working "
                  "days counted)", ""]
        lines += antwerp(ant, small)
    except Missing as e:
        print(f"validate.py: error: {e}", file=sys.stderr)
        sys.exit(1)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
