/* ranking.h — the paired comparison of strategies printed by `lastmile info`. */
#ifndef LASTMILE_OUTPUT_RANKING_H
#define LASTMILE_OUTPUT_RANKING_H

#include <stdio.h>

#include "lastmile/results.h"

/* Prints, for every KPI with a direction (lm_kpi_def.better), which strategies beat or
 * trail the first one at 95% family-wise confidence. Nothing with fewer than 2 strategies
 * or 2 replications. */
void lm__print_ranking(FILE *out, const lm_results *r);

#endif
