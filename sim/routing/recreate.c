/* recreate.c — the recreate step of ruin and recreate (SISR, Christiaens & Vanden Berghe
 * 2020): every stop of the pool goes back, one by one, to its cheapest feasible position.
 *
 * The pool is ordered first: at random, largest demand first, farthest from or closest
 * to the depot first, or, half of the time when their penalties differ, dearest to leave
 * out first; in the fleet phases, half of the time, the stops longest left out
 * (w->absent) first. Each candidate position is skipped with a small "blink"
 * probability. A stop goes to its cheapest position on the candidate routes or in one
 * empty vehicle of each type when that costs less than its penalty; one that finds
 * nothing stays unserved. In the fleet phases no vehicle is opened and a stop takes the
 * cheapest feasible position on a route in use, whatever its price.
 *
 * A stop that no route in use takes below its penalty may still open an empty vehicle:
 * one stop rarely pays for a vehicle's fixed cost and trip out, but the stops that join it
 * next may (many stops at one place, each worth less than a van, fill a van that pays many
 * times over). Such vehicles are settled at the end: one that does not pay for its stops
 * (costs more than their penalties) is emptied again, and its stops, with the others left
 * out, get one more try where vehicles open only below a stop's penalty (close_unpaid).
 *
 * Candidate routes are all routes in use for problems of up to LM__ALL_ROUTES_MAX stops and
 * otherwise the routes of the stop's k neighbours (granular insertion; neighbours.c lists
 * a few stops of each nearby place, so that stops sharing a place still see the routes
 * around), plus one empty vehicle of each type. On a long route (over LM__LONG_ROUTE
 * stops) a stop whose window cannot bind is priced only next to its LM__NEAR_K nearest
 * stops on it, not at every position. With static travel a position whose price without
 * waiting already reaches the best found is not priced further. So a recreate costs
 * O(pool x candidate positions).
 *
 * Invariants: the fixed leading stops of a route (w->fixed) keep their places; every
 * route is touched (saved) before its first change; w->rep holds each type's first empty
 * vehicle while stops are inserted.
 */
#include "routing/sisr.h"

#include <math.h>

#define LM__LONG_ROUTE 64u /* longer routes: only positions next to a neighbour */
#define LM__NEAR_K     16u /* ... of one of its nearest 16 stops */

/* Sorts the pool by w->key, ascending (insertion sort: the pool is small). */
static void sort_pool(lm__sisr *w) {
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
static int penalties_vary(const lm__sisr *w) {
  for (size_t i = 1; i < w->np; i++)
    if (w->c->pen[w->pool[i]] != w->c->pen[w->pool[0]]) return 1;
  return 0;
}

static void order_pool(lm__sisr *w, int first) {
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
static void scan_route(lm__sisr *w, uint32_t ri, uint32_t u, double blink, double *best,
                       uint32_t *br, uint32_t *bp) {
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
static int near_only(const lm__sisr *w, uint32_t ri, uint32_t u) {
  const lm__route *r = &w->cur.r[ri];
  if (r->n <= LM__LONG_ROUTE) return 0;
  const lm_rstop *su = &w->c->p->stops[u];
  return su->n_windows == 0 && su->open_s <= r->start_s[0] && su->close_s >= w->c->tend_s[r->veh];
}

/* Prices u before and after each of its neighbours that lie on long routes where its
 * window cannot bind (near_only); other routes are scanned in full by the caller. */
static void scan_near(lm__sisr *w, uint32_t u, double blink, double *best, uint32_t *br,
                      uint32_t *bp) {
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

static int insert_one(lm__sisr *w, uint32_t u, double blink) {
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
  if (lm__sisr_touch(w, br)) return LM_ENOMEM;
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
static void find_reps(lm__sisr *w) {
  const lm__ctx *c = w->c;
  for (uint32_t t = 0; t < w->n_types; t++) w->rep[w->types[t]] = LM__NONE;
  for (uint32_t v = (uint32_t)c->nv; v-- > 0;)
    if (w->cur.r[v].n == 0) w->rep[c->vtype[v]] = v;
}

/* Empties every vehicle this recreate opened above its first stop's penalty that serves
 * its stops at more than their penalties, then offers every stop of the pool left unserved
 * again, now opening a vehicle only below the stop's penalty (such a route pays for itself
 * stop by stop). Returns 0 or LM_ENOMEM. */
static int close_unpaid(lm__sisr *w, double blink) {
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

/* See sisr.h; the vehicles opened above a stop's penalty are settled by close_unpaid. */
int lm__sisr_recreate(lm__sisr *w, double blink, int first) {
  order_pool(w, first);
  find_reps(w);
  w->n_unserved = 0;
  w->unserved_pen = 0.0;
  w->nopen = 0;
  for (size_t i = 0; i < w->np; i++)
    if (insert_one(w, w->pool[i], blink)) return LM_ENOMEM;
  return w->nopen ? close_unpaid(w, blink) : 0;
}
