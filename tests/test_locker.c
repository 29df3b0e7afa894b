/* test_locker.c — locker compartments: size fitting, occupancy integral, and blocking
 * against the Erlang B formula.
 *
 * A bank of c compartments with Poisson arrivals and any dwell-time distribution is an
 * M/G/c/c loss system: an arriving parcel finds the bank full with probability
 * B(c, a), a = arrival rate x mean dwell (Erlang's loss formula is insensitive to the
 * dwell distribution beyond its mean). Twenty replications of 50,000 arrivals each
 * (fixed seeds) give a Student-t interval at 99%, which must contain B(c, a); this is
 * done for exponential and for uniform dwell times.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lastmile/engine.h"
#include "lastmile/locker.h"
#include "lastmile/rng.h"
#include "lastmile/stats.h"

static void test_fitting_and_occupancy(void **state) {
  (void)state;
  uint32_t total[3] = {1, 1, 1}; /* S, M, L */
  lm_locker_bank b;
  lm_locker_init(&b, total, 3, 0.0);
  assert_int_equal(lm_locker_store(&b, 1, 0.0), 1);   /* M in M */
  assert_int_equal(lm_locker_store(&b, 1, 10.0), 2);  /* M in L: the M is taken */
  assert_int_equal(lm_locker_store(&b, 2, 10.0), -1); /* L: full */
  assert_int_equal(lm_locker_store(&b, 0, 20.0), 0);  /* S in S */
  assert_int_equal(lm_locker_in_use(&b), 3);
  assert_int_equal(lm_locker_total(&b), 3);
  lm_locker_release(&b, 2, 30.0);
  /* occupied: 1 x 10 + 2 x 10 + 3 x 10 = 60 s by t = 30, then 2 x 5 */
  assert_true(lm_locker_take_occupied(&b, 35.0) == 70.0);
  assert_true(lm_locker_take_occupied(&b, 35.0) == 0.0);
}

static void test_erlang_b_values(void **state) {
  (void)state;
  assert_true(fabs(lm_erlang_b(1, 1.0) - 0.5) < 1e-15);
  assert_true(fabs(lm_erlang_b(2, 1.0) - 0.2) < 1e-15); /* (1/2) / (1 + 1 + 1/2) */
  assert_true(lm_erlang_b(0, 3.0) == 1.0);
  assert_true(fabs(lm_erlang_b(10, 5.0) - 0.018384) < 1e-6); /* published tables */
}

typedef struct loss_sys {
  lm_locker_bank bank;
  lm_rng *arrivals, *dwell;
  double rate, mean_dwell;
  int uniform_dwell;
  size_t arrived, blocked, target;
} loss_sys;

static void on_leave(lm_sim *sim, void *ctx, uint64_t compartment) {
  loss_sys *q = ctx;
  lm_locker_release(&q->bank, compartment, lm_sim_now(sim));
}

static void on_arrive(lm_sim *sim, void *ctx, uint64_t arg) {
  (void)arg;
  loss_sys *q = ctx;
  double now = lm_sim_now(sim);
  if (++q->arrived > q->target) {
    lm_sim_stop(sim);
    return;
  }
  int c = lm_locker_store(&q->bank, 0, now);
  if (c < 0) {
    q->blocked++;
  } else {
    double d = q->uniform_dwell ? q->mean_dwell * (0.5 + lm_rng_uniform(q->dwell))
                                : lm_rng_exponential(q->dwell, q->mean_dwell);
    assert_int_equal(lm_sim_schedule(sim, now + d, 0, on_leave, q, (uint64_t)c, NULL), 0);
  }
  assert_int_equal(lm_sim_schedule(sim, now + lm_rng_exponential(q->arrivals, 1.0 / q->rate), 0,
                                   on_arrive, q, 0, NULL),
                   0);
}

static double blocking(uint32_t c, double rate, double mean_dwell, int uniform, uint64_t rep) {
  loss_sys q = {.rate = rate, .mean_dwell = mean_dwell, .uniform_dwell = uniform, .target = 50000};
  lm_locker_init(&q.bank, &c, 1, 0.0);
  q.arrivals = lm_rng_create(77, rep, 0);
  q.dwell = lm_rng_create(77, rep, 1);
  lm_sim *sim = lm_sim_create(64);
  /* Start from a bank filled to its mean occupancy's neighbourhood: run 5,000 arrivals
   * first and count only what follows. */
  q.target = 5000;
  assert_int_equal(lm_sim_schedule(sim, 0.0, 0, on_arrive, &q, 0, NULL), 0);
  assert_int_equal(lm_sim_run(sim, INFINITY), 0);
  q.arrived = 0;
  q.blocked = 0;
  q.target = 50000;
  assert_int_equal(lm_sim_schedule(sim, lm_sim_now(sim), 0, on_arrive, &q, 0, NULL), 0);
  assert_int_equal(lm_sim_run(sim, INFINITY), 0);
  lm_sim_destroy(sim);
  lm_rng_destroy(q.arrivals);
  lm_rng_destroy(q.dwell);
  return (double)q.blocked / (double)q.target;
}

static void check_erlang(uint32_t c, double rate, double mean_dwell, int uniform) {
  double b[20];
  for (uint64_t r = 0; r < 20; r++) b[r] = blocking(c, rate, mean_dwell, uniform, r);
  lm_ci ci = lm_ci_of(b, 20, 1, 0.99);
  double want = lm_erlang_b(c, rate * mean_dwell);
  print_message("c=%u a=%.1f %s dwell: blocked %.5f, 99%% CI [%.5f, %.5f], Erlang B %.5f\n", c,
                rate * mean_dwell, uniform ? "uniform" : "exponential", ci.mean, ci.low, ci.high,
                want);
  assert_true(ci.low <= want && want <= ci.high);
}

static void test_blocking_matches_erlang_b(void **state) {
  (void)state;
  check_erlang(20, 3.0, 5.0, 0); /* 20 compartments, offered load 15 */
  check_erlang(20, 3.0, 5.0, 1);
  check_erlang(8, 1.0, 6.0, 1); /* heavily loaded: 8 compartments, load 6 */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fitting_and_occupancy),
      cmocka_unit_test(test_erlang_b_values),
      cmocka_unit_test(test_blocking_matches_erlang_b),
  };
  return cmocka_run_group_tests_name("locker", tests, NULL, NULL);
}
