/* results_info.c — the summary of a results file that `lastmile info` prints
 * (results_info.h).
 *
 * The file is read without its detail logs (lm__results_load); then come its root
 * attributes, the warnings (results_warnings.h), a table of KPI rows by strategy columns
 * — "mean ± half-width" of the LM__RESULTS_CI_LEVEL Student-t interval over
 * replications, strategy columns wrapped to TABLE_COLUMNS — the route planning per day, the
 * ranking against the first strategy and the sweep. Nothing is printed when the file cannot be
 * read. Cost: O(S·R·K) time and O(S·K) cells, for S strategies, R replications and K KPIs.
 */
#include "lastmile/results_info.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lastmile/results_warnings.h"
#include "lastmile/stats.h"
#include "output/ranking.h"
#include "output/results_internal.h"
#include "output/sweep_io.h"

#define KPIS          ((size_t)LM_KPI_COUNT)
#define TABLE_COLUMNS 100 /* lm_results_info wraps strategy columns to this width */

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

/* The mean over every (replication, counted day) of strategy s with a value of daily KPI
 * k (NaN when none), from r->daily, or from r->solver_s when k is LM_KPI_COUNT. */
static double day_mean(const lm_results *r, size_t s, size_t k) {
  size_t RD = r->n_replications * r->n_days, n = 0;
  double sum = 0.0;
  for (size_t i = 0; i < RD; i++) {
    double x = k < KPIS ? r->daily[(s * RD + i) * KPIS + k] : r->solver_s[s * RD + i];
    if (isfinite(x)) sum += x, n++;
  }
  return n ? sum / (double)n : NAN;
}

/* Route planning per strategy (the daily KPIs of /routing), means per counted day:
 * plans, planned and driven km and hours with the driven / planned ratios, stops left
 * unserved, and the solvers' CPU seconds when the file has them (not reproducible).
 * Nothing when the file has no route planning KPIs. */
static void print_routing(FILE *out, const lm_results *r) {
  static const size_t k[] = {LM_KPI_ROUTING_PLANS,     LM_KPI_ROUTING_PLANNED_KM,
                             LM_KPI_ROUTING_DRIVEN_KM, LM_KPI_ROUTING_PLANNED_H,
                             LM_KPI_ROUTING_DRIVEN_H,  LM_KPI_STOPS_UNSERVED};
  int name_w = 8, any = 0;
  for (size_t s = 0; s < r->n_strategies; s++) any |= isfinite(day_mean(r, s, k[0]));
  if (!any) return; /* a file written before these KPIs */
  for (size_t s = 0; s < r->n_strategies; s++)
    name_w = columns(r->strategy_names[s]) > name_w ? columns(r->strategy_names[s]) : name_w;
  fprintf(out, "\nroute planning, mean per counted day%s\n",
          r->solver_s ? " (solver CPU s: this machine, not reproducible)" : "");
  fprintf(out, "%-*s  %8s  %10s  %10s  %6s  %9s  %9s  %6s  %8s  %12s\n", name_w, "strategy",
          "plans", "planned km", "driven km", "ratio", "planned h", "driven h", "ratio", "unserved",
          "solver CPU s");
  for (size_t s = 0; s < r->n_strategies; s++) {
    double v[6];
    char cols[9][24];
    for (int i = 0; i < 6; i++) v[i] = day_mean(r, s, k[i]);
    double cpu = r->solver_s ? day_mean(r, s, KPIS) : NAN;
    double row[9] = {v[0], v[1], v[2], v[2] / v[1], v[3], v[4], v[4] / v[3], v[5], cpu};
    for (int i = 0; i < 9; i++) format_number(cols[i], sizeof cols[i], row[i], 4);
    snprintf(cols[3], sizeof cols[3], "%.3f", row[3]);
    snprintf(cols[6], sizeof cols[6], "%.3f", row[6]);
    fprintf(out, "%-*s  %8s  %10s  %10s  %6s  %9s  %9s  %6s  %8s  %12s\n", name_w,
            r->strategy_names[s], cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6],
            cols[7], r->solver_s ? cols[8] : "-");
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

static void print_header(FILE *out, const char *path, const lm__results_header *hd,
                         const lm_results *r) {
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
  lm__results_header hd = {0};
  lm_results *r = NULL;
  int rc = lm__results_load(path, 0, diag, &r, &hd);
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
    print_routing(out, r);
    lm__print_ranking(out, r);
    lm__print_sweep(out, r);
    if (fflush(out) != 0 || ferror(out)) {
      lm_diag_error(diag, path, 0, 0, "cannot print the summary: %s", strerror(errno));
      rc = LM_EIO;
    }
  }
  free(col);
  free(cells);
  lm__results_header_free(&hd);
  lm_results_destroy(r);
  return rc;
}
