# diff.gp — each strategy against the first one (the baseline), KPI by KPI: the mean of
# the paired differences over replications (the strategies saw the same world) and its
# 95% Student-t interval, one interval per KPI (not corrected for multiple comparisons).
# Green: better than the baseline, vermilion: worse, grey: no difference at 95%
# (or a KPI with no better direction).
#
# Set by lastmile plot (besides style.gp's variables):
#   nk; ktitle[k], kunit[k]     each panel's KPI and the units of the difference
#   klabel[k]                   each panel's y label, 'TITLE (UNIT)'
#   ylo[k], yhi[k]              each panel's y range (0 always in it)
#   nreps, ndays                replications, and counted days per replication
#   $diff                       data set k-1 for panel k: one row per strategy but the
#                               first, x (0-based), mean, low, high, colour (0xRRGGBB)
W = 1000; H = 920
load scripts.'/style.gp'

turn = (ns - 1) * maxname > 30
# Margins are gnuplot's own, per panel (see compare.gp).
set multiplot layout 3,3 \
    title sprintf("%s: difference from '%s', paired over %d replications (%d counted days)\ngreen: better, vermilion: worse, grey: no difference at 95%%", scenario, strategy[1], nreps, ndays)
set xrange [-0.5:ns - 1.5]
set xtics ()
do for [i=2:ns] { set xtics add (strategy_tic[i] i - 2) }
if (turn) { set xtics rotate by -20 left }
set grid noxtics ytics
# Room for a panel title wider than its plot, and for turned tic labels, which run right.
set rmargin (turn ? 0.8 * maxname : 3)
set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead lc rgb '#444444' lw 1 dt 2
# A y label longer than a panel is high (in characters of the font) is set on two
# lines, the units under the name.
fitc = (Hpt / 3.0 - 2 * font_size) / (0.45 * font_size)
do for [k=1:nk] {
  set title ktitle[k]
  if (strlen(klabel[k]) <= fitc) {
    set ylabel klabel[k]
  } else {
    set ylabel sprintf("%s\n(%s)", ktitle[k], kunit[k])
  }
  set yrange [ylo[k]:yhi[k]]
  set ytics ystep[k]
  plot $diff index k - 1 using 1:2:3:4:5 with yerrorbars lc rgb variable pt 7 ps 1.6 lw 2 notitle
}
unset multiplot
