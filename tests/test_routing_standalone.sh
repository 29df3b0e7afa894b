#!/usr/bin/env bash
# The routing core stands alone: tests/routing_standalone/build.sh compiles it and a small
# program from copies of its own files only, links them with libc and libm alone, and the
# program checks its plan of a problem whose optimum is known (see main.c there).
set -eu
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bash "$LM_SOURCE_DIR/tests/routing_standalone/build.sh" "$LM_SOURCE_DIR" "$tmp/work"
