/* cmd_solve.c — `lastmile solve INSTANCE`: one benchmark instance through the routing core.
 *
 * Reads a Solomon or VRPLIB file, gives the router exactly the instance's vehicles (so a
 * plan can never use more than the file allows), and prints the measure of solve_core.c
 * (the distance recomputed under the instance's rule, the time of lm_router_solve alone)
 * as one line "instance vehicles distance time_ms" (text, the default), a CSV header and
 * row, or one JSON object. A plan that leaves a customer unserved is a failed run (exit
 * 1): benchmark instances are meant to be served in full.
 *
 * With -o, the .sol file is reserved before solving (lm_publish_open: a temporary file
 * beside it, so a bad location is refused at once) and published whole after: a file of
 * that name is replaced in one step, never rewritten in place, and kept on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/solve_core.h"
#include "lastmile/instance.h"
#include "lastmile/publish.h"
#include "lastmile/routing.h"

static const char solve_usage[] =
    "usage: lastmile solve INSTANCE [options]\n"
    "\n"
    "Solves a Solomon (.txt) or VRPLIB (.vrp) benchmark instance and prints one line:\n"
    "instance vehicles distance time_ms (see --format).\n"
    "\n"
    "options:\n"
    "  --iterations N        improvement effort (default 20000)\n"
    "  --time-limit-ms T     wall-clock cap in milliseconds (no iteration cap unless\n"
    "                        --iterations is also given)\n"
    "  --seed N              random seed (default 1)\n"
    "  --objective OBJ       distance (default) or vehicles (fewest vehicles, then distance)\n"
    "  --distance RULE       real, round (TSPLIB nint) or trunc1 (DIMACS); default: the\n"
    "                        file's convention (Solomon real, CVRP round, CVRPTW .vrp trunc1)\n"
    "  --format FMT          text (default: the one line above), csv (a header line\n"
    "                        instance,vehicles,distance,time_ms,seed,iterations and one\n"
    "                        row) or json (one object with those keys)\n"
    "  -o, --output FILE     write the routes in the CVRPLIB .sol form\n"
    "  -q, --quiet           no messages on stderr for a successful run\n";

/* SOLVE_TEXT is 0: the default of arguments not given. */
typedef enum solve_format { SOLVE_TEXT = 0, SOLVE_CSV, SOLVE_JSON } solve_format;

typedef struct solve_args {
  const char *instance, *output;
  uint64_t iterations, seed, time_limit_ms;
  int have_iterations, have_time_limit, quiet;
  lm_route_objective objective;
  lm_distance_rule rule;
  solve_format format;
} solve_args;

/* Returns 0, 1 for --help, or -1 after printing a usage error. */
static int parse_args(int argc, char **argv, solve_args *a) {
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    int takes = !strcmp(arg, "-o") || !strcmp(arg, "--output") || !strcmp(arg, "--iterations") ||
                !strcmp(arg, "--time-limit-ms") || !strcmp(arg, "--seed") ||
                !strcmp(arg, "--objective") || !strcmp(arg, "--distance") ||
                !strcmp(arg, "--format");
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
    } else if (!strcmp(arg, "--format")) {
      if (!strcmp(val, "text"))
        a->format = SOLVE_TEXT;
      else if (!strcmp(val, "csv"))
        a->format = SOLVE_CSV;
      else if (!strcmp(val, "json"))
        a->format = SOLVE_JSON;
      else {
        lm_cli_error("--format: expected text, csv or json, got '%s'", val);
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

/* Prints the measure of a served plan in the chosen format. `iterations` is the router's
 * iteration cap (UINT32_MAX: none, printed as empty in CSV and null in JSON). */
static void report(const solve_args *a, const lm_instance *inst, const lm_solve_measure *m,
                   uint32_t iterations) {
  int capped = iterations != UINT32_MAX;
  if (a->format == SOLVE_TEXT) {
    printf("%s %zu %.2f %.0f\n", inst->name, m->vehicles, m->distance, m->time_ms);
  } else if (a->format == SOLVE_CSV) {
    puts("instance,vehicles,distance,time_ms,seed,iterations");
    lm__print_csv_field(stdout, inst->name);
    printf(",%zu,%.2f,%.0f,%llu,", m->vehicles, m->distance, m->time_ms,
           (unsigned long long)a->seed);
    if (capped) printf("%u", iterations);
    putchar('\n');
  } else {
    fputs("{\"instance\": ", stdout);
    lm__print_json_string(stdout, inst->name);
    printf(", \"vehicles\": %zu, \"distance\": %.2f, \"time_ms\": %.0f, \"seed\": %llu, "
           "\"iterations\": ",
           m->vehicles, m->distance, m->time_ms, (unsigned long long)a->seed);
    if (capped)
      printf("%u}\n", iterations);
    else
      puts("null}");
  }
}

/* Solves the loaded instance, writes the routes to `sol` when given, and reports it;
 * returns an exit code. */
static int solve(const solve_args *a, lm_instance *inst, lm_publish *sol) {
  lm_solve_budget budget = {.iterations = a->iterations,
                            .time_limit_ms = a->time_limit_ms,
                            .have_iterations = a->have_iterations,
                            .have_time_limit = a->have_time_limit};
  lm_router_opts opts = lm__solve_router_opts(&budget, a->seed, NULL);
  lm_rplan plan = {0};
  lm_solve_measure m;
  int rc = lm__solve_measure(inst, a->objective, &opts, &plan, &m);
  if (rc) {
    lm_rplan_clear(&plan);
    if (rc == LM_ENOMEM)
      lm_cli_error("out of memory");
    else
      lm_cli_error("%s: the router failed: %s", a->instance, lm_strerror(rc));
    return LM_EXIT_FAIL;
  }
  int code = LM_EXIT_OK;
  if (m.n_unserved > 0) {
    lm_cli_error("%s: %zu of %zu customers left unserved with %u vehicles", a->instance,
                 m.n_unserved, inst->n_customers, inst->max_vehicles);
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
  if (code == LM_EXIT_OK) report(a, inst, &m, opts.iterations);
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
