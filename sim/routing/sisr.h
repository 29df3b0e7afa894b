/* sisr.h — the ruin-and-recreate workspace shared by search.c, ruin.c and recreate.c.
 *
 * One lm__sisr lives for one solve (search.c's lm__solve); its arrays are buffers of the
 * router's workspace (solver.h's slots "ruin and recreate"). An iteration ruins the
 * current solution (ruin.c), recreates it (recreate.c) and is then accepted or rejected
 * (search.c).
 *
 * Invariants: within one iteration (one value of epoch), a route is saved in backup by
 * lm__sisr_touch before its first change and listed once in touched[0..nt), so that
 * putting the touched routes back restores the solution as it was; the pool holds every
 * stop the iteration took out of a route or found unserved; n_unserved and unserved_pen
 * count the stops the last recreate left out and their penalties.
 */
#ifndef LM_ROUTING_SISR_H
#define LM_ROUTING_SISR_H

#include "routing/solver.h"

#define LM__ALL_ROUTES_MAX 600u /* scan every route below this many stops */

typedef struct lm__sisr {
  const lm__ctx *c;
  lm__rng g;
  lm__sol cur;       /* the current solution: a workspace solution, copied in and out */
  lm__route *backup; /* nv: a touched route as it was (the routes of a workspace solution) */
  uint32_t *touched; /* routes changed this iteration */
  size_t nt;
  uint32_t *mark;  /* nv: epoch when the route was last touched */
  uint32_t *seen;  /* nv: epoch stamp for candidate routes */
  uint32_t *rep;   /* per vehicle type: its first empty vehicle, or LM__NONE */
  uint32_t *types; /* the vehicle types (their first vehicles) */
  uint32_t n_types;
  uint32_t *ruined; /* nv: epoch stamp for ruined routes */
  uint32_t epoch, sub;
  uint32_t *pool; /* stops waiting for insertion */
  size_t np;
  double *key; /* n sort keys */
  size_t n_unserved;
  double unserved_pen;
  int fleet;        /* fleet minimisation: no new vehicles, insert whatever fits */
  uint32_t *absent; /* n: iterations each stop has spent unserved (fleet phase) */
  uint32_t *fixed;  /* nv: leading stops of each route that must stay (warm start) */
  lm__ls *ls;       /* local search on new bests */
  uint32_t *opened; /* nv: vehicles this recreate opened above their first stop's penalty */
  size_t nopen;
  int strict; /* open a vehicle only below the penalty of the stop it is opened for */
} lm__sisr;

/* Saves route ri in w->backup and lists it as touched, unless this iteration already did.
 * Call before every change to a route. Returns 0 or LM_ENOMEM; on error the route itself
 * is unchanged but is marked and listed with an incomplete backup, so the iteration cannot
 * be rolled back and must be abandoned. */
static inline int lm__sisr_touch(lm__sisr *w, uint32_t ri) {
  if (w->mark[ri] == w->epoch) return 0;
  w->mark[ri] = w->epoch;
  w->touched[w->nt++] = ri;
  return lm__route_copy(&w->backup[ri], &w->cur.r[ri]);
}

/* Removes a few strings of consecutive stops (ruin.c's essay) from routes near a random
 * stop of w->cur into the pool, touching each route first and updating it after. Returns
 * 0 (also when no route is in use: nothing is removed) or LM_ENOMEM; on error w->cur may
 * be partly ruined and the iteration must be abandoned (see lm__sisr_touch). (ruin.c) */
int lm__sisr_ruin(lm__sisr *w);

/* Reinserts every stop of the pool at its cheapest feasible position (recreate.c's
 * essay), skipping each candidate position with probability `blink`; `first` (the
 * construction) replaces the random choice among the four base orders by nearest to the
 * depot first (the draw for dearest first stays). The pool is reordered. On success every
 * pool stop is on a route or counted in w->n_unserved and w->unserved_pen (both recounted
 * here) and every changed route was touched first. Returns 0 or LM_ENOMEM; on error w->cur
 * may hold part of the pool and the iteration must be abandoned. (recreate.c) */
int lm__sisr_recreate(lm__sisr *w, double blink, int first);

#endif
