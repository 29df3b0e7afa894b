/* scenario.h — a scenario, as loaded from YAML into plain structs.
 *
 * lm_scenario_load() reads a file with libyaml's document API, walks it with tables of
 * key handlers, range-checks every number and refuses impossible settings before
 * anything runs. Every problem goes to the caller's lm_diag as
 * "file:line:col: error: ..." naming the key, the value and what was expected, and the
 * loader keeps going so that `lastmile validate` can report them all.
 *
 * Units are in the names: _km, _s, _kmh, _l (litres), _eur, _g. Times of day are seconds
 * from midnight; the YAML writes them as "HH:MM" (or "HH:MM:SS").
 */
#ifndef LASTMILE_SCENARIO_H
#define LASTMILE_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "lastmile/calendar.h"
#include "lastmile/error.h"
#include "lastmile/yaml.h" /* LM_NAME_MAX, lm_name_problem, lm_parse_time_of_day */

#define LM_HOURS              24
#define LM_MAX_SIZES          8 /* parcel size classes */
#define LM_MAX_ZONES          64
#define LM_MAX_STRATEGIES     32
#define LM_MAX_LOCKERS        256
#define LM_MAX_PEAKS          64
#define LM_MAX_HOLIDAYS       128
#define LM_MAX_SWEEP_PARAMS   4
#define LM_MAX_SWEEP_VALUES   32
#define LM_SCENARIO_MAX_BYTES (64u * 1024u * 1024u) /* larger files are refused */

/* A rectangular area where customers live, uniformly spread. */
typedef struct lm_zone {
  char name[LM_NAME_MAX];
  double x_min_km, y_min_km, x_max_km, y_max_km; /* bounds_km: [x_min, y_min, x_max, y_max] */
  double density_per_km2;                        /* customers per square kilometre, >= 0 */
  double circuity;                               /* road/straight distance; region's if unset */
  double theft_hazard_per_hour;          /* rate at which a parcel left at a door is stolen, 1/h */
  double speed_factor_by_hour[LM_HOURS]; /* multiplies the vans' speed, hour by hour */
} lm_zone;

/* Randomness of travel: day-to-day and trip noise, incidents and weather. */
typedef struct lm_traffic {
  double day_noise_cv;      /* coefficient of variation of a zone's speed, day to day */
  double trip_noise_cv;     /* ... of a single trip's time */
  double incidents_per_day; /* Poisson mean over the whole region */
  double incident_speed_factor;
  double incident_duration_mean_h; /* exponential */
  double bad_weather_probability;  /* per day */
  double bad_weather_speed_factor;
  double bad_weather_service_factor; /* lengthens service at stops */
} lm_traffic;

typedef struct lm_depot {
  char name[LM_NAME_MAX];
  double x_km, y_km;
  double loading_time_s; /* time to load a van before it leaves, >= 0 */
} lm_depot;

/* The kinds of vehicle a fleet holds. fleet.van is the (diesel) van every scenario has;
 * the others are optional. The numbers index lm_scenario.fleet[] and the routing core's
 * vehicle kinds. */
typedef enum lm_vehicle_kind {
  LM_VEHICLE_VAN = 0,      /* fleet.van */
  LM_VEHICLE_ELECTRIC_VAN, /* fleet.electric_van: a van with a range per charge */
  LM_VEHICLE_CARGO_BIKE,   /* fleet.cargo_bike: from the micro-hub, not slowed by traffic */
  LM_VEHICLE_DRONE,        /* fleet.drone: one small parcel per sortie, grounded by weather */
  LM_VEHICLE_KINDS
} lm_vehicle_kind;

/* The YAML name of each kind ("van", "electric_van", "cargo_bike", "drone"). */
extern const char *const lm_vehicle_kind_names[LM_VEHICLE_KINDS];

/* One kind of vehicle. */
typedef struct lm_vehicle_type {
  char name[LM_NAME_MAX];
  uint32_t count;            /* vehicles available each day; 0: the kind is not in the fleet */
  uint32_t capacity_parcels; /* >= 1 */
  double capacity_volume_l;  /* > 0 */
  double shift_start_s;      /* time of day the shift starts */
  double shift_end_s;        /* time of day the shift ends, > shift_start_s */
  double speed_kmh;          /* average road speed, > 0 */
  double service_time_s;     /* time spent at each stop, >= 0 */
  double cost_fixed_eur;     /* per vehicle used per day */
  double cost_per_km_eur;
  double cost_per_hour_eur;
  double overtime_cost_per_hour_eur;
  double co2_g_per_km;
  double range_km;            /* electric van: distance per full charge; drone: per sortie */
  double recharge_km_per_h;   /* electric van: range regained per hour at the depot */
  double max_parcel_volume_l; /* drone: the largest parcel it carries */
  double max_shift_h;         /* van: longest working day planned, from shift_start; the
                                 time past shift_end is overtime (0 for the other kinds:
                                 their shift is a hard limit) */
  double energy_kwh_per_km;   /* electric kinds: electricity drawn per km (0 for the van) */
} lm_vehicle_type;

/* A micro-hub: cargo bikes start and end there; a van stocks it before each wave. */
typedef struct lm_micro_hub {
  char name[LM_NAME_MAX];
  double x_km, y_km; /* NaN: no micro-hub (cargo bikes use the depot) */
} lm_micro_hub;

#define LM_MAX_KIND_ZONES 8 /* zones named per vehicle kind in a strategy's fleet_zones */

/* The zones one vehicle kind may serve, by name; none: every zone. */
typedef struct lm_zone_list {
  char names[LM_MAX_KIND_ZONES][LM_NAME_MAX];
  size_t n;
} lm_zone_list;

typedef struct lm_parcel_size {
  char name[LM_NAME_MAX];
  double volume_l; /* > 0 */
  double share;    /* fraction of parcels of this size; shares sum to 1 */
} lm_parcel_size;

/* One swept scenario key and its values: the grid is the product of all swept keys. */
typedef struct lm_sweep_param {
  char key[LM_NAME_MAX]; /* a dotted path, as for --set */
  double values[LM_MAX_SWEEP_VALUES];
  size_t n_values;
} lm_sweep_param;

/* What a capacity plan must achieve: kpi >= at_least (or <= at_most) with the one-sided
 * confidence given, at the lowest cost_kpi. */
typedef struct lm_target {
  char kpi[LM_NAME_MAX];    /* empty: no target */
  double at_least, at_most; /* exactly one is given (the other is NaN) */
  double confidence;
  char cost_kpi[LM_NAME_MAX]; /* what "cheapest" means */
} lm_target;

/* A named day of exceptional volume (Black Friday, the week before Christmas, ...). */
typedef struct lm_peak {
  char name[LM_NAME_MAX];
  lm_date date;  /* a date of the simulated period */
  double factor; /* multiplies that day's expected volume */
} lm_peak;

typedef struct lm_demand {
  double parcels_per_day;             /* mean of the Poisson daily count, >= 0 */
  double weekday_factor[7];           /* Monday first */
  double month_factor[12];            /* January first */
  double order_hour_weight[LM_HOURS]; /* relative order intensity by hour of day */
  double same_day_share;              /* orders promised for the day they are placed */
  double same_day_cutoff_s;           /* ... when placed before this time of day */
  double returns_per_day;             /* mean of the Poisson daily count of pickup
                                         requests for customer returns */
  lm_peak peaks[LM_MAX_PEAKS];
  size_t n_peaks;
  lm_parcel_size sizes[LM_MAX_SIZES];
  size_t n_sizes;
  double value_mean_eur; /* mean declared value (exponential), >= 0 */
} lm_demand;

#define LM_MAX_CUSTOMER_TYPES 8

/* A kind of household and how often it is at home (the presence model of
 * sim/model/presence.c). On a day it is not away, the household is at home at hour h with
 * probability presence_by_hour[h] (presence_by_hour_weekend[h] on Saturdays and
 * Sundays); a day is "away" with stationary probability away_day_probability, and
 * consecutive days' away states have correlation away_day_persistence. */
typedef struct lm_customer_type {
  char name[LM_NAME_MAX];
  double share;                              /* of the customers, the types sum to 1 */
  double presence_by_hour[LM_HOURS];         /* Monday to Friday, given not away */
  double presence_by_hour_weekend[LM_HOURS]; /* Saturday and Sunday, given not away */
  double away_day_probability;               /* stationary probability of an away day */
  double away_day_persistence;               /* lag-1 correlation of the away state */
} lm_customer_type;

/* Without `types`, the section's own presence keys describe one type that every customer
 * belongs to; with `types`, those keys may not be given (the loader refuses both). */
typedef struct lm_customers {
  double presence_by_hour[LM_HOURS];         /* probability somebody is home, per hour of day */
  double presence_by_hour_weekend[LM_HOURS]; /* the same on Saturdays and Sundays */
  double away_day_probability;               /* stationary probability of a day away from home */
  double away_day_persistence;               /* lag-1 correlation of the away state, day to day */
  lm_customer_type types[LM_MAX_CUSTOMER_TYPES]; /* kinds of household, or none */
  size_t n_types;
  double prefer_locker_share;       /* customers who have parcels sent to a locker */
  double prefer_pickup_point_share; /* ... or to a pickup point (when one is in reach) */
  double accept_redirect_share;     /* customers who accept a redirect to a locker */
  double walking_limit_km;          /* farthest locker or pickup point a customer uses */
  double presence_in_slot;          /* probability of being home in a slot one booked */
  double eta_home_share;       /* of those who would be out, the share an ETA notice brings home */
  double neighbour_share;      /* probability a neighbour at home takes a parcel in */
  uint32_t neighbours_asked;   /* neighbours' doors a driver tries before taking it back */
  double safe_place_share;     /* customers who name a safe place for parcels */
  char file[LM_NAME_MAX];      /* CSV of customer positions (x_km,y_km), relative to
                                  the scenario file; empty: generated from the zones */
  char instance[LM_NAME_MAX];  /* a Solomon or VRPLIB instance whose customers become
                                  the scenario's; empty: none */
  double instance_scale_km;    /* km per instance distance unit */
  double instance_time_unit_s; /* seconds per instance time unit */
} lm_customers;

/* Where a parcel can be collected instead of at home. */
typedef enum lm_site_kind { LM_SITE_LOCKER = 0, LM_SITE_PICKUP_POINT } lm_site_kind;

/* A parcel locker or a pickup point (a shop that keeps parcels). */
typedef struct lm_locker {
  char name[LM_NAME_MAX];
  char kind_name[LM_NAME_MAX]; /* "locker" or "pickup_point", as written */
  lm_site_kind kind;           /* the same, decoded */
  double x_km, y_km;
  double compartments[LM_MAX_SIZES];   /* per parcel size class, smallest first (counts) */
  size_t n_compartment_sizes;          /* how many were given; must equal demand's classes */
  double opens_s, closes_s;            /* daily opening hours; 00:00-24:00 is always open */
  double pickup_delay_mean_h;          /* mean time until the customer collects (exponential) */
  double deadline_days;                /* uncollected after this long: sent back to the sender */
  double service_per_parcel_s;         /* driver's time per parcel placed */
  double cost_per_compartment_day_eur; /* paid for every compartment, every day, by a
                                          strategy that places a parcel in the site */
  double handling_fee_eur;             /* paid per parcel placed in the site */
} lm_locker;

/* Theft at the door: zone z's hazard at hour h is zones[z].theft_hazard_per_hour x
 * hour_factor[h] x the strategy's packaging_factor. */
typedef struct lm_theft {
  double hour_factor[LM_HOURS]; /* relative hazard by hour of day, >= 0 */
  double insured_share;         /* share of a stolen parcel's value paid by insurance */
  double premium_eur;           /* insurance premium per parcel left at a door */
  double safe_place_factor;     /* multiplies the hazard for a parcel in a safe place */
} lm_theft;

/* Unit costs that belong to no vehicle or site (the `costs` section). */
typedef struct lm_costs {
  double return_to_sender_eur; /* per parcel returned to the sender */
  double customer_return_eur;  /* per customer return collected and brought to the depot */
  double eta_message_eur;      /* per arrival-time message sent */
  double reshipment_eur;       /* per stolen parcel shipped again, besides its delivery */
} lm_costs;

/* How customers reach lockers and pickup points (`customer_trips`): the shares of their
 * collection trips by mode (summing to 1) and a car's emissions. */
typedef struct lm_customer_trips {
  double walk_share, bike_share, car_share;
  double car_co2_g_per_km;
} lm_customer_trips;

/* The public's cost of one km driven by one kind of vehicle (`external_costs.KIND`), in
 * EUR, by the five parts of the external costs of transport. */
typedef struct lm_external_factors {
  double climate_eur_per_km, air_pollution_eur_per_km, noise_eur_per_km, congestion_eur_per_km,
      accidents_eur_per_km;
} lm_external_factors;

/* External costs (`external_costs`): factors per vehicle kind (indexed by
 * lm_vehicle_kind) and for the customers' car trips to lockers and pickup points, and the
 * grid's CO2 per kWh for the electric kinds' well-to-wheel CO2. */
typedef struct lm_external_costs {
  lm_external_factors kind[LM_VEHICLE_KINDS];
  lm_external_factors customer_car;
  double grid_co2_g_per_kwh;
} lm_external_costs;

/* What a driver does when nobody is home. */
typedef enum lm_not_home {
  LM_NOT_HOME_TAKE_BACK = 0,      /* bring the parcel back for another attempt */
  LM_NOT_HOME_LEAVE_AT_DOOR,      /* leave it at the door, exposed to theft until taken in */
  LM_NOT_HOME_REDIRECT_TO_LOCKER, /* send it to a locker in reach (if the customer accepts) */
  LM_NOT_HOME_NEIGHBOUR,          /* hand it to a neighbour at home, else take it back */
  LM_NOT_HOME_SAFE_PLACE          /* leave it in the customer's safe place, else take it back */
} lm_not_home;

/* Where parcels go first. */
typedef enum lm_delivery_first {
  LM_FIRST_HOME = 0, /* home, unless the customer chose a locker or pickup point */
  LM_FIRST_LOCKER    /* a locker in reach whenever the customer accepts one */
} lm_delivery_first;

#define LM_MAX_WAVES 4

/* A delivery wave: vans are loaded and leave at `start`, and are due back by `end`. */
typedef struct lm_wave {
  double start_s, end_s; /* times of day */
} lm_wave;

/* A delivery policy with its routing options; every strategy sees the same world. */
typedef struct lm_strategy {
  char name[LM_NAME_MAX];
  uint32_t max_attempts;           /* home attempts before a parcel is returned, >= 1 */
  uint32_t vans;                   /* vans used; 0 means the fleet's count */
  uint32_t routing_iterations;     /* effort of the routing core per plan */
  char when_not_home[LM_NAME_MAX]; /* "take_back", "leave_at_door", ..., as written */
  lm_not_home not_home;            /* the same, decoded */
  char delivery[LM_NAME_MAX];      /* "home_first" or "locker_first", as written */
  lm_delivery_first first;         /* the same, decoded */
  double packaging_factor;         /* discreet packaging scales the theft hazard, (0, 1] */
  uint32_t eta_notification;       /* 1: customers are told the van's arrival time */
  lm_wave waves[LM_MAX_WAVES];     /* the day's waves, in order; none given: the van shift */
  size_t n_waves;
  double slot_h; /* length of the delivery slots customers book; 0: no booked slots */
  char routing_objective[LM_NAME_MAX]; /* "cost", "distance" or "vehicles", as written */
  int objective;                       /* the same, decoded: an lm_route_objective */
  double unserved_penalty_eur;         /* the planner's cost of leaving a stop for tomorrow */
  double leave_at_door_max_hazard;     /* leave at the door only where the hazard (1/h) is at
                                          most this; elsewhere redirect or take back */
  double replan_every_h;               /* re-plan running waves this often; 0: never */
  uint32_t reattempt_same_day;         /* 1: a parcel that failed may be attempted again the same
                                          day (a later wave or a re-plan); 0: from the next day */
  uint32_t drone_first;                /* 1: a stop a drone may serve is served by a drone */
  /* Vehicles of each kind; fleet_mix[LM_VEHICLE_VAN] is UINT32_MAX when not given (then
   * `vans` decides). fleet_zones[k]: where kind k may serve; zone_mask[k] the same as a
   * bit per zone index (all bits: anywhere). */
  uint32_t fleet_mix[LM_VEHICLE_KINDS];
  lm_zone_list fleet_zones[LM_VEHICLE_KINDS];
  uint64_t zone_mask[LM_VEHICLE_KINDS];
  /* The weekdays its rounds run, as written ("mon" ... "sun"); none given: the
   * scenario's. delivery_mask: the same decoded, bit w for weekday w (0 = Monday). */
  char delivery_days[7][LM_NAME_MAX];
  size_t n_delivery_days;
  uint32_t delivery_mask;
} lm_strategy;

/* Detail outputs of a run. */
typedef struct lm_output {
  uint32_t parcel_log; /* 1: store the parcel log of replication 0 */
  lm_date routes_day;  /* store the tours of this counted day of replication 0; or
                          LM_DATE_NONE */
} lm_output;

/* A file a scenario extends (`extends: PATH`, directly or through another base), as it
 * was read: its path resolved against the folder of the file that named it, and its bytes
 * (NUL-terminated). Provenance hashes these beside the scenario's own text. */
typedef struct lm_scenario_base {
  char *path;
  char *text;
  size_t text_len;
} lm_scenario_base;

typedef struct lm_scenario {
  char name[LM_NAME_MAX];
  char *path; /* as given on the command line */
  char *text; /* the scenario text, verbatim, NUL-terminated */
  size_t text_len;
  lm_scenario_base *bases; /* the `extends` chain, the file's own base first (owned) */
  size_t n_bases;          /* 0: the scenario extends nothing */

  uint32_t days;         /* simulated days per replication, >= 1 */
  uint32_t replications; /* default replications, >= 1 */
  uint64_t seed;         /* default master seed */
  uint32_t warmup_days;  /* days simulated but not counted in the KPIs */
  /* The calendar. Simulated day d (0-based) is the date start_date + d; the counted days
   * are d = warmup_days ... days - 1. Rounds run on the delivery days that are not
   * holidays; orders arrive every day. */
  lm_date start_date;
  char delivery_days[7][LM_NAME_MAX]; /* as written; none given: Monday to Saturday */
  size_t n_delivery_days;
  uint32_t delivery_mask;            /* bit w for weekday w (0 = Monday) */
  lm_date holidays[LM_MAX_HOLIDAYS]; /* dates without rounds (any order; outside the
                                        simulated period they change nothing) */
  size_t n_holidays;

  double circuity; /* region default, >= 1 */
  lm_depot depot;
  lm_zone zones[LM_MAX_ZONES];
  size_t n_zones;
  lm_vehicle_type van;                             /* fleet.van */
  lm_vehicle_type electric_van, cargo_bike, drone; /* count 0 when not in the fleet */
  lm_micro_hub micro_hub;
  lm_customers customers;
  lm_theft theft;
  lm_costs costs;
  lm_customer_trips customer_trips;
  lm_external_costs external_costs;
  lm_traffic traffic;
  lm_locker lockers[LM_MAX_LOCKERS];
  size_t n_lockers;
  lm_demand demand;
  lm_strategy strategies[LM_MAX_STRATEGIES];
  size_t n_strategies;

  lm_sweep_param sweep[LM_MAX_SWEEP_PARAMS];
  size_t n_sweep;
  lm_target target;
  lm_output output;

  /* Customers read from customers.file or customers.instance (owned), or NULL when
   * generated from the zones. From an instance also: each customer's expected parcels a
   * day (relative weights of the daily orders) and booked window as times of day (NaN:
   * none); otherwise these are NULL. */
  double *file_x_km, *file_y_km;
  double *file_weight, *file_open_s, *file_close_s;
  size_t n_file_customers;
} lm_scenario;

/* Loads and validates the scenario at `path`. On success returns 0 and sets *out (free
 * with lm_scenario_destroy). On failure returns LM_EIO, LM_EPARSE or LM_EINVAL, sets
 * *out to NULL, and `diag` holds one message per problem found. */
int lm_scenario_load(const char *path, lm_scenario **out, lm_diag *diag);

/* Names a scenario may use that belong to the layers above this one. A target names a
 * KPI, and the list of KPIs is the model's: a program that links the model passes its
 * lookup (lm_kpi_find, kpi.h), so that a misspelt KPI is reported at its line like any
 * other error. */
typedef struct lm_scenario_names {
  /* >= 0 when the `len` bytes at `name` are a KPI's name, < 0 otherwise */
  int (*kpi)(const char *name, size_t len);
} lm_scenario_names;

/* Same, with overrides and names: each of `sets` is "KEY=VALUE" with KEY a dotted path as
 * in `lastmile run --set` (fleet.van.count, zones[1].density_per_km2,
 * customers.presence_by_hour[9]). Each value is read and range-checked like the file's own
 * and replaces it before the cross-field checks run. A bad override is an error in diag
 * ("--set KEY=VALUE: ..."). `names` (may be NULL, and so may its members) checks the names
 * of target.kpi and target.cost_kpi; without it they are accepted as written, and the
 * code that reads the target must check them (lm_scenario_load and lm_scenario_parse pass
 * none). */
int lm_scenario_load_with(const char *path, const char *const *sets, size_t n_sets,
                          const lm_scenario_names *names, lm_scenario **out, lm_diag *diag);

/* Same as lm_scenario_load on text already in memory; `display_name` is used in
 * messages in place of a file name. `text` need not be NUL-terminated. */
int lm_scenario_parse(const char *text, size_t len, const char *display_name, lm_scenario **out,
                      lm_diag *diag);

/* lm_scenario_load_with on text already in memory: `display_name` names it in messages and
 * is the path relative file names are resolved against (lm_scenario_resolve), as if the
 * text had been read from there. */
int lm_scenario_parse_with(const char *text, size_t len, const char *display_name,
                           const char *const *sets, size_t n_sets, const lm_scenario_names *names,
                           lm_scenario **out, lm_diag *diag);

/* The input files a scenario may name: customers.file and customers.instance. */
#define LM_SCENARIO_MAX_INPUTS 2
typedef struct lm_scenario_input {
  const char *key;  /* the scenario key, e.g. "customers.file" */
  const char *name; /* the file name as written (points into the scenario) */
  char path[4096];  /* the name resolved by lm_scenario_resolve against s->path */
} lm_scenario_input;

/* Fills `out` with the input files `s` names (customers.file first, then
 * customers.instance) and returns how many: 0 when it names none. */
size_t lm_scenario_inputs(const lm_scenario *s, lm_scenario_input out[LM_SCENARIO_MAX_INPUTS]);

/* Writes to `dst` (cap bytes, truncated) the file name `file` from a scenario read from
 * `scenario_path`: an absolute name as it is, a relative one in the scenario file's folder
 * (as it is when the scenario path has no folder). */
void lm_scenario_resolve(const char *scenario_path, const char *file, char *dst, size_t cap);

/* Frees a scenario; NULL does nothing. */
void lm_scenario_destroy(lm_scenario *s);

/* Expected volume factor of simulated day `day`: the weekday and month factors of its
 * date, times the factor of every peak on that date. */
double lm_scenario_demand_factor(const lm_scenario *s, uint32_t day);

/* The date of simulated day `day` (day 0 is scenario.start_date; `day` may lie outside
 * the simulated period, and may be negative). */
lm_date lm_scenario_date(const lm_scenario *s, int64_t day);

/* Whether rounds run on simulated day `day` under strategy `st`, or under the scenario's
 * own calendar when `st` is NULL: the day's weekday is one of the delivery days and its
 * date is not a holiday. Defined for every day, inside the simulated period or not. */
int lm_scenario_delivers(const lm_scenario *s, const lm_strategy *st, int64_t day);

/* The first simulated day after `day` on which the scenario's calendar delivers (it may
 * lie past the horizon). At most 7 + n_holidays days later. */
int64_t lm_scenario_next_delivery_day(const lm_scenario *s, int64_t day);

/* Total customers the zones will generate (density x area, rounded per zone). */
size_t lm_scenario_customer_count(const lm_scenario *s);

/* The vehicle type of kind `k` (fleet.van for LM_VEHICLE_VAN); count 0 when absent. */
const lm_vehicle_type *lm_scenario_vehicle(const lm_scenario *s, lm_vehicle_kind k);

/* Vehicles of kind `k` that strategy `st` uses. */
uint32_t lm_strategy_vehicles(const lm_scenario *s, const lm_strategy *st, lm_vehicle_kind k);

#endif
