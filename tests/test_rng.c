/* test_rng.c — random streams: seeding, reproducibility, the exponential ziggurat.
 *
 * The ziggurat is checked against the closed form F(x) = 1 - exp(-x) with a
 * Kolmogorov-Smirnov test on 200,000 draws at the 1% level (critical value
 * 1.628/sqrt(n)), and its mean against 1 with a 99.9% normal interval. Seeds are fixed,
 * so the outcome is reproducible.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "lastmile/rng.h"

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void test_exponential_matches_closed_form(void **state) {
  (void)state;
  const size_t n = 200000;
  double *x = malloc(n * sizeof *x);
  lm_rng *r = lm_rng_create(424242, 0, LM_STREAM_SERVICE);
  double sum = 0.0;
  for (size_t i = 0; i < n; i++) sum += (x[i] = lm_rng_exp1(r));
  qsort(x, n, sizeof *x, cmp_double);
  double d = 0.0;
  for (size_t i = 0; i < n; i++) {
    double f = 1.0 - exp(-x[i]);
    d = fmax(d, fmax(fabs(f - (double)i / (double)n), fabs((double)(i + 1) / (double)n - f)));
  }
  double mean = sum / (double)n;
  print_message("KS D = %.5f (critical %.5f), mean %.5f, max %.3f\n", d, 1.628 / sqrt((double)n),
                mean, x[n - 1]);
  assert_true(d < 1.628 / sqrt((double)n));
  assert_true(fabs(mean - 1.0) < 3.29 / sqrt((double)n)); /* sd of Exp(1) is 1 */
  assert_true(x[0] >= 0.0);
  assert_true(x[n - 1] > 7.7); /* the tail beyond the ziggurat's base is reached */
  free(x);
  lm_rng_destroy(r);
}

static void test_streams_are_reproducible_and_distinct(void **state) {
  (void)state;
  lm_rng *a = lm_rng_create(1, 2, 3), *b = lm_rng_create(1, 2, 3);
  lm_rng *c = lm_rng_create(1, 2, 4), *d = lm_rng_create(1, 3, 3), *e = lm_rng_create(2, 2, 3);
  int same_c = 0, same_d = 0, same_e = 0;
  for (int i = 0; i < 1000; i++) {
    double va = lm_rng_uniform(a);
    assert_true(va == lm_rng_uniform(b));
    same_c += va == lm_rng_uniform(c);
    same_d += va == lm_rng_uniform(d);
    same_e += va == lm_rng_uniform(e);
  }
  assert_true(same_c < 3 && same_d < 3 && same_e < 3);
  lm_rng_reseed(c, 1, 2, 3);
  lm_rng_reseed(a, 1, 2, 3);
  for (int i = 0; i < 100; i++) assert_true(lm_rng_exp1(a) == lm_rng_exp1(c));
  assert_true(lm_rng_seed_of(0, 0, 0) != 0);
  assert_true(lm_rng_seed_of(5, 0, 1) != lm_rng_seed_of(5, 1, 0));
  lm_rng_destroy(a);
  lm_rng_destroy(b);
  lm_rng_destroy(c);
  lm_rng_destroy(d);
  lm_rng_destroy(e);
  lm_rng_destroy(NULL);
}

static void test_poisson_and_discrete(void **state) {
  (void)state;
  lm_rng *r = lm_rng_create(9, 0, LM_STREAM_DEMAND);
  const size_t n = 100000;
  double sum = 0.0;
  for (size_t i = 0; i < n; i++) sum += lm_rng_poisson(r, 4.0);
  /* Poisson(4): sd 2; 99.9% interval for the mean */
  assert_true(fabs(sum / (double)n - 4.0) < 3.29 * 2.0 / sqrt((double)n));
  assert_int_equal(lm_rng_poisson(r, 0.0), 0);
  double p[3] = {0.2, 0.5, 0.3};
  size_t count[3] = {0};
  for (size_t i = 0; i < n; i++) count[lm_rng_discrete(r, p, 3)]++;
  for (int k = 0; k < 3; k++) {
    double sd = sqrt(p[k] * (1 - p[k]) / (double)n);
    assert_true(fabs((double)count[k] / (double)n - p[k]) < 3.29 * sd);
  }
  lm_rng_destroy(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_exponential_matches_closed_form),
      cmocka_unit_test(test_streams_are_reproducible_and_distinct),
      cmocka_unit_test(test_poisson_and_discrete),
  };
  return cmocka_run_group_tests_name("rng", tests, NULL, NULL);
}
