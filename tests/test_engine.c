/* test_engine.c — the event engine: order, ties, cancellation, horizon, M/M/1.
 *
 * The M/M/1 test checks the engine end to end against a closed form: with arrival rate
 * lambda and service rate mu the mean time in system is W = 1/(mu - lambda). Twenty
 * independent replications give a Student-t interval at 99% confidence; with the fixed
 * seeds below the test is deterministic.
 */
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "lastmile/engine.h"
#include "lastmile/rng.h"
#include "lastmile/stats.h"

/* ---- a log of what ran -------------------------------------------------------------- */

typedef struct run_log {
  double time[4096];
  uint64_t tag[4096];
  size_t n;
} run_log;

static void log_event(lm_sim *sim, void *ctx, uint64_t arg) {
  run_log *log = ctx;
  log->time[log->n] = lm_sim_now(sim);
  log->tag[log->n] = arg;
  log->n++;
}

static void test_time_order_and_ties(void **state) {
  (void)state;
  lm_sim *sim = lm_sim_create(4);
  assert_non_null(sim);
  run_log *log = calloc(1, sizeof *log);
  /* tag = expected position */
  assert_int_equal(lm_sim_schedule(sim, 5.0, 0, log_event, log, 4, NULL), 0);
  assert_int_equal(lm_sim_schedule(sim, 1.0, 0, log_event, log, 0, NULL), 0);
  assert_int_equal(lm_sim_schedule(sim, 3.0, 1, log_event, log, 3, NULL), 0); /* later prio */
  assert_int_equal(lm_sim_schedule(sim, 3.0, 0, log_event, log, 1, NULL), 0);
  assert_int_equal(lm_sim_schedule(sim, 3.0, 0, log_event, log, 2, NULL), 0); /* same prio */
  assert_int_equal(lm_sim_schedule(sim, 3.0, -5, log_event, log, 99, NULL), 0);
  assert_int_equal(lm_sim_run(sim, INFINITY), 0);
  assert_int_equal(log->n, 6);
  uint64_t want[] = {0, 99, 1, 2, 3, 4};
  for (size_t i = 0; i < 6; i++) assert_int_equal(log->tag[i], want[i]);
  assert_true(lm_sim_now(sim) == 5.0);
  free(log);
  lm_sim_destroy(sim);
}

/* Handlers that schedule more events at random delays (a quarter of them at delay 0,
 * some at coinciding integer times) while a plain reference heap on
 * (time, priority, scheduling sequence) receives the same events: every event the
 * engine runs must be the reference's minimum at that moment. */
typedef struct ref_ent {
  double t;
  int prio;
  uint64_t tag;
} ref_ent;

typedef struct churn {
  lm_rng *rng;
  uint64_t next_tag; /* tags are the scheduling sequence */
  size_t budget;
  ref_ent *ref;
  size_t ref_n;
  size_t ran, violations;
} churn;

static int ref_less(const ref_ent *a, const ref_ent *b) {
  if (a->t != b->t) return a->t < b->t;
  if (a->prio != b->prio) return a->prio < b->prio;
  return a->tag < b->tag;
}

static void ref_push(churn *c, ref_ent x) {
  size_t i = c->ref_n++;
  while (i > 0 && ref_less(&x, &c->ref[(i - 1) / 2])) {
    c->ref[i] = c->ref[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  c->ref[i] = x;
}

static ref_ent ref_pop(churn *c) {
  ref_ent top = c->ref[0], x = c->ref[--c->ref_n];
  size_t i = 0, n = c->ref_n;
  for (;;) {
    size_t k = 2 * i + 1;
    if (k >= n) break;
    if (k + 1 < n && ref_less(&c->ref[k + 1], &c->ref[k])) k++;
    if (!ref_less(&c->ref[k], &x)) break;
    c->ref[i] = c->ref[k];
    i = k;
  }
  if (n) c->ref[i] = x;
  return top;
}

static void churn_schedule(lm_sim *sim, churn *c, double t, int prio);

static void churn_event(lm_sim *sim, void *ctx, uint64_t arg) {
  churn *c = ctx;
  ref_ent want = ref_pop(c);
  if (want.t != lm_sim_now(sim) || want.prio != (int)(arg >> 56) ||
      want.tag != (arg & ((1ULL << 56) - 1)))
    c->violations++;
  c->ran++;
  for (int k = 0; k < 2 && c->budget > 0; k++) {
    c->budget--;
    double u = lm_rng_uniform(c->rng);
    double delay = u < 0.25  ? 0.0
                   : u < 0.5 ? floor(lm_rng_exp1(c->rng) * 4.0)
                             : lm_rng_exponential(c->rng, 10.0);
    churn_schedule(sim, c, lm_sim_now(sim) + delay, (int)lm_rng_below(c->rng, 3));
  }
}

static void churn_schedule(lm_sim *sim, churn *c, double t, int prio) {
  uint64_t tag = c->next_tag++;
  ref_push(c, (ref_ent){t, prio, tag});
  assert_int_equal(
      lm_sim_schedule(sim, t, prio, churn_event, c, ((uint64_t)prio << 56) | tag, NULL), 0);
}

static void test_random_churn_matches_reference_order(void **state) {
  (void)state;
  lm_sim *sim = lm_sim_create(16);
  churn c = {.rng = lm_rng_create(7, 0, 0), .budget = 200000};
  c.ref = malloc(300000 * sizeof *c.ref);
  for (int i = 0; i < 1000; i++)
    churn_schedule(sim, &c, floor(lm_rng_uniform(c.rng) * 50.0), (int)lm_rng_below(c.rng, 3));
  assert_int_equal(lm_sim_run(sim, INFINITY), 0);
  assert_int_equal(c.violations, 0);
  assert_int_equal(c.ran, 201000);
  assert_int_equal(c.ref_n, 0);
  assert_int_equal(lm_sim_pending(sim), 0);
  assert_int_equal(lm_sim_events_run(sim), 201000);
  free(c.ref);
  lm_rng_destroy(c.rng);
  lm_sim_destroy(sim);
}

static void test_cancel(void **state) {
  (void)state;
  lm_sim *sim = lm_sim_create(0);
  run_log *log = calloc(1, sizeof *log);
  lm_event_id ids[100];
  for (uint64_t i = 0; i < 100; i++)
    assert_int_equal(lm_sim_schedule(sim, (double)i, 0, log_event, log, i, &ids[i]), 0);
  for (size_t i = 0; i < 100; i += 2) assert_int_equal(lm_sim_cancel(sim, ids[i]), 0);
  assert_int_equal(lm_sim_cancel(sim, ids[0]), LM_EINVAL); /* twice */
  assert_int_equal(lm_sim_cancel(sim, 0), LM_EINVAL);      /* never issued */
  assert_int_equal(lm_sim_cancel(sim, (uint64_t)1 << 40 | 7), LM_EINVAL);
  assert_int_equal(lm_sim_pending(sim), 50);
  assert_int_equal(lm_sim_run(sim, INFINITY), 0);
  assert_int_equal(log->n, 50);
  for (size_t i = 0; i < 50; i++) assert_int_equal(log->tag[i], 2 * i + 1);
  assert_int_equal(lm_sim_cancel(sim, ids[1]), LM_EINVAL); /* already run */
  /* A reused record does not answer to a stale id. */
  lm_event_id fresh;
  assert_int_equal(lm_sim_schedule(sim, 200.0, 0, log_event, log, 7, &fresh), 0);
  assert_int_equal(lm_sim_cancel(sim, ids[3]), LM_EINVAL);
  assert_int_equal(lm_sim_cancel(sim, fresh), 0);
  free(log);
  lm_sim_destroy(sim);
}

static void test_horizon_and_bad_times(void **state) {
  (void)state;
  lm_sim *sim = lm_sim_create(0);
  run_log *log = calloc(1, sizeof *log);
  for (uint64_t i = 0; i < 10; i++)
    assert_int_equal(lm_sim_schedule(sim, 10.0 * (double)i, 0, log_event, log, i, NULL), 0);
  assert_int_equal(lm_sim_run(sim, 45.0), 0);
  assert_int_equal(log->n, 5);
  assert_true(lm_sim_now(sim) == 45.0);
  assert_int_equal(lm_sim_pending(sim), 5);
  assert_int_equal(lm_sim_schedule(sim, 44.0, 0, log_event, log, 0, NULL), LM_EINVAL);
  assert_int_equal(lm_sim_schedule(sim, NAN, 0, log_event, log, 0, NULL), LM_EINVAL);
  assert_int_equal(lm_sim_schedule(sim, INFINITY, 0, log_event, log, 0, NULL), LM_EINVAL);
  assert_int_equal(lm_sim_run(sim, INFINITY), 0);
  assert_int_equal(log->n, 10);
  lm_sim_reset(sim);
  assert_true(lm_sim_now(sim) == 0.0);
  assert_int_equal(lm_sim_pending(sim), 0);
  assert_int_equal(lm_sim_schedule(sim, 1.0, 0, log_event, log, 0, NULL), 0);
  assert_int_equal(lm_sim_run(sim, INFINITY), 0);
  assert_int_equal(log->n, 11);
  free(log);
  lm_sim_destroy(sim);
}

static void fail_event(lm_sim *sim, void *ctx, uint64_t arg) {
  (void)ctx;
  (void)arg;
  lm_sim_fail(sim, LM_EINTERNAL);
}

static void test_fail_stops_the_run(void **state) {
  (void)state;
  lm_sim *sim = lm_sim_create(0);
  run_log *log = calloc(1, sizeof *log);
  assert_int_equal(lm_sim_schedule(sim, 1.0, 0, fail_event, NULL, 0, NULL), 0);
  assert_int_equal(lm_sim_schedule(sim, 2.0, 0, log_event, log, 0, NULL), 0);
  assert_int_equal(lm_sim_run(sim, INFINITY), LM_EINTERNAL);
  assert_int_equal(log->n, 0);
  free(log);
  lm_sim_destroy(sim);
}

/* An event that raises the interrupt flag at a chosen count and keeps rescheduling
 * itself, like a replication with no end in sight. */
typedef struct raiser {
  volatile sig_atomic_t flag;
  uint64_t raise_at, ran;
} raiser;

static void raise_event(lm_sim *sim, void *ctx, uint64_t arg) {
  raiser *r = ctx;
  if (++r->ran == r->raise_at) r->flag = 1;
  assert_int_equal(lm_sim_schedule(sim, lm_sim_now(sim) + 1.0, 0, raise_event, r, arg, NULL), 0);
}

static void test_interrupt_stops_within_a_stride(void **state) {
  (void)state;
  lm_sim *sim = lm_sim_create(0);
  raiser r = {.flag = 0, .raise_at = 1000, .ran = 0};
  lm_sim_set_interrupt(sim, &r.flag);
  assert_int_equal(lm_sim_schedule(sim, 0.0, 0, raise_event, &r, 0, NULL), 0);
  assert_int_equal(lm_sim_run(sim, INFINITY), LM_EINTERRUPTED);
  /* Raised during event 1000: the loop looks again at the next multiple of the stride. */
  assert_int_equal(r.ran, 1024);
  assert_int_equal(LM_INTERRUPT_EVERY, 256);
  assert_int_equal(lm_sim_events_run(sim), 1024);
  assert_int_equal(lm_sim_pending(sim), 1); /* the event it stopped before is still there */
  assert_true(lm_sim_now(sim) == 1023.0);
  /* Survives a reset; a raised flag stops the next run before its first event. */
  lm_sim_reset(sim);
  assert_int_equal(lm_sim_schedule(sim, 0.0, 0, raise_event, &r, 0, NULL), 0);
  assert_int_equal(lm_sim_run(sim, INFINITY), LM_EINTERRUPTED);
  assert_int_equal(r.ran, 1024);
  /* Lowered, or turned off, the run goes on to the horizon. */
  r.flag = 0;
  assert_int_equal(lm_sim_run(sim, 5000.0), 0);
  lm_sim_set_interrupt(sim, NULL);
  r.flag = 1;
  assert_int_equal(lm_sim_run(sim, 6000.0), 0);
  assert_true(lm_sim_now(sim) == 6000.0);
  lm_sim_destroy(sim);
}

/* ---- M/M/1 -------------------------------------------------------------------------- */

typedef struct mm1 {
  lm_rng *arrivals, *services;
  double lambda, mu;
  double queue_arrival[1 << 16]; /* ring of arrival times of waiting customers */
  size_t head, count;
  int busy;
  size_t served, warmup, target;
  lm_stat time_in_system;
} mm1;

static void mm1_departure(lm_sim *sim, void *ctx, uint64_t arg);

static void mm1_start_service(lm_sim *sim, mm1 *q) {
  q->busy = 1;
  double s = lm_rng_exponential(q->services, 1.0 / q->mu);
  assert_int_equal(lm_sim_schedule(sim, lm_sim_now(sim) + s, 0, mm1_departure, q, 0, NULL), 0);
}

static void mm1_arrival(lm_sim *sim, void *ctx, uint64_t arg) {
  (void)arg;
  mm1 *q = ctx;
  assert_true(q->count < (1u << 16));
  q->queue_arrival[(q->head + q->count) & 0xffff] = lm_sim_now(sim);
  q->count++;
  if (!q->busy) mm1_start_service(sim, q);
  double gap = lm_rng_exponential(q->arrivals, 1.0 / q->lambda);
  assert_int_equal(lm_sim_schedule(sim, lm_sim_now(sim) + gap, 0, mm1_arrival, q, 0, NULL), 0);
}

static void mm1_departure(lm_sim *sim, void *ctx, uint64_t arg) {
  (void)arg;
  mm1 *q = ctx;
  double arrived = q->queue_arrival[q->head];
  q->head = (q->head + 1) & 0xffff;
  q->count--;
  q->busy = 0;
  if (++q->served > q->warmup) lm_stat_add(&q->time_in_system, lm_sim_now(sim) - arrived);
  if (q->served == q->warmup + q->target) {
    lm_sim_stop(sim);
    return;
  }
  if (q->count) mm1_start_service(sim, q);
}

/* Mean time in system of one replication. */
static double mm1_replication(uint64_t seed, uint64_t rep, double lambda, double mu) {
  mm1 *q = calloc(1, sizeof *q);
  q->arrivals = lm_rng_create(seed, rep, 0);
  q->services = lm_rng_create(seed, rep, 1);
  q->lambda = lambda;
  q->mu = mu;
  q->warmup = 2000;
  q->target = 40000;
  lm_stat_init(&q->time_in_system);
  lm_sim *sim = lm_sim_create(8);
  assert_int_equal(lm_sim_schedule(sim, 0.0, 0, mm1_arrival, q, 0, NULL), 0);
  assert_int_equal(lm_sim_run(sim, INFINITY), 0);
  double w = q->time_in_system.mean;
  lm_sim_destroy(sim);
  lm_rng_destroy(q->arrivals);
  lm_rng_destroy(q->services);
  free(q);
  return w;
}

static void test_mm1_time_in_system(void **state) {
  (void)state;
  const double lambda = 0.5, mu = 1.0, expected = 1.0 / (mu - lambda);
  double w[20];
  for (uint64_t r = 0; r < 20; r++) w[r] = mm1_replication(20261122, r, lambda, mu);
  lm_ci ci = lm_ci_of(w, 20, 1, 0.99);
  print_message("M/M/1 W = %.4f, 99%% CI [%.4f, %.4f], closed form %.4f\n", ci.mean, ci.low,
                ci.high, expected);
  assert_true(ci.low <= expected && expected <= ci.high);
  assert_true(ci.half_width < 0.1 * expected); /* the interval is informative */
}

static void test_mm1_determinism(void **state) {
  (void)state;
  double a = mm1_replication(99, 3, 0.8, 1.0);
  double b = mm1_replication(99, 3, 0.8, 1.0);
  double c = mm1_replication(100, 3, 0.8, 1.0);
  double d = mm1_replication(99, 4, 0.8, 1.0);
  assert_memory_equal(&a, &b, sizeof a); /* bit for bit */
  assert_true(a != c);
  assert_true(a != d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_time_order_and_ties),
      cmocka_unit_test(test_random_churn_matches_reference_order),
      cmocka_unit_test(test_cancel),
      cmocka_unit_test(test_horizon_and_bad_times),
      cmocka_unit_test(test_fail_stops_the_run),
      cmocka_unit_test(test_interrupt_stops_within_a_stride),
      cmocka_unit_test(test_mm1_time_in_system),
      cmocka_unit_test(test_mm1_determinism),
  };
  return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
