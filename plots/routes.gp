# routes.gp — the tours of one day of one strategy (replication 0): every tour from the
# depot and back in a colour of its own, and every stop marked by what happened there.
#
# Set by lastmile plot (besides style.gp's variables):
#   si          the strategy drawn (strategy[si]); day, the day's date and weekday (a string)
#   ntours      tours drawn (a van's wave is one tour)
#   nstops[5]   stops per outcome, in the order of $stops
#   map[4]      x_min, x_max, y_min, y_max (km)
#   $tours      x_km, y_km, colour (0xRRGGBB); a blank line ends a tour
#   $stops      data sets 0-4: every parcel handed over, some, none, never reached,
#               visits to lockers and pickup points; x_km, y_km (a NaN row when empty)
#   $depot      x_km, y_km
W = 900; H = 980
load scripts.'/style.gp'

set title sprintf("%s: tours of %s, strategy %s (replication 0)", scenario, day, strategy[si])
set size ratio -1
set xrange [map[1]:map[2]]
set yrange [map[3]:map[4]]
set xlabel 'x (km)'
set ylabel 'y (km)'
set grid xtics ytics
set border 15
set key outside below horizontal maxcols 2 spacing 1.2 samplen 2 Left reverse width 2
# Tour lines are a little transparent (alpha 0x40), so the stops stay readable.
plot $tours using 1:2:($3 + 0x40000000) with lines lc rgb variable lw 1.6 \
       title sprintf('tours (%d), one colour each', ntours), \
     $stops index 0 using 1:2 with points pt 7 ps 0.55 lc rgb '#1B7837' \
       title sprintf('all parcels handed over (%d stops)', nstops[1]), \
     $stops index 1 using 1:2 with points pt 7 ps 0.9 lc rgb '#E69F00' \
       title sprintf('some handed over (%d)', nstops[2]), \
     $stops index 2 using 1:2 with points pt 2 ps 0.9 lw 2 lc rgb '#C51B1B' \
       title sprintf('none handed over (%d)', nstops[3]), \
     $stops index 3 using 1:2 with points pt 6 ps 1.0 lw 1.5 lc rgb '#555555' \
       title sprintf('never reached (%d)', nstops[4]), \
     $stops index 4 using 1:2 with points pt 5 ps 1.5 lc rgb '#6A3D9A' \
       title sprintf('locker or pickup point (%d visits)', nstops[5]), \
     $depot using 1:2 with points pt 5 ps 2.6 lc rgb '#000000' title 'depot'
