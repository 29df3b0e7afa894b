/* results_read.c — reading a results file back (results_read.h).
 *
 * lm_results_read() checks that the file was written by lastmile in the layout it reads
 * (the root attribute lastmile_layout is LM__RESULTS_LAYOUT; older layouts are refused
 * with a message naming theirs), reads the root attributes and every KPI array — /KPI over
 * (strategy, replication), /daily/KPI over (strategy, replication, day), see README
 * "Results file" — into an lm_results like the one the run filled, with the detail logs
 * and the sweep when present. The file is read first in a child process (guard.h) and
 * only then here, so a file that breaks the HDF5 library ends in a message. A KPI a file
 * lacks reads as NaN, unless it is one every results file has held (then the file is
 * damaged).
 *
 * As in results_write.c, each public function switches HDF5's automatic error printing
 * off for its duration (h5util.h) and HDF5's reasons go to the lm_diag. Cost: O(S·R·D·K)
 * time and a scratch array of S·R·D doubles, for S strategies, R replications, D days and
 * K KPIs.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include "lastmile/results_read.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lastmile/stats.h"
#include "output/guard.h"
#include "output/h5util.h"
#include "output/parcels_io.h"
#include "output/ranking.h"
#include "output/results_internal.h"
#include "output/sweep_io.h"

#define KPIS ((size_t)LM_KPI_COUNT)

void lm__results_header_free(lm__results_header *hd) {
  free(hd->version);
  free(hd->created);
  free(hd->name);
}

/* The calendar attributes: first_date and warmup_days. A file without them (written
 * before they were kept) reads as no date and no warm-up; one with a malformed date is
 * refused. */
static int read_calendar(lm__h5 *h, hid_t fid, lm__results_header *hd) {
  hd->first_date = LM_DATE_NONE;
  hd->warmup_days = 0;
  if (H5Aexists(fid, "first_date") <= 0) return 0;
  char *text = NULL;
  int rc = lm__h5_read_attr_str(h, fid, "first_date", &text);
  if (!rc && lm_date_parse(text, strlen(text), &hd->first_date, NULL, 0))
    rc = lm__h5_error(h, LM_EFORMAT, "root attribute first_date '%.40s' is not a date", text);
  free(text);
  if (!rc) rc = lm__h5_read_attr_u64(h, fid, "warmup_days", &hd->warmup_days);
  if (!rc && (hd->warmup_days > 1000000 || (int64_t)hd->first_date - (int64_t)hd->warmup_days < 1 ||
              (int64_t)hd->first_date + (int64_t)hd->count[1] > lm_date_from_ymd(9999, 12, 31) + 1))
    rc = lm__h5_error(h, LM_EFORMAT, "the calendar attributes name days outside 0001 to 9999");
  return rc;
}

/* Opens h->file after checking that it is an HDF5 file written by lastmile in the layout
 * this reader knows. */
static int open_file(lm__h5 *h, hid_t *fid) {
  int rc = 0;
  *fid = lm__h5_open(h, &rc);
  if (*fid < 0) return rc;
  uint64_t layout = 1; /* files without the attribute */
  if (H5Aexists(*fid, "lastmile_version") <= 0)
    rc = lm__h5_error(h, LM_EFORMAT,
                      "no root attribute 'lastmile_version': an HDF5 file, "
                      "but not a lastmile results file");
  else if (H5Aexists(*fid, "lastmile_layout") > 0)
    rc = lm__h5_read_attr_u64(h, *fid, "lastmile_layout", &layout);
  if (!rc && layout != LM__RESULTS_LAYOUT)
    rc = lm__h5_error(h, LM_EFORMAT,
                      "a results file of layout %llu (root attribute lastmile_layout%s); this "
                      "lastmile reads layout %d only: run the scenario again to get one",
                      (unsigned long long)layout,
                      layout == 1 ? " absent: one group per strategy" : "", LM__RESULTS_LAYOUT);
  if (rc) {
    H5Fclose(*fid);
    *fid = -1;
  }
  return rc;
}

static int read_header(lm__h5 *h, hid_t fid, lm__results_header *hd) {
  /* counted_days; "days" in files written before the calendar attributes were kept */
  const char *counts[3] = {"replications", "counted_days", "strategies"};
  if (H5Aexists(fid, "counted_days") <= 0) counts[1] = "days";
  static const char *const scales[3] = {"/replication", "/daily/day", "/strategy"};
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
  if (!rc) rc = read_calendar(h, fid, hd);
  return rc;
}

/* The KPIs every results file has held since the first one; a file without one of them
 * is damaged. */
static int original_kpi(const char *name) {
  static const char *const names[] = {"parcels_created",  "received",
                                      "received_home",    "received_door",
                                      "received_locker",  "received_pickup_point",
                                      "attempts",         "failed_attempts",
                                      "redeliveries",     "returned",
                                      "stolen",           "stolen_value",
                                      "pending_at_end",   "on_time_rate",
                                      "mean_lateness_s",  "van_km",
                                      "van_hours",        "overtime_hours",
                                      "vans_used",        "cost_total",
                                      "cost_per_parcel",  "co2_kg",
                                      "co2_g_per_parcel", "locker_utilization",
                                      "locker_overflow",  "mean_order_to_receipt_h"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcmp(names[i], name)) return 1;
  return 0;
}

/* Reads /KPI (or /daily/KPI) for every KPI into r->rep (r->daily). A KPI added since the
 * first results files that a file lacks reads as NaN; a missing original KPI is an
 * error. */
static int read_kpis(lm__h5 *h, hid_t fid, lm_results *r, int daily, double *buf) {
  size_t S = r->n_strategies, R = r->n_replications, D = daily ? r->n_days : 1;
  hsize_t dims[3] = {S, R, D};
  double *dst = daily ? r->daily : r->rep;
  int rc = 0;
  for (size_t k = 0; !rc && k < KPIS; k++) {
    char name[LM_NAME_MAX + 8];
    snprintf(name, sizeof name, "%s%s", daily ? "/daily/" : "/", lm_kpi_defs[k].name);
    if (!original_kpi(lm_kpi_defs[k].name) && !lm__h5_exists(fid, name))
      for (size_t i = 0; i < S * R * D; i++) buf[i] = NAN;
    else
      rc = lm__h5_read_f64(h, fid, name, daily ? 3 : 2, dims, buf);
    for (size_t i = 0; !rc && i < S * R * D; i++) dst[i * KPIS + k] = buf[i];
  }
  return rc;
}

/* Reads the parcel logs and the tours of every strategy that has them; both are kept only
 * when every strategy has them (lm_results holds them for all strategies or none). */
static int read_details(lm__h5 *h, hid_t fid, lm_results *r) {
  size_t S = r->n_strategies, with_parcels = 0, with_routes = 0;
  char name[LM_NAME_MAX + 16];
  for (size_t s = 0; s < S; s++) {
    snprintf(name, sizeof name, "/parcels/%s", r->strategy_names[s]);
    with_parcels += (size_t)lm__h5_exists(fid, name);
    snprintf(name, sizeof name, "/routes/%s", r->strategy_names[s]);
    with_routes += (size_t)lm__h5_exists(fid, name);
  }
  if (S && with_parcels == S && !(r->parcel_logs = calloc(S, sizeof *r->parcel_logs)))
    return LM_ENOMEM;
  if (S && with_routes == S && !(r->route_logs = calloc(S, sizeof *r->route_logs)))
    return LM_ENOMEM;
  int rc = 0;
  for (int routes = 0; !rc && routes < 2; routes++) {
    if (!(routes ? (void *)r->route_logs : (void *)r->parcel_logs)) continue;
    const char *group = routes ? "/routes" : "/parcels";
    hid_t g = H5Gopen2(fid, group, H5P_DEFAULT);
    if (g < 0) return lm__h5_error(h, LM_EFORMAT, "cannot open %s", group);
    for (size_t s = 0; !rc && s < S; s++)
      rc = routes ? lm__routes_read(h, g, r->strategy_names[s], &r->route_logs[s], &r->routes_day)
                  : lm__parcels_read(h, g, r->strategy_names[s], &r->parcel_logs[s]);
    H5Gclose(g);
  }
  return rc;
}

/* Reads everything but the root attributes; the detail outputs only with `details`. */
static int read_body(lm__h5 *h, hid_t fid, const lm__results_header *hd, lm_results *r,
                     int details) {
  snprintf(r->scenario_name, sizeof r->scenario_name, "%s", hd->name);
  r->master_seed = hd->seed;
  r->complete = hd->complete != 0;
  r->first_date = hd->first_date;
  r->warmup_days = (uint32_t)hd->warmup_days;
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
  size_t n = r->n_strategies * r->n_replications * (r->n_days ? r->n_days : 1);
  double *buf = rc ? NULL : malloc((n ? n : 1) * sizeof *buf);
  if (!rc && !buf) rc = LM_ENOMEM;
  if (!rc) rc = read_kpis(h, fid, r, 0, buf);
  if (!rc) rc = read_kpis(h, fid, r, 1, buf);
  /* /routing/solver_s, which files written before it lack: then none. */
  hsize_t dims[3] = {r->n_strategies, r->n_replications, r->n_days};
  if (!rc && lm__h5_exists(fid, "/routing/solver_s"))
    rc = lm__h5_read_f64(h, fid, "/routing/solver_s", 3, dims, r->solver_s);
  else if (!rc) {
    free(r->solver_s);
    r->solver_s = NULL;
  }
  if (!rc) rc = lm__sweep_read(h, fid, r);
  if (!rc && details) rc = read_details(h, fid, r);
  free(buf);
  if (rc == LM_ENOMEM) lm_diag_error(h->diag, h->file, 0, 0, "out of memory reading results");
  return rc;
}

/* a * b, or UINT64_MAX when that overflows. */
static uint64_t mul_sat(uint64_t a, uint64_t b) {
  return a && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

/* Opens, checks and reads `path` (the parcel logs and tours too with `details`); on
 * success *out and *hd are the caller's to free. */
static int load_here(const char *path, int details, lm_diag *diag, lm_results **out,
                     lm__results_header *hd) {
  lm__h5 h;
  lm__h5_begin(&h, path, diag);
  hid_t fid;
  lm_results *r = NULL;
  int rc = open_file(&h, &fid);
  if (!rc) rc = read_header(&h, fid, hd);
  /* Every (strategy, replication) has a value of each of the 26 original KPIs for the
   * replication and for each counted day, stored uncompressed. */
  if (!rc) {
    uint64_t rows = mul_sat(mul_sat(hd->count[2], hd->count[0]), hd->count[1] + 1);
    rc = lm__h5_fits(&h, "KPI rows (strategies x replications x (counted days + 1))", rows,
                     26 * sizeof(double), 1);
  }
  if (!rc && !(r = lm__results_alloc(hd->count[2], hd->count[0], hd->count[1]))) {
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
    lm__results_header_free(hd);
    r = NULL;
  }
  *out = r;
  return rc;
}

typedef struct trial {
  const char *path;
  int details;
} trial;

/* In the guard's child: the same read, thrown away. */
static int read_and_drop(void *arg, lm_diag *diag) {
  const trial *t = arg;
  lm__results_header hd = {0};
  lm_results *r = NULL;
  int rc = load_here(t->path, t->details, diag, &r, &hd);
  if (!rc) {
    lm_results_destroy(r);
    lm__results_header_free(&hd);
  }
  return rc;
}

/* load_here, once the same read has gone well in a child process (guard.h): a file that
 * breaks the HDF5 library is refused with a message instead of breaking lastmile. */
int lm__results_load(const char *path, int details, lm_diag *diag, lm_results **out,
                     lm__results_header *hd) {
  *out = NULL;
  trial t = {path, details};
  int rc = lm__guard_run(path, read_and_drop, &t, diag);
  return rc ? rc : load_here(path, details, diag, out, hd);
}

int lm_results_read(const char *path, lm_results **out, lm_diag *diag) {
  assert(path && out);
  lm__results_header hd = {0};
  int rc = lm__results_load(path, 1, diag, out, &hd);
  if (!rc) lm__results_header_free(&hd);
  return rc;
}
