#!/usr/bin/env bash
# `lastmile plot` for print: every format (png, svg, pdf) drawn by the real gnuplot on a
# small run, --size and --font reaching the pictures, y labels with units in the text of
# the SVGs, the program handed to gnuplot (format, canvas, font, labels), the scripts'
# key placement and margins, a gnuplot without pdfcairo refused before anything is drawn,
# and bad --size and --font values refused with exit 2.
. "$LM_SOURCE_DIR/tests/lib.sh"
fixtures="$LM_SOURCE_DIR/tests/fixtures"
plots="$LM_SOURCE_DIR/plots"
nonempty_all() { # nonempty_all DIR EXT N: N non-empty pictures of that extension
  local n; n=$(find "$1" -name "*.$2" -size +0 | wc -l)
  [ "$n" = "$3" ] || { echo "  $1: $n non-empty .$2 files, expected $3" >&2; return 1; }
}
starts() { [ "$(head -c "${#2}" "$1")" = "$2" ]; }

if ! command -v gnuplot >/dev/null; then
  echo "SKIP: gnuplot is not installed (apt-get install gnuplot-nox)"
  exit 0
fi
real_gnuplot=$(command -v gnuplot)

"$LASTMILE" run "$fixtures/lockers.yaml" -o "$tmp/l.h5" -q -r 2 --parcel-log --routes-day 3 >/dev/null
"$LASTMILE" run "$fixtures/sweep.yaml" -o "$tmp/s.h5" -q -r 2 >/dev/null

# Every format: 10 pictures of the lockers run, each whole.
for f in png svg pdf; do
  check "$f: exit 0" test "$(code "$LASTMILE" plot "$tmp/l.h5" -o "$tmp/$f" --format "$f")" = 0
  check "$f: 10 non-empty pictures" nonempty_all "$tmp/$f" "$f" 10
  check "$f: listed on stdout" test "$(grep -c "\.$f\$" "$tmp/out")" = 10
done
check "png is a PNG" starts "$tmp/png/compare.png" $'\x89PNG'
check "svg is an SVG" grep -q '</svg>' "$tmp/svg/compare.svg"
check "pdf is a PDF" starts "$tmp/pdf/compare.pdf" '%PDF-'
check "pdf ends whole" grep -aq '%%EOF' "$tmp/pdf/compare.pdf"

# Units in the y labels, as text of the SVG.
s="$tmp/svg"
check "compare: on-time rate in %" grep -q '>on-time rate (%)<' "$s/compare.svg"
# A label longer than a third of the canvas goes on two lines, the units under the name.
check "compare: cost per parcel in EUR/parcel" grep -q '>(EUR/parcel)<' "$s/compare.svg"
check "compare: van distance in km" grep -q '>van distance (km)<' "$s/compare.svg"
check "diff: on-time rate in % points" grep -q '>on-time rate (% points)<' "$s/diff.svg"
check "costs: EUR/parcel" grep -q '>cost per parcel received (EUR/parcel)<' "$s/costs.svg"
check "costs: g/parcel" grep -q '>CO2 per parcel received (g/parcel)<' "$s/costs.svg"
check "daily: hours" grep -q '>h<' "$s/daily.svg"
check "lockers: parcels" grep -q '>parcels waiting, all sites (parcels)<' "$s/lockers.svg"
check "dist: %" grep -q '>received within this time (%)<' "$s/dist.svg"
check "sweep fixture plots" test "$(code "$LASTMILE" plot "$tmp/s.h5" -o "$tmp/sw" --format svg)" = 0
check "sweep: readable x label" grep -q '>vans in the fleet<' "$tmp/sw/sweep.svg"
check "sweep: y label with units" grep -q '>on-time rate (%)<' "$tmp/sw/sweep.svg"
check "sweep: cost with units" grep -q '>total cost (EUR)<' "$tmp/sw/sweep.svg"
check "sweep: the raw key only in the title" grep -q 'vans in the fleet (fleet.van.count)' "$tmp/sw/sweep.svg"

# --size and --font reach the pictures.
check "svg --size" test "$(code "$LASTMILE" plot "$tmp/l.h5" -o "$tmp/sized" --format svg --size 640x480 --font 'DejaVu Serif,9')" = 0
check "svg width" grep -q 'width="640"' "$tmp/sized/compare.svg"
check "svg height" grep -q 'height="480"' "$tmp/sized/compare.svg"
check "svg font" grep -q "DejaVu Serif" "$tmp/sized/compare.svg"
check "png --size" test "$(code "$LASTMILE" plot "$tmp/l.h5" -o "$tmp/psized" --size 800x600)" = 0
# IHDR: width and height as 4-byte big-endian numbers at bytes 16-23.
check "png is 800 x 600" test "$(od -An -tx1 -j16 -N8 "$tmp/psized/compare.png" | tr -d ' \n')" = 0000032000000258
check "pdf --size in inches" test "$(code "$LASTMILE" plot "$tmp/l.h5" -o "$tmp/dsized" --format pdf --size 7x4.5)" = 0
check "pdf page is 7 x 4.5 in (504 x 324 pt)" grep -aq 'MediaBox \[ *0 0 504 324 *\]' "$tmp/dsized/compare.pdf"

# The program gnuplot reads: a gnuplot on PATH that keeps a copy of its input.
mkdir "$tmp/tee"
printf '#!/bin/sh\ntee -a "%s/program.gp" | "%s" "$@"\n' "$tmp" "$real_gnuplot" >"$tmp/tee/gnuplot"
chmod +x "$tmp/tee/gnuplot"
PATH="$tmp/tee:$PATH" "$LASTMILE" plot "$tmp/l.h5" -o "$tmp/teed" --format pdf --size 7x5 --font 'Serif,10' >/dev/null 2>"$tmp/err"
p="$tmp/program.gp"
check "program: asks for pdfcairo first" test "$(grep -n "GPVAL_TERMINALS, 'pdfcairo'" "$p" | head -1 | cut -d: -f1)" = 1
check "program: pdf format" grep -q "^fmt = 'pdf'" "$p"
check "program: canvas" grep -q "^size_w = 7 $" "$p"
check "program: font" grep -q "^font_name = 'Serif'" "$p"
check "program: font size" grep -q "^font_size = 10 $" "$p"
check "program: labels with units" grep -q "^klabel\[1\] = 'on-time rate (%)'" "$p"
check "style: pdf through pdfcairo" grep -q "set terminal pdfcairo size W,H" "$plots/style.gp"
check "style: the user's font" grep -q "font termfont" "$plots/style.gp"
# Margins are gnuplot's own or computed in character widths from the labels: no panel
# is placed with a fixed fraction of the canvas on its left.
check "no fixed left margins" test -z "$(grep -l 'lmargin at screen\|margins 0\.' "$plots"/*.gp)"
check "daily: margin from its tic labels" grep -q "set lmargin ticw + 5" "$plots/daily.gp"
check "keys never below the x label" test -z "$(grep -l 'key outside below' "$plots"/lockers.gp "$plots"/sweep.gp)"
check "lockers: key beside the plot" grep -q "set key outside right top" "$plots/lockers.gp"

# A gnuplot without pdfcairo: refused before anything is drawn.
mkdir "$tmp/nopdf"
printf '#!/bin/sh\ncat >/dev/null\nexit 3\n' >"$tmp/nopdf/gnuplot"
chmod +x "$tmp/nopdf/gnuplot"
check "no pdfcairo: exit 1" test "$(PATH="$tmp/nopdf:$PATH" code "$LASTMILE" plot "$tmp/l.h5" -o "$tmp/np" --format pdf)" = 1
check "no pdfcairo: says so" grep -q "needs gnuplot's pdfcairo terminal" "$tmp/err"
check "no pdfcairo: nothing drawn" test -z "$(ls -A "$tmp/np")"

# Bad values: exit 2 and a message, before anything is read or drawn.
bad() { # bad NAME EXPECTED-MESSAGE ARGS...
  local name=$1 msg=$2; shift 2
  check "$name: exit 2" test "$(code "$LASTMILE" plot "$tmp/l.h5" -o "$tmp/bad" "$@")" = 2
  check "$name: message" grep -q -- "$msg" "$tmp/err"
}
bad "size without x" "expected WIDTHxHEIGHT" --size 640
bad "size not numbers" "expected WIDTHxHEIGHT" --size axb
bad "size negative" "expected WIDTHxHEIGHT" --size -5x10
bad "png size fractional" "whole pixels" --size 640.5x480
bad "png size too small" "whole pixels" --size 8x8
bad "pdf size too large" "in inches, 1 to 200" --format pdf --size 640x480
bad "size without value" "needs a value" --size
bad "font empty name" "expected NAME or NAME,SIZE" --font ',10'
bad "font bad size" "the size is in points" --font 'Sans,0'
bad "font size not a number" "the size is in points" --font 'Sans,big'
bad "font two commas" "expected NAME or NAME,SIZE" --font 'a,b,10'
check "nothing made on bad values" test ! -e "$tmp/bad"

finish test_plot_publish
