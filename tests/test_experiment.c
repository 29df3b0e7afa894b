/* test_experiment.c — runs of strategies and replications: threads change nothing, and
 * common random numbers make comparisons sharper.
 *
 * Pairing: strategies share every random stream of a replication, so the difference of
 * their KPIs in one replication cancels the world's noise (how many orders, who is at
 * home). The test compares the 95% interval of the difference "three attempts minus one
 * attempt" in parcels received, paired as lastmile pairs it, with the same difference
 * when the second strategy runs on independent streams (another master seed): the
 * paired interval must be narrower.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lastmile/experiment.h"
#include "lastmile/stats.h"

#include "scenario_fixture.h"

static lm_scenario *load_fixture(void) {
  return lm_test_load(LM_SOURCE_DIR "/tests/fixtures/small.yaml");
}

static lm_results *run(const lm_scenario *sc, uint64_t seed, uint32_t reps, unsigned jobs) {
  lm_run_opts o = {.seed = seed, .replications = reps, .jobs = jobs};
  lm_results *r = NULL;
  lm_diag *diag = lm_diag_create();
  int rc = lm_experiment_run(sc, &o, &r, diag);
  lm_diag_print(diag, stderr);
  lm_diag_destroy(diag);
  assert_int_equal(rc, 0);
  assert_non_null(r);
  assert_int_equal(r->complete, 1);
  return r;
}

static void test_threads_change_nothing(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  lm_results *a = run(sc, 11, 5, 1), *b = run(sc, 11, 5, 3);
  size_t rep_n = a->n_strategies * a->n_replications * LM_KPI_COUNT;
  size_t day_n = rep_n * a->n_days;
  assert_memory_equal(a->rep, b->rep, rep_n * sizeof(double));
  assert_memory_equal(a->daily, b->daily, day_n * sizeof(double));
  lm_results_destroy(a);
  lm_results_destroy(b);
  lm_scenario_destroy(sc);
}

static void test_pairing_narrows_the_interval(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  const uint32_t reps = 12;
  lm_results *same = run(sc, 21, reps, 2), *other = run(sc, 9021, reps, 2);
  double paired[12], independent[12];
  for (uint32_t r = 0; r < reps; r++) {
    paired[r] =
        lm_results_rep(same, 0, r)[LM_KPI_RECEIVED] - lm_results_rep(same, 1, r)[LM_KPI_RECEIVED];
    independent[r] =
        lm_results_rep(same, 0, r)[LM_KPI_RECEIVED] - lm_results_rep(other, 1, r)[LM_KPI_RECEIVED];
  }
  lm_ci p = lm_ci_of(paired, reps, 1, 0.95), q = lm_ci_of(independent, reps, 1, 0.95);
  print_message("received, three attempts - one attempt: paired %.1f +- %.1f, independent "
                "streams %.1f +- %.1f\n",
                p.mean, p.half_width, q.mean, q.half_width);
  assert_true(p.half_width < q.half_width);
  assert_true(p.low > 0.0); /* and the paired comparison is decisive */
  lm_results_destroy(same);
  lm_results_destroy(other);
  lm_scenario_destroy(sc);
}

/* --precision: replications are added until every strategy's interval is narrow enough;
 * the first ones are the same as in a plain run. */
static void test_precision_driven(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  lm_run_opts o = {.seed = 5,
                   .replications = 3,
                   .jobs = 2,
                   .precision_rel = 0.02,
                   .precision_kpi = LM_KPI_ON_TIME_RATE,
                   .max_replications = 200};
  lm_results *r = NULL;
  lm_diag *diag = lm_diag_create();
  assert_int_equal(lm_experiment_run(sc, &o, &r, diag), 0);
  size_t n = r->n_replications;
  print_message("precision 2%% on on_time_rate reached with %zu replications\n", n);
  assert_true(n > 3 && n < 200);
  for (size_t s = 0; s < r->n_strategies; s++) {
    lm_ci ci = lm_ci_of(lm_results_rep(r, s, 0) + LM_KPI_ON_TIME_RATE, n, LM_KPI_COUNT, 0.95);
    assert_true(ci.half_width <= 0.02 * ci.mean);
  }
  lm_results *plain = run(sc, 5, 3, 1);
  for (size_t s = 0; s < r->n_strategies; s++)
    for (size_t k = 0; k < 3; k++)
      assert_memory_equal(lm_results_rep(plain, s, k), lm_results_rep(r, s, k),
                          LM_KPI_COUNT * sizeof(double));
  lm_results_destroy(plain);
  lm_results_destroy(r);
  lm_diag_destroy(diag);
  lm_scenario_destroy(sc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_threads_change_nothing),
      cmocka_unit_test(test_pairing_narrows_the_interval),
      cmocka_unit_test(test_precision_driven),
  };
  return cmocka_run_group_tests_name("experiment", tests, NULL, NULL);
}
