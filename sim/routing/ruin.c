/* ruin.c — the ruin step of ruin and recreate (SISR, Christiaens & Vanden Berghe 2020).
 *
 * A ruin removes a few strings of consecutive stops, each from a different route, from
 * the routes of a random seed stop and of its nearest stops (the seed's neighbour list,
 * nearest first), into the pool. The mean number of stops removed is about LM__CBAR
 * (LM__CBAR_FLEET in the fleet phases) and a string has at most LM__LMAX stops and at
 * most the mean number of stops per route in use. Half of the time (always when the
 * string is the whole movable part of its route) one string of l stops around the
 * chosen stop goes; otherwise a split string: l + m consecutive stops of which a block of
 * m stays, m growing from 1 with probability 1/2 per step.
 *
 * Invariants: the leading stops a warm start fixes (w->fixed) are never removed; every
 * route is touched (saved) before its first change and updated after its last; a route
 * loses at most one string per ruin. Cost: O(k) plus O(m) per ruined route of m stops.
 */
#include "routing/sisr.h"

#include <math.h>

#define LM__CBAR       15.0 /* mean number of removed stops while annealing */
#define LM__CBAR_FLEET 10.0 /* the same in the fleet phases */
#define LM__LMAX       10.0 /* longest removed string */

/* Removes positions [from, to] of route ri into the pool. */
static int take(lm__sisr *w, uint32_t ri, uint32_t from, uint32_t to) {
  if (lm__sisr_touch(w, ri)) return LM_ENOMEM;
  lm__route *r = &w->cur.r[ri];
  for (uint32_t i = from; i <= to; i++) w->pool[w->np++] = r->stop[i - 1];
  lm__remove_span(&w->cur, ri, from, to);
  return 0;
}

static uint32_t uniform_int(lm__rng *g, uint32_t lo, uint32_t hi) {
  return lo + lm__rng_below(g, hi - lo + 1);
}

/* Removes one string (or split string) of about l stops around stop u. */
static int ruin_string(lm__sisr *w, uint32_t u, uint32_t lmax) {
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

int lm__sisr_ruin(lm__sisr *w) {
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
