/* results.c — the results of a run in memory (results.h).
 *
 * Every (strategy, replication) and every (strategy, replication, day) owns one row of
 * LM_KPI_COUNT doubles, NaN until the run fills it, so threads fill disjoint rows. Shapes
 * whose sizes overflow size_t are refused like a failed allocation.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include "lastmile/results.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/results_internal.h"

#define KPIS ((size_t)LM_KPI_COUNT)

/* *out = a * b, or 0 when the product overflows size_t. */
static int mul_ok(size_t a, size_t b, size_t *out) {
  if (a && b > SIZE_MAX / a) return 0;
  *out = a * b;
  return 1;
}

/* Results of the given shape with every KPI NaN and every string empty or NULL. */
lm_results *lm__results_alloc(size_t n_s, size_t n_r, size_t n_d) {
  size_t rows, n_rep, n_daily;
  if (!mul_ok(n_s, n_r, &rows) || !mul_ok(rows, KPIS, &n_rep) || !mul_ok(n_rep, n_d, &n_daily) ||
      n_daily > SIZE_MAX / sizeof(double))
    return NULL;
  lm_results *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->n_strategies = n_s;
  r->n_replications = n_r;
  r->n_days = n_d;
  r->strategy_names = calloc(n_s ? n_s : 1, sizeof *r->strategy_names);
  r->rep = malloc((n_rep ? n_rep : 1) * sizeof *r->rep);
  r->daily = malloc((n_daily ? n_daily : 1) * sizeof *r->daily);
  size_t n_solver = n_daily / KPIS;
  r->solver_s = malloc((n_solver ? n_solver : 1) * sizeof *r->solver_s);
  if (!r->strategy_names || !r->rep || !r->daily || !r->solver_s) {
    lm_results_destroy(r);
    return NULL;
  }
  for (size_t i = 0; i < n_rep; i++) r->rep[i] = NAN;
  for (size_t i = 0; i < n_daily; i++) r->daily[i] = NAN;
  for (size_t i = 0; i < n_solver; i++) r->solver_s[i] = NAN;
  return r;
}

/* Besides the header's contract: `overrides` starts as an owned "", `complete` as 0; a
 * caller may replace `overrides` with its own malloc'd string, which destroy frees. */
lm_results *lm_results_create(const lm_scenario *sc, size_t n_replications, size_t n_days,
                              uint64_t master_seed) {
  assert(sc && sc->start_date != LM_DATE_NONE);
  lm_results *r = lm__results_alloc(sc->n_strategies, n_replications, n_days);
  if (!r) return NULL;
  snprintf(r->scenario_name, sizeof r->scenario_name, "%s", sc->name);
  r->scenario_text = strdup(sc->text ? sc->text : "");
  r->overrides = strdup("");
  if (!r->scenario_text || !r->overrides) {
    lm_results_destroy(r);
    return NULL;
  }
  for (size_t s = 0; s < sc->n_strategies; s++)
    snprintf(r->strategy_names[s], LM_NAME_MAX, "%s", sc->strategies[s].name);
  r->master_seed = master_seed;
  r->warmup_days = sc->warmup_days;
  r->first_date = sc->start_date + (lm_date)sc->warmup_days;
  return r;
}

void lm_results_destroy(lm_results *r) {
  if (!r) return;
  if (r->route_logs)
    for (size_t s = 0; s < r->n_strategies; s++) lm_route_log_clear(&r->route_logs[s]);
  free(r->route_logs);
  if (r->parcel_logs)
    for (size_t s = 0; s < r->n_strategies; s++) lm_parcel_log_clear(&r->parcel_logs[s]);
  free(r->parcel_logs);
  lm_sweep_result_destroy(r->sweep);
  lm_provenance_destroy(r->provenance);
  free(r->scenario_text);
  free(r->overrides);
  free(r->strategy_names);
  free(r->rep);
  free(r->daily);
  free(r->solver_s);
  free(r);
}

double *lm_results_rep(lm_results *r, size_t strategy, size_t replication) {
  assert(strategy < r->n_strategies && replication < r->n_replications);
  return r->rep + (strategy * r->n_replications + replication) * KPIS;
}

double *lm_results_day(lm_results *r, size_t strategy, size_t replication, size_t day) {
  assert(strategy < r->n_strategies && replication < r->n_replications && day < r->n_days);
  return r->daily + ((strategy * r->n_replications + replication) * r->n_days + day) * KPIS;
}

double *lm_results_solver_s(lm_results *r, size_t strategy, size_t replication) {
  assert(r->solver_s && strategy < r->n_strategies && replication < r->n_replications);
  return r->solver_s + (strategy * r->n_replications + replication) * r->n_days;
}
