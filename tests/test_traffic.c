/* test_traffic.c — time-dependent driving: exact pieces, slowdowns, and first in, first
 * out (leaving later never arrives earlier) over many random departures. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lastmile/rng.h"
#include "lastmile/traffic.h"

#define assert_close(a, b, tol) assert_true(fabs((double)(a) - (double)(b)) <= (tol))

static void test_constant_and_pieces(void **state) {
  (void)state;
  double f[LM_TRAFFIC_HOURS];
  for (int h = 0; h < LM_TRAFFIC_HOURS; h++) f[h] = 1.0;
  assert_close(lm_traffic_drive_s(f, 30.0, NULL, 0, 15.0, 1000.0), 1800.0, 1e-9);
  assert_close(lm_traffic_drive_s(f, 30.0, NULL, 0, 0.0, 1000.0), 0.0, 0.0);
  f[8] = 0.5; /* rush hour at half speed */
  /* leave 07:30 with 30 km: 15 km by 08:00, then 15 km/h for an hour, 15 km done at 09:00 */
  assert_close(lm_traffic_drive_s(f, 30.0, NULL, 0, 30.0, 7.5 * 3600), 1.5 * 3600, 1e-9);
  /* an incident halving speed from 10:00 to 10:30 */
  lm_slowdown inc = {10 * 3600.0, 10.5 * 3600.0, 0.5};
  /* leave 10:00 with 20 km at 30 km/h: 7.5 km by 10:30, then 12.5 km take 25 min */
  assert_close(lm_traffic_drive_s(f, 30.0, &inc, 1, 20.0, 10 * 3600.0), 55 * 60.0, 1e-9);
}

static void test_first_in_first_out(void **state) {
  (void)state;
  lm_rng *r = lm_rng_create(5, 0, LM_STREAM_TRAFFIC);
  double f[LM_TRAFFIC_HOURS];
  for (int h = 0; h < LM_TRAFFIC_HOURS; h++) f[h] = 0.2 + lm_rng_uniform(r);
  lm_slowdown slow[3] = {{5e4, 6e4, 0.3}, {5.5e4, 5.8e4, 0.5}, {7e4, 9e4, 0.7}};
  for (int i = 0; i < 20000; i++) {
    double t = 86400.0 * lm_rng_uniform(r), dt = 600.0 * lm_rng_uniform(r);
    double d = 40.0 * lm_rng_uniform(r);
    double a = t + lm_traffic_drive_s(f, 25.0, slow, 3, d, t);
    double b = t + dt + lm_traffic_drive_s(f, 25.0, slow, 3, d, t + dt);
    assert_true(b >= a - 1e-6);
  }
  lm_rng_destroy(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_constant_and_pieces),
      cmocka_unit_test(test_first_in_first_out),
  };
  return cmocka_run_group_tests_name("traffic", tests, NULL, NULL);
}
