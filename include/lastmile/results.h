/* results.h — the results of a run in memory: every KPI of every (strategy,
 * replication) and of every counted day, the records kept, and a sweep's statistics.
 *
 * An lm_results has one preallocated row of LM_KPI_COUNT doubles per (strategy,
 * replication) and per (strategy, replication, day), NaN until filled, so threads that
 * fill different replications never share a row. It owns everything it points to. The
 * same struct is what a run produces, what results_write.h writes and what
 * results_read.h reads back from a file.
 */
#ifndef LASTMILE_RESULTS_H
#define LASTMILE_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "lastmile/kpi.h"
#include "lastmile/provenance.h"
#include "lastmile/records.h"
#include "lastmile/scenario.h"

/* A sweep: the grid of swept scenario keys and, per grid point and strategy, the mean,
 * sd and 95% interval of every KPI over that point's replications.
 *   stats[((p * n_strategies + s) * LM_KPI_COUNT + k) * 4 + {0 mean, 1 sd, 2 low, 3 high}] */
typedef struct lm_sweep_result {
  size_t n_points, n_params, n_strategies;
  char (*keys)[LM_NAME_MAX]; /* n_params swept keys */
  double *values;            /* [point][param] */
  double *stats;
  double *replications; /* per point */
  lm_target target;     /* target.kpi empty: none */
} lm_sweep_result;

/* Allocates an empty sweep of the given shape (NaN statistics); NULL when out of memory. */
lm_sweep_result *lm_sweep_result_create(size_t n_points, size_t n_params, size_t n_strategies);
void lm_sweep_result_destroy(lm_sweep_result *s);

/* Everything a results file holds. Days: daily row d (0 <= d < n_days) is the counted
 * day of date first_date + d; the run simulated warmup_days days before first_date.
 * Arrays are row-major:
 *   rep[(s * n_replications + r) * LM_KPI_COUNT + k]
 *   daily[((s * n_replications + r) * n_days + d) * LM_KPI_COUNT + k] */
typedef struct lm_results {
  char scenario_name[LM_NAME_MAX];
  char *scenario_text; /* verbatim scenario (owned) */
  char *overrides;     /* the --set overrides, "" if none (owned) */
  uint64_t master_seed;
  size_t n_strategies, n_replications, n_days; /* n_days: the counted days */
  lm_date first_date;   /* the date of counted day 0; LM_DATE_NONE in a file without it */
  uint32_t warmup_days; /* days simulated before first_date */
  char (*strategy_names)[LM_NAME_MAX];
  double *rep;
  double *daily;
  /* solver_s[(s * n_replications + r) * n_days + d]: the thread CPU seconds of the route
   * solves of that day (lm_model_solver_s), NaN until filled; not reproducible. NULL when
   * a file read has none. */
  double *solver_s;
  int complete;               /* 1 when every replication finished */
  lm_sweep_result *sweep;     /* owned; NULL without a sweep */
  lm_parcel_log *parcel_logs; /* owned; NULL, or one per strategy (its replication 0) */
  lm_route_log *route_logs;   /* owned; NULL, or one per strategy (replication 0's day) */
  int64_t routes_day;         /* the counted-day index of route_logs */
  lm_provenance *provenance;  /* owned; NULL: the file records the build only */
} lm_results;

/* Allocates results for the given shape, with every KPI set to NaN and the scenario's
 * name, text, strategy names and calendar (first_date = start_date + warmup_days)
 * copied. Returns NULL when out of memory. */
lm_results *lm_results_create(const lm_scenario *sc, size_t n_replications, size_t n_days,
                              uint64_t master_seed);
/* Frees results; NULL does nothing. */
void lm_results_destroy(lm_results *r);

/* Pointers to one replication's KPI row and one day's KPI row. */
double *lm_results_rep(lm_results *r, size_t strategy, size_t replication);
double *lm_results_day(lm_results *r, size_t strategy, size_t replication, size_t day);
/* Pointer to one replication's solver_s row (n_days values); r->solver_s must not be NULL. */
double *lm_results_solver_s(lm_results *r, size_t strategy, size_t replication);

#endif
