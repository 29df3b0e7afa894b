/* results_warnings.h — what a reader of results must not miss: a backlog that grows,
 * stops a plan left out while a vehicle stood idle, stops left out at all. */
#ifndef LASTMILE_RESULTS_WARNINGS_H
#define LASTMILE_RESULTS_WARNINGS_H

#include <stddef.h>
#include <stdio.h>

#include "lastmile/results.h"

/* The least backlog growth, as a share of the parcels created per day, that counts as a
 * growing backlog (lm_backlog_unstable). */
#define LM_BACKLOG_MATERIAL 0.005

/* Whether a backlog growing by growth_mean parcels a day (the lower end of its 95%
 * interval growth_ci_low, NaN with one replication) is unstable: above zero with 95%
 * confidence and above LM_BACKLOG_MATERIAL x created_per_day. */
int lm_backlog_unstable(double growth_mean, double growth_ci_low, double created_per_day);

/* Prints to `out`, each line starting with `prefix`, the warnings a reader must not miss:
 * strategies whose backlog grows (lm_backlog_unstable), stops a plan left out while a
 * vehicle stood idle (a planner error), and a note on stops left out at all. Returns how
 * many lines it printed. */
size_t lm_results_warnings(const lm_results *r, FILE *out, const char *prefix);

#endif
