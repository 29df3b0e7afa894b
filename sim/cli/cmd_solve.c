/* cmd_solve.c — `lastmile solve INSTANCE`: one benchmark instance through the routing core.
 *
 * Reads a Solomon or VRPLIB file, gives the router exactly the instance's vehicles (so a
 * plan can never use more than the file allows), and prints one line
 * "instance vehicles distance time_ms". The distance is recomputed here from the plan's
 * routes with lm_instance_distance, not taken from the solver's own total, and time_ms is
 * the wall-clock time of lm_router_solve alone. A plan that leaves a customer unserved is
 * a failed run (exit 1): benchmark instances are meant to be served in full.
 *
 * With -o, the .sol file is reserved before solving (lm_publish_open: a temporary file
 * beside it, so a bad location is refused at once) and published whole after: a file of
 * that name is replaced in one step, never rewritten in place, and kept on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "lastmile/instance.h"
#include "lastmile/publish.h"
#include "lastmile/routing.h"

/* The budget when neither --iterations nor --time-limit-ms is given. Change it here. */
#define LM_SOLVE_DEFAULT_ITERATIONS 20000u

static const char solve_usage[] =
    "usage: lastmile solve INSTANCE [options]\n"
    "\n"
    "Solves a Solomon (.txt) or VRPLIB (.vrp) benchmark instance and prints one line:\n"
    "instance vehicles distance time_ms.\n"
    "\n"
    "options:\n"
    "  --iterations N        improvement effort (default 20000)\n"
    "  --time-limit-ms T     wall-clock cap in milliseconds (no iteration cap unless\n"
    "                        --iterations is also given)\n"
    "  --seed N              random seed (default 1)\n"
    "  --objective OBJ       distance (default) or vehicles (fewest vehicles, then distance)\n"
    "  --distance RULE       real, round (TSPLIB nint) or trunc1 (DIMACS); default: the\n"
    "                        file's convention (Solomon real, CVRP round, CVRPTW .vrp trunc1)\n"
    "  -o, --output FILE     write the routes in the CVRPLIB .sol form\n"
    "  -q, --quiet           no messages on stderr for a successful run\n";

typedef struct solve_args {
  const char *instance, *output;
  uint64_t iterations, seed, time_limit_ms;
  int have_iterations, have_time_limit, quiet;
  lm_route_objective objective;
  lm_distance_rule rule;
} solve_args;

/* Returns 0, 1 for --help, or -1 after printing a usage error. */
static int parse_args(int argc, char **argv, solve_args *a) {
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    int takes = !strcmp(arg, "-o") || !strcmp(arg, "--output") || !strcmp(arg, "--iterations") ||
                !strcmp(arg, "--time-limit-ms") || !strcmp(arg, "--seed") ||
                !strcmp(arg, "--objective") || !strcmp(arg, "--distance");
    if (takes && !val) {
      lm_cli_error("option %s needs a value", arg);
      return -1;
    }
    if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
      return 1;
    } else if (!strcmp(arg, "-o") || !strcmp(arg, "--output")) {
      a->output = val;
    } else if (!strcmp(arg, "--iterations")) {
      if (lm_cli_parse_u64(arg, val, 0, UINT32_MAX, &a->iterations)) return -1;
      a->have_iterations = 1;
    } else if (!strcmp(arg, "--time-limit-ms")) {
      if (lm_cli_parse_u64(arg, val, 1, 86400000, &a->time_limit_ms)) return -1;
      a->have_time_limit = 1;
    } else if (!strcmp(arg, "--seed")) {
      if (lm_cli_parse_u64(arg, val, 0, UINT64_MAX, &a->seed)) return -1;
    } else if (!strcmp(arg, "--objective")) {
      if (!strcmp(val, "distance"))
        a->objective = LM_OBJ_DISTANCE;
      else if (!strcmp(val, "vehicles"))
        a->objective = LM_OBJ_VEHICLES;
      else {
        lm_cli_error("--objective: expected distance or vehicles, got '%s'", val);
        return -1;
      }
    } else if (!strcmp(arg, "--distance")) {
      if (!strcmp(val, "real"))
        a->rule = LM_DIST_REAL;
      else if (!strcmp(val, "round"))
        a->rule = LM_DIST_ROUND;
      else if (!strcmp(val, "trunc1"))
        a->rule = LM_DIST_TRUNC1;
      else {
        lm_cli_error("--distance: expected real, round or trunc1, got '%s'", val);
        return -1;
      }
    } else if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
      a->quiet = 1;
      continue;
    } else if (arg[0] == '-' && arg[1] != '\0') {
      lm_cli_error("unknown option '%s' (see lastmile solve --help)", arg);
      return -1;
    } else if (!a->instance) {
      a->instance = arg;
      continue;
    } else {
      lm_cli_error("unexpected argument '%s': solve takes one instance file", arg);
      return -1;
    }
    i++; /* the option's value */
  }
  if (!a->instance) {
    lm_cli_error("solve needs an instance file (see lastmile solve --help)");
    return -1;
  }
  return 0;
}

static double ms_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Total distance of the plan's routes under the instance's rule; counts non-empty routes. */
static double plan_distance(const lm_instance *inst, const lm_rplan *plan, size_t *routes) {
  double total = 0.0;
  *routes = 0;
  for (size_t v = 0; v < plan->n_vehicles; v++) {
    if (plan->begin[v] == plan->begin[v + 1]) continue;
    ++*routes;
    uint32_t at = 0;
    for (size_t i = plan->begin[v]; i < plan->begin[v + 1]; i++) {
      uint32_t node = inst->stops[plan->order[i]].node;
      total += lm_instance_distance(inst, at, node);
      at = node;
    }
    total += lm_instance_distance(inst, at, 0);
  }
  return total;
}

/* Solves the loaded instance, writes the routes to `sol` when given, and reports it;
 * returns an exit code. */
static int solve(const solve_args *a, lm_instance *inst, lm_publish *sol) {
  inst->problem.objective = a->objective;
  lm_router_opts opts = {.iterations = a->have_iterations   ? (uint32_t)a->iterations
                                       : a->have_time_limit ? UINT32_MAX
                                                            : LM_SOLVE_DEFAULT_ITERATIONS,
                         .seed = a->seed,
                         .time_limit_ms = (double)a->time_limit_ms};
  lm_router *r = lm_router_create(&opts);
  if (!r) {
    lm_cli_error("out of memory");
    return LM_EXIT_FAIL;
  }
  lm_rplan plan = {0};
  double t0 = ms_now();
  int rc = lm_router_solve(r, &inst->problem, &plan);
  double elapsed_ms = ms_now() - t0;
  lm_router_destroy(r);
  if (rc) {
    lm_cli_error("%s: the router failed: %s", a->instance, lm_strerror(rc));
    return LM_EXIT_FAIL;
  }
  int code = LM_EXIT_OK;
  size_t routes = 0;
  double dist = plan_distance(inst, &plan, &routes);
  if (plan.n_unserved > 0) {
    lm_cli_error("%s: %zu of %zu customers left unserved with %u vehicles", a->instance,
                 plan.n_unserved, inst->n_customers, inst->max_vehicles);
    code = LM_EXIT_FAIL;
  } else if (sol) {
    lm_diag *diag = lm_diag_create();
    if (lm_instance_print_sol(inst, &plan, lm_publish_file(sol)) == 0)
      lm_publish_commit(sol, diag); /* a write error surfaces here too */
    else
      lm_diag_error(diag, a->output, 0, 0, "cannot write the routes");
    if (lm_diag_errors(diag)) code = LM_EXIT_FAIL;
    lm_diag_print(diag, stderr);
    lm_diag_destroy(diag);
  }
  if (code == LM_EXIT_OK) printf("%s %zu %.2f %.0f\n", inst->name, routes, dist, elapsed_ms);
  lm_rplan_clear(&plan);
  return code;
}

int lm_cli_solve(int argc, char **argv) {
  solve_args a = {.seed = 1, .objective = LM_OBJ_DISTANCE, .rule = LM_DIST_AUTO};
  int p = parse_args(argc, argv, &a);
  if (p == 1) {
    fputs(solve_usage, stdout);
    return LM_EXIT_OK;
  }
  if (p < 0) return LM_EXIT_USAGE;
  lm_diag *diag = lm_diag_create();
  if (!diag) {
    lm_cli_error("out of memory");
    return LM_EXIT_FAIL;
  }
  lm_instance *inst = NULL;
  int rc = lm_instance_load(a.instance, a.rule, &inst, diag);
  lm_publish *sol = NULL;
  if (!rc && a.output) rc = lm_publish_open(a.output, 1, &sol, diag);
  lm_diag_print(diag, stderr);
  lm_diag_destroy(diag);
  int code = rc ? (rc == LM_ENOMEM ? LM_EXIT_FAIL : LM_EXIT_USAGE) : solve(&a, inst, sol);
  lm_publish_destroy(sol);
  lm_instance_destroy(inst);
  return code;
}
