#!/usr/bin/env bash
# build.sh SOURCE_DIR WORK_DIR — builds the routing core and main.c with nothing but the
# C compiler, the C library and libm, and runs the program.
#
# Only include/lastmile/routing.h, include/lastmile/error_codes.h and sim/routing/* are
# copied into WORK_DIR, and the compiler sees no other include path, so the build fails
# if the routing core includes any other lastmile header. The linked program is then
# checked to need no shared library but libc and libm. CC defaults to cc.
set -euo pipefail
src=$(cd "$1" && pwd)
work=$2
cc=${CC:-cc}
rm -rf "$work"
mkdir -p "$work/include/lastmile" "$work/src/routing" "$work/obj"
cp "$src/include/lastmile/routing.h" "$src/include/lastmile/error_codes.h" "$work/include/lastmile/"
cp "$src"/sim/routing/*.c "$src"/sim/routing/*.h "$work/src/routing/"
flags=(-std=c11 -O2 -ffp-contract=off -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic
       -Werror -I"$work/include" -I"$work/src")
for f in "$work"/src/routing/*.c; do
  "$cc" "${flags[@]}" -c "$f" -o "$work/obj/$(basename "$f" .c).o"
done
ar rcs "$work/liblastmile_routing.a" "$work"/obj/*.o
"$cc" "${flags[@]}" "$src/tests/routing_standalone/main.c" "$work/liblastmile_routing.a" -lm \
  -o "$work/routing_standalone"
needed=$(readelf -d "$work/routing_standalone" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
         grep -Ev '^(libc|libm)\.so' || true)
if [ -n "$needed" ]; then
  echo "routing_standalone needs more than libc and libm: $needed" >&2
  exit 1
fi
"$work/routing_standalone"
