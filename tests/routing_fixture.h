/* routing_fixture.h — a small routing problem with every kind of rule, shared by the tests
 * of the routing core's internal moves (test_routing_moves.c, test_routing_ls.c), and a
 * plain walk of any stop sequence that knows nothing of the solver's derived arrays.
 *
 * 60 stops in a 20 km square; time windows of one to three hours, every third stop with a
 * second window three hours after the first; every fourth stop collects parcels; every
 * seventh only for the bike (kind 1), every eleventh only for vans (kind 0). Four
 * vehicles: a van, a van with a 60 km range, a faster van (speed factor 1.25) with a
 * five-hour limit, and a bike on travel profile 1 (18 km/h, never congested) with a speed
 * factor of 1.1, a small load and a fixed cost. With `dependent` set, profile 0 crawls at
 * 12 km/h before 10:00 (FIFO), so travel is time-dependent. The objective is cost (20 per
 * hour); a test may switch it to distance, which fx_walk then prices, or give the vehicles
 * planned overtime (fx_overtime). fx_check walks any problem's routes the same way.
 */
#ifndef LM_TESTS_ROUTING_FIXTURE_H
#define LM_TESTS_ROUTING_FIXTURE_H

#include <math.h>
#include <string.h>

#include "lastmile/rng.h"
#include "lastmile/routing.h"
#include "routing/solver.h"

#define FX_N   60
#define FX_V   4
#define FX_MAX 2600

typedef struct fx_points {
  double x[FX_MAX + 1], y[FX_MAX + 1];
  int slow_morning;
} fx_points;

static inline double fx_travel(void *ud, uint32_t profile, uint32_t a, uint32_t b, double depart_s,
                               double *dist_km) {
  const fx_points *p = ud;
  double d = hypot(p->x[a] - p->x[b], p->y[a] - p->y[b]);
  *dist_km = d;
  if (profile == 1) return d / 18.0 * 3600.0;
  double fast = d / 30.0 * 3600.0;
  if (!p->slow_morning || depart_s >= 10 * 3600.0) return fast;
  double slow = d / 12.0 * 3600.0;
  if (depart_s + slow <= 10 * 3600.0) return slow;
  double km_slow = 12.0 * (10 * 3600.0 - depart_s) / 3600.0;
  return 10 * 3600.0 - depart_s + (d - km_slow) / 30.0 * 3600.0;
}

typedef struct fixture {
  fx_points pts;
  lm_rstop stops[FX_N];
  double windows[FX_N][4];
  lm_rvehicle veh[FX_V];
  lm_rproblem p;
  lm__ctx c;
  lm__sol s;
} fixture;

static inline void fx_stops(fixture *f, lm_rng *r) {
  for (uint32_t i = 0; i < FX_N; i++) {
    f->pts.x[i + 1] = 20.0 * lm_rng_uniform(r) - 10.0;
    f->pts.y[i + 1] = 20.0 * lm_rng_uniform(r) - 10.0;
    double open = 8 * 3600.0 + 3600.0 * (double)lm_rng_below(r, 8);
    lm_rstop *s = &f->stops[i];
    *s = (lm_rstop){.node = i + 1,
                    .parcels = 1 + lm_rng_below(r, 2),
                    .volume_l = 5.0,
                    .service_s = 300.0,
                    .open_s = open,
                    .close_s = open + 3600.0 * (double)(1 + lm_rng_below(r, 3)),
                    .penalty = 1e6};
    if (i % 3 == 0) {
      double *w = f->windows[i];
      w[0] = s->open_s;
      w[1] = s->close_s;
      w[2] = w[1] + 3 * 3600.0;
      w[3] = w[2] + 3600.0;
      s->windows = w;
      s->n_windows = 2;
    }
    if (i % 4 == 1) {
      s->pickup_parcels = 1 + lm_rng_below(r, 3);
      s->pickup_volume_l = 25.0;
    }
    if (i % 7 == 2) s->allowed_kinds = 1u << 1;
    if (i % 11 == 5) s->allowed_kinds = 1u << 0;
  }
}

static inline void fx_build(fixture *f, int dependent, uint64_t seed) {
  lm_rng *r = lm_rng_create(seed, 0, 0);
  memset(f, 0, sizeof *f);
  f->pts.slow_morning = dependent;
  fx_stops(f, r);
  lm_rng_destroy(r);
  for (int v = 0; v < FX_V; v++)
    f->veh[v] = (lm_rvehicle){.capacity_parcels = 30,
                              .capacity_volume_l = 100.0,
                              .shift_start_s = 7.5 * 3600.0,
                              .shift_end_s = 18 * 3600.0,
                              .cost_per_km = 1.0,
                              .cost_per_hour = 20.0};
  f->veh[1].max_distance_km = 60.0;
  f->veh[2].max_duration_s = 5 * 3600.0;
  f->veh[2].speed_factor = 1.25;
  f->veh[3] = (lm_rvehicle){.capacity_parcels = 10,
                            .capacity_volume_l = 50.0,
                            .shift_start_s = 7.5 * 3600.0,
                            .shift_end_s = 18 * 3600.0,
                            .cost_fixed = 5.0,
                            .cost_per_km = 0.5,
                            .cost_per_hour = 20.0,
                            .kind = 1,
                            .profile = 1,
                            .speed_factor = 1.1};
  f->p = (lm_rproblem){.stops = f->stops,
                       .n_stops = FX_N,
                       .vehicles = f->veh,
                       .n_vehicles = FX_V,
                       .travel = fx_travel,
                       .travel_ud = &f->pts,
                       .static_travel = !dependent,
                       .node_x = f->pts.x,
                       .node_y = f->pts.y,
                       .n_nodes = FX_N + 1,
                       .objective = LM_OBJ_COST,
                       .n_profiles = 2};
}

/* Planned overtime on every vehicle: after after_s, rate per hour on top. */
static inline void fx_overtime(fixture *f, double after_s, double rate) {
  for (int v = 0; v < FX_V; v++) {
    f->veh[v].overtime_after_s = after_s;
    f->veh[v].cost_per_overtime_hour = rate;
  }
}

static inline int fx_start(fixture *f) {
  int rc = lm__ctx_init(&f->c, &f->p);
  return rc ? rc : lm__sol_init(&f->c, &f->s);
}

static inline void fx_free(fixture *f) {
  lm__sol_free(&f->s);
  lm__ctx_free(&f->c);
}

/* The objective cost of vehicle veh driving dist km and returning at back_s: fixed, per km,
 * per hour from the shift start and per overtime hour after overtime_after_s (LM_OBJ_COST);
 * the distance (LM_OBJ_DISTANCE). */
static inline double fx_price(const lm_rproblem *p, const lm_rvehicle *veh, double dist,
                              double back_s) {
  if (p->objective == LM_OBJ_DISTANCE) return dist;
  double cost = veh->cost_fixed + veh->cost_per_km * dist +
                veh->cost_per_hour * (back_s - veh->shift_start_s) / 3600.0;
  if (veh->overtime_after_s > 0.0) {
    double over = back_s - fmax(veh->overtime_after_s, veh->shift_start_s);
    if (over > 0.0) cost += veh->cost_per_overtime_hour * over / 3600.0;
  }
  return cost;
}

/* Walks vehicle v of problem p through seq[0..m-1] with p's travel function, checking
 * every rule. Returns the objective cost (0 for no stops) or INFINITY; *busy_cost (may be
 * NULL) gets the cost counting driving and service but no waiting. */
static inline double fx_check(const lm_rproblem *p, uint32_t v, const uint32_t *seq, uint32_t m,
                              double *busy_cost) {
  const lm_rvehicle *veh = &p->vehicles[v];
  double sf = veh->speed_factor > 0.0 ? veh->speed_factor : 1.0, tend = veh->shift_end_s;
  if (veh->max_duration_s > 0.0) tend = fmin(tend, veh->shift_start_s + veh->max_duration_s);
  double t = veh->shift_start_s, dist = 0.0, d, busy = 0.0, load[2] = {0.0, 0.0};
  uint32_t at = veh->start_node;
  if (busy_cost) *busy_cost = 0.0;
  if (m == 0) return 0.0;
  for (uint32_t i = 0; i < m; i++) {
    load[0] += p->stops[seq[i]].parcels;
    load[1] += p->stops[seq[i]].volume_l;
  }
  int ok = load[0] <= veh->capacity_parcels && load[1] <= veh->capacity_volume_l + 1e-9;
  for (uint32_t i = 0; i < m; i++) {
    const lm_rstop *s = &p->stops[seq[i]];
    double leg = p->travel(p->travel_ud, veh->profile, at, s->node, t, &d) / sf;
    t += leg;
    busy += leg + s->service_s;
    dist += d;
    if (s->allowed_kinds && !((s->allowed_kinds >> veh->kind) & 1u)) ok = 0;
    double one[2] = {s->open_s, s->close_s};
    const double *w = s->n_windows ? s->windows : one;
    uint32_t k = 0, nw = s->n_windows ? s->n_windows : 1;
    while (k < nw && t > w[2 * k + 1]) k++;
    if (k == nw)
      ok = 0;
    else
      t = fmax(t, w[2 * k]);
    t += s->service_s;
    load[0] += (double)s->pickup_parcels - s->parcels;
    load[1] += s->pickup_volume_l - s->volume_l;
    ok &= load[0] <= veh->capacity_parcels && load[1] <= veh->capacity_volume_l + 1e-9;
    at = s->node;
  }
  double back = p->travel(p->travel_ud, veh->profile, at, veh->end_node, t, &d) / sf;
  t += back;
  dist += d;
  busy += back;
  if (t > tend + 1e-9 || (veh->max_distance_km > 0.0 && dist > veh->max_distance_km + 1e-9)) ok = 0;
  if (busy_cost) *busy_cost = fx_price(p, veh, dist, veh->shift_start_s + busy);
  return ok ? fx_price(p, veh, dist, t) : INFINITY;
}

/* fx_check of the fixture's problem. */
static inline double fx_walk(const fixture *f, uint32_t v, const uint32_t *seq, uint32_t m,
                             double *busy_cost) {
  return fx_check(&f->p, v, seq, m, busy_cost);
}

/* fx_walk of route ri as it stands. */
static inline double fx_route(const fixture *f, uint32_t ri, double *busy_cost) {
  const lm__route *r = &f->s.r[ri];
  return fx_walk(f, r->veh, r->stop, r->n, busy_cost);
}

#endif
