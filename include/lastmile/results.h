/* results.h — the KPIs of a run and the HDF5 results file that holds them.
 *
 * A run fills an lm_results in memory (one preallocated slot per strategy and
 * replication, so threads never share a slot); lm_results_write() then writes it in one
 * go to OUT.h5.tmp beside the target and renames it, so a crash never leaves a half file
 * under the real name. The layout is the one in DESIGN.md ("Results file").
 */
#ifndef LASTMILE_RESULTS_H
#define LASTMILE_RESULTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lastmile/error.h"
#include "lastmile/kpi.h"
#include "lastmile/publish.h"
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

/* The parcels of one run, one entry per parcel in creation order. state: 0 at the depot,
 * 1 in a van, 2 failed and riding back, 3 riding back to go elsewhere, 4 at a door, 5 in
 * a locker, 6 received, 7 returned to the sender, 8 stolen (0-5: pending at the end). */
typedef struct lm_parcel_log {
  size_t n;
  uint32_t *customer;
  int32_t *day_created; /* counted-day index of the order (0 = first_date; < 0: warm-up) */
  /* Times in seconds from midnight of the start date (first_date - warmup_days). */
  double *order_s, *value_eur, *resolved_s; /* resolved_s NaN while pending */
  double *placed_s;                         /* put in a locker or pickup point; NaN if never */
  double *due_s;                            /* the end of its promise; NaN in a file that
                                               lacks it */
  double *delivered_s;                      /* delivery done (handed over, left or placed);
                                               NaN if never */
  uint8_t *size, *state, *attempts;
  int16_t *destination; /* -1 home, else the index of the locker or pickup point */
} lm_parcel_log;

/* Frees a log's arrays and zeroes it; a zeroed log is harmless. */
void lm_parcel_log_clear(lm_parcel_log *log);

/* The tours of one day of one run, one entry per stop visited, van after van: where the
 * stop is, when the plan expected the van and when it came, and what happened. */
typedef struct lm_route_log {
  size_t n;
  uint32_t *van, *wave, *sequence; /* sequence: 0 for a van's first stop */
  double *x_km, *y_km;
  double *planned_s, *arrival_s;   /* arrival_s NaN when the van never got there */
  uint32_t *parcels, *handed_over; /* parcels for the stop, and those left there */
  int32_t *site;                   /* -1 a customer's home, else the locker's index */
  double depot_x_km, depot_y_km;
} lm_route_log;

void lm_route_log_clear(lm_route_log *log);

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
  int complete;               /* 1 when every replication finished */
  lm_sweep_result *sweep;     /* owned; NULL without a sweep */
  lm_parcel_log *parcel_logs; /* owned; NULL, or one per strategy (its replication 0) */
  lm_route_log *route_logs;   /* owned; NULL, or one per strategy (replication 0's day) */
  int64_t routes_day;         /* the counted-day index of route_logs */
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

/* Writes `r` as the file reserved by `out` (lm_publish_open) and publishes it with
 * lm_publish_commit: without force only if nothing appeared at its name meanwhile
 * (LM_EEXIST otherwise). Returns 0, LM_EINVAL (strategy names unusable as HDF5 groups),
 * LM_EEXIST, LM_EIO or LM_ENOMEM; on any failure the temporary file is removed, nothing
 * under the name has changed, and `diag` says why. `out` is left for the caller to
 * destroy in every case. */
int lm_results_publish(const lm_results *r, lm_publish *out, lm_diag *diag);

/* lm_results_publish to a name reserved here: refuses (LM_EEXIST) when `path` exists and
 * `force` is 0, and every failure of lm_publish_open. */
int lm_results_write(const lm_results *r, const char *path, int force, lm_diag *diag);

/* Reads a results file back into memory: everything lm_results_write wrote except the
 * derived /summary and /comparison, with the parcel logs and tours when the file holds
 * them. Returns 0, LM_EIO, LM_EFORMAT or LM_ENOMEM. */
int lm_results_read(const char *path, lm_results **out, lm_diag *diag);

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

/* Prints the summary table of a results file to `out`: root attributes, then per
 * strategy the mean and 95% interval of each KPI. Returns 0, LM_EIO or LM_EFORMAT. */
int lm_results_info(const char *path, FILE *out, lm_diag *diag);

#endif
