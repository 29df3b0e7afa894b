/* results_internal.h — what the files of the results module share (internal: lm__).
 *
 * results.c holds the results in memory, results_scales.c makes the dimension scales of
 * every group of the file, results_write.c writes the file, results_read.c reads it back,
 * results_info.c prints its summary and results_export.c exports it. A run and a reader build
 * lm_results of a given shape the same way, and the intervals written to /summary and
 * /comparison and those `lastmile info` prints use one confidence level.
 */
#ifndef LASTMILE_OUTPUT_RESULTS_INTERNAL_H
#define LASTMILE_OUTPUT_RESULTS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "lastmile/error.h"
#include "lastmile/results.h"
#include "output/h5util.h"

/* The version of the layout of results files that lastmile writes and reads: the root
 * attribute `lastmile_layout`. Files without it are layout 1 (one group per strategy). */
#define LM__RESULTS_LAYOUT 2

/* The dimensions of results arrays, each a coordinate variable of the same name. */
typedef enum lm__scale {
  LM__SC_STRATEGY,    /* strategy names (variable-length UTF-8) */
  LM__SC_REPLICATION, /* 0 .. R-1 */
  LM__SC_DAY,         /* the dates of the counted days, YYYY-MM-DD */
  LM__SC_STATISTIC,   /* mean, sd, ci_low, ci_high */
  LM__SC_DIFFERENCE,  /* mean_diff, ci_low, ci_high */
  LM__N_SCALES
} lm__scale;

/* The names of the dimensions, indexed by lm__scale. */
extern const char *const lm__results_scale_names[LM__N_SCALES];

/* Creates in `loc` the dimension scale `kind` of the results `r` (named as the dimension,
 * with a long_name), so that the group holding it reads as a dataset of its own. Returns
 * the open id (close it with H5Dclose) or -1 after a message. */
hid_t lm__results_scale(lm__h5 *h, hid_t loc, const lm_results *r, lm__scale kind);

/* The long_name of /routing/solver_s, the one array of the file that is not reproducible. */
#define LM__RESULTS_SOLVER_S                                                                       \
  "thread CPU seconds of the day's route solves, summed over the plans; NOT reproducible: it "     \
  "depends on the machine and its load, and nothing else in the file depends on it"

/* Level of every Student-t interval in the results file and in `lastmile info`. */
#define LM__RESULTS_CI_LEVEL 0.95

/* Results of the given shape (strategies, replications, days) with every KPI NaN and
 * every string empty or NULL; NULL when the shape overflows or memory runs out. Free with
 * lm_results_destroy(). */
lm_results *lm__results_alloc(size_t n_s, size_t n_r, size_t n_d);

/* The root attributes of a results file (owned strings). */
typedef struct lm__results_header {
  char *version, *created, *name;
  uint64_t seed, complete;
  uint64_t count[3]; /* replications, counted days, strategies */
  uint64_t warmup_days;
  lm_date first_date; /* LM_DATE_NONE when the file does not say */
} lm__results_header;

/* Frees a header's strings; a zeroed header is harmless. */
void lm__results_header_free(lm__results_header *hd);

/* Checks and reads the results file `path` (with its parcel logs and tours when
 * `details`), first in a child process (guard.h), then here. Returns 0 with *out and *hd
 * the caller's to free, or LM_EIO, LM_EFORMAT or LM_ENOMEM with *out NULL, *hd empty and
 * the reason in `diag`. */
int lm__results_load(const char *path, int details, lm_diag *diag, lm_results **out,
                     lm__results_header *hd);

#endif
