#!/usr/bin/env python3
"""include_graph.py — the include graph of lastmile's sources, checked against its layers.

Reads every #include "..." of sim/**/*.c, sim/**/*.h and include/lastmile/*.h, resolved
as the compiler would (next to the including file, then include/, then sim/), and the
layer table sim/layers.txt (bottom first; see the comment there). It reports:

  - per layer, the includes that go up (to a layer that uses this one) or sideways (to a
    layer neither below nor above), and private headers (sim/LAYER/x.h not listed as
    shared) included from another layer; debts listed as `upward` in the table are
    counted too, and marked;
  - the file-level cycles of the include graph (strongly connected components of more
    than one file);
  - with --objects DIR, the same for the call graph (calls against the layers, and
    file-level cycles): the newest object file of each source under DIR (a build tree)
    stands for it (older ones are stale copies from targets since removed), and it uses
    another when it needs a symbol the other defines (read with nm; objects built with
    -flto and no fat objects carry no symbol table nm can read: use a build without
    link-time optimisation, e.g. Debug);
  - with --dot FILE, the layer graph in Graphviz form: one arrow per pair of layers with
    the number of includes, the ones against the table in red.

    tests/tools/include_graph.py [--root TREE] [--layers FILE] [--objects DIR] [--dot FILE]

--root is the source tree to read (default: the one holding this script); --layers the
table (default: TREE/sim/layers.txt), so an older tree can be read with today's table.
Exit status 0 whatever is found (a report, not a gate); 2 on bad usage.
"""
import argparse
import os
import re
import subprocess
import sys

INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
# Folders of sim/ that belong to a layer of another name (unless a layer of their own).
FOLDER_LAYER = {"yaml": "world"}


def read_layers(path):
    """Returns (order, deps, header_layer, shared, upward) from a sim/layers.txt."""
    order, deps, header_layer, shared, upward = [], {}, {}, set(), {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(layer|upward)\s+([a-z]+)\s*:([^|]*)\|?(.*)$", line.strip())
            if not m:
                continue
            kind, name, first, second = m.group(1), m.group(2), m.group(3).split(), m.group(4).split()
            if kind == "layer":
                order.append(name)
                deps[name] = first
                for h in second:
                    if "/" in h:
                        shared.add("sim/" + h)
                        header_layer["sim/" + h] = name
                    else:
                        header_layer["include/lastmile/" + h] = name
            else:
                upward.setdefault(name, set()).update(
                    ("sim/" + h) if "/" in h else ("include/lastmile/" + h) for h in first)
    below = {}
    for name in order:  # bottom first, so every dependency is already closed
        s = set()
        for d in deps[name]:
            s.add(d)
            s |= below.get(d, set())
        below[name] = s
    return order, below, header_layer, shared, upward


def sources(root):
    out = []
    for top in ("sim", "include/lastmile"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for f in files:
                if f.endswith((".c", ".h")):
                    out.append(os.path.relpath(os.path.join(dirpath, f), root))
    return sorted(out)


def layer_of(rel, header_layer, order):
    if rel in header_layer:
        return header_layer[rel]
    parts = rel.split(os.sep)
    if parts[0] == "sim" and len(parts) > 2:
        return parts[1] if parts[1] in order else FOLDER_LAYER.get(parts[1], parts[1])
    return "?"


def include_edges(root, files):
    edges = {f: set() for f in files}
    known = set(files)
    for f in files:
        with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        for inc in INCLUDE_RE.findall(text):
            for base in (os.path.dirname(f), "include", "sim"):
                cand = os.path.normpath(os.path.join(base, inc))
                if cand in known:
                    edges[f].add(cand)
                    break
    return edges


def cycles(edges):
    """Strongly connected components with more than one node (Tarjan, iterative)."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on.add(start)
        while work:
            v, it = work[-1]
            pushed = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                    pushed = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if pushed:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return sorted(out)


def call_edges(objdir, root):
    """Object-level use graph from nm: which source needs a symbol another defines."""
    objs = []
    for dirpath, _, files in os.walk(objdir):
        for f in files:
            if f.endswith(".c.o") and "/sim/" in os.path.join(dirpath, f).replace(os.sep, "/"):
                objs.append(os.path.join(dirpath, f))
    # A build tree may hold objects of targets that no longer exist (a library since
    # split, say), stale copies of the same source: only the newest object of a source
    # stands for it.
    newest = {}
    for o in objs:
        src = "sim/" + o.replace(os.sep, "/").split("/sim/", 1)[1][: -len(".o")]
        if os.path.exists(os.path.join(root, src)):
            if src not in newest or os.path.getmtime(o) > os.path.getmtime(newest[src]):
                newest[src] = o
    defined, needed = {}, {}
    for src, o in sorted(newest.items()):
        res = subprocess.run(["nm", "--defined-only", "-g", o], capture_output=True, text=True)
        for line in res.stdout.splitlines():
            parts = line.split()
            if len(parts) == 3:
                defined.setdefault(parts[2], src)
        res = subprocess.run(["nm", "-u", o], capture_output=True, text=True)
        needed[src] = {line.split()[-1] for line in res.stdout.splitlines() if line.strip()}
    return {src: {defined[s] for s in syms if s in defined and defined[s] != src}
            for src, syms in needed.items()}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..")))
    ap.add_argument("--layers")
    ap.add_argument("--objects")
    ap.add_argument("--dot")
    a = ap.parse_args()
    layers_path = a.layers or os.path.join(a.root, "sim", "layers.txt")
    if not os.path.exists(layers_path):
        ap.error(f"no layer table at {layers_path}: give --layers")
    order, below, header_layer, shared, upward = read_layers(layers_path)
    files = sources(a.root)
    edges = include_edges(a.root, files)

    bad = {name: [] for name in order}
    pairs = {}
    for f in files:
        la = layer_of(f, header_layer, order)
        for g in sorted(edges[f]):
            lb = layer_of(g, header_layer, order)
            kind = None
            if la != lb:
                if lb not in below.get(la, set()):
                    kind = "up" if la in below.get(lb, set()) else "sideways"
                elif g.startswith("sim" + os.sep) and g not in shared:
                    kind = "private"
                if kind and g in upward.get(la, set()):
                    kind += ", a debt in layers.txt"
                key = (la, lb)
                n, nbad = pairs.get(key, (0, 0))
                pairs[key] = (n + 1, nbad + (kind is not None))
            if kind:
                bad.setdefault(la, []).append((f, g, kind))

    total = sum(len(v) for v in bad.values())
    print(f"files: {len(files)}, includes between them: {sum(len(v) for v in edges.values())}")
    print(f"includes against the layers: {total}")
    for name in list(order) + sorted(set(bad) - set(order)):
        rows = bad.get(name, [])
        print(f"  {name}: {len(rows)}")
        for f, g, kind in rows:
            print(f"    {f} -> {g} ({kind})")
    inc_cycles = cycles(edges)
    print(f"include cycles: {len(inc_cycles)}")
    for c in inc_cycles:
        print("  " + " <-> ".join(c))
    if a.objects:
        calls = call_edges(a.objects, a.root)
        against = []
        for f in sorted(calls):
            la = layer_of(f, header_layer, order)
            for g in sorted(calls[f]):
                lb = layer_of(g, header_layer, order)
                if la != lb and lb not in below.get(la, set()):
                    against.append((f, g, "up" if la in below.get(lb, set()) else "sideways"))
        print(f"calls against the layers (objects under {a.objects}): {len(against)}")
        for f, g, kind in against:
            print(f"    {f} -> {g} ({kind})")
        call_cycles = cycles(calls)
        print(f"call cycles (objects under {a.objects}): {len(call_cycles)}, "
              f"files in them: {sum(len(c) for c in call_cycles)}")
        for c in call_cycles:
            print("  " + " <-> ".join(c))
    if a.dot:
        with open(a.dot, "w", encoding="utf-8") as out:
            out.write("digraph layers {\n  rankdir=BT;\n")
            for (la, lb), (n, nbad) in sorted(pairs.items()):
                colour = ' color="red" fontcolor="red"' if nbad else ""
                label = f"{n}" + (f" ({nbad} against)" if nbad else "")
                out.write(f'  "{la}" -> "{lb}" [label="{label}"{colour}];\n')
            out.write("}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
