/* test_routing_colocated.c — many stops at one place (a block of flats, a campus): the
 * planner must serve every stop the fleet can carry.
 *
 * A depot at (0, 0) and 1,000 or 5,000 stops of one parcel each, 150 s of service, at one
 * place 7.07 km away or spread over five places a few hundred metres apart; 14 vans of
 * 150 parcels with a 9-hour shift at 30 km/h; costs of 95 per van, 0.25 per km and 28 per
 * hour against a penalty of 50 per unserved stop. The stops of a place share one node, or
 * each has its own node at the same coordinates (as the simulator builds them), with and
 * without node coordinates.
 *
 * A van serving stops at one place drives 2 x 848.5 s and serves at most
 * min(150, (9 h - 1,697 s) / 150 s = 204) = 150 stops; so the bound on the stops served is
 * min(n, 14 x 150), computed below from the capacity, shift and service time, both as an
 * upper bound (one place per van, nearest place) and as a lower bound (every place on
 * every van, farthest place). Every plan is checked by an independent walk (capacity,
 * windows, shift) and its cost recomputed; and when stops stay unserved, no vehicle (used
 * or idle) may be able to take one more of them at any position. A penalty of 1 per stop
 * is the paired opposite: a full van then costs more than the penalties it saves, and
 * nothing may be served.
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

#define NMAX     5000
#define NV       14
#define CAP      150
#define SHIFT0_S (8 * 3600.0)
#define SHIFT1_S (17 * 3600.0)
#define KMH      30.0

typedef struct world {
  double x[NMAX + 1], y[NMAX + 1];
} world;

static double drive(void *ud, uint32_t profile, uint32_t a, uint32_t b, double depart_s,
                    double *dist_km) {
  (void)profile;
  (void)depart_s;
  const world *w = ud;
  *dist_km = hypot(w->x[a] - w->x[b], w->y[a] - w->y[b]);
  return *dist_km / KMH * 3600.0;
}

typedef struct setup {
  size_t n;        /* stops */
  uint32_t places; /* 1 or 5 */
  int shared;      /* 1: the stops of a place share its node; 0: a node per stop */
  int coords;      /* node coordinates given to the router */
  double penalty, service_s;
  uint32_t iterations;
} setup;

static world W;
static lm_rstop S[NMAX];
static lm_rvehicle V[NV];

static void place_xy(uint32_t q, double *x, double *y) {
  *x = 5.0 + 0.3 * (double)(q % 3);
  *y = 5.0 + 0.4 * (double)(q / 3);
}

/* Stop i is at place i mod places. */
static lm_rproblem build(const setup *u) {
  W.x[0] = W.y[0] = 0.0;
  for (uint32_t q = 0; q < u->places; q++) place_xy(q, &W.x[q + 1], &W.y[q + 1]);
  for (size_t i = 0; i < u->n; i++) {
    uint32_t q = (uint32_t)(i % u->places), node = u->shared ? q + 1 : (uint32_t)i + 1;
    place_xy(q, &W.x[node], &W.y[node]);
    S[i] = (lm_rstop){.node = node,
                      .parcels = 1,
                      .service_s = u->service_s,
                      .open_s = 0.0,
                      .close_s = INFINITY,
                      .penalty = u->penalty};
  }
  for (int v = 0; v < NV; v++)
    V[v] = (lm_rvehicle){.capacity_parcels = CAP,
                         .shift_start_s = SHIFT0_S,
                         .shift_end_s = SHIFT1_S,
                         .cost_fixed = 95.0,
                         .cost_per_km = 0.25,
                         .cost_per_hour = 28.0};
  return (lm_rproblem){.stops = S,
                       .n_stops = u->n,
                       .vehicles = V,
                       .n_vehicles = NV,
                       .travel = drive,
                       .travel_ud = &W,
                       .static_travel = 1,
                       .node_x = u->coords ? W.x : NULL,
                       .node_y = u->coords ? W.y : NULL,
                       .n_nodes = (u->shared ? u->places : u->n) + 1,
                       .objective = LM_OBJ_COST};
}

/* Stops one van can serve: the capacity, or what the shift leaves after the trips out and
 * back (and, for `worst`, a leg between every two places) in services. */
static size_t per_van(const setup *u, int worst) {
  double far = 0.0, near = INFINITY, between = 0.0, x, y, x2, y2;
  for (uint32_t q = 0; q < u->places; q++) {
    place_xy(q, &x, &y);
    far = fmax(far, hypot(x, y));
    near = fmin(near, hypot(x, y));
    for (uint32_t o = 0; o < u->places; o++) {
      place_xy(o, &x2, &y2);
      between = fmax(between, hypot(x - x2, y - y2));
    }
  }
  double km = worst ? 2.0 * far + (u->places - 1) * between : 2.0 * near;
  double left_s = SHIFT1_S - SHIFT0_S - km / KMH * 3600.0;
  size_t by_time = (size_t)floor(left_s / u->service_s);
  return by_time < CAP ? by_time : CAP;
}

/* Stop u inserted before index at of seq[0..m-1], into out. */
static uint32_t with(const uint32_t *seq, uint32_t m, uint32_t at, uint32_t u, uint32_t *out) {
  memcpy(out, seq, at * sizeof *seq);
  out[at] = u;
  memcpy(out + at + 1, seq + at, (m - at) * sizeof *seq);
  return m + 1;
}

/* Checks the plan and returns the stops served. */
static size_t check(const setup *u, const lm_rproblem *p, const lm_rplan *plan) {
  static uint8_t seen[NMAX];
  static uint32_t seq[NMAX + 1];
  memset(seen, 0, sizeof seen);
  double cost = 0.0;
  size_t served = plan->begin[NV], used = 0;
  for (size_t v = 0; v < NV; v++) {
    const uint32_t *r = plan->order + plan->begin[v];
    uint32_t m = (uint32_t)(plan->begin[v + 1] - plan->begin[v]);
    for (uint32_t i = 0; i < m; i++) assert_int_equal(seen[r[i]]++, 0);
    double c = fx_check(p, (uint32_t)v, r, m, NULL);
    assert_true(isfinite(c));
    cost += c;
    used += m > 0;
  }
  for (size_t i = 0; i < plan->n_unserved; i++) {
    assert_int_equal(seen[plan->unserved[i]]++, 0);
    cost += p->stops[plan->unserved[i]].penalty;
  }
  assert_int_equal(served + plan->n_unserved, u->n);
  assert_true(fabs(cost - plan->cost) <= 1e-9 * fabs(cost));
  /* No vehicle, used or idle, can take one more unserved stop of any place anywhere. */
  uint32_t rep[5];
  for (uint32_t q = 0; q < u->places; q++) rep[q] = UINT32_MAX;
  for (size_t i = 0; i < plan->n_unserved; i++) {
    uint32_t s = plan->unserved[i], q = s % u->places;
    if (rep[q] == UINT32_MAX) rep[q] = s;
  }
  for (size_t v = 0; v < NV; v++) {
    const uint32_t *r = plan->order + plan->begin[v];
    uint32_t m = (uint32_t)(plan->begin[v + 1] - plan->begin[v]);
    for (uint32_t q = 0; q < u->places; q++)
      for (uint32_t at = 0; rep[q] != UINT32_MAX && at <= m; at++)
        assert_true(isinf(fx_check(p, (uint32_t)v, seq, with(r, m, at, rep[q], seq), NULL)));
  }
  print_message("%zu stops at %u place(s) (%s node%s, %s coordinates), penalty %g: %zu served "
                "by %zu vans, cost %.2f\n",
                u->n, u->places, u->shared ? "shared" : "own", u->shared ? "s" : "",
                u->coords ? "with" : "without", u->penalty, served, used, plan->cost);
  return served;
}

/* Plans setup u; asserts that the plan serves what the fleet can carry. */
static void serves_all_that_fit(const setup *u) {
  lm_rproblem p = build(u);
  lm_router_opts o = {.iterations = u->iterations, .seed = 7};
  lm_router *r = lm_router_create(&o);
  assert_non_null(r);
  lm_rplan plan;
  assert_int_equal(lm_router_solve(r, &p, &plan), 0);
  size_t served = check(u, &p, &plan);
  size_t lo = NV * per_van(u, 1), hi = NV * per_van(u, 0);
  lo = lo < u->n ? lo : u->n;
  hi = hi < u->n ? hi : u->n;
  assert_true(lo <= served && served <= hi);
  lm_rplan_clear(&plan);
  lm_router_destroy(r);
}

static void test_one_place_1000(void **state) {
  (void)state;
  setup u = {1000, 1, 1, 1, 50.0, 150.0, 1000};
  assert_int_equal(per_van(&u, 1), CAP); /* the capacity binds: 1,000 of 2,100 fit */
  serves_all_that_fit(&u);
  u.shared = 0; /* a node per stop, as the simulator builds them */
  u.penalty = 1e6;
  serves_all_that_fit(&u);
}

static void test_five_places_1000(void **state) {
  (void)state;
  setup u = {1000, 5, 0, 1, 50.0, 150.0, 1000};
  assert_int_equal(per_van(&u, 1), CAP);
  serves_all_that_fit(&u);
  u.shared = 1;
  u.coords = 0; /* places found from travel distances */
  serves_all_that_fit(&u);
}

static void test_one_place_5000(void **state) {
  (void)state;
  setup u = {5000, 1, 0, 1, 50.0, 150.0, 100};
  assert_int_equal(per_van(&u, 1), CAP); /* 2,100 served exactly */
  serves_all_that_fit(&u);
  u.service_s = 300.0; /* now the shift binds: (9 h - 1,697 s) / 300 s = 102 per van */
  assert_int_equal(per_van(&u, 1), 102);
  assert_int_equal(per_van(&u, 0), 102);
  serves_all_that_fit(&u);
}

static void test_five_places_5000(void **state) {
  (void)state;
  setup u = {5000, 5, 1, 1, 50.0, 150.0, 100};
  assert_int_equal(per_van(&u, 1), CAP);
  serves_all_that_fit(&u);
  u.shared = 0;
  serves_all_that_fit(&u);
}

/* A penalty of 1: a van of k stops costs at least 95 + 28 (1,697 s + k 150 s) / 3,600 h,
 * more than the k it saves for every k <= 150, so nothing is served. */
static void test_unpaid_vans_stay_home(void **state) {
  (void)state;
  setup u = {1000, 1, 0, 1, 1.0, 150.0, 100};
  for (double k = 1; k <= CAP; k++) assert_true(95.0 + 28.0 * (1697.0 + k * 150.0) / 3600.0 > k);
  lm_rproblem p = build(&u);
  lm_router_opts o = {.iterations = u.iterations, .seed = 7};
  lm_router *r = lm_router_create(&o);
  lm_rplan plan;
  assert_int_equal(lm_router_solve(r, &p, &plan), 0);
  assert_int_equal(plan.n_unserved, u.n);
  assert_true(fabs(plan.cost - 1000.0) < 1e-9);
  lm_rplan_clear(&plan);
  lm_router_destroy(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_one_place_1000),        cmocka_unit_test(test_five_places_1000),
      cmocka_unit_test(test_one_place_5000),        cmocka_unit_test(test_five_places_5000),
      cmocka_unit_test(test_unpaid_vans_stay_home),
  };
  return cmocka_run_group_tests_name("routing_colocated", tests, NULL, NULL);
}
