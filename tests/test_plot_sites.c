/* test_plot_sites.c — the per-site occupancy behind the lockers-sites figure, on a
 * hand-made parcel log whose steps can be counted by hand.
 *
 * The day drawn starts at t0 = 1 day. A parcel is in its site from placed_s until
 * resolved_s; one placed before t0 and still there counts from hour 0, one pending
 * (resolved_s NaN) stays to the end, one gone before t0 or never placed never counts, and
 * at equal times a removal comes before a placement. Every level is a whole count of
 * parcels and every hour an exact binary fraction here, so equality is exact.
 */
#include <setjmp.h> /* cmocka needs these before cmocka.h */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/plot_gp.h"
#include "output/results_internal.h"

#define H  3600.0
#define T0 86400.0

enum { N = 6 };

static double placed[N] = {T0 + 1 * H, 50000.0, T0 + 2 * H, NAN, T0 + 5 * H, 10000.0};
static double resolved[N] = {T0 + 5 * H, NAN, T0 + 30 * H, T0 + 3 * H, T0 + 7 * H, 20000.0};
static int16_t destination[N] = {0, 0, 1, -1, 0, 1};

static lm_parcel_log made_up(void) {
  lm_parcel_log log;
  memset(&log, 0, sizeof log);
  log.n = N;
  log.placed_s = placed;
  log.resolved_s = resolved;
  log.destination = destination;
  return log;
}

static void expect_steps(int site, size_t n, const double want[][2]) {
  lm_parcel_log log = made_up();
  lm__step *st = NULL;
  size_t got = 0;
  assert_int_equal(lm__occupancy_steps(&log, site, T0, &st, &got), 0);
  assert_int_equal(got, n);
  for (size_t i = 0; i < n; i++) {
    assert_true(st[i].hour == want[i][0]);
    assert_true(st[i].level == want[i][1]);
  }
  free(st);
}

/* Site 0: one parcel from before the day (pending), one placed at 1 h and taken at 5 h,
 * one placed at 5 h (after that removal) and taken at 7 h. */
static void site_zero_counts(void **state) {
  (void)state;
  const double want[][2] = {{0, 1}, {1, 2}, {5, 1}, {5, 2}, {7, 1}, {24, 1}};
  expect_steps(0, 6, want);
}

/* Site 1: the parcel gone before the day never counts; the one placed at 2 h stays past
 * the end of the day. */
static void site_one_counts(void **state) {
  (void)state;
  const double want[][2] = {{0, 0}, {2, 1}, {24, 1}};
  expect_steps(1, 3, want);
}

/* All sites together are the sum of the sites; the home parcel never counts. */
static void all_sites_are_the_sum(void **state) {
  (void)state;
  const double want[][2] = {{0, 1}, {1, 2}, {2, 3}, {5, 2}, {5, 3}, {7, 2}, {24, 2}};
  expect_steps(-1, 7, want);
}

/* A site no parcel went to is empty all day. */
static void empty_site(void **state) {
  (void)state;
  const double want[][2] = {{0, 0}, {24, 0}};
  expect_steps(7, 2, want);
}

/* Without a parcel log the figure is skipped with the option to ask for. */
static void no_parcel_log_no_figure(void **state) {
  (void)state;
  lm_results *res = lm__results_alloc(1, 1, 1);
  assert_non_null(res);
  lm__gp gp;
  lm__gp_init(&gp);
  char why[160] = "";
  assert_int_equal(lm__fig_lockers_sites(res, 0, &gp, why, sizeof why), LM__SKIP_FIGURE);
  assert_non_null(strstr(why, "--parcel-log"));
  lm__gp_free(&gp);
  lm_results_destroy(res);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(site_zero_counts),        cmocka_unit_test(site_one_counts),
      cmocka_unit_test(all_sites_are_the_sum),   cmocka_unit_test(empty_site),
      cmocka_unit_test(no_parcel_log_no_figure),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
