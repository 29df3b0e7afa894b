/* plot_gp.c — the bottom of `lastmile plot`: the program buffer the figure builders
 * write into, and the helpers they share (intervals of a KPI, day names, axis ranges,
 * display units). See plot_gp.h for the rules that keep a program safe; nothing here
 * runs gnuplot or calls a builder (plot.c does both).
 *
 * The buffer grows by doubling; a failed allocation marks it failed, later appends do
 * nothing, and lm__gp_ok() reports it once the program is complete.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lastmile/stats.h"
#include "output/plot_gp.h"

/* The program buffer --------------------------------------------------------------------- */

void lm__gp_init(lm__gp *gp) { memset(gp, 0, sizeof *gp); }

void lm__gp_free(lm__gp *gp) {
  free(gp->text);
  memset(gp, 0, sizeof *gp);
}

int lm__gp_ok(const lm__gp *gp) { return !gp->failed; }

/* Makes room for `extra` more bytes and the NUL; 0 or -1 (and gp->failed). */
static int reserve(lm__gp *gp, size_t extra) {
  if (gp->failed) return -1;
  if (gp->len + extra + 1 <= gp->cap) return 0;
  size_t cap = gp->cap ? gp->cap : 4096;
  while (cap < gp->len + extra + 1) cap *= 2;
  char *t = realloc(gp->text, cap);
  if (!t) {
    gp->failed = 1;
    return -1;
  }
  gp->text = t;
  gp->cap = cap;
  return 0;
}

void lm__gp_raw(lm__gp *gp, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int need = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (need < 0 || reserve(gp, (size_t)need)) return;
  va_start(ap, fmt);
  vsnprintf(gp->text + gp->len, (size_t)need + 1, fmt, ap);
  va_end(ap);
  gp->len += (size_t)need;
}

size_t lm_plot_quote(const char *s, char *buf, size_t n) {
  size_t k = 0;
#define PUT(c)                                                                                     \
  do {                                                                                             \
    if (k + 1 < n) buf[k] = (c);                                                                   \
    k++;                                                                                           \
  } while (0)
  PUT('\'');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '\'') PUT('\'');
    PUT(*p < 0x20 || *p == 0x7f ? ' ' : (char)*p);
  }
  PUT('\'');
#undef PUT
  if (n) buf[k < n ? k : n - 1] = '\0';
  return k;
}

void lm__gp_str(lm__gp *gp, const char *s) {
  size_t need = lm_plot_quote(s, NULL, 0);
  if (reserve(gp, need)) return;
  lm_plot_quote(s, gp->text + gp->len, need + 1);
  gp->len += need;
}

void lm__gp_num(lm__gp *gp, double x) {
  if (isfinite(x))
    lm__gp_raw(gp, "%.10g ", x);
  else
    lm__gp_raw(gp, "NaN ");
}

void lm__gp_let_str(lm__gp *gp, const char *var, const char *value) {
  lm__gp_raw(gp, "%s = ", var);
  lm__gp_str(gp, value);
  lm__gp_raw(gp, "\n");
}

void lm__gp_let_num(lm__gp *gp, const char *var, double x) {
  lm__gp_raw(gp, "%s = ", var);
  lm__gp_num(gp, x);
  lm__gp_raw(gp, "\n");
}

void lm__gp_array_str(lm__gp *gp, const char *name, size_t n, const char *const *values) {
  lm__gp_raw(gp, "array %s[%zu]\n", name, n ? n : 1);
  for (size_t i = 0; i < n; i++) {
    lm__gp_raw(gp, "%s[%zu] = ", name, i + 1);
    lm__gp_str(gp, values[i]);
    lm__gp_raw(gp, "\n");
  }
}

void lm__gp_array_num(lm__gp *gp, const char *name, size_t n, const double *values) {
  lm__gp_raw(gp, "array %s[%zu]\n", name, n ? n : 1);
  for (size_t i = 0; i < n; i++) {
    lm__gp_raw(gp, "%s[%zu] = ", name, i + 1);
    lm__gp_num(gp, values[i]);
    lm__gp_raw(gp, "\n");
  }
}

void lm__gp_block(lm__gp *gp, const char *name) { lm__gp_raw(gp, "$%s << EOD\n", name); }

void lm__gp_end(lm__gp *gp) { lm__gp_raw(gp, "EOD\n"); }

lm__ci3 lm__kpi_ci(const lm_results *r, size_t s, size_t k) {
  size_t R = r->n_replications;
  lm_ci ci = lm_ci_of(r->rep + s * R * LM_KPI_COUNT + k, R, LM_KPI_COUNT, LM__CI_LEVEL);
  return (lm__ci3){ci.mean, ci.low, ci.high};
}

lm__ci3 lm__kpi_diff(const lm_results *r, size_t s, size_t k) {
  size_t R = r->n_replications;
  lm_ci ci =
      lm_ci_paired(r->rep + s * R * LM_KPI_COUNT + k, r->rep + k, R, LM_KPI_COUNT, LM__CI_LEVEL);
  return (lm__ci3){ci.mean, ci.low, ci.high};
}

void lm__day_name(const lm_results *r, int64_t day, char *buf, size_t n) {
  static const char *const wd[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  if (r->first_date == LM_DATE_NONE) {
    snprintf(buf, n, "day %lld", (long long)day);
    return;
  }
  lm_date d = r->first_date + (lm_date)day;
  char text[LM_DATE_TEXT];
  lm_date_format(d, text);
  snprintf(buf, n, "%s (%s)", text, wd[lm_date_weekday(d)]);
}

void lm__range_init(lm__range *g) {
  g->lo = INFINITY;
  g->hi = -INFINITY;
}

void lm__range_add(lm__range *g, double x) {
  if (!isfinite(x)) return;
  if (x < g->lo) g->lo = x;
  if (x > g->hi) g->hi = x;
}

static void range_pad(lm__range *g, int with_zero) {
  if (with_zero) lm__range_add(g, 0.0);
  if (!(g->lo <= g->hi)) {
    g->lo = 0.0;
    g->hi = 1.0;
    return;
  }
  double span = g->hi - g->lo, lo = g->lo;
  if (!(span > 1e-9 * fmax(fabs(g->lo), fabs(g->hi)))) { /* one value */
    g->lo = lo == 0 ? (with_zero ? -1.0 : -0.05) : lo - 0.1 * fabs(lo);
    g->hi = lo == 0 ? 1.0 : lo + 0.1 * fabs(lo);
    return;
  }
  g->lo -= 0.08 * span;
  g->hi += 0.08 * span;
  /* Positive values keep a positive axis; values at 0 stay visible above it. */
  if (lo > 0 && g->lo < 0) g->lo = 0;
}

/* A round step (1, 2, 2.5 or 5 times a power of ten) near span / 5. */
static double tic_step(double span) {
  double raw = span / 5.0, p = pow(10.0, floor(log10(raw))), m = raw / p;
  return p * (m < 1.5 ? 1.0 : m < 2.25 ? 2.0 : m < 3.5 ? 2.5 : m < 7.5 ? 5.0 : 10.0);
}

void lm__range_finish(lm__range *g, int with_zero) {
  range_pad(g, with_zero);
  g->step = tic_step(g->hi - g->lo);
}

double lm__kpi_scale(size_t k, const char **unit) {
  const char *u = lm_kpi_defs[k].units;
  if (!strcmp(u, "1")) {
    *unit = "%";
    return 100.0;
  }
  if (!strcmp(u, "s")) {
    *unit = "h";
    return 1.0 / 3600.0;
  }
  *unit = u;
  return 1.0;
}

lm__ci3 lm__kpi_clamp(size_t k, lm__ci3 c) {
  const char *u = lm_kpi_defs[k].units;
  size_t len = strlen(u);
  int per_day = len >= 4 && !strcmp(u + len - 4, "/day"); /* a slope: either sign */
  double lo = per_day ? -INFINITY : 0.0, hi = strcmp(u, "1") ? INFINITY : 1.0;
  double *v[3] = {&c.mean, &c.low, &c.high};
  for (int i = 0; i < 3; i++)
    if (!isnan(*v[i])) *v[i] = fmin(fmax(*v[i], lo), hi);
  return c;
}

void lm__kpi_label(size_t k, const char *title, const char *unit, char *buf, size_t n) {
  char name[LM_NAME_MAX];
  if (!title) {
    snprintf(name, sizeof name, "%s", lm_kpi_defs[k].name);
    for (char *c = name; *c; c++)
      if (*c == '_') *c = ' ';
    title = name;
  }
  if (!unit) lm__kpi_scale(k, &unit);
  snprintf(buf, n, "%s (%s)", title, unit);
}

/* The swept keys with a label of their own. */
static const struct {
  const char *key, *label;
} key_labels[] = {
    {"fleet.van.count", "vans in the fleet"},
    {"fleet.electric_van.count", "electric vans in the fleet"},
    {"fleet.cargo_bike.count", "cargo bikes in the fleet"},
    {"fleet.drone.count", "drones in the fleet"},
    {"customers.prefer_locker_share", "share of customers who prefer a locker"},
    {"customers.prefer_pickup_point_share", "share of customers who prefer a pickup point"},
    {"customers.accept_redirect_share", "share of customers who accept a locker"},
};

void lm__key_label(const char *key, char *buf, size_t n) {
  for (size_t i = 0; i < sizeof key_labels / sizeof key_labels[0]; i++)
    if (!strcmp(key, key_labels[i].key)) {
      snprintf(buf, n, "%s", key_labels[i].label);
      return;
    }
  size_t k = 0;
  for (const char *c = key; *c && k + 1 < n; c++) {
    char w = *c == '.' || *c == '_' || *c == '[' ? ' ' : *c;
    if (*c == ']') continue;
    if (w == ' ' && (k == 0 || buf[k - 1] == ' ')) continue;
    buf[k++] = w;
  }
  if (n) buf[k < n ? k : n - 1] = '\0';
}
