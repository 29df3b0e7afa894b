/* test_routing.c — the routing interface and its solver: every stop is served once or
 * reported unserved; capacities (parcels and volume), time windows, shifts and maximum
 * durations hold, with static and with time-dependent travel; improvement never makes a
 * plan worse than its construction; the same seed gives the same plan; the fewest-vehicles
 * objective never uses more vehicles than the distance one; a warm start keeps its fixed
 * stops first. An independent route walk here recomputes what the plan claims.
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

typedef struct points {
  double x[1024], y[1024];
  double speed_kmh;
} points;

static double euclid(void *ud, uint32_t profile, uint32_t a, uint32_t b, double depart_s,
                     double *dist_km) {
  (void)profile;
  (void)depart_s;
  const points *p = ud;
  double d = hypot(p->x[a] - p->x[b], p->y[a] - p->y[b]);
  *dist_km = d;
  return d / p->speed_kmh * 3600.0;
}

/* n stops at random points in a 10 km square around a depot at node 0. */
static void make_problem(points *pts, lm_rstop *stops, size_t n, uint64_t seed) {
  lm_rng *r = lm_rng_create(seed, 0, 0);
  pts->x[0] = pts->y[0] = 0.0;
  pts->speed_kmh = 30.0;
  for (size_t i = 0; i < n; i++) {
    pts->x[i + 1] = 10.0 * lm_rng_uniform(r) - 5.0;
    pts->y[i + 1] = 10.0 * lm_rng_uniform(r) - 5.0;
    stops[i] = (lm_rstop){.node = (uint32_t)(i + 1),
                          .parcels = 1 + lm_rng_below(r, 3),
                          .volume_l = 10.0,
                          .service_s = 120.0,
                          .open_s = 0.0,
                          .close_s = INFINITY,
                          .penalty = 1000.0};
  }
  lm_rng_destroy(r);
}

/* Walks the plan independently; returns the total distance and checks every rule. */
static double check_plan(const lm_rproblem *p, const lm_rplan *plan) {
  uint8_t *seen = calloc(p->n_stops, 1);
  double total = 0.0;
  for (size_t v = 0; v < p->n_vehicles; v++) {
    const lm_rvehicle *veh = &p->vehicles[v];
    double t = veh->shift_start_s, d;
    uint32_t at = veh->start_node, load = 0;
    double volume_l = 0.0;
    for (size_t i = plan->begin[v]; i < plan->begin[v + 1]; i++) {
      const lm_rstop *s = &p->stops[plan->order[i]];
      assert_int_equal(seen[plan->order[i]], 0);
      seen[plan->order[i]] = 1;
      t += p->travel(p->travel_ud, 0, at, s->node, t, &d);
      total += d;
      assert_true(t <= s->close_s);
      t = fmax(t, s->open_s) + s->service_s;
      load += s->parcels;
      volume_l += s->volume_l;
      at = s->node;
    }
    if (plan->begin[v] < plan->begin[v + 1]) {
      t += p->travel(p->travel_ud, 0, at, veh->end_node, t, &d);
      total += d;
    }
    assert_true(load <= veh->capacity_parcels);
    assert_true(volume_l <= veh->capacity_volume_l);
    assert_true(t <= veh->shift_end_s);
    if (veh->max_duration_s > 0.0) assert_true(t - veh->shift_start_s <= veh->max_duration_s);
  }
  for (size_t u = 0; u < plan->n_unserved; u++) {
    assert_int_equal(seen[plan->unserved[u]], 0);
    seen[plan->unserved[u]] = 1;
  }
  for (size_t i = 0; i < p->n_stops; i++) assert_int_equal(seen[i], 1);
  free(seen);
  assert_true(fabs(total - plan->distance_km) < 1e-6 * fmax(1.0, total));
  return total;
}

static lm_rvehicle van(uint32_t capacity, double start_s, double end_s) {
  return (lm_rvehicle){.capacity_parcels = capacity,
                       .capacity_volume_l = 1e9,
                       .shift_start_s = start_s,
                       .shift_end_s = end_s,
                       .cost_fixed = 50.0,
                       .cost_per_km = 1.0};
}

static void test_feasible_and_search_helps(void **state) {
  (void)state;
  static points pts;
  lm_rstop stops[200];
  make_problem(&pts, stops, 200, 3);
  lm_rvehicle vans[4];
  for (int v = 0; v < 4; v++) vans[v] = van(120, 8 * 3600.0, 18 * 3600.0);
  lm_rproblem p = {stops, 200,   vans, 4,           euclid, &pts, 1,
                   pts.x, pts.y, 201,  LM_OBJ_COST, NULL,   NULL, 0};
  lm_rplan plain, improved;
  lm_router *r0 = lm_router_create(&(lm_router_opts){.iterations = 0});
  lm_router *r1 = lm_router_create(&(lm_router_opts){.iterations = 5000});
  assert_int_equal(lm_router_solve(r0, &p, &plain), 0);
  assert_int_equal(lm_router_solve(r1, &p, &improved), 0);
  double d0 = check_plan(&p, &plain), d1 = check_plan(&p, &improved);
  print_message("construction %.2f km, improved %.2f km, unserved %zu\n", d0, d1,
                improved.n_unserved);
  assert_true(d1 < d0);
  assert_true(improved.cost <= plain.cost);
  assert_true(improved.n_unserved <= plain.n_unserved);
  lm_rplan_clear(&plain);
  lm_rplan_clear(&improved);
  lm_router_destroy(r0);
  lm_router_destroy(r1);
}

/* Long routes over many stops: the search prices open-ended stops only next to their
 * neighbours there. The plan stays feasible, serves every stop and beats construction. */
static void test_long_routes(void **state) {
  (void)state;
  static points pts;
  static lm_rstop stops[900];
  make_problem(&pts, stops, 900, 11);
  lm_rvehicle vans[6];
  for (int v = 0; v < 6; v++) vans[v] = van(400, 6 * 3600.0, 22 * 3600.0);
  lm_rproblem p = {.stops = stops,
                   .n_stops = 900,
                   .vehicles = vans,
                   .n_vehicles = 6,
                   .travel = euclid,
                   .travel_ud = &pts,
                   .static_travel = 1,
                   .node_x = pts.x,
                   .node_y = pts.y,
                   .n_nodes = 901};
  lm_rplan plain, improved;
  lm_router *r0 = lm_router_create(&(lm_router_opts){.iterations = 0});
  lm_router *r1 = lm_router_create(&(lm_router_opts){.iterations = 300, .seed = 5});
  assert_int_equal(lm_router_solve(r0, &p, &plain), 0);
  assert_int_equal(lm_router_solve(r1, &p, &improved), 0);
  double d0 = check_plan(&p, &plain), d1 = check_plan(&p, &improved);
  print_message("900 stops: construction %.2f km, improved %.2f km\n", d0, d1);
  assert_true(improved.cost < plain.cost);
  assert_int_equal(improved.n_unserved, 0);
  for (int v = 0; v < 6; v++) /* the routes are long: the long-route pricing ran */
    if (improved.begin[v + 1] - improved.begin[v] > 64) goto long_route_seen;
  fail_msg("no route over 64 stops");
long_route_seen:
  lm_rplan_clear(&plain);
  lm_rplan_clear(&improved);
  lm_router_destroy(r0);
  lm_router_destroy(r1);
}

static void test_overload_degrades(void **state) {
  (void)state;
  static points pts;
  lm_rstop stops[100];
  make_problem(&pts, stops, 100, 4);
  stops[7].close_s = 8 * 3600.0 + 1.0; /* cannot be reached in time */
  lm_rvehicle vans[1] = {van(30, 8 * 3600.0, 12 * 3600.0)};
  lm_rproblem p = {stops, 100,   vans, 1,           euclid, &pts, 1,
                   pts.x, pts.y, 101,  LM_OBJ_COST, NULL,   NULL, 0};
  lm_rplan plan;
  lm_router *r = lm_router_create(&(lm_router_opts){.iterations = 1000});
  assert_int_equal(lm_router_solve(r, &p, &plan), 0);
  check_plan(&p, &plan);
  assert_true(plan.n_unserved > 50);
  int seven_unserved = 0;
  for (size_t u = 0; u < plan.n_unserved; u++) seven_unserved |= plan.unserved[u] == 7;
  assert_true(seven_unserved);
  lm_rplan_clear(&plan);
  lm_rplan_clear(&plan); /* a cleared plan is harmless */
  lm_router_destroy(r);
}

static void test_empty_problem(void **state) {
  (void)state;
  lm_rvehicle vans[2] = {van(10, 0.0, 3600.0), van(10, 0.0, 3600.0)};
  static points pts;
  lm_rproblem p = {NULL, 0, vans, 2, euclid, &pts, 1, pts.x, pts.y, 1, LM_OBJ_COST, NULL, NULL, 0};
  lm_rplan plan;
  lm_router *r = lm_router_create(NULL);
  assert_int_equal(lm_router_solve(r, &p, &plan), 0);
  assert_int_equal(plan.begin[2], 0);
  assert_int_equal(plan.n_unserved, 0);
  assert_true(plan.cost == 0.0);
  lm_rplan_clear(&plan);
  lm_router_destroy(r);
  lm_router_destroy(NULL);
}

/* Travel slows down between 07:00 and 10:00 (rush hour). Speed is piecewise constant, and
 * the time is integrated over the pieces, so leaving later never arrives earlier. */
static double rush(void *ud, uint32_t profile, uint32_t a, uint32_t b, double depart_s,
                   double *dist_km) {
  (void)profile;
  const points *p = ud;
  double d = hypot(p->x[a] - p->x[b], p->y[a] - p->y[b]), left = d, t = depart_s;
  *dist_km = d;
  while (left > 1e-12) {
    double hour = floor(t / 3600.0), edge = (hour + 1.0) * 3600.0;
    double kmh = (hour >= 7.0 && hour < 10.0) ? 10.0 : 30.0;
    double can = kmh * (edge - t) / 3600.0;
    if (can >= left) return t + left / kmh * 3600.0 - depart_s;
    left -= can;
    t = edge;
  }
  return t - depart_s;
}

/* Random windows of one to three hours between 08:00 and 16:00. */
static void add_windows(lm_rstop *stops, size_t n, uint64_t seed) {
  lm_rng *r = lm_rng_create(seed, 1, 0);
  for (size_t i = 0; i < n; i++) {
    stops[i].open_s = 8 * 3600.0 + 3600.0 * (double)lm_rng_below(r, 7);
    stops[i].close_s = stops[i].open_s + 3600.0 * (double)(1 + lm_rng_below(r, 3));
  }
  lm_rng_destroy(r);
}

static void test_time_windows_static_and_dependent(void **state) {
  (void)state;
  static points pts;
  lm_rstop stops[120];
  make_problem(&pts, stops, 120, 5);
  add_windows(stops, 120, 5);
  lm_rvehicle vans[8];
  for (int v = 0; v < 8; v++) vans[v] = van(40, 7 * 3600.0, 17 * 3600.0);
  vans[3].max_duration_s = 4 * 3600.0;
  vans[5].capacity_volume_l = 150.0;
  for (int dep = 0; dep < 2; dep++) {
    lm_rproblem p = {stops,       120,  vans, 8, dep ? rush : euclid, &pts, !dep, pts.x, pts.y, 121,
                     LM_OBJ_COST, NULL, NULL, 0};
    lm_rplan plan;
    lm_router *r = lm_router_create(&(lm_router_opts){.iterations = 2000, .seed = 9});
    assert_int_equal(lm_router_solve(r, &p, &plan), 0);
    check_plan(&p, &plan);
    print_message("%s travel: %.2f km, unserved %zu\n", dep ? "rush-hour" : "static",
                  plan.distance_km, plan.n_unserved);
    assert_true(plan.n_unserved <= 2);
    lm_rplan_clear(&plan);
    lm_router_destroy(r);
  }
}

static int same_plan(const lm_rplan *a, const lm_rplan *b, size_t n_stops) {
  if (a->n_vehicles != b->n_vehicles || a->n_unserved != b->n_unserved) return 0;
  if (memcmp(a->begin, b->begin, (a->n_vehicles + 1) * sizeof *a->begin)) return 0;
  size_t served = n_stops - a->n_unserved;
  return !memcmp(a->order, b->order, served * sizeof *a->order) && a->cost == b->cost;
}

static void test_same_seed_same_plan(void **state) {
  (void)state;
  static points pts;
  lm_rstop stops[150];
  make_problem(&pts, stops, 150, 6);
  add_windows(stops, 150, 6);
  lm_rvehicle vans[10];
  for (int v = 0; v < 10; v++) vans[v] = van(40, 7 * 3600.0, 17 * 3600.0);
  lm_rproblem p = {stops,           150,  vans, 10, euclid, &pts, 1, pts.x, pts.y, 151,
                   LM_OBJ_DISTANCE, NULL, NULL, 0};
  lm_rplan a, b, c;
  lm_router *r1 =
      lm_router_create(&(lm_router_opts){.iterations = 1500, .seed = 42, .stream_per_solve = 1});
  lm_router *r2 = lm_router_create(&(lm_router_opts){.iterations = 1500, .seed = 42});
  /* r2 keeps the seed's stream for every solve: its second solve repeats its first. */
  lm_router *r3 = lm_router_create(&(lm_router_opts){.iterations = 1500, .seed = 43});
  assert_int_equal(lm_router_solve(r1, &p, &a), 0);
  assert_int_equal(lm_router_solve(r2, &p, &b), 0);
  assert_int_equal(lm_router_solve(r3, &p, &c), 0);
  check_plan(&p, &a);
  check_plan(&p, &c);
  assert_true(same_plan(&a, &b, 150));
  lm_rplan_clear(&b);
  /* A router's second solve draws from stream 1 of its seed, as a fresh router seeded
   * with that stream's seed does; reseeded, it repeats its first solve. */
  lm_router *r4 =
      lm_router_create(&(lm_router_opts){.iterations = 1500, .seed = lm_router_stream_seed(42, 1)});
  assert_int_equal(lm_router_solve(r1, &p, &b), 0);
  lm_rplan d;
  assert_int_equal(lm_router_solve(r4, &p, &d), 0);
  check_plan(&p, &b);
  assert_true(same_plan(&b, &d, 150));
  lm_rplan_clear(&b);
  lm_rplan_clear(&d);
  assert_int_equal(lm_router_solve(r2, &p, &d), 0);
  assert_true(same_plan(&a, &d, 150));
  lm_rplan_clear(&d);
  lm_router_seed(r1, 42);
  assert_int_equal(lm_router_solve(r1, &p, &b), 0); /* a router can be reused */
  assert_true(same_plan(&a, &b, 150));
  lm_router_destroy(r4);
  lm_rplan_clear(&a);
  lm_rplan_clear(&b);
  lm_rplan_clear(&c);
  lm_router_destroy(r1);
  lm_router_destroy(r2);
  lm_router_destroy(r3);
}

static size_t vehicles_used(const lm_rplan *plan) {
  size_t used = 0;
  for (size_t v = 0; v < plan->n_vehicles; v++) used += plan->begin[v + 1] > plan->begin[v];
  return used;
}

static void test_fewest_vehicles(void **state) {
  (void)state;
  static points pts;
  lm_rstop stops[100];
  make_problem(&pts, stops, 100, 7);
  add_windows(stops, 100, 7);
  lm_rvehicle vans[12];
  for (int v = 0; v < 12; v++) vans[v] = van(35, 7 * 3600.0, 17 * 3600.0);
  lm_rproblem p = {stops,           100,  vans, 12, euclid, &pts, 1, pts.x, pts.y, 101,
                   LM_OBJ_DISTANCE, NULL, NULL, 0};
  lm_rplan dist, veh;
  lm_router *r = lm_router_create(&(lm_router_opts){.iterations = 3000, .seed = 1});
  assert_int_equal(lm_router_solve(r, &p, &dist), 0);
  p.objective = LM_OBJ_VEHICLES;
  assert_int_equal(lm_router_solve(r, &p, &veh), 0);
  double d1 = check_plan(&p, &dist), d2 = check_plan(&p, &veh);
  print_message("distance objective: %zu vans %.2f km; vehicles objective: %zu vans %.2f km\n",
                vehicles_used(&dist), d1, vehicles_used(&veh), d2);
  assert_int_equal(dist.n_unserved, 0);
  assert_int_equal(veh.n_unserved, 0);
  assert_true(vehicles_used(&veh) <= vehicles_used(&dist));
  assert_true(vehicles_used(&veh) <= 12);
  lm_rplan_clear(&dist);
  lm_rplan_clear(&veh);
  lm_router_destroy(r);
}

static void test_time_limit(void **state) {
  (void)state;
  static points pts;
  lm_rstop stops[300];
  make_problem(&pts, stops, 300, 8);
  lm_rvehicle vans[10];
  for (int v = 0; v < 10; v++) vans[v] = van(100, 7 * 3600.0, 19 * 3600.0);
  lm_rproblem p = {stops,           300,  vans, 10, euclid, &pts, 1, pts.x, pts.y, 301,
                   LM_OBJ_DISTANCE, NULL, NULL, 0};
  lm_rplan plan;
  lm_router *r =
      lm_router_create(&(lm_router_opts){.iterations = 4000000000u, .time_limit_ms = 50.0});
  assert_int_equal(lm_router_solve(r, &p, &plan), 0);
  check_plan(&p, &plan);
  assert_int_equal(plan.n_unserved, 0);
  lm_rplan_clear(&plan);
  lm_router_destroy(r);
}

/* Re-planning: a morning plan, then two more stops; the vans keep their first stops. */
static void test_warm_start_keeps_fixed_stops(void **state) {
  (void)state;
  static points pts;
  lm_rstop stops[80];
  make_problem(&pts, stops, 80, 9);
  lm_rvehicle vans[4];
  for (int v = 0; v < 4; v++) vans[v] = van(60, 8 * 3600.0, 18 * 3600.0);
  lm_rproblem p = {stops,           78,   vans, 4, euclid, &pts, 1, pts.x, pts.y, 81,
                   LM_OBJ_DISTANCE, NULL, NULL, 0};
  lm_rplan first, second;
  lm_router *r = lm_router_create(&(lm_router_opts){.iterations = 2000, .seed = 3});
  assert_int_equal(lm_router_solve(r, &p, &first), 0);
  check_plan(&p, &first);
  size_t fixed[4];
  for (size_t v = 0; v < 4; v++) {
    size_t m = first.begin[v + 1] - first.begin[v];
    fixed[v] = m < 3 ? m : 3;
  }
  p.n_stops = 80;
  p.warm = &first;
  p.fixed = fixed;
  assert_int_equal(lm_router_solve(r, &p, &second), 0);
  check_plan(&p, &second);
  assert_int_equal(second.n_unserved, 0);
  for (size_t v = 0; v < 4; v++)
    for (size_t i = 0; i < fixed[v]; i++)
      assert_int_equal(second.order[second.begin[v] + i], first.order[first.begin[v] + i]);
  /* Without improvement the warm plan comes back with the new stops added. */
  lm_router *r0 = lm_router_create(&(lm_router_opts){.iterations = 0});
  lm_rplan same;
  assert_int_equal(lm_router_solve(r0, &p, &same), 0);
  check_plan(&p, &same);
  assert_true(same.distance_km >= first.distance_km - 1e-9);
  assert_true(second.distance_km <= same.distance_km + 1e-9);
  lm_rplan_clear(&first);
  lm_rplan_clear(&second);
  lm_rplan_clear(&same);
  lm_router_destroy(r);
  lm_router_destroy(r0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_feasible_and_search_helps),
      cmocka_unit_test(test_long_routes),
      cmocka_unit_test(test_overload_degrades),
      cmocka_unit_test(test_empty_problem),
      cmocka_unit_test(test_time_windows_static_and_dependent),
      cmocka_unit_test(test_same_seed_same_plan),
      cmocka_unit_test(test_fewest_vehicles),
      cmocka_unit_test(test_time_limit),
      cmocka_unit_test(test_warm_start_keeps_fixed_stops),
  };
  return cmocka_run_group_tests_name("routing", tests, NULL, NULL);
}
