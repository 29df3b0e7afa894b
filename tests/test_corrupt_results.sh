#!/usr/bin/env bash
# Damaged results files. The HDF5 library trusts what it reads, so `info` and `plot` read
# through a child process with memory and time limits: a crash, hang or runaway
# allocation there is a message and exit code 2, never lastmile crashing. Sizes a file
# claims are checked against its size before anything is allocated.
set -u
fails=0; passes=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() {
  local name=$1; shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name" >&2; fails=$((fails + 1)); fi
}
failed_on_it() { grep -q "cannot read $1: the HDF5 library failed on it (corrupt?): $2" "$3"; }

good="$tmp/good.h5"
"$LASTMILE" run "$LM_SOURCE_DIR/tests/fixtures/small.yaml" -r 2 -q --parcel-log --routes-day 0 \
  -o "$good" >/dev/null || { echo "FAIL: the run failed" >&2; exit 1; }
"$LASTMILE" info "$good" >"$tmp/out" 2>"$tmp/err"
check "a sound file reads (exit $?)" grep -q "small-town" "$tmp/out"

# Each way the reading process can fail, by the test hook (sim/output/guard.h).
LASTMILE_TEST_READ_FAULT=crash "$LASTMILE" info "$good" >"$tmp/out" 2>"$tmp/err"
check "crash: exit 2 ($?)" test $? = 2
check "crash: message" failed_on_it "$good" "it crashed with signal 11" "$tmp/err"
check "crash: nothing on stdout" test ! -s "$tmp/out"
LASTMILE_TEST_READ_FAULT=hang LASTMILE_READ_TIMEOUT_S=2 "$LASTMILE" info "$good" >/dev/null \
  2>"$tmp/err"
check "hang: exit 2 ($?)" test $? = 2
check "hang: message" failed_on_it "$good" "it ran for more than 2 s" "$tmp/err"
LASTMILE_TEST_READ_FAULT=hog "$LASTMILE" plot "$good" -o "$tmp/p" >/dev/null 2>"$tmp/err"
check "memory: exit 2 ($?)" test $? = 2
check "memory: message" failed_on_it "$good" "it stopped with status 3" "$tmp/err"
check "memory: no pictures" test ! -e "$tmp/p"

# A file claiming 10^8 logged parcels: every copy of the parcel count (the shapes of the
# log's datasets) set to 10^8. Refused before allocating: under a 1 GiB address-space
# limit an attempt to allocate for them would end in "out of memory" instead.
/usr/bin/python3 - "$good" "$tmp/claims.h5" <<'EOF' || { echo "FAIL: cannot build the file" >&2; exit 1; }
import struct, sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    strategy = list(f["parcels"])[0]
    n = f["parcels"][strategy]["customer"].shape[0]
data = open(sys.argv[1], "rb").read()
assert data.count(struct.pack("<Q", n)) > 0
open(sys.argv[2], "wb").write(data.replace(struct.pack("<Q", n), struct.pack("<Q", 10**8)))
EOF
# (AddressSanitizer reserves terabytes of address space: no limit in such a build.)
limit=1048576
ldd "$LASTMILE" 2>/dev/null | grep -q libasan && limit=unlimited
(ulimit -v "$limit"; exec "$LASTMILE" plot "$tmp/claims.h5" -o "$tmp/q") >/dev/null 2>"$tmp/err"
check "10^8 parcels: exit 2 ($?)" test $? = 2
check "10^8 parcels: refused by size" grep -q "claims 100000000 rows of parcels" "$tmp/err"
check "10^8 parcels: no pictures" test ! -e "$tmp/q"

# A byte that makes Debian's libhdf5 1.10.8 dereference a bad pointer: the object header
# of a parcel-log dataset, 60 bytes in, set to 0x89 (found by the random damage below).
/usr/bin/python3 - "$good" "$tmp/crash.h5" <<'EOF' || { echo "FAIL: cannot build the file" >&2; exit 1; }
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    at = h5py.h5o.get_info(f["parcels/three-attempts/size"].id).addr + 60
data = bytearray(open(sys.argv[1], "rb").read())
data[at] = 0x89
open(sys.argv[2], "wb").write(data)
EOF
"$LASTMILE" plot "$tmp/crash.h5" -o "$tmp/c" >/dev/null 2>"$tmp/err"
check "library crash: exit 2 ($?)" test $? = 2
check "library crash: no pictures" test ! -e "$tmp/c"
echo "library crash: $(cat "$tmp/err")"

# Random damage: 300 bytes near the metadata of the logs (plot), 100 anywhere (info).
/usr/bin/python3 "$LM_SOURCE_DIR/tests/corrupt_results.py" "$LASTMILE" "$good" "$tmp" 300 100 11
check "damaged files: every one refused or read, none crashed" test $? = 0

echo "corrupt results: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
