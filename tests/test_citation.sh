#!/usr/bin/env bash
# CITATION.cff and LICENSE: the citation's version is the CMake project version, its
# licence is the one LICENSE holds, and its author is the project as an entity.
set -u
fail=0
check() { local what=$1; shift; if "$@"; then :; else echo "FAIL: $what" >&2; fail=1; fi; }
cff=$LM_SOURCE_DIR/CITATION.cff
project=$(sed -nE 's/^project\(lastmile VERSION ([0-9][0-9.]*).*/\1/p' "$LM_SOURCE_DIR/CMakeLists.txt")
cited=$(sed -nE 's/^version: *"?([^"]*)"? *$/\1/p' "$cff")
check "CMakeLists.txt names a project version" test -n "$project"
check "CITATION.cff version '$cited' is the CMake project version '$project'" test "$cited" = "$project"
check "CITATION.cff is cff-version 1.2.0" grep -Eq '^cff-version: *"?1\.2\.0"? *$' "$cff"
check "CITATION.cff has a title" grep -Eq '^title: *[^ ]' "$cff"
check "CITATION.cff names its authors as an entity" grep -Eq '^  - name: *"?The lastmile authors"?' "$cff"
check "CITATION.cff says MIT" grep -Eq '^license: *"?MIT"? *$' "$cff"
check "LICENSE is the MIT licence" grep -q '^MIT License$' "$LM_SOURCE_DIR/LICENSE"
check "LICENSE names the copyright holder" grep -q 'Copyright (c) [0-9]* The lastmile authors' "$LM_SOURCE_DIR/LICENSE"
# The command reports the same version.
check "lastmile --version says $project" grep -qx "lastmile $project" <("$LASTMILE" --version)
exit $fail
