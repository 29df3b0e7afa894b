/* plot_kpi.c — the figures of `lastmile plot` drawn from the KPIs: the strategies
 * compared, their paired differences from the first strategy, the daily series, the
 * parts of the cost, and the sweep curves.
 *
 * Each builder turns the in-memory results into gnuplot variables and datablocks for its
 * script in plots/ (each script's header lists what it expects). Values are shown in the
 * units people read (rates in %, durations in hours; lm__kpi_scale), intervals are 95%
 * Student-t over replications (paired for differences), and every axis range is computed
 * here, so a figure whose values are all missing still draws (empty) instead of failing.
 *
 * The cost parts are the model's own KPIs (lm_kpi_cost_parts, which add up exactly to
 * cost_total); the figure only divides each by the parcels received, replication by
 * replication, and averages, so the stacked means add up to the mean cost_per_parcel.
 * Cost: O(S x R x D) per figure for S strategies, R replications and D days.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lastmile/stats.h"
#include "output/plot_gp.h"

#define K LM_KPI_COUNT

/* A panel of the compare and diff figures. */
typedef struct panel {
  lm_kpi k;
  const char *title;
} panel;

static const panel key_kpis[] = {
    {LM_KPI_ON_TIME_RATE, "on-time rate"},
    {LM_KPI_MEAN_LATENESS_S, "mean lateness"},
    {LM_KPI_MEAN_ORDER_TO_RECEIPT_H, "order to receipt, mean"},
    {LM_KPI_FAILED_ATTEMPTS, "failed attempts"},
    {LM_KPI_RETURNED, "returned to sender"},
    {LM_KPI_STOLEN, "stolen"},
    {LM_KPI_COST_PER_PARCEL, "cost per parcel"},
    {LM_KPI_CO2_G_PER_PARCEL, "CO2 per parcel"},
    {LM_KPI_VAN_KM, "van distance"},
};
#define N_KEY (sizeof key_kpis / sizeof key_kpis[0])

/* Colours of the verdicts of the diff figure (0xRRGGBB). */
#define RGB_BETTER  0x009E73
#define RGB_WORSE   0xD55E00
#define RGB_NEUTRAL 0x7F7F7F

/* An interval [low, high] around mean, as a point when there is none (one replication). */
static lm__ci3 scaled(lm__ci3 c, double f) {
  lm__ci3 v = {c.mean * f, c.low * f, c.high * f};
  if (!isfinite(v.low) || !isfinite(v.high)) v.low = v.high = v.mean;
  return v;
}

/* Writes the panel titles, units, axis labels ("TITLE (UNIT)") and axis ranges shared by
 * compare, diff and daily. */
static void panel_vars(lm__gp *gp, const char *const *titles, const char *const *units,
                       const lm__range *ranges, size_t n) {
  double lo[N_KEY], hi[N_KEY], step[N_KEY];
  char label[N_KEY][96];
  const char *labels[N_KEY];
  for (size_t i = 0; i < n; i++) {
    lo[i] = ranges[i].lo, hi[i] = ranges[i].hi, step[i] = ranges[i].step;
    snprintf(label[i], sizeof label[i], "%s (%s)", titles[i], units[i]);
    labels[i] = label[i];
  }
  lm__gp_raw(gp, "nk = %zu\n", n);
  lm__gp_array_str(gp, "ktitle", n, titles);
  lm__gp_array_str(gp, "kunit", n, units);
  lm__gp_array_str(gp, "klabel", n, labels);
  lm__gp_array_num(gp, "ylo", n, lo);
  lm__gp_array_num(gp, "yhi", n, hi);
  lm__gp_array_num(gp, "ystep", n, step);
}

/* The days a replication value spans, for titles. */
static void days_var(lm__gp *gp, const lm_results *r) {
  lm__gp_raw(gp, "nreps = %zu\nndays = %zu\n", r->n_replications, r->n_days);
}

int lm__fig_compare(const lm_results *r, size_t s, lm__gp *gp, char *why, size_t n) {
  (void)s, (void)why, (void)n;
  const char *titles[N_KEY], *units[N_KEY];
  lm__range ranges[N_KEY];
  lm__gp_block(gp, "compare");
  for (size_t i = 0; i < N_KEY; i++) {
    size_t k = key_kpis[i].k;
    double f = lm__kpi_scale(k, &units[i]);
    titles[i] = key_kpis[i].title;
    lm__range_init(&ranges[i]);
    if (i) lm__gp_raw(gp, "\n\n");
    for (size_t t = 0; t < r->n_strategies; t++) {
      lm__ci3 c = scaled(lm__kpi_clamp(k, lm__kpi_ci(r, t, k)), f);
      lm__range_add(&ranges[i], c.low);
      lm__range_add(&ranges[i], c.high);
      lm__gp_num(gp, (double)t);
      lm__gp_num(gp, c.mean);
      lm__gp_num(gp, c.low);
      lm__gp_num(gp, c.high);
      lm__gp_raw(gp, "%zu\n", t % 8 + 1);
    }
    lm__range_finish(&ranges[i], 0);
  }
  lm__gp_end(gp);
  panel_vars(gp, titles, units, ranges, N_KEY);
  days_var(gp, r);
  return 0;
}

/* The colour of a difference: better or worse when its interval excludes 0. */
static int verdict_rgb(lm__ci3 d, int better) {
  if (better == 0 || !(d.low > 0 || d.high < 0)) return RGB_NEUTRAL;
  return (d.low > 0) == (better > 0) ? RGB_BETTER : RGB_WORSE;
}

int lm__fig_diff(const lm_results *r, size_t s, lm__gp *gp, char *why, size_t n) {
  (void)s;
  if (r->n_strategies < 2) {
    snprintf(why, n, "one strategy only: nothing to compare it with");
    return LM__SKIP_FIGURE;
  }
  if (r->n_replications < 2) {
    snprintf(why, n, "one replication only: a difference needs at least 2 for an interval");
    return LM__SKIP_FIGURE;
  }
  const char *titles[N_KEY], *units[N_KEY];
  lm__range ranges[N_KEY];
  lm__gp_block(gp, "diff");
  for (size_t i = 0; i < N_KEY; i++) {
    size_t k = key_kpis[i].k;
    double f = lm__kpi_scale(k, &units[i]);
    if (!strcmp(units[i], "%")) units[i] = "% points";
    titles[i] = key_kpis[i].title;
    lm__range_init(&ranges[i]);
    if (i) lm__gp_raw(gp, "\n\n");
    for (size_t t = 1; t < r->n_strategies; t++) {
      lm__ci3 d = scaled(lm__kpi_diff(r, t, k), f);
      lm__range_add(&ranges[i], d.low);
      lm__range_add(&ranges[i], d.high);
      lm__gp_num(gp, (double)(t - 1));
      lm__gp_num(gp, d.mean);
      lm__gp_num(gp, d.low);
      lm__gp_num(gp, d.high);
      lm__gp_raw(gp, "%d\n", verdict_rgb(d, lm_kpi_defs[k].better));
    }
    lm__range_finish(&ranges[i], 1);
  }
  lm__gp_end(gp);
  panel_vars(gp, titles, units, ranges, N_KEY);
  days_var(gp, r);
  return 0;
}

/* Daily series ------------------------------------------------------------------------- */

typedef struct daily_panel {
  lm_kpi k;
  const char *title;
} daily_panel;

static const daily_panel daily_kpis[] = {
    {LM_KPI_RECEIVED, "parcels received"}, {LM_KPI_FAILED_ATTEMPTS, "failed attempts"},
    {LM_KPI_STOLEN, "parcels stolen"},     {LM_KPI_MEAN_LATENESS_S, "mean lateness"},
    {LM_KPI_VANS_USED, "vans used"},
};
#define N_DAILY (sizeof daily_kpis / sizeof daily_kpis[0])

/* The 95% interval of KPI k on day d of strategy s over the replications. */
static lm__ci3 day_ci(const lm_results *r, size_t s, size_t d, size_t k) {
  size_t R = r->n_replications, D = r->n_days;
  lm_ci ci = lm_ci_of(r->daily + ((s * R) * D + d) * K + k, R, D * K, LM__CI_LEVEL);
  return (lm__ci3){ci.mean, ci.low, ci.high};
}

/* The x of daily row d: gnuplot's time (seconds since 1970-01-01) of its date, or the row
 * index for a file without dates. */
static double day_x(const lm_results *r, size_t d) {
  if (r->first_date == LM_DATE_NONE) return (double)d;
  return (double)(r->first_date + (lm_date)d - lm_date_from_ymd(1970, 1, 1)) * 86400.0;
}

/* The x axis of the daily series: `dated`, its range (a third of a day beyond the first
 * and last day) and its tics: every day up to 16 days, else on Mondays, every week or
 * every few weeks so that about ten are labelled. */
static void daily_axis(lm__gp *gp, const lm_results *r) {
  int dated = r->first_date != LM_DATE_NONE;
  double day = dated ? 86400.0 : 1.0, first = day_x(r, 0), start = first;
  size_t step = 1;
  if (r->n_days > 16) {
    step = 7 * ((r->n_days + 69) / 70);
    if (dated) start = day_x(r, (size_t)((7 - lm_date_weekday(r->first_date)) % 7));
  }
  lm__gp_raw(gp, "dated = %d\n", dated);
  lm__gp_let_num(gp, "xlo", first - 0.3 * day);
  lm__gp_let_num(gp, "xhi", day_x(r, r->n_days - 1) + 0.3 * day);
  lm__gp_let_num(gp, "xstart", start);
  lm__gp_let_num(gp, "xstep", (double)step * day);
}

int lm__fig_daily(const lm_results *r, size_t s, lm__gp *gp, char *why, size_t n) {
  (void)s;
  if (r->n_days == 0 || r->n_replications == 0) {
    snprintf(why, n, "the file has no counted days");
    return LM__SKIP_FIGURE;
  }
  const char *titles[N_DAILY], *units[N_DAILY];
  lm__range ranges[N_DAILY];
  lm__gp_block(gp, "daily");
  for (size_t i = 0; i < N_DAILY; i++) {
    size_t k = daily_kpis[i].k;
    double f = lm__kpi_scale(k, &units[i]);
    titles[i] = daily_kpis[i].title;
    lm__range_init(&ranges[i]);
    for (size_t t = 0; t < r->n_strategies; t++) {
      if (i || t) lm__gp_raw(gp, "\n\n");
      for (size_t d = 0; d < r->n_days; d++) {
        lm__ci3 c = scaled(lm__kpi_clamp(k, day_ci(r, t, d, k)), f);
        lm__range_add(&ranges[i], c.low);
        lm__range_add(&ranges[i], c.high);
        lm__gp_num(gp, day_x(r, d));
        lm__gp_num(gp, c.mean);
        lm__gp_num(gp, c.low);
        lm__gp_num(gp, c.high);
        lm__gp_raw(gp, "\n");
      }
    }
  }
  lm__gp_end(gp);
  /* Parcels ordered: the same for every strategy (same demand), drawn once. */
  lm__gp_block(gp, "ordered");
  for (size_t d = 0; d < r->n_days; d++) {
    lm__ci3 c = day_ci(r, 0, d, LM_KPI_PARCELS_CREATED);
    lm__range_add(&ranges[0], c.mean);
    lm__gp_num(gp, day_x(r, d));
    lm__gp_num(gp, c.mean);
    lm__gp_raw(gp, "\n");
  }
  lm__gp_end(gp);
  for (size_t i = 0; i < N_DAILY; i++) lm__range_finish(&ranges[i], 0);
  panel_vars(gp, titles, units, ranges, N_DAILY);
  days_var(gp, r);
  daily_axis(gp, r);
  return 0;
}

/* Costs ---------------------------------------------------------------------------------- */

/* The parts' names in the figure, in the order of lm_kpi_cost_parts. */
static const char *const part_names[LM_KPI_COST_PARTS] = {
    "vehicles (fixed)", "distance",     "driver shifts", "lockers, pickup points", "theft",
    "returns",          "ETA messages", "hub restocking"};

/* The external cost's parts, in the order of lm_kpi_external_parts. */
static const char *const ext_names[LM_KPI_EXTERNAL_PARTS] = {"climate", "air pollution", "noise",
                                                             "congestion", "accidents"};

/* Writes the stacked rectangles [base, base + mean] of `n` parts per parcel received over
 * strategy t's replications; returns the top of the stack. */
static double stacked_parts(const lm_results *r, size_t t, const lm_kpi *parts, int n, lm_kpi total,
                            lm__gp *gp) {
  double sum[LM_KPI_COST_PARTS] = {0};
  size_t used = 0;
  for (size_t i = 0; i < r->n_replications; i++) {
    const double *kpi = r->rep + (t * r->n_replications + i) * K;
    double received = kpi[LM_KPI_RECEIVED];
    if (!isfinite(kpi[total]) || !(received > 0)) continue;
    for (int p = 0; p < n; p++) sum[p] += kpi[parts[p]] / received;
    used++;
  }
  double base = 0;
  for (int p = 0; p < n; p++) {
    double mean = used ? sum[p] / (double)used : NAN;
    lm__gp_num(gp, base);
    lm__gp_num(gp, base + mean);
    base += mean;
  }
  return base;
}

int lm__fig_costs(const lm_results *r, size_t s, lm__gp *gp, char *why, size_t n) {
  (void)s;
  enum { N_PARTS = LM_KPI_COST_PARTS };
  _Static_assert(LM_KPI_EXTERNAL_PARTS <= LM_KPI_COST_PARTS, "stacked_parts' buffer");
  int have = 0; /* files written before the parts were KPIs hold NaN there */
  for (size_t i = 0; i < r->n_strategies * r->n_replications && !have; i++)
    have = isfinite(r->rep[i * K + LM_KPI_COST_VEHICLES]);
  if (!have) {
    snprintf(why, n,
             "the file has no cost parts (cost_vehicles, ...): it was written before "
             "they were kept; run it again");
    return LM__SKIP_FIGURE;
  }
  lm__range cost, co2, ext;
  lm__range_init(&cost);
  lm__range_init(&co2);
  lm__range_init(&ext);
  lm__gp_block(gp, "costs");
  for (size_t t = 0; t < r->n_strategies; t++) {
    lm__gp_num(gp, (double)t);
    double base = stacked_parts(r, t, lm_kpi_cost_parts, N_PARTS, LM_KPI_COST_TOTAL, gp);
    lm__ci3 total = scaled(
        lm__kpi_clamp(LM_KPI_COST_PER_PARCEL, lm__kpi_ci(r, t, LM_KPI_COST_PER_PARCEL)), 1.0);
    lm__ci3 g = scaled(
        lm__kpi_clamp(LM_KPI_CO2_G_PER_PARCEL, lm__kpi_ci(r, t, LM_KPI_CO2_G_PER_PARCEL)), 1.0);
    lm__range_add(&cost, total.high);
    lm__range_add(&cost, base);
    lm__range_add(&co2, g.low);
    lm__range_add(&co2, g.high);
    lm__gp_num(gp, total.mean);
    lm__gp_num(gp, total.low);
    lm__gp_num(gp, total.high);
    lm__gp_num(gp, g.mean);
    lm__gp_num(gp, g.low);
    lm__gp_num(gp, g.high);
    lm__gp_raw(gp, "%zu ", t % 8 + 1);
    /* The external cost, likewise (NaN in files written before it was kept). */
    double ebase = stacked_parts(r, t, lm_kpi_external_parts, LM_KPI_EXTERNAL_PARTS,
                                 LM_KPI_EXTERNAL_COST_EUR, gp);
    lm__ci3 e = scaled(lm__kpi_clamp(LM_KPI_EXTERNAL_COST_PER_PARCEL,
                                     lm__kpi_ci(r, t, LM_KPI_EXTERNAL_COST_PER_PARCEL)),
                       1.0);
    lm__range_add(&ext, ebase);
    lm__range_add(&ext, e.high);
    lm__gp_num(gp, e.mean);
    lm__gp_num(gp, e.low);
    lm__gp_num(gp, e.high);
    lm__gp_raw(gp, "\n");
  }
  lm__gp_end(gp);
  lm__range_finish(&cost, 1);
  lm__range_finish(&co2, 1);
  lm__range_finish(&ext, 1);
  lm__gp_array_str(gp, "part", N_PARTS, part_names);
  lm__gp_raw(gp, "nparts = %d\n", N_PARTS);
  lm__gp_array_str(gp, "epart", LM_KPI_EXTERNAL_PARTS, ext_names);
  lm__gp_raw(gp, "neparts = %d\n", LM_KPI_EXTERNAL_PARTS);
  lm__gp_let_num(gp, "costhi", cost.hi);
  lm__gp_let_num(gp, "co2hi", co2.hi);
  lm__gp_let_num(gp, "exthi", ext.hi);
  days_var(gp, r);
  return 0;
}

/* Sweep curves ---------------------------------------------------------------------------- */

typedef struct sweep_row {
  double x;
  size_t point;
} sweep_row;

static int by_x(const void *a, const void *b) {
  const sweep_row *p = a, *q = b;
  return p->x < q->x ? -1 : p->x > q->x ? 1 : (p->point > q->point) - (p->point < q->point);
}

/* combo[p] = the first grid point with the same values as p in every swept key but the
 * first; those points make one curve against the first key. Returns the count of combos. */
static size_t sweep_combos(const lm_sweep_result *sw, size_t *combo) {
  size_t count = 0;
  for (size_t p = 0; p < sw->n_points; p++) {
    combo[p] = p;
    for (size_t q = 0; q < p && combo[p] == p; q++) {
      int same = 1;
      for (size_t j = 1; j < sw->n_params && same; j++)
        same = sw->values[p * sw->n_params + j] == sw->values[q * sw->n_params + j];
      if (same) combo[p] = combo[q];
    }
    count += combo[p] == p;
  }
  return count;
}

/* The title of the curve of strategy t through the grid points like `point`. */
static void curve_title(const lm_results *r, size_t t, size_t point, char *buf, size_t n) {
  const lm_sweep_result *sw = r->sweep;
  size_t len = (size_t)snprintf(buf, n, "%s", r->strategy_names[t]);
  for (size_t j = 1; j < sw->n_params && len < n; j++)
    len += (size_t)snprintf(buf + len, n - len, ", %s = %g", sw->keys[j],
                            sw->values[point * sw->n_params + j]);
}

static const double *sweep_stat(const lm_sweep_result *sw, size_t p, size_t t, size_t k) {
  return &sw->stats[((p * sw->n_strategies + t) * K + k) * 4];
}

/* One curve: the rows of its grid points in order of the first key, and its title. */
static void sweep_curve(const lm_results *r, size_t t, size_t c, const size_t *combo,
                        const sweep_row *rows, const size_t kk[2], lm__range ranges[2],
                        lm__gp *gp) {
  const lm_sweep_result *sw = r->sweep;
  for (size_t i = 0; i < sw->n_points; i++) {
    size_t p = rows[i].point;
    if (combo[p] != c) continue;
    lm__gp_num(gp, rows[i].x);
    for (int a = 0; a < 2; a++) {
      const char *unit;
      double f = lm__kpi_scale(kk[a], &unit);
      const double *st = sweep_stat(sw, p, t, kk[a]);
      lm__ci3 v = scaled(lm__kpi_clamp(kk[a], (lm__ci3){st[0], st[2], st[3]}), f);
      lm__range_add(&ranges[a], v.low);
      lm__range_add(&ranges[a], v.high);
      lm__gp_num(gp, v.mean);
      lm__gp_num(gp, v.low);
      lm__gp_num(gp, v.high);
    }
    lm__gp_raw(gp, "\n");
  }
}

/* The title KPI k has in the compare figure, or NULL (then its name is used). */
static const char *kpi_title(size_t k) {
  for (size_t i = 0; i < N_KEY; i++)
    if ((size_t)key_kpis[i].k == k) return key_kpis[i].title;
  return k == LM_KPI_COST_TOTAL ? "total cost" : NULL;
}

/* The KPI of the target (on_time_rate without one) and the cost KPI. */
static void sweep_kpis(const lm_target *tg, size_t kk[2]) {
  int kt = tg->kpi[0] ? lm_kpi_find(tg->kpi, strlen(tg->kpi)) : -1;
  int kc = tg->kpi[0] ? lm_kpi_find(tg->cost_kpi, strlen(tg->cost_kpi)) : -1;
  kk[0] = kt >= 0 ? (size_t)kt : LM_KPI_ON_TIME_RATE;
  kk[1] = kc >= 0 ? (size_t)kc : LM_KPI_COST_TOTAL;
}

/* The target line's variables: has_target, target (shown units) and its label. */
static void sweep_target(const lm_target *tg, size_t k, lm__range *range, lm__gp *gp) {
  int has = tg->kpi[0] && lm_kpi_find(tg->kpi, strlen(tg->kpi)) == (int)k;
  double v = has ? (isnan(tg->at_least) ? tg->at_most : tg->at_least) : NAN;
  const char *unit;
  double f = lm__kpi_scale(k, &unit);
  char label[96] = "";
  if (has) {
    snprintf(label, sizeof label, "target: %s %g %s", isnan(tg->at_least) ? "at most" : "at least",
             v * f, unit);
    lm__range_add(range, v * f);
  }
  lm__gp_raw(gp, "has_target = %d\n", has && isfinite(v));
  lm__gp_let_num(gp, "target", v * f);
  lm__gp_let_str(gp, "target_label", label);
}

/* The distinct values of the first key (rows sorted by it) as nx, xv[]: tics at the grid
 * points when there are few. */
static void sweep_xtics(const lm_sweep_result *sw, const sweep_row *rows, lm__gp *gp) {
  size_t nx = 0;
  for (size_t i = 0; i < sw->n_points; i++) nx += i == 0 || rows[i].x != rows[i - 1].x;
  lm__gp_raw(gp, "nx = %zu\narray xv[%zu]\n", nx, nx ? nx : 1);
  for (size_t i = 0, j = 0; i < sw->n_points; i++)
    if (i == 0 || rows[i].x != rows[i - 1].x) {
      lm__gp_raw(gp, "xv[%zu] = ", ++j);
      lm__gp_num(gp, rows[i].x);
      lm__gp_raw(gp, "\n");
    }
}

int lm__fig_sweep(const lm_results *r, size_t s, lm__gp *gp, char *why, size_t n) {
  (void)s;
  const lm_sweep_result *sw = r->sweep;
  if (!sw || sw->n_points == 0 || sw->n_params == 0) {
    snprintf(why, n, "the file has no /sweep; add a sweep: section to the scenario");
    return LM__SKIP_FIGURE;
  }
  size_t *combo = malloc(sw->n_points * sizeof *combo);
  sweep_row *rows = malloc(sw->n_points * sizeof *rows);
  size_t n_combo = combo ? sweep_combos(sw, combo) : 0, nc = n_combo * sw->n_strategies;
  char(*titles)[2 * LM_NAME_MAX + 64] = malloc((nc ? nc : 1) * sizeof *titles);
  const char **title_ptr = malloc((nc ? nc : 1) * sizeof *title_ptr);
  if (!combo || !rows || !titles || !title_ptr) {
    free(combo), free(rows), free(titles), free(title_ptr);
    return LM_ENOMEM;
  }
  for (size_t p = 0; p < sw->n_points; p++) rows[p] = (sweep_row){sw->values[p * sw->n_params], p};
  qsort(rows, sw->n_points, sizeof *rows, by_x);
  size_t kk[2];
  sweep_kpis(&sw->target, kk);
  lm__range ranges[2];
  lm__range_init(&ranges[0]);
  lm__range_init(&ranges[1]);
  lm__gp_block(gp, "sweep");
  size_t i = 0;
  for (size_t t = 0; t < sw->n_strategies; t++)
    for (size_t c = 0; c < sw->n_points; c++) {
      if (combo[c] != c) continue;
      if (i) lm__gp_raw(gp, "\n\n");
      sweep_curve(r, t, c, combo, rows, kk, ranges, gp);
      curve_title(r, t, c, titles[i], sizeof titles[i]);
      title_ptr[i] = titles[i];
      i++;
    }
  lm__gp_end(gp);
  sweep_target(&sw->target, kk[0], &ranges[0], gp);
  lm__range_finish(&ranges[0], 0);
  lm__range_finish(&ranges[1], 0);
  const char *unit[2];
  lm__kpi_scale(kk[0], &unit[0]);
  lm__kpi_scale(kk[1], &unit[1]);
  lm__gp_raw(gp, "nc = %zu\n", nc);
  lm__gp_array_str(gp, "ctitle", nc, title_ptr);
  char xlabel[2 * LM_NAME_MAX], ylabel[2][2 * LM_NAME_MAX];
  lm__key_label(sw->keys[0], xlabel, sizeof xlabel);
  lm__gp_let_str(gp, "xkey", sw->keys[0]);
  lm__gp_let_str(gp, "xlabel_text", xlabel);
  for (int a = 0; a < 2; a++) {
    lm__kpi_label(kk[a], kpi_title(kk[a]), unit[a], ylabel[a], sizeof ylabel[a]);
    lm__gp_let_str(gp, a ? "ylabel2" : "ylabel1", ylabel[a]);
  }
  lm__gp_let_str(gp, "kpi1", lm_kpi_defs[kk[0]].name);
  lm__gp_let_str(gp, "unit1", unit[0]);
  lm__gp_let_str(gp, "kpi2", lm_kpi_defs[kk[1]].name);
  lm__gp_let_str(gp, "unit2", unit[1]);
  double lo[2] = {ranges[0].lo, ranges[1].lo}, hi[2] = {ranges[0].hi, ranges[1].hi};
  double step[2] = {ranges[0].step, ranges[1].step};
  lm__gp_array_num(gp, "ylo", 2, lo);
  lm__gp_array_num(gp, "yhi", 2, hi);
  lm__gp_array_num(gp, "ystep", 2, step);
  sweep_xtics(sw, rows, gp);
  free(combo), free(rows), free(titles), free(title_ptr);
  return 0;
}
