/* core.h — the bottom of the delivery model: its constants, the parcel record, the per-day
 * accumulators and the helpers of core.c that every part uses.
 *
 * Invariants: every parcel is in exactly one state (enum lm__parcel_state); m->unresolved
 * counts the parcels not yet received, stolen or returned; a parcel listed in m->depot is
 * in LM__P_AT_DEPOT. Times are seconds from midnight of simulated day 0.
 */
#ifndef LASTMILE_MODEL_CORE_H
#define LASTMILE_MODEL_CORE_H

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
  double stops; /* arrivals of a vehicle at a stop it served (home, locker or pickup point) */
  /* Route planning (tours.c, lm__tours_solve): the day's solves, what their plans expect
   * (km, hours from each vehicle's start to its return, stops served) and the search
   * iterations run; solver_s, the thread CPU seconds of the solves, is not reproducible
   * and feeds no KPI. */
  double plans, planned_km, planned_h, planned_stops, solver_iterations, solver_s;
} lm__day_acc;

/* Grows the array *p, of *cap elements of `elem` bytes, to hold at least `need`, doubling
 * from 64. Returns 0 (also when it is large enough already), or LM_ENOMEM; on error *p and
 * *cap are unchanged and *p stays valid. */
int lm__model_grow(void **p, size_t *cap, size_t need, size_t elem);
/* A 64-bit mix (SplitMix64's finaliser), for counter-based draws. Cannot fail. */
uint64_t lm__model_mix(uint64_t x);
/* A uniform in (0, 1), a pure function of (key, a, b). Cannot fail. */
double lm__model_uniform(uint64_t key, uint64_t a, uint64_t b);
/* The zone of scenario `sc` that holds point (x, y) (the first such), or sc->n_zones for
 * none. Cannot fail. */
int16_t lm__model_zone_of(const lm_scenario *sc, double x, double y);
/* A customer drawn from `rng` with probability proportional to their weight (customers
 * from an instance: m->cweight holds the cumulative weights, and must not be NULL): one
 * uniform and a binary search. Cannot fail. */
uint32_t lm__model_weighted_customer(const lm_model *m, lm_rng *rng);
/* Ends the run with `code` (negative): sets m->failed and stops the engine. */
void lm__model_fail(lm_model *m, int code);
/* Appends parcel index p to the depot's list. Returns 0, or LM_ENOMEM with the list
 * unchanged. The caller sets the parcel's state. */
int lm__model_depot_push(lm_model *m, uint32_t p);
/* The accumulator of the day `t_s` falls in, clamped to the last simulated day. */
lm__day_acc *lm__model_acc_at(lm_model *m, double t_s);
/* Appends a new parcel of customer c for destination `dest` (LM__HOME or a site) at the
 * depot, created on `day` at order_s, with size class `size`, declared value and draw key;
 * counts it as created and unresolved. Returns it (valid until the next parcel is added),
 * or NULL when out of memory, with nothing added and nothing counted. */
lm__parcel *lm__model_add_parcel(lm_model *m, uint32_t c, int16_t dest, uint32_t day, uint8_t size,
                                 double order_s, double value_eur, uint64_t key);
/* When parcel p is due, in seconds from midnight of day 0: the end of its order day for a
 * same-day promise, else the end of the first day after its order day on which the
 * scenario's calendar delivers (scenario.delivery_days less scenario.holidays). The
 * scenario's calendar, not the strategy's, so that every strategy makes the same promises
 * and comparisons stay paired. The day may lie past the horizon. Cannot fail. */
double lm__model_due_s(const lm_model *m, const lm__parcel *p);
/* Marks parcel p delivered by the carrier at `now` (handed over, left or placed). */
void lm__model_delivered(lm__parcel *p, double now);
/* The customer has parcel p at `now` (in person, taken in, collected): resolves it
 * (LM__P_RECEIVED, one less unresolved) and counts the receipt, its same-day promise and
 * its order-to-receipt time in `a`. The caller counts the channel. Cannot fail. */
void lm__model_receive(lm_model *m, lm__day_acc *a, lm__parcel *p, double now);
/* Allocates the core's fixed-size state (the engine, the model's own random streams, the
 * per-day arrays, the traffic arrays) for scenario m->sc. Returns 0, or LM_ENOMEM with
 * what was allocated left for lm__core_free. */
int lm__core_init(lm_model *m);
/* Frees everything the core owns (also the parcels, the depot list and the customers).
 * Safe on a partly initialised model. */
void lm__core_free(lm_model *m);

#endif
