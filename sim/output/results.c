/* results.c — the KPI table, the results of a run in memory, and the HDF5 results file.
 *
 * In memory every (strategy, replication) and every (strategy, replication, day) owns one
 * row of LM_KPI_COUNT doubles, NaN until the run fills it, so threads fill disjoint rows.
 *
 * lm_results_write() refuses an existing PATH before doing any work, builds the whole
 * layout of DESIGN.md ("Results file") in memory, saves it fsynced as PATH.tmp beside
 * PATH (a stale PATH.tmp is truncated) and publishes it (lm__h5_publish): with force by
 * rename(), which replaces PATH atomically; without force by link(), which fails if PATH
 * appeared meanwhile. Any failure closes the file and unlinks PATH.tmp.
 *
 * /summary and /comparison are derived from every replication given, NaN included: an
 * unfinished replication turns the interval into NaN instead of quietly shrinking n, and
 * the root attribute `complete` tells readers whether that can happen. Row 0 of
 * /comparison, the first strategy against itself, is 0 with interval [0, 0] (NaN when
 * there are fewer than 2 replications or the data hold NaN).
 *
 * Each public function switches HDF5's automatic error printing off for its duration and
 * restores the caller's handler on return (h5util.h); HDF5's reasons go to the lm_diag.
 * Cost: O(S·R·D·K) time, for S strategies, R replications, D days and K KPIs; memory for
 * two copies of the file while saving (h5util.c says why) and a scratch row of R·D doubles.
 */
#define _POSIX_C_SOURCE 200809L /* lstat, gmtime_r, strdup, unlink */

#include "lastmile/results.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lastmile/stats.h"
#include "output/h5util.h"
#include "output/parcels_io.h"
#include "output/ranking.h"
#include "output/sweep_io.h"

#define CI_LEVEL      0.95
#define KPIS          ((size_t)LM_KPI_COUNT)
#define TABLE_COLUMNS 100 /* lm_results_info wraps strategy columns to this width */

/* In memory -------------------------------------------------------------------------- */

/* *out = a * b, or 0 when the product overflows size_t. */
static int mul_ok(size_t a, size_t b, size_t *out) {
  if (a && b > SIZE_MAX / a) return 0;
  *out = a * b;
  return 1;
}

/* Results of the given shape with every KPI NaN and every string empty or NULL. */
static lm_results *results_alloc(size_t n_s, size_t n_r, size_t n_d) {
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
  if (!r->strategy_names || !r->rep || !r->daily) {
    lm_results_destroy(r);
    return NULL;
  }
  for (size_t i = 0; i < n_rep; i++) r->rep[i] = NAN;
  for (size_t i = 0; i < n_daily; i++) r->daily[i] = NAN;
  r->van_costs = (lm_van_costs){NAN, NAN, NAN, NAN};
  return r;
}

/* Besides the header's contract: `overrides` starts as an owned "", `complete` as 0; a
 * caller may replace `overrides` with its own malloc'd string, which destroy frees. */
lm_results *lm_results_create(const lm_scenario *sc, size_t n_replications, size_t n_days,
                              uint64_t master_seed) {
  assert(sc);
  lm_results *r = results_alloc(sc->n_strategies, n_replications, n_days);
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
  r->van_costs = (lm_van_costs){sc->van.cost_fixed_eur, sc->van.cost_per_km_eur,
                                sc->van.cost_per_hour_eur, sc->van.overtime_cost_per_hour_eur};
  return r;
}

void lm_parcel_log_clear(lm_parcel_log *log) {
  free(log->customer);
  free(log->day_created);
  free(log->order_s);
  free(log->value_eur);
  free(log->resolved_s);
  free(log->placed_s);
  free(log->size);
  free(log->state);
  free(log->attempts);
  free(log->destination);
  memset(log, 0, sizeof *log);
}

void lm_route_log_clear(lm_route_log *log) {
  free(log->van);
  free(log->wave);
  free(log->sequence);
  free(log->x_km);
  free(log->y_km);
  free(log->planned_s);
  free(log->arrival_s);
  free(log->parcels);
  free(log->handed_over);
  free(log->site);
  memset(log, 0, sizeof *log);
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
  free(r->scenario_text);
  free(r->overrides);
  free(r->strategy_names);
  free(r->rep);
  free(r->daily);
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

/* Writing ------------------------------------------------------------------------------ */

enum { SC_REPLICATION, SC_DAY, SC_STRATEGY, SC_STATISTIC, SC_DIFFERENCE, N_SCALES };
enum { N_STATS = 4, N_DIFFS = 3 };

static const char *const scale_names[N_SCALES] = {"replication", "day", "strategy", "statistic",
                                                  "difference"};
static const char *const scale_long_names[N_SCALES] = {
    "replication index, from 0", "index of a counted day (after any warm-up), from 0",
    "strategy name, in the scenario's order", "statistic over replications (95% Student t)",
    "paired difference with the first strategy (95% Student t)"};
static const char stat_names[N_STATS][8] = {"mean", "sd", "ci_low", "ci_high"};
static const char diff_names[N_DIFFS][10] = {"mean_diff", "ci_low", "ci_high"};

typedef struct writer {
  lm__h5 h;
  const lm_results *r;
  hid_t file;
  hid_t scale[N_SCALES];
  double *buf; /* scratch: room for R·max(D, 1) and for S·N_STATS doubles */
} writer;

/* Group names must be usable as one HDF5 link name and be unique. */
static int check_names(const lm_results *r, const char *path, lm_diag *diag) {
  for (size_t s = 0; s < r->n_strategies; s++) {
    const char *n = r->strategy_names[s];
    if (!memchr(n, '\0', LM_NAME_MAX) || !n[0] || strchr(n, '/') || !strcmp(n, ".") ||
        !strcmp(n, "..")) {
      lm_diag_error(diag, path, 0, 0, "strategy name '%.*s' cannot name an HDF5 group",
                    LM_NAME_MAX - 1, n);
      return LM_EINVAL;
    }
    for (size_t t = 0; t < s; t++)
      if (!strcmp(n, r->strategy_names[t])) {
        lm_diag_error(diag, path, 0, 0, "strategy name '%s' appears twice", n);
        return LM_EINVAL;
      }
  }
  return 0;
}

/* Creates dataset `name` under `loc` from w->buf with KPI k's attributes and attaches
 * the scales listed in `dims_scale` to its dimensions. Returns the open id or -1. */
static hid_t put_kpi(writer *w, hid_t loc, const char *name, int rank, const hsize_t *dims,
                     size_t k, const int *dims_scale) {
  hid_t ds = lm__h5_dataset_f64(&w->h, loc, name, rank, dims, w->buf, lm_kpi_defs[k].units,
                                lm_kpi_defs[k].long_name);
  for (int i = 0; ds >= 0 && i < rank; i++) {
    int sc = dims_scale[i];
    if (lm__h5_attach(&w->h, ds, (unsigned)i, w->scale[sc], scale_names[sc])) {
      H5Dclose(ds);
      ds = -1;
    }
  }
  return ds;
}

static int write_root(writer *w) {
  const lm_results *r = w->r;
  char created[32];
  time_t now = time(NULL);
  struct tm tm;
  if (!gmtime_r(&now, &tm) || !strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm))
    snprintf(created, sizeof created, "unknown");
  lm__h5 *h = &w->h;
  hid_t f = w->file;
  if (lm__h5_attr_str(h, f, "lastmile_version", LASTMILE_VERSION) ||
      lm__h5_attr_str(h, f, "created_utc", created) ||
      lm__h5_attr_str(h, f, "scenario_name", r->scenario_name) ||
      lm__h5_attr_u64(h, f, "master_seed", r->master_seed) ||
      lm__h5_attr_u64(h, f, "replications", r->n_replications) ||
      lm__h5_attr_u64(h, f, "days", r->n_days) ||
      lm__h5_attr_u64(h, f, "strategies", r->n_strategies) ||
      lm__h5_attr_i32(h, f, "complete", r->complete ? 1 : 0))
    return LM_EIO;
  hid_t g = lm__h5_group(h, f, "input");
  if (g < 0) return LM_EIO;
  const char *text = r->scenario_text ? r->scenario_text : "";
  hid_t ds = lm__h5_dataset_text(h, g, "scenario_yaml", text);
  int rc = ds < 0 ? LM_EIO : lm__h5_attr_str(h, ds, "overrides", r->overrides ? r->overrides : "");
  if (ds >= 0) H5Dclose(ds);
  if (!rc) rc = lm__van_costs_write(h, g, &r->van_costs);
  H5Gclose(g);
  return rc;
}

static int write_scales(writer *w) {
  const lm_results *r = w->r;
  lm__h5 *h = &w->h;
  w->scale[SC_REPLICATION] = lm__h5_dataset_index(h, w->file, "replication", r->n_replications);
  w->scale[SC_DAY] = lm__h5_dataset_index(h, w->file, "day", r->n_days);
  w->scale[SC_STRATEGY] = lm__h5_dataset_names(h, w->file, "strategy", r->n_strategies,
                                               r->strategy_names[0], LM_NAME_MAX);
  w->scale[SC_STATISTIC] =
      lm__h5_dataset_names(h, w->file, "statistic", N_STATS, stat_names[0], sizeof stat_names[0]);
  w->scale[SC_DIFFERENCE] =
      lm__h5_dataset_names(h, w->file, "difference", N_DIFFS, diff_names[0], sizeof diff_names[0]);
  for (int i = 0; i < N_SCALES; i++)
    if (w->scale[i] < 0 || lm__h5_make_scale(h, w->scale[i], scale_names[i]) ||
        lm__h5_attr_str(h, w->scale[i], "long_name", scale_long_names[i]))
      return LM_EIO;
  return 0;
}

static int write_strategy(writer *w, hid_t strategies, size_t s) {
  const lm_results *r = w->r;
  size_t R = r->n_replications, D = r->n_days;
  hid_t g = lm__h5_group(&w->h, strategies, r->strategy_names[s]);
  hid_t rg = g < 0 ? -1 : lm__h5_group(&w->h, g, "replications");
  hid_t dg = rg < 0 ? -1 : lm__h5_group(&w->h, g, "daily");
  int rc = dg < 0 ? LM_EIO : 0;
  const int rep_scales[1] = {SC_REPLICATION}, day_scales[2] = {SC_REPLICATION, SC_DAY};
  for (size_t k = 0; !rc && k < KPIS; k++) {
    const char *name = lm_kpi_defs[k].name;
    for (size_t i = 0; i < R; i++) w->buf[i] = r->rep[(s * R + i) * KPIS + k];
    hsize_t dims[2] = {R, D};
    hid_t ds = put_kpi(w, rg, name, 1, dims, k, rep_scales);
    if (ds < 0) rc = LM_EIO;
    if (ds >= 0) H5Dclose(ds);
    for (size_t i = 0; !rc && i < R * D; i++) w->buf[i] = r->daily[(s * R * D + i) * KPIS + k];
    ds = rc ? -1 : put_kpi(w, dg, name, 2, dims, k, day_scales);
    if (ds < 0) rc = LM_EIO;
    if (ds >= 0) H5Dclose(ds);
  }
  if (!rc && r->parcel_logs) rc = lm__parcels_write(&w->h, g, &r->parcel_logs[s]);
  if (!rc && r->route_logs) rc = lm__routes_write(&w->h, g, &r->route_logs[s], r->routes_day);
  if (dg >= 0) H5Gclose(dg);
  if (rg >= 0) H5Gclose(rg);
  if (g >= 0) H5Gclose(g);
  return rc;
}

/* /summary/KPI and /comparison/KPI for KPI k, from every replication (see the top). */
static int write_derived(writer *w, hid_t summary, hid_t comparison, size_t k) {
  const lm_results *r = w->r;
  size_t R = r->n_replications, S = r->n_strategies;
  const double *first = r->rep + k;
  for (size_t s = 0; s < S; s++) {
    lm_ci ci = lm_ci_of(r->rep + s * R * KPIS + k, R, KPIS, CI_LEVEL);
    double *row = w->buf + s * N_STATS;
    row[0] = ci.mean, row[1] = ci.sd, row[2] = ci.low, row[3] = ci.high;
  }
  const int sum_scales[2] = {SC_STRATEGY, SC_STATISTIC},
            cmp_scales[2] = {SC_STRATEGY, SC_DIFFERENCE};
  hsize_t dims[2] = {S, N_STATS};
  hid_t ds = put_kpi(w, summary, lm_kpi_defs[k].name, 2, dims, k, sum_scales);
  int rc = ds < 0 ? LM_EIO : lm__h5_attr_f64(&w->h, ds, "confidence_level", CI_LEVEL);
  if (ds >= 0) H5Dclose(ds);
  if (rc) return rc;
  for (size_t s = 0; s < S; s++) {
    lm_ci ci = lm_ci_paired(r->rep + s * R * KPIS + k, first, R, KPIS, CI_LEVEL);
    double *row = w->buf + s * N_DIFFS;
    row[0] = ci.mean, row[1] = ci.low, row[2] = ci.high;
  }
  dims[1] = N_DIFFS;
  ds = put_kpi(w, comparison, lm_kpi_defs[k].name, 2, dims, k, cmp_scales);
  rc = ds < 0 ? LM_EIO : lm__h5_attr_f64(&w->h, ds, "confidence_level", CI_LEVEL);
  if (!rc) rc = lm__h5_attr_str(&w->h, ds, "reference_strategy", S ? r->strategy_names[0] : "");
  if (ds >= 0) H5Dclose(ds);
  return rc;
}

static int write_body(writer *w) {
  int rc = write_root(w);
  if (!rc) rc = write_scales(w);
  hid_t st = rc ? -1 : lm__h5_group(&w->h, w->file, "strategies");
  if (st < 0) return rc ? rc : LM_EIO;
  for (size_t s = 0; !rc && s < w->r->n_strategies; s++) rc = write_strategy(w, st, s);
  H5Gclose(st);
  hid_t sum = rc ? -1 : lm__h5_group(&w->h, w->file, "summary");
  hid_t cmp = sum < 0 ? -1 : lm__h5_group(&w->h, w->file, "comparison");
  if (!rc && cmp < 0) rc = LM_EIO;
  for (size_t k = 0; !rc && k < KPIS; k++) rc = write_derived(w, sum, cmp, k);
  if (cmp >= 0) H5Gclose(cmp);
  if (sum >= 0) H5Gclose(sum);
  if (!rc && w->r->sweep)
    rc = lm__sweep_write(&w->h, w->file, w->r, w->scale[SC_STRATEGY], w->scale[SC_STATISTIC]);
  return rc;
}

/* Builds the file in memory and saves it as `tmp`; `tmp` is complete only on 0. */
static int write_file(writer *w, const char *tmp) {
  w->file = lm__h5_create_in_memory(&w->h, tmp);
  if (w->file < 0) return LM_EIO;
  int rc = write_body(w);
  for (int i = 0; i < N_SCALES; i++)
    if (w->scale[i] >= 0) H5Dclose(w->scale[i]);
  if (rc) {
    H5Fclose(w->file);
    return rc;
  }
  return lm__h5_save(&w->h, w->file, tmp);
}

int lm_results_write(const lm_results *r, const char *path, int force, lm_diag *diag) {
  assert(r && path);
  struct stat st;
  if (!force && lstat(path, &st) == 0) {
    lm_diag_error(diag, path, 0, 0, "file exists; not overwritten (use --force to replace it)");
    return LM_EEXIST;
  }
  int rc = check_names(r, path, diag);
  if (!rc) rc = lm__h5_check_directory(path, diag);
  if (rc) return rc;
  size_t len = strlen(path), n_buf = r->n_replications * (r->n_days ? r->n_days : 1);
  if (n_buf < r->n_strategies * N_STATS) n_buf = r->n_strategies * N_STATS;
  writer w = {.r = r, .file = -1, .scale = {-1, -1, -1, -1, -1}};
  char *tmp = malloc(len + sizeof ".tmp");
  w.buf = malloc((n_buf ? n_buf : 1) * sizeof *w.buf);
  if (!tmp || !w.buf) {
    free(tmp);
    free(w.buf);
    lm_diag_error(diag, path, 0, 0, "out of memory writing results");
    return LM_ENOMEM;
  }
  memcpy(tmp, path, len);
  memcpy(tmp + len, ".tmp", sizeof ".tmp");
  lm__h5_begin(&w.h, path, diag);
  rc = write_file(&w, tmp);
  lm__h5_end(&w.h);
  if (!rc) rc = lm__h5_publish(tmp, path, force, diag);
  if (rc) unlink(tmp);
  free(w.buf);
  free(tmp);
  return rc;
}

/* Reading ------------------------------------------------------------------------------ */

/* The root attributes of a results file. */
typedef struct header {
  char *version, *created, *name;
  uint64_t seed, complete;
  uint64_t count[3]; /* replications, days, strategies */
} header;

static void header_free(header *hd) {
  free(hd->version);
  free(hd->created);
  free(hd->name);
}

/* Opens h->file after checking that it is an HDF5 file written by lastmile. */
static int open_file(lm__h5 *h, hid_t *fid) {
  int rc = 0;
  *fid = lm__h5_open(h, &rc);
  if (*fid >= 0 && H5Aexists(*fid, "lastmile_version") <= 0) {
    rc = lm__h5_error(h, LM_EFORMAT,
                      "no root attribute 'lastmile_version': an HDF5 file, "
                      "but not a lastmile results file");
    H5Fclose(*fid);
    *fid = -1;
  }
  return rc;
}

static int read_header(lm__h5 *h, hid_t fid, header *hd) {
  static const char *const counts[3] = {"replications", "days", "strategies"};
  static const char *const scales[3] = {"/replication", "/day", "/strategy"};
  int rc = lm__h5_read_attr_str(h, fid, "lastmile_version", &hd->version);
  if (!rc) rc = lm__h5_read_attr_str(h, fid, "created_utc", &hd->created);
  if (!rc) rc = lm__h5_read_attr_str(h, fid, "scenario_name", &hd->name);
  if (!rc) rc = lm__h5_read_attr_u64(h, fid, "master_seed", &hd->seed);
  if (!rc) rc = lm__h5_read_attr_u64(h, fid, "complete", &hd->complete);
  for (int i = 0; !rc && i < 3; i++) {
    uint64_t n = 0;
    rc = lm__h5_read_attr_u64(h, fid, counts[i], &hd->count[i]);
    if (!rc) rc = lm__h5_length(h, fid, scales[i], &n);
    if (!rc && n != hd->count[i])
      rc = lm__h5_error(h, LM_EFORMAT, "root attribute %s is %llu but %s has %llu entries",
                        counts[i], (unsigned long long)hd->count[i], scales[i],
                        (unsigned long long)n);
  }
  return rc;
}

/* Reads /strategies/NAME/GROUP/KPI for every strategy and KPI into r->rep or r->daily. A
 * KPI added since the first results files (LM_KPI_FIRST_ADDED on) that a file lacks reads
 * as NaN. */
static int read_kpis(lm__h5 *h, hid_t fid, lm_results *r, int daily, double *buf) {
  size_t R = r->n_replications, D = daily ? r->n_days : 1;
  hsize_t dims[2] = {R, D};
  double *dst = daily ? r->daily : r->rep;
  int rc = 0;
  for (size_t s = 0; !rc && s < r->n_strategies; s++)
    for (size_t k = 0; !rc && k < KPIS; k++) {
      char name[3 * LM_NAME_MAX];
      snprintf(name, sizeof name, "/strategies/%s/%s/%s", r->strategy_names[s],
               daily ? "daily" : "replications", lm_kpi_defs[k].name);
      if (k >= LM_KPI_FIRST_ADDED && !lm__h5_exists(fid, name))
        for (size_t i = 0; i < R * D; i++) buf[i] = NAN;
      else
        rc = lm__h5_read_f64(h, fid, name, daily ? 2 : 1, dims, buf);
      for (size_t i = 0; !rc && i < R * D; i++) dst[(s * R * D + i) * KPIS + k] = buf[i];
    }
  return rc;
}

/* Reads the parcel logs and the tours of every strategy that has them; both are kept only
 * when every strategy has them (lm_results holds them for all strategies or none). */
static int read_details(lm__h5 *h, hid_t fid, lm_results *r) {
  size_t S = r->n_strategies, with_parcels = 0, with_routes = 0;
  char name[2 * LM_NAME_MAX];
  for (size_t s = 0; s < S; s++) {
    snprintf(name, sizeof name, "/strategies/%s/parcels", r->strategy_names[s]);
    with_parcels += (size_t)lm__h5_exists(fid, name);
    snprintf(name, sizeof name, "/strategies/%s/routes", r->strategy_names[s]);
    with_routes += (size_t)lm__h5_exists(fid, name);
  }
  if (S && with_parcels == S && !(r->parcel_logs = calloc(S, sizeof *r->parcel_logs)))
    return LM_ENOMEM;
  if (S && with_routes == S && !(r->route_logs = calloc(S, sizeof *r->route_logs)))
    return LM_ENOMEM;
  int rc = 0;
  for (size_t s = 0; !rc && s < S && (r->parcel_logs || r->route_logs); s++) {
    snprintf(name, sizeof name, "/strategies/%s", r->strategy_names[s]);
    hid_t g = H5Gopen2(fid, name, H5P_DEFAULT);
    if (g < 0) return lm__h5_error(h, LM_EFORMAT, "cannot open %s", name);
    if (r->parcel_logs) rc = lm__parcels_read(h, g, &r->parcel_logs[s]);
    if (!rc && r->route_logs) rc = lm__routes_read(h, g, &r->route_logs[s], &r->routes_day);
    H5Gclose(g);
  }
  return rc;
}

/* Reads everything but the root attributes; the detail outputs only with `details`. */
static int read_body(lm__h5 *h, hid_t fid, const header *hd, lm_results *r, int details) {
  snprintf(r->scenario_name, sizeof r->scenario_name, "%s", hd->name);
  r->master_seed = hd->seed;
  r->complete = hd->complete != 0;
  int rc =
      lm__h5_read_names(h, fid, "/strategy", r->n_strategies, LM_NAME_MAX, r->strategy_names[0]);
  if (!rc) rc = lm__h5_read_text(h, fid, "/input/scenario_yaml", &r->scenario_text);
  hid_t ds = rc ? -1 : H5Dopen2(fid, "/input/scenario_yaml", H5P_DEFAULT);
  if (!rc && ds < 0) rc = lm__h5_error(h, LM_EIO, "cannot open /input/scenario_yaml");
  /* Files without the overrides attribute are accepted: no overrides. */
  if (!rc && H5Aexists(ds, "overrides") > 0)
    rc = lm__h5_read_attr_str(h, ds, "overrides", &r->overrides);
  else if (!rc && !(r->overrides = strdup("")))
    rc = LM_ENOMEM;
  if (ds >= 0) H5Dclose(ds);
  size_t n = r->n_replications * r->n_days;
  double *buf = rc ? NULL : malloc((n ? n : 1) * sizeof *buf);
  if (!rc && !buf) rc = LM_ENOMEM;
  if (!rc) rc = read_kpis(h, fid, r, 0, buf);
  if (!rc) rc = read_kpis(h, fid, r, 1, buf);
  if (!rc) rc = lm__sweep_read(h, fid, r);
  if (!rc) rc = lm__van_costs_read(h, fid, &r->van_costs);
  if (!rc && details) rc = read_details(h, fid, r);
  free(buf);
  if (rc == LM_ENOMEM) lm_diag_error(h->diag, h->file, 0, 0, "out of memory reading results");
  return rc;
}

/* Opens, checks and reads `path` (the parcel logs and tours too with `details`); on
 * success *out and *hd are the caller's to free. */
static int load(const char *path, int details, lm_diag *diag, lm_results **out, header *hd) {
  lm__h5 h;
  lm__h5_begin(&h, path, diag);
  hid_t fid;
  lm_results *r = NULL;
  int rc = open_file(&h, &fid);
  if (!rc) rc = read_header(&h, fid, hd);
  if (!rc && !(r = results_alloc(hd->count[2], hd->count[0], hd->count[1]))) {
    lm_diag_error(diag, path, 0, 0, "out of memory for %llu x %llu x %llu results",
                  (unsigned long long)hd->count[2], (unsigned long long)hd->count[0],
                  (unsigned long long)hd->count[1]);
    rc = LM_ENOMEM;
  }
  if (!rc) rc = read_body(&h, fid, hd, r, details);
  if (fid >= 0) H5Fclose(fid);
  lm__h5_end(&h);
  if (rc) {
    lm_results_destroy(r);
    header_free(hd);
    r = NULL;
  }
  *out = r;
  return rc;
}

int lm_results_read(const char *path, lm_results **out, lm_diag *diag) {
  assert(path && out);
  header hd = {0};
  int rc = load(path, 1, diag, out, &hd);
  if (!rc) header_free(&hd);
  return rc;
}

/* The summary table ---------------------------------------------------------------------- */

/* `sig` significant digits, but whole numbers without an exponent up to 1e12. */
static void format_number(char *buf, size_t n, double x, int sig) {
  double ax = fabs(x);
  if (isfinite(x) && ax >= pow(10.0, sig) && ax < 1e12)
    snprintf(buf, n, "%.0f", x);
  else
    snprintf(buf, n, "%.*g", sig, x);
}

/* Columns a terminal uses for UTF-8 `s` (one per code point; enough for "±"). */
static int columns(const char *s) {
  int w = 0;
  for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
  return w;
}

/* Prints "  s", padded to `width` columns unless it ends the line. */
static void print_padded(FILE *out, const char *s, int width, int last) {
  fprintf(out, "  %s", s);
  if (!last) fprintf(out, "%*s", width - columns(s), "");
}

/* A table cell: the mean and the interval's half-width ("" when there is none). */
typedef struct cell {
  char mean[24], hw[24];
} cell;

/* A strategy column: the widest mean (means are right-aligned so that the "±" line up)
 * and the width of the whole column, strategy name included. */
typedef struct column {
  int mean, all;
} column;

static void print_cell(FILE *out, const cell *c, const column *col, int last) {
  fprintf(out, "  %*s", col->mean, c->mean);
  int used = col->mean;
  if (c->hw[0]) {
    fprintf(out, " ± %s", c->hw);
    used += 3 + columns(c->hw);
  }
  if (!last) fprintf(out, "%*s", col->all - used, "");
}

/* KPI rows × strategy columns of "mean ± half-width", wrapped to TABLE_COLUMNS. */
static void print_table(FILE *out, const lm_results *r, const cell *cells, const column *col) {
  int kpi_w = 3, unit_w = 5;
  for (size_t k = 0; k < KPIS; k++) {
    kpi_w = columns(lm_kpi_defs[k].name) > kpi_w ? columns(lm_kpi_defs[k].name) : kpi_w;
    unit_w = columns(lm_kpi_defs[k].units) > unit_w ? columns(lm_kpi_defs[k].units) : unit_w;
  }
  for (size_t first = 0, last; first < r->n_strategies; first = last) {
    int used = kpi_w + 2 + unit_w + 2 + col[first].all;
    for (last = first + 1; last < r->n_strategies && used + 2 + col[last].all <= TABLE_COLUMNS;)
      used += 2 + col[last++].all;
    fprintf(out, "\n%-*s", kpi_w, "KPI");
    print_padded(out, "units", unit_w, 0);
    for (size_t s = first; s < last; s++)
      print_padded(out, r->strategy_names[s], col[s].all, s + 1 == last);
    for (size_t k = 0; k < KPIS; k++) {
      fprintf(out, "\n%-*s", kpi_w, lm_kpi_defs[k].name);
      print_padded(out, lm_kpi_defs[k].units, unit_w, 0);
      for (size_t s = first; s < last; s++)
        print_cell(out, &cells[s * KPIS + k], &col[s], s + 1 == last);
    }
    fputc('\n', out);
  }
}

static void print_header(FILE *out, const char *path, const header *hd, const lm_results *r) {
  size_t R = r->n_replications, with_data = 0;
  for (size_t i = 0; i < R; i++) {
    int any = 0;
    for (size_t j = 0; j < r->n_strategies * KPIS && !any; j++)
      any = isfinite(r->rep[(j / KPIS * R + i) * KPIS + j % KPIS]);
    with_data += (size_t)any;
  }
  fprintf(out, "file          %s\nscenario      %s\nlastmile      %s\ncreated       %s\n", path,
          hd->name, hd->version, hd->created);
  fprintf(out, "master seed   %llu\nreplications  %zu (%zu with data)\ndays          %zu\n",
          (unsigned long long)hd->seed, R, with_data, r->n_days);
  fprintf(out, "strategies    %zu\ncomplete      %s\n\n", r->n_strategies,
          hd->complete ? "yes" : "no: unfinished replications hold NaN");
  if (R >= 2)
    fprintf(out, "mean ± half-width of the %g%% Student-t interval over %zu replications\n",
            100 * CI_LEVEL, R);
  else
    fprintf(out, "mean of %zu replication (an interval needs at least 2)\n", R);
}

int lm_results_info(const char *path, FILE *out, lm_diag *diag) {
  assert(path && out);
  header hd = {0};
  lm_results *r = NULL;
  int rc = load(path, 0, diag, &r, &hd);
  if (rc) return rc;
  size_t S = r->n_strategies;
  cell *cells = malloc((S ? S : 1) * KPIS * sizeof *cells);
  column *col = malloc((S ? S : 1) * sizeof *col);
  if (!cells || !col) {
    lm_diag_error(diag, path, 0, 0, "out of memory printing results");
    rc = LM_ENOMEM;
  }
  for (size_t s = 0; !rc && s < S; s++) {
    int hw_w = 0;
    col[s].mean = 0;
    for (size_t k = 0; k < KPIS; k++) {
      cell *c = &cells[s * KPIS + k];
      lm_ci ci =
          lm_ci_of(r->rep + s * r->n_replications * KPIS + k, r->n_replications, KPIS, CI_LEVEL);
      format_number(c->mean, sizeof c->mean, ci.mean, 6);
      c->hw[0] = '\0';
      if (isfinite(ci.half_width)) format_number(c->hw, sizeof c->hw, ci.half_width, 3);
      col[s].mean = columns(c->mean) > col[s].mean ? columns(c->mean) : col[s].mean;
      hw_w = columns(c->hw) > hw_w ? columns(c->hw) : hw_w;
    }
    col[s].all = col[s].mean + (hw_w ? 3 + hw_w : 0);
    int name_w = columns(r->strategy_names[s]);
    col[s].all = name_w > col[s].all ? name_w : col[s].all;
  }
  if (!rc) {
    print_header(out, path, &hd, r);
    print_table(out, r, cells, col);
    lm__print_ranking(out, r);
    lm__print_sweep(out, r);
    if (fflush(out) != 0 || ferror(out)) {
      lm_diag_error(diag, path, 0, 0, "cannot print the summary: %s", strerror(errno));
      rc = LM_EIO;
    }
  }
  free(col);
  free(cells);
  header_free(&hd);
  lm_results_destroy(r);
  return rc;
}
