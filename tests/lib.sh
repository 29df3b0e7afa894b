# lib.sh — what the shell tests share; each sources it first:
#   . "$LM_SOURCE_DIR/tests/lib.sh"
# It sets -u, makes $tmp (removed at exit) and the counters that check() keeps, and
# defines check NAME CONDITION... (counts a pass, or prints "FAIL: NAME" and counts a
# failure) and code COMMAND... (runs it with stdout in $tmp/out and stderr in $tmp/err,
# and prints its exit code). A test ends with `finish [NAME]`: the counts, and its exit
# code.
set -u
fails=0
passes=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { # check NAME CONDITION...
  local name=$1
  shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name" >&2; fails=$((fails + 1)); fi
}
code() { "$@" >"$tmp/out" 2>"$tmp/err"; echo $?; }
finish() { # finish [NAME]: prints the counts; fails (exit 1) when any check failed
  echo "${1:+$1: }$passes passed, $fails failed"
  [ "$fails" -eq 0 ]
}
