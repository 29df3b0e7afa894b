/* internal.h — what the files of the delivery model share: the parcel and van records,
 * the per-day accumulators, the model's workspace, and helpers named lm__model_*.
 *
 * Invariants: every parcel is in exactly one state; `unresolved` counts the parcels not
 * yet received, stolen or returned; a parcel listed in `depot` is in P_AT_DEPOT.
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

#define DAY_S          86400.0
#define PRIO_CLOSE_DAY (-100) /* before anything else at midnight */
#define PRIO_DAY_START (-50)
#define HOME           (-1) /* a parcel's destination when it is not a locker */
#define MAX_SITES_NEAR 3    /* lockers/pickup points remembered per customer */
#define MAX_INCIDENTS  64   /* incidents kept per day; more are drawn but not kept */

enum parcel_state {
  P_AT_DEPOT,
  P_IN_VAN,
  P_FAILED_IN_VAN, /* a failed home attempt riding back */
  P_BOUNCED,       /* riding back to go elsewhere: a full locker, or a redirect */
  P_AT_DOOR,
  P_IN_LOCKER,
  P_RECEIVED,
  P_RETURNED,
  P_STOLEN
};

typedef struct parcel {
  uint32_t customer;
  uint32_t day_created;
  uint32_t next;    /* next parcel of the same stop during a tour */
  uint8_t attempts; /* home attempts */
  uint8_t state;
  uint8_t size;
  uint8_t tried;      /* lockers tried so far (for the full-locker fallback) */
  uint8_t same_day;   /* promised for the day it was ordered */
  int16_t dest;       /* HOME or a locker index */
  int8_t compartment; /* the compartment class it occupies, in a locker */
  double order_s;
  double value_eur;
  double resolved_s; /* when it was received, stolen or returned; NaN while pending */
  double placed_s;   /* when it was put in a locker or pickup point; NaN if never */
} parcel;

/* A customer's request to have a return parcel picked up (returns.c). */
enum ret_state { R_WAITING, R_PLANNED, R_IN_VAN, R_COLLECTED };

typedef struct ret {
  uint32_t customer, day_created;
  uint32_t next; /* next request of the same stop */
  uint8_t size, state, attempts;
  double requested_s;
} ret;

/* Where a van is. A re-planned van may drive several trips in one wave: it comes back to
 * the depot for the stops added to its route, loads them and goes out again. */
enum van_state {
  V_IDLE,     /* at the depot, free since next_s */
  V_TO_STOP,  /* driving to (or waiting at) order[pos], arriving at next_s */
  V_TO_DEPOT  /* driving back to the depot, arriving at next_s; order[pos..end) not loaded */
};

typedef struct van {
  size_t begin, end, pos; /* its stops in the plan's order[] */
  double depart_s, km;    /* the trip's departure and distance so far */
  size_t trip_begin;      /* first stop of the trip it is on */
  double next_s;          /* see enum van_state */
  double overtime_from_s; /* the trip's time after this is overtime */
  uint8_t state;          /* enum van_state */
  uint8_t kind;           /* lm_vehicle_kind */
  uint32_t returns_parcels; /* customer returns on board */
  double returns_volume_l;
  uint8_t used;           /* has left the depot in the current wave */
} van;

/* Per-day accumulators; the KPIs are derived from them when the day closes. All fields
 * are doubles so that days add up field by field. */
typedef struct day_acc {
  double created, received, received_first, attempts, failed, redeliveries, returned;
  double received_door, left_at_door, stolen, stolen_value;
  double received_neighbour, received_safe_place;
  double received_locker, received_pickup, locker_overflow;
  double locker_occupied_s, locker_capacity_s;
  double on_time, resolved, lateness_sum_s, order_to_receipt_sum_h;
  double pending_end;
  /* Per vehicle kind (lm_vehicle_kind): distance, time out, overtime, vehicles used. */
  double km[LM_VEHICLE_KINDS], hours[LM_VEHICLE_KINDS], overtime_h[LM_VEHICLE_KINDS];
  double used[LM_VEHICLE_KINDS];
  double same_day, same_day_on_time; /* same-day orders; those received that day */
  double returns_requested, returns_collected, returns_pending_end;
} day_acc;

struct lm_model {
  const lm_scenario *sc;
  const lm_strategy *st;
  lm_sim *sim;
  lm_rng *rng_customers, *rng_demand;
  lm_router *router;
  uint64_t presence_key, theft_key, locker_key; /* key the counter-based draws */
  uint32_t day;                                 /* current day */

  size_t n_cust;
  double *cx, *cy, *ccirc; /* customer positions (km) and circuity */
  uint16_t *czone;         /* customer's zone */
  double *cweight;         /* cumulative order weights (customers from an instance), or NULL */
  uint8_t *cpref;          /* 0 home, 1 locker, 2 pickup point */
  uint8_t *credirect;      /* accepts a redirect to a locker */
  int16_t *csites;         /* MAX_SITES_NEAR sites in reach per customer, nearest first,
                              padded with HOME */

  lm_locker_bank *banks; /* one per locker or pickup point */
  int16_t *site_zone;    /* zone of each locker (n_zones: in no zone) */
  int16_t depot_zone;

  /* Traffic. Zone index n_zones stands for "in no zone" (speed factor 1). */
  lm_rng *rng_traffic, *rng_incidents, *rng_trips;
  double *plan_time_factor; /* per zone: mean of 1/speed factor over the shift hours */
  double *day_speed;        /* per zone: today's day-to-day speed factor */
  int bad_weather;          /* today */
  lm_slowdown incidents[MAX_INCIDENTS];
  int16_t incident_zone[MAX_INCIDENTS];
  size_t n_incidents;

  parcel *parcels;
  size_t n_parcels, cap_parcels;
  uint32_t *depot; /* parcels waiting at the depot */
  size_t n_depot, cap_depot;

  /* The day's plan. Node 0 is the depot, node i + 1 is stop i. */
  lm_rstop *stops;
  uint32_t *stop_customer, *stop_head, *stop_of_cust, *stop_of_site;
  uint32_t *stop_ret; /* the stop's first return request, or UINT32_MAX */
  int16_t *stop_site; /* HOME for a customer's stop, else the locker */
  size_t *stop_log;    /* the stop's row in the route log, or SIZE_MAX */
  uint8_t *stop_loaded; /* its parcels are in its van (or delivered) */
  uint8_t *node_onboard; /* during a re-plan: the node is a stop whose parcels are on board */
  int16_t *node_zone; /* zone of each node (n_zones: in no zone) */
  size_t n_stops, cap_stops;
  double *node_x, *node_y, *node_circ;
  lm_rvehicle *vehicles;
  van *vans;
  lm_rplan plan;

  size_t vans_out;      /* vans of the current wave not yet back */
  int dispatch_waiting;  /* a wave is loaded and waits for them */
  uint64_t waiting_arg;  /* its on_dispatch argument */
  double wave_end_s;     /* when the current wave is due back */
  uint64_t wave_arg;     /* day x LM_MAX_WAVES + wave of the wave dispatched last */
  size_t n_vans;         /* vans of the current strategy */
  double wave_used[LM_VEHICLE_KINDS]; /* vehicles of each kind out in the current wave */

  /* The strategy's fleet (fleet.c). Vehicles ("vans" of any kind) are numbered kind by
   * kind; stop s is node s + node0 (node 1 is the micro-hub when there is one). */
  int mixed;                                /* plans with kinds and profiles */
  uint32_t n_kind[LM_VEHICLE_KINDS];        /* vehicles of each kind */
  double service_base_s;                    /* a stop's service time in plans */
  double service_delta_s[LM_VEHICLE_KINDS]; /* each kind's extra service time */
  uint32_t base_node[LM_VEHICLE_KINDS];     /* where each kind starts and ends */
  uint32_t node0;
  lm_travel_fn plan_travel; /* the planner's travel: lm__tours_travel or lm__fleet_travel */
  double *range_left, *charged_s; /* per vehicle: an electric van's charge (km), since when */
  double range_margin_km;         /* the least charge an electric van came back with */
  int hub_stocked;                /* the micro-hub has been stocked for the current wave */

  /* Re-planning workspace (sameday.c): the problem's stops and their model indices, the
   * warm plan and its fixed prefixes. */
  lm_rstop *pstops;
  uint32_t *pmap, *porder;
  size_t cap_p;
  size_t *pbegin, *pfixed;
  uint64_t sameday_key; /* keys the same-day draw of each order */

  /* Customer returns (returns.c). */
  lm_rng *rng_returns;
  ret *rets;
  size_t n_rets, cap_rets;
  uint32_t *rwait; /* requests waiting for a round */
  size_t n_rwait, cap_rwait;

  int64_t routes_day;  /* the day whose tours are recorded, or -1 */
  lm_route_log routes; /* the recorded tours (arrays grown as needed) */
  size_t routes_cap;

  uint32_t *next_delivery; /* per simulated day d: the first day after d on which the
                              scenario's calendar delivers (may be >= days) */
  day_acc *acc;      /* one per simulated day */
  size_t unresolved; /* parcels neither received, stolen nor returned */
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
/* Whether somebody is at home at customer c at time t (a draw keyed by the hour). */
int lm__model_at_home(const lm_model *m, uint32_t c, double t_s);
/* Ends the run with `code`. */
void lm__model_fail(lm_model *m, int code);
/* Puts parcel p back in the depot's list. Returns 0 or LM_ENOMEM. */
int lm__model_depot_push(lm_model *m, uint32_t p);
/* The accumulator of the day `t_s` falls in (clamped to the last simulated day). */
day_acc *lm__model_acc_at(lm_model *m, double t_s);
/* When parcel p is due, in seconds from midnight of day 0: the end of its order day for a
 * same-day promise, else the end of the first day after its order day on which the
 * scenario's calendar delivers (scenario.delivery_days less scenario.holidays). The
 * scenario's calendar, not the strategy's, so that every strategy makes the same promises
 * and comparisons stay paired. The day may lie past the horizon. */
double lm__model_due_s(const lm_model *m, const parcel *p);
/* Hands parcel p to its customer at `now` and counts it in `a`. */
void lm__model_receive(lm_model *m, day_acc *a, parcel *p, double now);

/* tours.c: dispatch and tours. */
/* The planner's travel time between nodes (lm_travel_fn, ud = the model). */
double lm__tours_travel(void *ud, uint32_t profile, uint32_t from, uint32_t to, double depart_s,
                        double *dist_km);
/* Groups the due parcels at the depot at `now` into new stops from index m->n_stops on:
 * one per customer or site. 0 or LM_ENOMEM. */
int lm__tours_build_stops(lm_model *m, uint32_t day, double now);
/* Customer c's stop for destination `dest` (HOME or a site) among the stops being built,
 * created if there is none yet; UINT32_MAX when out of memory. */
uint32_t lm__tours_stop(lm_model *m, uint32_t c, int16_t dest, uint32_t day);
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
/* Vehicle v leaves its base at depart_s (charges an electric van, stocks the hub). */
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
void lm__returns_unload(lm_model *m, size_t v, uint32_t s, day_acc *a);
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
int lm__tours_ensure_stops(lm_model *m, size_t need);
/* Wave w of the current strategy: its own, or one wave over the van shift. */
lm_wave lm__tours_wave(const lm_model *m, size_t w);
/* The event of a wave's dispatch; arg is day x LM_MAX_WAVES + wave. */
void lm__tours_on_dispatch(lm_sim *sim, void *ctx, uint64_t arg);

/* kpis.c */
/* Turns the totals `a` over `days` days into KPIs k[LM_KPI_COUNT]. */
void lm__model_kpis(const lm_model *m, const day_acc *a, double days, double *k);
/* Checks that every parcel is accounted for; LM_ECONSERVATION (with a message) if not. */
int lm__model_check_conservation(lm_model *m, lm_diag *diag);

/* sites.c: doors, lockers and pickup points. */
/* Finds each customer's sites in reach and draws their preferences. */
int lm__sites_customers(lm_model *m);
/* Sets up the locker banks, empty, at time 0. */
void lm__sites_reset(lm_model *m);
/* Where a new parcel of customer c goes under the strategy: HOME or a locker. */
int16_t lm__sites_destination(const lm_model *m, uint32_t c);
/* Whether the strategy may leave customer c's parcel at the door at `now`: the door's
 * hazard then (zone x hour factor x packaging) is at most leave_at_door_max_hazard. */
int lm__sites_door_safe(const lm_model *m, uint32_t c, double now);
/* Leaves parcel pi at its customer's door at `now` (theft or taken in later). */
void lm__sites_leave_at_door(lm_model *m, day_acc *a, uint32_t pi, double now);
/* Nobody answered for parcel pi: applies the strategy's when_not_home (door, neighbour,
 * safe place, redirect or take back). Returns 1 when the parcel left the van here. */
int lm__sites_not_home(lm_model *m, day_acc *a, uint32_t pi, double now);
/* After a failed home attempt: sends parcel pi to the nearest locker or pickup point in
 * reach if the strategy redirects and the customer accepts. Returns 1 when redirected (state P_BOUNCED). */
int lm__sites_redirect(lm_model *m, uint32_t pi);
/* The van is at locker `site` at `now` with the parcels of stop list `head`. */
void lm__sites_deliver(lm_model *m, day_acc *a, int16_t site, uint32_t head, double now);
/* Integrates the lockers' occupancy into day `day`'s accumulator up to `now`. */
void lm__sites_close_day(lm_model *m, uint32_t day, double now);
/* Frees what lm__sites_customers allocated. */
void lm__sites_free(lm_model *m);

#endif
