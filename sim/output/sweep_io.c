/* sweep_io.c — the capacity-planning sweep in the results file, and its verdict.
 *
 * Layout: /sweep/point (index scale), /sweep/strategy and /sweep/statistic (the group's
 * own copies of those scales, so that /sweep reads as a netCDF-4 dataset of its own),
 * /sweep/replications (per point), /sweep/KPI (points x strategies x 4: mean, sd, ci_low,
 * ci_high of the 95% Student-t interval over that point's replications), and
 * /sweep/parameters/KEY (the value of each swept key per point, with that group's own
 * point scale). A target is stored as attributes of /sweep: target_kpi, target_at_least
 * or target_at_most, target_confidence, cost_kpi.
 *
 * The verdict: a grid point meets the target for a strategy when the one-sided lower (or
 * upper) confidence bound of the KPI at the target's confidence is on the right side of
 * the threshold; it is computed from the stored mean, sd and the point's replication
 * count (the bound uses Student's t with n - 1 degrees of freedom), and its backlog is not
 * unstable there (lm_backlog_unstable: a point whose backlog keeps growing never meets a
 * target, whatever its averages say). Among the points that meet it, the one with the
 * lowest mean cost_kpi is the answer.
 */
#include "output/sweep_io.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lastmile/kpi.h"
#include "lastmile/results_warnings.h"
#include "output/results_internal.h"

#define NSTAT 4

lm_sweep_result *lm_sweep_result_create(size_t n_points, size_t n_params, size_t n_strategies) {
  lm_sweep_result *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->n_points = n_points;
  s->n_params = n_params;
  s->n_strategies = n_strategies;
  s->keys = calloc(n_params ? n_params : 1, sizeof *s->keys);
  size_t n_values = n_points * n_params;
  s->values = calloc(n_values > 0 ? n_values : 1, sizeof *s->values);
  size_t n_stats = n_points * n_strategies * LM_KPI_COUNT * NSTAT;
  s->stats = malloc((n_stats ? n_stats : 1) * sizeof *s->stats);
  s->replications = calloc(n_points ? n_points : 1, sizeof *s->replications);
  if (!s->keys || !s->values || !s->stats || !s->replications) {
    lm_sweep_result_destroy(s);
    return NULL;
  }
  for (size_t i = 0; i < n_stats; i++) s->stats[i] = NAN;
  return s;
}

void lm_sweep_result_destroy(lm_sweep_result *s) {
  if (!s) return;
  free(s->keys);
  free(s->values);
  free(s->stats);
  free(s->replications);
  free(s);
}

static double *stat_at(const lm_sweep_result *sw, size_t p, size_t s, size_t k) {
  return &sw->stats[((p * sw->n_strategies + s) * LM_KPI_COUNT + k) * NSTAT];
}

/* The index scale "point" of n grid points in `loc`; -1 after a message. */
static hid_t point_scale(lm__h5 *h, hid_t loc, size_t n) {
  hid_t point = lm__h5_dataset_index(h, loc, "point", n);
  if (point >= 0 &&
      (lm__h5_make_scale(h, point, "point") ||
       lm__h5_attr_str(h, point, "long_name", "grid point index, in the sweep's order"))) {
    H5Dclose(point);
    point = -1;
  }
  return point;
}

int lm__sweep_write(lm__h5 *h, hid_t file, const lm_results *r) {
  const lm_sweep_result *sw = r->sweep;
  hid_t g = lm__h5_group(h, file, "sweep");
  if (g < 0) return LM_EIO;
  int rc = 0;
  hid_t point = point_scale(h, g, sw->n_points);
  hid_t strategy = point < 0 ? -1 : lm__results_scale(h, g, r, LM__SC_STRATEGY);
  hid_t statistic = strategy < 0 ? -1 : lm__results_scale(h, g, r, LM__SC_STATISTIC);
  if (statistic < 0) rc = LM_EIO;
  hid_t params = rc ? -1 : lm__h5_group(h, g, "parameters");
  hid_t param_point = params < 0 ? -1 : point_scale(h, params, sw->n_points);
  if (!rc && param_point < 0) rc = LM_EIO;
  double *col = malloc((sw->n_points ? sw->n_points : 1) * sizeof *col);
  if (!col) rc = LM_ENOMEM;
  for (size_t q = 0; !rc && q < sw->n_params; q++) {
    for (size_t p = 0; p < sw->n_points; p++) col[p] = sw->values[p * sw->n_params + q];
    hsize_t dims[1] = {sw->n_points};
    hid_t d = lm__h5_dataset_f64(h, params, sw->keys[q], 1, dims, col, "1",
                                 "value of the swept scenario key at each grid point");
    if (d < 0 || lm__h5_attach(h, d, 0, param_point, "point")) rc = LM_EIO;
    if (d >= 0) H5Dclose(d);
  }
  if (!rc) {
    hsize_t dims[1] = {sw->n_points};
    hid_t d = lm__h5_dataset_f64(h, g, "replications", 1, dims, sw->replications, "1",
                                 "replications run at each grid point");
    if (d < 0 || lm__h5_attach(h, d, 0, point, "point")) rc = LM_EIO;
    if (d >= 0) H5Dclose(d);
  }
  double *buf = malloc((sw->n_points * sw->n_strategies * NSTAT + 1) * sizeof *buf);
  if (!rc && !buf) rc = LM_ENOMEM;
  for (size_t k = 0; !rc && k < LM_KPI_COUNT; k++) {
    for (size_t p = 0; p < sw->n_points; p++)
      for (size_t s = 0; s < sw->n_strategies; s++)
        memcpy(&buf[(p * sw->n_strategies + s) * NSTAT], stat_at(sw, p, s, k), NSTAT * sizeof *buf);
    hsize_t dims[3] = {sw->n_points, sw->n_strategies, NSTAT};
    hid_t d = lm__h5_dataset_f64(h, g, lm_kpi_defs[k].name, 3, dims, buf, lm_kpi_defs[k].units,
                                 lm_kpi_defs[k].long_name);
    if (d < 0 || lm__h5_attach(h, d, 0, point, "point") ||
        lm__h5_attach(h, d, 1, strategy, "strategy") ||
        lm__h5_attach(h, d, 2, statistic, "statistic"))
      rc = LM_EIO;
    if (d >= 0) H5Dclose(d);
  }
  const lm_target *t = &sw->target;
  if (!rc && t->kpi[0]) {
    if (lm__h5_attr_str(h, g, "target_kpi", t->kpi) ||
        lm__h5_attr_f64(h, g, isnan(t->at_least) ? "target_at_most" : "target_at_least",
                        isnan(t->at_least) ? t->at_most : t->at_least) ||
        lm__h5_attr_f64(h, g, "target_confidence", t->confidence) ||
        lm__h5_attr_str(h, g, "cost_kpi", t->cost_kpi))
      rc = LM_EIO;
  }
  free(buf);
  free(col);
  if (param_point >= 0) H5Dclose(param_point);
  if (params >= 0) H5Gclose(params);
  if (statistic >= 0) H5Dclose(statistic);
  if (strategy >= 0) H5Dclose(strategy);
  if (point >= 0) H5Dclose(point);
  H5Gclose(g);
  return rc;
}

static int read_attr_f64(hid_t obj, const char *name, double *out) {
  if (H5Aexists(obj, name) <= 0) return -1;
  hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  if (a < 0) return -1;
  herr_t e = H5Aread(a, H5T_NATIVE_DOUBLE, out);
  H5Aclose(a);
  return e < 0 ? -1 : 0;
}

int lm__sweep_read(lm__h5 *h, hid_t file, lm_results *r) {
  if (!lm__h5_exists(file, "sweep")) return 0;
  uint64_t n_points;
  int rc = lm__h5_length(h, file, "sweep/point", &n_points);
  if (rc) return rc;
  hid_t g = H5Gopen2(file, "sweep", H5P_DEFAULT);
  hid_t params = g < 0 ? -1 : H5Gopen2(g, "parameters", H5P_DEFAULT);
  H5G_info_t info;
  if (params < 0 || H5Gget_info(params, &info) < 0) {
    if (params >= 0) H5Gclose(params);
    if (g >= 0) H5Gclose(g);
    return lm__h5_error(h, LM_EFORMAT, "cannot read /sweep/parameters");
  }
  /* every link of /sweep/parameters is a swept key but its point scale */
  size_t n_params = info.nlinks ? (size_t)info.nlinks - 1 : 0;
  /* every point stores a value of each key and NSTAT statistics of every KPI for every
   * strategy, uncompressed */
  rc = lm__h5_fits(h, "sweep points", n_points,
                   (n_params + (uint64_t)r->n_strategies * NSTAT * LM_KPI_COUNT) * sizeof(double),
                   1);
  if (rc) {
    H5Gclose(params);
    H5Gclose(g);
    return rc;
  }
  lm_sweep_result *sw = lm_sweep_result_create(n_points, n_params, r->n_strategies);
  double *buf = malloc((n_points * r->n_strategies * NSTAT + 1) * sizeof *buf);
  if (!sw || !buf) rc = LM_ENOMEM;
  for (size_t q = 0, link = 0; !rc && q < n_params; q++, link++) {
    ssize_t got = H5Lget_name_by_idx(params, ".", H5_INDEX_NAME, H5_ITER_INC, link, sw->keys[q],
                                     LM_NAME_MAX, H5P_DEFAULT);
    if (got >= 0 && !strcmp(sw->keys[q], "point")) /* the scale, not a key */
      got = H5Lget_name_by_idx(params, ".", H5_INDEX_NAME, H5_ITER_INC, ++link, sw->keys[q],
                               LM_NAME_MAX, H5P_DEFAULT);
    if (got <= 0 || !strcmp(sw->keys[q], "point")) {
      rc = lm__h5_error(h, LM_EFORMAT, "cannot read a swept key's name");
      break;
    }
    hsize_t dims[1] = {n_points};
    rc = lm__h5_read_f64(h, params, sw->keys[q], 1, dims, buf);
    for (size_t p = 0; !rc && p < n_points; p++) sw->values[p * n_params + q] = buf[p];
  }
  if (!rc) {
    hsize_t dims[1] = {n_points};
    rc = lm__h5_read_f64(h, g, "replications", 1, dims, sw->replications);
  }
  for (size_t k = 0; !rc && k < LM_KPI_COUNT; k++) {
    hsize_t dims[3] = {n_points, r->n_strategies, NSTAT};
    rc = lm__h5_read_f64(h, g, lm_kpi_defs[k].name, 3, dims, buf);
    for (size_t p = 0; !rc && p < n_points; p++)
      for (size_t s = 0; s < r->n_strategies; s++)
        memcpy(stat_at(sw, p, s, k), &buf[(p * r->n_strategies + s) * NSTAT], NSTAT * sizeof *buf);
  }
  if (!rc && H5Aexists(g, "target_kpi") > 0) {
    char *kpi = NULL, *cost = NULL;
    rc = lm__h5_read_attr_str(h, g, "target_kpi", &kpi);
    if (!rc) rc = lm__h5_read_attr_str(h, g, "cost_kpi", &cost);
    if (!rc) {
      snprintf(sw->target.kpi, LM_NAME_MAX, "%s", kpi);
      snprintf(sw->target.cost_kpi, LM_NAME_MAX, "%s", cost);
      sw->target.at_least = sw->target.at_most = NAN;
      sw->target.confidence = 0.95;
      read_attr_f64(g, "target_at_least", &sw->target.at_least);
      read_attr_f64(g, "target_at_most", &sw->target.at_most);
      read_attr_f64(g, "target_confidence", &sw->target.confidence);
    }
    free(kpi);
    free(cost);
  }
  free(buf);
  H5Gclose(params);
  H5Gclose(g);
  if (rc) {
    lm_sweep_result_destroy(sw);
    return rc;
  }
  r->sweep = sw;
  return 0;
}

/* The one-sided bound at `confidence` of a mean from its sd and n (NaN when n < 2). */
static double bound(const double *st, double n, double confidence, int lower) {
  if (!(n >= 2) || !isfinite(st[1])) return NAN;
  double t = gsl_cdf_tdist_Pinv(confidence, n - 1.0) * st[1] / sqrt(n);
  return lower ? st[0] - t : st[0] + t;
}

void lm__print_sweep(FILE *out, const lm_results *r) {
  const lm_sweep_result *sw = r->sweep;
  if (!sw || sw->n_points == 0) return;
  const lm_target *t = &sw->target;
  int kt = t->kpi[0] ? lm_kpi_find(t->kpi, strlen(t->kpi)) : LM_KPI_ON_TIME_RATE;
  int kc = t->kpi[0] ? lm_kpi_find(t->cost_kpi, strlen(t->cost_kpi)) : LM_KPI_COST_TOTAL;
  if (kt < 0 || kc < 0) return;
  int lower = t->kpi[0] ? !isnan(t->at_least) : 1;
  double threshold = t->kpi[0] ? (lower ? t->at_least : t->at_most) : NAN;
  fprintf(out, "\nsweep: %zu grid points over", sw->n_points);
  for (size_t q = 0; q < sw->n_params; q++) fprintf(out, " %s", sw->keys[q]);
  if (t->kpi[0])
    fprintf(out, "; target %s %s %g at %g%% one-sided confidence, cheapest by %s\n", t->kpi,
            lower ? ">=" : "<=", threshold, 100.0 * t->confidence, t->cost_kpi);
  else
    fputc('\n', out);
  for (size_t s = 0; s < sw->n_strategies; s++) {
    fprintf(out, "\n  %s\n    %-32s %-22s %-16s %-10s %s\n", r->strategy_names[s], "point",
            lm_kpi_defs[kt].name, lm_kpi_defs[kc].name, "backlog", t->kpi[0] ? "meets" : "");
    long best = -1;
    for (size_t p = 0; p < sw->n_points; p++) {
      char where[160] = "";
      for (size_t q = 0; q < sw->n_params; q++)
        snprintf(where + strlen(where), sizeof where - strlen(where), "%s%s=%g", q ? " " : "",
                 sw->keys[q], sw->values[p * sw->n_params + q]);
      const double *st = stat_at(sw, p, s, (size_t)kt), *cost = stat_at(sw, p, s, (size_t)kc);
      const double *growth = stat_at(sw, p, s, LM_KPI_BACKLOG_GROWTH_PER_DAY);
      const double *created = stat_at(sw, p, s, LM_KPI_PARCELS_CREATED);
      double per_day = r->n_days ? created[0] / (double)r->n_days : 0.0;
      int unstable = lm_backlog_unstable(growth[0], growth[2], per_day);
      char meets[8] = "";
      if (t->kpi[0]) {
        double b = bound(st, sw->replications[p], t->confidence, lower);
        int ok = (lower ? b >= threshold : b <= threshold) && !unstable;
        snprintf(meets, sizeof meets, "%s", ok ? "yes" : "no");
        if (ok && (best < 0 || cost[0] < stat_at(sw, (size_t)best, s, (size_t)kc)[0]))
          best = (long)p;
      }
      fprintf(out, "    %-32s %-10.5g ± %-9.3g %-16.6g %-10s %s\n", where, st[0],
              0.5 * (st[3] - st[2]), cost[0], unstable ? "grows" : "stable", meets);
    }
    if (t->kpi[0] && best < 0)
      fprintf(out, "    => no grid point meets the target\n");
    else if (t->kpi[0]) {
      fprintf(out, "    => cheapest point that meets the target:");
      for (size_t q = 0; q < sw->n_params; q++)
        fprintf(out, " %s=%g", sw->keys[q], sw->values[(size_t)best * sw->n_params + q]);
      fputc('\n', out);
    }
  }
}
