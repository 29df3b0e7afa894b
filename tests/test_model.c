/* test_model.c — the first delivery model: conservation, the presence model's extremes,
 * the attempt limit, and reproducibility.
 *
 * Each test loads tests/fixtures/small.yaml, changes one setting in the struct, and runs
 * one replication; the closed-form cases are exact (presence 1 or 0), so no tolerance is
 * needed there.
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
#include "lastmile/routing.h"
#include "lastmile/scenario.h"

#include "scenario_fixture.h"
#include "lastmile/stats.h"

static lm_scenario *load_named(const char *path) { return lm_test_load(path); }

static lm_scenario *load_fixture(void) {
  return load_named(LM_SOURCE_DIR "/tests/fixtures/small.yaml");
}

/* The same presence probability p in every hour of every day, weekends included. */
static void set_presence(lm_scenario *sc, double p) {
  for (int h = 0; h < LM_HOURS; h++)
    sc->customers.presence_by_hour[h] = sc->customers.presence_by_hour_weekend[h] = p;
}

/* Runs strategy s, replication r; returns the replication KPIs in k. */
static void run_one(lm_scenario *sc, size_t s, uint64_t r, double *k) {
  lm_model *m = lm_model_create(sc);
  assert_non_null(m);
  double *daily = calloc((sc->days - sc->warmup_days) * LM_KPI_COUNT, sizeof *daily);
  lm_diag *diag = lm_diag_create();
  int rc = lm_model_run(m, s, 1234, r, k, daily, diag);
  lm_diag_print(diag, stderr);
  assert_int_equal(rc, 0);
  /* Daily counts add up to the replication's. */
  double created = 0.0;
  for (size_t d = 0; d < sc->days - sc->warmup_days; d++)
    created += daily[d * LM_KPI_COUNT + LM_KPI_PARCELS_CREATED];
  assert_true(created == k[LM_KPI_PARCELS_CREATED]);
  lm_diag_destroy(diag);
  free(daily);
  lm_model_destroy(m);
}

static void test_everybody_home(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  set_presence(sc, 1.0);
  double k[LM_KPI_COUNT];
  run_one(sc, 0, 0, k);
  assert_true(k[LM_KPI_FAILED_ATTEMPTS] == 0.0);
  assert_true(k[LM_KPI_RETURNED] == 0.0);
  assert_true(k[LM_KPI_FIRST_ATTEMPT_SUCCESS_RATE] == 1.0);
  assert_true(k[LM_KPI_FIRST_ATTEMPT_SUCCESSES] == k[LM_KPI_FIRST_ATTEMPTS]);
  assert_true(k[LM_KPI_RECEIVED] > 0.0);
  assert_true(k[LM_KPI_ON_TIME_RATE] > 0.95);
  assert_true(k[LM_KPI_VAN_KM] > 0.0);
  lm_scenario_destroy(sc);
}

static void test_nobody_home(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  set_presence(sc, 0.0);
  double k[LM_KPI_COUNT];
  run_one(sc, 1, 0, k); /* one attempt: every attempted parcel comes back and is returned */
  assert_true(k[LM_KPI_RECEIVED] == 0.0);
  assert_true(k[LM_KPI_FAILED_ATTEMPTS] == k[LM_KPI_ATTEMPTS]);
  assert_true(k[LM_KPI_RETURNED] == k[LM_KPI_ATTEMPTS]);
  assert_true(k[LM_KPI_REDELIVERIES] == 0.0);
  lm_scenario_destroy(sc);
}

static void test_more_attempts_fewer_returns(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  double three[LM_KPI_COUNT], one[LM_KPI_COUNT];
  run_one(sc, 0, 2, three);
  run_one(sc, 1, 2, one);
  /* Same world in both: the same parcels are created. */
  assert_true(three[LM_KPI_PARCELS_CREATED] == one[LM_KPI_PARCELS_CREATED]);
  assert_true(three[LM_KPI_RETURNED] < one[LM_KPI_RETURNED]);
  assert_true(three[LM_KPI_RECEIVED] > one[LM_KPI_RECEIVED]);
  assert_true(three[LM_KPI_REDELIVERIES] > 0.0);
  assert_true(one[LM_KPI_REDELIVERIES] == 0.0);
  lm_scenario_destroy(sc);
}

static void test_reproducible(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  double a[LM_KPI_COUNT], b[LM_KPI_COUNT], c[LM_KPI_COUNT];
  run_one(sc, 0, 5, a);
  run_one(sc, 0, 5, b);
  run_one(sc, 0, 6, c);
  assert_memory_equal(a, b, sizeof a);
  assert_true(memcmp(a, c, sizeof a) != 0);
  lm_scenario_destroy(sc);
}

/* Leave-at-door variants of strategy 0 with the given hazard in every zone. */
static void door_strategy(lm_scenario *sc, double hazard, double packaging) {
  for (size_t z = 0; z < sc->n_zones; z++) sc->zones[z].theft_hazard_per_hour = hazard;
  sc->strategies[0].not_home = LM_NOT_HOME_LEAVE_AT_DOOR;
  sc->strategies[0].packaging_factor = packaging;
}

static void test_leave_at_door_without_thieves(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  door_strategy(sc, 0.0, 1.0);
  double k[LM_KPI_COUNT];
  run_one(sc, 0, 0, k);
  assert_true(k[LM_KPI_STOLEN] == 0.0);
  assert_true(k[LM_KPI_RETURNED] == 0.0); /* nothing rides back */
  assert_true(k[LM_KPI_REDELIVERIES] == 0.0);
  assert_true(k[LM_KPI_RECEIVED_DOOR] > 0.0);
  assert_true(k[LM_KPI_RECEIVED] == k[LM_KPI_RECEIVED_HOME] + k[LM_KPI_RECEIVED_DOOR]);
  lm_scenario_destroy(sc);
}

static void test_more_hazard_more_thefts(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  double low[LM_KPI_COUNT], high[LM_KPI_COUNT], discreet[LM_KPI_COUNT], taken[LM_KPI_COUNT];
  door_strategy(sc, 0.02, 1.0);
  run_one(sc, 0, 1, low);
  door_strategy(sc, 0.2, 1.0);
  run_one(sc, 0, 1, high);
  door_strategy(sc, 0.2, 0.3);
  run_one(sc, 0, 1, discreet);
  sc->strategies[0].not_home = LM_NOT_HOME_TAKE_BACK; /* signature: nothing left unattended */
  run_one(sc, 0, 1, taken);
  print_message("stolen: hazard 0.02 %.0f, 0.2 %.0f, 0.2 discreet %.0f, taken back %.0f\n",
                low[LM_KPI_STOLEN], high[LM_KPI_STOLEN], discreet[LM_KPI_STOLEN],
                taken[LM_KPI_STOLEN]);
  assert_true(low[LM_KPI_STOLEN] > 0.0);
  assert_true(high[LM_KPI_STOLEN] > low[LM_KPI_STOLEN]);
  assert_true(discreet[LM_KPI_STOLEN] < high[LM_KPI_STOLEN]);
  assert_true(high[LM_KPI_STOLEN_VALUE] > low[LM_KPI_STOLEN_VALUE]);
  assert_true(taken[LM_KPI_STOLEN] == 0.0);
  assert_true(taken[LM_KPI_ATTEMPTS] > high[LM_KPI_ATTEMPTS]); /* more attempts instead */
  lm_scenario_destroy(sc);
}

/* The other answers to nobody home, on one world with a high hazard: a safe place is a
 * door with a quarter of the hazard, a neighbour cannot be robbed and saves redeliveries;
 * with no safe places or no neighbours the strategy is exactly "take back". */
static void test_neighbour_and_safe_place(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  double door[LM_KPI_COUNT], safe[LM_KPI_COUNT], neigh[LM_KPI_COUNT], taken[LM_KPI_COUNT];
  double none[LM_KPI_COUNT];
  door_strategy(sc, 0.2, 1.0);
  run_one(sc, 0, 3, door);
  sc->customers.safe_place_share = 1.0;
  sc->theft.safe_place_factor = 0.25;
  sc->strategies[0].not_home = LM_NOT_HOME_SAFE_PLACE;
  run_one(sc, 0, 3, safe);
  sc->strategies[0].not_home = LM_NOT_HOME_NEIGHBOUR;
  sc->customers.neighbour_share = 0.8;
  run_one(sc, 0, 3, neigh);
  sc->strategies[0].not_home = LM_NOT_HOME_TAKE_BACK;
  run_one(sc, 0, 3, taken);
  print_message("stolen: door %.0f, safe place %.0f, neighbour %.0f; attempts: neighbour %.0f, "
                "taken back %.0f\n",
                door[LM_KPI_STOLEN], safe[LM_KPI_STOLEN], neigh[LM_KPI_STOLEN],
                neigh[LM_KPI_ATTEMPTS], taken[LM_KPI_ATTEMPTS]);
  assert_true(safe[LM_KPI_STOLEN] > 0.0 && safe[LM_KPI_STOLEN] < door[LM_KPI_STOLEN]);
  assert_true(safe[LM_KPI_RECEIVED_SAFE_PLACE] > 0.0 && safe[LM_KPI_RECEIVED_DOOR] == 0.0);
  assert_true(neigh[LM_KPI_STOLEN] == 0.0 && neigh[LM_KPI_RECEIVED_NEIGHBOUR] > 0.0);
  assert_true(neigh[LM_KPI_ATTEMPTS] < taken[LM_KPI_ATTEMPTS]);
  assert_true(neigh[LM_KPI_RECEIVED] ==
              neigh[LM_KPI_RECEIVED_HOME] + neigh[LM_KPI_RECEIVED_NEIGHBOUR]);
  sc->strategies[0].not_home = LM_NOT_HOME_NEIGHBOUR;
  sc->customers.neighbour_share = 0.0;
  run_one(sc, 0, 3, none);
  assert_memory_equal(none, taken, sizeof none);
  sc->strategies[0].not_home = LM_NOT_HOME_SAFE_PLACE;
  sc->customers.safe_place_share = 0.0;
  run_one(sc, 0, 3, none);
  assert_memory_equal(none, taken, sizeof none);
  lm_scenario_destroy(sc);
}

/* tests/fixtures/lockers.yaml: strategy 0 home first, 1 locker first, 2 redirect. */
static void test_lockers(void **state) {
  (void)state;
  lm_scenario *sc = load_named(LM_SOURCE_DIR "/tests/fixtures/lockers.yaml");
  double home[LM_KPI_COUNT], first[LM_KPI_COUNT], redirect[LM_KPI_COUNT];
  run_one(sc, 0, 3, home);
  run_one(sc, 1, 3, first);
  run_one(sc, 2, 3, redirect);
  double sites_home = home[LM_KPI_RECEIVED_LOCKER] + home[LM_KPI_RECEIVED_PICKUP_POINT];
  double sites_first = first[LM_KPI_RECEIVED_LOCKER] + first[LM_KPI_RECEIVED_PICKUP_POINT];
  assert_true(sites_home > 0.0); /* customers who chose a locker use it in every strategy */
  assert_true(sites_first > sites_home);
  assert_true(redirect[LM_KPI_RECEIVED_LOCKER] > home[LM_KPI_RECEIVED_LOCKER]);
  assert_true(redirect[LM_KPI_RETURNED] < home[LM_KPI_RETURNED]);
  assert_true(first[LM_KPI_LOCKER_UTILIZATION] > home[LM_KPI_LOCKER_UTILIZATION]);
  assert_true(first[LM_KPI_LOCKER_UTILIZATION] <= 1.0);
  for (int k = 0; k < LM_KPI_COUNT; k++)
    assert_false(isnan(first[k]) && k != LM_KPI_MEAN_LATENESS_S &&
                 k != LM_KPI_SAME_DAY_DELIVERED_SHARE); /* no same-day orders here */
  lm_scenario_destroy(sc);
}

/* More compartments, less overflow; none at all when the lockers are big enough. */
static void test_more_lockers_less_overflow(void **state) {
  (void)state;
  lm_scenario *sc = load_named(LM_SOURCE_DIR "/tests/fixtures/lockers.yaml");
  double k[3][LM_KPI_COUNT];
  const double scale[3] = {0.25, 1.0, 100.0};
  double base[LM_MAX_LOCKERS][LM_MAX_SIZES];
  for (size_t l = 0; l < sc->n_lockers; l++)
    for (size_t i = 0; i < sc->lockers[l].n_compartment_sizes; i++)
      base[l][i] = sc->lockers[l].compartments[i];
  for (int v = 0; v < 3; v++) {
    for (size_t l = 0; l < sc->n_lockers; l++)
      for (size_t i = 0; i < sc->lockers[l].n_compartment_sizes; i++)
        sc->lockers[l].compartments[i] = ceil(base[l][i] * scale[v]);
    run_one(sc, 1, 4, k[v]);
  }
  print_message("overflow: %.0f, %.0f, %.0f\n", k[0][LM_KPI_LOCKER_OVERFLOW],
                k[1][LM_KPI_LOCKER_OVERFLOW], k[2][LM_KPI_LOCKER_OVERFLOW]);
  assert_true(k[0][LM_KPI_LOCKER_OVERFLOW] > k[1][LM_KPI_LOCKER_OVERFLOW]);
  assert_true(k[1][LM_KPI_LOCKER_OVERFLOW] > k[2][LM_KPI_LOCKER_OVERFLOW]);
  assert_true(k[2][LM_KPI_LOCKER_OVERFLOW] == 0.0);
  lm_scenario_destroy(sc);
}

/* Weekday, month and peak factors reach the daily Poisson counts. */
static void test_demand_calendar(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  sc->warmup_days = 0;
  sc->start_date = lm_date_from_ymd(2024, 1, 1); /* a Monday */
  sc->demand.weekday_factor[6] = 0.0;            /* no orders on Sundays: day 6 */
  sc->demand.n_peaks = 1;
  sc->demand.peaks[0] =
      (lm_peak){.name = "sale", .date = lm_date_from_ymd(2024, 1, 3), .factor = 3.0};
  assert_true(lm_scenario_demand_factor(sc, 2) == 3.0);
  assert_true(lm_scenario_demand_factor(sc, 6) == 0.0);
  assert_true(lm_scenario_demand_factor(sc, 13) == 0.0);
  sc->start_date = lm_date_from_ymd(2023, 12, 26); /* day 6 is 1 January: a new month */
  sc->demand.month_factor[0] = 2.0;
  assert_true(lm_scenario_demand_factor(sc, 4) == 1.0); /* Saturday 30 December */
  assert_true(lm_scenario_demand_factor(sc, 7) == 2.0);
  sc->start_date = lm_date_from_ymd(2024, 1, 1);
  sc->demand.month_factor[0] = 1.0;
  lm_model *m = lm_model_create(sc);
  double k[LM_KPI_COUNT], daily[7 * LM_KPI_COUNT];
  lm_diag *diag = lm_diag_create();
  assert_int_equal(lm_model_run(m, 0, 99, 0, k, daily, diag), 0);
  double sale = daily[2 * LM_KPI_COUNT + LM_KPI_PARCELS_CREATED];
  double sunday = daily[6 * LM_KPI_COUNT + LM_KPI_PARCELS_CREATED];
  print_message("created on the sale day %.0f (expected 450), on Sunday %.0f\n", sale, sunday);
  assert_true(fabs(sale - 450.0) < 4.0 * sqrt(450.0)); /* Poisson, 4 sd */
  assert_true(sunday == 0.0);
  lm_diag_destroy(diag);
  lm_model_destroy(m);
  lm_scenario_destroy(sc);
}

static void test_more_vans_less_lateness(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  double few[LM_KPI_COUNT], many[LM_KPI_COUNT];
  sc->strategies[0].vans = 1;
  run_one(sc, 0, 0, few);
  sc->strategies[0].vans = 4;
  run_one(sc, 0, 0, many);
  print_message("lateness with 1 van %.0f s, with 4 vans %.0f s\n", few[LM_KPI_MEAN_LATENESS_S],
                many[LM_KPI_MEAN_LATENESS_S]);
  assert_true(many[LM_KPI_MEAN_LATENESS_S] < few[LM_KPI_MEAN_LATENESS_S]);
  assert_true(many[LM_KPI_ON_TIME_RATE] > few[LM_KPI_ON_TIME_RATE]);
  lm_scenario_destroy(sc);
}

/* Slower roads, incidents and bad weather all make the same plans take longer. */
static void test_traffic_slows_the_vans(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  double calm[LM_KPI_COUNT], jam[LM_KPI_COUNT];
  run_one(sc, 0, 0, calm);
  for (size_t z = 0; z < sc->n_zones; z++)
    for (int h = 7; h < 19; h++) sc->zones[z].speed_factor_by_hour[h] = 0.5;
  sc->traffic.incidents_per_day = 3;
  sc->traffic.bad_weather_probability = 0.5;
  sc->traffic.day_noise_cv = 0.2;
  sc->traffic.trip_noise_cv = 0.3;
  run_one(sc, 0, 0, jam);
  print_message("van hours: calm %.1f, jammed %.1f; overtime %.1f\n", calm[LM_KPI_VAN_HOURS],
                jam[LM_KPI_VAN_HOURS], jam[LM_KPI_OVERTIME_HOURS]);
  assert_true(jam[LM_KPI_VAN_HOURS] > calm[LM_KPI_VAN_HOURS]);
  assert_true(calm[LM_KPI_PARCELS_CREATED] == jam[LM_KPI_PARCELS_CREATED]); /* same orders */
  lm_scenario_destroy(sc);
}

/* An evening wave that tries again what failed in the day catches customers who are home
 * after work. */
static void test_evening_wave(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  double one[LM_KPI_COUNT], two[LM_KPI_COUNT];
  sc->strategies[1].max_attempts = 2;
  sc->strategies[1].reattempt_same_day = 1;
  run_one(sc, 1, 0, one);
  sc->strategies[1].n_waves = 2;
  sc->strategies[1].waves[0] = (lm_wave){8 * 3600.0, 16 * 3600.0};
  sc->strategies[1].waves[1] = (lm_wave){18 * 3600.0, 21 * 3600.0};
  run_one(sc, 1, 0, two);
  print_message("received: one wave %.0f, with an evening wave %.0f; van hours %.1f -> %.1f\n",
                one[LM_KPI_RECEIVED], two[LM_KPI_RECEIVED], one[LM_KPI_VAN_HOURS],
                two[LM_KPI_VAN_HOURS]);
  assert_true(two[LM_KPI_RECEIVED] > one[LM_KPI_RECEIVED]);
  assert_true(two[LM_KPI_RETURNED] < one[LM_KPI_RETURNED]);
  assert_true(two[LM_KPI_VANS_USED] <= (double)sc->van.count);
  lm_scenario_destroy(sc);
}

/* Booked slots: customers are home far more often, at the price of tighter routes. */
static void test_booked_slots(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  double free_k[LM_KPI_COUNT], slots[LM_KPI_COUNT];
  run_one(sc, 0, 0, free_k);
  sc->strategies[0].slot_h = 2.0;
  run_one(sc, 0, 0, slots);
  double fail_free = free_k[LM_KPI_FAILED_ATTEMPTS] / free_k[LM_KPI_ATTEMPTS];
  double fail_slots = slots[LM_KPI_FAILED_ATTEMPTS] / slots[LM_KPI_ATTEMPTS];
  print_message("failed share: free %.3f, booked 2 h slots %.3f; van km %.0f -> %.0f\n", fail_free,
                fail_slots, free_k[LM_KPI_VAN_KM], slots[LM_KPI_VAN_KM]);
  assert_true(fail_slots < fail_free);
  assert_true(fail_slots < 0.1); /* presence_in_slot is 0.95, vans are rarely late here */
  lm_scenario_destroy(sc);
}

/* Customers read from a CSV file take the place of the zones' generated ones. */
static void test_customers_from_file(void **state) {
  (void)state;
  lm_scenario *sc = load_named(LM_SOURCE_DIR "/tests/fixtures/from_csv.yaml");
  assert_int_equal(lm_scenario_customer_count(sc), 250);
  assert_true(sc->file_x_km[0] == 2.877 && sc->file_y_km[0] == 0.020); /* the first line */
  double k[LM_KPI_COUNT];
  run_one(sc, 0, 0, k);
  assert_true(k[LM_KPI_RECEIVED] > 0.0);
  lm_scenario_destroy(sc);
}

/* With the same presence probability p in every hour, an attempt fails with probability
 * 1 - p whatever its time: the failed share over replications (independent, so a
 * Student-t interval is valid even though parcels of one stop share a draw) must hold
 * 1 - p at 99% confidence. */
static void expect_failed_share(double presence, double eta_share, double expected) {
  lm_scenario *sc = load_fixture();
  set_presence(sc, presence);
  sc->customers.eta_home_share = eta_share;
  sc->strategies[0].eta_notification = eta_share > 0.0;
  double share[12];
  for (uint64_t r = 0; r < 12; r++) {
    double k[LM_KPI_COUNT];
    run_one(sc, 0, r, k);
    share[r] = k[LM_KPI_FAILED_ATTEMPTS] / k[LM_KPI_ATTEMPTS];
  }
  lm_ci ci = lm_ci_of(share, 12, 1, 0.99);
  print_message("presence %.2f, ETA share %.2f: failed share %.4f, 99%% CI [%.4f, %.4f], "
                "model %.4f\n",
                presence, eta_share, ci.mean, ci.low, ci.high, expected);
  assert_true(ci.low <= expected && expected <= ci.high);
  lm_scenario_destroy(sc);
}

static void test_failures_match_presence(void **state) {
  (void)state;
  expect_failed_share(0.65, 0.0, 0.35);
}

/* An ETA notice brings home a share b of those who would be out: with presence p in every
 * hour an attempt then fails with probability (1 - p)(1 - b), checked like the presence
 * model above (12 replications, 99% Student-t interval). */
static void test_eta_notification(void **state) {
  (void)state;
  expect_failed_share(0.65, 0.4, 0.35 * 0.6);
}

/* The strategy's routing options reach the routing core: a stop that costs nothing to
 * leave is left (no delivery at all), and the fewest-vans objective uses no more vans than
 * the distance objective. */
static void test_routing_options(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  double free_k[LM_KPI_COUNT], dist[LM_KPI_COUNT], vans[LM_KPI_COUNT];
  sc->strategies[0].unserved_penalty_eur = 0.0;
  run_one(sc, 0, 0, free_k);
  assert_true(free_k[LM_KPI_RECEIVED] == 0.0 && free_k[LM_KPI_VAN_KM] == 0.0);
  sc->strategies[0].unserved_penalty_eur = 1e6;
  sc->strategies[0].objective = LM_OBJ_DISTANCE;
  run_one(sc, 0, 0, dist);
  sc->strategies[0].objective = LM_OBJ_VEHICLES;
  run_one(sc, 0, 0, vans);
  print_message("vans used: distance objective %.2f, vehicles objective %.2f\n",
                dist[LM_KPI_VANS_USED], vans[LM_KPI_VANS_USED]);
  assert_true(vans[LM_KPI_VANS_USED] <= dist[LM_KPI_VANS_USED]);
  lm_scenario_destroy(sc);
}

/* Customers from a Solomon instance (C101): each lands at its offset from the instance's
 * depot, orders in proportion to its demand, and has its time window as a booked window.
 * Demand shares are checked against a binomial at 4 standard deviations. */
static void test_customers_from_instance(void **state) {
  (void)state;
  lm_scenario *sc = load_named(LM_SOURCE_DIR "/tests/fixtures/instance.yaml");
  assert_int_equal(lm_scenario_customer_count(sc), 100);
  /* C101 customer 1 is at (45, 68) with demand 10 and window [912, 967]; the depot at
   * (40, 50); 50 m per unit, 30 s per time unit from the 08:00 shift start. */
  assert_true(fabs(sc->file_x_km[0] - 0.25) < 1e-12 && fabs(sc->file_y_km[0] - 0.9) < 1e-12);
  assert_true(sc->file_weight[0] == 10.0 && sc->file_weight[1] == 30.0);
  assert_true(sc->file_open_s[0] == 8 * 3600.0 + 912 * 30.0);
  assert_true(sc->file_close_s[0] == 8 * 3600.0 + 967 * 30.0);
  double booked[LM_KPI_COUNT], open[LM_KPI_COUNT];
  lm_model *m = lm_model_create(sc);
  double daily[4 * LM_KPI_COUNT];
  lm_diag *diag = lm_diag_create();
  assert_int_equal(lm_model_run(m, 0, 5, 0, booked, daily, diag), 0);
  lm_parcel_log log;
  assert_int_equal(lm_model_parcel_log(m, &log), 0);
  double total_w = 0.0, heavy_w = 0.0, heavy = 0.0;
  for (size_t c = 0; c < 100; c++) {
    total_w += sc->file_weight[c];
    if (sc->file_weight[c] >= 30.0) heavy_w += sc->file_weight[c];
  }
  for (size_t i = 0; i < log.n; i++) heavy += sc->file_weight[log.customer[i]] >= 30.0;
  double p = heavy_w / total_w, n = (double)log.n;
  print_message("parcels to customers of demand >= 30: %.0f of %.0f, expected %.1f\n", heavy, n,
                n * p);
  assert_true(fabs(heavy - n * p) < 4.0 * sqrt(n * p * (1.0 - p)));
  lm_parcel_log_clear(&log);
  for (size_t c = 0; c < 100; c++) sc->file_open_s[c] = NAN; /* no windows: presence by hour */
  assert_int_equal(lm_model_run(m, 0, 5, 0, open, daily, diag), 0);
  double fail_booked = booked[LM_KPI_FAILED_ATTEMPTS] / booked[LM_KPI_ATTEMPTS];
  double fail_open = open[LM_KPI_FAILED_ATTEMPTS] / open[LM_KPI_ATTEMPTS];
  print_message("failed share: booked windows %.3f, none %.3f\n", fail_booked, fail_open);
  assert_true(fail_booked < 0.1 && fail_open > 0.25);
  lm_diag_destroy(diag);
  lm_model_destroy(m);
  lm_scenario_destroy(sc);
}

/* Without demand.parcels_per_day, an instance's total demand is the daily mean. */
static void test_instance_demand_default(void **state) {
  (void)state;
  char path[4096], text[4096];
  snprintf(path, sizeof path, "%s/instance-default.yaml", LM_BINARY_DIR);
  FILE *in = fopen(LM_SOURCE_DIR "/tests/fixtures/instance.yaml", "r");
  assert_non_null(in);
  size_t len = fread(text, 1, sizeof text - 1, in);
  fclose(in);
  text[len] = '\0';
  char *at = strstr(text, "  parcels_per_day: 200\n");
  assert_non_null(at);
  memmove(at, at + strlen("  parcels_per_day: 200\n"),
          strlen(at) - strlen("  parcels_per_day: 200\n") + 1);
  at = strstr(text, "instance: instances/C101.txt");
  assert_non_null(at);
  char rest[4096];
  snprintf(rest, sizeof rest, "%s", at + strlen("instance: instances/C101.txt"));
  snprintf(at, sizeof text - (size_t)(at - text), "instance: C101.txt%s", rest);
  FILE *out = fopen(path, "w");
  assert_non_null(out);
  fputs(text, out);
  fclose(out);
  /* The instance next to the scenario: file names are relative to the scenario's folder. */
  char copy[4096];
  snprintf(copy, sizeof copy, "cp '%s/tests/fixtures/instances/C101.txt' '%s/C101.txt'",
           LM_SOURCE_DIR, LM_BINARY_DIR);
  assert_int_equal(system(copy), 0);
  lm_scenario *sc = load_named(path);
  assert_true(sc->demand.parcels_per_day == 1810.0); /* C101's demands add up to 1810 */
  lm_scenario_destroy(sc);
}

/* Same-day orders (tests/fixtures/sameday.yaml: one wave, the same wave re-planned every
 * hour, an afternoon wave): every strategy gets the same same-day orders, re-planning and
 * a later wave deliver more of them that day, and a re-planned run is reproducible. */
static void test_same_day(void **state) {
  (void)state;
  lm_scenario *sc = load_named(LM_SOURCE_DIR "/tests/fixtures/sameday.yaml");
  double one[LM_KPI_COUNT], replan[LM_KPI_COUNT], again[LM_KPI_COUNT], later[LM_KPI_COUNT];
  run_one(sc, 0, 1, one);
  run_one(sc, 1, 1, replan);
  run_one(sc, 1, 1, again);
  run_one(sc, 2, 1, later);
  print_message("same-day parcels %.0f; delivered that day: one wave %.3f, re-planned hourly "
                "%.3f, afternoon wave %.3f\n",
                one[LM_KPI_SAME_DAY_PARCELS], one[LM_KPI_SAME_DAY_DELIVERED_SHARE],
                replan[LM_KPI_SAME_DAY_DELIVERED_SHARE], later[LM_KPI_SAME_DAY_DELIVERED_SHARE]);
  assert_true(one[LM_KPI_SAME_DAY_PARCELS] > 0.0);
  assert_true(replan[LM_KPI_SAME_DAY_PARCELS] == one[LM_KPI_SAME_DAY_PARCELS]);
  assert_true(later[LM_KPI_SAME_DAY_PARCELS] == one[LM_KPI_SAME_DAY_PARCELS]);
  assert_true(replan[LM_KPI_SAME_DAY_DELIVERED_SHARE] > one[LM_KPI_SAME_DAY_DELIVERED_SHARE]);
  assert_true(later[LM_KPI_SAME_DAY_DELIVERED_SHARE] > one[LM_KPI_SAME_DAY_DELIVERED_SHARE]);
  assert_memory_equal(replan, again, sizeof replan);
  /* Without same-day orders the share is undefined and re-planning changes nothing. */
  sc->demand.same_day_share = 0.0;
  double plain[LM_KPI_COUNT], plain_replan[LM_KPI_COUNT];
  run_one(sc, 0, 1, plain);
  assert_true(plain[LM_KPI_SAME_DAY_PARCELS] == 0.0);
  assert_true(isnan(plain[LM_KPI_SAME_DAY_DELIVERED_SHARE]));
  sc->strategies[1].unserved_penalty_eur = 1e6;
  run_one(sc, 1, 1, plain_replan);
  assert_true(plain_replan[LM_KPI_PARCELS_CREATED] == plain[LM_KPI_PARCELS_CREATED]);
  lm_scenario_destroy(sc);
}

/* With everybody at home, a long wave re-planned every half hour and room in the vans,
 * every same-day order (all placed by the 14:00 cutoff) is received the same day. */
static void test_same_day_when_capacity_allows(void **state) {
  (void)state;
  lm_scenario *sc = load_named(LM_SOURCE_DIR "/tests/fixtures/sameday.yaml");
  set_presence(sc, 1.0);
  sc->van.shift_end_s = 20 * 3600.0;
  sc->strategies[1].replan_every_h = 0.5;
  double k[LM_KPI_COUNT];
  run_one(sc, 1, 2, k);
  print_message("same-day parcels %.0f, delivered that day %.4f\n", k[LM_KPI_SAME_DAY_PARCELS],
                k[LM_KPI_SAME_DAY_DELIVERED_SHARE]);
  assert_true(k[LM_KPI_SAME_DAY_PARCELS] > 0.0);
  assert_true(k[LM_KPI_SAME_DAY_DELIVERED_SHARE] == 1.0);
  lm_scenario_destroy(sc);
}

/* The risk-aware door strategy (leave_at_door_max_hazard): below every zone's hazard it is
 * exactly the redirect strategy, above every hazard exactly leave-at-door, and in between
 * it leaves parcels at the safe doors only (tests/fixtures/lockers.yaml, strategy 2
 * redirects). */
static void test_risk_aware_door(void **state) {
  (void)state;
  lm_scenario *sc = load_named(LM_SOURCE_DIR "/tests/fixtures/lockers.yaml");
  sc->zones[0].theft_hazard_per_hour = 0.2; /* the core: risky */
  sc->zones[1].theft_hazard_per_hour = 0.01;
  double redirect[LM_KPI_COUNT], never[LM_KPI_COUNT], door[LM_KPI_COUNT], always[LM_KPI_COUNT],
      hybrid[LM_KPI_COUNT];
  run_one(sc, 2, 3, redirect);
  lm_strategy *st = &sc->strategies[2];
  st->not_home = LM_NOT_HOME_LEAVE_AT_DOOR;
  st->leave_at_door_max_hazard = 0.0;
  run_one(sc, 2, 3, never);
  st->leave_at_door_max_hazard = INFINITY;
  run_one(sc, 2, 3, door);
  st->leave_at_door_max_hazard = 100.0;
  run_one(sc, 2, 3, always);
  st->leave_at_door_max_hazard = 0.05;
  run_one(sc, 2, 3, hybrid);
  print_message("stolen: door %.0f, risk-aware %.0f, redirect %.0f; at doors %.0f, %.0f; in "
                "lockers %.0f, %.0f, %.0f\n",
                door[LM_KPI_STOLEN], hybrid[LM_KPI_STOLEN], redirect[LM_KPI_STOLEN],
                door[LM_KPI_RECEIVED_DOOR], hybrid[LM_KPI_RECEIVED_DOOR],
                door[LM_KPI_RECEIVED_LOCKER], hybrid[LM_KPI_RECEIVED_LOCKER],
                redirect[LM_KPI_RECEIVED_LOCKER]);
  assert_memory_equal(never, redirect, sizeof never);
  assert_memory_equal(always, door, sizeof always);
  assert_true(hybrid[LM_KPI_STOLEN] < door[LM_KPI_STOLEN]);
  assert_true(hybrid[LM_KPI_RECEIVED_DOOR] > 0.0);
  assert_true(hybrid[LM_KPI_RECEIVED_DOOR] < door[LM_KPI_RECEIVED_DOOR]);
  assert_true(hybrid[LM_KPI_RECEIVED_LOCKER] > door[LM_KPI_RECEIVED_LOCKER]);
  lm_scenario_destroy(sc);
}

/* tests/fixtures/fleet.yaml: 0 vans, 1 cargo bikes in the core, 2 drones for the farms,
 * 3 electric vans. */
static lm_scenario *load_fleet(void) {
  return load_named(LM_SOURCE_DIR "/tests/fixtures/fleet.yaml");
}

/* Cargo bikes are not slowed by car congestion: a bike-only fleet's results are the same,
 * bit for bit, whatever the zones' hourly speeds, incidents and day noise, but for the cost
 * of the vans that stock the micro-hub; the vans' own change. */
static void test_cargo_bikes_ignore_congestion(void **state) {
  (void)state;
  lm_scenario *sc = load_fleet();
  lm_strategy *bikes = &sc->strategies[1];
  bikes->fleet_mix[LM_VEHICLE_VAN] = 0;
  bikes->fleet_mix[LM_VEHICLE_CARGO_BIKE] = 4;
  for (int k = 0; k < LM_VEHICLE_KINDS; k++) bikes->zone_mask[k] = UINT64_MAX;
  sc->traffic.bad_weather_probability = 0.0; /* weather and incidents share a stream */
  double free_b[LM_KPI_COUNT], jam_b[LM_KPI_COUNT], free_v[LM_KPI_COUNT], jam_v[LM_KPI_COUNT];
  run_one(sc, 1, 0, free_b);
  run_one(sc, 0, 0, free_v);
  for (size_t z = 0; z < sc->n_zones; z++)
    for (int h = 0; h < LM_HOURS; h++) sc->zones[z].speed_factor_by_hour[h] = 0.3;
  sc->traffic.incidents_per_day = 5;
  sc->traffic.day_noise_cv = 0.3;
  run_one(sc, 1, 0, jam_b);
  run_one(sc, 0, 0, jam_v);
  print_message("bikes: %.1f km, %.0f received, the same in a jam: %.1f km, %.0f received; "
                "vans: %.1f h, in the jam %.1f h\n",
                free_b[LM_KPI_CARGO_BIKE_KM], free_b[LM_KPI_RECEIVED], jam_b[LM_KPI_CARGO_BIKE_KM],
                jam_b[LM_KPI_RECEIVED], free_v[LM_KPI_VAN_HOURS], jam_v[LM_KPI_VAN_HOURS]);
  assert_true(free_b[LM_KPI_CARGO_BIKE_KM] > 0.0 && free_b[LM_KPI_VANS_USED] == 0.0);
  /* Only the vans that stock the micro-hub feel the jam: their driving time costs more. */
  assert_true(jam_b[LM_KPI_COST_RESTOCK] > free_b[LM_KPI_COST_RESTOCK]);
  assert_true(jam_b[LM_KPI_RESTOCK_TRIPS] == free_b[LM_KPI_RESTOCK_TRIPS]);
  static const lm_kpi restock_priced[] = {LM_KPI_COST_RESTOCK, LM_KPI_COST_TOTAL,
                                          LM_KPI_COST_PER_PARCEL};
  for (size_t i = 0; i < sizeof restock_priced / sizeof restock_priced[0]; i++)
    free_b[restock_priced[i]] = jam_b[restock_priced[i]] = 0.0;
  assert_memory_equal(free_b, jam_b, sizeof free_b);
  assert_true(jam_v[LM_KPI_VAN_HOURS] > free_v[LM_KPI_VAN_HOURS]);
  lm_scenario_destroy(sc);
}

/* Drones stay grounded on bad-weather days: with every day bad they deliver nothing; with
 * none they fly (the vans here may not serve the farms, so only drones can). */
static void test_drones_grounded_by_weather(void **state) {
  (void)state;
  lm_scenario *sc = load_fleet();
  sc->strategies[2].zone_mask[LM_VEHICLE_VAN] = 3; /* core and edge only */
  double fair[LM_KPI_COUNT], bad[LM_KPI_COUNT];
  sc->traffic.bad_weather_probability = 0.0;
  run_one(sc, 2, 0, fair);
  sc->traffic.bad_weather_probability = 1.0;
  run_one(sc, 2, 0, bad);
  print_message("drone km: fair weather %.1f (%.2f drones a day), always bad %.1f\n",
                fair[LM_KPI_DRONE_KM], fair[LM_KPI_DRONES_USED], bad[LM_KPI_DRONE_KM]);
  assert_true(fair[LM_KPI_DRONE_KM] > 0.0 && fair[LM_KPI_DRONES_USED] > 0.0);
  assert_true(bad[LM_KPI_DRONE_KM] == 0.0 && bad[LM_KPI_DRONES_USED] == 0.0);
  assert_true(bad[LM_KPI_RECEIVED] < fair[LM_KPI_RECEIVED]); /* the farms wait */
  lm_scenario_destroy(sc);
}

/* An electric van never drives beyond the charge it has: with a range that binds the
 * least charge left on return is still >= 0, and fewer parcels get through than with a
 * range that does not bind. */
static void test_electric_range(void **state) {
  (void)state;
  lm_scenario *sc = load_fleet();
  double tight[LM_KPI_COUNT], wide[LM_KPI_COUNT];
  double margin[2];
  const double range[2] = {12.0, 1000.0};
  for (int i = 0; i < 2; i++) {
    sc->electric_van.range_km = range[i];
    lm_model *m = lm_model_create(sc);
    double daily[4 * LM_KPI_COUNT];
    lm_diag *diag = lm_diag_create();
    assert_int_equal(lm_model_run(m, 3, 1234, 0, i ? wide : tight, daily, diag), 0);
    margin[i] = lm_model_range_margin_km(m);
    lm_diag_destroy(diag);
    lm_model_destroy(m);
  }
  print_message("range 12 km: %.0f received, %.1f km, least charge left %.3f km; range 1000 "
                "km: %.0f received, %.1f km\n",
                tight[LM_KPI_RECEIVED], tight[LM_KPI_ELECTRIC_VAN_KM], margin[0],
                wide[LM_KPI_RECEIVED], wide[LM_KPI_ELECTRIC_VAN_KM]);
  assert_true(margin[0] >= -1e-9 && margin[0] < 12.0);
  assert_true(tight[LM_KPI_ELECTRIC_VAN_KM] > 0.0);
  assert_true(tight[LM_KPI_RECEIVED] < wide[LM_KPI_RECEIVED]);
  lm_scenario_destroy(sc);
}

/* Fleet KPIs add up: every kind's CO2 is its km times its rate, and co2_kg their sum;
 * a micro-hub's shuttle shows in van_km. */
static void test_fleet_kpis_add_up(void **state) {
  (void)state;
  lm_scenario *sc = load_fleet();
  double k[LM_KPI_COUNT];
  run_one(sc, 1, 1, k);
  double sum = k[LM_KPI_VAN_CO2_KG] + k[LM_KPI_ELECTRIC_VAN_CO2_KG] + k[LM_KPI_CARGO_BIKE_CO2_KG] +
               k[LM_KPI_DRONE_CO2_KG];
  assert_true(fabs(sum - k[LM_KPI_CO2_KG]) < 1e-9 * k[LM_KPI_CO2_KG]);
  assert_true(fabs(k[LM_KPI_CARGO_BIKE_CO2_KG] - k[LM_KPI_CARGO_BIKE_KM] * 5e-3) < 1e-9);
  assert_true(k[LM_KPI_CARGO_BIKES_USED] > 0.0 && k[LM_KPI_CARGO_BIKES_USED] <= 3.0);
  assert_true(k[LM_KPI_VANS_USED] <= 3.0);
  lm_scenario_destroy(sc);
}

/* Customer returns: every strategy gets the same requests; what is requested is collected
 * or still pending at the end (no warm-up here, so the KPIs cover every day); with
 * everybody at home nearly all are collected, with nobody at home none. */
static void test_returns(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  sc->warmup_days = 0;
  /* Rounds every day, so that only the last day's requests can still wait at the end. */
  sc->delivery_mask = sc->strategies[0].delivery_mask = sc->strategies[1].delivery_mask = 0x7f;
  sc->demand.returns_per_day = 20;
  double a[LM_KPI_COUNT], b[LM_KPI_COUNT], home[LM_KPI_COUNT], away[LM_KPI_COUNT];
  run_one(sc, 0, 3, a);
  run_one(sc, 1, 3, b);
  print_message("returns: %.0f requested, %.0f collected, %.0f pending\n",
                a[LM_KPI_RETURNS_REQUESTED], a[LM_KPI_RETURNS_COLLECTED],
                a[LM_KPI_RETURNS_PENDING_AT_END]);
  assert_true(a[LM_KPI_RETURNS_REQUESTED] > 0.0);
  assert_true(b[LM_KPI_RETURNS_REQUESTED] == a[LM_KPI_RETURNS_REQUESTED]);
  for (int i = 0; i < 2; i++) {
    const double *k = i ? b : a;
    assert_true(k[LM_KPI_RETURNS_COLLECTED] ==
                k[LM_KPI_RETURNS_REQUESTED] - k[LM_KPI_RETURNS_PENDING_AT_END]);
  }
  set_presence(sc, 1.0);
  run_one(sc, 0, 3, home);
  set_presence(sc, 0.0);
  run_one(sc, 0, 3, away);
  print_message("everybody home: %.0f of %.0f collected; nobody: %.0f\n",
                home[LM_KPI_RETURNS_COLLECTED], home[LM_KPI_RETURNS_REQUESTED],
                away[LM_KPI_RETURNS_COLLECTED]);
  assert_true(home[LM_KPI_RETURNS_COLLECTED] > 0.8 * home[LM_KPI_RETURNS_REQUESTED]);
  assert_true(away[LM_KPI_RETURNS_COLLECTED] == 0.0);
  assert_true(away[LM_KPI_RETURNS_PENDING_AT_END] == away[LM_KPI_RETURNS_REQUESTED]);
  /* Returns take room and time: the same deliveries cost more van km. */
  sc->demand.returns_per_day = 0;
  double none[LM_KPI_COUNT];
  set_presence(sc, 1.0);
  run_one(sc, 0, 3, none);
  assert_true(none[LM_KPI_RETURNS_REQUESTED] == 0.0);
  assert_true(home[LM_KPI_VAN_KM] > none[LM_KPI_VAN_KM]);
  lm_scenario_destroy(sc);
}

/* Runs strategy s, replication r, keeping the daily KPIs too (days x LM_KPI_COUNT, to
 * be freed by the caller). */
static double *run_daily(lm_scenario *sc, size_t s, uint64_t r, double *k) {
  lm_model *m = lm_model_create(sc);
  assert_non_null(m);
  double *daily = calloc((sc->days - sc->warmup_days) * LM_KPI_COUNT, sizeof *daily);
  assert_non_null(daily);
  lm_diag *diag = lm_diag_create();
  int rc = lm_model_run(m, s, 1234, r, k, daily, diag);
  lm_diag_print(diag, stderr);
  assert_int_equal(rc, 0);
  lm_diag_destroy(diag);
  lm_model_destroy(m);
  return daily;
}

/* Stops: by hand, one customer who is always in gets all of a day's parcels at one stop,
 * so a day has one stop exactly when it has attempts, and every attempt succeeds. */
static void test_stops_one_customer(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  set_presence(sc, 1.0);
  sc->zones[0].density_per_km2 = 0.25; /* 2 km x 2 km: one customer */
  sc->zones[1].density_per_km2 = 0.0;
  sc->demand.parcels_per_day = 5.0;
  double k[LM_KPI_COUNT];
  double *daily = run_daily(sc, 0, 1, k);
  double days_with_attempts = 0.0, stops = 0.0;
  for (size_t d = 0; d < sc->days - sc->warmup_days; d++) {
    const double *x = daily + d * LM_KPI_COUNT;
    assert_true(x[LM_KPI_STOPS] == (x[LM_KPI_ATTEMPTS] > 0.0 ? 1.0 : 0.0));
    days_with_attempts += x[LM_KPI_ATTEMPTS] > 0.0;
    stops += x[LM_KPI_STOPS];
  }
  assert_true(days_with_attempts >= 4.0); /* six counted days, five with rounds */
  assert_true(k[LM_KPI_STOPS] == stops);
  assert_true(k[LM_KPI_STOPS] == days_with_attempts);
  assert_true(k[LM_KPI_ATTEMPTS] > k[LM_KPI_STOPS]); /* several parcels share a stop */
  free(daily);
  lm_scenario_destroy(sc);
}

/* Stops against attempts: without sites or returns every stop attempts at least one
 * parcel (stops <= attempts) and a day with attempts has a stop; with lockers a stop is
 * a home attempt or a site visit, at most one per site and plan (one wave a day here). */
static void test_stops_invariants(void **state) {
  (void)state;
  lm_scenario *sc = load_fixture();
  double k[LM_KPI_COUNT];
  double *daily = run_daily(sc, 0, 2, k);
  size_t days = sc->days - sc->warmup_days;
  for (size_t d = 0; d < days; d++) {
    const double *x = daily + d * LM_KPI_COUNT;
    assert_true(x[LM_KPI_STOPS] <= x[LM_KPI_ATTEMPTS]);
    assert_true(x[LM_KPI_STOPS] >= (x[LM_KPI_ATTEMPTS] > 0.0));
  }
  assert_true(k[LM_KPI_STOPS] > 0.0 && k[LM_KPI_STOPS] < k[LM_KPI_ATTEMPTS]);
  free(daily);
  lm_scenario_destroy(sc);
  sc = load_named(LM_SOURCE_DIR "/tests/fixtures/lockers.yaml");
  days = sc->days - sc->warmup_days;
  for (size_t s = 0; s < sc->n_strategies; s++) {
    daily = run_daily(sc, s, 3, k);
    for (size_t d = 0; d < days; d++) {
      const double *x = daily + d * LM_KPI_COUNT;
      assert_true(x[LM_KPI_STOPS] <= x[LM_KPI_ATTEMPTS] + (double)sc->n_lockers);
      assert_true(x[LM_KPI_STOPS] >= (x[LM_KPI_ATTEMPTS] > 0.0));
    }
    free(daily);
  }
  /* Locker first gathers parcels at sites: fewer stops than home first. */
  double home[LM_KPI_COUNT], first[LM_KPI_COUNT];
  free(run_daily(sc, 0, 3, home));
  free(run_daily(sc, 1, 3, first));
  assert_true(first[LM_KPI_STOPS] < home[LM_KPI_STOPS]);
  lm_scenario_destroy(sc);
}

/* A site with more parcels in a plan than a van carries gets several stops: with vans of 8
 * parcels (plenty of them), locker-first leaves no stop unserved and keeps up as home-first
 * does. (With one stop per site, a stop too big for any van was never served: the
 * locker's parcels waited for ever and the backlog grew.) */
static void test_site_stops_split_by_load(void **state) {
  (void)state;
  lm_scenario *sc = load_named(LM_SOURCE_DIR "/tests/fixtures/lockers.yaml");
  sc->van.capacity_parcels = 8;
  sc->van.count = 40;
  for (size_t s = 0; s < sc->n_strategies; s++) sc->strategies[s].vans = 40;
  double home[LM_KPI_COUNT], first[LM_KPI_COUNT];
  run_one(sc, 0, 3, home);
  run_one(sc, 1, 3, first);
  print_message("locker-first: %.0f received at lockers, backlog %.0f (home-first %.0f)\n",
                first[LM_KPI_RECEIVED_LOCKER], first[LM_KPI_BACKLOG_END], home[LM_KPI_BACKLOG_END]);
  assert_true(first[LM_KPI_STOPS_UNSERVED] == 0.0);
  assert_true(first[LM_KPI_RECEIVED_LOCKER] > home[LM_KPI_RECEIVED_LOCKER]);
  assert_true(first[LM_KPI_BACKLOG_END] <= 1.5 * home[LM_KPI_BACKLOG_END] + 5.0);
  lm_scenario_destroy(sc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_everybody_home),
      cmocka_unit_test(test_nobody_home),
      cmocka_unit_test(test_more_attempts_fewer_returns),
      cmocka_unit_test(test_reproducible),
      cmocka_unit_test(test_leave_at_door_without_thieves),
      cmocka_unit_test(test_more_hazard_more_thefts),
      cmocka_unit_test(test_neighbour_and_safe_place),
      cmocka_unit_test(test_lockers),
      cmocka_unit_test(test_site_stops_split_by_load),
      cmocka_unit_test(test_more_lockers_less_overflow),
      cmocka_unit_test(test_demand_calendar),
      cmocka_unit_test(test_more_vans_less_lateness),
      cmocka_unit_test(test_traffic_slows_the_vans),
      cmocka_unit_test(test_evening_wave),
      cmocka_unit_test(test_booked_slots),
      cmocka_unit_test(test_customers_from_file),
      cmocka_unit_test(test_failures_match_presence),
      cmocka_unit_test(test_eta_notification),
      cmocka_unit_test(test_routing_options),
      cmocka_unit_test(test_customers_from_instance),
      cmocka_unit_test(test_instance_demand_default),
      cmocka_unit_test(test_same_day),
      cmocka_unit_test(test_same_day_when_capacity_allows),
      cmocka_unit_test(test_risk_aware_door),
      cmocka_unit_test(test_cargo_bikes_ignore_congestion),
      cmocka_unit_test(test_drones_grounded_by_weather),
      cmocka_unit_test(test_electric_range),
      cmocka_unit_test(test_fleet_kpis_add_up),
      cmocka_unit_test(test_returns),
      cmocka_unit_test(test_stops_one_customer),
      cmocka_unit_test(test_stops_invariants),
  };
  return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
