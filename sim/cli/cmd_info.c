/* cmd_info.c — `lastmile info RESULTS.h5 [--json]`: the summary table (or JSON) on stdout. */
#include <stdio.h>

#include "cli/cli.h"
#include "lastmile/results_info.h"

enum { OPT_JSON };

static const lm_cli_opt info_opts[] = {
    {OPT_JSON, 0, "json", NULL, "print the same as one JSON object (default: a table)"},
};

static const lm_cli_command info_command = {
    "info",
    "RESULTS.h5 [--json]",
    "Prints the run's attributes and, per strategy, the mean and 95% confidence\n"
    "interval of every KPI, on stdout; with --json, the same as one JSON object.",
    info_opts,
    sizeof info_opts / sizeof info_opts[0],
    "exit codes: 0 success, 2 not a readable results file (or bad usage)\n"};

int lm_cli_info(int argc, char **argv) {
  const char *v[1], *file;
  int code = lm_cli_parse(&info_command, argc, argv, v, 1, &file, "results file", 1);
  if (code >= 0) return code;
  int json = v[OPT_JSON] != NULL;
  lm_diag *diag = lm_diag_create();
  int rc = json ? lm_results_info_json(file, stdout, diag) : lm_results_info(file, stdout, diag);
  lm_diag_print(diag, stderr);
  if (rc && lm_diag_errors(diag) == 0) lm_cli_error("%s: %s", file, lm_strerror(rc));
  lm_diag_destroy(diag);
  if (rc && ferror(stdout)) return LM_EXIT_FAIL; /* the file was fine; printing failed */
  return rc == 0 ? LM_EXIT_OK : LM_EXIT_USAGE;
}
