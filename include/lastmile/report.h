/* report.h — one self-contained HTML page of a results file, to be mailed as it is.
 *
 * The page holds the provenance (root attributes, the /provenance group and the run's
 * record), the summary table (mean and 95% interval per KPI and strategy), the paired
 * comparison against the first strategy with a verdict per KPI, every figure of plot.h
 * inline as SVG, the scenario text and the KPI definitions. It names no other file,
 * loads nothing from the network and needs no script. Every text that comes from the
 * results file is HTML-escaped (& < > " ').
 */
#ifndef LASTMILE_REPORT_H
#define LASTMILE_REPORT_H
#include <stdio.h>
#include "lastmile/error.h"

typedef struct lm_report_options {
  const char *gnuplot;     /* path of gnuplot; NULL: no figures (see no_figures) */
  const char *scripts_dir; /* the gnuplot scripts folder, when gnuplot is set */
  const char *no_figures;  /* why there are no figures when gnuplot is NULL */
  const char *tmp_parent;  /* folder that receives a private temporary folder for the
                              pictures, removed before returning (e.g. $TMPDIR) */
} lm_report_options;

/* Writes the report of the results file `path` to `out`. Figures that cannot be drawn
 * (gnuplot missing or failing, no temporary folder) are replaced by a sentence saying
 * why; the report is still written. Returns 0; LM_EIO (the file cannot be read, or `out`
 * failed), LM_EFORMAT or LM_ENOMEM with the reason in `diag`. */
int lm_report_write(const char *path, const lm_report_options *o, FILE *out, lm_diag *diag);

#endif
