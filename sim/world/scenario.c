/* scenario.c — the scenario schema, its cross-field checks, and the queries on a loaded
 * scenario.
 *
 * The schema is data: one lm__ykey table per YAML mapping, walked by sim/yaml/. Each row
 * names a key, its type, the struct field it fills, its range, its default and whether it
 * is required; a new section is a new table and a row in `root_keys`. The finish hooks
 * hold the checks that involve more than one key (a shift must end after it starts, a
 * parcel must fit in a van, ...). They run after the whole document is walked and skip
 * any field that already failed, so one mistake yields one message.
 *
 * The tables of some sections live in the files named in schema.h; this file refers to
 * them and none of them refers back. The queries allocate nothing and are O(n_zones).
 * Loading (scenario_load.c) sits above this file.
 */
#include "lastmile/scenario.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "world/schema.h"

/* bounds_km is read as one array of four doubles into x_min_km..y_max_km. */
_Static_assert(offsetof(lm_zone, y_min_km) == offsetof(lm_zone, x_min_km) + sizeof(double) &&
                   offsetof(lm_zone, x_max_km) == offsetof(lm_zone, y_min_km) + sizeof(double) &&
                   offsetof(lm_zone, y_max_km) == offsetof(lm_zone, x_max_km) + sizeof(double),
               "lm_zone bounds must be four consecutive doubles");

static void zone_finish(lm__ywalk *w, void *base);
static void van_finish(lm__ywalk *w, void *base);
static void demand_finish(lm__ywalk *w, void *base);
static void customers_finish(lm__ywalk *w, void *base);
static void target_finish(lm__ywalk *w, void *base);
static void locker_finish(lm__ywalk *w, void *base);
static void scenario_finish(lm__ywalk *w, void *base);

/* ---- the schema ---------------------------------------------------------------------- */

static const lm__ykey scenario_keys[] = {
    NAME(lm_scenario, "name", name, REQ | LABEL, NULL),
    KEY(lm_scenario, "days", days, U32, 0, 1, 3650, 7, "days"),
    KEY(lm_scenario, "warmup_days", warmup_days, U32, 0, 0, 3650, 0, "days"),
    KEY(lm_scenario, "replications", replications, U32, 0, 1, 1000000, 10, NULL),
    KEY(lm_scenario, "seed", seed, U64, 0, 0, 18446744073709551615.0, 1, NULL),
    DATE(lm_scenario, "start_date", start_date, 0, "2024-01-01", "the date of day 0"),
    WEEKDAYS(lm_scenario, "delivery_days", delivery_days, n_delivery_days),
    LIST(lm_scenario, "holidays", LM__Y_DATES, holidays, n_holidays, LM_MAX_HOLIDAYS,
         "dates without rounds"),
    RETIRED("start_day_of_year", "write the date of day 0 as start_date, e.g. start_date: "
                                 "2026-11-23"),
    RETIRED("first_weekday", "the weekday of day 0 is that of start_date; write the date, e.g. "
                             "start_date: 2026-11-23 (a Monday)"),
};
static const lm__ytable scenario_table = {"the run: name, days, replications, seed", scenario_keys,
                                          COUNT(scenario_keys), NULL};

static const lm__ykey region_keys[] = {
    KEY(lm_scenario, "circuity", circuity, DBL, 0, 1, 10, 1.3, "road km per straight km"),
};
static const lm__ytable region_table = {"the region", region_keys, COUNT(region_keys), NULL};

static const lm__ykey depot_keys[] = {
    NAME(lm_depot, "name", name, 0, "depot"),
    KEY(lm_depot, "x_km", x_km, DBL, REQ, -COORD_KM, COORD_KM, 0, "km"),
    KEY(lm_depot, "y_km", y_km, DBL, REQ, -COORD_KM, COORD_KM, 0, "km"),
    KEY(lm_depot, "loading_time_s", loading_time_s, DBL, 0, 0, 43200, 0, "s"),
};
static const lm__ytable depot_table = {"the depot", depot_keys, COUNT(depot_keys), NULL};

/* A zone's circuity of 0 means "not given"; scenario_finish replaces it by the region's. */
static const lm__ykey zone_keys[] = {
    NAME(lm_zone, "name", name, REQ | UNIQ, NULL),
    ARRAY(lm_zone, "bounds_km", x_min_km, REQ, 4, -COORD_KM, COORD_KM, 0, "km"),
    KEY(lm_zone, "density_per_km2", density_per_km2, DBL, REQ, 0, 1e6, 0, "customers/km2"),
    KEY(lm_zone, "circuity", circuity, DBL, 0, 1, 10, 0, "road km per straight km"),
    KEY(lm_zone, "theft_hazard_per_hour", theft_hazard_per_hour, DBL, 0, 0, 100, 0,
        "thefts per parcel-hour at a door"),
    ARRAY(lm_zone, "speed_factor_by_hour", speed_factor_by_hour, GT, LM_HOURS, 0, 10, 1,
          "multiplier of the van speed"),
};
static const lm__ytable zone_table = {"a zone with name, bounds_km, density_per_km2", zone_keys,
                                      COUNT(zone_keys), zone_finish};

static const lm__ykey van_keys[] = {
    KEY(lm_vehicle_type, "count", count, U32, REQ, 1, 100000, 0, "vans"),
    KEY(lm_vehicle_type, "capacity_parcels", capacity_parcels, U32, REQ, 1, 100000, 0, "parcels"),
    KEY(lm_vehicle_type, "capacity_volume_l", capacity_volume_l, DBL, REQ | GT, 0, 1e6, 0,
        "litres"),
    KEY(lm_vehicle_type, "shift_start", shift_start_s, TIME, REQ, 0, LM__DAY_S - 1, 0, NULL),
    KEY(lm_vehicle_type, "shift_end", shift_end_s, TIME, REQ, 0, 2 * LM__DAY_S, 0, NULL),
    KEY(lm_vehicle_type, "speed_kmh", speed_kmh, DBL, REQ | GT, 0, 200, 0, "km/h"),
    KEY(lm_vehicle_type, "service_time_s", service_time_s, DBL, 0, 0, 3600, 120, "s"),
    KEY(lm_vehicle_type, "cost_fixed_eur", cost_fixed_eur, DBL, 0, 0, 1e6, 0, "EUR per day"),
    KEY(lm_vehicle_type, "cost_per_km_eur", cost_per_km_eur, DBL, 0, 0, 1e4, 0, "EUR/km"),
    KEY(lm_vehicle_type, "cost_per_hour_eur", cost_per_hour_eur, DBL, 0, 0, 1e4, 0, "EUR/h"),
    KEY(lm_vehicle_type, "overtime_cost_per_hour_eur", overtime_cost_per_hour_eur, DBL, 0, 0, 1e4,
        0, "EUR/h"),
    KEY(lm_vehicle_type, "co2_g_per_km", co2_g_per_km, DBL, 0, 0, 1e5, 0, "g/km"),
    KEY(lm_vehicle_type, "max_shift_h", max_shift_h, DBL, 0, 0, 24, 10,
        "h from shift_start; past shift_end is overtime"),
};
static const lm__ytable van_table = {"a vehicle type", van_keys, COUNT(van_keys), van_finish};

static const lm__ykey fleet_keys[] = {
    MAP("van", lm_scenario, van, REQ, van_table),
    MAP("electric_van", lm_scenario, electric_van, 0, lm__electric_van_table),
    MAP("cargo_bike", lm_scenario, cargo_bike, 0, lm__cargo_bike_table),
    MAP("drone", lm_scenario, drone, 0, lm__drone_table),
};
static const lm__ytable fleet_table = {"the fleet: van, electric_van, cargo_bike, drone",
                                       fleet_keys, COUNT(fleet_keys), NULL};

static const lm__ykey customers_keys[] = {
    /* The one-type presence keys default to -1, "not given": customer_types.c fills them
     * in, or refuses them next to customers.types. */
    ARRAY(lm_customers, "presence_by_hour", presence_by_hour, 0, LM_HOURS, 0, 1, -1, "probability"),
    ARRAY(lm_customers, "presence_by_hour_weekend", presence_by_hour_weekend, 0, LM_HOURS, 0, 1, -1,
          "probability"),
    KEY(lm_customers, "away_day_probability", away_day_probability, DBL, 0, 0, 1, -1,
        "probability"),
    KEY(lm_customers, "away_day_persistence", away_day_persistence, DBL, 0, 0, 0.99, -1,
        "correlation of consecutive days"),
    SEQ("types", lm_customers, types, n_types, 0, 1, LM_MAX_CUSTOMER_TYPES,
        lm__customer_type_table),
    KEY(lm_customers, "prefer_locker_share", prefer_locker_share, DBL, 0, 0, 1, 0, "fraction"),
    KEY(lm_customers, "prefer_pickup_point_share", prefer_pickup_point_share, DBL, 0, 0, 1, 0,
        "fraction"),
    KEY(lm_customers, "accept_redirect_share", accept_redirect_share, DBL, 0, 0, 1, 0.5,
        "fraction"),
    KEY(lm_customers, "walking_limit_km", walking_limit_km, DBL, 0, 0, 50, 1.0, "km"),
    KEY(lm_customers, "presence_in_slot", presence_in_slot, DBL, 0, 0, 1, 0.95, "probability"),
    KEY(lm_customers, "eta_home_share", eta_home_share, DBL, 0, 0, 1, 0.3, "fraction"),
    KEY(lm_customers, "neighbour_share", neighbour_share, DBL, 0, 0, 1, 0.71, "probability"),
    KEY(lm_customers, "neighbours_asked", neighbours_asked, U32, 0, 1, 10, 2, "doors"),
    KEY(lm_customers, "safe_place_share", safe_place_share, DBL, 0, 0, 1, 0.3, "fraction"),
    NAME(lm_customers, "file", file, 0, ""),
    NAME(lm_customers, "instance", instance, 0, ""),
    KEY(lm_customers, "instance_scale_km", instance_scale_km, DBL, GT, 0, 1000, 1,
        "km per instance distance unit"),
    KEY(lm_customers, "instance_time_unit_s", instance_time_unit_s, DBL, GT, 0, 3600, 60,
        "seconds per instance time unit"),
};
static const lm__ytable customers_table = {"the customers", customers_keys, COUNT(customers_keys),
                                           customers_finish};

/* The names of a site's kind, in the order of lm_site_kind. */
static const char *const site_kinds[] = {"locker", "pickup_point"};

static const lm__ykey locker_keys[] = {
    NAME(lm_locker, "name", name, REQ | UNIQ, NULL),
    CHOICE(lm_locker, "kind", kind_name, 0, "locker", site_kinds),
    KEY(lm_locker, "x_km", x_km, DBL, REQ, -COORD_KM, COORD_KM, 0, "km"),
    KEY(lm_locker, "y_km", y_km, DBL, REQ, -COORD_KM, COORD_KM, 0, "km"),
    {.name = "compartments",
     .type = LM__Y_DOUBLES,
     .flags = REQ | LM__Y_UPTO,
     .offset = offsetof(lm_locker, compartments),
     .len = LM_MAX_SIZES,
     .min = 0,
     .max = 100000,
     .count_offset = offsetof(lm_locker, n_compartment_sizes),
     .unit = "compartments per parcel size class, in the order of demand.sizes"},
    KEY(lm_locker, "opens", opens_s, TIME, 0, 0, LM__DAY_S - 1, 0, NULL),
    KEY(lm_locker, "closes", closes_s, TIME, 0, 0, LM__DAY_S, LM__DAY_S, NULL),
    KEY(lm_locker, "pickup_delay_mean_h", pickup_delay_mean_h, DBL, GT, 0, 24 * 30, 12, "h"),
    KEY(lm_locker, "deadline_days", deadline_days, DBL, GT, 0, 60, 3, "days"),
    KEY(lm_locker, "service_per_parcel_s", service_per_parcel_s, DBL, 0, 0, 600, 15, "s"),
    /* -1: not given; lm__locker_cost_defaults fills in the kind's default. */
    KEY(lm_locker, "cost_per_compartment_day_eur", cost_per_compartment_day_eur, DBL, 0, 0, 1000,
        -1, "EUR per compartment per day"),
    KEY(lm_locker, "handling_fee_eur", handling_fee_eur, DBL, 0, 0, 1000, -1,
        "EUR per parcel placed"),
};
static const lm__ytable locker_table = {"a locker or pickup point with name, x_km, y_km, "
                                        "compartments",
                                        locker_keys, COUNT(locker_keys), locker_finish};

static const lm__ykey theft_keys[] = {
    ARRAY(lm_theft, "hour_factor", hour_factor, 0, LM_HOURS, 0, 100, 1, "relative hazard"),
    KEY(lm_theft, "insured_share", insured_share, DBL, 0, 0, 1, 0, "fraction of the value"),
    KEY(lm_theft, "premium_eur", premium_eur, DBL, 0, 0, 1e4, 0, "EUR per parcel left at a door"),
    KEY(lm_theft, "safe_place_factor", safe_place_factor, DBL, 0, 0, 1, 0.25,
        "multiplier of the hazard"),
};
static const lm__ytable theft_table = {"theft at the door", theft_keys, COUNT(theft_keys), NULL};

static const lm__ykey traffic_keys[] = {
    KEY(lm_traffic, "day_noise_cv", day_noise_cv, DBL, 0, 0, 2, 0, "coefficient of variation"),
    KEY(lm_traffic, "trip_noise_cv", trip_noise_cv, DBL, 0, 0, 2, 0, "coefficient of variation"),
    KEY(lm_traffic, "incidents_per_day", incidents_per_day, DBL, 0, 0, 1000, 0, "incidents/day"),
    KEY(lm_traffic, "incident_speed_factor", incident_speed_factor, DBL, GT, 0, 1, 0.5,
        "multiplier of the speed"),
    KEY(lm_traffic, "incident_duration_mean_h", incident_duration_mean_h, DBL, GT, 0, 48, 1, "h"),
    KEY(lm_traffic, "bad_weather_probability", bad_weather_probability, DBL, 0, 0, 1, 0,
        "probability per day"),
    KEY(lm_traffic, "bad_weather_speed_factor", bad_weather_speed_factor, DBL, GT, 0, 1, 0.85,
        "multiplier of the speed"),
    KEY(lm_traffic, "bad_weather_service_factor", bad_weather_service_factor, DBL, 0, 1, 5, 1.2,
        "multiplier of the service time"),
};
static const lm__ytable traffic_table = {"traffic", traffic_keys, COUNT(traffic_keys), NULL};

static const lm__ykey size_keys[] = {
    NAME(lm_parcel_size, "name", name, REQ | UNIQ, NULL),
    KEY(lm_parcel_size, "volume_l", volume_l, DBL, REQ | GT, 0, 1e5, 0, "litres"),
    KEY(lm_parcel_size, "share", share, DBL, REQ, 0, 1, 0, "fraction of parcels"),
};
static const lm__ytable size_table = {"a parcel size with name, volume_l, share", size_keys,
                                      COUNT(size_keys), NULL};

static const lm__ykey peak_keys[] = {
    NAME(lm_peak, "name", name, REQ | UNIQ, NULL),
    DATE(lm_peak, "date", date, REQ, NULL, "a date of the simulated period"),
    KEY(lm_peak, "factor", factor, DBL, REQ, 0, 100, 1, "volume multiplier"),
    RETIRED("day", "write the peak's calendar date as date, e.g. date: 2026-11-27"),
};
static const lm__ytable peak_table = {"a peak day with name, date, factor", peak_keys,
                                      COUNT(peak_keys), NULL};

static const lm__ykey demand_keys[] = {
    /* Required unless customers.instance gives the demand: -1 means "not given". */
    KEY(lm_demand, "parcels_per_day", parcels_per_day, DBL, 0, 0, 1e7, -1, "parcels/day"),
    KEY(lm_demand, "value_mean_eur", value_mean_eur, DBL, 0, 0, 1e7, 0, "EUR"),
    SEQ("sizes", lm_demand, sizes, n_sizes, REQ, 1, LM_MAX_SIZES, size_table),
    ARRAY(lm_demand, "weekday_factor", weekday_factor, 0, 7, 0, 100, 1,
          "volume multiplier, Monday first"),
    ARRAY(lm_demand, "month_factor", month_factor, 0, 12, 0, 100, 1,
          "volume multiplier, January first"),
    ARRAY(lm_demand, "order_hour_weight", order_hour_weight, 0, LM_HOURS, 0, 1e6, 1,
          "relative order intensity"),
    SEQ("peaks", lm_demand, peaks, n_peaks, 0, 0, LM_MAX_PEAKS, peak_table),
    KEY(lm_demand, "same_day_share", same_day_share, DBL, 0, 0, 1, 0, "fraction of orders"),
    KEY(lm_demand, "same_day_cutoff", same_day_cutoff_s, TIME, 0, 0, LM__DAY_S, 12 * 3600.0, NULL),
    KEY(lm_demand, "returns_per_day", returns_per_day, DBL, 0, 0, 1e7, 0, "pickup requests/day"),
};
static const lm__ytable demand_table = {"the demand", demand_keys, COUNT(demand_keys),
                                        demand_finish};

static const lm__ykey sweep_keys[] = {
    NAME(lm_sweep_param, "key", key, REQ, NULL),
    {.name = "values",
     .type = LM__Y_DOUBLES,
     .flags = REQ | LM__Y_UPTO,
     .offset = offsetof(lm_sweep_param, values),
     .len = LM_MAX_SWEEP_VALUES,
     .min = -1e15,
     .max = 1e15,
     .count_offset = offsetof(lm_sweep_param, n_values),
     .unit = "values"},
};
static const lm__ytable sweep_table = {"a swept key with key and values", sweep_keys,
                                       COUNT(sweep_keys), NULL};

static const lm__ykey target_keys[] = {
    NAME(lm_target, "kpi", kpi, REQ, NULL),
    KEY(lm_target, "at_least", at_least, DBL, 0, -1e15, 1e15, NAN, NULL),
    KEY(lm_target, "at_most", at_most, DBL, 0, -1e15, 1e15, NAN, NULL),
    KEY(lm_target, "confidence", confidence, DBL, 0, 0.5, 0.9999, 0.95, "one-sided"),
    NAME(lm_target, "cost_kpi", cost_kpi, 0, "cost_total"),
};
static const lm__ytable target_table = {"a target with kpi and at_least or at_most", target_keys,
                                        COUNT(target_keys), target_finish};

static const lm__ykey output_keys[] = {
    KEY(lm_output, "parcel_log", parcel_log, BOOL, 0, 0, 1, 0,
        "store every parcel of replication 0"),
    DATE(lm_output, "routes_day", routes_day, 0, NULL, "a counted day, whose tours are stored"),
};
static const lm__ytable output_table = {"detail outputs", output_keys, COUNT(output_keys), NULL};

static const lm__ykey root_keys[] = {
    MAP("scenario", lm_scenario, name, REQ, scenario_table),
    MAP("region", lm_scenario, name, 0, region_table),
    MAP("depot", lm_scenario, depot, REQ, depot_table),
    SEQ("zones", lm_scenario, zones, n_zones, REQ, 1, LM_MAX_ZONES, zone_table),
    MAP("fleet", lm_scenario, name, REQ, fleet_table),
    MAP("micro_hub", lm_scenario, micro_hub, 0, lm__micro_hub_table),
    MAP("customers", lm_scenario, customers, 0, customers_table),
    MAP("theft", lm_scenario, theft, 0, theft_table),
    MAP("costs", lm_scenario, costs, 0, lm__costs_table),
    MAP("customer_trips", lm_scenario, customer_trips, 0, lm__customer_trips_table),
    MAP("external_costs", lm_scenario, external_costs, 0, lm__external_costs_table),
    MAP("traffic", lm_scenario, traffic, 0, traffic_table),
    SEQ("lockers", lm_scenario, lockers, n_lockers, 0, 0, LM_MAX_LOCKERS, locker_table),
    MAP("demand", lm_scenario, demand, REQ, demand_table),
    SEQ("strategies", lm_scenario, strategies, n_strategies, REQ, 1, LM_MAX_STRATEGIES,
        lm__strategy_table),
    SEQ("sweep", lm_scenario, sweep, n_sweep, 0, 0, LM_MAX_SWEEP_PARAMS, sweep_table),
    MAP("target", lm_scenario, target, 0, target_table),
    MAP("output", lm_scenario, output, 0, output_table),
};
/* scenario, region and fleet describe fields of lm_scenario itself, hence offset 0 (the
 * `name` member is the first). */
_Static_assert(offsetof(lm_scenario, name) == 0, "sections at offset 0 need name first");
static const lm__ytable root_table = {
    "sections scenario, region, depot, zones, fleet, micro_hub, customers, theft, costs, "
    "customer_trips, external_costs, traffic, lockers, demand, strategies, sweep, target, output",
    root_keys, COUNT(root_keys), scenario_finish};

const lm__ytable *lm__scenario_schema(void) { return &root_table; }
/* ---- queries ----------------------------------------------------------------------- */

size_t lm_scenario_customer_count(const lm_scenario *s) {
  if (s->file_x_km) return s->n_file_customers;
  size_t total = 0;
  for (size_t i = 0; i < s->n_zones; i++) {
    const lm_zone *z = &s->zones[i];
    double dx = z->x_max_km - z->x_min_km, dy = z->y_max_km - z->y_min_km;
    if (!(dx > 0 && dy > 0 && z->density_per_km2 > 0)) continue;
    double c = floor(z->density_per_km2 * dx * dy + 0.5);
    if (!(c < 1e18)) return SIZE_MAX;
    size_t n = (size_t)c;
    if (total > SIZE_MAX - n) return SIZE_MAX;
    total += n;
  }
  return total;
}

/* ---- cross-field checks -------------------------------------------------------------- */

static void zone_finish(lm__ywalk *w, void *base) {
  lm_zone *z = base;
  if (!lm__yw_ok(w, &z->x_min_km, 4 * sizeof(double))) return;
  if (z->x_max_km <= z->x_min_km)
    lm__yw_error(w, &z->x_min_km, 4 * sizeof(double),
                 "x_max %g must be greater than x_min %g (bounds are [x_min, y_min, x_max, "
                 "y_max])",
                 z->x_max_km, z->x_min_km);
  if (z->y_max_km <= z->y_min_km)
    lm__yw_error(w, &z->x_min_km, 4 * sizeof(double),
                 "y_max %g must be greater than y_min %g (bounds are [x_min, y_min, x_max, "
                 "y_max])",
                 z->y_max_km, z->y_min_km);
}

static void van_finish(lm__ywalk *w, void *base) {
  lm_vehicle_type *v = base;
  snprintf(v->name, sizeof v->name, "van");
  if (!OK(w, v->shift_start_s) || !OK(w, v->shift_end_s)) return;
  char a[32], b[32];
  lm__yw_format_time(a, sizeof a, v->shift_start_s);
  lm__yw_format_time(b, sizeof b, v->shift_end_s);
  if (v->shift_end_s <= v->shift_start_s)
    lm__yw_error(w, &v->shift_end_s, sizeof v->shift_end_s,
                 "the shift ends at %s, not after it starts (shift_start %s); write a shift "
                 "past midnight as e.g. \"26:00\"",
                 b, a);
  else if (v->shift_end_s - v->shift_start_s > LM__DAY_S)
    lm__yw_error(w, &v->shift_end_s, sizeof v->shift_end_s,
                 "a shift from %s to %s is longer than 24 hours", a, b);
}

static void demand_finish(lm__ywalk *w, void *base) {
  lm_demand *d = base;
  if (!OK(w, d->n_sizes) || d->n_sizes == 0) return;
  double sum = 0;
  for (size_t i = 0; i < d->n_sizes; i++) {
    if (!OK(w, d->sizes[i].share)) return;
    sum += d->sizes[i].share;
  }
  if (fabs(sum - 1.0) > 1e-6)
    lm__yw_error(w, &d->n_sizes, sizeof d->n_sizes,
                 "the size shares sum to %.10g; expected 1 (within 1e-6)", sum);
  if (OK(w, d->order_hour_weight)) {
    double total = 0;
    for (int h = 0; h < LM_HOURS; h++) total += d->order_hour_weight[h];
    if (!(total > 0))
      lm__yw_error(w, d->order_hour_weight, sizeof d->order_hour_weight,
                   "all order_hour_weight are 0; at least one hour must receive orders");
  }
}

static void target_finish(lm__ywalk *w, void *base) {
  lm_target *t = base;
  const lm_scenario_names *names = lm__yw_user(w);
  if (!t->kpi[0]) return; /* no target section */
  if (names && names->kpi) {
    if (OK(w, t->kpi) && names->kpi(t->kpi, strlen(t->kpi)) < 0)
      lm__yw_error(w, t->kpi, sizeof t->kpi, "'%s' is not a KPI", t->kpi);
    if (OK(w, t->cost_kpi) && names->kpi(t->cost_kpi, strlen(t->cost_kpi)) < 0)
      lm__yw_error(w, t->cost_kpi, sizeof t->cost_kpi, "'%s' is not a KPI", t->cost_kpi);
  }
  if (OK(w, t->at_least) && OK(w, t->at_most) && isnan(t->at_least) == isnan(t->at_most))
    lm__yw_error(w, t->kpi, sizeof t->kpi, "give exactly one of at_least and at_most");
}

static void customers_finish(lm__ywalk *w, void *base) {
  lm_customers *c = base;
  lm__presence_finish(w, c);
  if (OK(w, c->prefer_locker_share) && OK(w, c->prefer_pickup_point_share) &&
      c->prefer_locker_share + c->prefer_pickup_point_share > 1.0 + 1e-9)
    lm__yw_error(w, &c->prefer_pickup_point_share, sizeof c->prefer_pickup_point_share,
                 "prefer_locker_share %g and prefer_pickup_point_share %g add up to more than 1",
                 c->prefer_locker_share, c->prefer_pickup_point_share);
}

static void locker_finish(lm__ywalk *w, void *base) {
  lm_locker *l = base;
  int c = lm__yw_choose(w, l->kind_name, site_kinds, COUNT(site_kinds));
  if (c >= 0) l->kind = (lm_site_kind)c;
  if (c >= 0) lm__locker_cost_defaults(w, l);
  if (OK(w, l->compartments)) {
    double total = 0;
    for (size_t i = 0; i < l->n_compartment_sizes; i++) {
      if (l->compartments[i] != floor(l->compartments[i]))
        lm__yw_error(w, l->compartments, sizeof l->compartments,
                     "compartment counts are whole numbers; got %g", l->compartments[i]);
      total += l->compartments[i];
    }
    if (total < 1)
      lm__yw_error(w, l->compartments, sizeof l->compartments,
                   "a locker with no compartments; expected at least one");
  }
  if (OK(w, l->opens_s) && OK(w, l->closes_s) && l->closes_s <= l->opens_s) {
    char a[32], b[32];
    lm__yw_format_time(a, sizeof a, l->opens_s);
    lm__yw_format_time(b, sizeof b, l->closes_s);
    lm__yw_error(w, &l->closes_s, sizeof l->closes_s, "closes at %s, not after it opens (%s)", b,
                 a);
  }
}

static void check_customers(lm__ywalk *w, lm_scenario *s) {
  if (!OK(w, s->n_zones) || s->n_zones == 0) return;
  for (size_t i = 0; i < s->n_zones; i++)
    if (!OK(w, s->zones[i].density_per_km2) ||
        !lm__yw_ok(w, &s->zones[i].x_min_km, 4 * sizeof(double)))
      return;
  for (size_t i = 0; i < s->n_zones; i++)
    if (s->zones[i].x_max_km <= s->zones[i].x_min_km ||
        s->zones[i].y_max_km <= s->zones[i].y_min_km)
      return; /* zone_finish reported it */
  size_t n = lm_scenario_customer_count(s);
  if (n == 0)
    lm__yw_error(w, &s->n_zones, sizeof s->n_zones,
                 "the zones hold no customers; at least one zone needs density_per_km2 > 0 "
                 "over an area that rounds to one customer or more");
  else if (n > LM__MAX_CUSTOMERS)
    lm__yw_error(w, &s->n_zones, sizeof s->n_zones,
                 "the zones hold %zu customers (density_per_km2 x area); the limit is %u", n,
                 LM__MAX_CUSTOMERS);
}

/* Checks every value of a swept key against that key's range (and wholeness), so that a
 * bad value is told at the sweep's values rather than at the point that uses it. */
static void sweep_values_finish(lm__ywalk *w, const lm_sweep_param *sp, const lm__ykey *k) {
  int whole = k->type == LM__Y_U32 || k->type == LM__Y_U64 || k->type == LM__Y_BOOL;
  for (size_t i = 0; i < sp->n_values; i++) {
    double v = sp->values[i];
    int low = (k->flags & LM__Y_OPEN_MIN) ? !(v > k->min) : !(v >= k->min);
    if (low || v > k->max || (whole && v != floor(v))) {
      lm__yw_error(w, sp->values, sizeof sp->values,
                   "%s=%g is out of the key's range: expected %s in %s%g, %g]", sp->key, v,
                   whole ? "a whole number" : "a number", (k->flags & LM__Y_OPEN_MIN) ? "(" : "[",
                   k->min, k->max);
      return;
    }
  }
}

static void scenario_finish(lm__ywalk *w, void *base) {
  lm_scenario *s = base;
  for (size_t i = 0; i < s->n_zones; i++)
    if (s->zones[i].circuity == 0) s->zones[i].circuity = s->circuity;

  if (OK(w, s->days) && OK(w, s->warmup_days) && s->warmup_days >= s->days)
    lm__yw_error(w, &s->warmup_days, sizeof s->warmup_days,
                 "warmup_days %u leaves no day to measure; expected fewer than days (%u)",
                 s->warmup_days, s->days);

  lm__scenario_calendar_finish(w, s);
  lm__customers_finish(w, s);
  if (s->customers.file[0] == '\0' && s->customers.instance[0] == '\0') check_customers(w, s);
  if (OK(w, s->demand.parcels_per_day) && s->demand.parcels_per_day < 0)
    lm__yw_error(w, &s->demand.parcels_per_day, sizeof s->demand.parcels_per_day,
                 "missing; expected a number in [0, 10000000] (parcels/day), which only "
                 "customers.instance can stand in for");
  lm__fleet_finish(w, s);

  const lm_vehicle_type *v = &s->van;
  if (OK(w, v->capacity_volume_l)) {
    for (size_t i = 0; i < s->demand.n_sizes; i++) {
      const lm_parcel_size *z = &s->demand.sizes[i];
      if (OK(w, z->volume_l) && z->volume_l > v->capacity_volume_l)
        lm__yw_error(w, &z->volume_l, sizeof z->volume_l,
                     "a parcel larger than any van: size '%s' is %g l, the van holds %g l "
                     "(fleet.van.capacity_volume_l)",
                     z->name, z->volume_l, v->capacity_volume_l);
    }
  }
  for (size_t i = 0; i < s->n_sweep; i++) {
    const lm_sweep_param *sp = &s->sweep[i];
    const lm__ykey *k;
    void *field;
    if (!OK(w, sp->key)) continue;
    if (lm__yw_lookup(&root_table, s, sp->key, &k, &field) ||
        (k->type != LM__Y_U32 && k->type != LM__Y_U64 && k->type != LM__Y_BOOL &&
         k->type != LM__Y_DOUBLE &&
         !(k->type == LM__Y_DOUBLES && sp->key[strlen(sp->key) - 1] == ']')))
      lm__yw_error(w, sp->key, sizeof sp->key,
                   "'%s' is not a numeric scenario key (a dotted path such as fleet.van.count)",
                   sp->key);
    else if (OK(w, sp->values))
      sweep_values_finish(w, sp, k);
    for (size_t j = 0; j < i; j++)
      if (!strcmp(s->sweep[j].key, sp->key))
        lm__yw_error(w, sp->key, sizeof sp->key, "'%s' is swept twice", sp->key);
  }
  for (size_t i = 0; i < s->n_lockers; i++) {
    const lm_locker *l = &s->lockers[i];
    if (OK(w, l->compartments) && OK(w, s->demand.n_sizes) &&
        l->n_compartment_sizes != s->demand.n_sizes)
      lm__yw_error(w, l->compartments, sizeof l->compartments,
                   "%zu compartment counts for %zu parcel size classes (demand.sizes); give one "
                   "count per size class, in the same order",
                   l->n_compartment_sizes, s->demand.n_sizes);
  }
  for (size_t i = 0; i < s->n_strategies; i++) {
    const lm_strategy *st = &s->strategies[i];
    int wants_lockers =
        st->first == LM_FIRST_LOCKER || st->not_home == LM_NOT_HOME_REDIRECT_TO_LOCKER;
    if (wants_lockers && s->n_lockers == 0)
      lm__yw_error(w, st->name, sizeof st->name,
                   "strategy '%s' sends parcels to lockers, but the scenario has no lockers",
                   st->name);
  }
  if (OK(w, v->count)) {
    for (size_t i = 0; i < s->n_strategies; i++) {
      const lm_strategy *st = &s->strategies[i];
      if (OK(w, st->vans) && st->vans > v->count)
        lm__yw_error(w, &st->vans, sizeof st->vans,
                     "strategy '%s' uses %u vans but the fleet has %u (fleet.van.count)", st->name,
                     st->vans, v->count);
    }
  }
}
