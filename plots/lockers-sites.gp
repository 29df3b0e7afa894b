# lockers-sites.gp — parcels waiting in each locker and pickup point over one day of
# replication 0: one panel per site, one line per strategy, and the site's compartments
# (all size classes) as a dashed line when the stored scenario could be read again.
#
# Set by lastmile plot (besides style.gp's variables):
#   day         the day's date and weekday (a string), as in lockers.gp
#   nsites      the number of sites; site[1..nsites] their names ("site K" by index when
#               the stored scenario could not be read), capacity[1..nsites] their
#               compartments (NaN when unknown)
#   ylo, yhi    the y range, shared by every panel
#   $sites      data set (k-1) * ns + s-1 for site k, strategy s: hour, parcels in the site
cols = nsites < 3 ? nsites : 3
rows = (nsites + cols - 1) / cols
W = 360 * cols + 220; H = 300 * rows + 80
load scripts.'/style.gp'

set multiplot layout rows, cols \
    title sprintf("%s: parcels in each locker and pickup point over %s (replication 0)", scenario, day)
set xrange [0:24]
set xtics 0, 6, 24
set yrange [ylo:yhi]
set grid xtics ytics
set xlabel 'time of day (h)'
set ylabel 'parcels waiting'
# Only the first panel has a key (the strategies' colours and the compartments line).
set key inside left top vertical Left reverse samplen 2 opaque
do for [k=1:nsites] {
  set title site[k]
  if (k > 1) { unset key }
  if (capacity[k] == capacity[k]) {
    plot for [s=1:ns] $sites index (k - 1) * ns + s - 1 using 1:2 with steps lc s lw 2 \
           title strategy[s], \
         capacity[k] with lines dt 2 lc rgb '#555555' lw 1 title 'compartments'
  } else {
    plot for [s=1:ns] $sites index (k - 1) * ns + s - 1 using 1:2 with steps lc s lw 2 \
           title strategy[s]
  }
}
unset multiplot
