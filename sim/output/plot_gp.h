/* plot_gp.h — what the figure builders of `lastmile plot` share (internal: lm__ names).
 *
 * A figure is a gnuplot program in memory (lm__gp): variables and datablocks written by
 * a builder, then the figure's script. Builders append with the lm__gp_ functions, which
 * keep the program safe: text goes only through lm__gp_str() (a quoted literal, see
 * lm_plot_quote), numbers through lm__gp_num() (NaN for anything not finite), and raw
 * text only from string literals of this program. A failed allocation is remembered in
 * the buffer and reported once, by lm__gp_ok().
 */
#ifndef LASTMILE_OUTPUT_PLOT_GP_H
#define LASTMILE_OUTPUT_PLOT_GP_H

#include <stddef.h>

#include "lastmile/kpi.h"
#include "lastmile/plot.h"
#include "lastmile/results.h"

#define LM__CI_LEVEL 0.95

typedef struct lm__gp {
  char *text;
  size_t len, cap;
  int failed; /* an allocation failed: the text is incomplete */
} lm__gp;

void lm__gp_init(lm__gp *gp);
void lm__gp_free(lm__gp *gp);
/* 1 when every append so far succeeded. */
int lm__gp_ok(const lm__gp *gp);

/* Appends program text. Only for text written in this program (formats and names of
 * our own); never for text read from a results file. */
void lm__gp_raw(lm__gp *gp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends `s` as a quoted gnuplot string literal. */
void lm__gp_str(lm__gp *gp, const char *s);
/* Appends a number followed by a space, "NaN" when x is not finite. */
void lm__gp_num(lm__gp *gp, double x);

/* `var = 'value'` on a line of its own. */
void lm__gp_let_str(lm__gp *gp, const char *var, const char *value);
/* `var = number` on a line of its own. */
void lm__gp_let_num(lm__gp *gp, const char *var, double x);
/* `array name[n]` then `name[i] = 'values[i]'` for i = 1..n. */
void lm__gp_array_str(lm__gp *gp, const char *name, size_t n, const char *const *values);
/* `array name[n]` then `name[i] = values[i]` for i = 1..n. */
void lm__gp_array_num(lm__gp *gp, const char *name, size_t n, const double *values);

/* Opens and closes the datablock `$name`; rows in between are written with
 * lm__gp_num() and ended with lm__gp_raw(gp, "\n"). Blank lines separate data sets
 * (two: a new `index`; one: a break in a line). */
void lm__gp_block(lm__gp *gp, const char *name);
void lm__gp_end(lm__gp *gp);

/* The mean and 95% interval of KPI k of strategy s over the replications, and the
 * paired difference of s against the first strategy. */
typedef struct lm__ci3 {
  double mean, low, high;
} lm__ci3;
lm__ci3 lm__kpi_ci(const lm_results *r, size_t s, size_t k);
lm__ci3 lm__kpi_diff(const lm_results *r, size_t s, size_t k);

/* The range an axis needs to show every finite value added, padded by 8% on each side:
 * [0, 1] when there was none, and around a single value when all were equal. */
typedef struct lm__range {
  double lo, hi;
  double step; /* a round tic step giving about 5 tics (set by lm__range_finish) */
} lm__range;
void lm__range_init(lm__range *g);
void lm__range_add(lm__range *g, double x);
/* Pads the range (after including 0 when `with_zero`). */
void lm__range_finish(lm__range *g, int with_zero);

/* The name of counted day `day` (the index of a daily row) in titles: its date and
 * weekday, "2026-11-27 (Fri)", or "day N" for a file without dates. */
void lm__day_name(const lm_results *r, int64_t day, char *buf, size_t n);

/* Units shown for KPI k: a rate ("1") as %, seconds as hours, anything else as stored.
 * Returns the factor from stored to shown values and sets *unit. */
double lm__kpi_scale(size_t k, const char **unit);

/* The interval `c` of KPI k (stored units) kept within the KPI's physical range: no
 * value below 0 (counts, distances, money, durations, emissions: every KPI but the
 * rates of change per day, such as backlog_growth_per_day) and none above 1 for a ratio
 * (units "1"). A Student-t interval from few replications can reach past those bounds,
 * which no replication could. NaN stays NaN. */
lm__ci3 lm__kpi_clamp(size_t k, lm__ci3 c);

/* An axis label "TITLE (UNIT)" into buf[n]: TITLE, or KPI k's name with '_' as spaces
 * when title is NULL, and the unit shown (lm__kpi_scale, or `unit` when not NULL). */
void lm__kpi_label(size_t k, const char *title, const char *unit, char *buf, size_t n);

/* A readable name of a swept scenario key into buf[n]: a short label for the keys people
 * sweep most ("vans in the fleet" for fleet.van.count), else the key with '.', '_' and
 * "[i]" turned into words ("zones[0].density_per_km2": "zone 0 density per km2"). */
void lm__key_label(const char *key, char *buf, size_t n);

/* Builder results besides 0 (draw) and LM_E… codes. */
enum { LM__SKIP_FIGURE = 1, LM__SKIP_PICTURE = 2 };

/* A figure builder writes the variables and datablocks of its figure (for strategy `s`
 * when the figure is drawn once per strategy). Returns 0 to draw it; LM__SKIP_FIGURE to
 * skip the whole figure, LM__SKIP_PICTURE to skip only strategy s's picture, with the
 * reason in why[n]; or LM_ENOMEM. */
typedef int lm__figure_fn(const lm_results *r, size_t s, lm__gp *gp, char *why, size_t n);

lm__figure_fn lm__fig_compare, lm__fig_diff, lm__fig_daily, lm__fig_costs, lm__fig_sweep;
lm__figure_fn lm__fig_routes, lm__fig_lockers, lm__fig_lockers_sites, lm__fig_dist;

/* One step of an occupancy curve: from `hour` (of the day drawn) on, `level` parcels. */
typedef struct lm__step {
  double hour, level;
} lm__step;

/* The parcels of `log` in locker or pickup site `site` (its destination; every site when
 * site < 0) over [t0, t0 + 1 day), t0 in the log's seconds: a parcel is in from placed_s
 * until resolved_s (for ever while pending). Sets *steps (malloc'd, the caller frees) to
 * (0, level at t0), then one step per placement or removal in time order (removals
 * first at equal times), then (24, level at the end); *n_steps >= 2. Returns 0 or
 * LM_ENOMEM. */
int lm__occupancy_steps(const lm_parcel_log *log, int site, double t0, lm__step **steps,
                        size_t *n_steps);

#endif
