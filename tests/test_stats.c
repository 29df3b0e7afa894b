/* test_stats.c — Welford accumulation and Student-t intervals against hand values. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lastmile/stats.h"

/* cmocka's assert_float_equal works in single precision; these checks need double. */
#define assert_close(a, b, tol) assert_true(fabs((double)(a) - (double)(b)) <= (tol))

static void test_mean_variance(void **state) {
  (void)state;
  lm_stat s;
  lm_stat_init(&s);
  assert_true(isnan(lm_stat_variance(&s)));
  double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
  for (int i = 0; i < 8; i++) lm_stat_add(&s, x[i]);
  assert_close(s.mean, 5.0, 1e-12);
  assert_close(lm_stat_variance(&s), 32.0 / 7.0, 1e-12);
  assert_close(s.min, 2.0, 0.0);
  assert_close(s.max, 9.0, 0.0);
  /* Large offset: Welford stays accurate where the naive sum of squares would not. */
  lm_stat_init(&s);
  for (int i = 0; i < 8; i++) lm_stat_add(&s, 1e9 + x[i]);
  assert_close(lm_stat_variance(&s), 32.0 / 7.0, 1e-6);
}

static void test_student_t_interval(void **state) {
  (void)state;
  double x[] = {10, 12, 11, 13, 9};
  lm_ci ci = lm_ci_of(x, 5, 1, 0.95);
  /* t(0.975, 4) = 2.776445; sd = sqrt(2.5) */
  double hw = 2.776445105 * sqrt(2.5) / sqrt(5.0);
  assert_close(ci.mean, 11.0, 1e-12);
  assert_close(ci.half_width, hw, 1e-6);
  assert_close(ci.low, 11.0 - hw, 1e-6);
  assert_close(ci.high, 11.0 + hw, 1e-6);
  lm_ci one = lm_ci_of(x, 1, 1, 0.95);
  assert_true(isnan(one.half_width));
  /* Paired: a - b = {1, 1, 1, 1, 1} exactly: zero width. */
  double a[] = {2, 3, 4, 5, 6}, b[] = {1, 2, 3, 4, 5};
  lm_ci d = lm_ci_paired(a, b, 5, 1, 0.95);
  assert_close(d.mean, 1.0, 1e-12);
  assert_close(d.half_width, 0.0, 1e-12);
  /* Strided access picks every other value. */
  double interleaved[] = {1, 100, 2, 100, 3, 100};
  assert_close(lm_ci_of(interleaved, 3, 2, 0.95).mean, 2.0, 1e-12);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mean_variance),
      cmocka_unit_test(test_student_t_interval),
  };
  return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
