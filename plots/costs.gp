# costs.gp — what a parcel costs the carrier, by part, what it costs the public (external
# costs), by part, and the CO2 it takes, per strategy: means over replications, per parcel
# received. The carrier's parts are the model's cost KPIs (cost_vehicles, cost_distance,
# cost_driver, cost_lockers, cost_theft, cost_returns, cost_notifications, cost_restock),
# which add up exactly to cost_total, so the stacked bar reaches cost_per_parcel (its mean
# and 95% interval: the black dot and bar). The external parts (external_climate_eur,
# external_air_pollution_eur, external_noise_eur, external_congestion_eur,
# external_accidents_eur) add up exactly to external_cost_eur, so their bar reaches
# external_cost_per_parcel.
#
# Set by lastmile plot (besides style.gp's variables):
#   nparts; part[p]       the carrier's parts' names
#   neparts; epart[p]     the external parts' names
#   costhi, exthi, co2hi  the top of each panel's y axis
#   nreps, ndays
#   $costs                one row per strategy: x (0-based), then for each carrier part the
#                         bottom and top of its rectangle, then cost per parcel mean,
#                         low, high, then CO2 per parcel mean, low, high, linetype, then
#                         for each external part the bottom and top of its rectangle,
#                         then external cost per parcel mean, low, high
W = 1400; H = 560
load scripts.'/style.gp'

array pc[8] = ['#0072B2', '#56B4E9', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#F0E442', '#999999']
array pe[5] = ['#332288', '#88CCEE', '#44AA99', '#DDCC77', '#AA4499']
c0 = 2 * nparts + 2   # the column of cost per parcel's mean
e0 = c0 + 7           # the column of the first external part's bottom
x0 = e0 + 2 * neparts # the column of external cost per parcel's mean
set multiplot title sprintf("%s: per parcel received, mean over %d replications (%d counted days)", scenario, nreps, ndays)
set xrange [-0.6:ns - 0.4]
set xtics ()
do for [i=1:ns] { set xtics add (strategy_tic[i] i - 1) }
if (ns * maxname > 24) { set xtics rotate by -20 left }
set grid noxtics ytics
set style fill solid 0.9 noborder

# Three panels side by side with gnuplot's own margins (no label is cut off at any font
# size); the key of each stacked panel stands right of it, inside its share of the
# canvas, and the top 8% is left to the title.
set origin 0, 0
set size 0.42, 0.92
set title 'cost per parcel, by part'
set ylabel 'cost per parcel received (EUR/parcel)'
set yrange [0:costhi]
set key outside right top vertical samplen 2 Left reverse
plot for [p=1:nparts] $costs using 1:(column(2 * p + 1)):($1 - 0.3):($1 + 0.3):(column(2 * p)):(column(2 * p + 1)) \
       with boxxyerror lc rgb pc[(p - 1) % 8 + 1] title part[p], \
     $costs using 1:c0:(column(c0 + 1)):(column(c0 + 2)) with yerrorbars lc rgb '#000000' pt 7 ps 0.7 lw 1.5 title 'total, 95% interval'

set origin 0.42, 0
set size 0.37, 0.92
set title 'external cost per parcel, by part'
set ylabel 'external cost per parcel received (EUR/parcel)'
set yrange [0:exthi]
plot for [p=1:neparts] $costs using 1:(column(e0 + 2 * p - 1)):($1 - 0.3):($1 + 0.3):(column(e0 + 2 * p - 2)):(column(e0 + 2 * p - 1)) \
       with boxxyerror lc rgb pe[(p - 1) % 5 + 1] title epart[p], \
     $costs using 1:x0:(column(x0 + 1)):(column(x0 + 2)) with yerrorbars lc rgb '#000000' pt 7 ps 0.7 lw 1.5 title 'total, 95% interval'

set origin 0.79, 0
set size 0.21, 0.92
set title 'CO2 per parcel'
set ylabel 'CO2 per parcel received (g/parcel)'
set yrange [0:co2hi]
plot $costs using 1:(column(c0 + 3)):(column(c0 + 4)):(column(c0 + 5)):(column(c0 + 6)) with yerrorbars lc variable pt 7 ps 1.6 lw 2 notitle
unset multiplot
