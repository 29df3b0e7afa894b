/* sweep_io.h — the /sweep group of a results file, and its reading for `info`. */
#ifndef LASTMILE_OUTPUT_SWEEP_IO_H
#define LASTMILE_OUTPUT_SWEEP_IO_H

#include <stdio.h>

#include "lastmile/results.h"
#include "output/h5util.h"

/* Writes r->sweep under /sweep of `file`, with the group's own point, strategy and
 * statistic scales. Returns 0 or an LM_E… code (with a message). */
int lm__sweep_write(lm__h5 *h, hid_t file, const lm_results *r);

/* Reads /sweep (if the file has one) into r->sweep. Returns 0 or an LM_E… code. */
int lm__sweep_read(lm__h5 *h, hid_t file, lm_results *r);

/* Prints the sweep table of the target KPI (or of on_time_rate) and, with a target, the
 * cheapest grid point that meets it for each strategy. */
void lm__print_sweep(FILE *out, const lm_results *r);

#endif
