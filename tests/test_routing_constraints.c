/* test_routing_constraints.c — the routing interface's richer rules: several time windows
 * per stop, pickups carried back to the depot, vehicle kinds a stop allows, travel
 * profiles and speed factors, and ranges. An independent walk checks every rule on every
 * plan of a random mixed fleet, with static and with time-dependent travel; small problems
 * whose only feasible plans honour a rule show that the solver finds them; a problem that
 * breaks the header's rules is refused.
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

#define TOL 1e-6

typedef struct world {
  double x[256], y[256];
  double kmh[2]; /* per profile */
  int rush;      /* profile 0 crawls at a third of its speed before 10:00 (FIFO) */
} world;

static double go(void *ud, uint32_t profile, uint32_t a, uint32_t b, double depart_s,
                 double *dist_km) {
  const world *w = ud;
  double d = hypot(w->x[a] - w->x[b], w->y[a] - w->y[b]);
  *dist_km = d;
  double kmh = w->kmh[profile], fast = d / kmh * 3600.0;
  if (!w->rush || profile != 0 || depart_s >= 10 * 3600.0) return fast;
  double slow_kmh = kmh / 3.0, slow = d / slow_kmh * 3600.0;
  if (depart_s + slow <= 10 * 3600.0) return slow;
  double km_slow = slow_kmh * (10 * 3600.0 - depart_s) / 3600.0;
  return 10 * 3600.0 - depart_s + (d - km_slow) / kmh * 3600.0;
}

/* Start of service for an arrival at t, or -1 when every window has closed. */
static double window_start(const lm_rstop *s, double t) {
  if (s->n_windows == 0) return t <= s->close_s + TOL ? fmax(t, s->open_s) : -1.0;
  for (uint32_t k = 0; k < s->n_windows; k++)
    if (t <= s->windows[2 * k + 1] + TOL) return fmax(t, s->windows[2 * k]);
  return -1.0;
}

/* Walks one vehicle's route and checks every rule; returns its distance. */
static double check_route(const lm_rproblem *p, size_t v, const uint32_t *seq, size_t m) {
  const lm_rvehicle *veh = &p->vehicles[v];
  double sf = veh->speed_factor > 0.0 ? veh->speed_factor : 1.0;
  double t = veh->shift_start_s, dist = 0.0, d, vol = 0.0;
  long parcels = 0;
  uint32_t at = veh->start_node;
  for (size_t i = 0; i < m; i++) {
    parcels += p->stops[seq[i]].parcels;
    vol += p->stops[seq[i]].volume_l;
  }
  assert_true(parcels <= (long)veh->capacity_parcels);
  assert_true(vol <= veh->capacity_volume_l + TOL);
  for (size_t i = 0; i < m; i++) {
    const lm_rstop *s = &p->stops[seq[i]];
    assert_true(s->allowed_kinds == 0 || ((s->allowed_kinds >> veh->kind) & 1u));
    t += p->travel(p->travel_ud, veh->profile, at, s->node, t, &d) / sf;
    dist += d;
    t = window_start(s, t);
    assert_true(t >= 0.0);
    t += s->service_s;
    parcels += (long)s->pickup_parcels - (long)s->parcels;
    vol += s->pickup_volume_l - s->volume_l;
    assert_true(parcels <= (long)veh->capacity_parcels);
    assert_true(vol <= veh->capacity_volume_l + TOL);
    at = s->node;
  }
  if (m > 0) {
    t += p->travel(p->travel_ud, veh->profile, at, veh->end_node, t, &d) / sf;
    dist += d;
  }
  assert_true(t <= veh->shift_end_s + TOL);
  if (veh->max_duration_s > 0.0) assert_true(t - veh->shift_start_s <= veh->max_duration_s + TOL);
  if (veh->max_distance_km > 0.0) assert_true(dist <= veh->max_distance_km + TOL);
  return dist;
}

/* Checks the whole plan: every stop once, every route by check_route. */
static double check_plan(const lm_rproblem *p, const lm_rplan *plan) {
  uint8_t *seen = calloc(p->n_stops ? p->n_stops : 1, 1);
  double total = 0.0;
  for (size_t v = 0; v < p->n_vehicles; v++) {
    for (size_t i = plan->begin[v]; i < plan->begin[v + 1]; i++) {
      assert_int_equal(seen[plan->order[i]], 0);
      seen[plan->order[i]] = 1;
    }
    total += check_route(p, v, plan->order + plan->begin[v], plan->begin[v + 1] - plan->begin[v]);
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

/* The vehicle that serves stop u in the plan, or -1. */
static long vehicle_of(const lm_rplan *plan, uint32_t u) {
  for (size_t v = 0; v < plan->n_vehicles; v++)
    for (size_t i = plan->begin[v]; i < plan->begin[v + 1]; i++)
      if (plan->order[i] == u) return (long)v;
  return -1;
}

static lm_rvehicle vehicle(uint32_t kind, uint32_t profile, uint32_t cap) {
  return (lm_rvehicle){.capacity_parcels = cap,
                       .capacity_volume_l = 1e9,
                       .shift_start_s = 7 * 3600.0,
                       .shift_end_s = 18 * 3600.0,
                       .cost_fixed = 20.0,
                       .cost_per_km = 1.0,
                       .cost_per_hour = 10.0,
                       .kind = kind,
                       .profile = profile};
}

static int solve(const lm_rproblem *p, uint32_t iterations, uint64_t seed, lm_rplan *plan) {
  lm_router *r = lm_router_create(&(lm_router_opts){.iterations = iterations, .seed = seed});
  int rc = lm_router_solve(r, p, plan);
  lm_router_destroy(r);
  return rc;
}

/* ---- a random mixed fleet ------------------------------------------------------------ */

typedef struct mixed {
  world w;
  lm_rstop stops[150];
  double windows[150][6];
  lm_rvehicle veh[8];
  lm_rproblem p;
} mixed;

static void make_mixed(mixed *m, uint64_t seed, int rush) {
  memset(m, 0, sizeof *m);
  lm_rng *r = lm_rng_create(seed, 0, 0);
  m->w.kmh[0] = 30.0;
  m->w.kmh[1] = 18.0;
  m->w.rush = rush;
  for (uint32_t i = 0; i < 150; i++) {
    m->w.x[i + 1] = 12.0 * lm_rng_uniform(r) - 6.0;
    m->w.y[i + 1] = 12.0 * lm_rng_uniform(r) - 6.0;
    lm_rstop *s = &m->stops[i];
    *s = (lm_rstop){.node = i + 1,
                    .parcels = 1 + lm_rng_below(r, 3),
                    .volume_l = 4.0 + 10.0 * lm_rng_uniform(r),
                    .service_s = 180.0,
                    .open_s = 0.0,
                    .close_s = INFINITY,
                    .penalty = 500.0};
    uint32_t kind = lm_rng_below(r, 10);
    if (kind == 0) s->allowed_kinds = 1u << 1; /* a pedestrian zone: bikes only */
    if (kind == 1) s->allowed_kinds = 1u << 0; /* bulky: vans only */
    if (lm_rng_below(r, 4) == 0) {
      s->pickup_parcels = 1 + lm_rng_below(r, 3);
      s->pickup_volume_l = 5.0 + 15.0 * lm_rng_uniform(r);
    }
    uint32_t nw = lm_rng_below(r, 4); /* 0: all day, else 1..3 windows of an hour */
    for (uint32_t k = 0; k < nw; k++) {
      m->windows[i][2 * k] = (8.0 + 3.0 * k + (double)lm_rng_below(r, 2)) * 3600.0;
      m->windows[i][2 * k + 1] = m->windows[i][2 * k] + 3600.0;
    }
    if (nw == 1) {
      s->open_s = m->windows[i][0];
      s->close_s = m->windows[i][1];
    } else if (nw > 1) {
      s->windows = m->windows[i];
      s->n_windows = nw;
    }
  }
  lm_rng_destroy(r);
  for (int v = 0; v < 5; v++) m->veh[v] = vehicle(0, 0, 60);
  m->veh[4].max_distance_km = 40.0; /* an electric van */
  m->veh[3].speed_factor = 0.8;     /* an old one */
  for (int v = 5; v < 8; v++) {
    m->veh[v] = vehicle(1, 1, 15);
    m->veh[v].capacity_volume_l = 120.0;
    m->veh[v].max_distance_km = 35.0;
    m->veh[v].speed_factor = 1.1;
  }
  m->p = (lm_rproblem){.stops = m->stops,
                       .n_stops = 150,
                       .vehicles = m->veh,
                       .n_vehicles = 8,
                       .travel = go,
                       .travel_ud = &m->w,
                       .static_travel = !rush,
                       .node_x = m->w.x,
                       .node_y = m->w.y,
                       .n_nodes = 151,
                       .objective = LM_OBJ_COST,
                       .n_profiles = 2};
}

static void test_mixed_fleet_static_and_rush(void **state) {
  (void)state;
  static mixed m;
  for (int rush = 0; rush < 2; rush++) {
    make_mixed(&m, 21, rush);
    lm_rplan plan, again;
    assert_int_equal(solve(&m.p, 3000, 5, &plan), 0);
    check_plan(&m.p, &plan);
    size_t bikes = 0;
    for (size_t v = 5; v < 8; v++) bikes += plan.begin[v + 1] - plan.begin[v];
    print_message("%s travel: %.2f km, cost %.1f, unserved %zu, %zu stops by bike\n",
                  rush ? "rush-hour" : "static", plan.distance_km, plan.cost, plan.n_unserved,
                  bikes);
    assert_true(plan.n_unserved <= 15);
    assert_true(bikes > 0);
    /* The same seed gives the same plan. */
    assert_int_equal(solve(&m.p, 3000, 5, &again), 0);
    assert_int_equal(plan.n_unserved, again.n_unserved);
    assert_memory_equal(plan.begin, again.begin, 9 * sizeof *plan.begin);
    assert_memory_equal(plan.order, again.order, plan.begin[8] * sizeof *plan.order);
    assert_true(plan.cost == again.cost);
    lm_rplan_clear(&plan);
    lm_rplan_clear(&again);
  }
}

/* ---- small problems with one feasible answer ------------------------------------------ */

/* Nodes on a line or a plane, one profile at 60 km/h: one kilometre is one minute. */
static lm_rproblem small(world *w, lm_rstop *stops, size_t n, lm_rvehicle *veh, size_t nv) {
  w->kmh[0] = 60.0;
  w->kmh[1] = 60.0;
  return (lm_rproblem){.stops = stops,
                       .n_stops = n,
                       .vehicles = veh,
                       .n_vehicles = nv,
                       .travel = go,
                       .travel_ud = w,
                       .static_travel = 1,
                       .node_x = w->x,
                       .node_y = w->y,
                       .n_nodes = n + 1,
                       .objective = LM_OBJ_COST};
}

static lm_rstop plain(uint32_t node) {
  return (lm_rstop){.node = node, .parcels = 1, .close_s = INFINITY, .penalty = 1e4};
}

static void test_second_window(void **state) {
  (void)state;
  /* A at 1 km opens at 0 for 30 s, then at 1000 s; B at 2 km only from 100 s to 200 s.
   * A first misses its first window and waits until B has closed; B first, then A's
   * second window, is the only way. */
  world w = {.x = {0.0, 1.0, 2.0}};
  double a_windows[4] = {0.0, 30.0, 1000.0, 1100.0};
  lm_rstop stops[2] = {plain(1), plain(2)};
  stops[0].windows = a_windows;
  stops[0].n_windows = 2;
  stops[1].open_s = 100.0;
  stops[1].close_s = 200.0;
  lm_rvehicle veh[1] = {vehicle(0, 0, 10)};
  veh[0].shift_start_s = 0.0;
  veh[0].shift_end_s = 5000.0;
  lm_rproblem p = small(&w, stops, 2, veh, 1);
  lm_rplan plan;
  assert_int_equal(solve(&p, 200, 1, &plan), 0);
  check_plan(&p, &plan);
  assert_int_equal(plan.n_unserved, 0);
  assert_int_equal(plan.order[0], 1);
  assert_int_equal(plan.order[1], 0);
  lm_rplan_clear(&plan);
  /* Without the second window A cannot be served at all. */
  stops[0].n_windows = 1;
  assert_int_equal(solve(&p, 200, 1, &plan), 0);
  check_plan(&p, &plan);
  assert_int_equal(plan.n_unserved, 1);
  assert_int_equal(plan.unserved[0], 0);
  lm_rplan_clear(&plan);
}

static void test_pickup_after_delivery(void **state) {
  (void)state;
  /* Capacity 10: D delivers 8, P collects 8. Picking up first would carry 16. */
  world w = {.x = {0.0, 1.0, 2.0}, .y = {0.0, 0.0, 1.0}};
  lm_rstop stops[3] = {plain(1), plain(2), plain(2)};
  stops[0].parcels = 0;
  stops[0].pickup_parcels = 8;
  stops[1].parcels = 8;
  stops[2].parcels = 0;
  stops[2].pickup_parcels = 11; /* more than the van holds: never served */
  lm_rvehicle veh[1] = {vehicle(0, 0, 10)};
  lm_rproblem p = small(&w, stops, 3, veh, 1);
  lm_rplan plan;
  assert_int_equal(solve(&p, 200, 1, &plan), 0);
  check_plan(&p, &plan);
  assert_int_equal(plan.n_unserved, 1);
  assert_int_equal(plan.unserved[0], 2);
  assert_int_equal(plan.begin[1], 2);
  assert_int_equal(plan.order[0], 1);
  assert_int_equal(plan.order[1], 0);
  lm_rplan_clear(&plan);
}

static void test_kinds(void **state) {
  (void)state;
  /* A van (kind 0) and a dearer drone (kind 1): S0 is for drones, S1 for vans, S2 for
   * kind 5, which nobody is. */
  world w = {.x = {0.0, 1.0, 1.5, 2.0}};
  lm_rstop stops[3] = {plain(1), plain(2), plain(3)};
  stops[0].allowed_kinds = 1u << 1;
  stops[1].allowed_kinds = 1u << 0;
  stops[2].allowed_kinds = 1u << 5;
  lm_rvehicle veh[2] = {vehicle(0, 0, 10), vehicle(1, 0, 1)};
  veh[1].cost_fixed = 500.0;
  lm_rproblem p = small(&w, stops, 3, veh, 2);
  lm_rplan plan;
  assert_int_equal(solve(&p, 200, 1, &plan), 0);
  check_plan(&p, &plan);
  assert_int_equal(vehicle_of(&plan, 0), 1);
  assert_int_equal(vehicle_of(&plan, 1), 0);
  assert_int_equal(vehicle_of(&plan, 2), -1);
  lm_rplan_clear(&plan);
}

static void test_profiles_and_speed(void **state) {
  (void)state;
  /* A stop 5 km out that closes 20 minutes into the shift. Vans (profile 0) crawl at
   * 10 km/h and arrive after 30 minutes; a bike (profile 1, 20 km/h) makes it, and so
   * does a van with speed factor 2.5. */
  world w = {.x = {0.0, 5.0}};
  lm_rstop stops[1] = {plain(1)};
  stops[0].close_s = 7 * 3600.0 + 1200.0;
  lm_rvehicle veh[3] = {vehicle(0, 0, 10), vehicle(1, 1, 10), vehicle(0, 0, 10)};
  veh[1].cost_fixed = veh[2].cost_fixed = 300.0;
  lm_rproblem p = small(&w, stops, 1, veh, 2);
  w.kmh[0] = 10.0;
  w.kmh[1] = 20.0;
  p.n_profiles = 2;
  lm_rplan plan;
  assert_int_equal(solve(&p, 100, 1, &plan), 0);
  check_plan(&p, &plan);
  assert_int_equal(vehicle_of(&plan, 0), 1);
  lm_rplan_clear(&plan);
  /* Only vans: the slow one cannot, the fast one can. */
  veh[1] = veh[0];
  veh[2].speed_factor = 2.5;
  p.n_vehicles = 3;
  assert_int_equal(solve(&p, 100, 1, &plan), 0);
  check_plan(&p, &plan);
  assert_int_equal(vehicle_of(&plan, 0), 2);
  lm_rplan_clear(&plan);
  veh[2].speed_factor = 1.2;
  assert_int_equal(solve(&p, 100, 1, &plan), 0);
  check_plan(&p, &plan);
  assert_int_equal(plan.n_unserved, 1);
  lm_rplan_clear(&plan);
}

static void test_range(void **state) {
  (void)state;
  /* Two stops 10 km out on either side: one route would be 40 km, the range is 25. A
   * third stop 13 km out needs 26 km on its own. */
  world w = {.x = {0.0, 10.0, -10.0, 0.0}, .y = {0.0, 0.0, 0.0, 13.0}};
  lm_rstop stops[3] = {plain(1), plain(2), plain(3)};
  lm_rvehicle veh[2] = {vehicle(0, 0, 10), vehicle(0, 0, 10)};
  veh[0].max_distance_km = veh[1].max_distance_km = 25.0;
  veh[0].cost_fixed = veh[1].cost_fixed = 100.0;
  lm_rproblem p = small(&w, stops, 3, veh, 2);
  lm_rplan plan;
  assert_int_equal(solve(&p, 200, 1, &plan), 0);
  check_plan(&p, &plan);
  assert_int_equal(plan.n_unserved, 1);
  assert_int_equal(plan.unserved[0], 2);
  assert_true(vehicle_of(&plan, 0) != vehicle_of(&plan, 1));
  lm_rplan_clear(&plan);
}

static void test_bad_problems_refused(void **state) {
  (void)state;
  world w = {.x = {0.0, 1.0}};
  double bad_windows[4] = {100.0, 200.0, 150.0, 300.0}; /* overlapping */
  lm_rstop stops[1] = {plain(1)};
  lm_rvehicle veh[1] = {vehicle(0, 1, 10)}; /* profile 1 of one */
  lm_rproblem p = small(&w, stops, 1, veh, 1);
  lm_rplan plan;
  assert_int_equal(solve(&p, 10, 1, &plan), LM_EINVAL);
  assert_null(plan.begin);
  p.n_profiles = 2;
  assert_int_equal(solve(&p, 10, 1, &plan), 0);
  lm_rplan_clear(&plan);
  veh[0].kind = 32;
  assert_int_equal(solve(&p, 10, 1, &plan), LM_EINVAL);
  veh[0].kind = 31;
  veh[0].speed_factor = -1.0;
  assert_int_equal(solve(&p, 10, 1, &plan), LM_EINVAL);
  veh[0].speed_factor = 0.0;
  stops[0].windows = bad_windows;
  stops[0].n_windows = 2;
  assert_int_equal(solve(&p, 10, 1, &plan), LM_EINVAL);
  stops[0].n_windows = 1;
  assert_int_equal(solve(&p, 10, 1, &plan), 0);
  lm_rplan_clear(&plan);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mixed_fleet_static_and_rush), cmocka_unit_test(test_second_window),
      cmocka_unit_test(test_pickup_after_delivery),       cmocka_unit_test(test_kinds),
      cmocka_unit_test(test_profiles_and_speed),          cmocka_unit_test(test_range),
      cmocka_unit_test(test_bad_problems_refused),
  };
  return cmocka_run_group_tests_name("routing_constraints", tests, NULL, NULL);
}
