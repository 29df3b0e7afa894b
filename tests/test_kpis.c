/* test_kpis.c — the service KPIs mean what the README's KPI table says.
 *
 * Each test loads tests/fixtures/small.yaml, changes settings in the struct and runs
 * replications of the model. Closed forms are exact where the setting makes them so
 * (everybody at home), binomial with a stated confidence where they are not (a constant
 * presence), and direction checks on paired streams otherwise (more vans never leave a
 * significantly larger backlog; a higher theft hazard never fewer thefts). Every run also
 * checks that no stop was left out of a plan while a vehicle that could serve it stood
 * idle.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lastmile/kpi.h"
#include "lastmile/model.h"
#include "lastmile/results_warnings.h"
#include "lastmile/scenario.h"

#include "scenario_fixture.h"
#include "lastmile/stats.h"
#include "model/internal.h"

#define REPS 4

static lm_scenario *load_fixture(void) {
  lm_scenario *sc = lm_test_load(LM_SOURCE_DIR "/tests/fixtures/small.yaml");
  sc->delivery_mask = 0x7f; /* rounds every day, so that the closed forms need no calendar */
  for (size_t i = 0; i < sc->n_strategies; i++) sc->strategies[i].delivery_mask = 0x7f;
  return sc;
}

/* Runs strategy s, replication r into k (and the daily rows into daily, if not NULL). */
static void run(lm_scenario *sc, size_t s, uint64_t r, double *k, double *daily) {
  lm_model *m = lm_model_create(sc);
  assert_non_null(m);
  size_t counted = sc->days - sc->warmup_days;
  double *own = daily ? daily : calloc(counted * LM_KPI_COUNT, sizeof *own);
  assert_non_null(own);
  lm_diag *diag = lm_diag_create();
  int rc = lm_model_run(m, s, 99, r, k, own, diag);
  lm_diag_print(diag, stderr);
  assert_int_equal(rc, 0);
  assert_true(k[LM_KPI_STOPS_UNSERVED_IDLE] == 0.0);
  /* The channels add up to received; first-attempt successes never exceed attempts. */
  assert_true(k[LM_KPI_RECEIVED] == k[LM_KPI_RECEIVED_HOME] + k[LM_KPI_RECEIVED_NEIGHBOUR] +
                                        k[LM_KPI_RECEIVED_DOOR] + k[LM_KPI_RECEIVED_SAFE_PLACE] +
                                        k[LM_KPI_RECEIVED_LOCKER] +
                                        k[LM_KPI_RECEIVED_PICKUP_POINT]);
  assert_true(k[LM_KPI_FIRST_ATTEMPT_SUCCESSES] <= k[LM_KPI_FIRST_ATTEMPTS]);
  lm_diag_destroy(diag);
  if (!daily) free(own);
  lm_model_destroy(m);
}

static void set_presence(lm_scenario *sc, double p) {
  for (int h = 0; h < LM_HOURS; h++)
    sc->customers.presence_by_hour[h] = sc->customers.presence_by_hour_weekend[h] = p;
}

/* Everybody at home and vans enough: every parcel due is delivered at its first attempt
 * and on time; nothing is late, nothing waits past its promise. */
static void test_everybody_home_all_on_time(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  set_presence(sc, 1.0);
  double k[LM_KPI_COUNT];
  run(sc, 0, 0, k, NULL);
  assert_true(k[LM_KPI_FIRST_ATTEMPT_SUCCESS_RATE] == 1.0);
  assert_true(k[LM_KPI_FAILED_ATTEMPTS] == 0.0);
  assert_true(k[LM_KPI_PARCELS_DUE] > 0.0);
  assert_true(k[LM_KPI_ON_TIME_RATE] == 1.0);
  assert_true(k[LM_KPI_MEAN_LATENESS_S] == 0.0);
  assert_true(k[LM_KPI_BACKLOG_END] == 0.0);
  assert_true(k[LM_KPI_BACKLOG_GROWTH_PER_DAY] == 0.0);
  assert_true(k[LM_KPI_RECEIVED_HOME] == k[LM_KPI_RECEIVED]);
  /* What is pending at the end was ordered on the last two days at most. */
  assert_true(k[LM_KPI_OLDEST_PARCEL_AGE_D] <= 2.0);
  assert_true(k[LM_KPI_ORDER_TO_RECEIPT_P95_H] <= 48.0);
  lm_scenario_destroy(sc);
}

/* Nobody at home, one attempt: nothing is received, so nothing is on time, and every
 * first attempt fails. */
static void test_nobody_home_nothing_on_time(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  set_presence(sc, 0.0);
  double k[LM_KPI_COUNT];
  run(sc, 1, 0, k, NULL);
  assert_true(k[LM_KPI_FIRST_ATTEMPTS] > 0.0);
  assert_true(k[LM_KPI_FIRST_ATTEMPT_SUCCESSES] == 0.0);
  assert_true(k[LM_KPI_ON_TIME_RATE] == 0.0);
  assert_true(k[LM_KPI_RETURNED] > 0.0);
  /* Every parcel due went back to its sender undelivered: no lateness to average. */
  assert_true(isnan(k[LM_KPI_MEAN_LATENESS_S]));
  assert_true(isnan(k[LM_KPI_ORDER_TO_RECEIPT_P95_H]));
  lm_scenario_destroy(sc);
}

/* With presence p every hour, a first attempt succeeds with probability p when the driver
 * takes the parcel back, and p + (1 - p) x neighbour_share x p with a neighbour (the
 * neighbour is in with neighbour_share x the hour's presence, drawn apart from the
 * customer); with n neighbours asked, p + (1 - p)(1 - (1 - neighbour_share x p)^n). Binomial check
 * at 99.9% confidence over REPS replications. */
static void check_first_attempt(lm_scenario *sc, double expect) {
  double succ = 0.0, n = 0.0, k[LM_KPI_COUNT];
  for (uint64_t r = 0; r < REPS; r++) {
    run(sc, 0, r, k, NULL);
    succ += k[LM_KPI_FIRST_ATTEMPT_SUCCESSES];
    n += k[LM_KPI_FIRST_ATTEMPTS];
  }
  double rate = succ / n, se = sqrt(expect * (1.0 - expect) / n);
  printf("first-attempt success %.4f over %.0f first attempts; closed form %.4f (+-%.4f)\n", rate,
         n, expect, 3.29 * se);
  assert_true(fabs(rate - expect) <= 3.29 * se);
}

static void test_first_attempt_closed_form(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  set_presence(sc, 0.6);
  check_first_attempt(sc, 0.6);
  sc->strategies[0].not_home = LM_NOT_HOME_NEIGHBOUR;
  sc->customers.neighbour_share = 0.5;
  sc->customers.neighbours_asked = 1;
  check_first_attempt(sc, 0.6 + 0.4 * 0.5 * 0.6);
  /* Three neighbours' doors, each in and willing with 0.5 x 0.6 = 0.3: one of them takes
   * the parcel with 1 - 0.7^3. */
  sc->customers.neighbours_asked = 3;
  check_first_attempt(sc, 0.6 + 0.4 * (1.0 - pow(0.7, 3.0)));
  sc->customers.neighbours_asked = 1;
  /* A door drop is not a success: the rate is the customer's presence again. */
  sc->strategies[0].not_home = LM_NOT_HOME_LEAVE_AT_DOOR;
  check_first_attempt(sc, 0.6);
  lm_scenario_destroy(sc);
}

/* One van that carries 10 parcels against 30 ordered a day, everybody at home: the backlog
 * grows by about 20 parcels a day, and because the oldest parcels go first, the parcels
 * left at the end of day 9 are all from day 2 on (at most 90 delivered of the ~90 of days
 * 0-2; a stop takes all of a customer's parcels, so some days the van leaves with fewer
 * than 10): the oldest is 6 to 8 days old, where without priority it would be from day 0
 * or 1, 8 to 10 days old. */
static void test_backlog_grows_oldest_first(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  set_presence(sc, 1.0);
  sc->days = 10;
  sc->van.count = 1;
  sc->van.capacity_parcels = 10;
  sc->demand.parcels_per_day = 30;
  double k[LM_KPI_COUNT], growth = 0.0;
  for (uint64_t r = 0; r < REPS; r++) {
    run(sc, 0, r, k, NULL);
    growth += k[LM_KPI_BACKLOG_GROWTH_PER_DAY] / REPS;
    printf("replication %u: backlog %.0f, oldest %.2f d\n", (unsigned)r, k[LM_KPI_BACKLOG_END],
           k[LM_KPI_OLDEST_PARCEL_AGE_D]);
    assert_true(k[LM_KPI_OLDEST_PARCEL_AGE_D] >= 6.0 && k[LM_KPI_OLDEST_PARCEL_AGE_D] <= 8.0);
    assert_true(k[LM_KPI_ON_TIME_RATE] < 0.5);
  }
  /* Slope of the daily backlog: 30 - 10 a day; the slope of 9 days of Poisson(30) sums has
   * an sd of about 1.5, so 20 +- 5 is a wide 99.9% band. */
  printf("backlog growth %.2f parcels/day (closed form 20)\n", growth);
  assert_true(fabs(growth - 20.0) <= 5.0);
  assert_true(lm_backlog_unstable(growth, growth - 5.0, 30.0));
  lm_scenario_destroy(sc);
}

/* More vans never leave a significantly larger backlog (paired over replications). */
static void test_more_vans_no_worse_backlog(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  double prev[REPS], cur[REPS], k[LM_KPI_COUNT];
  for (uint32_t vans = 1; vans <= 4; vans++) {
    sc->strategies[0].vans = vans;
    for (uint64_t r = 0; r < REPS; r++) {
      run(sc, 0, r, k, NULL);
      cur[r] = k[LM_KPI_BACKLOG_END];
    }
    if (vans > 1) {
      lm_ci d = lm_ci_paired(cur, prev, REPS, 1, 0.99);
      printf("%u vans: backlog %+.1f [%.1f, %.1f] against %u\n", vans, d.mean, d.low, d.high,
             vans - 1);
      assert_true(d.low <= 0.0);
    }
    memcpy(prev, cur, sizeof cur);
  }
  lm_scenario_destroy(sc);
}

/* A higher theft hazard never means fewer thefts (door drops, paired streams). */
static void test_theft_hazard_direction(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  sc->strategies[0].not_home = LM_NOT_HOME_LEAVE_AT_DOOR;
  double low = 0.0, high = 0.0, k[LM_KPI_COUNT];
  for (size_t z = 0; z < sc->n_zones; z++) sc->zones[z].theft_hazard_per_hour = 0.01;
  for (uint64_t r = 0; r < REPS; r++) {
    run(sc, 0, r, k, NULL);
    low += k[LM_KPI_STOLEN];
    assert_true(k[LM_KPI_LEFT_UNATTENDED] > 0.0);
  }
  for (size_t z = 0; z < sc->n_zones; z++) sc->zones[z].theft_hazard_per_hour = 0.05;
  for (uint64_t r = 0; r < REPS; r++) {
    run(sc, 0, r, k, NULL);
    high += k[LM_KPI_STOLEN];
  }
  printf("thefts: %.0f at 0.01/h, %.0f at 0.05/h\n", low, high);
  assert_true(high > low);
  lm_scenario_destroy(sc);
}

/* Re-planning during the day inserts new parcels; trying a failed parcel again the same
 * day happens only with reattempt_same_day. */
static void test_reattempt_same_day_switch(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  sc->strategies[0].replan_every_h = 2.0;
  double off[LM_KPI_COUNT], on[LM_KPI_COUNT];
  run(sc, 0, 0, off, NULL);
  sc->strategies[0].reattempt_same_day = 1;
  run(sc, 0, 0, on, NULL);
  printf("attempts: %.0f without, %.0f with same-day re-attempts\n", off[LM_KPI_ATTEMPTS],
         on[LM_KPI_ATTEMPTS]);
  assert_true(on[LM_KPI_ATTEMPTS] > off[LM_KPI_ATTEMPTS]);
  /* The first attempts are the same parcels' either way; only later ones move. */
  assert_true(on[LM_KPI_REDELIVERIES] > off[LM_KPI_REDELIVERIES]);
  lm_scenario_destroy(sc);
}

/* Every KPI is defined in the README's KPI table (a row naming it in backquotes). */
static void test_every_kpi_documented(void **state) {
  (void)state;
  FILE *f = fopen(LM_SOURCE_DIR "/README.md", "rb");
  assert_non_null(f);
  static char text[1 << 20];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = '\0';
  for (int k = 0; k < LM_KPI_COUNT; k++) {
    char want[LM_NAME_MAX + 4];
    snprintf(want, sizeof want, "`%s`", lm_kpi_defs[k].name);
    const char *at = strstr(text, want);
    if (!at) printf("KPI %s is not in README.md\n", lm_kpi_defs[k].name);
    assert_non_null(at);
  }
}

/* vans_used over a replication is the mean of the daily counts over the days with rounds
 * (Monday to Saturday here): a Sunday without rounds counts 0 vans that day and does not
 * lower the replication's mean. Exact. */
static void test_vans_used_per_day_with_rounds(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  sc->days = 10;
  sc->warmup_days = 0;
  sc->delivery_mask = sc->strategies[0].delivery_mask = 0x3f;
  double k[LM_KPI_COUNT], daily[10 * LM_KPI_COUNT], sum = 0.0, rounds = 0.0;
  run(sc, 0, 0, k, daily);
  for (int64_t d = 0; d < 10; d++) {
    double used = daily[d * LM_KPI_COUNT + LM_KPI_VANS_USED];
    if (lm_scenario_delivers(sc, &sc->strategies[0], d)) {
      rounds++;
      sum += used;
    } else {
      assert_true(used == 0.0);
    }
  }
  printf("vans_used %.4f over %.0f days with rounds of 10\n", k[LM_KPI_VANS_USED], rounds);
  assert_true(rounds == 9.0 && sum > 0.0);
  assert_true(k[LM_KPI_VANS_USED] == sum / rounds);
  lm_scenario_destroy(sc);
}

/* The backlog's growth is fitted within weekdays: a backlog that repeats every week (high
 * on Mondays, which carry the weekend) grows by 0, whichever weekday the window starts on,
 * and a trend on top of the cycle comes out exactly. The plain slope of the same series
 * is far from 0. Exact up to rounding. */
static void test_backlog_slope_weekly_cycle(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  sc->days = 30;
  lm_model *m = lm_model_create(sc);
  assert_non_null(m);
  /* 2024-01-01, the default start date, is a Monday: weekday(d) = d mod 7. */
  static const double cycle[7] = {900, 700, 600, 450, 430, 820, 830};
  for (uint32_t first = 0; first < 7; first++)
    for (uint32_t len = 8; len <= 22; len += 7) {
      for (uint32_t d = 0; d < sc->days; d++) m->acc[d].backlog_end = cycle[d % 7];
      double flat = lm__model_backlog_slope(m, first, first + len);
      for (uint32_t d = 0; d < sc->days; d++) m->acc[d].backlog_end += 3.5 * d;
      double trend = lm__model_backlog_slope(m, first, first + len);
      assert_true(fabs(flat) < 1e-9);
      assert_true(fabs(trend - 3.5) < 1e-9);
    }
  /* Wednesday 3 to Wednesday 10 January, the window of an 8-counted-day run: the plain
   * slope of the cycle alone is about +32 a day. */
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (uint32_t d = 2; d < 10; d++) {
    double x = d - 2.0, y = cycle[d % 7];
    sx += x, sy += y, sxx += x * x, sxy += x * y;
  }
  double plain = (8 * sxy - sx * sy) / (8 * sxx - sx * sx);
  for (uint32_t d = 0; d < sc->days; d++) m->acc[d].backlog_end = cycle[d % 7];
  printf("weekly cycle over 3-10 January: plain slope %+.2f, within weekdays %+.2f\n", plain,
         lm__model_backlog_slope(m, 2, 10));
  assert_true(plain > 20.0);
  /* Fewer than 8 days: no weekday repeats, the plain slope. */
  for (uint32_t d = 0; d < 5; d++) m->acc[d].backlog_end = 10.0 + 2.0 * d;
  assert_true(fabs(lm__model_backlog_slope(m, 0, 5) - 2.0) < 1e-12);
  lm_model_destroy(m);
  lm_scenario_destroy(sc);
}

/* A parcel with a neighbour is collected at the first hour its customer is back, however
 * long the customer's away spell: at the end of the run, no parcel waits with a neighbour
 * (or at a door) whose customer was at home at some hour since it was left there. Away
 * spells here last 20 days on average (persistence 0.95), many longer than a week. Exact,
 * over every parcel of the run. */
static void test_parcels_collected_after_long_absence(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  set_presence(sc, 0.7);
  sc->days = 30;
  sc->customers.away_day_probability = 0.3;
  sc->customers.away_day_persistence = 0.95;
  sc->strategies[0].not_home = LM_NOT_HOME_NEIGHBOUR;
  sc->customers.neighbour_share = 1.0;
  lm_model *m = lm_model_create(sc);
  assert_non_null(m);
  size_t counted = sc->days - sc->warmup_days;
  double k[LM_KPI_COUNT], *daily = calloc(counted * LM_KPI_COUNT, sizeof *daily);
  lm_diag *diag = lm_diag_create();
  assert_int_equal(lm_model_run(m, 0, 99, 0, k, daily, diag), 0);
  size_t waiting = 0, long_waits = 0;
  double end = sc->days * 86400.0;
  for (size_t i = 0; i < m->n_parcels; i++) {
    const lm__parcel *p = &m->parcels[i];
    if (p->state == LM__P_RECEIVED && p->resolved_s - p->delivered_s > 7 * 86400.0) long_waits++;
    if (p->state != LM__P_AT_DOOR) continue;
    waiting++;
    for (double t = (floor(p->delivered_s / 3600.0) + 1.0) * 3600.0; t < end; t += 3600.0)
      assert_false(lm__model_at_home(m, p->customer, t));
  }
  printf("%zu parcels still with a neighbour at the end; %zu collected more than a week "
         "after they were left\n",
         waiting, long_waits);
  assert_true(long_waits > 0);
  free(daily);
  lm_diag_destroy(diag);
  lm_model_destroy(m);
  lm_scenario_destroy(sc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_everybody_home_all_on_time),
      cmocka_unit_test(test_nobody_home_nothing_on_time),
      cmocka_unit_test(test_first_attempt_closed_form),
      cmocka_unit_test(test_backlog_grows_oldest_first),
      cmocka_unit_test(test_more_vans_no_worse_backlog),
      cmocka_unit_test(test_theft_hazard_direction),
      cmocka_unit_test(test_reattempt_same_day_switch),
      cmocka_unit_test(test_vans_used_per_day_with_rounds),
      cmocka_unit_test(test_backlog_slope_weekly_cycle),
      cmocka_unit_test(test_parcels_collected_after_long_absence),
      cmocka_unit_test(test_every_kpi_documented),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
