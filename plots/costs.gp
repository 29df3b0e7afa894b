# costs.gp — what a parcel costs, by part, and the CO2 it takes, per strategy: means over
# replications, per parcel received. The parts add up to cost_per_parcel (its 95%
# interval is the black bar): fixed van cost, distance, driver time (in-shift and
# overtime), redelivery (the share of distance and driver time spent on attempts after
# a first failure, by count of attempts), and theft (uninsured value and premiums).
#
# Set by lastmile plot (besides style.gp's variables):
#   nparts; part[p]       the parts' names
#   costhi, co2hi         the top of each panel's y axis
#   nreps, ndays
#   $costs                one row per strategy: x (0-based), then for each part the
#                         bottom and top of its rectangle, then cost per parcel mean,
#                         low, high, then CO2 per parcel mean, low, high, linetype
W = 1000; H = 560
load scripts.'/style.gp'

array pc[5] = ['#0072B2', '#56B4E9', '#E69F00', '#D55E00', '#CC79A7']
set multiplot title sprintf("%s: per parcel received, mean over %d replications (%d counted days)", scenario, nreps, ndays)
set xrange [-0.6:ns - 0.4]
set xtics ()
do for [i=1:ns] { set xtics add (strategy[i] i - 1) }
if (ns * maxname > 32) { set xtics rotate by -20 left }
set grid noxtics ytics
set style fill solid 0.9 noborder

set lmargin at screen 0.08
set rmargin at screen 0.41
set tmargin at screen 0.87
set bmargin at screen 0.14
set title 'cost per parcel, by part'
set ylabel 'EUR per parcel'
set yrange [0:costhi]
set key at screen 0.425, screen 0.87 left top vertical samplen 2 Left reverse
plot for [p=1:nparts] $costs using 1:(column(2 * p + 1)):($1 - 0.3):($1 + 0.3):(column(2 * p)):(column(2 * p + 1)) \
       with boxxyerror lc rgb pc[(p - 1) % 5 + 1] title part[p], \
     $costs using 1:12:13:14 with yerrorbars lc rgb '#000000' pt 7 ps 0.7 lw 1.5 title 'total, 95% interval'

set lmargin at screen 0.68
set rmargin at screen 0.98
set title 'CO2 per parcel'
set ylabel 'g CO2 per parcel'
set yrange [0:co2hi]
plot $costs using 1:15:16:17:18 with yerrorbars lc variable pt 7 ps 1.6 lw 2 notitle
unset multiplot
