# sweep.gp — capacity planning: the target KPI (on-time rate when the scenario names no
# target) and the cost KPI against the first swept key, one curve per strategy (and per
# value of any other swept key), with the 95% Student-t band over that grid point's
# replications and the target as a dashed line.
#
# Set by lastmile plot (besides style.gp's variables):
#   nc; ctitle[c]         the curves and their titles
#   xkey                  the swept key on the x axis
#   kpi1, unit1           the target KPI and its units; kpi2, unit2 the cost KPI
#   ylo[2], yhi[2]        the y ranges of the two panels
#   has_target, target, target_label   the target line (in unit1)
#   nx; xv[]              the distinct values of the swept key (tics when few)
#   $sweep                data set c-1 for curve c: x, then mean, low, high of kpi1,
#                         then mean, low, high of kpi2
W = 900; H = 900
load scripts.'/style.gp'

set multiplot layout 2,1 margins 0.11,0.97,0.16,0.92 spacing 0.1 \
    title sprintf("%s: sweep over %s, mean and 95%% interval per grid point", scenario, xkey)
set grid xtics ytics
set key outside below horizontal Left reverse width 2
set xlabel xkey
if (nx <= 12) {
  set xtics ()
  do for [i=1:nx] { set xtics add (sprintf('%g', xv[i]) xv[i]) }
}
set ylabel sprintf("%s (%s)", kpi1, unit1)
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
set ylabel sprintf("%s (%s)", kpi2, unit2)
set yrange [ylo[2]:yhi[2]]
set ytics ystep[2]
plot for [c=1:nc] $sweep index c - 1 using 1:6:7 with filledcurves lc c notitle, \
     for [c=1:nc] $sweep index c - 1 using 1:5 with linespoints lc c notitle
unset multiplot
