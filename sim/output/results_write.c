/* results_write.c — writing lm_results as the HDF5 results file (results_write.h).
 *
 * lm_results_publish() builds the whole layout of DESIGN.md ("Results file") in memory
 * and writes it to a file reserved with lm_publish_open (a unique temporary file beside
 * the real name), which lm_publish_commit then moves under the name: with force
 * replacing what is there, without only if nothing appeared meanwhile. The caller
 * reserves the file before simulating, so every problem with the output location is
 * found before any work is done. Any failure removes the temporary file.
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
#define _POSIX_C_SOURCE 200809L /* gmtime_r, strdup */

#include "lastmile/results_write.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lastmile/stats.h"
#include "output/h5util.h"
#include "output/results_internal.h"
#include "output/parcels_io.h"
#include "output/prov_io.h"
#include "output/sweep_io.h"

#define KPIS ((size_t)LM_KPI_COUNT)

enum { SC_REPLICATION, SC_DAY, SC_STRATEGY, SC_STATISTIC, SC_DIFFERENCE, N_SCALES };
enum { N_STATS = 4, N_DIFFS = 3 };

static const char *const scale_names[N_SCALES] = {"replication", "day", "strategy", "statistic",
                                                  "difference"};
static const char *const scale_long_names[N_SCALES] = {
    "replication index, from 0", "date of a counted day (after any warm-up), YYYY-MM-DD",
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
    const char *end = memchr(n, '\0', LM_NAME_MAX);
    if (!end || lm_name_problem(n, (size_t)(end - n), 1)) {
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

/* The root attributes of the calendar: first_date, start_date (times are counted from its
 * midnight), warmup_days, counted_days, simulated_days. */
static int write_calendar(writer *w) {
  const lm_results *r = w->r;
  char first[LM_DATE_TEXT], start[LM_DATE_TEXT];
  lm_date_format(r->first_date, first);
  lm_date_format(r->first_date - (lm_date)r->warmup_days, start);
  return lm__h5_attr_str(&w->h, w->file, "first_date", first) ||
         lm__h5_attr_str(&w->h, w->file, "start_date", start) ||
         lm__h5_attr_u64(&w->h, w->file, "warmup_days", r->warmup_days) ||
         lm__h5_attr_u64(&w->h, w->file, "counted_days", r->n_days) ||
         lm__h5_attr_u64(&w->h, w->file, "simulated_days", r->warmup_days + r->n_days);
}

/* The /day scale: the date of every counted day. */
static hid_t write_dates(writer *w) {
  size_t n = w->r->n_days;
  char *dates = malloc((n ? n : 1) * LM_DATE_TEXT);
  if (!dates) return lm__h5_error(&w->h, LM_ENOMEM, "out of memory for the day scale");
  for (size_t d = 0; d < n; d++)
    lm_date_format(w->r->first_date + (lm_date)d, dates + d * LM_DATE_TEXT);
  hid_t ds = lm__h5_dataset_names(&w->h, w->file, "day", n, dates, LM_DATE_TEXT);
  free(dates);
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
      lm__h5_attr_u64(h, f, "replications", r->n_replications) || write_calendar(w) ||
      lm__h5_attr_u64(h, f, "strategies", r->n_strategies) ||
      lm__h5_attr_i32(h, f, "complete", r->complete ? 1 : 0))
    return LM_EIO;
  hid_t g = lm__h5_group(h, f, "input");
  if (g < 0) return LM_EIO;
  const char *text = r->scenario_text ? r->scenario_text : "";
  hid_t ds = lm__h5_dataset_text(h, g, "scenario_yaml", text);
  int rc = ds < 0 ? LM_EIO : lm__h5_attr_str(h, ds, "overrides", r->overrides ? r->overrides : "");
  if (ds >= 0) H5Dclose(ds);
  H5Gclose(g);
  return rc;
}

static int write_scales(writer *w) {
  const lm_results *r = w->r;
  lm__h5 *h = &w->h;
  w->scale[SC_REPLICATION] = lm__h5_dataset_index(h, w->file, "replication", r->n_replications);
  w->scale[SC_DAY] = write_dates(w);
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
  if (!rc && r->route_logs)
    rc = lm__routes_write(&w->h, g, &r->route_logs[s], r->routes_day, r->first_date);
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
    lm_ci ci = lm_ci_of(r->rep + s * R * KPIS + k, R, KPIS, LM__RESULTS_CI_LEVEL);
    double *row = w->buf + s * N_STATS;
    row[0] = ci.mean, row[1] = ci.sd, row[2] = ci.low, row[3] = ci.high;
  }
  const int sum_scales[2] = {SC_STRATEGY, SC_STATISTIC},
            cmp_scales[2] = {SC_STRATEGY, SC_DIFFERENCE};
  hsize_t dims[2] = {S, N_STATS};
  hid_t ds = put_kpi(w, summary, lm_kpi_defs[k].name, 2, dims, k, sum_scales);
  int rc = ds < 0 ? LM_EIO : lm__h5_attr_f64(&w->h, ds, "confidence_level", LM__RESULTS_CI_LEVEL);
  if (ds >= 0) H5Dclose(ds);
  if (rc) return rc;
  for (size_t s = 0; s < S; s++) {
    lm_ci ci = lm_ci_paired(r->rep + s * R * KPIS + k, first, R, KPIS, LM__RESULTS_CI_LEVEL);
    double *row = w->buf + s * N_DIFFS;
    row[0] = ci.mean, row[1] = ci.low, row[2] = ci.high;
  }
  dims[1] = N_DIFFS;
  ds = put_kpi(w, comparison, lm_kpi_defs[k].name, 2, dims, k, cmp_scales);
  rc = ds < 0 ? LM_EIO : lm__h5_attr_f64(&w->h, ds, "confidence_level", LM__RESULTS_CI_LEVEL);
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
  if (!rc) rc = lm__provenance_write(&w->h, w->file, w->r->provenance);
  return rc;
}

/* Builds the file in memory and writes it to `out`. */
static int write_file(writer *w, FILE *out) {
  w->file = lm__h5_create_in_memory(&w->h, w->h.file);
  if (w->file < 0) return LM_EIO;
  int rc = write_body(w);
  for (int i = 0; i < N_SCALES; i++)
    if (w->scale[i] >= 0) H5Dclose(w->scale[i]);
  if (rc) {
    H5Fclose(w->file);
    return rc;
  }
  return lm__h5_save(&w->h, w->file, out);
}

int lm_results_publish(const lm_results *r, lm_publish *out, lm_diag *diag) {
  assert(r && out);
  const char *path = lm_publish_path(out);
  int rc = check_names(r, path, diag);
  if (rc) return rc;
  size_t n_buf = r->n_replications * (r->n_days ? r->n_days : 1);
  if (n_buf < r->n_strategies * N_STATS) n_buf = r->n_strategies * N_STATS;
  writer w = {.r = r, .file = -1, .scale = {-1, -1, -1, -1, -1}};
  w.buf = malloc((n_buf ? n_buf : 1) * sizeof *w.buf);
  if (!w.buf) {
    lm_diag_error(diag, path, 0, 0, "out of memory writing results");
    return LM_ENOMEM;
  }
  lm__h5_begin(&w.h, path, diag);
  rc = write_file(&w, lm_publish_file(out));
  if (rc == LM_EIO && w.h.nomem) rc = LM_ENOMEM; /* an hid_t helper ran out of memory */
  lm__h5_end(&w.h);
  free(w.buf);
  return rc ? rc : lm_publish_commit(out, diag);
}

int lm_results_write(const lm_results *r, const char *path, int force, lm_diag *diag) {
  assert(r && path);
  lm_publish *out = NULL;
  int rc = lm_publish_open(path, force, &out, diag);
  if (!rc) rc = lm_results_publish(r, out, diag);
  lm_publish_destroy(out);
  return rc;
}
