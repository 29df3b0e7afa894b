/* results_read.c — reading a results file back, and the summary `lastmile info` prints.
 *
 * lm_results_read() checks that the file was written by lastmile, reads the root
 * attributes and every (strategy, replication[, day]) KPI row of the layout in DESIGN.md
 * ("Results file") into an lm_results like the one the run filled, with the detail logs
 * and the sweep when present. lm_results_info() reads the same file without the detail
 * logs and prints a table of KPI rows by strategy columns, "mean ± half-width" of the
 * LM__RESULTS_CI_LEVEL Student-t interval, wrapped to TABLE_COLUMNS, and the ranking.
 *
 * As in results_write.c, each public function switches HDF5's automatic error printing off for
 * its duration (h5util.h) and HDF5's reasons go to the lm_diag. Cost: O(S·R·D·K) time and
 * a scratch row of R·D doubles, for S strategies, R replications, D days and K KPIs.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include "lastmile/results_read.h"
#include "lastmile/results_info.h"
#include "lastmile/results_warnings.h"

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

#define KPIS          ((size_t)LM_KPI_COUNT)
#define TABLE_COLUMNS 100 /* lm_results_info wraps strategy columns to this width */

/* Reading ------------------------------------------------------------------------------ */

/* The root attributes of a results file. */
typedef struct header {
  char *version, *created, *name;
  uint64_t seed, complete;
  uint64_t count[3]; /* replications, counted days, strategies */
  uint64_t warmup_days;
  lm_date first_date; /* LM_DATE_NONE when the file does not say */
} header;

static void header_free(header *hd) {
  free(hd->version);
  free(hd->created);
  free(hd->name);
}

/* The calendar attributes: first_date and warmup_days. A file without them (written
 * before they were kept) reads as no date and no warm-up; one with a malformed date is
 * refused. */
static int read_calendar(lm__h5 *h, hid_t fid, header *hd) {
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
  /* counted_days; "days" in files written before the calendar attributes were kept */
  const char *counts[3] = {"replications", "counted_days", "strategies"};
  if (H5Aexists(fid, "counted_days") <= 0) counts[1] = "days";
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

/* Reads /strategies/NAME/GROUP/KPI for every strategy and KPI into r->rep or r->daily. A
 * KPI added since the first results files that a file lacks (one written by an older
 * lastmile) reads as NaN; a missing original KPI is an error. */
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
      if (!original_kpi(lm_kpi_defs[k].name) && !lm__h5_exists(fid, name))
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
  size_t n = r->n_replications * r->n_days;
  double *buf = rc ? NULL : malloc((n ? n : 1) * sizeof *buf);
  if (!rc && !buf) rc = LM_ENOMEM;
  if (!rc) rc = read_kpis(h, fid, r, 0, buf);
  if (!rc) rc = read_kpis(h, fid, r, 1, buf);
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
static int load_here(const char *path, int details, lm_diag *diag, lm_results **out, header *hd) {
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
    header_free(hd);
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
  header hd = {0};
  lm_results *r = NULL;
  int rc = load_here(t->path, t->details, diag, &r, &hd);
  if (!rc) {
    lm_results_destroy(r);
    header_free(&hd);
  }
  return rc;
}

/* load_here, once the same read has gone well in a child process (guard.h): a file that
 * breaks the HDF5 library is refused with a message instead of breaking lastmile. */
static int load(const char *path, int details, lm_diag *diag, lm_results **out, header *hd) {
  *out = NULL;
  trial t = {path, details};
  int rc = lm__guard_run(path, read_and_drop, &t, diag);
  return rc ? rc : load_here(path, details, diag, out, hd);
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

/* "counted days  12, 2024-01-03 to 2024-01-14 (after 2 warm-up days from 2024-01-01)". */
static void print_period(FILE *out, const lm_results *r) {
  fprintf(out, "counted days  %zu", r->n_days);
  if (r->first_date != LM_DATE_NONE && r->n_days > 0) {
    char first[LM_DATE_TEXT], last[LM_DATE_TEXT], start[LM_DATE_TEXT];
    lm_date_format(r->first_date, first);
    lm_date_format(r->first_date + (lm_date)r->n_days - 1, last);
    lm_date_format(r->first_date - (lm_date)r->warmup_days, start);
    fprintf(out, ", %s to %s", first, last);
    if (r->warmup_days)
      fprintf(out, " (after %u warm-up day%s from %s)", r->warmup_days,
              r->warmup_days == 1 ? "" : "s", start);
  }
  fputc('\n', out);
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
  fprintf(out, "master seed   %llu\nreplications  %zu (%zu with data)\n",
          (unsigned long long)hd->seed, R, with_data);
  print_period(out, r);
  fprintf(out, "strategies    %zu\ncomplete      %s\n\n", r->n_strategies,
          hd->complete ? "yes" : "no: unfinished replications hold NaN");
  if (R >= 2)
    fprintf(out, "mean ± half-width of the %g%% Student-t interval over %zu replications\n",
            100 * LM__RESULTS_CI_LEVEL, R);
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
      lm_ci ci = lm_ci_of(r->rep + s * r->n_replications * KPIS + k, r->n_replications, KPIS,
                          LM__RESULTS_CI_LEVEL);
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
    if (lm_results_warnings(r, out, "")) fputc('\n', out);
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
