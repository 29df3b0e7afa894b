/* solver.h — the routing core's internal state, shared by the files of sim/routing/.
 *
 * A solve builds one lm__ctx: the problem, cached travel (a full matrix of times and
 * distances when there are at most LM__MATRIX_MAX nodes, otherwise the caller's travel
 * function on demand), the k nearest stops of every stop, and per-vehicle cost
 * coefficients for the chosen objective. A solution (lm__sol) keeps one route per vehicle;
 * a route stores its stops and, per position, the earliest service start (forward pass)
 * and the latest service start that keeps the rest of the route feasible (backward
 * pass). With static travel these make an insertion's feasibility and cost O(1); with
 * time-dependent travel the route is driven again in full (O(m) travel calls).
 *
 * Invariants: every stop is either in exactly one route (route_of/pos_of say where) or
 * unserved (route_of == LM__NONE); a route's derived arrays match its stops after
 * lm__route_update; the solution's cost is the sum of route costs and unserved penalties.
 */
#ifndef LM_ROUTING_SOLVER_H
#define LM_ROUTING_SOLVER_H

#include <stddef.h>
#include <stdint.h>

#include "lastmile/routing.h"

#define LM__NONE       UINT32_MAX
#define LM__MATRIX_MAX 2001u /* cache an n x n matrix up to this many nodes */
#define LM__NB_K       40u   /* neighbours kept per stop */

/* xoshiro256** — the solver's own stream, seeded from the options; no global state. */
typedef struct lm__rng {
  uint64_t s[4];
} lm__rng;

void lm__rng_seed(lm__rng *g, uint64_t seed);
uint64_t lm__rng_next(lm__rng *g);
/* Uniform in [0, 1). */
double lm__rng_unif(lm__rng *g);
/* Uniform integer in [0, n); n > 0. */
uint32_t lm__rng_below(lm__rng *g, uint32_t n);

typedef struct lm__route {
  uint32_t veh;     /* the vehicle driving it */
  uint32_t n, cap;  /* stops on it, allocated slots */
  uint32_t *stop;   /* n stop indices */
  double *start_s;  /* n + 2: service start; [0] departure, [n+1] return */
  double *latest_s; /* n + 2: latest service start keeping the rest feasible */
  uint32_t parcels; /* load */
  double volume_l;  /* load */
  double dist_km;   /* length, depot to depot (0 when empty) */
  double cost;      /* objective contribution (0 when empty) */
  int feasible;     /* windows, shift and capacity hold */
} lm__route;

typedef struct lm__ctx {
  const lm_rproblem *p;
  size_t n, nv;             /* stops, vehicles */
  size_t nn;                /* nodes */
  double *tmat, *dmat;      /* nn x nn travel times and distances, or NULL */
  uint32_t *nb;             /* n x k nearest stops, nearest first */
  uint32_t k;               /* neighbours per stop (< LM__NB_K when n is small) */
  double *pen;              /* n effective unserved penalties */
  double *ckm, *chr, *cfix; /* per vehicle: cost per km, per second, fixed */
  double *tend_s;           /* per vehicle: latest return (shift end, max duration) */
  uint32_t *vtype;          /* per vehicle: index of the first identical vehicle */
  double *depot_d;          /* n: distance from vehicle 0's depot, for ordering */
} lm__ctx;

typedef struct lm__sol {
  lm__route *r; /* nv routes */
  size_t nv;
  uint32_t *route_of; /* n: route index or LM__NONE */
  uint32_t *pos_of;   /* n: 1-based position in its route */
  double cost;
} lm__sol;

/* ---- context (router.c) ---------------------------------------------------------- */

/* Travel time and distance between nodes for static travel (cached or on demand). */
static inline double lm__tt(const lm__ctx *c, uint32_t a, uint32_t b) {
  if (c->tmat) return c->tmat[(size_t)a * c->nn + b];
  double d;
  return c->p->travel(c->p->travel_ud, a, b, 0.0, &d);
}
static inline double lm__dist(const lm__ctx *c, uint32_t a, uint32_t b) {
  if (c->dmat) return c->dmat[(size_t)a * c->nn + b];
  double d;
  c->p->travel(c->p->travel_ud, a, b, 0.0, &d);
  return d;
}

/* Travel time and (in *d) distance of one arc, in one lookup or travel call. */
static inline double lm__arc(const lm__ctx *c, uint32_t a, uint32_t b, double *d) {
  if (c->tmat) {
    *d = c->dmat[(size_t)a * c->nn + b];
    return c->tmat[(size_t)a * c->nn + b];
  }
  return c->p->travel(c->p->travel_ud, a, b, 0.0, d);
}

/* Fills c->nb with each stop's nearest stops (grid on coordinates, else brute force).
 * Returns 0 or LM_ENOMEM. (neighbours.c) */
int lm__neighbours_build(lm__ctx *c);

/* ---- routes and solutions (route.c) ---------------------------------------------- */

/* Allocates a solution with every stop unserved. Returns 0 or LM_ENOMEM. */
int lm__sol_init(const lm__ctx *c, lm__sol *s);
void lm__sol_free(lm__sol *s);
/* Copies src into dst (both initialised for c). Returns 0 or LM_ENOMEM. */
int lm__sol_copy(const lm__ctx *c, lm__sol *dst, const lm__sol *src);
/* Recomputes s->cost from its routes and unserved stops. */
void lm__sol_recost(const lm__ctx *c, lm__sol *s);

/* Recomputes a route's derived arrays, load, length, cost and feasibility and the
 * pos_of/route_of entries of its stops. */
void lm__route_update(const lm__ctx *c, lm__sol *s, uint32_t ri);
/* Copies route r into d (d's arrays are kept and grown). Returns 0 or LM_ENOMEM. */
int lm__route_copy(lm__route *d, const lm__route *r);
/* Ensures room for `n` stops. Returns 0 or LM_ENOMEM. */
int lm__route_reserve(lm__route *r, uint32_t n);

/* Price of inserting stop `u` before 1-based position `pos` (1..n+1) of route ri: the
 * objective increase, or INFINITY when infeasible. Capacity is not checked here. */
double lm__insert_cost(const lm__ctx *c, const lm__sol *s, uint32_t ri, uint32_t u, uint32_t pos);
/* Whether stop u fits route ri's capacity. */
int lm__fits(const lm__ctx *c, const lm__route *r, uint32_t u);
/* Inserts u before pos and updates the route. Returns 0 or LM_ENOMEM. */
int lm__insert(const lm__ctx *c, lm__sol *s, uint32_t ri, uint32_t u, uint32_t pos);
/* Removes the stops at 1-based positions [from, to] of route ri (no update). */
void lm__remove_span(lm__sol *s, uint32_t ri, uint32_t from, uint32_t to);

/* ---- search (search.c) ----------------------------------------------------------- */

typedef struct lm__search {
  uint32_t iterations;
  double time_limit_ms;
  uint64_t seed;
} lm__search;

/* Builds a first solution and improves it by ruin and recreate; leaves the best found in
 * `best`. Returns 0 or LM_ENOMEM. */
int lm__solve(const lm__ctx *c, const lm__search *opt, lm__sol *best);

#endif
