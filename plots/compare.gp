# compare.gp — the strategies side by side on the key KPIs, one panel per KPI: the
# mean over replications and its 95% Student-t interval. Values are per replication,
# i.e. summed over the counted days (rates and means are over those days).
#
# Set by lastmile plot (besides style.gp's variables):
#   nk; ktitle[k], kunit[k]     each panel's KPI and the units shown
#   klabel[k]                   each panel's y label, 'TITLE (UNIT)'
#   ylo[k], yhi[k]              each panel's y range
#   nreps, ndays                replications, and counted days per replication
#   $compare                    data set k-1 for panel k: one row per strategy,
#                               x (0-based), mean, low, high, linetype
W = 1000; H = 900
load scripts.'/style.gp'

# Long or many names are turned a little and get more room under each panel.
turn = ns * maxname > 20
# Margins are gnuplot's own, per panel, from the lengths of its tic labels and y label,
# so no label is cut off whatever its length or the font.
set multiplot layout 3,3 \
    title sprintf("%s: key KPIs per replication (%d counted days), mean and 95%% interval over %d replications", scenario, ndays, nreps)
set xrange [-0.5:ns - 0.5]
set xtics ()
do for [i=1:ns] { set xtics add (strategy_tic[i] i - 1) }
if (turn) { set xtics rotate by -20 left }
set grid noxtics ytics
# Room for a panel title wider than its plot, and for turned tic labels, which run right.
set rmargin (turn ? 0.8 * maxname : 3)
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
  plot $compare index k - 1 using 1:2:3:4:5 with yerrorbars lc variable pt 7 ps 1.6 lw 2 notitle
}
unset multiplot
