#!/usr/bin/env python3
"""gen_vrptw.py — a large VRPTW instance in the Solomon text format, the same for every run.

    python3 gen_vrptw.py [N] [SEED] > big.txt        (defaults: 10000 customers, seed 1)

Customers: half uniform over a 500 x 500 square, half in 40 Gaussian clusters (like the
Solomon RC classes); the depot in the centre with the horizon [0, 2000]. Demand 1..30,
capacity 200, service time 10. Every customer gets a window that a vehicle driving straight
from the depot can meet and still return in time: a quarter have no window beyond that, the
others a window of half-width 15..120 around a random time. Vehicles: N / 5, far more than
capacity needs (about N / 12), so the limit never binds. Only random.Random.random() is
used, whose sequence is the same in every Python 3, so the file is reproducible.
"""
import math
import random
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    side, horizon, service, capacity = 500.0, 2000, 10, 200
    depot = (side / 2, side / 2)
    centres = [(rng.random() * side, rng.random() * side) for _ in range(40)]
    out = sys.stdout
    out.write(f"GEN{n}\n\nVEHICLE\nNUMBER     CAPACITY\n  {max(1, n // 5)}         {capacity}\n\n")
    out.write("CUSTOMER\nCUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   "
              "SERVICE   TIME\n\n")
    out.write(f"{0:5d} {depot[0]:10.2f} {depot[1]:10.2f} {0:6d} {0:8d} {horizon:8d} {0:6d}\n")
    for i in range(1, n + 1):
        if i % 2:
            x, y = rng.random() * side, rng.random() * side
        else:
            cx, cy = centres[int(rng.random() * len(centres))]
            # Box-Muller from random() only, sigma 15.
            r = math.sqrt(-2.0 * math.log(1.0 - rng.random())) * 15.0
            a = 2.0 * math.pi * rng.random()
            x = min(side, max(0.0, cx + r * math.cos(a)))
            y = min(side, max(0.0, cy + r * math.sin(a)))
        x, y = round(x, 2), round(y, 2)  # as written, so the windows hold for the file
        d0 = math.hypot(x - depot[0], y - depot[1])
        earliest = math.ceil(d0)
        latest = math.floor(horizon - service - d0) - 1
        if rng.random() < 0.25:
            ready, due = 0, latest
        else:
            centre = earliest + rng.random() * (latest - earliest)
            half = 15 + rng.random() * 105
            ready = max(0, int(centre - half))
            due = min(latest, int(centre + half))
            due = max(due, earliest, ready)
        demand = 1 + int(rng.random() * 30)
        out.write(f"{i:5d} {x:10.2f} {y:10.2f} {demand:6d} {ready:8d} {due:8d} {service:6d}\n")


if __name__ == "__main__":
    main()
