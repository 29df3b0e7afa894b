/* insert.c — the price of inserting one stop into a route, the inner loop of recreate.
 *
 * With static travel an insertion between positions i-1 and i is feasible iff the new
 * stop is reached before its last window closes, the next position is then reached no
 * later than its latest start (route.c's backward pass: with several windows, waiting for
 * the next opening is already in it), the range allows the extra distance, and, when some
 * stop has a pickup, the largest load before the new stop plus its delivery and the
 * largest load from it on plus its pickup both fit (the route's prefix and suffix maxima):
 * O(1). That price is lm__insert_price in solver.h, inline because recreate calls it for
 * nearly every candidate position. With time-dependent travel an insertion is priced by
 * driving the whole changed route here: O(m) travel calls. The O(1) price counts driving
 * and service time but not a change of waiting time (per-hour costs only); the exact cost
 * of a changed route comes from lm__route_update and decides acceptance.
 *
 * Latest starts come from subtractions and so carry rounding; the O(1) test keeps a
 * margin of LM__EPS relative to the time so that it never accepts what the forward walk
 * would refuse.
 */
#include <math.h>

#include "routing/solver.h"

/* Drives route ri with u inserted before pos; returns the objective increase or
 * INFINITY. Used for time-dependent travel; kept out of line so that the O(1) path stays
 * small. */
__attribute__((noinline)) static double insert_cost_sim(const lm__ctx *c, const lm__sol *s,
                                                        uint32_t ri, uint32_t u, uint32_t pos) {
  const lm__route *r = &s->r[ri];
  const lm_rvehicle *v = &c->p->vehicles[r->veh];
  lm__walk w = {.t = v->shift_start_s, .at = v->start_node};
  for (int q = 0; q < LM__NQ; q++) w.load[q] = r->dsum[q] + lm__del(&c->p->stops[u], q);
  for (uint32_t i = 0; i <= r->n; i++) {
    if (i + 1 == pos && !lm__walk_visit(c, r->veh, &w, u)) return INFINITY;
    if (i < r->n && !lm__walk_visit(c, r->veh, &w, r->stop[i])) return INFINITY;
  }
  double d;
  w.t += lm__leg(c, r->veh, w.at, v->end_node, w.t, &d);
  w.dist += d;
  if (w.t > c->tend_s[r->veh] || w.dist > c->max_km[r->veh]) return INFINITY;
  return lm__route_price(c, r->veh, w.dist, w.t) - r->cost;
}

double lm__insert_cost(const lm__ctx *c, const lm__sol *s, uint32_t ri, uint32_t u, uint32_t pos) {
  if (!c->p->static_travel) return insert_cost_sim(c, s, ri, u, pos);
  const lm__legs L = lm__legs_of(c, s->r[ri].veh);
  return lm__insert_price(c, &s->r[ri], &L, u, pos);
}
