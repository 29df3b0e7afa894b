/* route.c — routes and solutions of the routing core: derived arrays, copies, edits.
 *
 * A route of n stops has positions 0..n+1: 0 is the departure from the start depot, 1..n
 * the stops, n+1 the return. lm__route_update drives the route once (forward pass: the
 * earliest service start at each position, exactly as a vehicle would, so that the
 * times agree bit for bit with an independent walk) and computes backwards the latest
 * service start at each position that still lets every later stop and the return be on
 * time: the latest moment in one of the stop's windows no later than what the next
 * position allows. That is all ruin and recreate needs when no stop has a pickup.
 *
 * The auxiliary arrays (lm__route_aux) serve the local search and pickups: the distance
 * driven so far, the loads (every delivery is on board when the vehicle leaves; each
 * stop hands over its deliveries and takes its pickups on board) with their prefix and
 * suffix maxima, and the vehicle kinds every suffix allows. They are computed when some
 * stop has a pickup (the capacity then depends on the position) and otherwise on demand,
 * and copied only when valid, so that the inner loop of ruin and recreate pays for none
 * of them. Each pass is O(n) (with O(windows) per stop).
 *
 * Memory: a route's double arrays share one block of 11 (cap + 2) doubles that grows by
 * doubling and never shrinks; growing keeps the stops and leaves the derived arrays to
 * the next update.
 */
#include "routing/solver.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LM__ROUTE_ARRAYS (3 + 4 * LM__NQ) /* doubles per position */

/* Points the route's double arrays into its block, each cap + 2 long. */
static void layout(lm__route *r) {
  size_t w = (size_t)r->cap + 2;
  double *b = r->buf;
  r->start_s = b;
  r->latest_s = b + w;
  r->km = b + 2 * w;
  for (int q = 0; q < LM__NQ; q++) {
    r->load[q] = b + (3 + 4 * (size_t)q) * w;
    r->cdel[q] = r->load[q] + w;
    r->pmax[q] = r->load[q] + 2 * w;
    r->smax[q] = r->load[q] + 3 * w;
  }
}

int lm__route_reserve(lm__route *r, uint32_t n) {
  if (n <= r->cap && r->stop) return 0;
  uint32_t cap = r->cap ? r->cap : 2;
  while (cap < n) cap *= 2;
  uint32_t *st = realloc(r->stop, cap * sizeof *st);
  if (!st) return LM_ENOMEM;
  r->stop = st;
  uint32_t *mk = realloc(r->smask, (cap + 2) * sizeof *mk);
  if (!mk) return LM_ENOMEM;
  r->smask = mk;
  double *b = malloc((size_t)LM__ROUTE_ARRAYS * (cap + 2) * sizeof *b);
  if (!b) return LM_ENOMEM;
  free(r->buf);
  r->buf = b;
  r->cap = cap;
  layout(r);
  return 0;
}

void lm__route_free(lm__route *r) {
  free(r->stop);
  free(r->smask);
  free(r->buf);
  memset(r, 0, sizeof *r);
}

int lm__sol_init(const lm__ctx *c, lm__sol *s) {
  memset(s, 0, sizeof *s);
  return lm__sol_reset(c, s);
}

int lm__sol_reset(const lm__ctx *c, lm__sol *s) {
  size_t n = c->n ? c->n : 1, nv = c->nv ? c->nv : 1;
  if (s->rcap < nv) {
    lm__route *r = realloc(s->r, nv * sizeof *r);
    if (!r) return LM_ENOMEM;
    memset(r + s->rcap, 0, (nv - s->rcap) * sizeof *r);
    s->r = r;
    s->rcap = nv;
  }
  if (s->ncap < n) {
    uint32_t *of = malloc(n * sizeof *of), *pos = malloc(n * sizeof *pos);
    if (!of || !pos) {
      free(of);
      free(pos);
      return LM_ENOMEM;
    }
    free(s->route_of);
    free(s->pos_of);
    s->route_of = of;
    s->pos_of = pos;
    s->ncap = n;
  }
  s->nv = c->nv;
  for (size_t i = 0; i < c->n; i++) {
    s->route_of[i] = LM__NONE;
    s->pos_of[i] = 0;
  }
  for (size_t v = 0; v < c->nv; v++) {
    lm__route *r = &s->r[v], keep = *r;
    memset(r, 0, sizeof *r);
    r->stop = keep.stop;
    r->smask = keep.smask;
    r->buf = keep.buf;
    r->cap = keep.cap;
    r->veh = (uint32_t)v;
    if (r->buf) layout(r);
    if (lm__route_reserve(r, 4)) return LM_ENOMEM;
    lm__route_update(c, s, (uint32_t)v);
  }
  lm__sol_recost(c, s);
  return 0;
}

void lm__sol_free(lm__sol *s) {
  for (size_t v = 0; s->r && v < s->rcap; v++) lm__route_free(&s->r[v]);
  free(s->r);
  free(s->route_of);
  free(s->pos_of);
  memset(s, 0, sizeof *s);
}

int lm__route_copy(lm__route *d, const lm__route *r) {
  if (lm__route_reserve(d, r->n)) return LM_ENOMEM;
  lm__route keep = *d;
  *d = *r;
  d->stop = keep.stop;
  d->smask = keep.smask;
  d->buf = keep.buf;
  d->cap = keep.cap;
  layout(d);
  size_t m = (size_t)r->n + 2, bytes = m * sizeof(double);
  memcpy(d->stop, r->stop, r->n * sizeof *r->stop);
  memcpy(d->start_s, r->start_s, bytes);
  memcpy(d->latest_s, r->latest_s, bytes);
  if (!r->aux) return 0;
  memcpy(d->smask, r->smask, m * sizeof *r->smask);
  memcpy(d->km, r->km, bytes);
  for (int q = 0; q < LM__NQ; q++) {
    memcpy(d->load[q], r->load[q], bytes);
    memcpy(d->cdel[q], r->cdel[q], bytes);
    memcpy(d->pmax[q], r->pmax[q], bytes);
    memcpy(d->smax[q], r->smax[q], bytes);
  }
  return 0;
}

int lm__sol_copy(const lm__ctx *c, lm__sol *dst, const lm__sol *src) {
  for (size_t v = 0; v < c->nv; v++)
    if (lm__route_copy(&dst->r[v], &src->r[v])) return LM_ENOMEM;
  memcpy(dst->route_of, src->route_of, c->n * sizeof *src->route_of);
  memcpy(dst->pos_of, src->pos_of, c->n * sizeof *src->pos_of);
  dst->cost = src->cost;
  return 0;
}

void lm__sol_recost(const lm__ctx *c, lm__sol *s) {
  double cost = 0.0;
  for (size_t v = 0; v < c->nv; v++) cost += s->r[v].cost;
  for (size_t i = 0; i < c->n; i++)
    if (s->route_of[i] == LM__NONE) cost += c->pen[i];
  s->cost = cost;
}

double lm__route_price(const lm__ctx *c, uint32_t v, double dist_km, double back_s) {
  return c->cfix[v] + c->ckm[v] * dist_km + c->chr[v] * (back_s - c->p->vehicles[v].shift_start_s) +
         lm__overtime(c, v, back_s);
}

/* Forward pass: service starts, length, deliveries on board, and whether windows, kinds,
 * the return time and the range hold. Also files the stops' route_of and pos_of. */
static int forward(const lm__ctx *c, lm__sol *s, uint32_t ri) {
  lm__route *r = &s->r[ri];
  const lm_rproblem *p = c->p;
  uint32_t vi = r->veh;
  const lm_rvehicle *v = &p->vehicles[vi];
  const lm__legs L = lm__legs_of(c, vi);
  double t = v->shift_start_s, dist = 0.0, d, busy = 0.0, leg;
  uint32_t at = v->start_node, kind = v->kind;
  int ok = 1, fixed = p->static_travel;
  r->start_s[0] = t;
  r->dsum[0] = r->dsum[1] = 0.0;
  for (uint32_t i = 0; i < r->n; i++) {
    uint32_t u = r->stop[i];
    const lm_rstop *st = &p->stops[u];
    r->dsum[0] += (double)st->parcels;
    r->dsum[1] += st->volume_l;
    if (fixed) {
      dist += lm__ld(&L, at, st->node);
      leg = lm__lt(&L, at, st->node);
    } else {
      leg = lm__leg(c, vi, at, st->node, t, &d);
      dist += d;
    }
    t += leg;
    busy += leg + st->service_s;
    double start = lm__tw_start(st, t);
    if (start == INFINITY)
      ok = 0;
    else
      t = start;
    r->start_s[i + 1] = t;
    t += st->service_s;
    at = st->node;
    if (!((lm__kinds(st) >> kind) & 1u)) ok = 0;
    s->route_of[u] = ri;
    s->pos_of[u] = i + 1;
  }
  if (r->n > 0) {
    leg = lm__leg(c, vi, at, v->end_node, t, &d);
    t += leg;
    busy += leg;
    dist += d;
  }
  r->start_s[r->n + 1] = t;
  r->wait_s = (t - r->start_s[0]) - busy;
  r->dist_km = r->n ? dist : 0.0;
  return ok && t <= c->tend_s[vi] && dist <= c->max_km[vi];
}

/* Loads after each position with their prefix and suffix maxima; whether the largest
 * load fits the vehicle. Without pickups the load only falls, so the prefix maximum is
 * the first load and the suffix maximum the load itself. */
static int loads(const lm__ctx *c, lm__route *r) {
  const lm_rproblem *p = c->p;
  uint32_t n = r->n;
  double *l0 = r->load[0], *l1 = r->load[1], *c0 = r->cdel[0], *c1 = r->cdel[1];
  l0[0] = r->dsum[0];
  l1[0] = r->dsum[1];
  c0[0] = c1[0] = 0.0;
  for (uint32_t i = 1; i <= n; i++) {
    const lm_rstop *st = &p->stops[r->stop[i - 1]];
    c0[i] = c0[i - 1] + (double)st->parcels;
    c1[i] = c1[i - 1] + st->volume_l;
    l0[i] = l0[i - 1] - (double)st->parcels + (double)st->pickup_parcels;
    l1[i] = l1[i - 1] - st->volume_l + st->pickup_volume_l;
  }
  int ok = 1;
  for (int q = 0; q < LM__NQ; q++) {
    double *load = r->load[q], *pmax = r->pmax[q], *smax = r->smax[q];
    load[n + 1] = load[n];
    r->cdel[q][n + 1] = r->cdel[q][n];
    smax[n + 1] = -INFINITY;
    if (c->pickups) {
      pmax[0] = load[0];
      for (uint32_t i = 1; i <= n + 1; i++) pmax[i] = load[i] > pmax[i - 1] ? load[i] : pmax[i - 1];
      for (uint32_t i = n + 1; i-- > 0;) smax[i] = load[i] > smax[i + 1] ? load[i] : smax[i + 1];
    } else {
      for (uint32_t i = 0; i <= n + 1; i++) pmax[i] = load[0];
      memcpy(smax, load, (n + 1) * sizeof *smax);
    }
    ok &= pmax[n] <= c->capq[(size_t)r->veh * LM__NQ + (size_t)q];
    r->lend[q] = load[n];
  }
  return ok;
}

/* Backward pass: latest service starts (meaningful for static travel). */
static void backward(const lm__ctx *c, lm__route *r) {
  const lm_rproblem *p = c->p;
  uint32_t vi = r->veh;
  const lm_rvehicle *v = &p->vehicles[vi];
  const lm__legs L = lm__legs_of(c, vi);
  double late = c->tend_s[vi];
  uint32_t next = v->end_node;
  r->latest_s[r->n + 1] = late;
  for (uint32_t i = r->n; i >= 1; i--) {
    const lm_rstop *st = &p->stops[r->stop[i - 1]];
    late = lm__tw_latest(st, late - (lm__lt(&L, st->node, next) + st->service_s));
    r->latest_s[i] = late;
    next = st->node;
  }
  r->latest_s[0] = late - (r->n ? lm__lt(&L, v->start_node, next) : 0.0);
}

/* Distances so far, driven again leg by leg from the stored departures (static legs come
 * from the cache), and the kinds every suffix allows. */
static void km_and_kinds(const lm__ctx *c, lm__route *r) {
  const lm_rproblem *p = c->p;
  uint32_t vi = r->veh, at = p->vehicles[vi].start_node, mask = UINT32_MAX;
  double dist = 0.0, d;
  r->km[0] = 0.0;
  for (uint32_t i = 0; i <= r->n; i++) {
    uint32_t to = i < r->n ? p->stops[r->stop[i]].node : p->vehicles[vi].end_node;
    double depart = i ? r->start_s[i] + p->stops[r->stop[i - 1]].service_s : r->start_s[0];
    if (r->n)
      lm__leg(c, vi, at, to, depart, &d);
    else
      d = 0.0;
    dist += d;
    r->km[i + 1] = dist;
    at = to;
  }
  r->smask[r->n + 1] = mask;
  for (uint32_t i = r->n; i >= 1; i--) {
    mask &= lm__kinds(&p->stops[r->stop[i - 1]]);
    r->smask[i] = mask;
  }
  r->smask[0] = mask;
}

int lm__route_aux(const lm__ctx *c, lm__route *r) {
  km_and_kinds(c, r);
  r->aux = 1;
  return loads(c, r);
}

void lm__route_update(const lm__ctx *c, lm__sol *s, uint32_t ri) {
  lm__route *r = &s->r[ri];
  int ok = forward(c, s, ri);
  backward(c, r);
  r->aux = 0;
  if (c->pickups) {
    ok &= lm__route_aux(c, r);
  } else {
    const double *cap = c->capq + (size_t)r->veh * LM__NQ;
    ok &= r->dsum[0] <= cap[0] && r->dsum[1] <= cap[1];
    r->lend[0] = r->dsum[0];
    r->lend[1] = r->dsum[1];
  }
  r->feasible = ok;
  r->cost = r->n ? lm__route_price(c, r->veh, r->dist_km, r->start_s[r->n + 1]) : 0.0;
}

int lm__fits_at(const lm__ctx *c, const lm__route *r, uint32_t u, uint32_t pos) {
  const lm_rstop *st = &c->p->stops[u];
  const double *cap = c->capq + (size_t)r->veh * LM__NQ;
  for (int q = 0; q < LM__NQ; q++)
    if (r->pmax[q][pos - 1] + lm__del(st, q) > cap[q] ||
        r->smax[q][pos - 1] + lm__pick(st, q) > cap[q])
      return 0;
  return 1;
}

int lm__insert(const lm__ctx *c, lm__sol *s, uint32_t ri, uint32_t u, uint32_t pos) {
  lm__route *r = &s->r[ri];
  if (lm__route_reserve(r, r->n + 1)) return LM_ENOMEM;
  memmove(r->stop + pos, r->stop + pos - 1, (r->n + 1 - pos) * sizeof *r->stop);
  r->stop[pos - 1] = u;
  r->n++;
  lm__route_update(c, s, ri);
  return 0;
}

void lm__remove_span(lm__sol *s, uint32_t ri, uint32_t from, uint32_t to) {
  lm__route *r = &s->r[ri];
  for (uint32_t i = from; i <= to; i++) s->route_of[r->stop[i - 1]] = LM__NONE;
  memmove(r->stop + from - 1, r->stop + to, (r->n - to) * sizeof *r->stop);
  r->n -= to - from + 1;
}
