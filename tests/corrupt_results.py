#!/usr/bin/python3
"""Damaged results files: lastmile refuses them, it never crashes or hangs on them.

usage: corrupt_results.py LASTMILE RESULTS.h5 WORKDIR N_TARGETED N_ANYWHERE SEED

Each case is a copy of RESULTS.h5 with one byte set to a random value, either near the
HDF5 metadata of the parcel and route logs (their object headers and chunks, where
Debian's libhdf5 1.10 has been seen to crash) or anywhere in the file. `lastmile plot`
(targeted cases, with a gnuplot that draws nothing) or `lastmile info` (the others) must
end with an exit code of 0, 1 or 2: never by a signal, never past the read time limit.
Prints the counts by outcome; exits 1 when any case broke the rule.
"""
import os
import random
import subprocess
import sys

import h5py


def metadata_targets(path):
    """Byte offsets of the object headers and chunks of the detail logs."""
    out = set()
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if not name.startswith(("parcels/", "routes/")):
                return
            out.add(h5py.h5o.get_info(obj.id).addr)
            if isinstance(obj, h5py.Dataset) and obj.chunks:
                for i in range(obj.id.get_num_chunks()):
                    out.add(obj.id.get_chunk_info(i).byte_offset)
        f.visititems(visit)
    return sorted(out)


def main():
    lastmile, src, work, n_targeted, n_anywhere, seed = sys.argv[1:7]
    data = open(src, "rb").read()
    targets = metadata_targets(src)
    if not targets:
        print("FAIL: the file has no parcel or route log to aim at", file=sys.stderr)
        return 1
    rng = random.Random(int(seed))
    fake = os.path.join(work, "bin")
    os.makedirs(fake, exist_ok=True)
    with open(os.path.join(fake, "gnuplot"), "w") as g:
        g.write("#!/bin/sh\ncat >/dev/null\nexit 0\n")
    os.chmod(os.path.join(fake, "gnuplot"), 0o755)
    env = dict(os.environ, PATH=fake + ":" + os.environ.get("PATH", ""),
               LASTMILE_READ_TIMEOUT_S="10")
    counts, broken = {}, 0
    cases = [("plot", True)] * int(n_targeted) + [("info", False)] * int(n_anywhere)
    for i, (command, aimed) in enumerate(cases):
        damaged = bytearray(data)
        if aimed:
            at = min(len(data) - 1, rng.choice(targets) + rng.randrange(400))
        else:
            at = rng.randrange(len(data))
        damaged[at] = rng.randrange(256)
        path = os.path.join(work, "damaged.h5")
        with open(path, "wb") as f:
            f.write(damaged)
        args = [lastmile, command, path] + (["-o", os.path.join(work, "p")] if command == "plot" else [])
        try:
            p = subprocess.run(args, capture_output=True, timeout=60, env=env)
            rc, err = p.returncode, p.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            rc, err = "hang", ""
        if rc in (0, 1, 2):
            key = "exit %d" % rc
            if rc == 2 and "the HDF5 library failed on it (corrupt?)" in err:
                key = "exit 2, library failed in the reading process"
        else:
            key = "BROKEN (%s)" % rc
            broken += 1
            print("FAIL: %s with byte %d set to %d: %s" % (command, at, damaged[at], rc),
                  file=sys.stderr)
        counts[key] = counts.get(key, 0) + 1
    for key in sorted(counts):
        print("  %-50s %5d" % (key, counts[key]))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
