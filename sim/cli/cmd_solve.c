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

enum {
  OPT_ITERATIONS,
  OPT_TIME_LIMIT,
  OPT_SEED,
  OPT_OBJECTIVE,
  OPT_DISTANCE,
  OPT_OUTPUT,
  OPT_FORMAT,
  OPT_QUIET
};

static const lm_cli_opt solve_opts[] = {
    {OPT_ITERATIONS, 0, "iterations", "N", "improvement effort, 0 to 4294967295 (default 20000)"},
    {OPT_TIME_LIMIT, 0, "time-limit-ms", "T",
     "wall-clock cap in milliseconds, 1 to 86400000 (no\n"
     "iteration cap unless --iterations is also given;\ndefault: none)"},
    {OPT_SEED, 0, "seed", "N", "random seed (default 1)"},
    {OPT_OBJECTIVE, 0, "objective", "OBJ",
     "distance (default) or vehicles (fewest vehicles,\nthen distance)"},
    {OPT_DISTANCE, 0, "distance", "RULE",
     "real, round (TSPLIB nint) or trunc1 (DIMACS); default:\n"
     "the file's convention (Solomon real, CVRP round,\nCVRPTW .vrp trunc1)"},
    {OPT_OUTPUT, 'o', "output", "FILE",
     "write the routes in the CVRPLIB .sol form (default: none)"},
    {OPT_FORMAT, 0, "format", "FMT",
     "text (default: the one line above), csv (a header\n"
     "line instance,vehicles,distance,time_ms,seed,iterations\n"
     "and one row) or json (one object with those keys)"},
    {OPT_QUIET, 'q', "quiet", NULL, "no messages on stderr for a successful run"},
};

static const lm_cli_command solve_command = {
    "solve",
    "INSTANCE [options]",
    "Solves a Solomon (.txt) or VRPLIB (.vrp) benchmark instance and prints one line:\n"
    "instance vehicles distance time_ms (see --format).",
    solve_opts,
    sizeof solve_opts / sizeof solve_opts[0],
    "exit codes: 0 success, 1 the solve failed (e.g. a customer left unserved), 2 bad\n"
    "usage or a bad instance\n"};

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

/* Stores one option of `solve`. Returns 0, or -1 after printing a usage error. */
static int solve_option(int id, const char *val, solve_args *a) {
  switch (id) {
  case OPT_OUTPUT:
    a->output = val;
    return 0;
  case OPT_ITERATIONS:
    a->have_iterations = 1;
    return lm_cli_parse_u64("--iterations", val, 0, UINT32_MAX, &a->iterations);
  case OPT_TIME_LIMIT:
    a->have_time_limit = 1;
    return lm_cli_parse_u64("--time-limit-ms", val, 1, 86400000, &a->time_limit_ms);
  case OPT_SEED:
    return lm_cli_parse_u64("--seed", val, 0, UINT64_MAX, &a->seed);
  case OPT_OBJECTIVE:
    if (!strcmp(val, "distance") || !strcmp(val, "vehicles")) {
      a->objective = !strcmp(val, "distance") ? LM_OBJ_DISTANCE : LM_OBJ_VEHICLES;
      return 0;
    }
    lm_cli_error("--objective: expected distance or vehicles, got '%s'", val);
    return -1;
  case OPT_DISTANCE:
    if (!strcmp(val, "real") || !strcmp(val, "round") || !strcmp(val, "trunc1")) {
      a->rule = !strcmp(val, "real")    ? LM_DIST_REAL
                : !strcmp(val, "round") ? LM_DIST_ROUND
                                        : LM_DIST_TRUNC1;
      return 0;
    }
    lm_cli_error("--distance: expected real, round or trunc1, got '%s'", val);
    return -1;
  case OPT_FORMAT:
    if (!strcmp(val, "text") || !strcmp(val, "csv") || !strcmp(val, "json")) {
      a->format = !strcmp(val, "text") ? SOLVE_TEXT : !strcmp(val, "csv") ? SOLVE_CSV : SOLVE_JSON;
      return 0;
    }
    lm_cli_error("--format: expected text, csv or json, got '%s'", val);
    return -1;
  default: /* OPT_QUIET */
    a->quiet = 1;
    return 0;
  }
}

/* Returns 0, 1 for --help, or -1 after printing a usage error. */
static int parse_args(int argc, char **argv, solve_args *a) {
  lm_cli_parser p;
  lm_cli_parser_init(&p, &solve_command, argc, argv);
  const char *val;
  for (int id; (id = lm_cli_next(&p, &val)) != LM_CLI_DONE;) {
    if (id == LM_CLI_HELP) return 1;
    if (id == LM_CLI_BAD) return -1;
    if (id == LM_CLI_OPERAND && a->instance) {
      lm_cli_error("unexpected argument '%s': solve takes one instance file", val);
      return -1;
    }
    if (id == LM_CLI_OPERAND)
      a->instance = val;
    else if (solve_option(id, val, a))
      return -1;
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
    lm_cli_help(&solve_command, stdout);
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
