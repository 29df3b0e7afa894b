/* build.c — a read benchmark instance turned into a routing problem.
 *
 * lm_instance_build adds to what read.c filled the distance rule, the distance matrix
 * (when n + 1 <= LM__INST_MATRIX_MAX nodes, otherwise distances are computed on demand in
 * O(1)) and the ready-to-solve lm_rproblem: one stop per customer (stop s is customer
 * s + 1, node s + 1), min(max_vehicles, n) identical vehicles (a plan never needs more
 * routes than customers, so no plan can use more vehicles than the file allows), travel
 * time equal to distance under inst->rule, objective LM_OBJ_DISTANCE. lm_instance_load is
 * read then build.
 */
#include "lastmile/instance.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#define LM__INST_MATRIX_MAX 2001u
/* Leaving a benchmark customer unserved must never pay, whatever the distances. */
#define LM__INST_PENALTY 1e9

static double rule_distance(lm_distance_rule rule, double ax, double ay, double bx, double by) {
  double dx = ax - bx, dy = ay - by;
  double d = sqrt(dx * dx + dy * dy);
  switch (rule) {
  case LM_DIST_ROUND:
    return floor(d + 0.5);
  case LM_DIST_TRUNC1:
    return floor(10.0 * d) / 10.0;
  default:
    return d;
  }
}

double lm_instance_distance(const lm_instance *inst, uint32_t a, uint32_t b) {
  size_t nn = inst->n_customers + 1;
  assert(a < nn && b < nn);
  if (inst->matrix) return inst->matrix[(size_t)a * nn + b];
  return rule_distance(inst->rule, inst->x[a], inst->y[a], inst->x[b], inst->y[b]);
}

/* The problem's travel function: time equals distance, whatever the departure (one
 * profile). */
static double inst_travel(void *ud, uint32_t profile, uint32_t from, uint32_t to, double depart_s,
                          double *dist_km) {
  (void)profile;
  (void)depart_s;
  double d = lm_instance_distance(ud, from, to);
  *dist_km = d;
  return d;
}

int lm_instance_build(lm_instance *inst, lm_distance_rule rule) {
  size_t n = inst->n_customers, nn = n + 1;
  /* A plan never has more routes than customers: records beyond n would stay idle. */
  uint32_t n_records = inst->max_vehicles < n ? inst->max_vehicles : (uint32_t)n;
  lm_rstop *stops = malloc(n * sizeof *stops);
  lm_rvehicle *vehicles = malloc(n_records * sizeof *vehicles);
  double *matrix = nn <= LM__INST_MATRIX_MAX ? malloc(nn * nn * sizeof *matrix) : NULL;
  if (!stops || !vehicles || (nn <= LM__INST_MATRIX_MAX && !matrix)) {
    free(stops);
    free(vehicles);
    free(matrix);
    return LM_ENOMEM;
  }
  free(inst->stops);
  free(inst->vehicles);
  free(inst->matrix);
  if (rule != LM_DIST_AUTO) inst->rule = rule;
  inst->stops = stops;
  inst->vehicles = vehicles;
  inst->matrix = matrix;
  if (matrix)
    for (size_t a = 0; a < nn; a++)
      for (size_t b = 0; b < nn; b++)
        matrix[a * nn + b] =
            rule_distance(inst->rule, inst->x[a], inst->y[a], inst->x[b], inst->y[b]);
  for (size_t i = 0; i < n; i++)
    stops[i] = (lm_rstop){.node = (uint32_t)(i + 1),
                          .parcels = inst->demand[i + 1],
                          .volume_l = 0.0,
                          .service_s = inst->service[i + 1],
                          .open_s = inst->ready[i + 1],
                          .close_s = inst->due[i + 1],
                          .penalty = LM__INST_PENALTY};
  for (uint32_t v = 0; v < n_records; v++)
    vehicles[v] = (lm_rvehicle){.start_node = 0,
                                .end_node = 0,
                                .capacity_parcels = inst->capacity,
                                .capacity_volume_l = INFINITY,
                                .shift_start_s = inst->ready[0],
                                .shift_end_s = inst->due[0],
                                .cost_per_km = 1.0};
  inst->problem = (lm_rproblem){.stops = stops,
                                .n_stops = n,
                                .vehicles = vehicles,
                                .n_vehicles = n_records,
                                .travel = inst_travel,
                                .travel_ud = inst,
                                .static_travel = 1,
                                .node_x = inst->x,
                                .node_y = inst->y,
                                .n_nodes = nn,
                                .objective = LM_OBJ_DISTANCE};
  return 0;
}

int lm_instance_load(const char *path, lm_distance_rule rule, lm_instance **out, lm_diag *diag) {
  int rc = lm_instance_read(path, out, diag);
  if (rc) return rc;
  rc = lm_instance_build(*out, rule);
  if (rc) {
    lm_diag_error(diag, path, 0, 0, "out of memory reading the instance");
    lm_instance_destroy(*out);
    *out = NULL;
  }
  return rc;
}
