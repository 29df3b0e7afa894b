# costs.gp — what a parcel costs, by part, and the CO2 it takes, per strategy: means over
# replications, per parcel received. The parts are the model's cost KPIs (cost_vehicles,
# cost_distance, cost_driver, cost_lockers, cost_theft, cost_returns, cost_notifications,
# cost_restock), which add up exactly to cost_total, so the stacked bar reaches
# cost_per_parcel (its mean and 95% interval: the black dot and bar).
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

array pc[8] = ['#0072B2', '#56B4E9', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#F0E442', '#999999']
c0 = 2 * nparts + 2   # the column of cost per parcel's mean
set multiplot title sprintf("%s: per parcel received, mean over %d replications (%d counted days)", scenario, nreps, ndays)
set xrange [-0.6:ns - 0.4]
set xtics ()
do for [i=1:ns] { set xtics add (strategy_tic[i] i - 1) }
if (ns * maxname > 24) { set xtics rotate by -20 left }
set grid noxtics ytics
set style fill solid 0.9 noborder

# Two panels side by side with gnuplot's own margins (no label is cut off at any font
# size); the key of the parts stands right of the left panel, inside its share of the
# canvas, and the top 8% is left to the title.
set origin 0, 0
set size 0.64, 0.92
set title 'cost per parcel, by part'
set ylabel 'cost per parcel received (EUR/parcel)'
set yrange [0:costhi]
set key outside right top vertical samplen 2 Left reverse
plot for [p=1:nparts] $costs using 1:(column(2 * p + 1)):($1 - 0.3):($1 + 0.3):(column(2 * p)):(column(2 * p + 1)) \
       with boxxyerror lc rgb pc[(p - 1) % 8 + 1] title part[p], \
     $costs using 1:c0:(column(c0 + 1)):(column(c0 + 2)) with yerrorbars lc rgb '#000000' pt 7 ps 0.7 lw 1.5 title 'total, 95% interval'

set origin 0.64, 0
set size 0.36, 0.92
set title 'CO2 per parcel'
set ylabel 'CO2 per parcel received (g/parcel)'
set yrange [0:co2hi]
plot $costs using 1:(column(c0 + 3)):(column(c0 + 4)):(column(c0 + 5)):(column(c0 + 6)) with yerrorbars lc variable pt 7 ps 1.6 lw 2 notitle
unset multiplot
