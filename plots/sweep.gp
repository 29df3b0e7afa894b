# sweep.gp — capacity planning: the target KPI (on-time rate when the scenario names no
# target) and the cost KPI against the first swept key, one curve per strategy (and per
# value of any other swept key), with the 95% Student-t band over that grid point's
# replications and the target as a dashed line.
#
# Set by lastmile plot (besides style.gp's variables):
#   nc; ctitle[c]         the curves and their titles
#   xkey                  the swept key on the x axis; xlabel_text its readable name
#   ylabel1, ylabel2      the panels' y labels, 'KPI (UNIT)'
#   kpi1, unit1           the target KPI and its units; kpi2, unit2 the cost KPI
#   ylo[2], yhi[2]        the y ranges of the two panels
#   has_target, target, target_label   the target line (in unit1)
#   nx; xv[]              the distinct values of the swept key (tics when few)
#   $sweep                data set c-1 for curve c: x, then mean, low, high of kpi1,
#                         then mean, low, high of kpi2
W = 900; H = 900
load scripts.'/style.gp'

# Both panels get the same right margin, wide enough for the key of the top one (in
# character widths: the longest title, the sample and gaps), so their x axes line up.
keyw = strlen(target_label)
do for [c=1:nc] { keyw = strlen(ctitle[c]) > keyw ? strlen(ctitle[c]) : keyw }
set multiplot layout 2,1 \
    title sprintf("%s: sweep over %s (%s), mean and 95%% interval per grid point", scenario, xlabel_text, xkey)
set rmargin keyw + 5
# The same left margin too: the widest tic label of either panel, then the y label.
ticw = 0
do for [k=1:2] {
  do for [v in sprintf('%g %g', ystep[k] * ceil(ylo[k] / ystep[k]), ystep[k] * floor(yhi[k] / ystep[k]))] {
    ticw = strlen(v) > ticw ? strlen(v) : ticw
  }
}
set lmargin ticw + 5
set tmargin 3
set grid xtics ytics
set key outside right top vertical Left reverse samplen 2
set xlabel xlabel_text
if (nx <= 12) {
  set xtics ()
  do for [i=1:nx] { set xtics add (sprintf('%g', xv[i]) xv[i]) }
}
set ylabel ylabel1
set yrange [ylo[1]:yhi[1]]
set ytics ystep[1]
if (has_target) {
  plot for [c=1:nc] $sweep index c - 1 using 1:3:4 with filledcurves lc c notitle, \
       for [c=1:nc] $sweep index c - 1 using 1:2 with linespoints lc c title ctitle[c], \
       target with lines dt 2 lw 2 lc rgb '#000000' title target_label
} else {
  plot for [c=1:nc] $sweep index c - 1 using 1:3:4 with filledcurves lc c notitle, \
       for [c=1:nc] $sweep index c - 1 using 1:2 with linespoints lc c title ctitle[c]
}
set ylabel ylabel2
set tmargin 1
set yrange [ylo[2]:yhi[2]]
set ytics ystep[2]
plot for [c=1:nc] $sweep index c - 1 using 1:6:7 with filledcurves lc c notitle, \
     for [c=1:nc] $sweep index c - 1 using 1:5 with linespoints lc c notitle
unset multiplot
