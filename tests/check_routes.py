#!/usr/bin/env python3
"""check_routes.py — an independent checker for routing solutions (CVRPLIB .sol files).

Reads a benchmark instance (Solomon text format or VRPLIB .vrp, CVRP or CVRPTW) with its
own parser, sharing no code with lastmile's C readers, and a .sol file ("Route #k: c1 c2
...", "Cost X"; customers numbered 1..n as in the instance, the depot left out). It
recomputes, route by route: the distance under the chosen rule, the load against the
capacity, and the schedule (leave the depot at its ready time; arrive; wait until the
customer's ready time; arrival must not be after its due time; serve; return to the depot by
its due time; travel time equals distance). It also checks that every customer is visited
exactly once and that no more vehicles are used than the instance allows.

Prints one line:  "feasible NAME vehicles=K distance=D rule=R"  or
                  "infeasible NAME: first problem (and N more)"
Exit codes: 0 feasible, 1 infeasible (or a cost that does not match), 2 bad input.

Distance rules: real (double-precision Euclidean), round (TSPLIB nint), trunc1 (DIMACS:
floor(10 d) / 10). The default follows the conventions of the best-known solutions:
Solomon text files real, VRPLIB CVRP round, VRPLIB CVRPTW trunc1.

--expect-cost X compares the recomputed distance with X; the .sol's own Cost line is always
compared too. A number written with k decimals matches when it is within half a unit of its
last decimal or within 1e-6 relative, whichever is larger.

Stdlib only; run with python3.
"""

import argparse
import math
import sys

EPS = 1e-6  # slack on time-window and horizon comparisons, in time units


class BadInput(Exception):
    pass


def number(tok, path, lineno, what):
    try:
        v = float(tok)
    except ValueError:
        raise BadInput(f"{path}:{lineno}: expected a number for {what}, got {tok!r}")
    if not math.isfinite(v):
        raise BadInput(f"{path}:{lineno}: expected a finite number for {what}, got {tok!r}")
    return v


def read_lines(path):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise BadInput(f"{path}: cannot read: {e.strerror}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not a text file")
    if "\x00" in text:
        raise BadInput(f"{path}: not a text file")
    return [(i + 1, line.strip()) for i, line in enumerate(text.splitlines())]


def read_solomon(path, lines):
    rows = [(n, l) for n, l in lines if l]
    if len(rows) < 5 or rows[1][1] != "VEHICLE":
        raise BadInput(f"{path}: not a Solomon instance (name line, VEHICLE, CUSTOMER)")
    name = rows[0][1].split()[0]
    i = 2
    if not rows[i][1].split()[0].lstrip("-").replace(".", "").isdigit():
        i += 1  # NUMBER CAPACITY heading
    fields = rows[i][1].split()
    if len(fields) != 2:
        raise BadInput(f"{path}:{rows[i][0]}: expected vehicle number and capacity")
    vehicles = int(number(fields[0], path, rows[i][0], "vehicles"))
    capacity = number(fields[1], path, rows[i][0], "capacity")
    i += 1
    if rows[i][1] != "CUSTOMER":
        raise BadInput(f"{path}:{rows[i][0]}: expected CUSTOMER")
    i += 1
    nodes = []
    for lineno, l in rows[i:]:
        f = l.split()
        try:
            float(f[0])
        except ValueError:
            continue  # a heading
        if len(f) != 7:
            raise BadInput(f"{path}:{lineno}: expected 7 fields per customer, got {len(f)}")
        v = [number(t, path, lineno, "a customer field") for t in f]
        if int(v[0]) != len(nodes):
            raise BadInput(f"{path}:{lineno}: expected customer {len(nodes)}, got {f[0]}")
        nodes.append({"x": v[1], "y": v[2], "demand": v[3], "ready": v[4], "due": v[5],
                      "service": v[6]})
    if len(nodes) < 2:
        raise BadInput(f"{path}: no customers")
    return {"name": name, "nodes": nodes, "capacity": capacity, "vehicles": vehicles,
            "rule": "real"}


def read_vrplib(path, lines):
    head = {}
    sections = {}
    cur = None
    for lineno, l in lines:
        if not l:
            continue
        if l == "EOF":
            break
        if ":" in l and cur is None:
            k, v = l.split(":", 1)
            head[k.strip()] = v.strip()
            continue
        if l.endswith("_SECTION"):
            cur = l
            sections[cur] = []
            continue
        if cur is None:
            raise BadInput(f"{path}:{lineno}: expected a header line or a section, got {l!r}")
        sections[cur].append((lineno, l.split()))
    for key in ("DIMENSION", "CAPACITY"):
        if key not in head:
            raise BadInput(f"{path}: no {key}")
    if head.get("EDGE_WEIGHT_TYPE", "EUC_2D") != "EUC_2D":
        raise BadInput(f"{path}: only EUC_2D is supported")
    dim = int(head["DIMENSION"])
    if head.get("TYPE", "CVRP") not in ("CVRP", "CVRPTW", "VRPTW"):
        raise BadInput(f"{path}: TYPE {head['TYPE']} is not CVRP or CVRPTW")
    tw = head.get("TYPE", "CVRP") in ("CVRPTW", "VRPTW")

    def column(sec, width, required=True):
        if sec not in sections:
            if required:
                raise BadInput(f"{path}: no {sec}")
            return None
        rows = sections[sec]
        if len(rows) != dim:
            raise BadInput(f"{path}: {sec} has {len(rows)} rows, expected {dim}")
        out = []
        for k, (lineno, f) in enumerate(rows):
            if len(f) != width + 1 or int(number(f[0], path, lineno, "node id")) != k + 1:
                raise BadInput(f"{path}:{lineno}: expected node {k + 1} with {width} values")
            out.append([number(t, path, lineno, sec) for t in f[1:]])
        return out

    xy = column("NODE_COORD_SECTION", 2)
    dem = column("DEMAND_SECTION", 1)
    win = column("TIME_WINDOW_SECTION", 2, required=tw)
    svc = column("SERVICE_TIME_SECTION", 1, required=False)
    depots = [f[0] for _, f in sections.get("DEPOT_SECTION", [])]
    if depots[:1] != ["1"]:
        raise BadInput(f"{path}: the depot must be node 1")
    service = float(head.get("SERVICE_TIME", 0))
    nodes = []
    for k in range(dim):
        nodes.append({
            "x": xy[k][0], "y": xy[k][1], "demand": dem[k][0],
            "ready": win[k][0] if win else 0.0,
            "due": win[k][1] if win else math.inf,
            "service": svc[k][0] if svc else (0.0 if k == 0 else service)})
    vehicles = int(head["VEHICLES"]) if "VEHICLES" in head else dim - 1
    name = head.get("NAME", path).split()[0] if head.get("NAME") else path
    return {"name": name, "nodes": nodes, "capacity": float(head["CAPACITY"]),
            "vehicles": vehicles, "rule": "trunc1" if tw else "round"}


def read_instance(path):
    lines = read_lines(path)
    first = next((l for _, l in lines if l), None)
    if first is None:
        raise BadInput(f"{path}: empty file")
    try:
        inst = read_vrplib(path, lines) if ":" in first else read_solomon(path, lines)
    except (IndexError, ValueError) as e:
        raise BadInput(f"{path}: malformed instance ({e})")
    for k, node in enumerate(inst["nodes"]):
        if node["demand"] < 0 or node["service"] < 0 or node["due"] < node["ready"]:
            raise BadInput(f"{path}: node {k} has a negative demand or service time, or a "
                           f"due time before its ready time")
    return inst


def read_sol(path, n):
    routes, cost, cost_text = [], None, None
    for lineno, l in read_lines(path):
        if not l:
            continue
        if l.startswith("Route"):
            if ":" not in l:
                raise BadInput(f"{path}:{lineno}: expected 'Route #k: customers'")
            route = []
            for t in l.split(":", 1)[1].split():
                if not t.isdigit():
                    raise BadInput(f"{path}:{lineno}: expected a customer number, got {t!r}")
                route.append(int(t))
            routes.append((lineno, route))
        elif l.startswith("Cost"):
            cost_text = l.split()[1] if len(l.split()) == 2 else ""
            cost = number(cost_text, path, lineno, "Cost")
        else:
            raise BadInput(f"{path}:{lineno}: expected 'Route #k: ...' or 'Cost X', got {l!r}")
    return routes, cost, cost_text


def distance(rule, a, b):
    dx, dy = a["x"] - b["x"], a["y"] - b["y"]
    d = math.sqrt(dx * dx + dy * dy)
    if rule == "round":
        return math.floor(d + 0.5)
    if rule == "trunc1":
        return math.floor(10.0 * d) / 10.0
    return d


def matches(text, value):
    """True when the number written as `text` agrees with `value` to its own precision."""
    written = float(text)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(written - value) <= max(0.5 * 10.0 ** -decimals, 1e-6 * abs(written)) + 1e-12


def check(inst, routes, rule):
    """Returns (problems, total distance, non-empty routes)."""
    nodes, n = inst["nodes"], len(inst["nodes"]) - 1
    depot = nodes[0]
    problems = []
    seen = {}
    total = 0.0
    used = 0
    for lineno, route in routes:
        if not route:
            continue
        used += 1
        t, load, at = depot["ready"], 0.0, depot
        for c in route:
            if c < 1 or c > n:
                problems.append(f"line {lineno}: customer {c} does not exist (1..{n})")
                continue
            if c in seen:
                problems.append(f"line {lineno}: customer {c} visited again "
                                f"(first on line {seen[c]})")
            seen.setdefault(c, lineno)
            node = nodes[c]
            d = distance(rule, at, node)
            total += d
            t += d
            if t > node["due"] + EPS:
                problems.append(f"line {lineno}: customer {c} reached at {t:.4f}, "
                                f"after its due time {node['due']:g}")
            t = max(t, node["ready"]) + node["service"]
            load += node["demand"]
            at = node
        d = distance(rule, at, depot)
        total += d
        t += d
        if t > depot["due"] + EPS:
            problems.append(f"line {lineno}: back at the depot at {t:.4f}, after its due time "
                            f"{depot['due']:g}")
        if load > inst["capacity"] + 1e-9:
            problems.append(f"line {lineno}: load {load:g} exceeds the capacity "
                            f"{inst['capacity']:g}")
    missing = [c for c in range(1, n + 1) if c not in seen]
    if missing:
        problems.append(f"{len(missing)} customer(s) never visited, e.g. {missing[:5]}")
    if used > inst["vehicles"]:
        problems.append(f"{used} routes but the instance allows {inst['vehicles']} vehicles")
    return problems, total, used


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("instance")
    ap.add_argument("solution")
    ap.add_argument("--distance", choices=["auto", "real", "round", "trunc1"], default="auto")
    ap.add_argument("--expect-cost", metavar="X")
    args = ap.parse_args(argv)
    try:
        inst = read_instance(args.instance)
        routes, cost, cost_text = read_sol(args.solution, len(inst["nodes"]) - 1)
        if args.expect_cost is not None:
            number(args.expect_cost, "--expect-cost", 0, "--expect-cost")
    except BadInput as e:
        print(f"bad input: {e}")
        return 2
    rule = inst["rule"] if args.distance == "auto" else args.distance
    problems, total, used = check(inst, routes, rule)
    if cost is not None and not matches(cost_text, total):
        problems.append(f"the Cost line says {cost_text}, the routes cost {total:.6f}")
    if args.expect_cost is not None and not matches(args.expect_cost, total):
        problems.append(f"expected cost {args.expect_cost}, the routes cost {total:.6f}")
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        print(f"infeasible {inst['name']}: {problems[0]}{more}")
        return 1
    print(f"feasible {inst['name']} vehicles={used} distance={total:.6f} rule={rule}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
