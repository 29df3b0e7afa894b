# daily.gp — day by day over the counted days: parcels received (and ordered, the same
# for every strategy), failed attempts, thefts, mean lateness of the parcels received
# that day, and vans used. Lines are means over replications, bands their 95%
# Student-t intervals.
#
# Set by lastmile plot (besides style.gp's variables):
#   nk (= 5); ktitle[k], kunit[k], ylo[k], yhi[k]   each panel's title, units, y range
#   klabel[k], ystep[k]   each panel's y label 'TITLE (UNIT)' and tic step
#   nreps, ndays
#   dated       1: x is the day's date as gnuplot time (seconds since 1970-01-01);
#               0: x is the counted-day index (a file without dates)
#   xlo, xhi    the x range; xstart, xstep: where the first labelled tic is, and the step
#   $daily      data set (k-1)*ns + s-1 for panel k and strategy s: x, mean, low, high
#   $ordered    x, parcels ordered (mean over replications)
W = 900; H = 1250
load scripts.'/style.gp'

top = 0.89; bottom = dated ? 0.085 : 0.06; gap = 0.04
ph = (top - bottom - (nk - 1) * gap) / nk
set multiplot title sprintf("%s: by day, mean and 95%% interval over %d replications", scenario, nreps)
# The panels share one left edge, far enough in for the widest tic label of any panel
# and the y label (in character widths of the font, so it holds for any font size).
ticw = 0
do for [k=1:nk] {
  do for [v in sprintf('%g %g', ystep[k] * ceil(ylo[k] / ystep[k]), ystep[k] * floor(yhi[k] / ystep[k]))] {
    ticw = strlen(v) > ticw ? strlen(v) : ticw
  }
}
set lmargin ticw + 5
set rmargin 3
if (dated) {
  set xdata time
  set timefmt '%s'
  xformat = "%a\n%d %b"
  xtitle = 'date (the counted days, after the warm-up)'
} else {
  xformat = '%g'
  xtitle = 'counted day (from 0, after the warm-up)'
}
set xrange [xlo:xhi]
set xtics xstart, xstep
set grid xtics ytics
set key at screen 0.5, screen 0.955 center top horizontal samplen 2 Left reverse width 2
do for [k=1:nk] {
  set tmargin at screen top - (k - 1) * (ph + gap)
  set bmargin at screen top - (k - 1) * (ph + gap) - ph
  set title ktitle[k] offset 0, -0.6
  set ylabel kunit[k]  # the panel title names the KPI; the panels are too low for both
  set yrange [ylo[k]:yhi[k]]
  set ytics ystep[k]
  if (k < nk) { set format x '' ; unset xlabel } else { set format x xformat; set xlabel xtitle }
  if (k == 1) {
    plot for [s=1:ns] $daily index (k - 1) * ns + s - 1 using 1:3:4 with filledcurves lc s notitle, \
         for [s=1:ns] $daily index (k - 1) * ns + s - 1 using 1:2 with linespoints lc s ps 0.8 title strategy[s], \
         $ordered using 1:2 with lines dt 2 lw 1.5 lc rgb '#555555' title 'parcels ordered'
  } else {
    plot for [s=1:ns] $daily index (k - 1) * ns + s - 1 using 1:3:4 with filledcurves lc s notitle, \
         for [s=1:ns] $daily index (k - 1) * ns + s - 1 using 1:2 with linespoints lc s ps 0.8 notitle
  }
}
unset multiplot
