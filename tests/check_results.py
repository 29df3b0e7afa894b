"""Reads every dataset of a lastmile results file with h5py and checks the layout.

usage: check_results.py FILE REPLICATIONS COUNTED_DAYS STRATEGIES [FIRST_DATE [PEAK_DATE]]
FIRST_DATE: the date of the first counted day; PEAK_DATE: a counted day whose orders
(the mean over replications) must be the most of all days.
Prints "h5py: N passed, M failed" and exits 1 when anything is wrong.
"""
import datetime
import math
import sys

import h5py

from checks import Checks

KPIS = ["parcels_created", "received", "first_attempts", "first_attempt_successes",
        "first_attempt_success_rate", "received_home",
        "received_door", "received_locker", "received_pickup_point", "attempts",
        "failed_attempts", "redeliveries", "returned", "stolen", "stolen_value",
        "pending_at_end", "parcels_due", "on_time_rate", "backlog_end",
        "backlog_growth_per_day", "oldest_parcel_age_d", "order_to_receipt_p95_h",
        "stops_unserved", "stops_unserved_idle", "left_unattended", "mean_lateness_s", "van_km", "van_hours",
        "overtime_hours", "vans_used", "cost_total", "cost_per_parcel", "co2_kg",
        "co2_g_per_parcel", "locker_utilization", "locker_overflow",
        "mean_order_to_receipt_h", "cost_vehicles", "cost_distance", "cost_driver",
        "cost_lockers", "cost_theft", "cost_returns", "cost_notifications", "cost_restock",
        "reshipments", "eta_messages", "driver_hours", "driver_overtime_hours",
        "restock_trips", "sites_used", "customer_trip_km", "customer_trip_co2_kg",
        "external_cost_eur", "external_climate_eur", "external_air_pollution_eur",
        "external_noise_eur", "external_congestion_eur", "external_accidents_eur",
        "external_customer_trips_eur", "external_cost_per_parcel", "electricity_kwh",
        "grid_co2_kg", "routing_plans", "routing_planned_km", "routing_planned_h",
        "routing_driven_km", "routing_driven_h", "routing_planned_stops",
        "routing_solver_iterations"]
# /routing: its arrays that copy a daily KPI, and that KPI.
ROUTING = {"plans": "routing_plans", "planned_km": "routing_planned_km",
           "planned_h": "routing_planned_h", "driven_km": "routing_driven_km",
           "driven_h": "routing_driven_h", "planned_stops": "routing_planned_stops",
           "unserved_stops": "stops_unserved", "solver_iterations": "routing_solver_iterations"}
# The parts of cost_total and of external_cost_eur, in the order the model adds them.
COST_PARTS = ["cost_vehicles", "cost_distance", "cost_driver", "cost_lockers", "cost_theft",
              "cost_returns", "cost_notifications", "cost_restock"]
EXTERNAL_PARTS = ["external_climate_eur", "external_air_pollution_eur", "external_noise_eur",
                  "external_congestion_eur", "external_accidents_eur"]


def main():
    path, reps, days, n_strat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    want_first = sys.argv[5] if len(sys.argv) > 5 else None
    peak = sys.argv[6] if len(sys.argv) > 6 else None
    checks = Checks()
    check = checks.check

    with h5py.File(path, "r") as f:
        check(f.attrs["replications"] == reps, "root attribute replications")
        check(f.attrs["complete"] == 1, "root attribute complete")
        check(isinstance(f.attrs["lastmile_version"], str), "lastmile_version is a string")
        check(b"scenario:" in f["input/scenario_yaml"][()], "scenario text stored")
        # The calendar: the root attributes, and the date of every counted day as the
        # /day scale, one day after another.
        warmup = int(f.attrs["warmup_days"])
        check(f.attrs["counted_days"] == days, "root attribute counted_days")
        check(f.attrs["simulated_days"] == days + warmup, "simulated_days = counted + warm-up")
        first = datetime.date.fromisoformat(f.attrs["first_date"])
        start = datetime.date.fromisoformat(f.attrs["start_date"])
        check(first - start == datetime.timedelta(days=warmup), "start_date + warmup_days")
        check(want_first is None or f.attrs["first_date"] == want_first,
              f"first_date {f.attrs['first_date']}, expected {want_first}")
        check(f.attrs["lastmile_layout"] == 2, "root attribute lastmile_layout")
        check(f.attrs["Conventions"] == "CF-1.8", "root attribute Conventions")
        dates = list(f["daily/day"].asstr()[:])
        check(dates == [(first + datetime.timedelta(days=i)).isoformat() for i in range(days)],
              f"/day holds the counted dates from first_date: {dates[:3]}...")
        check(f["daily/day"].attrs.get("CLASS") == b"DIMENSION_SCALE", "/daily/day is a scale")
        names = list(f["strategy"].asstr()[:])
        check(len(names) == n_strat, "strategy scale length")
        check(list(f["daily/strategy"].asstr()[:]) == names, "/daily/strategy = /strategy")
        for kpi in KPIS:
            check(f[kpi].shape == (n_strat, reps), f"{kpi} shape {f[kpi].shape}")
            check(f["daily"][kpi].shape == (n_strat, reps, days), f"daily/{kpi} shape")
            check(isinstance(f[kpi].attrs.get("units"), str) and f[kpi].attrs["units"] != "",
                  f"{kpi} units")
            check([d[0].name for d in f[kpi].dims] == ["/strategy", "/replication"],
                  f"{kpi} scales")
            check([d[0].name for d in f["daily"][kpi].dims] ==
                  ["/daily/strategy", "/daily/replication", "/daily/day"], f"daily/{kpi} scales")
        for i, name in enumerate(names):
            for kpi in KPIS:
                rep = f[kpi][i]
                check(all(not math.isnan(v) for v in rep[:]) or kpi in (
                    "mean_lateness_s", "on_time_rate", "cost_per_parcel", "co2_g_per_parcel", "external_cost_per_parcel",
                    "mean_order_to_receipt_h", "first_attempt_success_rate",
                    "order_to_receipt_p95_h"), f"{name}/{kpi} has values")
        for kpi in KPIS:
            s = f["summary"][kpi]
            c = f["comparison"][kpi]
            check(s.shape == (n_strat, 4), f"summary/{kpi} shape")
            check(c.shape == (n_strat, 3), f"comparison/{kpi} shape")
            for i, name in enumerate(names):
                vals = f[kpi][i]
                if not any(math.isnan(v) for v in vals):
                    mean = sum(vals) / len(vals)
                    check(abs(s[i, 0] - mean) <= 1e-9 * max(1.0, abs(mean)),
                          f"summary/{kpi} mean of {name}")
        if peak is not None:  # the peak's orders land on the peak's row
            created = f["daily/parcels_created"][0]
            means = [sum(created[:, d]) / reps for d in range(days)]
            busiest = dates[max(range(days), key=lambda d: means[d])]
            check(busiest == peak, f"the most orders on {busiest}, expected the peak {peak}")
        received = f["received"][0]
        parts = sum(f[k][0] for k in
                    ("received_home", "received_door", "received_locker",
                     "received_pickup_point"))
        check(all(abs(a - b) < 1e-9 for a, b in zip(received, parts)),
              "received = home + door + locker + pickup point")
        # The cost parts add up to cost_total exactly, in every replication and day.
        for i, name in enumerate(names):
            for group in ("replications", "daily"):
                g = f if group == "replications" else f["daily"]
                total = g["cost_total"][i].reshape(-1)
                parts = [g[k][i].reshape(-1) for k in COST_PARTS]
                sums = [0.0] * len(total)
                for part in parts:
                    sums = [a + b for a, b in zip(sums, part)]
                check(all(a == b for a, b in zip(sums, total)),
                      f"{name}/{group}: the cost parts add up to cost_total")
                check(all(v >= 0 for part in parts for v in part),
                      f"{name}/{group}: no cost part is negative")
                total = g["external_cost_eur"][i].reshape(-1)
                sums = [0.0] * len(total)
                for k in EXTERNAL_PARTS:
                    sums = [a + b for a, b in zip(sums, g[k][i].reshape(-1))]
                check(all(a == b for a, b in zip(sums, total)),
                      f"{name}/{group}: the external parts add up to external_cost_eur")
        # /routing: copies of the daily routing KPIs, bit for bit, with the /daily
        # coordinates, and the solvers' CPU seconds (not reproducible, marked so).
        r = f["routing"]
        check(list(r["day"].asstr()[:]) == dates, "/routing/day = /daily/day")
        check(list(r["strategy"].asstr()[:]) == names, "/routing/strategy = /strategy")
        for arr, kpi in ROUTING.items():
            a = r[arr]
            check(a.shape == (n_strat, reps, days), f"routing/{arr} shape {a.shape}")
            check(a.attrs.get("kpi") == kpi and a.attrs.get("reproducible") == 1,
                  f"routing/{arr} attributes kpi and reproducible")
            check(a.attrs.get("units") == f["daily"][kpi].attrs["units"], f"routing/{arr} units")
            check(a[()].tobytes() == f["daily"][kpi][()].tobytes(),
                  f"routing/{arr} = daily/{kpi} bit for bit")
            check([d[0].name for d in a.dims] ==
                  ["/routing/strategy", "/routing/replication", "/routing/day"],
                  f"routing/{arr} scales")
        cpu, plans = r["solver_s"][()], r["plans"][()]
        check(r["solver_s"].attrs.get("reproducible") == 0 and r["solver_s"].attrs["units"] == "s"
              and "NOT reproducible" in r["solver_s"].attrs["long_name"],
              "routing/solver_s marked not reproducible")
        check(cpu.shape == (n_strat, reps, days), "routing/solver_s shape")
        check(all(c >= 0 and (c == 0 or p > 0) for c, p in zip(cpu.reshape(-1), plans.reshape(-1))),
              "routing/solver_s >= 0, and 0 on days without plans")
        check(all(p == round(p) and (p >= 1) == (k > 0) for p, k in
                  zip(plans.reshape(-1), r["driven_km"][()].reshape(-1))),
              "routing/plans whole, >= 1 exactly on days with km driven")
        for kpi in ("routing_plans", "routing_planned_km", "routing_driven_km"):
            check(all(abs(f[kpi][i, j] - sum(f["daily"][kpi][i, j, :])) <= 1e-9 * max(1.0, abs(f[kpi][i, j]))
                      for i in range(n_strat) for j in range(reps)),
                  f"{kpi}: the replication's value is the sum of its days'")
        # The parcel log (when stored): its states agree with replication 0's KPIs, which
        # count every day when there is no warm-up.
        for i, name in enumerate(names):
            if "parcels" not in f:
                continue
            g = f["parcels"][name]
            check(g["state"].dims[0][0].name == f"/parcels/{name}/parcel", f"{name}: parcel scale")
            state = g["state"][:]
            resolved = g["resolved_s"][:]
            check(len(state) > 0, f"{name}: parcel log not empty")
            check(all(0 <= v <= 8 for v in state), f"{name}: states in 0..8")
            check(all((v >= 6) == (not math.isnan(t)) for v, t in zip(state, resolved)),
                  f"{name}: resolved_s set exactly for resolved parcels")
            # Order days are counted-day indices (negative in the warm-up); every parcel
            # is due at the end of a day, no earlier than the end of its order day.
            created = g["day_created"][:]
            due = g["due_s"][:]
            check(all(-warmup <= d < days for d in created), f"{name}: day_created in range")
            check(all(t % 86400 == 0 and t >= (d + warmup + 1) * 86400
                      for d, t in zip(created, due)), f"{name}: due_s ends a day on or after the order")
            overrides = f["input/scenario_yaml"].attrs.get("overrides", "")
            if "scenario.warmup_days=0" in overrides:  # the KPIs then count every day
                check(sum(1 for v in state if v == 6) == f["received"][i, 0],
                      f"{name}: received in the log = KPI received")
                check(sum(1 for v in state if v == 8) == f["stolen"][i, 0],
                      f"{name}: stolen in the log = KPI stolen")
                check(len(state) == f["parcels_created"][i, 0],
                      f"{name}: parcels in the log = KPI parcels_created")
        # The tours of the chosen day (when stored).
        for name in names:
            if "routes" not in f:
                continue
            rt = f["routes"][name]
            n = len(rt["van"])
            check(rt["van"].dims[0][0].name == f"/routes/{name}/stop", f"{name}: stop scale")
            check(n > 0, f"{name}: tours recorded")
            for field in ("wave", "sequence", "x_km", "y_km", "planned_s", "arrival_s",
                          "parcels", "handed_over", "site"):
                check(rt[field].shape == (n,), f"{name}: routes/{field} shape")
            check(all(h <= p for h, p in zip(rt["handed_over"][:], rt["parcels"][:])),
                  f"{name}: no more handed over than carried")
            day = int(rt.attrs["day"])  # a counted-day index; times count from start_date
            check(rt.attrs["date"] == dates[day], f"{name}: routes date {rt.attrs['date']}")
            sim = day + warmup
            check(all(sim * 86400 <= t < (sim + 2) * 86400 for t in rt["planned_s"][:]),
                  f"{name}: planned arrivals on the chosen day")
            firsts = [q for q, v in enumerate(rt["sequence"][:]) if v == 0]
            check(len(firsts) == len({(int(a), int(b)) for a, b in zip(rt["van"][:], rt["wave"][:])}),
                  f"{name}: one tour start per van and wave")
    return checks.done("h5py")


if __name__ == "__main__":
    sys.exit(main())
