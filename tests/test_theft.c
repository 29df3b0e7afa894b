/* test_theft.c — the door-theft hazard against its closed form.
 *
 * With a constant hazard h per hour, a parcel exposed for t hours is stolen with
 * probability 1 - exp(-h t); with hourly rates, 1 - exp(-H) where H sums rate x time
 * over the hours of exposure. 200,000 exposures per case (fixed seed) are compared with
 * that probability at 99.9% confidence (3.29 binomial standard errors).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lastmile/rng.h"
#include "lastmile/theft.h"

#define assert_close(a, b, tol) assert_true(fabs((double)(a) - (double)(b)) <= (tol))

static void constant(double *rate, double h) {
  for (int i = 0; i < LM_THEFT_HOURS; i++) rate[i] = h;
}

static void test_cumulative_hazard(void **state) {
  (void)state;
  double rate[LM_THEFT_HOURS];
  constant(rate, 0.3);
  assert_close(lm_theft_cumulative(rate, 100.0, 100.0 + 2.5 * 3600.0), 0.75, 1e-12);
  assert_close(lm_theft_cumulative(rate, 500.0, 400.0), 0.0, 0.0);
  for (int i = 0; i < LM_THEFT_HOURS; i++) rate[i] = (double)i; /* rate = hour of day */
  /* 10:30 to 12:15 on day 3: 0.5 h at 10, 1 h at 11, 0.25 h at 12 */
  double day3 = 3 * 86400.0;
  assert_close(lm_theft_cumulative(rate, day3 + 10.5 * 3600, day3 + 12.25 * 3600),
               0.5 * 10 + 11 + 0.25 * 12, 1e-9);
  /* across midnight: 23:00 to 01:00 is 23 + 0 */
  assert_close(lm_theft_cumulative(rate, day3 + 23 * 3600, day3 + 25 * 3600), 23.0, 1e-9);
}

static void test_inverse(void **state) {
  (void)state;
  double rate[LM_THEFT_HOURS];
  for (int i = 0; i < LM_THEFT_HOURS; i++) rate[i] = 0.05 * (1 + i % 5);
  rate[3] = 0.0;
  for (double target = 0.01; target < 5.0; target *= 1.7) {
    double t = lm_theft_time(rate, 1234.0, INFINITY, target);
    assert_true(isfinite(t));
    assert_close(lm_theft_cumulative(rate, 1234.0, t), target, 1e-9);
  }
  assert_true(isinf(lm_theft_time(rate, 0.0, 3600.0, 1e6))); /* not before the limit */
  double zero[LM_THEFT_HOURS] = {0};
  assert_true(isinf(lm_theft_time(zero, 0.0, INFINITY, 0.1))); /* never stolen */
}

/* Fraction of `n` exposures over [from_s, to_s) that end in theft. */
static double stolen_share(const double *rate, double from_s, double to_s, size_t n,
                           uint64_t seed) {
  lm_rng *r = lm_rng_create(seed, 0, LM_STREAM_THEFT);
  size_t stolen = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite(lm_theft_time(rate, from_s, to_s, lm_rng_exp1(r)))) stolen++;
  lm_rng_destroy(r);
  return (double)stolen / (double)n;
}

static void check_share(double share, double p, size_t n) {
  double se = sqrt(p * (1 - p) / (double)n);
  print_message("stolen %.5f, closed form %.5f (3.29 se = %.5f)\n", share, p, 3.29 * se);
  assert_true(fabs(share - p) <= 3.29 * se);
}

static void test_constant_hazard_matches_closed_form(void **state) {
  (void)state;
  const size_t n = 200000;
  double rate[LM_THEFT_HOURS];
  constant(rate, 0.3);
  check_share(stolen_share(rate, 9.25 * 3600, 11.75 * 3600, n, 1), 1 - exp(-0.3 * 2.5), n);
  constant(rate, 0.02);
  check_share(stolen_share(rate, 0.0, 8 * 3600, n, 2), 1 - exp(-0.02 * 8), n);
}

static void test_hourly_hazard_matches_closed_form(void **state) {
  (void)state;
  const size_t n = 200000;
  double rate[LM_THEFT_HOURS];
  for (int i = 0; i < LM_THEFT_HOURS; i++) rate[i] = i >= 9 && i < 17 ? 0.15 : 0.02;
  double from = 86400 + 14.5 * 3600, to = 86400 + 20.0 * 3600; /* 2.5 h day + 3 h evening */
  check_share(stolen_share(rate, from, to, n, 3), 1 - exp(-(2.5 * 0.15 + 3 * 0.02)), n);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cumulative_hazard),
      cmocka_unit_test(test_inverse),
      cmocka_unit_test(test_constant_hazard_matches_closed_form),
      cmocka_unit_test(test_hourly_hazard_matches_closed_form),
  };
  return cmocka_run_group_tests_name("theft", tests, NULL, NULL);
}
