/* cmd_info.c — `lastmile info RESULTS.h5 [--json]`: the summary table (or JSON) on stdout. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lastmile/results_info.h"

int lm_cli_info(int argc, char **argv) {
  if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
    puts("usage: lastmile info RESULTS.h5 [--json]\n\n"
         "Prints the run's attributes and, per strategy, the mean and 95% confidence\n"
         "interval of every KPI; with --json, the same as one JSON object.");
    return LM_EXIT_OK;
  }
  int json = argc == 3 && !strcmp(argv[2], "--json");
  if (json) argc--;
  if (argc != 2 || argv[1][0] == '-') {
    lm_cli_error("info takes exactly one results file (see lastmile info --help)");
    return LM_EXIT_USAGE;
  }
  lm_diag *diag = lm_diag_create();
  int rc =
      json ? lm_results_info_json(argv[1], stdout, diag) : lm_results_info(argv[1], stdout, diag);
  lm_diag_print(diag, stderr);
  lm_diag_destroy(diag);
  if (rc && ferror(stdout)) return LM_EXIT_FAIL; /* the file was fine; printing failed */
  return rc == 0 ? LM_EXIT_OK : LM_EXIT_USAGE;
}
