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

#include "routing_fixture.h"

/* Route ri's stops with u inserted before pos (pos 0: nothing inserted) into seq. */
static uint32_t with_insert(const lm__route *r, uint32_t u, uint32_t pos, uint32_t *seq) {
  uint32_t m = 0;
  for (uint32_t i = 0; i < r->n; i++) {
    if (i + 1 == pos) seq[m++] = u;
    seq[m++] = r->stop[i];
  }
  if (pos == r->n + 1) seq[m++] = u;
  return m;
}

/* Fills the routes greedily through lm__insert, checking every candidate's feasibility
 * and price against a plain walk. */
static void check_insertions(fixture *f) {
  size_t checked = 0, feasible = 0, refused = 0;
  uint32_t seq[FX_N + 1];
  for (uint32_t u = 0; u < FX_N; u++) {
    double best = INFINITY;
    uint32_t br = 0, bp = 0;
    for (uint32_t ri = 0; ri < FX_V; ri++) {
      const lm__route *r = &f->s.r[ri];
      double busy0, busy;
      double before = fx_route(f, ri, &busy0);
      for (uint32_t pos = 1; pos <= r->n + 1; pos++) {
        double got = lm__fits(&f->c, r, u) ? lm__insert_cost(&f->c, &f->s, ri, u, pos) : INFINITY;
        double want = fx_walk(f, r->veh, seq, with_insert(r, u, pos, seq), &busy);
        checked++;
        if (!isfinite(want)) {
          assert_true(isinf(got));
          continue;
        }
        feasible++;
        /* It may refuse only what is feasible within rounding: never here. */
        if (isinf(got)) {
          refused++;
          continue;
        }
        if (f->p.static_travel) {
          /* The O(1) price counts driving and service, not changes of waiting time. */
          double wait = r->n == 0 ? (want - busy) : 0.0;
          assert_true(fabs(got - (busy - busy0) - wait) < 1e-6);
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
  for (uint32_t ri = 0; ri < FX_V; ri++) {
    const lm__route *r = &f->s.r[ri];
    assert_true(r->feasible);
    assert_true(isfinite(fx_route(f, ri, NULL)));
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
  fx_build(&f, 0, 11);
  assert_int_equal(fx_start(&f), 0);
  check_insertions(&f);
  check_bookkeeping(&f);
  fx_free(&f);
}

static void test_insert_time_dependent(void **state) {
  (void)state;
  static fixture f;
  fx_build(&f, 1, 12);
  assert_int_equal(fx_start(&f), 0);
  check_insertions(&f);
  check_bookkeeping(&f);
  fx_free(&f);
}

static void test_remove_span(void **state) {
  (void)state;
  static fixture f;
  fx_build(&f, 0, 13);
  assert_int_equal(fx_start(&f), 0);
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
  fx_free(&f);
}

static void test_grid_neighbours(void **state) {
  (void)state;
  static fx_points pts;
  static lm_rstop stops[FX_MAX];
  lm_rng *r = lm_rng_create(5, 0, 0);
  for (uint32_t i = 0; i < FX_MAX; i++) {
    pts.x[i + 1] = 50.0 * lm_rng_uniform(r);
    pts.y[i + 1] = 10.0 * lm_rng_uniform(r);
    stops[i] = (lm_rstop){.node = i + 1};
  }
  lm_rng_destroy(r);
  lm_rproblem p = {.stops = stops,
                   .n_stops = FX_MAX,
                   .node_x = pts.x,
                   .node_y = pts.y,
                   .n_nodes = FX_MAX + 1,
                   .travel = fx_travel,
                   .travel_ud = &pts,
                   .static_travel = 1};
  lm__ctx c = {.p = &p, .n = FX_MAX, .nn = FX_MAX + 1, .w = lm__work_create()};
  assert_non_null(c.w);
  assert_int_equal(lm__neighbours_build(&c), 0);
  assert_int_equal(c.k, LM__NB_K);
  for (uint32_t i = 0; i < FX_MAX; i += 37) {
    /* The k-th neighbour's distance must equal the k-th smallest distance. */
    double d[FX_MAX];
    uint32_t m = 0;
    for (uint32_t j = 0; j < FX_MAX; j++)
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
  lm__work_destroy(c.w);
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
