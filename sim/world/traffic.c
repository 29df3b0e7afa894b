/* traffic.c — driving a distance through piecewise-constant speeds.
 *
 * From the current time the next change is the nearer of the next hour boundary and
 * the next start or end of a slowdown; the distance covered until then at the current
 * speed is subtracted, and the last piece is solved exactly. Cost: one step per change
 * crossed, O(n_slow) each.
 */
#include "lastmile/traffic.h"

#include <math.h>

#define HOUR_S 3600.0

double lm_traffic_drive_s(const double factor_by_hour[LM_TRAFFIC_HOURS], double base_kmh,
                          const lm_slowdown *slow, size_t n_slow, double dist_km, double depart_s) {
  double left_km = dist_km, t = depart_s;
  while (left_km > 0.0) {
    double hour = floor(t / HOUR_S);
    double speed = base_kmh * factor_by_hour[(long)fmod(hour, LM_TRAFFIC_HOURS)];
    double change = (hour + 1.0) * HOUR_S;
    for (size_t i = 0; i < n_slow; i++) {
      if (slow[i].start_s <= t && t < slow[i].end_s) speed *= slow[i].factor;
      if (slow[i].start_s > t && slow[i].start_s < change) change = slow[i].start_s;
      if (slow[i].end_s > t && slow[i].end_s < change) change = slow[i].end_s;
    }
    double reach_km = speed * (change - t) / HOUR_S;
    if (reach_km >= left_km) return t + left_km / speed * HOUR_S - depart_s;
    left_km -= reach_km;
    t = change;
  }
  return 0.0;
}
