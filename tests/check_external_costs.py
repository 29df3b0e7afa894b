"""Re-derives the external costs and the grid CO2 of a results file from the README's
definitions alone: each part is the sum over vehicle kinds of the kind's km KPI times its
factor, plus the customers' car km (customer_trip_km x car_share) times the customer car's
factor; external_cost_eur is the parts' sum; electricity_kwh is the electric kinds' km
times their kWh per km, and grid_co2_kg that times the grid factor.

usage: check_external_costs.py FILE FACTORS_JSON
FACTORS_JSON: {"kinds": {"van": [5 factors], ...}, "customer_car": [5], "car_share": x,
"energy": {"electric_van": e, "cargo_bike": e, "drone": e}, "grid": g, "require": [the
kinds, or "customer_car", that must have driven some km, so that the check means
something]}, the factors in the order climate, air pollution, noise, congestion, accidents.
Checks every replication and every day of every strategy to a relative 1e-12.
Prints "external: N passed, M failed"; exits 1 when anything is wrong.
"""
import json
import sys

import h5py

PARTS = ["external_climate_eur", "external_air_pollution_eur", "external_noise_eur",
         "external_congestion_eur", "external_accidents_eur"]
KM = {"van": "van_km", "electric_van": "electric_van_km", "cargo_bike": "cargo_bike_km",
      "drone": "drone_km"}


def close(a, b):
    return abs(a - b) <= 1e-12 * max(1.0, abs(a), abs(b))


def main():
    path, spec = sys.argv[1], json.loads(sys.argv[2])
    passed = failed = 0

    def check(cond, what):
        nonlocal passed, failed
        if cond:
            passed += 1
        else:
            failed += 1
            print("FAIL:", what, file=sys.stderr)

    with h5py.File(path, "r") as f:
        names = list(f["strategy"].asstr()[:])
        used_kinds = set()
        for g, label in ((f, "replication"), (f["daily"], "day")):
            for s, name in enumerate(names):
                km = {k: g[v][s].reshape(-1) for k, v in KM.items()}
                car_km = g["customer_trip_km"][s].reshape(-1) * spec["car_share"]
                n = len(car_km)
                for p, part in enumerate(PARTS):
                    got = g[part][s].reshape(-1)
                    for i in range(n):
                        want = sum(km[k][i] * spec["kinds"][k][p] for k in KM)
                        want += car_km[i] * spec["customer_car"][p]
                        check(close(got[i], want),
                              f"{name} {label} {i}: {part} {got[i]!r}, expected {want!r}")
                ext = g["external_cost_eur"][s].reshape(-1)
                car = g["external_customer_trips_eur"][s].reshape(-1)
                kwh = g["electricity_kwh"][s].reshape(-1)
                grid = g["grid_co2_kg"][s].reshape(-1)
                for i in range(n):
                    check(close(ext[i], sum(g[p][s].reshape(-1)[i] for p in PARTS)),
                          f"{name} {label} {i}: external_cost_eur")
                    check(close(car[i], car_km[i] * sum(spec["customer_car"])),
                          f"{name} {label} {i}: external_customer_trips_eur")
                    want = sum(km[k][i] * e for k, e in spec["energy"].items())
                    check(close(kwh[i], want), f"{name} {label} {i}: electricity_kwh {kwh[i]} vs {want}")
                    check(close(grid[i], want * spec["grid"] / 1000.0),
                          f"{name} {label} {i}: grid_co2_kg")
                    used_kinds |= {k for k in KM if km[k][i] > 0}
                    if car_km[i] > 0:
                        used_kinds.add("customer_car")
        # The check means something only if the run drove every kind it names.
        check(used_kinds >= set(spec["require"]),
              f"kinds with km: {sorted(used_kinds)}, expected at least {spec['require']}")
    print(f"external: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
