/* cmd_export.c — `lastmile export RESULTS.h5 --format csv|json [-o FILE] [--force]`: every
 * KPI value as a tidy long table, on stdout or published as FILE (publish.h). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lastmile/publish.h"
#include "lastmile/results_info.h"

enum { OPT_FORMAT, OPT_OUTPUT, OPT_FORCE };

static const lm_cli_opt export_opts[] = {
    {OPT_FORMAT, 0, "format", "csv|json", "the table's form (required)"},
    {OPT_OUTPUT, 'o', "output", "FILE", "write the table to FILE (default: stdout)"},
    {OPT_FORCE, 0, "force", NULL, "replace an existing FILE (default: refuse)"},
};

static const lm_cli_command export_command = {
    "export",
    "RESULTS.h5 --format csv|json [-o FILE] [--force]",
    "Writes every KPI value as a tidy table, one row per value: strategy, replication,\n"
    "day (the date; empty for a per-replication value), kpi, value, unit. CSV has a\n"
    "header line; JSON is an array of one object per row. Numbers read back exactly;\n"
    "NaN is an empty field (CSV) or null (JSON).",
    export_opts,
    sizeof export_opts / sizeof export_opts[0],
    "exit codes: 0 success, 1 the table could not be written, 2 bad usage or not a\n"
    "readable results file\n"};

/* Exports `in` to FILE `path`, published only once complete. */
static int export_to_file(const char *in, lm_export_format format, const char *path, int force,
                          lm_diag *diag) {
  lm_publish *out = NULL;
  int rc = lm_publish_open(path, force, &out, diag);
  if (!rc) rc = lm_results_export(in, format, lm_publish_file(out), diag);
  if (!rc) rc = lm_publish_commit(out, diag);
  lm_publish_destroy(out);
  return rc;
}

int lm_cli_export(int argc, char **argv) {
  const char *v[3], *in;
  int code = lm_cli_parse(&export_command, argc, argv, v, 3, &in, "results file", 0);
  if (code >= 0) return code;
  const char *path = v[OPT_OUTPUT], *format_name = v[OPT_FORMAT];
  int force = v[OPT_FORCE] != NULL;
  lm_export_format format = LM_EXPORT_CSV;
  if (!in || !format_name) {
    lm_cli_error("export needs a results file and --format csv|json (see lastmile export --help)");
    return LM_EXIT_USAGE;
  }
  if (!strcmp(format_name, "json")) {
    format = LM_EXPORT_JSON;
  } else if (strcmp(format_name, "csv") != 0) {
    lm_cli_error("export: --format %s: expected csv or json", format_name);
    return LM_EXIT_USAGE;
  }
  lm_diag *diag = lm_diag_create();
  int rc = path ? export_to_file(in, format, path, force, diag)
                : lm_results_export(in, format, stdout, diag);
  lm_diag_print(diag, stderr);
  lm_diag_destroy(diag);
  if (rc == LM_EIO && !path && ferror(stdout)) return LM_EXIT_FAIL;
  return rc == 0 ? LM_EXIT_OK : rc == LM_EIO && path ? LM_EXIT_FAIL : LM_EXIT_USAGE;
}
