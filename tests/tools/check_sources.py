#!/usr/bin/env python3
"""check_sources.py SCHEMA.json README.md SCENARIO.yaml... — every number a user gets from a
bundled scenario or a built-in default has a row with a source in README.md.

The keys that need a row: every key set in a given scenario file (after following
`extends`, maps merged key by key, everything else replaced) and every key of the schema
(`lastmile schema`) that has a default. Not needed: `extends`, labels (keys whose last part
is `name`) and retired keys. Keys are written with `[]` for the items of a list
(`strategies[].when_not_home`); a list of numbers is one key (`zones[].bounds_km`).

The rows: every table of README.md whose header is `| key | value(s) | source |`. Each
backticked span of a row's first cell is a pattern (text after a space or a colon is a
note); a pattern without a dot that follows one with a dot in the same cell is its sibling
(`fleet.van.shift_start`, `shift_end`). A pattern matches a key with as many parts; `[]`
and `.*` both stand for the items of a list, `*` matches any text within one part
(`fleet.*.co2_g_per_km`, `fleet.van.cost_*`). A row counts only if its source cell names a
year (1900-2099), a title in double quotes, or contains the word "assumption".

Prints every key without a counting row and every pattern that matches no key of the
schema; exits 1 if there is any, 0 otherwise (with a summary line)."""
import fnmatch
import json
import os
import re
import sys

import yaml


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core scalars: times and dates stay strings (the keys are what matter)."""


Yaml12Loader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def load_merged(path):
    """The scenario at path with its `extends` chain applied."""
    with open(path, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=Yaml12Loader) or {}
    base = doc.pop("extends", None)
    if base is None:
        return doc
    return merge(load_merged(os.path.join(os.path.dirname(path), base)), doc)


def merge(base, over):
    out = dict(base)
    for k, v in over.items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def scenario_keys(node, prefix, out):
    """Adds the key of every leaf under node (a list of maps is walked as `[]`)."""
    if isinstance(node, dict):
        for k, v in node.items():
            scenario_keys(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(node, list) and node and all(isinstance(i, dict) for i in node):
        for item in node:
            scenario_keys(item, prefix + "[]", out)
    else:
        out.add(prefix)


def schema_keys(node, prefix, out):
    """Adds (key, has_default) for every leaf of a schema object, skipping retired keys."""
    for k, sub in node.get("properties", {}).items():
        key = f"{prefix}.{k}" if prefix else k
        if sub.get("deprecated"):
            continue
        if sub.get("type") == "object" and "properties" in sub:
            schema_keys(sub, key, out)
        elif sub.get("type") == "array" and sub.get("items", {}).get("type") == "object":
            schema_keys(sub["items"], key + "[]", out)
        else:
            out[key] = "default" in sub


def parts(key):
    """`zones[].circuity` and `zones.*.circuity` both give ['zones', '*', 'circuity']."""
    return key.replace("[]", ".*").split(".")


def matches(pattern, key):
    p, k = parts(pattern), parts(key)
    return len(p) == len(k) and all(fnmatch.fnmatchcase(a, b) for a, b in zip(k, p))


SOURCED = re.compile(r"assumption|\b(19|20)[0-9]{2}\b|\"[^\"]+\"|“[^”]+”", re.IGNORECASE)
HEADER = re.compile(r"^\|\s*key\s*\|\s*value\(s\)\s*\|\s*source\s*\|\s*$")


def cells(line):
    """The cells of a table row (no cell of these tables holds a '|')."""
    return [c.strip() for c in line.strip().strip("|").split("|")]


def rows(readme):
    """(patterns, source cell, line number) of every row of every key/value(s)/source table."""
    out, in_table = [], False
    with open(readme, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if HEADER.match(line):
                in_table = True
                continue
            if not in_table or not line.startswith("|"):
                in_table = False
                continue
            c = cells(line)
            if set(c[0]) <= set("-: "):
                continue
            pats, parent = [], ""
            for span in re.findall(r"`([^`]+)`", c[0]):
                p = re.split(r"[ :]", span.strip(), 1)[0]
                if "." not in p and "[]" not in p and parent:
                    p = parent + "." + p
                else:
                    parent = p.rsplit(".", 1)[0] if "." in p else ""
                pats.append(p)
            out.append((pats, c[-1] if len(c) >= 3 else "", n))
    return out


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    known = {}
    schema_keys(schema["$defs"]["scenario"], "", known)
    needed = {k for k, has_default in known.items() if has_default}
    from_files = set()
    for path in argv[3:]:
        scenario_keys(load_merged(path), "", from_files)
    needed |= from_files
    needed = {k for k in needed if k != "extends" and parts(k)[-1] != "name"}
    bad = 0
    for k in sorted(from_files - set(known)):
        print(f"a bundled scenario sets {k}, which the schema does not know")
        bad += 1
    table = rows(argv[2])
    counting = [(pats, n) for pats, src, n in table if SOURCED.search(src)]
    for pats, src, n in table:
        for p in pats:
            if not any(matches(p, k) for k in known):
                print(f"{argv[2]}:{n}: `{p}` names no key of the schema")
                bad += 1
    missing = sorted(k for k in needed if not any(matches(p, k) for pats, _ in counting for p in pats))
    for k in missing:
        print(f"no source for {k}: no row of a key | value(s) | source table names it with a "
              "source (a year, a quoted title) or the word assumption")
    bad += len(missing)
    print(f"{len(needed)} keys need a source, {len(needed) - len(missing)} have one; "
          f"{len(table)} rows, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
