/* results_info.h — the summary of a results file for people (`lastmile info`). */
#ifndef LASTMILE_RESULTS_INFO_H
#define LASTMILE_RESULTS_INFO_H

#include <stdio.h>

#include "lastmile/error.h"

/* Prints the summary table of a results file to `out`: root attributes, then per
 * strategy the mean and 95% interval of each KPI. Returns 0, LM_EIO or LM_EFORMAT. */
int lm_results_info(const char *path, FILE *out, lm_diag *diag);

#endif
