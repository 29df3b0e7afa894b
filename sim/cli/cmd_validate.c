/* cmd_validate.c — `lastmile validate FILE`: every problem of a scenario, or "ok". */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lastmile/scenario.h"

int lm_cli_validate(int argc, char **argv) {
  if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
    puts("usage: lastmile validate SCENARIO.yaml\n\n"
         "Checks the scenario without running it and prints every problem as\n"
         "file:line:col: error: message. Exit code 0 when valid, 2 otherwise.");
    return LM_EXIT_OK;
  }
  if (argc != 2 || argv[1][0] == '-') {
    lm_cli_error("validate takes exactly one scenario file (see lastmile validate --help)");
    return LM_EXIT_USAGE;
  }
  lm_diag *diag = lm_diag_create();
  lm_scenario *sc = NULL;
  int rc = lm_scenario_load(argv[1], &sc, diag);
  lm_diag_print(diag, stderr);
  if (rc == 0) {
    size_t nc = lm_scenario_customer_count(sc);
    printf("%s: ok (scenario '%s': %zu customer%s, %zu strateg%s, %u day%s)\n", argv[1], sc->name,
           nc, nc == 1 ? "" : "s", sc->n_strategies, sc->n_strategies == 1 ? "y" : "ies",
           sc->days, sc->days == 1 ? "" : "s");
  } else {
    fprintf(stderr, "%s: %zu error%s\n", argv[1], lm_diag_errors(diag),
            lm_diag_errors(diag) == 1 ? "" : "s");
  }
  lm_scenario_destroy(sc);
  lm_diag_destroy(diag);
  return rc == 0 ? LM_EXIT_OK : LM_EXIT_USAGE;
}
