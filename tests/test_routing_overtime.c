/* test_routing_overtime.c — planned overtime (lm_rvehicle.overtime_after_s and
 * cost_per_overtime_hour) in the routing core's prices.
 *
 * Closed forms on a depot and one place 5 km away (10 minutes at 30 km/h): a route's
 * price with its return past the overtime start, with the overtime start before the shift
 * (every hour is overtime), and under the distance objective (not priced); the choice
 * between one van working into overtime and a second van, which flips with the overtime
 * rate exactly where the closed forms say. On the fixture with every kind of rule, the
 * O(1) insertion price must equal the difference of two independent walks, overtime
 * included, at every position of a greedy build (no windows: nothing waits). Bad
 * overtime fields are refused.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "routing_fixture.h"

#define H 3600.0

static double at_place(void *ud, uint32_t profile, uint32_t a, uint32_t b, double depart_s,
                       double *dist_km) {
  (void)ud;
  (void)profile;
  (void)depart_s;
  *dist_km = a == b ? 0.0 : 5.0;
  return *dist_km / 30.0 * H;
}

/* n stops of `service_s` at node 1; nv vans from node 0, shift 8:00-18:00, fixed 95,
 * 0.25 per km, 28 per hour, overtime after `after_s` at `rate` per hour. */
static lm_rplan plan_for(size_t n, double service_s, size_t nv, double after_s, double rate,
                         lm_route_objective obj) {
  static lm_rstop stops[16];
  static lm_rvehicle veh[4];
  for (size_t i = 0; i < n; i++)
    stops[i] = (lm_rstop){
        .node = 1, .parcels = 1, .service_s = service_s, .close_s = INFINITY, .penalty = 1e6};
  for (size_t v = 0; v < nv; v++)
    veh[v] = (lm_rvehicle){.capacity_parcels = 50,
                           .shift_start_s = 8 * H,
                           .shift_end_s = 18 * H,
                           .cost_fixed = 95.0,
                           .cost_per_km = 0.25,
                           .cost_per_hour = 28.0,
                           .overtime_after_s = after_s,
                           .cost_per_overtime_hour = rate};
  lm_rproblem p = {.stops = stops,
                   .n_stops = n,
                   .vehicles = veh,
                   .n_vehicles = nv,
                   .travel = at_place,
                   .static_travel = 1,
                   .n_nodes = 2,
                   .objective = obj};
  lm_router_opts o = {.iterations = 500, .seed = 3};
  lm_router *r = lm_router_create(&o);
  lm_rplan plan;
  assert_int_equal(lm_router_solve(r, &p, &plan), 0);
  lm_router_destroy(r);
  assert_int_equal(plan.n_unserved, 0);
  return plan;
}

static size_t used(const lm_rplan *plan) {
  size_t k = 0;
  for (size_t v = 0; v < plan->n_vehicles; v++) k += plan->begin[v + 1] > plan->begin[v];
  return k;
}

/* Three stops of an hour: out 8:00, back 11:20 (3 h 20), 10 km; overtime after 10:00 is
 * 1 h 20 at 40 on top of 28. */
static void test_route_price(void **state) {
  (void)state;
  lm_rplan plan = plan_for(3, H, 1, 10 * H, 40.0, LM_OBJ_COST);
  assert_true(fabs(plan.duration_s - 10.0 / 3.0 * H) < 1e-9);
  assert_true(fabs(plan.cost - (95.0 + 2.5 + 28.0 * 10.0 / 3.0 + 40.0 * 4.0 / 3.0)) < 1e-9);
  lm_rplan_clear(&plan);
  /* Overtime "after" 00:00:01, before the shift starts: every hour of the route. */
  plan = plan_for(3, H, 1, 1.0, 40.0, LM_OBJ_COST);
  assert_true(fabs(plan.cost - (95.0 + 2.5 + 68.0 * 10.0 / 3.0)) < 1e-9);
  lm_rplan_clear(&plan);
  /* Back before the overtime start: nothing on top. */
  plan = plan_for(3, H, 1, 11.5 * H, 40.0, LM_OBJ_COST);
  assert_true(fabs(plan.cost - (95.0 + 2.5 + 28.0 * 10.0 / 3.0)) < 1e-9);
  lm_rplan_clear(&plan);
  /* Distance is the objective: overtime is not priced. */
  plan = plan_for(3, H, 1, 10 * H, 40.0, LM_OBJ_DISTANCE);
  assert_true(fabs(plan.cost - 10.0) < 1e-9);
  lm_rplan_clear(&plan);
}

/* Eight stops of 30 minutes, overtime after 10:30. One van: back 12:20, 4 h 20 of which
 * 1 h 50 overtime, 10 km. Two vans of four: back 10:20, no overtime, 2 h 20 and 10 km
 * each. Two cost 95 + 2.5 + 28 x 1/3 = 106.83 more before overtime, so one van wins
 * below 106.83 / (11/6) = 58.27 an overtime hour and two win above. */
static void test_overtime_rate_decides_fleet(void **state) {
  (void)state;
  double one = 95.0 + 2.5 + 28.0 * 13.0 / 3.0, two = 190.0 + 5.0 + 28.0 * 14.0 / 3.0;
  assert_true(fabs((two - one) / (11.0 / 6.0) - 58.27) < 0.01);
  lm_rplan plan = plan_for(8, 0.5 * H, 2, 10.5 * H, 50.0, LM_OBJ_COST);
  assert_int_equal(used(&plan), 1);
  assert_true(fabs(plan.cost - (one + 50.0 * 11.0 / 6.0)) < 1e-9);
  lm_rplan_clear(&plan);
  plan = plan_for(8, 0.5 * H, 2, 10.5 * H, 65.0, LM_OBJ_COST);
  assert_int_equal(used(&plan), 2);
  assert_int_equal(plan.begin[1] - plan.begin[0], 4);
  assert_true(fabs(plan.cost - two) < 1e-9);
  lm_rplan_clear(&plan);
  plan = plan_for(8, 0.5 * H, 2, 0.0, 65.0, LM_OBJ_COST); /* no overtime start: no price */
  assert_int_equal(used(&plan), 1);
  assert_true(fabs(plan.cost - one) < 1e-9);
  lm_rplan_clear(&plan);
}

/* Every insertion of a greedy build on the fixture, windows removed so that nothing waits:
 * the O(1) price (static) and the re-driving price (time-dependent) both equal the walks'
 * difference, across the overtime start too. */
static void insertions_priced_exactly(int dependent, uint64_t seed) {
  static fixture f;
  fx_build(&f, dependent, seed);
  for (uint32_t i = 0; i < FX_N; i++) {
    f.stops[i].n_windows = 0;
    f.stops[i].open_s = 0.0;
    f.stops[i].close_s = INFINITY;
  }
  fx_overtime(&f, 10 * H, 45.0);
  assert_int_equal(fx_start(&f), 0);
  uint32_t seq[FX_N + 1];
  size_t feasible = 0, late = 0;
  for (uint32_t u = 0; u < FX_N; u++) {
    double best = INFINITY;
    uint32_t br = 0, bp = 0;
    for (uint32_t ri = 0; ri < FX_V; ri++) {
      const lm__route *r = &f.s.r[ri];
      double before = fx_route(&f, ri, NULL), back = r->start_s[r->n + 1];
      for (uint32_t pos = 1; pos <= r->n + 1; pos++) {
        uint32_t m = 0;
        for (uint32_t i = 0; i <= r->n; i++) {
          if (i + 1 == pos) seq[m++] = u;
          if (i < r->n) seq[m++] = r->stop[i];
        }
        double got = lm__fits(&f.c, r, u) ? lm__insert_cost(&f.c, &f.s, ri, u, pos) : INFINITY;
        double want = fx_walk(&f, r->veh, seq, m, NULL);
        if (!isfinite(want)) {
          assert_true(isinf(got));
          continue;
        }
        feasible++;
        late += back > 10 * H;
        assert_true(fabs(got - (want - before)) < 1e-6);
        if (got < best) best = got, br = ri, bp = pos;
      }
    }
    if (isfinite(best)) assert_int_equal(lm__insert(&f.c, &f.s, br, u, bp), 0);
  }
  print_message("%s: %zu feasible insertions, %zu of them into a route back after 10:00\n",
                dependent ? "dependent" : "static", feasible, late);
  assert_true(feasible > 100 && late > 20 && feasible - late > 20);
  for (uint32_t ri = 0; ri < FX_V; ri++)
    assert_true(fabs(fx_route(&f, ri, NULL) - f.s.r[ri].cost) < 1e-6);
  fx_free(&f);
}

static void test_insertion_prices(void **state) {
  (void)state;
  insertions_priced_exactly(0, 61);
  insertions_priced_exactly(1, 62);
}

static void test_bad_fields_refused(void **state) {
  (void)state;
  lm_rstop s = {.node = 1, .parcels = 1, .close_s = INFINITY, .penalty = 1.0};
  double bad[] = {-1.0, NAN, INFINITY};
  for (int k = 0; k < 3; k++)
    for (int field = 0; field < 2; field++) {
      lm_rvehicle v = {.capacity_parcels = 1, .shift_end_s = 10 * H};
      if (field)
        v.cost_per_overtime_hour = bad[k];
      else
        v.overtime_after_s = bad[k];
      lm_rproblem p = {.stops = &s,
                       .n_stops = 1,
                       .vehicles = &v,
                       .n_vehicles = 1,
                       .travel = at_place,
                       .static_travel = 1,
                       .n_nodes = 2};
      lm_router_opts o = {.iterations = 10};
      lm_router *r = lm_router_create(&o);
      lm_rplan plan;
      assert_int_equal(lm_router_solve(r, &p, &plan), LM_EINVAL);
      lm_router_destroy(r);
    }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_route_price),
      cmocka_unit_test(test_overtime_rate_decides_fleet),
      cmocka_unit_test(test_insertion_prices),
      cmocka_unit_test(test_bad_fields_refused),
  };
  return cmocka_run_group_tests_name("routing_overtime", tests, NULL, NULL);
}
