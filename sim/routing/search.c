/* search.c — ruin and recreate under simulated annealing (SISR, Christiaens & Vanden
 * Berghe 2020), the improvement loop of the routing core.
 *
 * Each iteration removes a few strings of consecutive stops from routes near a random
 * seed stop (sometimes keeping a block in the middle of the string: a split string),
 * then reinserts the removed and all unserved stops one by one at their cheapest
 * feasible position, skipping each candidate position with a small "blink" probability.
 * Stops are reinserted in random, largest-demand, farthest or closest order, or, half of
 * the time when their penalties differ, dearest to leave out first. A stop
 * whose cheapest insertion into a route in use costs more than its penalty may still open
 * an empty vehicle; a vehicle opened so that does not pay for its stops (costs more than
 * their penalties) is emptied again at the end of the recreate, and its stops, with the
 * others left out, get one more try where vehicles open only below a stop's penalty. A
 * stop that finds nothing stays unserved. The new solution
 * is accepted when its cost is below the current cost plus T ln(1/U) with a temperature
 * falling geometrically over the budget; the best solution is kept apart.
 *
 * Before annealing, a fleet phase (SISR's) tries to do with fewer vehicles: a complete
 * solution loses a route, no new vehicle may be opened, and a changed solution is kept
 * when fewer stops are left out or their summed absence counts (iterations spent left
 * out; the most absent are reinserted first half of the time) are smaller. The last
 * complete solution seeds the annealing. It takes 10% of the budget, 40% for the
 * fewest-vehicles objective, which then anneals with a vehicle priced at a few arcs (so
 * routes can be opened for a while) and ends with a second fleet phase from there.
 *
 * The granular local search of ls.c polishes the constructed solution (but for fewest
 * vehicles, where the fleet phase comes first), every new best of the annealing
 * (starting from the stops that iteration moved, so that a call stays small) and, under
 * the true objective, the best plan at the end. Those calls are not cut by a time limit;
 * each is bounded by its own work cap. The local search does not see the stops left out:
 * it may empty a route of an overloaded plan to save its vehicle. So the last step of a
 * solve opens the vehicles the best plan leaves unused for the stops it leaves out
 * (repair.c), polishes around them and repeats, ending on a repair.
 *
 * Only the routes an iteration touches are saved (before their first change) and
 * restored on rejection, so an iteration costs O(removed x candidate positions), not
 * O(n). Candidate routes are all routes for small problems and otherwise the routes of
 * the stop's k neighbours (granular insertion; neighbours.c lists a few stops of each
 * nearby place, so that stops sharing a place still see the routes around), plus one
 * empty vehicle of each type. On
 * a long route (over LM__LONG_ROUTE stops) a stop whose window cannot bind is priced
 * only next to its LM__NEAR_K nearest stops on it, not at every position.
 */
#include "routing/solver.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LM__ALL_ROUTES_MAX 600u /* scan every route below this many stops */
#define LM__LONG_ROUTE     64u  /* longer routes: only positions next to a neighbour */
#define LM__NEAR_K         16u  /* ... of one of its nearest 16 stops */
#define LM__CBAR           15.0 /* mean number of removed stops while annealing */
#define LM__CBAR_FLEET     10.0 /* the same in the fleet phases */
#define LM__LMAX           10.0 /* longest removed string */
#define LM__BLINK          0.01
#define LM__T0             3.0  /* first temperature, in mean arc costs */
#define LM__TF             0.01 /* last temperature, in mean arc costs */
#define LM__FLEET          0.1  /* share of the budget spent removing routes */
#define LM__FLEET_VEH      0.4  /* the same for the fewest-vehicles objective */
#define LM__SA_END_VEH     0.8  /* fewest vehicles: annealing ends, fleet phase again */
#define LM__SOFT_ROUTE     30.0 /* fewest vehicles: a vehicle's price in arcs while annealing */

typedef struct ws {
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
} ws;

static int touch(ws *w, uint32_t ri) {
  if (w->mark[ri] == w->epoch) return 0;
  w->mark[ri] = w->epoch;
  w->touched[w->nt++] = ri;
  return lm__route_copy(&w->backup[ri], &w->cur.r[ri]);
}

/* Removes positions [from, to] of route ri into the pool. */
static int take(ws *w, uint32_t ri, uint32_t from, uint32_t to) {
  if (touch(w, ri)) return LM_ENOMEM;
  lm__route *r = &w->cur.r[ri];
  for (uint32_t i = from; i <= to; i++) w->pool[w->np++] = r->stop[i - 1];
  lm__remove_span(&w->cur, ri, from, to);
  return 0;
}

static uint32_t uniform_int(lm__rng *g, uint32_t lo, uint32_t hi) {
  return lo + lm__rng_below(g, hi - lo + 1);
}

/* Removes one string (or split string) of about l stops around stop u. */
static int ruin_string(ws *w, uint32_t u, uint32_t lmax) {
  uint32_t ri = w->cur.route_of[u], f = w->fixed[ri];
  if (w->cur.pos_of[u] <= f) return 0;
  /* Positions below count from the first movable stop (warm starts fix a prefix). */
  uint32_t n = w->cur.r[ri].n - f, pos = w->cur.pos_of[u] - f;
  uint32_t l = uniform_int(&w->g, 1, lmax < n ? lmax : n);
  int rc;
  if (l == n || lm__rng_unif(&w->g) < 0.5) {
    uint32_t lo = pos >= l ? pos - l + 1 : 1, hi = pos < n - l + 1 ? pos : n - l + 1;
    uint32_t from = f + uniform_int(&w->g, lo, hi);
    rc = take(w, ri, from, from + l - 1);
  } else {
    uint32_t m = 1;
    while (l + m < n && lm__rng_unif(&w->g) < 0.5) m++;
    uint32_t len = l + m;
    uint32_t lo = pos >= len ? pos - len + 1 : 1, hi = pos < n - len + 1 ? pos : n - len + 1;
    uint32_t from = f + uniform_int(&w->g, lo, hi), keep = from + uniform_int(&w->g, 0, l);
    rc = 0;
    if (keep + m <= from + len - 1) rc = take(w, ri, keep + m, from + len - 1);
    if (!rc && keep > from) rc = take(w, ri, from, keep - 1);
  }
  if (!rc) lm__route_update(w->c, &w->cur, ri);
  return rc;
}

static int ruin(ws *w) {
  const lm__ctx *c = w->c;
  size_t served = c->n - w->n_unserved, routes = 0;
  for (size_t v = 0; v < c->nv; v++) routes += w->cur.r[v].n > 0;
  if (routes == 0) return 0;
  double lsmax = fmin(LM__LMAX, (double)served / (double)routes);
  double ksmax = 4.0 * (w->fleet ? LM__CBAR_FLEET : LM__CBAR) / (1.0 + lsmax) - 1.0;
  uint32_t ks = (uint32_t)(lm__rng_unif(&w->g) * ksmax) + 1, done = 0;
  uint32_t seed = lm__rng_below(&w->g, (uint32_t)c->n);
  for (uint32_t i = 0; i <= c->k && done < ks; i++) {
    uint32_t u = i == 0 ? seed : c->nb[(size_t)seed * c->k + i - 1];
    uint32_t ri = w->cur.route_of[u];
    if (ri == LM__NONE || w->ruined[ri] == w->epoch) continue;
    w->ruined[ri] = w->epoch;
    if (ruin_string(w, u, (uint32_t)lsmax)) return LM_ENOMEM;
    done++;
  }
  return 0;
}

/* Sorts the pool by w->key, ascending (insertion sort: the pool is small). */
static void sort_pool(ws *w) {
  for (size_t i = 1; i < w->np; i++) {
    uint32_t u = w->pool[i];
    double k = w->key[u];
    size_t j = i;
    while (j > 0 && w->key[w->pool[j - 1]] > k) {
      w->pool[j] = w->pool[j - 1];
      j--;
    }
    w->pool[j] = u;
  }
}

/* Whether the stops of the pool have different penalties. */
static int penalties_vary(const ws *w) {
  for (size_t i = 1; i < w->np; i++)
    if (w->c->pen[w->pool[i]] != w->c->pen[w->pool[0]]) return 1;
  return 0;
}

static void order_pool(ws *w, int first) {
  const lm__ctx *c = w->c;
  double x = first ? 0.95 : lm__rng_unif(&w->g);
  int hardest = w->fleet && lm__rng_unif(&w->g) < 0.5;
  /* When leaving some stops out costs more than others (a backlog's oldest parcels), half
   * of the time the dearest go first, so that they are the ones that find room. */
  int dearest = !hardest && penalties_vary(w) && lm__rng_unif(&w->g) < 0.5;
  double pen_max = 0.0;
  for (size_t i = 0; dearest && i < w->np; i++) pen_max = fmax(pen_max, c->pen[w->pool[i]]);
  for (size_t i = 0; i < w->np; i++) {
    uint32_t u = w->pool[i];
    if (hardest)
      w->key[u] = -(double)w->absent[u] - lm__rng_unif(&w->g);
    else if (dearest)
      w->key[u] = -c->pen[u] / pen_max - 1e-6 * lm__rng_unif(&w->g);
    else if (x < 4.0 / 11.0)
      w->key[u] = lm__rng_unif(&w->g);
    else if (x < 8.0 / 11.0)
      w->key[u] = -fmax(lm__del(&c->p->stops[u], 0), lm__pick(&c->p->stops[u], 0)) -
                  1e-3 * fmax(lm__del(&c->p->stops[u], 1), lm__pick(&c->p->stops[u], 1));
    else if (x < 10.0 / 11.0)
      w->key[u] = -c->depot_d[u];
    else
      w->key[u] = c->depot_d[u];
  }
  sort_pool(w);
}

/* Best position of u in route ri, improving *best; blinks skip positions at random. */
static void scan_route(ws *w, uint32_t ri, uint32_t u, double blink, double *best, uint32_t *br,
                       uint32_t *bp) {
  const lm__ctx *c = w->c;
  const lm__route *r = &w->cur.r[ri];
  if (!lm__fits(c, r, u)) return;
  const lm_rproblem *p = c->p;
  const lm_rstop *su = &p->stops[u];
  uint32_t vi = r->veh;
  const lm_rvehicle *v = &p->vehicles[vi];
  const lm__legs L = lm__legs_of(c, vi);
  double ckm = c->ckm[vi], base = r->n ? 0.0 : c->cfix[vi], back = r->start_s[r->n + 1];
  double close = lm__tw_close(su), top = *best;
  uint32_t f = w->fixed[ri], un = su->node;
  uint32_t a = f ? p->stops[r->stop[f - 1]].node : v->start_node;
  for (uint32_t pos = f + 1; pos <= r->n + 1; pos++) {
    uint32_t b = pos <= r->n ? p->stops[r->stop[pos - 1]].node : v->end_node;
    if (p->static_travel) {
      if (pos > 1 && r->start_s[pos - 1] + p->stops[r->stop[pos - 2]].service_s > close) break;
      /* The price without waiting is a lower bound: most positions end here. */
      double dau, dub, dab;
      double tau = lm__larc(&L, a, un, &dau), tub = lm__larc(&L, un, b, &dub);
      double dd = dau + dub, dt = tau + su->service_s + tub;
      if (r->n) {
        dt -= lm__larc(&L, a, b, &dab);
        dd -= dab;
      }
      double lb = base + ckm * dd + lm__later(c, vi, back, dt);
      if (lb >= top) {
        a = b;
        continue;
      }
    }
    a = b;
    if (blink > 0.0 && lm__rng_unif(&w->g) < blink) continue;
    double d = p->static_travel ? lm__insert_price(c, r, &L, u, pos)
                                : lm__insert_cost(c, &w->cur, ri, u, pos);
    if (d < top) {
      top = d;
      *best = d;
      *br = ri;
      *bp = pos;
    }
  }
}

/* Whether stop u's time window can bind on route ri: an open-ended stop on a long route
 * is best placed next to one of its nearest stops, so only those positions are priced. */
static int near_only(const ws *w, uint32_t ri, uint32_t u) {
  const lm__route *r = &w->cur.r[ri];
  if (r->n <= LM__LONG_ROUTE) return 0;
  const lm_rstop *su = &w->c->p->stops[u];
  return su->n_windows == 0 && su->open_s <= r->start_s[0] && su->close_s >= w->c->tend_s[r->veh];
}

/* Prices u before and after each of its neighbours that lie on long routes where its
 * window cannot bind (near_only); other routes are scanned in full by the caller. */
static void scan_near(ws *w, uint32_t u, double blink, double *best, uint32_t *br, uint32_t *bp) {
  const lm__ctx *c = w->c;
  uint32_t k = c->k < LM__NEAR_K ? c->k : LM__NEAR_K;
  for (uint32_t i = 0; i < k; i++) {
    uint32_t j = c->nb[(size_t)u * c->k + i], ri = w->cur.route_of[j];
    if (ri == LM__NONE || !near_only(w, ri, u) || !lm__fits(c, &w->cur.r[ri], u)) continue;
    for (uint32_t pos = w->cur.pos_of[j]; pos <= w->cur.pos_of[j] + 1; pos++) {
      if (pos <= w->fixed[ri]) continue;
      if (blink > 0.0 && lm__rng_unif(&w->g) < blink) continue;
      double d = lm__insert_cost(c, &w->cur, ri, u, pos);
      if (d < *best) {
        *best = d;
        *br = ri;
        *bp = pos;
      }
    }
  }
}

static int insert_one(ws *w, uint32_t u, double blink) {
  const lm__ctx *c = w->c;
  double best = w->fleet ? INFINITY : c->pen[u];
  uint32_t br = LM__NONE, bp = 0;
  w->sub++;
  if (w->fleet) {
    for (uint32_t v = 0; v < c->nv; v++)
      if (w->cur.r[v].n) scan_route(w, v, u, blink, &best, &br, &bp);
  } else {
    if (c->n <= LM__ALL_ROUTES_MAX) {
      for (uint32_t v = 0; v < c->nv; v++)
        if (w->cur.r[v].n) scan_route(w, v, u, blink, &best, &br, &bp);
    } else {
      scan_near(w, u, blink, &best, &br, &bp);
      for (uint32_t i = 0; i < c->k; i++) {
        uint32_t ri = w->cur.route_of[c->nb[(size_t)u * c->k + i]];
        if (ri == LM__NONE || w->seen[ri] == w->sub || near_only(w, ri, u)) continue;
        w->seen[ri] = w->sub;
        scan_route(w, ri, u, blink, &best, &br, &bp);
      }
    }
    /* No route in use takes u below its penalty: an empty vehicle may still be opened
     * for it (see recreate), at its true price. */
    if (br == LM__NONE && !w->strict) best = INFINITY;
    for (uint32_t t = 0; t < w->n_types; t++)
      if (w->rep[w->types[t]] != LM__NONE)
        scan_route(w, w->rep[w->types[t]], u, blink, &best, &br, &bp);
  }
  if (br == LM__NONE) {
    w->n_unserved++;
    w->unserved_pen += c->pen[u];
    return 0;
  }
  if (w->cur.r[br].n == 0 && !(best < c->pen[u])) w->opened[w->nopen++] = br;
  if (touch(w, br)) return LM_ENOMEM;
  uint32_t type = c->vtype[br];
  if (w->rep[type] == br) { /* the type's next empty vehicle comes later */
    w->rep[type] = LM__NONE;
    for (uint32_t v = br + 1; v < c->nv; v++)
      if (c->vtype[v] == type && w->cur.r[v].n == 0) {
        w->rep[type] = v;
        break;
      }
  }
  return lm__insert(c, &w->cur, br, u, bp);
}

/* Points each vehicle type at its first empty vehicle. */
static void find_reps(ws *w) {
  const lm__ctx *c = w->c;
  for (uint32_t t = 0; t < w->n_types; t++) w->rep[w->types[t]] = LM__NONE;
  for (uint32_t v = (uint32_t)c->nv; v-- > 0;)
    if (w->cur.r[v].n == 0) w->rep[c->vtype[v]] = v;
}

/* Empties every vehicle this recreate opened above its first stop's penalty that serves
 * its stops at more than their penalties, then offers every stop of the pool left unserved
 * again, now opening a vehicle only below the stop's penalty (such a route pays for itself
 * stop by stop). Returns 0 or LM_ENOMEM. */
static int close_unpaid(ws *w, double blink) {
  const lm__ctx *c = w->c;
  int closed = 0;
  for (size_t k = 0; k < w->nopen; k++) {
    uint32_t ri = w->opened[k];
    lm__route *r = &w->cur.r[ri];
    double pen = 0.0;
    for (uint32_t i = 0; i < r->n; i++) pen += c->pen[r->stop[i]];
    if (!(r->cost > pen)) continue;
    lm__remove_span(&w->cur, ri, 1, r->n);
    lm__route_update(c, &w->cur, ri);
    closed = 1;
  }
  w->nopen = 0;
  if (!closed) return 0;
  find_reps(w);
  w->n_unserved = 0;
  w->unserved_pen = 0.0;
  w->strict = 1;
  int rc = 0;
  for (size_t i = 0; i < w->np && !rc; i++)
    if (w->cur.route_of[w->pool[i]] == LM__NONE) rc = insert_one(w, w->pool[i], blink);
  w->strict = 0;
  return rc;
}

/* Reinserts the pool; returns 0 or LM_ENOMEM.
 *
 * A stop that no route in use takes below its penalty may still open an empty vehicle:
 * one stop rarely pays for a vehicle's fixed cost and trip out, but the stops that join it
 * next may (many stops at one place, each worth less than a van, fill a van that pays many
 * times over). Such vehicles are settled at the end: one that does not pay for its stops
 * is emptied again (close_unpaid). */
static int recreate(ws *w, double blink, int first) {
  order_pool(w, first);
  find_reps(w);
  w->n_unserved = 0;
  w->unserved_pen = 0.0;
  w->nopen = 0;
  for (size_t i = 0; i < w->np; i++)
    if (insert_one(w, w->pool[i], blink)) return LM_ENOMEM;
  return w->nopen ? close_unpaid(w, blink) : 0;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

/* Sets up w for context c with its arrays in c's workspace; cur and the saved routes are
 * the workspace's solutions 2 and 3, given back by ws_done. Returns 0 or LM_ENOMEM. */
static int ws_init(ws *w, const lm__ctx *c, uint64_t seed) {
  lm__work *k = c->w;
  memset(w, 0, sizeof *w);
  w->c = c;
  w->cur = *lm__work_sol(k, 2);
  lm__rng_seed(&w->g, seed);
  size_t nv = c->nv, n = c->n;
  w->touched = lm__work_get(k, LM__W_TOUCHED, nv * sizeof *w->touched);
  w->mark = lm__work_zero(k, LM__W_MARK, nv * sizeof *w->mark);
  w->seen = lm__work_zero(k, LM__W_SEEN, nv * sizeof *w->seen);
  w->rep = lm__work_get(k, LM__W_REP, nv * sizeof *w->rep);
  w->types = lm__work_get(k, LM__W_TYPES, nv * sizeof *w->types);
  w->ruined = lm__work_zero(k, LM__W_RUINED, nv * sizeof *w->ruined);
  w->pool = lm__work_get(k, LM__W_POOL, n * sizeof *w->pool);
  w->key = lm__work_get(k, LM__W_KEY, n * sizeof *w->key);
  w->absent = lm__work_zero(k, LM__W_ABSENT, n * sizeof *w->absent);
  w->fixed = lm__work_zero(k, LM__W_FIXED, nv * sizeof *w->fixed);
  w->opened = lm__work_get(k, LM__W_OPENED, nv * sizeof *w->opened);
  if (!w->opened || !w->absent || !w->fixed || !w->touched || !w->mark || !w->seen || !w->rep ||
      !w->types || !w->ruined || !w->pool || !w->key)
    return LM_ENOMEM;
  for (uint32_t v = 0; v < c->nv; v++)
    if (c->vtype[v] == v) w->types[w->n_types++] = v;
  lm__sol *bak = lm__work_sol(k, 3);
  w->ls = lm__work_ls(k);
  if (!w->ls || lm__ls_reset(w->ls, c, w->fixed) || lm__sol_reset(c, bak)) return LM_ENOMEM;
  w->backup = bak->r;
  return lm__sol_reset(c, &w->cur);
}

/* Gives the current solution, whose routes may have grown, back to the workspace. */
static void ws_done(ws *w) { *lm__work_sol(w->c->w, 2) = w->cur; }

/* Puts the touched routes back as they were before this iteration. */
static void restore(ws *w) {
  for (size_t i = 0; i < w->np; i++) w->cur.route_of[w->pool[i]] = LM__NONE;
  for (size_t i = 0; i < w->nt; i++) {
    uint32_t ri = w->touched[i];
    lm__route *r = &w->cur.r[ri];
    lm__route_copy(r, &w->backup[ri]); /* cannot fail: r is at least as large */
    for (uint32_t j = 0; j < r->n; j++) {
      w->cur.route_of[r->stop[j]] = ri;
      w->cur.pos_of[r->stop[j]] = j + 1;
    }
  }
}

/* Starts an iteration: every unserved stop waits in the pool. Returns the sum of their
 * absence counts. */
static double begin_step(ws *w) {
  const lm__ctx *c = w->c;
  double absent = 0.0;
  w->epoch++;
  w->nt = 0;
  w->np = 0;
  if (w->n_unserved)
    for (uint32_t i = 0; i < c->n; i++)
      if (w->cur.route_of[i] == LM__NONE) {
        w->pool[w->np++] = i;
        absent += w->absent[i];
      }
  return absent;
}

/* Cost of the changed solution; *ok says whether every touched route is feasible. */
static double step_cost(const ws *w, double old_pen, int *ok) {
  double cost = w->cur.cost - old_pen + w->unserved_pen;
  *ok = 1;
  for (size_t i = 0; i < w->nt; i++) {
    uint32_t ri = w->touched[i];
    cost += w->cur.r[ri].cost - w->backup[ri].cost;
    *ok &= w->cur.r[ri].feasible;
  }
  return cost;
}

static void reject(ws *w, size_t old_unserved, double old_pen) {
  restore(w);
  w->n_unserved = old_unserved;
  w->unserved_pen = old_pen;
}

/* The current solution's cost under the true objective: the annealing's cost plus what
 * the fewest-vehicles objective adds per route on top of the annealing's price. */
static double plain_cost(const ws *w, double extra_per_route) {
  double cost = w->cur.cost;
  for (size_t v = 0; v < w->c->nv; v++) cost += w->cur.r[v].n ? extra_per_route : 0.0;
  return cost;
}

/* Applies one ruin-and-recreate step at temperature t; returns 0 or LM_ENOMEM. */
static int step(ws *w, double temp, double extra_per_route, lm__sol *best) {
  size_t old_unserved = w->n_unserved;
  double old_pen = w->unserved_pen;
  int ok;
  begin_step(w);
  if (ruin(w) || recreate(w, LM__BLINK, 0)) return LM_ENOMEM;
  double cost = step_cost(w, old_pen, &ok);
  double u = lm__rng_unif(&w->g);
  if (ok && cost < w->cur.cost - temp * log(1.0 - u)) {
    w->cur.cost = cost;
    if (cost >= best->cost - 1e-9 * fabs(best->cost)) return 0;
    if (plain_cost(w, extra_per_route) >= best->cost - 1e-9 * fabs(best->cost)) return 0;
    /* A new best: polish around the stops this step moved. Large problems (long routes
     * in the simulator's days) are polished at the end only: measured on a city day of
     * 1,400 stops, polishing every new best cost a quarter of the time and gained nothing. */
    if (w->c->n <= LM__ALL_ROUTES_MAX && lm__ls_run(w->ls, w->c, &w->cur, w->pool, w->np))
      return LM_ENOMEM;
    cost = plain_cost(w, extra_per_route);
    int rc = lm__sol_copy(w->c, best, &w->cur);
    best->cost = cost;
    return rc;
  }
  reject(w, old_unserved, old_pen);
  return 0;
}

/* Empties one route (the shortest or a random one) into the unserved stops. */
static void drop_route(ws *w) {
  const lm__ctx *c = w->c;
  uint32_t pick = LM__NONE, used = 0, movable = 0, target;
  for (uint32_t v = 0; v < c->nv; v++) {
    used += w->cur.r[v].n > 0;
    movable += w->cur.r[v].n > 0 && w->fixed[v] == 0;
  }
  if (used <= 1 || movable == 0) return;
  target = lm__rng_unif(&w->g) < 0.5 ? lm__rng_below(&w->g, movable) : LM__NONE;
  for (uint32_t v = 0, k = 0; v < c->nv; v++) {
    const lm__route *r = &w->cur.r[v];
    if (r->n == 0 || w->fixed[v]) continue;
    if (target == LM__NONE ? (pick == LM__NONE || r->n < w->cur.r[pick].n) : k == target) pick = v;
    k++;
  }
  lm__route *r = &w->cur.r[pick];
  w->cur.cost -= r->cost;
  for (uint32_t i = 0; i < r->n; i++) {
    w->n_unserved++;
    w->unserved_pen += c->pen[r->stop[i]];
    w->cur.cost += c->pen[r->stop[i]];
  }
  lm__remove_span(&w->cur, pick, 1, r->n);
  lm__route_update(c, &w->cur, pick);
}

/* One fleet-minimisation step (SISR's): accept fewer unserved stops, or the same number
 * with a smaller sum of absence counts. A complete solution is saved in `full` and then
 * loses a route. Returns 0 or LM_ENOMEM. */
static int fleet_step(ws *w, lm__sol *full, lm__sol *best) {
  if (w->n_unserved == 0) {
    if (lm__sol_copy(w->c, full, &w->cur)) return LM_ENOMEM;
    drop_route(w);
  }
  size_t old_unserved = w->n_unserved;
  double old_pen = w->unserved_pen, old_abs = begin_step(w), new_abs = 0.0;
  int ok;
  if (ruin(w) || recreate(w, LM__BLINK, 0)) return LM_ENOMEM;
  for (size_t i = 0; i < w->np; i++)
    if (w->cur.route_of[w->pool[i]] == LM__NONE) new_abs += w->absent[w->pool[i]]++;
  double cost = step_cost(w, old_pen, &ok);
  if (!ok || (w->n_unserved >= old_unserved && new_abs >= old_abs)) {
    reject(w, old_unserved, old_pen);
    return 0;
  }
  w->cur.cost = cost;
  if (w->n_unserved) return 0;
  if (cost < best->cost - 1e-9 * fabs(best->cost)) return lm__sol_copy(w->c, best, &w->cur);
  return 0;
}

/* The initial solution: every stop inserted greedily, farthest first. */
/* Starts from the caller's plan: its fixed prefixes as given, then each further stop of
 * its routes in order while it still fits. Returns 0 or LM_ENOMEM. */
static int warm_start(ws *w) {
  const lm__ctx *c = w->c;
  const lm_rplan *pl = c->p->warm;
  for (uint32_t v = 0; v < c->nv && v < pl->n_vehicles; v++) {
    size_t want = c->p->fixed ? c->p->fixed[v] : 0;
    for (size_t i = pl->begin[v]; i < pl->begin[v + 1]; i++) {
      uint32_t u = pl->order[i];
      lm__route *r = &w->cur.r[v];
      if (u >= c->n || w->cur.route_of[u] != LM__NONE) continue;
      int keep = i - pl->begin[v] < want;
      if (!keep && (!lm__fits(c, r, u) || !isfinite(lm__insert_cost(c, &w->cur, v, u, r->n + 1))))
        continue;
      if (lm__insert(c, &w->cur, v, u, r->n + 1)) return LM_ENOMEM;
      w->fixed[v] += (uint32_t)keep;
    }
  }
  return 0;
}

static int construct(ws *w, lm__sol *best, lm__sol *full) {
  const lm__ctx *c = w->c;
  int rc = c->p->warm ? warm_start(w) : 0;
  for (uint32_t i = 0; i < c->n; i++)
    if (w->cur.route_of[i] == LM__NONE) w->pool[w->np++] = i;
  w->epoch = 1;
  if (!rc) rc = recreate(w, 0.0, 1);
  if (!rc) {
    lm__sol_recost(c, &w->cur);
    /* Fewest vehicles: the fleet phase that follows tears routes apart; polishing their
     * length first is wasted there and, measured, costs vehicles. */
    if (c->p->objective != LM_OBJ_VEHICLES) rc = lm__ls_run(w->ls, c, &w->cur, NULL, 0);
  }
  if (!rc) {
    rc = lm__sol_copy(c, best, &w->cur);
  }
  if (!rc) rc = lm__sol_copy(c, full, &w->cur);
  return rc;
}

/* Mean objective cost of an arc of the current solution: the temperature scale. */
static double arc_scale(const ws *w) {
  const lm__ctx *c = w->c;
  double arc = 0.0;
  size_t arcs = c->n - w->n_unserved;
  for (size_t v = 0; v < c->nv; v++) {
    arc += w->cur.r[v].cost - (w->cur.r[v].n ? c->cfix[v] : 0.0);
    arcs += w->cur.r[v].n > 0;
  }
  return arcs && arc > 0.0 ? arc / (double)arcs : 1.0;
}

int lm__solve(const lm__ctx *c, const lm__search *opt, lm__sol *best) {
  ws w;
  lm__sol *full = lm__work_sol(c->w, 1);
  double start = now_ms();
  int rc = ws_init(&w, c, opt->seed);
  if (!rc) rc = lm__sol_reset(c, full);
  if (!rc) rc = construct(&w, best, full);
  double arc = rc ? 1.0 : arc_scale(&w);
  double t0 = LM__T0 * arc, tf = LM__TF * arc;
  double fleet_share = c->p->objective == LM_OBJ_VEHICLES ? LM__FLEET_VEH : LM__FLEET;
  if (w.n_unserved) fleet_share = 0.0;
  w.fleet = fleet_share > 0.0;
  /* Fewest vehicles: after the fleet phase the annealing prices a vehicle at a few arcs
   * only, so that it may open a route for a while to reorganise the others; a plan
   * becomes the best only under the true, lexicographic weight. */
  lm__ctx soft = *c;
  double *soft_fix = lm__work_get(c->w, LM__W_SOFT_FIX, c->nv * sizeof *soft_fix), extra = 0.0;
  if (!soft_fix && !rc) rc = LM_ENOMEM;
  if (!rc && c->p->objective == LM_OBJ_VEHICLES && c->nv) {
    for (size_t v = 0; v < c->nv; v++) soft_fix[v] = fmin(c->cfix[v], LM__SOFT_ROUTE * arc);
    extra = c->cfix[0] - soft_fix[0];
    soft.cfix = soft_fix;
  }
  /* Phases by share of the budget: fleet minimisation up to fleet_share, annealing up to
   * sa_end, and for fewest vehicles a second fleet minimisation starting from the
   * annealed plan, whose routes are shorter. */
  double sa_end = c->p->objective == LM_OBJ_VEHICLES ? LM__SA_END_VEH : 1.0;
  double time_frac = 0.0; /* share of the time limit used, sampled every 16 iterations */
  int phase = w.fleet ? 0 : 1;
  for (uint32_t it = 0; !rc && it < opt->iterations && c->n > 0; it++) {
    if ((it & 15) == 0 && opt->stop && *opt->stop) break;
    if (opt->time_limit_ms > 0.0 && (it & 15) == 0) {
      time_frac = (now_ms() - start) / opt->time_limit_ms;
      if (time_frac >= 1.0) break;
    }
    double frac = fmax((double)it / opt->iterations, time_frac);
    if (phase == 0 && frac >= fleet_share) {
      phase = 1;
      w.fleet = 0;
      rc = lm__sol_copy(c, &w.cur, full);
      w.n_unserved = 0;
      w.unserved_pen = 0.0;
      w.c = &soft;
      for (uint32_t v = 0; v < c->nv; v++) lm__route_update(&soft, &w.cur, v);
      lm__sol_recost(&soft, &w.cur);
    } else if (phase == 1 && frac >= sa_end) {
      phase = 2;
      w.fleet = 1;
      w.c = c;
      for (uint32_t v = 0; v < c->nv; v++) lm__route_update(c, &w.cur, v);
      lm__sol_recost(c, &w.cur);
    }
    if (rc) break;
    if (w.fleet)
      rc = fleet_step(&w, full, best);
    else {
      double x = (frac - fleet_share) / (sa_end - fleet_share);
      rc = step(&w, t0 * pow(tf / t0, x), extra, best);
    }
  }
  /* The best plan, priced under the true objective, gets a last full polish; then the
   * vehicles it leaves unused serve what it leaves out, where that pays (repair.c). */
  w.c = c;
  if (!rc && c->n > 0) {
    for (uint32_t v = 0; v < c->nv; v++) lm__route_update(c, best, v);
    lm__sol_recost(c, best);
    rc = lm__ls_run(w.ls, c, best, NULL, 0);
    if (!rc) rc = lm__repair_idle(c, best, w.ls, w.pool);
  }
  ws_done(&w);
  return rc;
}
