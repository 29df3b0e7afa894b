/* cmd_validate.c — `lastmile validate FILE [--set KEY=VALUE]...`: every problem of a
 * scenario, with the overrides applied and checked as `run` applies them, and of every
 * point of its sweep grid, or "ok". */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lastmile/experiment.h"
#include "lastmile/model.h"
#include "lastmile/scenario.h"

#define MAX_SETS 256 /* as for `run` */

enum { OPT_SET };

static const lm_cli_opt validate_opts[] = {
    {OPT_SET, 0, "set", "KEY=VALUE",
     "override a scenario key as `run` does (repeatable, at\nmost 256)"},
};

static const lm_cli_command validate_command = {
    "validate",
    "SCENARIO.yaml [--set KEY=VALUE]...",
    "Checks the scenario without running it, with the --set overrides applied as `run`\n"
    "applies them, then every point of its sweep grid, and prints every problem as\n"
    "file:line:col: error: message (\"sweep point P of N (KEY=VALUE): message\" for a\n"
    "grid point).",
    validate_opts,
    sizeof validate_opts / sizeof validate_opts[0],
    "exit codes: 0 valid, 2 not (or bad usage)\n"};

int lm_cli_validate(int argc, char **argv) {
  const char *file = NULL, *sets[MAX_SETS], *val;
  size_t n_sets = 0;
  lm_cli_parser p;
  lm_cli_parser_init(&p, &validate_command, argc, argv);
  for (int id; (id = lm_cli_next(&p, &val)) != LM_CLI_DONE;) {
    if (id == LM_CLI_HELP) {
      lm_cli_help(&validate_command, stdout);
      return LM_EXIT_OK;
    }
    if (id == LM_CLI_BAD) return LM_EXIT_USAGE;
    if (id == OPT_SET && n_sets == MAX_SETS) {
      lm_cli_error("too many --set options (at most %d)", MAX_SETS);
      return LM_EXIT_USAGE;
    }
    if (id == OPT_SET) {
      sets[n_sets++] = val;
    } else if (!file) {
      file = val;
    } else {
      lm_cli_error("unexpected argument '%s': validate takes one scenario file", val);
      return LM_EXIT_USAGE;
    }
  }
  if (!file) {
    lm_cli_error("validate takes exactly one scenario file (see lastmile validate --help)");
    return LM_EXIT_USAGE;
  }
  lm_diag *diag = lm_diag_create();
  lm_scenario *sc = NULL;
  int rc = lm_scenario_load_with(file, sets, n_sets, &lm_model_names, &sc, diag);
  if (rc == 0) rc = lm_sweep_check(file, sets, n_sets, sc, diag);
  lm_diag_print(diag, stderr);
  if (rc == 0) {
    size_t nc = lm_scenario_customer_count(sc);
    printf("%s: ok (scenario '%s': %zu customer%s, %zu strateg%s, %u day%s)\n", file, sc->name, nc,
           nc == 1 ? "" : "s", sc->n_strategies, sc->n_strategies == 1 ? "y" : "ies", sc->days,
           sc->days == 1 ? "" : "s");
  } else {
    fprintf(stderr, "%s: %zu error%s\n", file, lm_diag_errors(diag),
            lm_diag_errors(diag) == 1 ? "" : "s");
  }
  lm_scenario_destroy(sc);
  lm_diag_destroy(diag);
  return rc == 0 ? LM_EXIT_OK : LM_EXIT_USAGE;
}
