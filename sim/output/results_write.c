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
 * The layout follows netCDF-4 and CF, so that xarray (through h5netcdf) reads the root and
 * each group as a dataset with coordinates: every group that holds arrays has its own
 * dimension scales (lm__results_scale) attached to them, strings are variable-length
 * UTF-8, every array carries `units` and `long_name`, and the root says `Conventions` and
 * `lastmile_layout` (LM__RESULTS_LAYOUT), which a reader checks first.
 *
 * Cost: O(S·R·D·K) time, for S strategies, R replications, D days and K KPIs; memory for
 * two copies of the file while saving (h5util.c says why) and a scratch array of S·R·D
 * doubles.
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

enum { N_STATS = 4, N_DIFFS = 3 };

typedef struct writer {
  lm__h5 h;
  const lm_results *r;
  hid_t file;
  double *buf; /* scratch: room for S·R·max(D, 1) and for S·N_STATS doubles */
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

/* A group of the results (the root when `name` is NULL) and, in it, the scales of the
 * `n` dimensions `kinds`, their ids in `scales`. Returns the group id (the file's own id
 * for the root: do not close it) or -1; on failure nothing is left open. */
static hid_t open_section(writer *w, const char *name, const lm__scale *kinds, int n,
                          hid_t *scales) {
  hid_t g = name ? lm__h5_group(&w->h, w->file, name) : w->file;
  for (int i = 0; i < n; i++) scales[i] = -1;
  for (int i = 0; g >= 0 && i < n; i++)
    if ((scales[i] = lm__results_scale(&w->h, g, w->r, kinds[i])) < 0) {
      for (int j = 0; j < i; j++) H5Dclose(scales[j]);
      if (name) H5Gclose(g);
      g = -1;
    }
  return g;
}

/* Closes what open_section opened. */
static void close_section(writer *w, hid_t g, int n, const hid_t *scales) {
  for (int i = 0; i < n; i++)
    if (scales[i] >= 0) H5Dclose(scales[i]);
  if (g >= 0 && g != w->file) H5Gclose(g);
}

/* Creates dataset `name` under `loc` from w->buf with KPI k's attributes and attaches
 * `scales` (labelled with their names) to its dimensions. Returns the open id or -1. */
static hid_t put_kpi(writer *w, hid_t loc, const char *name, int rank, const hsize_t *dims,
                     size_t k, const lm__scale *kinds, const hid_t *scales) {
  hid_t ds = lm__h5_dataset_f64(&w->h, loc, name, rank, dims, w->buf, lm_kpi_defs[k].units,
                                lm_kpi_defs[k].long_name);
  for (int i = 0; ds >= 0 && i < rank; i++)
    if (lm__h5_attach(&w->h, ds, (unsigned)i, scales[i], lm__results_scale_names[kinds[i]])) {
      H5Dclose(ds);
      ds = -1;
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

static int write_root(writer *w) {
  const lm_results *r = w->r;
  char created[32];
  time_t now = time(NULL);
  struct tm tm;
  if (!gmtime_r(&now, &tm) || !strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm))
    snprintf(created, sizeof created, "unknown");
  lm__h5 *h = &w->h;
  hid_t f = w->file;
  if (lm__h5_attr_str(h, f, "Conventions", "CF-1.8") ||
      lm__h5_attr_i32(h, f, "lastmile_layout", LM__RESULTS_LAYOUT) ||
      lm__h5_attr_str(h, f, "title", r->scenario_name) ||
      lm__h5_attr_str(h, f, "lastmile_version", LASTMILE_VERSION) ||
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

/* One KPI array per KPI: over (strategy, replication) at the root, over (strategy,
 * replication, day) in /daily. */
static int write_kpis(writer *w, int daily) {
  const lm_results *r = w->r;
  size_t S = r->n_strategies, R = r->n_replications, D = daily ? r->n_days : 1;
  static const lm__scale kinds[3] = {LM__SC_STRATEGY, LM__SC_REPLICATION, LM__SC_DAY};
  int rank = daily ? 3 : 2;
  hid_t scales[3];
  hid_t g = open_section(w, daily ? "daily" : NULL, kinds, rank, scales);
  int rc = g < 0 ? LM_EIO : 0;
  const double *src = daily ? r->daily : r->rep;
  hsize_t dims[3] = {S, R, D};
  for (size_t k = 0; !rc && k < KPIS; k++) {
    for (size_t i = 0; i < S * R * D; i++) w->buf[i] = src[i * KPIS + k];
    hid_t ds = put_kpi(w, g, lm_kpi_defs[k].name, rank, dims, k, kinds, scales);
    if (ds < 0) rc = LM_EIO;
    if (ds >= 0) H5Dclose(ds);
  }
  close_section(w, g, rank, scales);
  return rc;
}

/* /routing: per (strategy, replication, day), the daily KPIs of route planning under
 * short names, then solver_s, which is not a KPI because it is not reproducible. Each
 * copy says which KPI it copies (attribute `kpi`); every array says whether it is
 * reproducible. Written when the results hold solver_s. */
static const struct {
  const char *name;
  lm_kpi kpi;
} routing_view[] = {{"plans", LM_KPI_ROUTING_PLANS},
                    {"planned_km", LM_KPI_ROUTING_PLANNED_KM},
                    {"planned_h", LM_KPI_ROUTING_PLANNED_H},
                    {"driven_km", LM_KPI_ROUTING_DRIVEN_KM},
                    {"driven_h", LM_KPI_ROUTING_DRIVEN_H},
                    {"planned_stops", LM_KPI_ROUTING_PLANNED_STOPS},
                    {"unserved_stops", LM_KPI_STOPS_UNSERVED},
                    {"solver_iterations", LM_KPI_ROUTING_SOLVER_ITERATIONS}};

/* ds, or -1 after closing it when rc (an error of a write to it) is not 0. */
static hid_t closed_on_error(int rc, hid_t ds) {
  if (!rc || ds < 0) return ds;
  H5Dclose(ds);
  return -1;
}

static int write_routing(writer *w) {
  const lm_results *r = w->r;
  if (!r->solver_s) return 0;
  size_t S = r->n_strategies, R = r->n_replications, D = r->n_days;
  static const lm__scale kinds[3] = {LM__SC_STRATEGY, LM__SC_REPLICATION, LM__SC_DAY};
  hid_t scales[3];
  hid_t g = open_section(w, "routing", kinds, 3, scales);
  int rc = g < 0 ? LM_EIO : 0;
  hsize_t dims[3] = {S, R, D};
  /* The copies of the daily KPIs. */
  for (size_t v = 0; !rc && v < sizeof routing_view / sizeof routing_view[0]; v++) {
    size_t k = routing_view[v].kpi;
    for (size_t i = 0; i < S * R * D; i++) w->buf[i] = r->daily[i * KPIS + k];
    hid_t ds = put_kpi(w, g, routing_view[v].name, 3, dims, k, kinds, scales);
    ds = closed_on_error(ds >= 0 && (lm__h5_attr_str(&w->h, ds, "kpi", lm_kpi_defs[k].name) ||
                                     lm__h5_attr_i32(&w->h, ds, "reproducible", 1)),
                         ds);
    if (ds < 0)
      rc = LM_EIO;
    else
      H5Dclose(ds);
  }
  /* solver_s, not reproducible. */
  if (!rc) {
    memcpy(w->buf, r->solver_s, S * R * D * sizeof *w->buf);
    hid_t ds = lm__h5_dataset_f64(&w->h, g, "solver_s", 3, dims, w->buf, "s", LM__RESULTS_SOLVER_S);
    for (int i = 0; ds >= 0 && i < 3; i++)
      ds = closed_on_error(
          lm__h5_attach(&w->h, ds, (unsigned)i, scales[i], lm__results_scale_names[kinds[i]]), ds);
    ds = closed_on_error(ds >= 0 && lm__h5_attr_i32(&w->h, ds, "reproducible", 0), ds);
    if (ds < 0)
      rc = LM_EIO;
    else
      H5Dclose(ds);
  }
  close_section(w, g, 3, scales);
  return rc;
}

/* /parcels/NAME and /routes/NAME of every strategy, when the results hold them. */
static int write_details(writer *w) {
  const lm_results *r = w->r;
  int rc = 0;
  if (r->parcel_logs) {
    hid_t g = lm__h5_group(&w->h, w->file, "parcels");
    rc = g < 0 ? LM_EIO : 0;
    for (size_t s = 0; !rc && s < r->n_strategies; s++)
      rc = lm__parcels_write(&w->h, g, r->strategy_names[s], &r->parcel_logs[s]);
    if (g >= 0) H5Gclose(g);
  }
  if (!rc && r->route_logs) {
    hid_t g = lm__h5_group(&w->h, w->file, "routes");
    rc = g < 0 ? LM_EIO : 0;
    for (size_t s = 0; !rc && s < r->n_strategies; s++)
      rc = lm__routes_write(&w->h, g, r->strategy_names[s], &r->route_logs[s], r->routes_day,
                            r->first_date);
    if (g >= 0) H5Gclose(g);
  }
  return rc;
}

/* /summary/KPI and /comparison/KPI for KPI k, from every replication (see the top). */
static int write_derived(writer *w, hid_t summary, const hid_t *sum_scales, hid_t comparison,
                         const hid_t *cmp_scales, size_t k) {
  const lm_results *r = w->r;
  size_t R = r->n_replications, S = r->n_strategies;
  const double *first = r->rep + k;
  for (size_t s = 0; s < S; s++) {
    lm_ci ci = lm_ci_of(r->rep + s * R * KPIS + k, R, KPIS, LM__RESULTS_CI_LEVEL);
    double *row = w->buf + s * N_STATS;
    row[0] = ci.mean, row[1] = ci.sd, row[2] = ci.low, row[3] = ci.high;
  }
  static const lm__scale sum_kinds[2] = {LM__SC_STRATEGY, LM__SC_STATISTIC},
                         cmp_kinds[2] = {LM__SC_STRATEGY, LM__SC_DIFFERENCE};
  hsize_t dims[2] = {S, N_STATS};
  hid_t ds = put_kpi(w, summary, lm_kpi_defs[k].name, 2, dims, k, sum_kinds, sum_scales);
  int rc = ds < 0 ? LM_EIO : lm__h5_attr_f64(&w->h, ds, "confidence_level", LM__RESULTS_CI_LEVEL);
  if (ds >= 0) H5Dclose(ds);
  if (rc) return rc;
  for (size_t s = 0; s < S; s++) {
    lm_ci ci = lm_ci_paired(r->rep + s * R * KPIS + k, first, R, KPIS, LM__RESULTS_CI_LEVEL);
    double *row = w->buf + s * N_DIFFS;
    row[0] = ci.mean, row[1] = ci.low, row[2] = ci.high;
  }
  dims[1] = N_DIFFS;
  ds = put_kpi(w, comparison, lm_kpi_defs[k].name, 2, dims, k, cmp_kinds, cmp_scales);
  rc = ds < 0 ? LM_EIO : lm__h5_attr_f64(&w->h, ds, "confidence_level", LM__RESULTS_CI_LEVEL);
  if (!rc) rc = lm__h5_attr_str(&w->h, ds, "reference_strategy", S ? r->strategy_names[0] : "");
  if (ds >= 0) H5Dclose(ds);
  return rc;
}

/* /summary and /comparison, each with its own strategy and statistic (difference) scales. */
static int write_summary(writer *w) {
  static const lm__scale sum_kinds[2] = {LM__SC_STRATEGY, LM__SC_STATISTIC},
                         cmp_kinds[2] = {LM__SC_STRATEGY, LM__SC_DIFFERENCE};
  hid_t sum_scales[2], cmp_scales[2] = {-1, -1};
  hid_t sum = open_section(w, "summary", sum_kinds, 2, sum_scales);
  hid_t cmp = sum < 0 ? -1 : open_section(w, "comparison", cmp_kinds, 2, cmp_scales);
  int rc = cmp < 0 ? LM_EIO : 0;
  for (size_t k = 0; !rc && k < KPIS; k++)
    rc = write_derived(w, sum, sum_scales, cmp, cmp_scales, k);
  close_section(w, cmp, 2, cmp_scales);
  close_section(w, sum, 2, sum_scales);
  return rc;
}

static int write_body(writer *w) {
  int rc = write_root(w);
  if (!rc) rc = write_kpis(w, 0);
  if (!rc) rc = write_kpis(w, 1);
  if (!rc) rc = write_summary(w);
  if (!rc) rc = write_routing(w);
  if (!rc) rc = write_details(w);
  if (!rc && w->r->sweep) rc = lm__sweep_write(&w->h, w->file, w->r);
  if (!rc) rc = lm__provenance_write(&w->h, w->file, w->r->provenance);
  return rc;
}

/* Builds the file in memory and writes it to `out`. */
static int write_file(writer *w, FILE *out) {
  w->file = lm__h5_create_in_memory(&w->h, w->h.file);
  if (w->file < 0) return LM_EIO;
  int rc = write_body(w);
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
  size_t n_buf = r->n_strategies * r->n_replications * (r->n_days ? r->n_days : 1);
  if (n_buf < r->n_strategies * N_STATS) n_buf = r->n_strategies * N_STATS;
  writer w = {.r = r, .file = -1};
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
