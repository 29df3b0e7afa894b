# style.gp — what every figure of `lastmile plot` shares: the terminal, the output
# file, fonts, one colour per strategy, and the grid. Each figure's script sets its
# canvas size W x H (pixels) and loads this first; --size replaces it.
#
# Set by lastmile plot before the figure's script runs:
#   fmt         'png', 'svg' or 'pdf'
#   size_w, size_h   the canvas from --size (pixels; inches for pdf), 0 for the figure's
#               own W x H (pdf: W/144 x H/144 inches, the same text to canvas ratio)
#   font_name, font_size   the font of all text (--font; default Sans, 12 points)
#   out         the file to draw into (a temporary name, renamed when gnuplot succeeds)
#   scripts     the folder of these scripts
#   scenario    the scenario's name
#   ns          the number of strategies; strategy[1..ns] their names, the first is the
#               baseline of every comparison
#   strategy_tic[1..ns]   the same names for tic labels, every '%' doubled
# Text from the results file (names) is only ever used as data: in titles, keys and
# tic labels, never pasted into a command, and never as a format: sprintf() gets it as
# an argument, and tic labels (which gnuplot reads as formats) use strategy_tic. The
# terminal is noenhanced, so names are drawn as written (no sub/superscripts from '_'
# or '^', no font changes from '{', '@', '&' or '~').
set encoding utf8
if (size_w > 0) { W = size_w; H = size_h } else { if (fmt eq 'pdf') { W = W / 144.0; H = H / 144.0 } }
# The canvas in points, the unit of font sizes: the cairo terminals draw text in png
# (and about so in svg) as if at 144 pixels to the inch, pdf at 72 points to the inch.
Wpt = (fmt eq 'pdf') ? W * 72 : W * 0.5
Hpt = (fmt eq 'pdf') ? H * 72 : H * 0.5
termfont = sprintf('%s,%g', font_name, font_size)
# Text sizes of the figures are in character units of this font, so margins and gaps
# grow with a larger font; fs is the font's size relative to the default 12 points.
fs = font_size / 12.0
if (fmt eq 'svg') {
  set terminal svg size W,H dynamic noenhanced font termfont background '#ffffff'
} else {
  if (fmt eq 'pdf') {
    set terminal pdfcairo size W,H noenhanced font termfont background '#ffffff'
  } else {
    if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
      set terminal pngcairo size W,H noenhanced font termfont background '#ffffff'
    } else {
      set terminal png size W,H noenhanced font termfont background '#ffffff'
    }
  }
}
set output out

# Strategy s is drawn in linetype s: the Okabe-Ito colours, readable by most people
# with colour-blindness; after 8 strategies they repeat.
set linetype 1 lc rgb '#0072B2' lw 2 pt 7 ps 1.3
set linetype 2 lc rgb '#D55E00' lw 2 pt 7 ps 1.3
set linetype 3 lc rgb '#009E73' lw 2 pt 7 ps 1.3
set linetype 4 lc rgb '#CC79A7' lw 2 pt 7 ps 1.3
set linetype 5 lc rgb '#E69F00' lw 2 pt 7 ps 1.3
set linetype 6 lc rgb '#56B4E9' lw 2 pt 7 ps 1.3
set linetype 7 lc rgb '#000000' lw 2 pt 7 ps 1.3
set linetype 8 lc rgb '#8C6D31' lw 2 pt 7 ps 1.3
set linetype cycle 8

# The longest strategy name (characters), to decide whether tic labels need turning.
maxname = 0
do for [i=1:ns] { maxname = strlen(strategy[i]) > maxname ? strlen(strategy[i]) : maxname }

set border 3 lc rgb '#444444'
set tics nomirror
set grid lc rgb '#e4e4e4' lw 1 dt 1
set key noautotitle
set style fill transparent solid 0.18 noborder
set bars 1.5
