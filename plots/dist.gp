# dist.gp — distributions over the parcels received in replication 0: the time from
# order to receipt, and the lateness (time received after the end of the promised day,
# 0 when on time). Each line climbs to 100%: read off the share of parcels received
# within a time; in the lateness panel the height at 0 is the share on time.
#
# Set by lastmile plot (besides style.gp's variables):
#   xr[4]     the x ranges of the two panels (h)
#   $dist     data sets 2(s-1) and 2(s-1)+1 for strategy s: hours, % of parcels at
#             most that (a NaN row when it received none)
W = 1000; H = 480
load scripts.'/style.gp'

set multiplot layout 1,2 \
    title sprintf("%s: parcels received in replication 0, cumulative share", scenario)
set grid xtics ytics
set ylabel 'received within this time (%)'
set yrange [0:100]
# Below and right of a distribution function nothing is drawn: the key goes there.
set key inside right bottom vertical Left reverse width 2
set xlabel 'time from order to receipt (h)'
set xrange [xr[1]:xr[2]]
plot for [s=1:ns] $dist index 2 * (s - 1) using 1:2 with steps lc s lw 2 title strategy[s]
set xlabel 'lateness after the promised day (h)'
set ylabel 'received at most this late (%)'
set xrange [xr[3]:xr[4]]
plot for [s=1:ns] $dist index 2 * (s - 1) + 1 using 1:2 with steps lc s lw 2 notitle
unset multiplot
