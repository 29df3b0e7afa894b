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

/* A walk along a candidate route, leg by leg, as lm__route_update would drive it. */
typedef struct walk {
  double t, dist, load[LM__NQ];
  uint32_t at;
  int ok;
} walk;

static void walk_stop(const lm__ctx *c, uint32_t v, walk *w, uint32_t u) {
  const lm_rstop *st = &c->p->stops[u];
  double d;
  w->t += lm__leg(c, v, w->at, st->node, w->t, &d);
  w->dist += d;
  double start = lm__tw_start(st, w->t);
  if (start == INFINITY) {
    w->ok = 0;
    return;
  }
  w->t = start + st->service_s;
  w->at = st->node;
  for (int q = 0; q < LM__NQ; q++) {
    w->load[q] = w->load[q] - lm__del(st, q) + lm__pick(st, q);
    if (w->load[q] > c->capq[(size_t)v * LM__NQ + (size_t)q]) w->ok = 0;
  }
}

/* Drives route ri with u inserted before pos; returns the objective increase or
 * INFINITY. Used for time-dependent travel; kept out of line so that the O(1) path stays
 * small. */
__attribute__((noinline)) static double insert_cost_sim(const lm__ctx *c, const lm__sol *s,
                                                        uint32_t ri, uint32_t u, uint32_t pos) {
  const lm__route *r = &s->r[ri];
  const lm_rvehicle *v = &c->p->vehicles[r->veh];
  walk w = {.t = v->shift_start_s, .at = v->start_node, .ok = 1};
  for (int q = 0; q < LM__NQ; q++) w.load[q] = r->dsum[q] + lm__del(&c->p->stops[u], q);
  for (uint32_t i = 0; i <= r->n && w.ok; i++) {
    if (i + 1 == pos) walk_stop(c, r->veh, &w, u);
    if (i < r->n && w.ok) walk_stop(c, r->veh, &w, r->stop[i]);
  }
  if (!w.ok) return INFINITY;
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
