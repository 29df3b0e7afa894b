/* stats.c — Welford accumulation and Student-t intervals.
 *
 * Each update is O(1); an interval costs one call to gsl_cdf_tdist_Pinv. Non-finite
 * samples are accumulated as they are, so a NaN KPI shows up as a NaN mean rather than
 * disappearing silently.
 */
#include "lastmile/stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

void lm_stat_init(lm_stat *s) {
  s->n = 0;
  s->mean = 0.0;
  s->m2 = 0.0;
  s->min = INFINITY;
  s->max = -INFINITY;
}

void lm_stat_add(lm_stat *s, double x) {
  s->n++;
  double delta = x - s->mean;
  s->mean += delta / (double)s->n;
  s->m2 += delta * (x - s->mean);
  if (x < s->min) s->min = x;
  if (x > s->max) s->max = x;
}

double lm_stat_variance(const lm_stat *s) { return s->n < 2 ? NAN : s->m2 / (double)(s->n - 1); }

double lm_stat_sd(const lm_stat *s) { return sqrt(lm_stat_variance(s)); }

lm_ci lm_stat_ci(const lm_stat *s, double level) {
  lm_ci ci = {.mean = s->n ? s->mean : NAN, .n = s->n};
  ci.sd = lm_stat_sd(s);
  if (s->n < 2) {
    ci.half_width = NAN;
  } else {
    double t = gsl_cdf_tdist_Pinv(0.5 + level / 2.0, (double)(s->n - 1));
    ci.half_width = t * ci.sd / sqrt((double)s->n);
  }
  ci.low = ci.mean - ci.half_width;
  ci.high = ci.mean + ci.half_width;
  return ci;
}

lm_ci lm_ci_of(const double *x, size_t n, size_t stride, double level) {
  lm_stat s;
  lm_stat_init(&s);
  for (size_t i = 0; i < n; i++) lm_stat_add(&s, x[i * stride]);
  return lm_stat_ci(&s, level);
}

lm_ci lm_ci_paired(const double *a, const double *b, size_t n, size_t stride, double level) {
  lm_stat s;
  lm_stat_init(&s);
  for (size_t i = 0; i < n; i++) lm_stat_add(&s, a[i * stride] - b[i * stride]);
  return lm_stat_ci(&s, level);
}
