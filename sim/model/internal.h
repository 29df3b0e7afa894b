/* internal.h — the delivery model's state: struct lm_model and the headers of its parts.
 *
 * The parts, bottom to top: core (parcels, depot, accumulators, helpers), presence, stops,
 * fleet, costs, sites, returns, tours, sameday, kpis, and model.c on top. A file calls
 * only the parts below it. Each part keeps its state in its own member of lm_model
 * (m->presence, m->stops, ...) with its own init/free pair; the core's state is the
 * struct's own top-level fields. Any part may read the state of the parts below it.
 */
#ifndef LASTMILE_MODEL_INTERNAL_H
#define LASTMILE_MODEL_INTERNAL_H

#include "model/core.h"
#include "model/costs.h"
#include "model/fleet.h"
#include "model/kpis.h"
#include "model/presence.h"
#include "model/returns.h"
#include "model/sameday.h"
#include "model/sites.h"
#include "model/stops.h"
#include "model/tours.h"

struct lm_model {
  /* The core (core.c, and model.c for customers, orders and traffic). */
  const lm_scenario *sc;
  const lm_strategy *st;
  lm_sim *sim;
  lm_rng *rng_customers, *rng_demand;
  lm_router *router;
  const volatile sig_atomic_t *stop; /* lm_model_set_stop; NULL: none */
  uint32_t day;                      /* current day */

  size_t n_cust;
  double *cx, *cy, *ccirc; /* customer positions (km) and circuity */
  uint16_t *czone;         /* customer's zone */
  double *cweight;         /* cumulative order weights (customers from an instance), or NULL */
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
  uint64_t n_orders;    /* orders created so far (keys of their draws) */
  uint64_t sameday_key; /* keys the same-day draw of each order */

  int64_t routes_day;  /* the day whose tours are recorded, or -1 */
  lm_route_log routes; /* the recorded tours (arrays grown as needed) */
  size_t routes_cap;

  uint32_t *next_delivery; /* per simulated day d: the first day after d on which the
                              scenario's calendar delivers (may be >= days) */
  lm__day_acc *acc;        /* one per simulated day */
  size_t unresolved;       /* parcels neither received, stolen nor returned */
  size_t oldest;           /* no parcel before this index is unresolved (lm__model_oldest_age_d) */
  int failed;

  /* The parts. */
  lm__presence presence;
  lm__stops stops;
  lm__fleet fleet;
  lm__costs costs;
  lm__sites sites;
  lm__returns returns;
  lm__tours tours;
  lm__replan replan;
};

#endif
