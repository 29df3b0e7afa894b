/* sweep.c — capacity planning: the same experiment at every point of a grid of scenario
 * values.
 *
 * The grid is the product of the swept keys' value lists, enumerated with the last key
 * changing fastest. A point is the base scenario file reloaded with the point's values as
 * overrides, so every value is read, range-checked and cross-checked exactly like the file
 * itself; all points are loaded first so that a bad value stops the sweep before any
 * simulation, and every message of a point names it ("sweep point 2 of 4 (KEY=VALUE)"). Each point
 * runs all replications of every strategy on the same random streams as any other point (common
 * random numbers across the grid as well).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lastmile/experiment.h"
#include "lastmile/model.h"
#include "lastmile/stats.h"

#define SET_LEN (LM_NAME_MAX + 40)

/* The overrides of grid point `p`: sets[0..n_sets) then one "KEY=VALUE" per swept key,
 * written into `own` (n_params entries of SET_LEN bytes). */
static void point_sets(const lm_scenario *base, size_t p, const char *const *sets, size_t n_sets,
                       const char **all, char (*own)[SET_LEN], double *values) {
  for (size_t i = 0; i < n_sets; i++) all[i] = sets[i];
  size_t rest = p;
  for (size_t q = base->n_sweep; q-- > 0;) {
    const lm_sweep_param *sp = &base->sweep[q];
    double v = sp->values[rest % sp->n_values];
    rest /= sp->n_values;
    snprintf(own[q], SET_LEN, "%s=%.17g", sp->key, v);
    values[q] = v;
    all[n_sets + q] = own[q];
  }
}

/* Keeps the strategies of `base`, by name and in its order. */
static void same_strategies(lm_scenario *sc, const lm_scenario *base) {
  lm_strategy kept[LM_MAX_STRATEGIES];
  size_t n = 0;
  for (size_t i = 0; i < base->n_strategies; i++)
    for (size_t j = 0; j < sc->n_strategies; j++)
      if (!strcmp(sc->strategies[j].name, base->strategies[i].name)) kept[n++] = sc->strategies[j];
  memcpy(sc->strategies, kept, n * sizeof kept[0]);
  sc->n_strategies = n;
}

#define LABEL_LEN 256

/* Writes v in the fewest digits that read back as v. */
static void shortest(char *dst, size_t cap, double v) {
  for (int digits = 1; digits <= 17; digits++) {
    snprintf(dst, cap, "%.*g", digits, v);
    if (strtod(dst, NULL) == v) return;
  }
}

/* "KEY=VALUE, KEY=VALUE" of a grid point, for messages and progress. */
static void point_label(const lm_scenario *base, const double *values, char *label) {
  size_t used = 0;
  label[0] = '\0';
  for (size_t q = 0; q < base->n_sweep && used < LABEL_LEN; q++) {
    char v[32];
    shortest(v, sizeof v, values[q]);
    int n =
        snprintf(label + used, LABEL_LEN - used, "%s%s=%s", q ? ", " : "", base->sweep[q].key, v);
    if (n < 0) break;
    used += (size_t)n;
  }
}

static size_t grid_points(const lm_scenario *base) {
  size_t n = 1;
  for (size_t q = 0; q < base->n_sweep; q++) n *= base->sweep[q].n_values;
  return n;
}

/* Loads and checks every grid point into points[p] (NULL: each is destroyed once checked)
 * and its values into values[p * n_sweep ...]; every message of point p says "sweep point
 * P of N (KEY=VALUE, ...)". `all` and `own` are scratch space as for point_sets. Returns 0,
 * or the last failure of a point (all points are loaded, so that every problem is told). */
static int load_points(const char *path, const char *const *sets, size_t n_sets,
                       const lm_scenario *base, lm_scenario **points, double *values,
                       const char **all, char (*own)[SET_LEN], lm_diag *diag) {
  size_t n_points = grid_points(base), n_params = base->n_sweep;
  int rc = 0;
  for (size_t p = 0; p < n_points; p++) {
    double *v = &values[p * n_params];
    point_sets(base, p, sets, n_sets, all, own, v);
    char label[LABEL_LEN], context[LABEL_LEN + 64];
    point_label(base, v, label);
    snprintf(context, sizeof context, "sweep point %zu of %zu (%s)", p + 1, n_points, label);
    lm_scenario *sc = NULL;
    lm_diag_set_context(diag, context);
    int lrc = lm_scenario_parse_with(base->text, base->text_len, path, all, n_sets + n_params,
                                     &lm_model_names, &sc, diag);
    lm_diag_set_context(diag, NULL);
    if (lrc)
      rc = lrc;
    else
      same_strategies(sc, base);
    if (points)
      points[p] = sc;
    else
      lm_scenario_destroy(sc);
  }
  return rc;
}

int lm_sweep_check(const char *path, const char *const *sets, size_t n_sets,
                   const lm_scenario *base, lm_diag *diag) {
  if (base->n_sweep == 0) return 0;
  size_t n_points = grid_points(base), n_params = base->n_sweep;
  const char **all = malloc((n_sets + n_params + 1) * sizeof *all);
  char(*own)[SET_LEN] = malloc((n_params + 1) * sizeof *own);
  double *values = malloc(n_points * n_params * sizeof *values);
  int rc = LM_ENOMEM;
  if (all && own && values)
    rc = load_points(path, sets, n_sets, base, NULL, values, all, own, diag);
  else
    lm_diag_error(diag, NULL, 0, 0, "out of memory checking the sweep");
  free(all);
  free(own);
  free(values);
  return rc;
}

int lm_sweep_run(const char *path, const char *const *sets, size_t n_sets, const lm_scenario *base,
                 const lm_run_opts *opts, lm_sweep_result **out, lm_diag *diag) {
  *out = NULL;
  size_t n_points = 1, n_params = base->n_sweep, S = base->n_strategies;
  for (size_t q = 0; q < n_params; q++) n_points *= base->sweep[q].n_values;
  lm_sweep_result *sw = lm_sweep_result_create(n_points, n_params, S);
  lm_scenario **points = calloc(n_points, sizeof *points);
  const char **all = malloc((n_sets + n_params + 1) * sizeof *all);
  char(*own)[SET_LEN] = malloc((n_params + 1) * sizeof *own);
  if (!sw || !points || !all || !own) {
    lm_diag_error(diag, NULL, 0, 0, "out of memory setting up the sweep");
    lm_sweep_result_destroy(sw);
    free(points);
    free(all);
    free(own);
    return LM_ENOMEM;
  }
  for (size_t q = 0; q < n_params; q++)
    snprintf(sw->keys[q], LM_NAME_MAX, "%s", base->sweep[q].key);
  sw->target = base->target;
  int rc = load_points(path, sets, n_sets, base, points, sw->values, all, own, diag);
  size_t done = 0;
  for (size_t p = 0; !rc && p < n_points; p++) {
    char label[LABEL_LEN];
    point_label(base, &sw->values[p * n_params], label);
    if (opts->point) opts->point(opts->progress_ud, p, n_points, label, 0);
    lm_results *res = NULL;
    rc = lm_experiment_run(points[p], opts, &res, diag);
    if (!rc && opts->point) opts->point(opts->progress_ud, p, n_points, label, 1);
    if (rc) {
      lm_results_destroy(res);
      break;
    }
    if (!res) continue; /* an MPI worker rank: rank 0 keeps the statistics */
    sw->replications[p] = (double)res->n_replications;
    for (size_t s = 0; s < S; s++) {
      for (size_t k = 0; k < LM_KPI_COUNT; k++) {
        lm_ci ci = lm_ci_of(lm_results_rep(res, s, 0) + k, res->n_replications, LM_KPI_COUNT, 0.95);
        double *st = &sw->stats[((p * S + s) * LM_KPI_COUNT + k) * 4];
        st[0] = ci.mean;
        st[1] = ci.sd;
        st[2] = ci.low;
        st[3] = ci.high;
      }
    }
    lm_results_destroy(res);
    done++;
  }
  for (size_t p = 0; p < n_points; p++) lm_scenario_destroy(points[p]);
  free(points);
  free(all);
  free(own);
  if (rc == LM_EINTERRUPTED) {
    sw->n_points = done; /* the rows are in point order: keep the finished ones */
    *out = sw;
    return rc;
  }
  if (rc) {
    lm_sweep_result_destroy(sw);
    return rc;
  }
  *out = sw;
  return 0;
}
