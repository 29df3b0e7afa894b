/* stats.h — running statistics and Student-t confidence intervals.
 *
 * lm_stat accumulates count, mean and the sum of squared deviations with Welford's
 * update, which stays accurate when the mean is large compared with the spread.
 * Intervals use GSL's inverse Student-t distribution with n-1 degrees of freedom.
 */
#ifndef LASTMILE_STATS_H
#define LASTMILE_STATS_H

#include <stddef.h>

typedef struct lm_stat {
  size_t n;
  double mean;
  double m2; /* sum of squared deviations from the mean */
  double min, max;
} lm_stat;

/* A two-sided interval around a sample mean. half_width is NaN when n < 2. */
typedef struct lm_ci {
  double mean, sd, low, high, half_width;
  size_t n;
} lm_ci;

void lm_stat_init(lm_stat *s);
void lm_stat_add(lm_stat *s, double x);
/* Sample variance (n-1 denominator); NaN when n < 2. */
double lm_stat_variance(const lm_stat *s);
double lm_stat_sd(const lm_stat *s);

/* The `level` (e.g. 0.95) Student-t interval for the mean of what `s` accumulated. */
lm_ci lm_stat_ci(const lm_stat *s, double level);

/* Same for `n` values spaced `stride` doubles apart starting at `x`. */
lm_ci lm_ci_of(const double *x, size_t n, size_t stride, double level);

/* The interval of the paired differences a[i] - b[i] (both strided like lm_ci_of). */
lm_ci lm_ci_paired(const double *a, const double *b, size_t n, size_t stride, double level);

#endif
