/* internal.h — what the files of the delivery model share: the parcel and van records,
 * the per-day accumulators, the model's workspace, and helpers named lm__model_*.
 *
 * Invariants: every parcel is in exactly one state; `unresolved` counts the parcels not
 * yet received, stolen or returned; a parcel listed in `depot` is in LM__P_AT_DEPOT.
 */
#ifndef LASTMILE_MODEL_INTERNAL_H
#define LASTMILE_MODEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "lastmile/engine.h"
#include "lastmile/locker.h"
#include "lastmile/model.h"
#include "lastmile/rng.h"
#include "lastmile/routing.h"
#include "lastmile/traffic.h"

#define LM__DAY_S           86400.0
#define LM__PRIO_CLOSE_DAY  (-100) /* before anything else at midnight */
#define LM__PRIO_DAY_START  (-50)
#define LM__HOME            (-1)         /* a parcel's destination when it is not a locker */
#define LM__MAX_SITES_NEAR  3            /* lockers/pickup points remembered per customer */
#define LM__MAX_INCIDENTS   64           /* incidents kept per day; more are drawn but not kept */
#define LM__RESHIP_KEY_STEP (1ULL << 40) /* a re-shipment's key: its stolen parcel's + this */

enum lm__parcel_state {
  LM__P_AT_DEPOT,
  LM__P_IN_VAN,
  LM__P_FAILED_IN_VAN, /* a failed home attempt riding back */
  LM__P_BOUNCED,       /* riding back to go elsewhere: a full locker, or a redirect */
  LM__P_AT_DOOR,
  LM__P_IN_LOCKER,
  LM__P_RECEIVED,
  LM__P_RETURNED,
  LM__P_STOLEN
};

typedef struct lm__parcel {
  uint64_t
      key; /* keys its random draws: the order's ordinal, + LM__RESHIP_KEY_STEP per re-shipment */
  uint32_t customer;
  uint32_t day_created;
  uint32_t next;             /* next parcel of the same stop during a tour */
  uint32_t last_attempt_day; /* day of its latest home attempt (valid when attempts > 0) */
  uint8_t attempts;          /* home attempts */
  uint8_t state;
  uint8_t size;
  uint8_t tried;      /* lockers tried so far (for the full-locker fallback) */
  uint8_t same_day;   /* promised for the day it was ordered */
  int16_t dest;       /* LM__HOME or a locker index */
  int8_t compartment; /* the compartment class it occupies, in a locker */
  double order_s;
  double value_eur;
  double resolved_s;  /* when it was received, stolen or returned; NaN while pending */
  double placed_s;    /* when it was put in a locker or pickup point; NaN if never */
  double delivered_s; /* when the carrier's delivery was done: handed over at home or to a
                         neighbour, left at the door or safe place, or put in a locker or
                         pickup point (its last such moment); NaN while not delivered */
} lm__parcel;

/* A customer's request to have a return parcel picked up (returns.c). */
enum lm__ret_state { LM__R_WAITING, LM__R_PLANNED, LM__R_IN_VAN, LM__R_COLLECTED };

typedef struct lm__ret {
  uint32_t customer, day_created;
  uint32_t next; /* next request of the same stop */
  uint8_t size, state, attempts;
  double requested_s;
} lm__ret;

/* Where a van is. A re-planned van may drive several trips in one wave: it comes back to
 * the depot for the stops added to its route, loads them and goes out again. */
enum lm__van_state {
  LM__V_IDLE,    /* at the depot, free since next_s */
  LM__V_TO_STOP, /* driving to (or waiting at) order[pos], arriving at next_s */
  LM__V_TO_DEPOT /* driving back to the depot, arriving at next_s; order[pos..end) not loaded */
};

typedef struct lm__van {
  size_t begin, end, pos;   /* its stops in the plan's order[] */
  double depart_s, km;      /* the trip's departure and distance so far */
  size_t trip_begin;        /* first stop of the trip it is on */
  double next_s;            /* see enum lm__van_state */
  double overtime_from_s;   /* the trip's time after this is overtime */
  uint8_t state;            /* enum lm__van_state */
  uint8_t kind;             /* lm_vehicle_kind */
  uint32_t returns_parcels; /* customer returns on board */
  double returns_volume_l;
  uint8_t used; /* has left the depot in the current wave */
} lm__van;

/* Per-day accumulators; the KPIs are derived from them when the day closes. All fields
 * are doubles so that days add up field by field. */
typedef struct lm__day_acc {
  double created, received, attempts, failed, redeliveries, returned;
  double first_attempts, first_successes; /* parcels first attempted; handed over then */
  double received_home, received_door, left_at_door, stolen, stolen_value;
  double received_neighbour, received_safe_place;
  double received_locker, received_pickup, locker_overflow;
  double locker_occupied_s, locker_capacity_s;
  double resolved, order_to_receipt_sum_h;
  double pending_end;
  /* Service over due parcels (kpis.c, filled when the replication ends): parcels whose
   * promise fell in the day, those delivered by it, their lateness; the backlog (not
   * delivered and past the promise) and the oldest unresolved parcel's age at the day's
   * end; order-to-receipt p95 of the parcels received that day. */
  double due, due_on_time, due_lateness_sum_s, due_lateness_n;
  double backlog_end, oldest_age_d, order_to_receipt_p95_h;
  double stops_unserved, stops_unserved_idle; /* left out of a plan; of those, with an idle
                                                 vehicle that could have served it alone */
  /* Per vehicle kind (lm_vehicle_kind): distance, time out, overtime, vehicles used. */
  double km[LM_VEHICLE_KINDS], hours[LM_VEHICLE_KINDS], overtime_h[LM_VEHICLE_KINDS];
  double used[LM_VEHICLE_KINDS];
  double same_day, same_day_on_time; /* same-day orders; those received that day */
  double returns_requested, returns_collected, returns_pending_end;
  /* Costs (costs.c): paid driver hours per kind and their overtime part; micro-hub
   * restocking; messages; re-shipments; sites paid for and their fees (EUR); customers'
   * collection trips. */
  double driver_h[LM_VEHICLE_KINDS], driver_ot_h[LM_VEHICLE_KINDS];
  double restock_trips, restock_km, restock_h;
  double eta_messages, reshipments;
  double sites_used, site_rent_eur, site_fees_eur;
  double customer_trip_km;
} lm__day_acc;

/* A customer type as the presence model uses it (presence.c). */
typedef struct lm__presence_type {
  double p[2][LM_HOURS]; /* [0] Monday to Friday, [1] weekend: P(home at hour | not away) */
  double away_p;         /* stationary probability of an away day */
  double away_rho;       /* lag-1 correlation of the away state */
} lm__presence_type;

struct lm_model {
  const lm_scenario *sc;
  const lm_strategy *st;
  lm_sim *sim;
  lm_rng *rng_customers, *rng_demand;
  lm_router *router;
  const volatile sig_atomic_t *stop;            /* lm_model_set_stop; NULL: none */
  uint64_t presence_key, theft_key, locker_key; /* key the counter-based draws */
  uint32_t day;                                 /* current day */

  size_t n_cust;
  double *cx, *cy, *ccirc; /* customer positions (km) and circuity */
  uint16_t *czone;         /* customer's zone */
  double *cweight;         /* cumulative order weights (customers from an instance), or NULL */
  uint8_t *ctype;          /* customer's type (presence.c) */
  lm__presence_type ptypes[LM_MAX_CUSTOMER_TYPES];
  size_t n_ptypes;
  double mean_presence[2][LM_HOURS]; /* the population's presence: weekday, weekend */
  uint8_t *cpref;                    /* 0 home, 1 locker, 2 pickup point */
  uint8_t *credirect;                /* accepts a redirect to a locker */
  int16_t *csites; /* LM__MAX_SITES_NEAR sites in reach per customer, nearest first,
                      padded with LM__HOME */

  lm_locker_bank *banks; /* one per locker or pickup point */
  int16_t *site_zone;    /* zone of each locker (n_zones: in no zone) */
  int16_t depot_zone;

  /* Traffic. Zone index n_zones stands for "in no zone" (speed factor 1). */
  lm_rng *rng_traffic, *rng_incidents, *rng_trips;
  double *plan_time_factor; /* per zone: mean of 1/speed factor over the shift hours */
  double *day_speed;        /* per zone: today's day-to-day speed factor */
  int bad_weather;          /* today */
  lm_slowdown incidents[LM__MAX_INCIDENTS];
  int16_t incident_zone[LM__MAX_INCIDENTS];
  size_t n_incidents;

  lm__parcel *parcels;
  size_t n_parcels, cap_parcels;
  uint32_t *depot; /* parcels waiting at the depot */
  size_t n_depot, cap_depot;

  /* The day's plan. Node 0 is the depot, node i + 1 is stop i. */
  lm_rstop *stops;
  uint32_t *stop_customer, *stop_head, *stop_of_cust, *stop_of_site;
  uint32_t *stop_ret;    /* the stop's first return request, or UINT32_MAX */
  int16_t *stop_site;    /* LM__HOME for a customer's stop, else the locker */
  size_t *stop_log;      /* the stop's row in the route log, or SIZE_MAX */
  uint8_t *stop_loaded;  /* its parcels are in its van (or delivered) */
  uint8_t *node_onboard; /* during a re-plan: the node is a stop whose parcels are on board */
  int16_t *node_zone;    /* zone of each node (n_zones: in no zone) */
  size_t n_stops, cap_stops;
  double *node_x, *node_y, *node_circ;
  lm_rvehicle *vehicles;
  lm__van *vans;
  lm_rplan plan;

  size_t vans_out;                    /* vans of the current wave not yet back */
  int dispatch_waiting;               /* a wave is loaded and waits for them */
  uint64_t waiting_arg;               /* its on_dispatch argument */
  double wave_end_s;                  /* when the current wave is due back */
  uint64_t wave_arg;                  /* day x LM_MAX_WAVES + wave of the wave dispatched last */
  size_t n_vans;                      /* vans of the current strategy */
  double wave_used[LM_VEHICLE_KINDS]; /* vehicles of each kind out in the current wave */

  /* The strategy's fleet (fleet.c). Vehicles ("vans" of any kind) are numbered kind by
   * kind; stop s is node s + node0 (node 1 is the micro-hub when there is one). */
  int mixed;                                /* plans with kinds and profiles */
  uint32_t n_kind[LM_VEHICLE_KINDS];        /* vehicles of each kind */
  double service_base_s;                    /* a stop's service time in plans */
  double service_delta_s[LM_VEHICLE_KINDS]; /* each kind's extra service time */
  uint32_t base_node[LM_VEHICLE_KINDS];     /* where each kind starts and ends */
  uint32_t node0;
  lm_travel_fn plan_travel; /* the planner's travel: lm__fleet_van_travel or lm__fleet_travel */
  double *range_left, *charged_s; /* per vehicle: an electric van's charge (km), since when */
  double range_margin_km;         /* the least charge an electric van came back with */

  /* Costs (costs.c). A duty is one vehicle's work in one wave; drivers are matched to the
   * duties of a day kind by kind (slots numbered like the vehicles). */
  double *duty_start_s, *duty_end_s; /* per vehicle, in the current wave; NaN: no duty */
  double *drv_start_s, *drv_end_s;   /* per driver slot, on day drv_day */
  size_t *duty_order;                /* workspace: a wave's duties of one kind, by start */
  uint32_t n_drv[LM_VEHICLE_KINDS];  /* drivers of each kind on day drv_day */
  int64_t duty_day, drv_day;         /* the day of the current wave and of the drivers */
  double hub_batch_s;                /* when bikes last left the micro-hub; NaN: none */
  double hub_parcels, hub_volume_l;  /* what they took, still to be restocked */
  uint8_t *site_used;                /* per site: the strategy placed a parcel there */
  uint64_t n_orders;                 /* orders created so far (keys of their draws) */

  /* Re-planning workspace (sameday.c): the problem's stops and their model indices, the
   * warm plan and its fixed prefixes. */
  lm_rstop *pstops;
  uint32_t *pmap, *porder;
  size_t cap_p;
  size_t *pbegin, *pfixed;
  uint64_t sameday_key; /* keys the same-day draw of each order */

  /* Customer returns (returns.c). */
  lm_rng *rng_returns;
  lm__ret *rets;
  size_t n_rets, cap_rets;
  uint32_t *rwait; /* requests waiting for a round */
  size_t n_rwait, cap_rwait;

  int64_t routes_day;  /* the day whose tours are recorded, or -1 */
  lm_route_log routes; /* the recorded tours (arrays grown as needed) */
  size_t routes_cap;

  uint32_t *next_delivery; /* per simulated day d: the first day after d on which the
                              scenario's calendar delivers (may be >= days) */
  lm__day_acc *acc;        /* one per simulated day */
  size_t unresolved;       /* parcels neither received, stolen nor returned */
  size_t oldest;           /* no parcel before this index is unresolved (lm__model_oldest_age_d) */
  int failed;
};

/* Grows *p (of *cap elements of `elem` bytes) to hold `need`. Returns 0 or LM_ENOMEM. */
int lm__model_grow(void **p, size_t *cap, size_t need, size_t elem);
/* A 64-bit mix (SplitMix64's finaliser), for counter-based draws. */
uint64_t lm__model_mix(uint64_t x);
/* A uniform in (0, 1) keyed by (key, a, b). */
double lm__model_uniform(uint64_t key, uint64_t a, uint64_t b);
/* A customer drawn from `rng` with probability proportional to their weight (customers
 * from an instance; m->cweight holds the cumulative weights): a binary search. */
uint32_t lm__model_weighted_customer(const lm_model *m, lm_rng *rng);
/* Ends the run with `code`. */
void lm__model_fail(lm_model *m, int code);
/* Puts parcel p back in the depot's list. Returns 0 or LM_ENOMEM. */
int lm__model_depot_push(lm_model *m, uint32_t p);
/* The accumulator of the day `t_s` falls in (clamped to the last simulated day). */
lm__day_acc *lm__model_acc_at(lm_model *m, double t_s);
/* Appends a new parcel of customer c at the depot, created on `day` at order_s, with
 * size class `size`, declared value and draw key; counts it as created and unresolved.
 * Returns it, or NULL when out of memory (nothing added). */
lm__parcel *lm__model_add_parcel(lm_model *m, uint32_t c, int16_t dest, uint32_t day, uint8_t size,
                                 double order_s, double value_eur, uint64_t key);
/* When parcel p is due, in seconds from midnight of day 0: the end of its order day for a
 * same-day promise, else the end of the first day after its order day on which the
 * scenario's calendar delivers (scenario.delivery_days less scenario.holidays). The
 * scenario's calendar, not the strategy's, so that every strategy makes the same promises
 * and comparisons stay paired. The day may lie past the horizon. */
double lm__model_due_s(const lm_model *m, const lm__parcel *p);
/* Marks parcel p delivered by the carrier at `now` (handed over, left or placed). */
void lm__model_delivered(lm__parcel *p, double now);
/* The customer has parcel p at `now` (in person, taken in, collected): counts it in `a`.
 * The caller counts the channel. */
void lm__model_receive(lm_model *m, lm__day_acc *a, lm__parcel *p, double now);

/* presence.c: who is at home. */
/* The weekday of simulated day `day`, 0 = Monday ... 6 = Sunday. */
int lm__model_weekday(const lm_model *m, uint64_t day);
/* Sets the presence key of the replication (master seed, rep), draws every customer's
 * type and copies the types' profiles from the scenario; needs m->n_cust. Returns 0, or
 * LM_ENOMEM (m->ctype is then NULL). */
int lm__presence_setup(lm_model *m, uint64_t seed, uint64_t rep);
/* Whether somebody is at home at customer c at time t_s. */
int lm__model_at_home(const lm_model *m, uint32_t c, double t_s);
/* The same when an ETA notice brings home a share `eta_share` of those who would be out
 * (but not away for the day); 0 gives lm__model_at_home. */
int lm__presence_home(const lm_model *m, uint32_t c, double t_s, double eta_share);
/* Whether customer c is at home in the slot they booked on day `day`. */
int lm__presence_in_slot(const lm_model *m, uint32_t c, uint64_t day);
/* Whether a neighbour of customer c is at home and takes a parcel in at t_s. */
int lm__presence_neighbour(const lm_model *m, uint32_t c, double t_s);

/* tours.c: dispatch and tours. */
/* The planner's travel time between nodes (lm_travel_fn, ud = the model). */
double lm__fleet_van_travel(void *ud, uint32_t profile, uint32_t from, uint32_t to, double depart_s,
                            double *dist_km);
/* Groups the due parcels at the depot at `now` into new stops from index m->n_stops on:
 * one per customer or site. 0 or LM_ENOMEM. */
int lm__tours_build_stops(lm_model *m, uint32_t day, double now);
/* Customer c's stop for destination `dest` (LM__HOME or a site) among the stops being built,
 * created if there is none yet; UINT32_MAX when out of memory. */
uint32_t lm__stops_get(lm_model *m, uint32_t c, int16_t dest, uint32_t day);
/* Loads van v with its stops order[pos..end) and sends it to the first at `depart_s`. */
void lm__tours_depart(lm_model *m, size_t v, double depart_s);
/* Logs the planned arrivals of van v's stops order[i0..end) not logged yet, walking from
 * node `from` at `t0` with `fn`. 0 or LM_ENOMEM. */
int lm__tours_log_route(lm_model *m, size_t v, size_t wave, size_t i0, uint32_t from, double t0,
                        lm_travel_fn fn);

/* fleet.c: the kinds of vehicle. */
/* Numbers the strategy's vehicles kind by kind and sets up profiles and service times. */
int lm__fleet_setup(lm_model *m);
/* The vehicle type of vehicle v. */
const lm_vehicle_type *lm__fleet_type(const lm_model *m, size_t v);
/* Road distance between two nodes (circuity x straight line), km. */
double lm__fleet_road_km(const lm_model *m, uint32_t from, uint32_t to);
/* The planner's travel of a mixed fleet: profile = vehicle kind (lm_travel_fn). */
double lm__fleet_travel(void *ud, uint32_t profile, uint32_t from, uint32_t to, double depart_s,
                        double *dist_km);
/* The realised time of vehicle v from node `from` to `to` leaving at depart_s. */
double lm__fleet_drive(lm_model *m, size_t v, uint32_t from, uint32_t to, double depart_s,
                       double *dist_km);
/* The kinds that may serve stop s (lm_rstop.allowed_kinds). */
uint32_t lm__fleet_allowed(const lm_model *m, uint32_t s);
/* Vehicle v as the routing core sees it, available from start_s to end_s. */
lm_rvehicle lm__fleet_vehicle(const lm_model *m, size_t v, double start_s, double end_s);
/* Vehicle v leaves its base at depart_s (an electric van's charge). */
void lm__fleet_depart(lm_model *m, size_t v, double depart_s);
/* Vehicle v is back at its base at `now` after `km` (an electric van's charge). */
void lm__fleet_back(lm_model *m, size_t v, double now, double km);

/* returns.c: customer returns. */
/* Draws the day's pickup requests (its own stream). */
void lm__returns_day_start(lm_model *m, uint32_t day, double midnight);
/* Adds the requests due on `day` to their customers' stops. 0 or LM_ENOMEM. */
int lm__returns_to_stops(lm_model *m, uint32_t day);
/* Stop s was left out of a plan: its requests wait again. 0 or LM_ENOMEM. */
int lm__returns_unserved(lm_model *m, uint32_t s);
/* Vehicle v is at stop s: it collects the returns if the customer is `home`. */
void lm__returns_at_stop(lm_model *m, size_t v, uint32_t s, int home);
/* Vehicle v is back from a trip that served stop s: its returns are collected. */
void lm__returns_unload(lm_model *m, size_t v, uint32_t s, lm__day_acc *a);
/* Checks requested = collected + waiting. 0 or LM_ECONSERVATION. */
int lm__returns_check(const lm_model *m, lm_diag *diag);
/* Requests not collected yet. */
double lm__returns_pending(const lm_model *m);

/* sameday.c: re-planning a running wave (strategies with replan_every_h). */
/* The event of a re-plan; arg is day x LM_MAX_WAVES + wave. */
void lm__sameday_on_replan(lm_sim *sim, void *ctx, uint64_t arg);
/* Frees the re-planning workspace. */
void lm__sameday_free(lm_model *m);
/* Makes room for `need` stops and their nodes (node 0 is the depot). 0 or LM_ENOMEM. */
int lm__stops_ensure(lm_model *m, size_t need);
/* Wave w of the current strategy: its own, or one wave over the van shift. */
lm_wave lm__tours_wave(const lm_model *m, size_t w);
/* The routing problem of the current strategy over `n_stops` stops, the fleet's vehicles
 * (m->vehicles, m->n_vans) and the nodes 0 .. m->n_stops + m->node0 - 1, planned with
 * `travel` (ud = m). No warm start and nothing fixed; the caller sets those. */
lm_rproblem lm__tours_problem(lm_model *m, const lm_rstop *stops, size_t n_stops,
                              lm_travel_fn travel);
/* The event of a wave's dispatch; arg is day x LM_MAX_WAVES + wave. */
void lm__tours_on_dispatch(lm_sim *sim, void *ctx, uint64_t arg);

/* costs.c: the carrier's costs, each computed here once. */
/* Allocates the per-vehicle and per-site workspace. 0 or LM_ENOMEM. */
int lm__costs_alloc(lm_model *m, size_t max_vehicles, size_t n_sites);
/* Frees it. */
void lm__costs_free(lm_model *m);
/* Forgets the previous replication. */
void lm__costs_reset(lm_model *m);
/* A wave of `day` is dispatched: the previous wave's duties go to the drivers. */
void lm__costs_wave(lm_model *m, uint32_t day);
/* Vehicle v leaves its base at depart_s with its stops order[pos..end) loaded. */
void lm__costs_depart(lm_model *m, size_t v, double depart_s);
/* Vehicle v is back at its base at `now`. */
void lm__costs_back(lm_model *m, size_t v, double now);
/* The run ended at `horizon_s`: closes the last duties, drivers and restocking, and
 * charges the sites the strategy used for every day. */
void lm__costs_finish(lm_model *m, double horizon_s);
/* Sets the cost KPIs of k (and the external ones of customer trips) from the totals `a`
 * over `days` days. */
void lm__costs_kpis(const lm_model *m, const lm__day_acc *a, double days, double *k);
/* Checks that the cost parts of k are finite, not negative and add up exactly to
 * cost_total; LM_ECONSERVATION (with a message naming `what`) if not. */
int lm__costs_check(const lm_model *m, const double *k, const char *what, lm_diag *diag);

/* kpis.c */
/* Turns the totals `a` over `days` days into KPIs k[LM_KPI_COUNT]. */
/* The growth of the backlog over days [first, end): the least-squares slope of the end-of-day
 * backlog against the day, within weekdays (kpis.c). */
double lm__model_backlog_slope(const lm_model *m, uint32_t first, uint32_t end);
void lm__model_kpis(const lm_model *m, const lm__day_acc *a, double days, double round_days,
                    double *k);
/* The age in days at `now` of the oldest parcel neither received, stolen nor returned (0
 * when there is none). Parcels are stored by creation day and ordered within their day,
 * so it looks at the first creation day that still has one; amortised O(1) per parcel. */
double lm__model_oldest_age_d(lm_model *m, double now);
/* Fills the service fields of every day's accumulator (due, on time, lateness, backlog,
 * order-to-receipt p95) from the parcels at the end of the run (`horizon`), and stores in
 * *p95_h the order-to-receipt p95 over the parcels received from day `first` on. 0 or
 * LM_ENOMEM. */
int lm__model_service(lm_model *m, double horizon, uint32_t first, double *p95_h);
/* Checks that every parcel is accounted for; LM_ECONSERVATION (with a message) if not. */
int lm__model_check_conservation(lm_model *m, lm_diag *diag);

/* sites.c: doors, lockers and pickup points. */
/* Finds each customer's sites in reach and draws their preferences. */
int lm__sites_customers(lm_model *m);
/* Sets up the locker banks, empty, at time 0. */
void lm__sites_reset(lm_model *m);
/* Where a new parcel of customer c goes under the strategy: LM__HOME or a locker. */
int16_t lm__sites_destination(const lm_model *m, uint32_t c);
/* Whether the strategy may leave customer c's parcel at the door at `now`: the door's
 * hazard then (zone x hour factor x packaging) is at most leave_at_door_max_hazard. */
int lm__sites_door_safe(const lm_model *m, uint32_t c, double now);
/* Leaves parcel pi at its customer's door at `now` (theft or taken in later). */
void lm__sites_leave_at_door(lm_model *m, lm__day_acc *a, uint32_t pi, double now);
/* What became of a parcel at a home attempt. */
enum {
  LM__NOT_HANDED = 0,   /* rides on: taken back, or redirected to a locker */
  LM__HANDED_HOME,      /* the customer took it in person */
  LM__HANDED_NEIGHBOUR, /* a neighbour took it in person */
  LM__LEFT_UNATTENDED   /* left at the door or in the safe place */
};
/* Nobody answered for parcel pi: applies the strategy's when_not_home (door, neighbour,
 * safe place, redirect or take back). Returns LM__HANDED_NEIGHBOUR, LM__LEFT_UNATTENDED
 * or LM__NOT_HANDED. */
int lm__sites_not_home(lm_model *m, lm__day_acc *a, uint32_t pi, double now);
/* After a failed home attempt: sends parcel pi to the nearest locker or pickup point in
 * reach if the strategy redirects and the customer accepts. Returns 1 when redirected (state
 * LM__P_BOUNCED). */
int lm__sites_redirect(lm_model *m, uint32_t pi);
/* The van is at locker `site` at `now` with the parcels of stop list `head`. */
void lm__sites_deliver(lm_model *m, lm__day_acc *a, int16_t site, uint32_t head, double now);
/* Integrates the lockers' occupancy into day `day`'s accumulator up to `now`. */
void lm__sites_close_day(lm_model *m, uint32_t day, double now);
/* Frees what lm__sites_customers allocated. */
void lm__sites_free(lm_model *m);

#endif
