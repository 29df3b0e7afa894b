/* solve_core.h — one benchmark instance through the routing core, measured: the code that
 * `lastmile solve` and `lastmile bench` share, so that both report the same numbers for
 * the same instance, seed and budget.
 *
 * The distance of a plan is recomputed from its routes under the instance's distance rule
 * (lm_instance_distance), never taken from the solver's own total; the time is the
 * wall-clock time of lm_router_solve alone, on a router created for that solve (reading
 * the file and building the distance matrix are not timed).
 */
#ifndef LASTMILE_CLI_SOLVE_CORE_H
#define LASTMILE_CLI_SOLVE_CORE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lastmile/instance.h"
#include "lastmile/routing.h"

/* The iteration budget when neither an iteration count nor a time limit is given. */
#define LM_SOLVE_DEFAULT_ITERATIONS 20000u

/* A search budget as the command line gives it. */
typedef struct lm_solve_budget {
  uint64_t iterations;    /* improvement effort, when have_iterations */
  uint64_t time_limit_ms; /* wall-clock cap in milliseconds, when have_time_limit */
  int have_iterations, have_time_limit;
} lm_solve_budget;

/* What one solve measured. */
typedef struct lm_solve_measure {
  size_t vehicles;   /* routes with at least one stop */
  double distance;   /* total of the routes under the instance's distance rule */
  double time_ms;    /* wall-clock time of lm_router_solve alone, in milliseconds */
  size_t n_unserved; /* customers the plan leaves out; a benchmark run needs 0 */
} lm_solve_measure;

/* The router options for budget `b` and `seed`: the iterations given; with a time limit
 * alone no iteration cap (UINT32_MAX); with neither, LM_SOLVE_DEFAULT_ITERATIONS. `stop`
 * (may be NULL) ends the search early once it is non-zero (lm_router_opts.stop). */
lm_router_opts lm__solve_router_opts(const lm_solve_budget *b, uint64_t seed,
                                     const volatile sig_atomic_t *stop);

/* Solves the built instance `inst` under `objective` (stored in inst->problem) with a
 * router made from `opts`, into `plan` (zeroed by the caller; free it with lm_rplan_clear
 * whatever this returns), and fills `m`. Returns 0 (also when customers are left
 * unserved: see m->n_unserved), or LM_ENOMEM / LM_EINVAL from the router, with `m`
 * zeroed. */
int lm__solve_measure(lm_instance *inst, lm_route_objective objective, const lm_router_opts *opts,
                      lm_rplan *plan, lm_solve_measure *m);

/* Prints `s` to `out` as a JSON string (quoted, with ", \ and control bytes escaped). */
void lm__print_json_string(FILE *out, const char *s);
/* Prints `s` to `out` as one CSV field: as it is, or quoted (with quotes doubled) when it
 * holds a comma, a quote or a line break. */
void lm__print_csv_field(FILE *out, const char *s);

#endif
