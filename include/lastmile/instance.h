/* instance.h — routing benchmark instances: Solomon text files and VRPLIB (.vrp) files,
 * read (lm_instance_read: the file's data, no distances), built into an lm_rproblem that
 * the routing core solves (lm_instance_build; lm_instance_load does both), and plans
 * written back in the CVRPLIB .sol form.
 *
 * Node 0 is the depot and node i (1..n) is customer i as numbered in the file, so a plan's
 * stop index s is customer s + 1. Travel time equals distance (unit speed), as the
 * benchmark literature assumes. Distances follow one of the rules below; the default for
 * each format is the convention its best-known solutions use.
 */
#ifndef LASTMILE_INSTANCE_H
#define LASTMILE_INSTANCE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lastmile/error.h"
#include "lastmile/routing.h"

typedef enum lm_instance_format { LM_INST_SOLOMON, LM_INST_VRPLIB } lm_instance_format;

typedef enum lm_distance_rule {
  LM_DIST_AUTO = 0, /* the convention of the format's best-known solutions: Solomon text real;
                       VRPLIB CVRP EUC_2D round; VRPLIB CVRPTW (DIMACS 2021 files) trunc1 */
  LM_DIST_REAL,     /* Euclidean distance in double precision */
  LM_DIST_ROUND,    /* TSPLIB EUC_2D: nearest integer */
  LM_DIST_TRUNC1    /* DIMACS 2021: floor(10 d) / 10 */
} lm_distance_rule;

typedef struct lm_instance {
  char name[64];
  lm_instance_format format;
  lm_distance_rule rule;
  int has_time_windows;
  size_t n_customers;
  uint32_t capacity;
  uint32_t max_vehicles;         /* from the file; n_customers when the file sets no limit */
  double *x, *y;                 /* n_customers + 1 coordinates, depot first */
  uint32_t *demand;              /* n_customers + 1 */
  double *ready, *due, *service; /* n_customers + 1; depot: the planning horizon (CVRP: 0, inf) */
  /* Set by lm_instance_build; NULL (problem zeroed) in an instance only read. */
  double *matrix;        /* (n+1)^2 distances when n + 1 <= 2001, else NULL */
  lm_rstop *stops;       /* n_customers */
  lm_rvehicle *vehicles; /* min(max_vehicles, n_customers) identical records */
  lm_rproblem problem;   /* ready for lm_router_solve; objective LM_OBJ_DISTANCE */
} lm_instance;

/* Reads `path` (format from its content: a VRPLIB header or a Solomon VEHICLE block):
 * name, format, windows flag, sizes and the node arrays x .. service; rule is the
 * format's convention (LM_DIST_AUTO resolved). No distance is computed: matrix, stops and
 * vehicles are NULL and problem is zeroed. Returns 0 and *out, or LM_EIO / LM_EPARSE /
 * LM_EINVAL / LM_ENOMEM with "file:line: error: ..." in diag and *out NULL. */
int lm_instance_read(const char *path, lm_instance **out, lm_diag *diag);
/* Sets the rule (LM_DIST_AUTO keeps the one read), the distances and the routing problem
 * of an instance read by lm_instance_read. Returns 0, or LM_ENOMEM with inst unchanged. */
int lm_instance_build(lm_instance *inst, lm_distance_rule rule);
/* lm_instance_read, then lm_instance_build with `rule`: same returns as the read; on
 * LM_ENOMEM while building, diag says so and *out is NULL. */
int lm_instance_load(const char *path, lm_distance_rule rule, lm_instance **out, lm_diag *diag);
/* Frees an instance; NULL does nothing. */
void lm_instance_destroy(lm_instance *inst);

/* Distance between nodes a and b under the instance's rule (a read instance will do). */
double lm_instance_distance(const lm_instance *inst, uint32_t a, uint32_t b);

/* Prints `plan` (of a built instance's problem) as CVRPLIB .sol ("Route #k: c1 c2 ...",
 * customers numbered as in the file, then "Cost X") to `out`. Returns 0, or LM_EIO when
 * the stream is in error. */
int lm_instance_print_sol(const lm_instance *inst, const lm_rplan *plan, FILE *out);

/* Writes the .sol of `plan` as `path`, published whole (lm_publish, with force: a file
 * already there is replaced in one step, never rewritten in place). Returns 0, LM_EINVAL,
 * LM_EIO or LM_ENOMEM (diag says why); on failure `path` is as it was. */
int lm_instance_write_sol(const lm_instance *inst, const lm_rplan *plan, const char *path,
                          lm_diag *diag);

#endif
