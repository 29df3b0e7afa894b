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

int lm_cli_validate(int argc, char **argv) {
  if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
    puts("usage: lastmile validate SCENARIO.yaml [--set KEY=VALUE]...\n\n"
         "Checks the scenario without running it, with the --set overrides applied as `run`\n"
         "applies them, then every point of its sweep grid, and prints every problem as\n"
         "file:line:col: error: message (\"sweep point P of N (KEY=VALUE): message\" for a\n"
         "grid point).\n"
         "Exit code 0 when valid, 2 otherwise.");
    return LM_EXIT_OK;
  }
  const char *file = NULL, *sets[MAX_SETS];
  size_t n_sets = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--set") && i + 1 < argc && n_sets < MAX_SETS) {
      sets[n_sets++] = argv[++i];
    } else if (argv[i][0] != '-' && !file) {
      file = argv[i];
    } else {
      lm_cli_error("validate takes one scenario file and --set KEY=VALUE options (at most %d) "
                   "(see lastmile validate --help)",
                   MAX_SETS);
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
