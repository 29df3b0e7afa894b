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
#include "lastmile/scenario.h"

/* The KPIs, in the order of lm_kpi_defs[]. */
typedef enum lm_kpi {
  LM_KPI_PARCELS_CREATED,
  LM_KPI_RECEIVED,
  LM_KPI_RECEIVED_FIRST_ATTEMPT,
  LM_KPI_RECEIVED_HOME,
  LM_KPI_RECEIVED_DOOR,
  LM_KPI_RECEIVED_LOCKER,
  LM_KPI_RECEIVED_PICKUP_POINT,
  LM_KPI_ATTEMPTS,
  LM_KPI_FAILED_ATTEMPTS,
  LM_KPI_REDELIVERIES,
  LM_KPI_RETURNED,
  LM_KPI_STOLEN,
  LM_KPI_STOLEN_VALUE,
  LM_KPI_PENDING_AT_END,
  LM_KPI_ON_TIME_RATE,
  LM_KPI_MEAN_LATENESS_S,
  LM_KPI_VAN_KM,
  LM_KPI_VAN_HOURS,
  LM_KPI_OVERTIME_HOURS,
  LM_KPI_VANS_USED,
  LM_KPI_COST_TOTAL,
  LM_KPI_COST_PER_PARCEL,
  LM_KPI_CO2_KG,
  LM_KPI_CO2_G_PER_PARCEL,
  LM_KPI_LOCKER_UTILIZATION,
  LM_KPI_LOCKER_OVERFLOW,
  LM_KPI_MEAN_ORDER_TO_RECEIPT_H,
  LM_KPI_COUNT
} lm_kpi;

typedef struct lm_kpi_def {
  const char *name;      /* dataset name, e.g. "van_km" */
  const char *units;     /* e.g. "km", "parcels"; "1" for ratios */
  const char *long_name; /* one line for people */
  int better;            /* +1: more is better, -1: less is better, 0: neither */
} lm_kpi_def;

/* The table of KPI names, units and descriptions, indexed by lm_kpi. */
extern const lm_kpi_def lm_kpi_defs[LM_KPI_COUNT];

/* Everything a results file holds. Arrays are row-major:
 *   rep[(s * n_replications + r) * LM_KPI_COUNT + k]
 *   daily[((s * n_replications + r) * n_days + d) * LM_KPI_COUNT + k] */
typedef struct lm_results {
  char scenario_name[LM_NAME_MAX];
  char *scenario_text; /* verbatim scenario (owned) */
  char *overrides;     /* the --set overrides, "" if none (owned) */
  uint64_t master_seed;
  size_t n_strategies, n_replications, n_days;
  char (*strategy_names)[LM_NAME_MAX];
  double *rep;
  double *daily;
  int complete; /* 1 when every replication finished */
} lm_results;

/* Allocates results for the given shape, with every KPI set to NaN and the scenario's
 * name, text and strategy names copied. Returns NULL when out of memory. */
lm_results *lm_results_create(const lm_scenario *sc, size_t n_replications,
                              size_t n_days, uint64_t master_seed);
/* Frees results; NULL does nothing. */
void lm_results_destroy(lm_results *r);

/* Pointers to one replication's KPI row and one day's KPI row. */
double *lm_results_rep(lm_results *r, size_t strategy, size_t replication);
double *lm_results_day(lm_results *r, size_t strategy, size_t replication, size_t day);

/* Writes `r` to `path` through `path`.tmp and a rename. Refuses (LM_EEXIST) when `path`
 * exists and `force` is 0. On any failure the temporary file is removed, nothing exists
 * under `path` that was not there before, and `diag` says why. */
int lm_results_write(const lm_results *r, const char *path, int force, lm_diag *diag);

/* Reads a results file back into memory (everything lm_results_write wrote except the
 * derived /summary and /comparison). Returns 0, LM_EIO or LM_EFORMAT. */
int lm_results_read(const char *path, lm_results **out, lm_diag *diag);

/* Prints the summary table of a results file to `out`: root attributes, then per
 * strategy the mean and 95% interval of each KPI. Returns 0, LM_EIO or LM_EFORMAT. */
int lm_results_info(const char *path, FILE *out, lm_diag *diag);

#endif
