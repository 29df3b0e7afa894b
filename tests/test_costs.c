/* test_costs.c — the carrier's cost and its parts (sim/model/costs.c).
 *
 * Exact invariants on every bundled scenario, shortened: the parts add up to cost_total
 * bit for bit (summed in the order of lm_kpi_cost_parts), in the replication and in every
 * day; no part is negative; each driver is paid at least the contracted shift, so the paid
 * hours minus overtime are the vehicles used times their shift lengths. Closed forms on
 * tests/fixtures/small.yaml and fleet.yaml: one van paid its shift, a locker's
 * compartment-days, pickup-point fees per parcel placed, N ETA messages, the restocking
 * trips of a micro-hub. Metamorphic checks on paired streams: a locker price moves only
 * the cost of strategies that put parcels in lockers, and a higher theft hazard never
 * lowers thefts or cost_theft; doubled external factors double every external KPI exactly
 * and move nothing else. Every scenario's external parts add up to external_cost_eur. Fixed
 * seeds throughout, so every check is deterministic.
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

#define K LM_KPI_COUNT

static lm_scenario *load_named(const char *path) { return lm_test_load(path); }

static size_t counted_days(const lm_scenario *sc) { return sc->days - sc->warmup_days; }

/* Runs strategy s, replication r into k (and the daily rows into `daily` when not NULL;
 * counted_days x K values). The run must succeed: it checks conservation and the cost
 * parts itself. */
static void run_into(lm_scenario *sc, size_t s, uint64_t r, double *k, double *daily) {
  lm_model *m = lm_model_create(sc);
  assert_non_null(m);
  double *own = daily ? daily : calloc(counted_days(sc) * K, sizeof *own);
  assert_non_null(own);
  lm_diag *diag = lm_diag_create();
  int rc = lm_model_run(m, s, 4242, r, k, own, diag);
  lm_diag_print(diag, stderr);
  assert_int_equal(rc, 0);
  lm_diag_destroy(diag);
  if (!daily) free(own);
  lm_model_destroy(m);
}

/* The n parts of row k add up exactly to k[total] (in their order), and none is negative. */
static void assert_sum(const double *k, const lm_kpi *parts, int n, lm_kpi total) {
  double sum = 0.0;
  for (int p = 0; p < n; p++) {
    double x = k[parts[p]];
    assert_true(isfinite(x) && x >= 0.0);
    sum += x;
  }
  assert_true(sum == k[total]);
}

/* The parts of row k add up to its cost_total exactly, and none is negative; the external
 * parts likewise to external_cost_eur. */
static void assert_parts_add_up(const double *k) {
  assert_sum(k, lm_kpi_cost_parts, LM_KPI_COST_PARTS, LM_KPI_COST_TOTAL);
  assert_sum(k, lm_kpi_external_parts, LM_KPI_EXTERNAL_PARTS, LM_KPI_EXTERNAL_COST_EUR);
}

/* Paid hours beyond overtime: each driver's contracted shift, one driver per vehicle used. */
static void assert_shifts_paid(const lm_scenario *sc, const double *k) {
  static const lm_kpi used[LM_VEHICLE_KINDS] = {LM_KPI_VANS_USED, LM_KPI_ELECTRIC_VANS_USED,
                                                LM_KPI_CARGO_BIKES_USED, LM_KPI_DRONES_USED};
  double want = 0.0, days = (double)counted_days(sc);
  for (int i = 0; i < LM_VEHICLE_KINDS; i++) {
    const lm_vehicle_type *t = lm_scenario_vehicle(sc, (lm_vehicle_kind)i);
    want += k[used[i]] * days * (t->shift_end_s - t->shift_start_s) / 3600.0;
  }
  double got = k[LM_KPI_DRIVER_HOURS] - k[LM_KPI_DRIVER_OVERTIME_HOURS];
  assert_true(fabs(got - want) <= 1e-9 * fmax(1.0, want));
}

/* Every bundled scenario, cut to a few days and a short routing budget: every strategy's
 * parts add up in the replication and in each day. */
static void parts_add_up_in_every_scenario(void **state) {
  (void)state;
  static const char *const files[] = {"city",         "suburb",          "rural",
                                      "peak",         "lockers-rollout", "strategies",
                                      "solomon-c101", "same-day"};
  for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios/%s.yaml", LM_SOURCE_DIR, files[f]);
    lm_scenario *sc = load_named(path);
    sc->days = 4;
    sc->warmup_days = 1;
    for (size_t s = 0; s < sc->n_strategies; s++) {
      sc->strategies[s].routing_iterations = 30;
      double k[K], daily[3 * K];
      run_into(sc, s, 0, k, daily);
      assert_parts_add_up(k);
      for (size_t d = 0; d < counted_days(sc); d++) assert_parts_add_up(daily + d * K);
      assert_shifts_paid(sc, k);
      assert_true(k[LM_KPI_COST_TOTAL] > 0.0);
      print_message("%-16s %-20s cost %9.1f = vehicles %.1f + distance %.1f + driver %.1f + "
                    "lockers %.1f + theft %.1f + returns %.1f + messages %.1f + restock %.1f\n",
                    files[f], sc->strategies[s].name, k[LM_KPI_COST_TOTAL], k[LM_KPI_COST_VEHICLES],
                    k[LM_KPI_COST_DISTANCE], k[LM_KPI_COST_DRIVER], k[LM_KPI_COST_LOCKERS],
                    k[LM_KPI_COST_THEFT], k[LM_KPI_COST_RETURNS], k[LM_KPI_COST_NOTIFICATIONS],
                    k[LM_KPI_COST_RESTOCK]);
    }
    lm_scenario_destroy(sc);
  }
}

/* The small town with rounds every day and the same presence at weekends, so that the
 * closed forms below count every day alike. */
static lm_scenario *small_town(void) {
  lm_scenario *sc = load_named(LM_SOURCE_DIR "/tests/fixtures/small.yaml");
  sc->delivery_mask = 0x7f;
  for (size_t i = 0; i < sc->n_strategies; i++) sc->strategies[i].delivery_mask = 0x7f;
  return sc;
}

/* One van on light demand, everybody at home: it is out every counted day, back within
 * its 8-hour shift, so its driver is paid exactly 8 h a day at 30 EUR/h. */
static void one_van_pays_its_shift(void **state) {
  (void)state;
  lm_scenario *sc = small_town();
  sc->strategies[0].vans = 1;
  sc->demand.parcels_per_day = 12;
  for (int h = 0; h < LM_HOURS; h++)
    sc->customers.presence_by_hour[h] = sc->customers.presence_by_hour_weekend[h] = 1.0;
  double k[K];
  run_into(sc, 0, 0, k, NULL);
  double days = (double)counted_days(sc);
  assert_true(k[LM_KPI_VANS_USED] == 1.0);
  assert_true(k[LM_KPI_OVERTIME_HOURS] == 0.0);
  assert_true(k[LM_KPI_DRIVER_HOURS] == 8.0 * days);
  assert_true(k[LM_KPI_DRIVER_OVERTIME_HOURS] == 0.0);
  assert_true(k[LM_KPI_COST_DRIVER] == 8.0 * days * 30.0);
  assert_true(k[LM_KPI_COST_VEHICLES] == 90.0 * days);
  assert_true(k[LM_KPI_COST_DISTANCE] == k[LM_KPI_VAN_KM] * 0.3);
  assert_true(k[LM_KPI_COST_TOTAL] ==
              k[LM_KPI_COST_VEHICLES] + k[LM_KPI_COST_DISTANCE] + k[LM_KPI_COST_DRIVER]);
  lm_scenario_destroy(sc);
}

/* A contract as long as the loading (15 min) with a van out every day: the driver is paid
 * from loading to return, the contract at the base rate and the rest, exactly the van's
 * time away, at the overtime rate. */
static void overtime_beyond_the_contract(void **state) {
  (void)state;
  lm_scenario *sc = small_town();
  sc->strategies[0].vans = 1;
  sc->demand.parcels_per_day = 12;
  sc->van.shift_end_s = sc->van.shift_start_s + sc->depot.loading_time_s;
  sc->strategies[0].n_waves = 1; /* the wave keeps the whole day: the van is not cut short */
  sc->strategies[0].waves[0] = (lm_wave){8 * 3600.0, 20 * 3600.0};
  for (int h = 0; h < LM_HOURS; h++)
    sc->customers.presence_by_hour[h] = sc->customers.presence_by_hour_weekend[h] = 1.0;
  double k[K];
  run_into(sc, 0, 0, k, NULL);
  double days = (double)counted_days(sc), contract_h = sc->depot.loading_time_s / 3600.0;
  double away_h = k[LM_KPI_VAN_HOURS], ot = k[LM_KPI_DRIVER_OVERTIME_HOURS];
  print_message("van hours %.3f, driver hours %.3f (%.3f overtime)\n", away_h,
                k[LM_KPI_DRIVER_HOURS], ot);
  assert_true(k[LM_KPI_VANS_USED] == 1.0);
  assert_true(fabs(ot - away_h) <= 1e-9 * away_h);
  assert_true(fabs(k[LM_KPI_DRIVER_HOURS] - (away_h + days * contract_h)) <= 1e-9 * away_h);
  assert_true(k[LM_KPI_COST_DRIVER] == (k[LM_KPI_DRIVER_HOURS] - ot) * 30.0 + ot * 45.0);
  lm_scenario_destroy(sc);
}

/* small.yaml with one site near the core that every customer prefers. */
static void add_site(lm_scenario *sc, lm_site_kind kind, double per_compartment_day, double fee) {
  lm_locker *lk = &sc->lockers[0];
  memset(lk, 0, sizeof *lk);
  snprintf(lk->name, sizeof lk->name, "site");
  lk->kind = kind;
  lk->x_km = 0.1;
  lk->y_km = 0.0;
  lk->compartments[0] = 300;
  lk->compartments[1] = 200;
  lk->n_compartment_sizes = 2;
  lk->closes_s = 86400.0;
  lk->pickup_delay_mean_h = 6;
  lk->deadline_days = 5;
  lk->cost_per_compartment_day_eur = per_compartment_day;
  lk->handling_fee_eur = fee;
  sc->n_lockers = 1;
  sc->customers.walking_limit_km = 100;
  sc->demand.parcels_per_day = 40; /* a site is one stop: its parcels must fit in a van */
}

/* A locker of 500 compartments at 0.25 EUR a day costs 500 x days x 0.25 to the strategy
 * that fills it, nothing to one that never uses it; customers' trips to it are counted
 * outside the carrier's cost. */
static void locker_compartment_days(void **state) {
  (void)state;
  lm_scenario *sc = small_town();
  add_site(sc, LM_SITE_LOCKER, 0.25, 0.0);
  sc->strategies[1].first = LM_FIRST_LOCKER;
  sc->customers.accept_redirect_share = 1.0;
  double home[K], locker[K];
  run_into(sc, 0, 0, home, NULL);
  run_into(sc, 1, 0, locker, NULL);
  double days = (double)counted_days(sc);
  assert_true(home[LM_KPI_COST_LOCKERS] == 0.0 && home[LM_KPI_SITES_USED] == 0.0);
  assert_true(home[LM_KPI_CUSTOMER_TRIP_KM] == 0.0);
  assert_true(locker[LM_KPI_RECEIVED_LOCKER] > 0.0 && locker[LM_KPI_SITES_USED] == 1.0);
  assert_true(locker[LM_KPI_COST_LOCKERS] == 500.0 * days * 0.25);
  assert_true(locker[LM_KPI_CUSTOMER_TRIP_KM] > 0.0);
  double co2 = locker[LM_KPI_CUSTOMER_TRIP_KM] * sc->customer_trips.car_share *
               sc->customer_trips.car_co2_g_per_km / 1000.0;
  assert_true(locker[LM_KPI_CUSTOMER_TRIP_CO2_KG] == co2);
  lm_scenario_destroy(sc);
}

/* A pickup point's fee: 0.5 EUR for every parcel placed in it during the counted days
 * (the parcel log says when each was placed). */
static void pickup_point_fees(void **state) {
  (void)state;
  lm_scenario *sc = small_town();
  add_site(sc, LM_SITE_PICKUP_POINT, 0.0, 0.5);
  sc->customers.prefer_pickup_point_share = 1.0;
  lm_model *m = lm_model_create(sc);
  assert_non_null(m);
  double k[K], *daily = calloc(counted_days(sc) * K, sizeof *daily);
  lm_diag *diag = lm_diag_create();
  assert_int_equal(lm_model_run(m, 0, 4242, 0, k, daily, diag), 0);
  lm_parcel_log log;
  assert_int_equal(lm_model_parcel_log(m, &log), 0);
  size_t placed = 0;
  for (size_t i = 0; i < log.n; i++) placed += log.placed_s[i] >= (double)sc->warmup_days * 86400.0;
  print_message("%zu parcels placed in the pickup point in the counted days\n", placed);
  assert_true(placed > 0);
  assert_true(k[LM_KPI_COST_LOCKERS] == 0.5 * (double)placed);
  lm_parcel_log_clear(&log);
  lm_diag_destroy(diag);
  free(daily);
  lm_model_destroy(m);
  lm_scenario_destroy(sc);
}

/* With ETA notices, every home stop reached sends one message: N messages cost N x price;
 * without, none are sent. */
static void eta_messages_priced(void **state) {
  (void)state;
  lm_scenario *sc = small_town();
  sc->costs.eta_message_eur = 0.125;
  sc->strategies[1].eta_notification = 1;
  sc->strategies[1].max_attempts = 3;
  double plain[K], told[K];
  run_into(sc, 0, 0, plain, NULL);
  run_into(sc, 1, 0, told, NULL);
  assert_true(plain[LM_KPI_ETA_MESSAGES] == 0.0 && plain[LM_KPI_COST_NOTIFICATIONS] == 0.0);
  assert_true(told[LM_KPI_ETA_MESSAGES] > 0.0);
  assert_true(told[LM_KPI_ETA_MESSAGES] <= told[LM_KPI_ATTEMPTS]);
  assert_true(told[LM_KPI_COST_NOTIFICATIONS] == 0.125 * told[LM_KPI_ETA_MESSAGES]);
  lm_scenario_destroy(sc);
}

/* Bikes only, from the micro-hub, with a van that carries one parcel: every parcel a bike
 * loads takes one restocking trip of twice the depot-hub road distance, so the trips are
 * the bikes' attempts and van_km is all restocking. */
static void restocking_trips(void **state) {
  (void)state;
  lm_scenario *sc = load_named(LM_SOURCE_DIR "/tests/fixtures/fleet.yaml");
  lm_strategy *st = &sc->strategies[1];
  st->fleet_mix[LM_VEHICLE_VAN] = 0;
  st->fleet_mix[LM_VEHICLE_CARGO_BIKE] = 4;
  for (int i = 0; i < LM_VEHICLE_KINDS; i++) st->zone_mask[i] = UINT64_MAX;
  sc->van.capacity_parcels = 1;
  double k[K];
  run_into(sc, 1, 0, k, NULL);
  double road_km = sc->circuity *
                   hypot(sc->micro_hub.x_km - sc->depot.x_km, sc->micro_hub.y_km - sc->depot.y_km);
  print_message("restocking: %.0f trips, %.2f km, %.2f EUR; bike attempts %.0f\n",
                k[LM_KPI_RESTOCK_TRIPS], k[LM_KPI_VAN_KM], k[LM_KPI_COST_RESTOCK],
                k[LM_KPI_ATTEMPTS]);
  assert_true(k[LM_KPI_RESTOCK_TRIPS] > 0.0);
  assert_true(k[LM_KPI_RESTOCK_TRIPS] == k[LM_KPI_ATTEMPTS]);
  double want_km = k[LM_KPI_RESTOCK_TRIPS] * 2.0 * road_km;
  assert_true(fabs(k[LM_KPI_VAN_KM] - want_km) <= 1e-9 * want_km);
  assert_true(k[LM_KPI_VANS_USED] == 0.0 && k[LM_KPI_COST_RESTOCK] > 0.3 * k[LM_KPI_VAN_KM]);
  /* A bigger van carries the same parcels in fewer trips. */
  sc->van.capacity_parcels = 80;
  double big[K];
  run_into(sc, 1, 0, big, NULL);
  assert_true(big[LM_KPI_RESTOCK_TRIPS] < k[LM_KPI_RESTOCK_TRIPS]);
  assert_true(big[LM_KPI_COST_RESTOCK] < k[LM_KPI_COST_RESTOCK]);
  lm_scenario_destroy(sc);
}

/* All KPIs but the priced ones equal: a price changes what is paid, never what happens. */
static void assert_same_world(const double *a, const double *b) {
  for (int i = 0; i < K; i++) {
    int priced = i == LM_KPI_COST_TOTAL || i == LM_KPI_COST_PER_PARCEL;
    for (int p = 0; p < LM_KPI_COST_PARTS; p++) priced |= i == (int)lm_kpi_cost_parts[p];
    if (!priced && !(isnan(a[i]) && isnan(b[i]))) assert_true(a[i] == b[i]);
  }
}

/* A dearer locker: the strategy that never places a parcel there costs the same to the
 * last bit; the ones that do cost more, by exactly compartments x days x the increase. */
static void locker_price_moves_only_locker_users(void **state) {
  (void)state;
  lm_scenario *sc = load_named(LM_SOURCE_DIR "/tests/fixtures/lockers.yaml");
  sc->customers.prefer_locker_share = 0.0; /* home-first then never uses a site */
  sc->customers.prefer_pickup_point_share = 0.0;
  double cheap[3][K], dear[3][K];
  for (size_t s = 0; s < 3; s++) run_into(sc, s, 1, cheap[s], NULL);
  double compartments = 0.0;
  for (size_t l = 0; l < sc->n_lockers; l++) {
    for (size_t i = 0; i < sc->lockers[l].n_compartment_sizes; i++)
      if (sc->lockers[l].kind == LM_SITE_LOCKER) compartments += sc->lockers[l].compartments[i];
    if (sc->lockers[l].kind == LM_SITE_LOCKER) sc->lockers[l].cost_per_compartment_day_eur += 1.0;
  }
  for (size_t s = 0; s < 3; s++) run_into(sc, s, 1, dear[s], NULL);
  double days = (double)counted_days(sc);
  assert_true(cheap[0][LM_KPI_SITES_USED] == 0.0);
  assert_memory_equal(cheap[0], dear[0], sizeof cheap[0]);
  for (size_t s = 1; s < 3; s++) {
    assert_same_world(cheap[s], dear[s]);
    print_message("%s: cost %.2f -> %.2f\n", sc->strategies[s].name, cheap[s][LM_KPI_COST_TOTAL],
                  dear[s][LM_KPI_COST_TOTAL]);
    assert_true(dear[s][LM_KPI_COST_TOTAL] > cheap[s][LM_KPI_COST_TOTAL]);
    double rise = dear[s][LM_KPI_COST_LOCKERS] - cheap[s][LM_KPI_COST_LOCKERS];
    assert_true(rise > 0.0 && rise <= compartments * days * 1.0 + 1e-9);
  }
  lm_scenario_destroy(sc);
}

/* Doubled external factors (every kind, the customers' car) and grid factor: nothing the
 * carrier does or pays moves, and every external KPI and grid_co2_kg doubles exactly (a
 * product by 2 is exact in floating point, and so is a sum of doubled terms). */
static void external_factors_price_only(void **state) {
  (void)state;
  lm_scenario *sc = load_named(LM_SOURCE_DIR "/tests/fixtures/lockers.yaml");
  static const lm_kpi doubled[] = {LM_KPI_EXTERNAL_COST_EUR,
                                   LM_KPI_EXTERNAL_CLIMATE_EUR,
                                   LM_KPI_EXTERNAL_AIR_POLLUTION_EUR,
                                   LM_KPI_EXTERNAL_NOISE_EUR,
                                   LM_KPI_EXTERNAL_CONGESTION_EUR,
                                   LM_KPI_EXTERNAL_ACCIDENTS_EUR,
                                   LM_KPI_EXTERNAL_CUSTOMER_TRIPS_EUR,
                                   LM_KPI_EXTERNAL_COST_PER_PARCEL,
                                   LM_KPI_GRID_CO2_KG};
  enum { N_DOUBLED = sizeof doubled / sizeof doubled[0] };
  for (size_t s = 0; s < sc->n_strategies; s++) {
    double base[K], twice[K];
    run_into(sc, s, 3, base, NULL);
    lm_external_costs saved = sc->external_costs;
    lm_external_factors *all[LM_VEHICLE_KINDS + 1];
    for (int i = 0; i < LM_VEHICLE_KINDS; i++) all[i] = &sc->external_costs.kind[i];
    all[LM_VEHICLE_KINDS] = &sc->external_costs.customer_car;
    for (int i = 0; i <= LM_VEHICLE_KINDS; i++) {
      all[i]->climate_eur_per_km *= 2;
      all[i]->air_pollution_eur_per_km *= 2;
      all[i]->noise_eur_per_km *= 2;
      all[i]->congestion_eur_per_km *= 2;
      all[i]->accidents_eur_per_km *= 2;
    }
    sc->external_costs.grid_co2_g_per_kwh *= 2;
    run_into(sc, s, 3, twice, NULL);
    sc->external_costs = saved;
    for (int i = 0; i < K; i++) {
      int is_doubled = 0;
      for (int d = 0; d < N_DOUBLED; d++) is_doubled |= i == (int)doubled[d];
      if (is_doubled)
        assert_true(twice[i] == 2 * base[i]);
      else if (!(isnan(base[i]) && isnan(twice[i])))
        assert_true(twice[i] == base[i]);
    }
    assert_true(base[LM_KPI_EXTERNAL_CUSTOMER_TRIPS_EUR] <= base[LM_KPI_EXTERNAL_COST_EUR]);
    print_message("%s: external %.2f EUR (customers' cars %.2f), cost %.2f EUR\n",
                  sc->strategies[s].name, base[LM_KPI_EXTERNAL_COST_EUR],
                  base[LM_KPI_EXTERNAL_CUSTOMER_TRIPS_EUR], base[LM_KPI_COST_TOTAL]);
  }
  lm_scenario_destroy(sc);
}

/* Leave at the door under hazards h, 2h, 4h (the same parcels, presence and thief draws):
 * thefts and their cost never go down. Stolen parcels are shipped again as new parcels,
 * so parcels_created grows by the re-shipments while conservation holds (the run checks
 * it). */
static void more_hazard_never_cheaper(void **state) {
  (void)state;
  lm_scenario *sc = small_town();
  sc->strategies[0].not_home = LM_NOT_HOME_LEAVE_AT_DOOR;
  sc->theft.insured_share = 0.5;
  sc->theft.premium_eur = 0.2;
  double taken[K];
  run_into(sc, 1, 3, taken, NULL); /* strategy 1 takes parcels back: nothing stolen */
  for (uint64_t r = 0; r < 3; r++) {
    double prev_stolen = -1.0, prev_cost = -1.0;
    for (double h = 0.02; h < 0.1; h *= 2.0) {
      for (size_t z = 0; z < sc->n_zones; z++) sc->zones[z].theft_hazard_per_hour = h;
      double k[K];
      run_into(sc, 0, r, k, NULL);
      print_message("replication %d, hazard %.2f: %.0f stolen, %.0f re-shipped, theft %.2f EUR\n",
                    (int)r, h, k[LM_KPI_STOLEN], k[LM_KPI_RESHIPMENTS], k[LM_KPI_COST_THEFT]);
      assert_true(k[LM_KPI_STOLEN] >= prev_stolen);
      assert_true(k[LM_KPI_COST_THEFT] >= prev_cost);
      assert_true(k[LM_KPI_RESHIPMENTS] > 0.0);
      prev_stolen = k[LM_KPI_STOLEN];
      prev_cost = k[LM_KPI_COST_THEFT];
    }
  }
  /* The same orders in both strategies: the door strategy's extra parcels are its
   * re-shipments. */
  for (size_t z = 0; z < sc->n_zones; z++) sc->zones[z].theft_hazard_per_hour = 0.05;
  double door[K];
  run_into(sc, 0, 3, door, NULL);
  assert_true(taken[LM_KPI_RESHIPMENTS] == 0.0);
  assert_true(door[LM_KPI_PARCELS_CREATED] ==
              taken[LM_KPI_PARCELS_CREATED] + door[LM_KPI_RESHIPMENTS]);
  double theft =
      door[LM_KPI_STOLEN_VALUE] * 0.5 + door[LM_KPI_RESHIPMENTS] * sc->costs.reshipment_eur;
  assert_true(door[LM_KPI_COST_THEFT] > theft); /* and the premiums on top */
  lm_scenario_destroy(sc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(parts_add_up_in_every_scenario),
      cmocka_unit_test(one_van_pays_its_shift),
      cmocka_unit_test(overtime_beyond_the_contract),
      cmocka_unit_test(locker_compartment_days),
      cmocka_unit_test(pickup_point_fees),
      cmocka_unit_test(eta_messages_priced),
      cmocka_unit_test(restocking_trips),
      cmocka_unit_test(locker_price_moves_only_locker_users),
      cmocka_unit_test(more_hazard_never_cheaper),
      cmocka_unit_test(external_factors_price_only),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
