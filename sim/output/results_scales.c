/* results_scales.c — the dimension scales of a results file (results_internal.h).
 *
 * Every group of a results file that holds arrays gets its own copy of the scales of the
 * dimensions its arrays use, so that the group reads as a netCDF-4 dataset of its own
 * (xarray shows them as coordinates). A scale is a coordinate variable named as its
 * dimension, with a long_name: strings are variable-length UTF-8, indices uint32.
 */
#include <stdlib.h>

#include "lastmile/calendar.h"
#include "output/results_internal.h"

enum { N_STATS = 4, N_DIFFS = 3 };

const char *const lm__results_scale_names[LM__N_SCALES] = {"strategy", "replication", "day",
                                                           "statistic", "difference"};
static const char *const scale_long_names[LM__N_SCALES] = {
    "strategy name, in the scenario's order", "replication index, from 0",
    "date of a counted day (after any warm-up), YYYY-MM-DD",
    "statistic over replications (95% Student t)",
    "paired difference with the first strategy (95% Student t)"};
static const char stat_names[N_STATS][8] = {"mean", "sd", "ci_low", "ci_high"};
static const char diff_names[N_DIFFS][10] = {"mean_diff", "ci_low", "ci_high"};

/* The dates of the counted days, LM_DATE_TEXT bytes each; NULL when out of memory. */
static char *format_dates(const lm_results *r) {
  size_t n = r->n_days;
  char *dates = malloc((n ? n : 1) * LM_DATE_TEXT);
  for (size_t d = 0; dates && d < n; d++)
    lm_date_format(r->first_date + (lm_date)d, dates + d * LM_DATE_TEXT);
  return dates;
}

hid_t lm__results_scale(lm__h5 *h, hid_t loc, const lm_results *r, lm__scale kind) {
  hid_t ds = -1;
  const char *name = lm__results_scale_names[kind];
  switch (kind) {
  case LM__SC_STRATEGY:
    ds = lm__h5_dataset_names(h, loc, name, r->n_strategies, r->strategy_names[0], LM_NAME_MAX);
    break;
  case LM__SC_REPLICATION:
    ds = lm__h5_dataset_index(h, loc, name, r->n_replications);
    break;
  case LM__SC_DAY: {
    char *dates = format_dates(r);
    if (!dates) {
      h->nomem = 1;
      lm__h5_error(h, LM_ENOMEM, "out of memory for the day scale");
      return -1;
    }
    ds = lm__h5_dataset_names(h, loc, name, r->n_days, dates, LM_DATE_TEXT);
    free(dates);
    break;
  }
  case LM__SC_STATISTIC:
    ds = lm__h5_dataset_names(h, loc, name, N_STATS, stat_names[0], sizeof stat_names[0]);
    break;
  case LM__SC_DIFFERENCE:
    ds = lm__h5_dataset_names(h, loc, name, N_DIFFS, diff_names[0], sizeof diff_names[0]);
    break;
  case LM__N_SCALES:
    break;
  }
  if (ds >= 0 && (lm__h5_make_scale(h, ds, name) ||
                  lm__h5_attr_str(h, ds, "long_name", scale_long_names[kind]) ||
                  (kind == LM__SC_REPLICATION && lm__h5_attr_str(h, ds, "units", "1")))) {
    H5Dclose(ds);
    ds = -1;
  }
  return ds;
}
