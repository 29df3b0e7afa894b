#!/usr/bin/env python3
"""check_schema.py SCHEMA.json GOOD|BAD FILE... — validates scenario files against the JSON
Schema that `lastmile schema` prints, reading YAML as an editor does (YAML 1.2 core: times
and dates stay strings, only true/false are booleans). A file with `extends` is checked as
it is (against the schema's branch for extending files) and merged with its bases (maps key
by key, everything else replaced) against the full branch. With GOOD every file must pass;
with BAD every file must fail. Prints one line per file; exits 1 on any surprise."""
import json
import os
import re
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    pass


# YAML 1.2 core schema resolvers in place of PyYAML's YAML 1.1 ones.
Yaml12Loader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool",
                                     "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"),
                                   list("tf"))
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:int",
                                   re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."))


def read(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Yaml12Loader)


def merge(base, top):
    if isinstance(base, dict) and isinstance(top, dict):
        out = dict(base)
        for k, v in top.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    return top


def resolved(path, seen=()):
    doc = read(path)
    if not isinstance(doc, dict) or "extends" not in doc:
        return doc
    base_path = os.path.join(os.path.dirname(path), doc["extends"])
    if base_path in seen:
        raise ValueError("extends cycle")
    top = {k: v for k, v in doc.items() if k != "extends"}
    return merge(resolved(base_path, seen + (path,)), top)


def problems(schema, path):
    validator = jsonschema.Draft202012Validator(schema)
    try:
        docs = [read(path)]
        if isinstance(docs[0], dict) and "extends" in docs[0]:
            docs.append(resolved(path))
    except (yaml.YAMLError, ValueError, OSError) as e:
        return [str(e).splitlines()[0]]
    out = []
    for doc in docs:
        for e in validator.iter_errors(doc):
            out.append("/".join(str(p) for p in e.absolute_path) + ": " + e.message[:160])
    return out


def main():
    schema_path, mode, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    surprises = 0
    for path in files:
        found = problems(schema, path)
        if mode == "GOOD" and found:
            surprises += 1
            print("FAIL: %s does not fit the schema: %s" % (path, "; ".join(found[:3])))
        elif mode == "BAD" and not found:
            surprises += 1
            print("FAIL: %s fits the schema but should not" % path)
        else:
            print("ok: %s (%s)" % (path, found[0] if found else "valid"))
    return 1 if surprises else 0


if __name__ == "__main__":
    sys.exit(main())
