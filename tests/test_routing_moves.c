/* test_routing_moves.c — the routing core's internal moves, checked against a plain
 * re-drive of the changed route: the O(1) insertion price and feasibility with static
 * travel, the re-driving price with time-dependent travel, string removal and the
 * route bookkeeping, and the grid neighbour search against brute force.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lastmile/rng.h"
#include "lastmile/routing.h"
#include "routing/solver.h"

#define N_MAX 2600

typedef struct points {
  double x[N_MAX + 1], y[N_MAX + 1];
  int slow_morning;
} points;

/* 30 km/h, or 12 km/h for departures before 10:00 when slow_morning is set (FIFO: the
 * slow speed only applies to trips that also end before the switch). */
static double travel(void *ud, uint32_t a, uint32_t b, double depart_s, double *dist_km) {
  const points *p = ud;
  double d = hypot(p->x[a] - p->x[b], p->y[a] - p->y[b]);
  *dist_km = d;
  double fast = d / 30.0 * 3600.0;
  if (!p->slow_morning || depart_s >= 10 * 3600.0) return fast;
  double slow = d / 12.0 * 3600.0;
  if (depart_s + slow <= 10 * 3600.0) return slow;
  double km_slow = 12.0 * (10 * 3600.0 - depart_s) / 3600.0;
  return 10 * 3600.0 - depart_s + (d - km_slow) / 30.0 * 3600.0;
}

typedef struct fixture {
  points pts;
  lm_rstop stops[60];
  lm_rvehicle veh[3];
  lm_rproblem p;
  lm__ctx c;
  lm__sol s;
} fixture;

static void build(fixture *f, int dependent, uint64_t seed) {
  lm_rng *r = lm_rng_create(seed, 0, 0);
  memset(f, 0, sizeof *f);
  f->pts.slow_morning = dependent;
  for (uint32_t i = 0; i < 60; i++) {
    f->pts.x[i + 1] = 20.0 * lm_rng_uniform(r) - 10.0;
    f->pts.y[i + 1] = 20.0 * lm_rng_uniform(r) - 10.0;
    double open = 8 * 3600.0 + 3600.0 * (double)lm_rng_below(r, 8);
    f->stops[i] = (lm_rstop){.node = i + 1,
                             .parcels = 1 + lm_rng_below(r, 2),
                             .volume_l = 5.0,
                             .service_s = 300.0,
                             .open_s = open,
                             .close_s = open + 3600.0 * (double)(1 + lm_rng_below(r, 3)),
                             .penalty = 1e6};
  }
  for (int v = 0; v < 3; v++)
    f->veh[v] = (lm_rvehicle){.capacity_parcels = 40,
                              .capacity_volume_l = 1e9,
                              .shift_start_s = 7.5 * 3600.0,
                              .shift_end_s = 18 * 3600.0,
                              .cost_per_km = 1.0,
                              .cost_per_hour = 20.0};
  f->veh[2].max_duration_s = 5 * 3600.0;
  f->p = (lm_rproblem){f->stops, 60,       f->veh, 3,           travel, &f->pts, !dependent,
                       f->pts.x, f->pts.y, 61,     LM_OBJ_COST, NULL,   NULL, 0};
  lm_rng_destroy(r);
  /* The context by hand, as router.c builds it for this objective. */
  lm__ctx *c = &f->c;
  c->p = &f->p;
  c->n = 60;
  c->nv = 3;
  c->nn = 61;
  static double pen[60], ckm[3], chr[3], cfix[3], tend[3], depot_d[60];
  static uint32_t vtype[3];
  for (int v = 0; v < 3; v++) {
    ckm[v] = 1.0;
    chr[v] = 20.0 / 3600.0;
    cfix[v] = 0.0;
    tend[v] = v == 2 ? f->veh[v].shift_start_s + 5 * 3600.0 : f->veh[v].shift_end_s;
    vtype[v] = (uint32_t)v;
  }
  for (int i = 0; i < 60; i++) pen[i] = 1e6;
  c->pen = pen;
  c->ckm = ckm;
  c->chr = chr;
  c->cfix = cfix;
  c->tend_s = tend;
  c->vtype = vtype;
  c->depot_d = depot_d;
  assert_int_equal(lm__sol_init(c, &f->s), 0);
}

/* Drives route ri with u inserted before pos (pos 0: nothing inserted); returns the
 * objective cost or INFINITY when infeasible. */
static double drive(const fixture *f, uint32_t ri, uint32_t u, uint32_t pos, double *arcs) {
  const lm__route *r = &f->s.r[ri];
  const lm_rvehicle *v = &f->veh[r->veh];
  uint32_t seq[64], m = 0;
  for (uint32_t i = 0; i < r->n; i++) {
    if (i + 1 == pos) seq[m++] = u;
    seq[m++] = r->stop[i];
  }
  if (pos == r->n + 1) seq[m++] = u;
  *arcs = 0.0;
  if (m == 0) return 0.0;
  double t = v->shift_start_s, dist = 0.0, d, busy = 0.0;
  uint32_t at = v->start_node;
  for (uint32_t i = 0; i < m; i++) {
    const lm_rstop *s = &f->stops[seq[i]];
    double leg = travel((void *)&f->pts, at, s->node, t, &d);
    t += leg;
    busy += leg + s->service_s;
    dist += d;
    if (t > s->close_s) return INFINITY;
    t = fmax(t, s->open_s) + s->service_s;
    at = s->node;
  }
  double back = travel((void *)&f->pts, at, v->end_node, t, &d);
  t += back;
  dist += d;
  *arcs = dist + 20.0 * (busy + back) / 3600.0;
  if (t > f->c.tend_s[r->veh]) return INFINITY;
  return dist + 20.0 * (t - v->shift_start_s) / 3600.0;
}

/* Fills the routes greedily through lm__insert, checking every candidate's price. */
static void check_insertions(fixture *f) {
  size_t checked = 0, feasible = 0, refused = 0;
  for (uint32_t u = 0; u < 60; u++) {
    double best = INFINITY;
    uint32_t br = 0, bp = 0;
    for (uint32_t ri = 0; ri < 3; ri++) {
      const lm__route *r = &f->s.r[ri];
      if (!lm__fits(&f->c, r, u)) continue;
      double arcs0, arcs;
      double before = drive(f, ri, 0, 0, &arcs0);
      for (uint32_t pos = 1; pos <= r->n + 1; pos++) {
        double got = lm__insert_cost(&f->c, &f->s, ri, u, pos);
        double want = drive(f, ri, u, pos, &arcs);
        checked++;
        if (!isfinite(want)) {
          assert_true(isinf(got));
          continue;
        }
        feasible++;
        if (f->p.static_travel) {
          /* The O(1) price counts driving and service, not changes of waiting time; it
           * may refuse only what is feasible within rounding. */
          if (isinf(got)) {
            refused++;
            continue;
          }
          double wait = r->n == 0 ? (want - arcs) : 0.0;
          assert_true(fabs(got - (arcs - arcs0) - wait) < 1e-6);
        } else {
          assert_true(fabs(got - (want - before)) < 1e-6);
        }
        if (got < best) {
          best = got;
          br = ri;
          bp = pos;
        }
      }
    }
    if (isfinite(best)) assert_int_equal(lm__insert(&f->c, &f->s, br, u, bp), 0);
  }
  print_message("%zu insertions checked, %zu feasible\n", checked, feasible);
  assert_true(feasible > 100);
  assert_true(refused == 0);
}

static void check_bookkeeping(const fixture *f) {
  for (uint32_t ri = 0; ri < 3; ri++) {
    const lm__route *r = &f->s.r[ri];
    assert_true(r->feasible);
    for (uint32_t i = 0; i < r->n; i++) {
      assert_int_equal(f->s.route_of[r->stop[i]], ri);
      assert_int_equal(f->s.pos_of[r->stop[i]], i + 1);
      if (f->p.static_travel) assert_true(r->start_s[i + 1] <= r->latest_s[i + 1] + 1e-6);
    }
  }
}

static void test_insert_static(void **state) {
  (void)state;
  static fixture f;
  build(&f, 0, 11);
  check_insertions(&f);
  check_bookkeeping(&f);
  lm__sol_free(&f.s);
}

static void test_insert_time_dependent(void **state) {
  (void)state;
  static fixture f;
  build(&f, 1, 12);
  check_insertions(&f);
  check_bookkeeping(&f);
  lm__sol_free(&f.s);
}

static void test_remove_span(void **state) {
  (void)state;
  static fixture f;
  build(&f, 0, 13);
  check_insertions(&f);
  lm__route *r = &f.s.r[0];
  uint32_t n = r->n, gone[4];
  assert_true(n >= 6);
  memcpy(gone, r->stop + 1, sizeof gone);
  uint32_t after = r->stop[5];
  lm__remove_span(&f.s, 0, 2, 5);
  lm__route_update(&f.c, &f.s, 0);
  assert_int_equal(r->n, n - 4);
  assert_int_equal(r->stop[1], after);
  for (int i = 0; i < 4; i++) assert_int_equal(f.s.route_of[gone[i]], LM__NONE);
  check_bookkeeping(&f);
  /* Putting one back where it was is always feasible with the triangle inequality. */
  assert_true(isfinite(lm__insert_cost(&f.c, &f.s, 0, gone[3], 2)));
  lm__sol_free(&f.s);
}

static void test_grid_neighbours(void **state) {
  (void)state;
  static points pts;
  static lm_rstop stops[N_MAX];
  lm_rng *r = lm_rng_create(5, 0, 0);
  for (uint32_t i = 0; i < N_MAX; i++) {
    pts.x[i + 1] = 50.0 * lm_rng_uniform(r);
    pts.y[i + 1] = 10.0 * lm_rng_uniform(r);
    stops[i] = (lm_rstop){.node = i + 1};
  }
  lm_rng_destroy(r);
  lm_rproblem p = {.stops = stops,
                   .n_stops = N_MAX,
                   .node_x = pts.x,
                   .node_y = pts.y,
                   .n_nodes = N_MAX + 1,
                   .travel = travel,
                   .travel_ud = &pts,
                   .static_travel = 1};
  lm__ctx c = {.p = &p, .n = N_MAX, .nn = N_MAX + 1};
  assert_int_equal(lm__neighbours_build(&c), 0);
  assert_int_equal(c.k, LM__NB_K);
  for (uint32_t i = 0; i < N_MAX; i += 37) {
    /* The k-th neighbour's distance must equal the k-th smallest distance. */
    double d[N_MAX];
    uint32_t m = 0;
    for (uint32_t j = 0; j < N_MAX; j++)
      if (j != i) d[m++] = hypot(pts.x[i + 1] - pts.x[j + 1], pts.y[i + 1] - pts.y[j + 1]);
    for (uint32_t k = 0; k < c.k; k++) {
      uint32_t best = k;
      for (uint32_t j = k + 1; j < m; j++)
        if (d[j] < d[best]) best = j;
      double t = d[k];
      d[k] = d[best];
      d[best] = t;
      uint32_t nb = c.nb[(size_t)i * c.k + k];
      assert_true(nb != i);
      double got = hypot(pts.x[i + 1] - pts.x[nb + 1], pts.y[i + 1] - pts.y[nb + 1]);
      assert_true(fabs(got - d[k]) < 1e-12);
    }
  }
  free(c.nb);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_insert_static),
      cmocka_unit_test(test_insert_time_dependent),
      cmocka_unit_test(test_remove_span),
      cmocka_unit_test(test_grid_neighbours),
  };
  return cmocka_run_group_tests_name("routing_moves", tests, NULL, NULL);
}
