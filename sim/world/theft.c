/* theft.c — cumulative hazard of a door drop and its inverse.
 *
 * Both walk the exposure hour by hour: each piece contributes rate x duration. The cost
 * is one step per hour of exposure (a parcel rarely waits more than a day or two); the
 * inverse stops in the hour where the target is reached and solves the linear piece
 * there exactly.
 */
#include "lastmile/theft.h"

#include <math.h>

#define HOUR_S         3600.0
#define SEARCH_LIMIT_S (400.0 * 86400.0)

static double rate_at(const double rate_per_h[LM_THEFT_HOURS], double t_s) {
  double hour = floor(t_s / HOUR_S);
  return rate_per_h[(long)fmod(hour, (double)LM_THEFT_HOURS)];
}

double lm_theft_cumulative(const double rate_per_h[LM_THEFT_HOURS], double from_s, double to_s) {
  double h = 0.0, t = from_s;
  while (t < to_s) {
    double hour_end = (floor(t / HOUR_S) + 1.0) * HOUR_S;
    double end = hour_end < to_s ? hour_end : to_s;
    h += rate_at(rate_per_h, t) * (end - t) / HOUR_S;
    t = end;
  }
  return h;
}

double lm_theft_time(const double rate_per_h[LM_THEFT_HOURS], double from_s, double limit_s,
                     double target) {
  double left = target, t = from_s;
  double stop = fmin(limit_s, from_s + SEARCH_LIMIT_S);
  while (t < stop) {
    double hour_end = (floor(t / HOUR_S) + 1.0) * HOUR_S;
    double end = hour_end < stop ? hour_end : stop;
    double rate = rate_at(rate_per_h, t);
    double piece = rate * (end - t) / HOUR_S;
    if (piece >= left && rate > 0.0) {
      double when = t + left / rate * HOUR_S;
      return when < limit_s ? when : INFINITY;
    }
    left -= piece;
    t = end;
  }
  return INFINITY;
}
