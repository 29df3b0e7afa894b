/* traffic.h — travel times under speeds that change over the day.
 *
 * A trip's speed at time t is base_kmh x factor[hour of day of t] x the factor of every
 * slowdown (an incident, say) active at t. The trip's time is found by driving it piece
 * by piece between the moments the speed changes, so it is exact for piecewise-constant
 * speeds, and leaving later never means arriving earlier (first in, first out).
 */
#ifndef LASTMILE_TRAFFIC_H
#define LASTMILE_TRAFFIC_H

#include <stddef.h>

#define LM_TRAFFIC_HOURS 24

/* A period during which speeds are multiplied by `factor` (in (0, 1] slows down). */
typedef struct lm_slowdown {
  double start_s, end_s;
  double factor;
} lm_slowdown;

/* Seconds needed to drive `dist_km` (>= 0) leaving at `depart_s`, at base_kmh (> 0) times
 * factor_by_hour[hour] (each > 0) times the factors of the `n_slow` slowdowns. */
double lm_traffic_drive_s(const double factor_by_hour[LM_TRAFFIC_HOURS], double base_kmh,
                          const lm_slowdown *slow, size_t n_slow, double dist_km, double depart_s);

#endif
