/* results_internal.h — what the files of the results module share (internal: lm__).
 *
 * results.c holds the results in memory, results_write.c writes the results file,
 * results_read.c reads it back and prints its summary. A run and a reader build
 * lm_results of a given shape the same way, and the intervals written to /summary and
 * /comparison and those `lastmile info` prints use one confidence level.
 */
#ifndef LASTMILE_OUTPUT_RESULTS_INTERNAL_H
#define LASTMILE_OUTPUT_RESULTS_INTERNAL_H

#include <stddef.h>

#include "lastmile/results.h"

/* Level of every Student-t interval in the results file and in `lastmile info`. */
#define LM__RESULTS_CI_LEVEL 0.95

/* Results of the given shape (strategies, replications, days) with every KPI NaN and
 * every string empty or NULL; NULL when the shape overflows or memory runs out. Free with
 * lm_results_destroy(). */
lm_results *lm__results_alloc(size_t n_s, size_t n_r, size_t n_d);

#endif
