# lockers.gp — parcels waiting in lockers and pickup points (all sites together) over
# one day of replication 0, one line per strategy: each step is a parcel placed by a
# van or taken out by its customer (or sent back at its deadline).
#
# Set by lastmile plot (besides style.gp's variables):
#   day         the day's date and weekday (a string): the day of the tours when the file
#               has them, else the last day with orders
#   ylo, yhi    the y range
#   $lockers    data set s-1 for strategy s: hour of the day, parcels in the sites
W = 900; H = 540
load scripts.'/style.gp'

set title sprintf("%s: parcels in lockers and pickup points over %s (replication 0)", scenario, day)
set xlabel 'time of day (h)'
set ylabel 'parcels waiting, all sites (parcels)'
set xrange [0:24]
set xtics 0, 3, 24
set yrange [ylo:yhi]
set grid xtics ytics
# The key stands right of the plot, clear of the data and of both axis labels.
set key outside right top vertical Left reverse samplen 2
plot for [s=1:ns] $lockers index s - 1 using 1:2 with steps lc s lw 2 title strategy[s]
