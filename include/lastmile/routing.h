/* routing.h — the routing core's interface: stops, vehicles and travel times in,
 * routes out.
 *
 * The core knows nothing of parcels, lockers or theft. A problem has nodes (places)
 * numbered by the caller; stops and vehicle depots refer to nodes, and a travel
 * function gives the time and distance between two nodes for a departure time, so
 * that time-of-day traffic can be respected. Every strategy plans through this one
 * interface; the solver behind it can change without touching its callers.
 *
 * This header and error_codes.h are the whole interface of the library lastmile_routing,
 * which needs nothing but the C library and libm.
 */
#ifndef LASTMILE_ROUTING_H
#define LASTMILE_ROUTING_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "lastmile/error_codes.h"

/* Travel from node `from` to node `to` leaving at `depart_s` under travel profile
 * `profile` (a kind of road user: 0 for vans, say 1 for cargo bikes, which congestion
 * does not slow): returns the travel time in seconds and stores the distance in *dist_km.
 * Must be >= 0 and finite. A vehicle's own time is this one times 1 / speed_factor. */
typedef double (*lm_travel_fn)(void *ud, uint32_t profile, uint32_t from, uint32_t to,
                               double depart_s, double *dist_km);

/* In stops and vehicles, a field that is zero means "no constraint" wherever that makes
 * sense (windows, pickups, kinds, profile, speed factor, range), so that a zero-initialised
 * record plans as a plain van delivering to a plain stop. */
typedef struct lm_rstop {
  uint32_t node;          /* where the stop is */
  uint32_t parcels;       /* parcels delivered here, loaded at the depot */
  double volume_l;        /* litres delivered here */
  double service_s;       /* time spent at the stop */
  double open_s, close_s; /* service must start within [open_s, close_s] (n_windows 0) */
  double penalty;         /* cost of leaving the stop unserved */
  /* Several time windows: n_windows pairs (open_s, close_s), sorted and disjoint
   * (open <= close < next open); service starts within one of them, and a vehicle that
   * arrives between two waits for the next opening. With n_windows 0 the single window
   * [open_s, close_s] above applies and `windows` is not read. */
  const double *windows;
  uint32_t n_windows;
  uint32_t pickup_parcels; /* parcels collected here (customer returns) and carried back */
  double pickup_volume_l;  /* litres collected here */
  uint32_t allowed_kinds;  /* bit k set: a vehicle of kind k may serve it; 0: any vehicle */
} lm_rstop;

typedef struct lm_rvehicle {
  uint32_t start_node, end_node;
  uint32_t capacity_parcels; /* the load may never exceed it, deliveries and pickups alike */
  double capacity_volume_l;
  double shift_start_s, shift_end_s; /* leaves no earlier, is back no later */
  double cost_fixed, cost_per_km, cost_per_hour;
  double max_duration_s;  /* longest route from departure to return; 0 means no limit */
  uint32_t kind;          /* 0..31, matched against lm_rstop.allowed_kinds */
  uint32_t profile;       /* travel profile passed to the travel function, < n_profiles */
  double speed_factor;    /* travel times are divided by it; 0 means 1 */
  double max_distance_km; /* longest route, depot to depot (range); 0 means no limit */
  /* Planned overtime (LM_OBJ_COST only): the part of the route, from departure to the
   * return at end_node, that lies after overtime_after_s (an absolute time, like the
   * shift; 0 means no overtime) costs cost_per_overtime_hour per hour on top of
   * cost_per_hour. shift_end_s stays the hard limit of the return. Both >= 0 and finite. */
  double overtime_after_s;
  double cost_per_overtime_hour;
} lm_rvehicle;

/* What the solver minimises. */
typedef enum lm_route_objective {
  LM_OBJ_COST = 0, /* fixed + per-km + per-hour (+ overtime) costs of used vehicles
                      + unserved penalties */
  LM_OBJ_DISTANCE, /* total distance (unserved penalties still apply) */
  LM_OBJ_VEHICLES  /* fewest vehicles first, then total distance */
} lm_route_objective;

typedef struct lm_rproblem {
  const lm_rstop *stops;
  size_t n_stops;
  const lm_rvehicle *vehicles;
  size_t n_vehicles;
  lm_travel_fn travel;
  void *travel_ud;
  int static_travel;    /* 1 when travel does not depend on the departure time */
  const double *node_x; /* optional node coordinates (km or instance units), used */
  const double *node_y; /* only to find neighbours; NULL: neighbours from travel */
  size_t n_nodes;       /* number of nodes (> every node index used) */
  lm_route_objective objective;
  /* Optional warm start, for re-planning during the day: a plan over these same stops and
   * vehicles to start from (NULL: none). Its routes are kept in order as far as they stay
   * feasible, then improved. fixed (NULL: none) gives per vehicle how many leading stops
   * of its warm route are done or loaded: they stay first, in order, on that vehicle. */
  const struct lm_rplan *warm;
  const size_t *fixed;
  uint32_t n_profiles; /* travel profiles the vehicles use (0 means 1: only profile 0) */
} lm_rproblem;

typedef struct lm_router_opts {
  uint32_t iterations; /* improvement effort; 0 means construction only */
  uint64_t seed;
  double time_limit_ms; /* optional wall-clock cap on top of iterations; 0 means none (the
                          last local search of the best plan may run a little past it) */
  const volatile sig_atomic_t *stop; /* optional: once *stop is non-zero the improvement
                                        ends early (looked at every 16 iterations) and the
                                        best plan so far, a valid one, is returned; NULL */
  int stream_per_solve;              /* 1: solve k draws from stream k of the seed (below); 0: every
                                        solve draws from the seed's own stream, as solve 0 does */
} lm_router_opts;

/* A plan: vehicle v drives stops order[begin[v]] .. order[begin[v+1]-1] (indices into
 * the problem's stops), in that order; unserved stops are listed separately. */
typedef struct lm_rplan {
  size_t n_vehicles;
  size_t *begin;   /* n_vehicles + 1 offsets into order */
  uint32_t *order; /* served stops, route after route */
  uint32_t *unserved;
  size_t n_unserved;
  double distance_km, duration_s, cost;
  uint32_t iterations; /* improvement iterations the search ran (fewer than asked when the
                          stop flag or the time limit ended it, 0 without stops) */
} lm_rplan;

/* A router is a workspace in the GSL sense: it owns every buffer a solve needs (travel
 * matrices, neighbour lists, the search's solutions and scratch arrays) and keeps them
 * from one solve to the next. A buffer grows when a problem needs more and never shrinks
 * until lm_router_destroy, so a series of solves of similar size (the days of a
 * simulation) allocates only in its first few solves; the plans a solve writes belong to
 * the caller. A router is used by one thread at a time; two routers share nothing.
 *
 * Randomness: a router counts its solves since it was created or last seeded. With
 * opts.stream_per_solve, solve k (k = 0, 1, ...; every call to lm_router_solve counts,
 * failed ones too) searches with the stream lm_router_stream_seed(seed, k), so solve 0
 * uses the seed itself and later solves do not repeat its draws; without it every solve
 * uses the seed's stream. The plan of a solve therefore depends on the problem, the
 * options and k, never on the sizes of earlier problems: the same sequence of calls gives
 * the same plans bit for bit. */
typedef struct lm_router lm_router;

/* Creates a router with an empty workspace (opts NULL: all options zero). NULL when out
 * of memory. */
lm_router *lm_router_create(const lm_router_opts *opts);
/* Frees a router and its workspace; NULL does nothing. */
void lm_router_destroy(lm_router *r);
/* Restarts the router's stream at `seed`: the next solve is solve 0 of that seed. The
 * workspace is kept. */
void lm_router_seed(lm_router *r, uint64_t seed);
/* Replaces all options and restarts the stream at opts->seed, as lm_router_seed does; the
 * workspace is kept. */
void lm_router_set_opts(lm_router *r, const lm_router_opts *opts);
/* The seed of the search stream of solve k after seeding with `seed`: `seed` itself for
 * k = 0, else the SplitMix64 output function of (seed XOR that of k x 0x9e3779b97f4a7c15). */
uint64_t lm_router_stream_seed(uint64_t seed, uint64_t k);

/* Plans routes for `p` into `plan` (whose arrays it allocates; free them with
 * lm_rplan_clear), growing r's workspace as needed; nothing of p is kept after it returns. Every
 * stop ends up served exactly once or unserved; routes respect capacity at every point of the route
 * (deliveries leave, pickups come on board), time windows, allowed vehicle kinds, shifts, maximum
 * durations and ranges under the travel function and each vehicle's profile and speed factor.
 * Returns 0, LM_ENOMEM, or LM_EINVAL when the problem breaks a rule of this header (a profile not
 * below n_profiles, a kind above 31, a negative or non-finite speed factor or range, a negative or
 * non-finite overtime start or price, windows missing, unsorted or overlapping); nothing is planned
 * then. The plan's cost is the objective's, with LM_OBJ_COST: per used vehicle cost_fixed +
 * cost_per_km x km + cost_per_hour x hours from shift_start_s to the return +
 * cost_per_overtime_hour x hours of it after overtime_after_s; plus penalties. */
int lm_router_solve(lm_router *r, const lm_rproblem *p, lm_rplan *plan);

/* Frees a plan's arrays and zeroes it; a zeroed plan is harmless. */
void lm_rplan_clear(lm_rplan *plan);

#endif
