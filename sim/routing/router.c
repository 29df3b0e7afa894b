/* router.c — the first routing core: nearest-neighbour construction and 2-opt.
 *
 * Vehicles are filled one after another. Each takes, from where it stands, the
 * unassigned stop it can reach first among those that still fit its capacity, can be
 * served before the stop closes, and leave time to drive back before the shift ends;
 * when none is left the vehicle goes home. Each route is then improved by 2-opt
 * (reversing a segment) while a reversal shortens it and the route stays feasible,
 * for at most `iterations` improving moves in all. Stops no vehicle can take are
 * reported unserved, so an overloaded day degrades instead of failing.
 *
 * Cost: construction makes O(n^2) travel calls for n stops; a 2-opt pass is O(m^2)
 * candidate moves per route of m stops, each checked in O(m). This is a placeholder
 * with the final interface: the routing-core work replaces the inside of this file.
 */
#include "lastmile/routing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct lm_router {
  lm_router_opts opts;
};

lm_router *lm_router_create(const lm_router_opts *opts) {
  lm_router *r = calloc(1, sizeof *r);
  if (r && opts) r->opts = *opts;
  return r;
}

void lm_router_destroy(lm_router *r) { free(r); }

void lm_rplan_clear(lm_rplan *plan) {
  free(plan->begin);
  free(plan->order);
  free(plan->unserved);
  memset(plan, 0, sizeof *plan);
}

/* Drives `v` through stops seq[0..m-1]. Returns 1 when every stop is reached before it
 * closes and the vehicle is back by the end of its shift; sets distance and duration. */
static int route_eval(const lm_rproblem *p, const lm_rvehicle *v, const uint32_t *seq,
                      size_t m, double *dist_km, double *dur_s) {
  double t = v->shift_start_s, dist = 0.0, d;
  uint32_t at = v->start_node;
  int ok = 1;
  for (size_t i = 0; i < m; i++) {
    const lm_rstop *s = &p->stops[seq[i]];
    t += p->travel(p->travel_ud, at, s->node, t, &d);
    dist += d;
    if (t > s->close_s) ok = 0;
    if (t < s->open_s) t = s->open_s;
    t += s->service_s;
    at = s->node;
  }
  t += p->travel(p->travel_ud, at, v->end_node, t, &d);
  dist += d;
  if (t > v->shift_end_s) ok = 0;
  *dist_km = dist;
  *dur_s = t - v->shift_start_s;
  return ok;
}

/* Appends to vehicle v the reachable stops, nearest first. */
static size_t construct_route(const lm_rproblem *p, const lm_rvehicle *v, uint8_t *taken,
                              uint32_t *out) {
  size_t m = 0;
  uint32_t at = v->start_node, parcels = 0;
  double t = v->shift_start_s, volume = 0.0, d;
  for (;;) {
    size_t best = SIZE_MAX;
    double best_arrive = INFINITY;
    for (size_t j = 0; j < p->n_stops; j++) {
      const lm_rstop *s = &p->stops[j];
      if (taken[j] || parcels + s->parcels > v->capacity_parcels ||
          volume + s->volume_l > v->capacity_volume_l)
        continue;
      double arrive = t + p->travel(p->travel_ud, at, s->node, t, &d);
      if (arrive >= best_arrive || arrive > s->close_s) continue;
      double done = fmax(arrive, s->open_s) + s->service_s;
      if (done + p->travel(p->travel_ud, s->node, v->end_node, done, &d) > v->shift_end_s)
        continue;
      best = j;
      best_arrive = arrive;
    }
    if (best == SIZE_MAX) return m;
    const lm_rstop *s = &p->stops[best];
    taken[best] = 1;
    out[m++] = (uint32_t)best;
    parcels += s->parcels;
    volume += s->volume_l;
    t = fmax(best_arrive, s->open_s) + s->service_s;
    at = s->node;
  }
}

static void reverse(uint32_t *seq, size_t i, size_t k) {
  while (i < k) {
    uint32_t tmp = seq[i];
    seq[i++] = seq[k];
    seq[k--] = tmp;
  }
}

static double dist_between(const lm_rproblem *p, uint32_t a, uint32_t b) {
  double d;
  p->travel(p->travel_ud, a, b, 0.0, &d);
  return d;
}

/* First-improvement 2-opt on one route; returns the improving moves made. A candidate
 * is priced in O(1) from the four distances it changes (taken at departure time 0);
 * only a promising one is driven in full to check time feasibility. */
static uint32_t two_opt(const lm_rproblem *p, const lm_rvehicle *v, uint32_t *seq, size_t m,
                        uint32_t budget) {
  uint32_t moves = 0;
  double dist, dur;
  int improved = 1;
  while (improved && moves < budget) {
    improved = 0;
    for (size_t i = 0; i + 1 < m && moves < budget; i++) {
      uint32_t before = i == 0 ? v->start_node : p->stops[seq[i - 1]].node;
      uint32_t first = p->stops[seq[i]].node;
      double d_before = dist_between(p, before, first);
      for (size_t k = i + 1; k < m && moves < budget; k++) {
        uint32_t last = p->stops[seq[k]].node;
        uint32_t after = k + 1 == m ? v->end_node : p->stops[seq[k + 1]].node;
        double delta = dist_between(p, before, last) + dist_between(p, first, after) -
                       d_before - dist_between(p, last, after);
        if (delta > -1e-9) continue;
        reverse(seq, i, k);
        if (route_eval(p, v, seq, m, &dist, &dur)) {
          moves++;
          improved = 1;
          first = p->stops[seq[i]].node;
          d_before = dist_between(p, before, first);
        } else {
          reverse(seq, i, k);
        }
      }
    }
  }
  return moves;
}

int lm_router_solve(lm_router *r, const lm_rproblem *p, lm_rplan *plan) {
  memset(plan, 0, sizeof *plan);
  size_t n = p->n_stops;
  plan->n_vehicles = p->n_vehicles;
  plan->begin = calloc(p->n_vehicles + 1, sizeof *plan->begin);
  plan->order = malloc((n ? n : 1) * sizeof *plan->order);
  plan->unserved = malloc((n ? n : 1) * sizeof *plan->unserved);
  uint8_t *taken = calloc(n ? n : 1, 1);
  if (!plan->begin || !plan->order || !plan->unserved || !taken) {
    free(taken);
    lm_rplan_clear(plan);
    return LM_ENOMEM;
  }
  size_t used = 0;
  uint32_t budget = r->opts.iterations;
  for (size_t v = 0; v < p->n_vehicles; v++) {
    const lm_rvehicle *veh = &p->vehicles[v];
    plan->begin[v] = used;
    size_t m = construct_route(p, veh, taken, plan->order + used);
    budget -= two_opt(p, veh, plan->order + used, m, budget);
    if (m > 0) {
      double dist, dur;
      route_eval(p, veh, plan->order + used, m, &dist, &dur);
      plan->distance_km += dist;
      plan->duration_s += dur;
      plan->cost += veh->cost_fixed + veh->cost_per_km * dist + veh->cost_per_hour * dur / 3600.0;
    }
    used += m;
  }
  plan->begin[p->n_vehicles] = used;
  for (size_t j = 0; j < n; j++) {
    if (taken[j]) continue;
    plan->unserved[plan->n_unserved++] = (uint32_t)j;
    plan->cost += p->stops[j].penalty;
  }
  free(taken);
  return 0;
}
