/* main.c — a program that uses the routing core as a library of its own: it includes
 * lastmile/routing.h only and links lastmile_routing, the C library and libm, nothing
 * else (build.sh compiles it that way; the CMake build links it to lastmile_routing).
 *
 * Four stops of one parcel each at (1,0), (0,1), (-1,0), (0,-1) around a depot at the
 * origin, vehicles of capacity 2, distance objective. Two routes are needed; each must
 * visit two neighbouring stops (1 + sqrt 2 + 1), since two opposite ones cost 1 + 2 + 1,
 * so the optimum is 4 + 2 sqrt 2. The program checks that every stop is served exactly
 * once, that no route carries more than 2 parcels, that the plan's distance equals its
 * routes walked here and equals the optimum, that the same seed gives the same plan, and
 * that a rule of routing.h broken (a vehicle kind above 31) is refused with LM_EINVAL.
 * Exit 0 when all hold, 1 otherwise; prints what failed.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lastmile/routing.h"

static const double node_x[5] = {0.0, 1.0, 0.0, -1.0, 0.0};
static const double node_y[5] = {0.0, 0.0, 1.0, 0.0, -1.0};

static double euclid(void *ud, uint32_t profile, uint32_t from, uint32_t to, double depart_s,
                     double *dist_km) {
  (void)ud;
  (void)profile;
  (void)depart_s;
  double d = hypot(node_x[from] - node_x[to], node_y[from] - node_y[to]);
  *dist_km = d;
  return d;
}

static int failures;

static void check(int ok, const char *what) {
  if (!ok) {
    printf("FAIL: %s\n", what);
    failures++;
  }
}

int main(void) {
  lm_rstop stops[4];
  for (uint32_t i = 0; i < 4; i++)
    stops[i] = (lm_rstop){.node = i + 1, .parcels = 1, .close_s = INFINITY, .penalty = 1e6};
  lm_rvehicle vehicles[4];
  for (size_t v = 0; v < 4; v++)
    vehicles[v] = (lm_rvehicle){.capacity_parcels = 2,
                                .capacity_volume_l = INFINITY,
                                .shift_end_s = INFINITY,
                                .cost_per_km = 1.0};
  lm_rproblem p = {.stops = stops,
                   .n_stops = 4,
                   .vehicles = vehicles,
                   .n_vehicles = 4,
                   .travel = euclid,
                   .static_travel = 1,
                   .node_x = node_x,
                   .node_y = node_y,
                   .n_nodes = 5,
                   .objective = LM_OBJ_DISTANCE};
  lm_router_opts opts = {.iterations = 200, .seed = 7};
  lm_router *r = lm_router_create(&opts);
  check(r != NULL, "lm_router_create");
  if (!r) return 1;

  lm_rplan plan = {0}, again = {0};
  check(lm_router_solve(r, &p, &plan) == LM_OK, "lm_router_solve returns LM_OK");
  check(plan.n_vehicles == 4 && plan.n_unserved == 0, "every stop served");
  int seen[4] = {0};
  size_t routes = 0;
  double walked = 0.0, d;
  for (size_t v = 0; v < plan.n_vehicles; v++) {
    size_t b = plan.begin[v], e = plan.begin[v + 1];
    if (b == e) continue;
    routes++;
    check(e - b <= 2, "at most 2 parcels on a route");
    uint32_t at = 0;
    for (size_t i = b; i < e; i++) {
      seen[plan.order[i]]++;
      walked += euclid(NULL, 0, at, stops[plan.order[i]].node, 0.0, &d);
      at = stops[plan.order[i]].node;
    }
    walked += euclid(NULL, 0, at, 0, 0.0, &d);
  }
  for (size_t s = 0; s < 4; s++) check(seen[s] == 1, "each stop on exactly one route");
  check(routes == 2, "two routes");
  double best = 4.0 + 2.0 * sqrt(2.0);
  check(fabs(plan.distance_km - walked) < 1e-9, "plan distance equals its routes walked");
  check(fabs(walked - best) < 1e-9, "distance is the optimum 4 + 2 sqrt 2");
  printf("routes %zu distance %.6f (optimum %.6f)\n", routes, walked, best);

  lm_router *r2 = lm_router_create(&opts);
  check(r2 && lm_router_solve(r2, &p, &again) == LM_OK, "second solve");
  check(again.begin && memcmp(again.begin, plan.begin, 5 * sizeof *plan.begin) == 0 &&
            memcmp(again.order, plan.order, 4 * sizeof *plan.order) == 0,
        "same seed, same plan");

  vehicles[0].kind = 32;
  lm_rplan refused = {0};
  check(lm_router_solve(r, &p, &refused) == LM_EINVAL, "kind 32 refused with LM_EINVAL");
  lm_rplan_clear(&refused);

  lm_rplan_clear(&plan);
  lm_rplan_clear(&again);
  lm_router_destroy(r);
  lm_router_destroy(r2);
  printf("%s\n", failures ? "routing_standalone: FAILED" : "routing_standalone: ok");
  return failures ? 1 : 0;
}
