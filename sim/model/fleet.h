/* fleet.h — the strategy's vehicles, as the routing core sees them and as they drive
 * (fleet.c).
 *
 * Vehicles ("vans" of any kind) are numbered kind by kind; vans[v] and vehicles[v] are
 * the same vehicle. Nothing here changes a plan or a parcel.
 */
#ifndef LASTMILE_MODEL_FLEET_H
#define LASTMILE_MODEL_FLEET_H

#include "lastmile/routing.h"
#include "model/core.h"

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

/* The fleet part of the model (m->fleet); arrays hold the scenario's largest fleet. */
typedef struct lm__fleet {
  lm_rvehicle *vehicles;                    /* per vehicle: as in the current plan */
  lm__van *vans;                            /* per vehicle: where it is */
  size_t n_vans;                            /* vehicles of the current strategy */
  int mixed;                                /* plans with kinds and profiles */
  uint32_t n_kind[LM_VEHICLE_KINDS];        /* vehicles of each kind */
  double service_base_s;                    /* a stop's service time in plans */
  double service_delta_s[LM_VEHICLE_KINDS]; /* each kind's extra service time */
  uint32_t base_node[LM_VEHICLE_KINDS];     /* where each kind starts and ends */
  lm_travel_fn plan_travel; /* the planner's travel: lm__fleet_van_travel or lm__fleet_travel */
  double *range_left, *charged_s; /* per vehicle: an electric van's charge (km), since when */
  double range_margin_km;         /* the least charge an electric van came back with */
} lm__fleet;

/* Allocates the per-vehicle arrays for `max_vehicles` vehicles. Returns 0, or LM_ENOMEM
 * (what was allocated is left for lm__fleet_free). */
int lm__fleet_init(lm_model *m, size_t max_vehicles);
/* Frees the part; safe on a partly initialised model. */
void lm__fleet_free(lm_model *m);
/* Numbers the strategy's vehicles kind by kind and sets up profiles, service times, bases
 * and full batteries; needs m->stops.node0. Cannot fail; returns 0. */
int lm__fleet_setup(lm_model *m);
/* The vehicle type of vehicle v. */
const lm_vehicle_type *lm__fleet_type(const lm_model *m, size_t v);
/* Road distance between two nodes (circuity x straight line), km. */
double lm__fleet_road_km(const lm_model *m, uint32_t from, uint32_t to);
/* The planner's travel of a van-only fleet (lm_travel_fn, ud = the model): road km at the
 * van's speed and the destination zone's mean speed over the shift. Stores the km. */
double lm__fleet_van_travel(void *ud, uint32_t profile, uint32_t from, uint32_t to, double depart_s,
                            double *dist_km);
/* The planner's travel of a mixed fleet: profile = vehicle kind (lm_travel_fn). */
double lm__fleet_travel(void *ud, uint32_t profile, uint32_t from, uint32_t to, double depart_s,
                        double *dist_km);
/* The realised time (s) of vehicle v from node `from` to `to` leaving at depart_s; stores
 * the km. Draws from m->rng_trips (not for drones). */
double lm__fleet_drive(lm_model *m, size_t v, uint32_t from, uint32_t to, double depart_s,
                       double *dist_km);
/* The kinds that may serve stop s (lm_rstop.allowed_kinds; 0: any). */
uint32_t lm__fleet_allowed(const lm_model *m, uint32_t s);
/* Vehicle v as the routing core sees it, available from start_s to end_s. */
lm_rvehicle lm__fleet_vehicle(const lm_model *m, size_t v, double start_s, double end_s);
/* Vehicle v leaves its base at depart_s (an electric van's charge is taken then). */
void lm__fleet_depart(lm_model *m, size_t v, double depart_s);
/* Vehicle v is back at its base at `now` after `km` (an electric van's charge). */
void lm__fleet_back(lm_model *m, size_t v, double now, double km);

#endif
