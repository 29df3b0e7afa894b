/* test_routing_kpis.c — the route-planning KPIs (routing_*) and the solver's CPU time,
 * per counted day, against what they must equal.
 *
 * On tests/fixtures/small.yaml (vans only, one wave, no re-plans, no micro-hub) with the
 * traffic's noise, incidents and bad weather off and flat speeds, the vans drive exactly
 * the planned routes at the planned speeds: driven km and hours equal the planned ones
 * up to the order of the floating-point sums (relative 1e-9), and equal van_km and
 * van_hours exactly. A day with rounds has one plan, a day without none; every plan runs
 * the strategy's routing_iterations; the recorded tours of a day have one row per planned
 * stop. With re-plans (tests/fixtures/sameday.yaml) there are more plans than delivery
 * days. Every value but the CPU time is the same in two runs.
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

#include "lastmile/model.h"
#include "lastmile/records.h"
#include "lastmile/scenario.h"

#include "scenario_fixture.h"

static lm_scenario *load(const char *path) { return lm_test_load(path); }

/* One run of strategy s, replication r: its daily KPI rows and solver seconds (the
 * caller frees both), the tours of counted day `routes_day` (-1: none) into *log. */
static void run(const lm_scenario *sc, size_t s, uint64_t r, int64_t routes_day, double **daily,
                double **solver_s, lm_route_log *log) {
  size_t days = sc->days - sc->warmup_days;
  lm_model *m = lm_model_create(sc);
  assert_non_null(m);
  double kpi[LM_KPI_COUNT];
  *daily = calloc(days * LM_KPI_COUNT, sizeof **daily);
  *solver_s = calloc(days, sizeof **solver_s);
  assert_non_null(*daily);
  assert_non_null(*solver_s);
  lm_model_record_routes(m, routes_day < 0 ? -1 : (int64_t)sc->warmup_days + routes_day);
  lm_diag *diag = lm_diag_create();
  int rc = lm_model_run(m, s, 99, r, kpi, *daily, diag);
  lm_diag_print(diag, stderr);
  assert_int_equal(rc, 0);
  lm_model_solver_s(m, *solver_s);
  if (log) assert_int_equal(lm_model_route_log(m, log), 0);
  /* The replication's values are the sums of the days'. */
  static const lm_kpi summed[] = {LM_KPI_ROUTING_PLANS, LM_KPI_ROUTING_PLANNED_STOPS,
                                  LM_KPI_ROUTING_SOLVER_ITERATIONS};
  for (size_t i = 0; i < sizeof summed / sizeof summed[0]; i++) {
    double sum = 0.0;
    for (size_t d = 0; d < days; d++) sum += (*daily)[d * LM_KPI_COUNT + summed[i]];
    assert_true(sum == kpi[summed[i]]);
  }
  lm_diag_destroy(diag);
  lm_model_destroy(m);
}

static int close_rel(double a, double b) { return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b)); }

static void test_small_closed_forms(void **state) {
  (void)state;
  lm_scenario *sc = load(LM_SOURCE_DIR "/tests/fixtures/small.yaml");
  sc->traffic.day_noise_cv = sc->traffic.trip_noise_cv = 0.0;
  sc->traffic.incidents_per_day = 0.0;
  sc->traffic.bad_weather_probability = 0.0;
  for (size_t z = 0; z < sc->n_zones; z++)
    for (int h = 0; h < LM_HOURS; h++) sc->zones[z].speed_factor_by_hour[h] = 1.0;
  size_t days = sc->days - sc->warmup_days;
  for (size_t s = 0; s < sc->n_strategies; s++) {
    double *daily, *cpu;
    lm_route_log log = {0};
    run(sc, s, 1, 2, &daily, &cpu, &log);
    size_t round_days = 0;
    for (size_t d = 0; d < days; d++) {
      const double *k = daily + d * LM_KPI_COUNT;
      int rounds = lm_scenario_delivers(sc, &sc->strategies[s], (int64_t)(sc->warmup_days + d));
      round_days += (size_t)rounds;
      assert_true(k[LM_KPI_ROUTING_PLANS] == (rounds ? 1.0 : 0.0));
      assert_true(k[LM_KPI_ROUTING_SOLVER_ITERATIONS] ==
                  k[LM_KPI_ROUTING_PLANS] * sc->strategies[s].routing_iterations);
      assert_true(close_rel(k[LM_KPI_ROUTING_DRIVEN_KM], k[LM_KPI_ROUTING_PLANNED_KM]));
      assert_true(close_rel(k[LM_KPI_ROUTING_DRIVEN_H], k[LM_KPI_ROUTING_PLANNED_H]));
      assert_true(k[LM_KPI_ROUTING_DRIVEN_KM] == k[LM_KPI_VAN_KM]);
      assert_true(k[LM_KPI_ROUTING_DRIVEN_H] == k[LM_KPI_VAN_HOURS]);
      assert_true(isfinite(cpu[d]) && cpu[d] >= 0.0);
      if (rounds) {
        assert_true(k[LM_KPI_ROUTING_PLANNED_KM] > 0.0);
        assert_true(k[LM_KPI_ROUTING_PLANNED_STOPS] > 0.0);
        /* Every stop served gets at least one attempt or placement of a parcel. */
        assert_true(k[LM_KPI_ROUTING_PLANNED_STOPS] <= k[LM_KPI_ATTEMPTS]);
      } else {
        assert_true(k[LM_KPI_ROUTING_PLANNED_KM] == 0.0 && k[LM_KPI_ROUTING_PLANNED_H] == 0.0);
        assert_true(k[LM_KPI_ROUTING_PLANNED_STOPS] == 0.0 && k[LM_KPI_ROUTING_DRIVEN_KM] == 0.0);
        assert_true(cpu[d] == 0.0);
      }
    }
    assert_true(round_days > 0 && round_days < days); /* the fixture has a Sunday */
    /* The tours of counted day 2: one row per stop its plan served. */
    assert_true((double)log.n == daily[2 * LM_KPI_COUNT + LM_KPI_ROUTING_PLANNED_STOPS]);
    lm_route_log_clear(&log);
    free(daily);
    free(cpu);
  }
  lm_scenario_destroy(sc);
}

static void test_replans_counted(void **state) {
  (void)state;
  lm_scenario *sc = load(LM_SOURCE_DIR "/tests/fixtures/sameday.yaml");
  size_t days = sc->days - sc->warmup_days, s = SIZE_MAX;
  for (size_t i = 0; i < sc->n_strategies; i++)
    if (sc->strategies[i].replan_every_h > 0.0) s = i;
  assert_true(s != SIZE_MAX);
  double *daily, *cpu;
  run(sc, s, 0, -1, &daily, &cpu, NULL);
  double plans = 0.0;
  size_t round_days = 0;
  for (size_t d = 0; d < days; d++) {
    const double *k = daily + d * LM_KPI_COUNT;
    int rounds = lm_scenario_delivers(sc, &sc->strategies[s], (int64_t)(sc->warmup_days + d));
    round_days += (size_t)rounds;
    plans += k[LM_KPI_ROUTING_PLANS];
    if (rounds) assert_true(k[LM_KPI_ROUTING_PLANS] >= 1.0);
    if (!rounds) assert_true(k[LM_KPI_ROUTING_PLANS] == 0.0);
    assert_true(k[LM_KPI_ROUTING_SOLVER_ITERATIONS] ==
                k[LM_KPI_ROUTING_PLANS] * sc->strategies[s].routing_iterations);
    assert_true(cpu[d] >= 0.0);
  }
  assert_true(plans > (double)round_days); /* some re-plans found new stops */
  free(daily);
  free(cpu);
  lm_scenario_destroy(sc);
}

/* Every routing KPI is the same in a second run of the same replication (the CPU time is
 * not compared: it is not reproducible). */
static void test_reproducible(void **state) {
  (void)state;
  lm_scenario *sc = load(LM_SOURCE_DIR "/tests/fixtures/sameday.yaml");
  size_t days = sc->days - sc->warmup_days;
  for (size_t s = 0; s < sc->n_strategies; s++) {
    double *a, *b, *ca, *cb;
    run(sc, s, 2, -1, &a, &ca, NULL);
    run(sc, s, 2, -1, &b, &cb, NULL);
    assert_memory_equal(a, b, days * LM_KPI_COUNT * sizeof *a);
    free(a), free(b), free(ca), free(cb);
  }
  lm_scenario_destroy(sc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_small_closed_forms),
      cmocka_unit_test(test_replans_counted),
      cmocka_unit_test(test_reproducible),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
