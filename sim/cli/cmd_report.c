/* cmd_report.c — `lastmile report RESULTS.h5 [-o FILE] [--force]`: one self-contained
 * HTML page of a results file (report.h), published only once complete (publish.h).
 *
 * Order of checks: the command line (exit 2), the output name (exit 2 when it is taken
 * without --force or cannot be written), the results file (exit 2), then the page
 * (exit 1 when it cannot be written). A missing gnuplot or missing gnuplot scripts leave
 * the figures out with a sentence saying why; the report still succeeds.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "lastmile/plot.h"
#include "lastmile/publish.h"
#include "lastmile/report.h"

#define PATH_CHARS 4096

enum { OPT_OUTPUT, OPT_FORCE };

static const lm_cli_opt report_opts[] = {
    {OPT_OUTPUT, 'o', "output", "FILE",
     "the HTML file (default: the results file's name\nwith .h5 replaced by .html)"},
    {OPT_FORCE, 0, "force", NULL, "replace an existing FILE (default: refuse)"},
};

static const lm_cli_command report_command = {
    "report",
    "RESULTS.h5 [-o FILE] [--force]",
    "Writes one self-contained HTML page of a results file, to be mailed as it is: the\n"
    "provenance, the summary table (mean and 95% interval per KPI and strategy), the\n"
    "paired comparison with the first strategy and a verdict per KPI (better, worse or\n"
    "no clear difference), every figure of `lastmile plot` inline as SVG, the scenario\n"
    "and the KPI definitions. The page names no other file and needs no script.\n"
    "Without gnuplot the figures are left out and the page says why.",
    report_opts,
    sizeof report_opts / sizeof report_opts[0],
    "environment: LASTMILE_PLOTS_DIR (see lastmile plot --help), TMPDIR (where the\n"
    "figures are drawn before they are inlined; default /tmp)\n"
    "exit codes: 0 success, 1 the page could not be written, 2 bad usage or not a\n"
    "readable results file\n"};

int lm_cli_report(int argc, char **argv) {
  const char *v[2], *in;
  int code = lm_cli_parse(&report_command, argc, argv, v, 2, &in, "results file", 1);
  if (code >= 0) return code;
  const char *path = v[OPT_OUTPUT];
  int force = v[OPT_FORCE] != NULL;
  char default_path[PATH_CHARS];
  if (!path) {
    size_t len = strlen(in);
    if (len > 3 && !strcmp(in + len - 3, ".h5")) len -= 3;
    if (snprintf(default_path, sizeof default_path, "%.*s.html", (int)len, in) >=
        (int)sizeof default_path) {
      lm_cli_error("%s: the name is too long", in);
      return LM_EXIT_USAGE;
    }
    path = default_path;
  }
  char gnuplot[PATH_CHARS];
  lm_report_options o = {NULL, lm_cli_plots_dir(), NULL, getenv("TMPDIR")};
  if (lm_plot_find_gnuplot(getenv("PATH"), gnuplot, sizeof gnuplot) != 0)
    o.no_figures = "gnuplot was not found on PATH (install the Debian package gnuplot-nox)";
  else if (!o.scripts_dir)
    o.no_figures = "the gnuplot scripts of lastmile (style.gp) were not found; set "
                   "LASTMILE_PLOTS_DIR to the plots/ folder of the source tree";
  else
    o.gnuplot = gnuplot;
  lm_diag *diag = lm_diag_create();
  lm_publish *out = NULL;
  int rc = lm_publish_open(path, force, &out, diag);
  code = rc ? LM_EXIT_USAGE : LM_EXIT_OK;
  if (!rc) {
    rc = lm_report_write(in, &o, lm_publish_file(out), diag);
    if (rc) code = rc == LM_EIO && ferror(lm_publish_file(out)) ? LM_EXIT_FAIL : LM_EXIT_USAGE;
  }
  if (!rc) {
    rc = lm_publish_commit(out, diag);
    if (rc) code = LM_EXIT_FAIL;
  }
  lm_publish_destroy(out);
  lm_diag_print(diag, stderr);
  lm_diag_destroy(diag);
  if (code == LM_EXIT_OK) printf("%s\n", path);
  return code;
}
