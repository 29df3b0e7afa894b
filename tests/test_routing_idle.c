/* test_routing_idle.c — overloaded days: a stop left out of a plan while a vehicle the plan
 * does not use could serve it alone is a planner error (the simulator counts it as
 * stops_unserved_idle).
 *
 * A city day of the simulator's kind: a depot at (0, 6) km; stops of one parcel (three in
 * five), two or three (4 to 60 l each), 150 s of service, spread over the city scenario's
 * three zones in proportion to their customers, or a share of them co-located in a dozen
 * blocks of flats (each stop its own node at the block's coordinates); road distance 1.3
 * times the straight line at 24 km/h; 18 vans of 150 parcels and 6,000 l from 08:00 to
 * 18:00, overtime after 17:00; 95 per van, 0.25 per km, 28 per hour and 14 per overtime
 * hour on top. Each parcel left out costs 10^6, times 2^d for a parcel d days late (3 in 8
 * are, d uniform in 0-3), as the simulator prices its backlog. With 2,200 to 2,600 stops
 * of 1.5 parcels on average against 2,700 parcels of capacity the days are overloaded:
 * not every stop fits, and each is worth far more than a van.
 *
 * Every plan is walked independently (routing_fixture.h: windows, capacity, shift), its
 * cost recomputed, every stop is served once or listed once as unserved, and no vehicle
 * without stops can serve alone any unserved stop. Fixed seeds. Before the routing core
 * repaired its plans (repair.c), each of the three construction-only days and all four
 * short-budget days below left one to three vans idle beside 699 to 2,769 such (stop, van)
 * pairs; the full-budget day did not and checks the same invariants. The repair pass is
 * also tested alone, from a plan with every van idle, with the simulator's penalties
 * (static travel, and the same travel declared time-dependent, which the pass prices by
 * driving the route) and with a penalty too small to pay for any van; and under every rule
 * of routing_fixture.h (several windows, pickups, kinds, range, duration, profiles).
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

#define NMAX       2600
#define NV         18
#define CAP        150
#define VOL_L      6000.0
#define CIRCUITY   1.3
#define KMH        24.0
#define PEN        1e6
#define BLOCKS     12
#define SHIFT0_S   (8 * 3600.0)
#define SHIFT1_S   (18 * 3600.0)
#define OVERTIME_S (17 * 3600.0)

typedef struct world {
  double x[NMAX + 1], y[NMAX + 1];
} world;

static world W;
static lm_rstop S[NMAX];
static lm_rvehicle V[NV];

static double road(void *ud, uint32_t profile, uint32_t a, uint32_t b, double depart_s,
                   double *dist_km) {
  (void)profile;
  (void)depart_s;
  const world *w = ud;
  *dist_km = CIRCUITY * hypot(w->x[a] - w->x[b], w->y[a] - w->y[b]);
  return *dist_km / KMH * 3600.0;
}

/* Where a customer lives: the simulator's city zones (centre, inner ring, suburb), drawn
 * in proportion to their customers. */
static void home(lm_rng *r, double *x, double *y) {
  static const double zone[3][4] = {{-2, -2, 2, 2}, {-5, -5, 5, -2}, {-6, 2, 6, 5}};
  static const double share[3] = {0.46, 0.32, 0.22};
  double u = lm_rng_uniform(r);
  int z = u < share[0] ? 0 : u < share[0] + share[1] ? 1 : 2;
  *x = zone[z][0] + (zone[z][2] - zone[z][0]) * lm_rng_uniform(r);
  *y = zone[z][1] + (zone[z][3] - zone[z][1]) * lm_rng_uniform(r);
}

/* n stops, a share `flats` of them in the blocks; penalties as the simulator's backlog. */
static lm_rproblem build(size_t n, double flats, uint64_t seed) {
  lm_rng *r = lm_rng_create(seed, 0, 0);
  double bx[BLOCKS], by[BLOCKS];
  for (int b = 0; b < BLOCKS; b++) home(r, &bx[b], &by[b]);
  W.x[0] = 0.0;
  W.y[0] = 6.0;
  for (size_t i = 0; i < n; i++) {
    uint32_t node = (uint32_t)i + 1;
    if (lm_rng_uniform(r) < flats) {
      uint32_t b = lm_rng_below(r, BLOCKS);
      W.x[node] = bx[b];
      W.y[node] = by[b];
    } else {
      home(r, &W.x[node], &W.y[node]);
    }
    /* One parcel mostly, up to three; each 3/8 likely to be late by 0 to 3 days. */
    uint32_t parcels =
        1u + (lm_rng_uniform(r) < 0.4 ? 1u : 0u) + (lm_rng_uniform(r) < 0.1 ? 1u : 0u);
    double pen = 0.0, vol = 0.0;
    for (uint32_t k = 0; k < parcels; k++) {
      double late_d = lm_rng_uniform(r) < 0.375 ? 3.0 * lm_rng_uniform(r) : 0.0;
      pen += PEN * exp2(late_d);
      vol += 4.0 + 56.0 * lm_rng_uniform(r);
    }
    S[i] = (lm_rstop){.node = node,
                      .parcels = parcels,
                      .volume_l = vol,
                      .service_s = 150.0,
                      .open_s = 0.0,
                      .close_s = INFINITY,
                      .penalty = pen};
  }
  lm_rng_destroy(r);
  for (int v = 0; v < NV; v++)
    V[v] = (lm_rvehicle){.capacity_parcels = CAP,
                         .capacity_volume_l = VOL_L,
                         .shift_start_s = SHIFT0_S,
                         .shift_end_s = SHIFT1_S,
                         .cost_fixed = 95.0,
                         .cost_per_km = 0.25,
                         .cost_per_hour = 28.0,
                         .overtime_after_s = OVERTIME_S,
                         .cost_per_overtime_hour = 14.0};
  return (lm_rproblem){.stops = S,
                       .n_stops = n,
                       .vehicles = V,
                       .n_vehicles = NV,
                       .travel = road,
                       .travel_ud = &W,
                       .static_travel = 1,
                       .node_x = W.x,
                       .node_y = W.y,
                       .n_nodes = n + 1,
                       .objective = LM_OBJ_COST};
}

/* Checks the plan of p; returns the unserved stops. */
static size_t check(const lm_rproblem *p, const lm_rplan *plan) {
  static uint8_t seen[NMAX];
  memset(seen, 0, sizeof seen);
  double cost = 0.0;
  size_t used = 0, idle_fit = 0;
  for (size_t v = 0; v < NV; v++) {
    const uint32_t *r = plan->order + plan->begin[v];
    uint32_t m = (uint32_t)(plan->begin[v + 1] - plan->begin[v]);
    for (uint32_t i = 0; i < m; i++) assert_int_equal(seen[r[i]]++, 0);
    double c = fx_check(p, (uint32_t)v, r, m, NULL);
    assert_true(isfinite(c)); /* windows, parcels, litres, shift */
    cost += c;
    used += m > 0;
  }
  for (size_t i = 0; i < plan->n_unserved; i++) {
    uint32_t u = plan->unserved[i];
    assert_true(u < p->n_stops);
    assert_int_equal(seen[u]++, 0);
    cost += p->stops[u].penalty;
    for (size_t v = 0; v < NV; v++)
      if (plan->begin[v] == plan->begin[v + 1] && isfinite(fx_check(p, (uint32_t)v, &u, 1, NULL)))
        idle_fit++;
  }
  assert_int_equal(plan->begin[NV] + plan->n_unserved, p->n_stops);
  assert_true(fabs(cost - plan->cost) <= 1e-9 * fabs(cost));
  print_message("%zu stops: %zu unserved, %zu vans used, %zu (stop, idle van) pairs that fit\n",
                p->n_stops, plan->n_unserved, used, idle_fit);
  assert_int_equal(idle_fit, 0);
  return plan->n_unserved;
}

/* Plans n stops (a share `flats` co-located) with seed; returns the unserved stops. */
static size_t plan_day(size_t n, double flats, uint64_t seed, uint32_t iterations) {
  lm_rproblem p = build(n, flats, seed);
  lm_router_opts o = {.iterations = iterations, .seed = seed};
  lm_router *r = lm_router_create(&o);
  assert_non_null(r);
  lm_rplan plan;
  assert_int_equal(lm_router_solve(r, &p, &plan), 0);
  size_t unserved = check(&p, &plan);
  lm_rplan_clear(&plan);
  lm_router_destroy(r);
  return unserved;
}

/* Construction only (no annealing): its local search empties routes of overloaded days,
 * so these are the days a plan most often left vans idle. */
static void test_construction_only(void **state) {
  (void)state;
  for (uint64_t seed = 1; seed <= 3; seed++) assert_true(plan_day(2300, 0.0, seed, 0) > 0);
}

/* Short budgets, as the peak scenario plans (300 iterations), spread and co-located. */
static void test_short_budget(void **state) {
  (void)state;
  assert_true(plan_day(2300, 0.2, 7, 100) > 0);
  assert_true(plan_day(2300, 0.2, 10, 100) > 0);
  assert_true(plan_day(2300, 0.2, 7, 300) > 0);
  assert_true(plan_day(2600, 0.0, 8, 300) > 0);
}

/* The simulator's budget (1,000 iterations); and a day small enough (at most 600 stops)
 * for the search to scan every route, which the fleet serves whole. */
static void test_full_budget(void **state) {
  (void)state;
  assert_true(plan_day(2200, 1.0 / 3.0, 2, 1000) > 0);
  assert_int_equal(plan_day(600, 0.2, 3, 1000), 0);
}

/* The repair pass alone, on a plan with every stop left out and every van idle: it must
 * leave no stop that an idle van can serve alone, lower the cost, and keep the solution
 * consistent. With a penalty of 1 per stop it must serve nothing: a van's service time
 * alone costs 28 x 150 / 3,600 = 1.17 per stop, more than the stop's penalty, on top of
 * 95 per van. */
static void repair_alone(double penalty, int dependent) {
  static uint32_t scratch[NMAX];
  size_t n = 2300;
  lm_rproblem p = build(n, 0.2, 41);
  for (size_t i = 0; i < n && penalty > 0.0; i++) S[i].penalty = penalty;
  p.static_travel = !dependent; /* the same times, priced by driving the route */
  lm__ctx c;
  lm__sol s;
  assert_int_equal(lm__ctx_init(&c, &p), 0);
  assert_int_equal(lm__sol_init(&c, &s), 0);
  double before = s.cost;
  assert_int_equal(lm__repair_idle(&c, &s, NULL, scratch), 0);
  assert_true(s.cost <= before);
  double cost = 0.0;
  size_t unserved = 0, used = 0;
  for (uint32_t v = 0; v < NV; v++) {
    const lm__route *r = &s.r[v];
    for (uint32_t i = 0; i < r->n; i++) {
      assert_int_equal(s.route_of[r->stop[i]], v);
      assert_int_equal(s.pos_of[r->stop[i]], i + 1);
    }
    double walk = fx_check(&p, v, r->stop, r->n, NULL);
    assert_true(isfinite(walk));
    assert_true(fabs(walk - r->cost) <= 1e-9 * fmax(1.0, walk));
    cost += walk;
    used += r->n > 0;
  }
  for (uint32_t u = 0; u < n; u++) {
    if (s.route_of[u] != LM__NONE) continue;
    unserved++;
    cost += S[u].penalty;
    for (uint32_t v = 0; v < NV && penalty == 0.0; v++)
      assert_true(s.r[v].n > 0 || isinf(fx_check(&p, v, &u, 1, NULL)));
  }
  assert_true(fabs(cost - s.cost) <= 1e-9 * cost);
  print_message("repair alone, penalty %s, %s travel: %zu vans used, %zu of %zu stops left out\n",
                penalty > 0.0 ? "1" : "as built", dependent ? "time-dependent" : "static", used,
                unserved, n);
  if (penalty > 0.0) {
    assert_int_equal(unserved, n);
    assert_true(s.cost == before);
  } else {
    assert_int_equal(used, NV);
    assert_true(unserved > 0);
  }
  lm__sol_free(&s);
  lm__ctx_free(&c);
}

static void test_repair_alone(void **state) {
  (void)state;
  repair_alone(0.0, 0); /* the penalties as built: 10^6 and more */
  repair_alone(0.0, 1);
  repair_alone(1.0, 0);
}

/* The repair pass under every rule of routing_fixture.h (several windows, pickups, kinds
 * a stop allows, a range, a duration limit, a bike on its own travel profile, static and
 * time-dependent travel), from a plan with every vehicle idle. */
static void test_repair_rules(void **state) {
  (void)state;
  static fixture f;
  static uint32_t scratch[FX_N];
  for (int dependent = 0; dependent <= 1; dependent++)
    for (uint64_t seed = 1; seed <= 3; seed++) {
      fx_build(&f, dependent, seed);
      assert_int_equal(fx_start(&f), 0);
      double before = f.s.cost;
      assert_int_equal(lm__repair_idle(&f.c, &f.s, NULL, scratch), 0);
      assert_true(f.s.cost < before);
      double cost = 0.0;
      size_t unserved = 0;
      for (uint32_t v = 0; v < FX_V; v++) {
        double walk = fx_route(&f, v, NULL);
        assert_true(isfinite(walk));
        assert_true(fabs(walk - f.s.r[v].cost) <= 1e-9 * fmax(1.0, walk));
        cost += walk;
      }
      for (uint32_t u = 0; u < FX_N; u++) {
        if (f.s.route_of[u] != LM__NONE) continue;
        unserved++;
        cost += f.stops[u].penalty;
        for (uint32_t v = 0; v < FX_V; v++)
          assert_true(f.s.r[v].n > 0 || isinf(fx_walk(&f, v, &u, 1, NULL)));
      }
      assert_true(fabs(cost - f.s.cost) <= 1e-9 * cost);
      print_message("fixture seed %u, %s travel: %zu of %d stops left out\n", (unsigned)seed,
                    dependent ? "time-dependent" : "static", unserved, FX_N);
      fx_free(&f);
    }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_construction_only), cmocka_unit_test(test_short_budget),
      cmocka_unit_test(test_full_budget),       cmocka_unit_test(test_repair_alone),
      cmocka_unit_test(test_repair_rules),
  };
  return cmocka_run_group_tests_name("routing_idle", tests, NULL, NULL);
}
