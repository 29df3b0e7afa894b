/* route.c — routes and solutions of the routing core: update, insertion pricing, edits.
 *
 * A route of n stops has positions 0..n+1: 0 is the departure from the start depot, 1..n
 * the stops, n+1 the return. lm__route_update drives the route once (forward pass: the
 * earliest service start at each position, exactly as a vehicle would, so that the
 * times agree bit for bit with an independent walk) and then computes backwards the
 * latest service start at each position that still lets every later stop and the return
 * be on time. With static travel an insertion between positions i-1 and i is feasible
 * iff the new stop is reached before it closes and the next position is reached no
 * later than its latest start: O(1). With time-dependent travel an insertion is priced
 * by driving the whole changed route: O(m) travel calls. The O(1) price counts driving
 * and service time but not a change of waiting time (per-hour costs only); the exact
 * cost of a changed route comes from lm__route_update and decides acceptance.
 *
 * Latest starts come from subtractions and so carry rounding; the O(1) test keeps a
 * margin of LM__EPS relative to the time so that it never accepts what the forward walk
 * would refuse.
 */
#include "routing/solver.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LM__EPS 1e-9

int lm__route_reserve(lm__route *r, uint32_t n) {
  if (n <= r->cap && r->stop) return 0;
  uint32_t cap = r->cap ? r->cap : 8;
  while (cap < n) cap *= 2;
  uint32_t *st = realloc(r->stop, cap * sizeof *st);
  if (!st) return LM_ENOMEM;
  r->stop = st;
  double *a = realloc(r->start_s, (cap + 2) * sizeof *a);
  if (!a) return LM_ENOMEM;
  r->start_s = a;
  double *b = realloc(r->latest_s, (cap + 2) * sizeof *b);
  if (!b) return LM_ENOMEM;
  r->latest_s = b;
  r->cap = cap;
  return 0;
}

int lm__sol_init(const lm__ctx *c, lm__sol *s) {
  memset(s, 0, sizeof *s);
  size_t n = c->n ? c->n : 1;
  s->r = calloc(c->nv ? c->nv : 1, sizeof *s->r);
  s->route_of = malloc(n * sizeof *s->route_of);
  s->pos_of = calloc(n, sizeof *s->pos_of);
  if (!s->r || !s->route_of || !s->pos_of) return LM_ENOMEM;
  s->nv = c->nv;
  for (size_t i = 0; i < c->n; i++) s->route_of[i] = LM__NONE;
  for (size_t v = 0; v < c->nv; v++) {
    s->r[v].veh = (uint32_t)v;
    if (lm__route_reserve(&s->r[v], 4)) return LM_ENOMEM;
    lm__route_update(c, s, (uint32_t)v);
  }
  lm__sol_recost(c, s);
  return 0;
}

void lm__sol_free(lm__sol *s) {
  for (size_t v = 0; s->r && v < s->nv; v++) {
    free(s->r[v].stop);
    free(s->r[v].start_s);
    free(s->r[v].latest_s);
  }
  free(s->r);
  free(s->route_of);
  free(s->pos_of);
  memset(s, 0, sizeof *s);
}

int lm__route_copy(lm__route *d, const lm__route *r) {
  if (lm__route_reserve(d, r->n)) return LM_ENOMEM;
  uint32_t *st = d->stop, cap = d->cap;
  double *a = d->start_s, *b = d->latest_s;
  *d = *r;
  d->stop = st;
  d->cap = cap;
  d->start_s = a;
  d->latest_s = b;
  memcpy(d->stop, r->stop, r->n * sizeof *st);
  memcpy(d->start_s, r->start_s, (r->n + 2) * sizeof *a);
  memcpy(d->latest_s, r->latest_s, (r->n + 2) * sizeof *b);
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

/* One leg: static legs come from the cache, time-dependent ones from the caller. */
static double leg(const lm__ctx *c, uint32_t a, uint32_t b, double depart_s, double *d) {
  if (c->p->static_travel) {
    *d = lm__dist(c, a, b);
    return lm__tt(c, a, b);
  }
  return c->p->travel(c->p->travel_ud, a, b, depart_s, d);
}

static double route_cost(const lm__ctx *c, const lm__route *r) {
  if (r->n == 0) return 0.0;
  const lm_rvehicle *v = &c->p->vehicles[r->veh];
  return c->cfix[r->veh] + c->ckm[r->veh] * r->dist_km +
         c->chr[r->veh] * (r->start_s[r->n + 1] - v->shift_start_s);
}

void lm__route_update(const lm__ctx *c, lm__sol *s, uint32_t ri) {
  lm__route *r = &s->r[ri];
  const lm_rproblem *p = c->p;
  const lm_rvehicle *v = &p->vehicles[r->veh];
  double t = v->shift_start_s, dist = 0.0, d, vol = 0.0;
  uint32_t at = v->start_node, parcels = 0;
  int ok = 1;
  r->start_s[0] = t;
  for (uint32_t i = 0; i < r->n; i++) {
    uint32_t u = r->stop[i];
    const lm_rstop *st = &p->stops[u];
    t += leg(c, at, st->node, t, &d);
    dist += d;
    if (t > st->close_s) ok = 0;
    if (t < st->open_s) t = st->open_s;
    r->start_s[i + 1] = t;
    t += st->service_s;
    at = st->node;
    parcels += st->parcels;
    vol += st->volume_l;
    s->route_of[u] = ri;
    s->pos_of[u] = i + 1;
  }
  if (r->n > 0) {
    t += leg(c, at, v->end_node, t, &d);
    dist += d;
  }
  r->start_s[r->n + 1] = t;
  if (t > c->tend_s[r->veh]) ok = 0;
  if (parcels > v->capacity_parcels || vol > v->capacity_volume_l) ok = 0;
  /* Backward pass: latest service starts (meaningful for static travel). */
  double late = c->tend_s[r->veh];
  uint32_t next = v->end_node;
  r->latest_s[r->n + 1] = late;
  for (uint32_t i = r->n; i >= 1; i--) {
    const lm_rstop *st = &p->stops[r->stop[i - 1]];
    late -= lm__tt(c, st->node, next) + st->service_s;
    if (late > st->close_s) late = st->close_s;
    r->latest_s[i] = late;
    next = st->node;
  }
  r->latest_s[0] = late - (r->n ? lm__tt(c, v->start_node, next) : 0.0);
  r->parcels = parcels;
  r->volume_l = vol;
  r->dist_km = r->n ? dist : 0.0;
  r->feasible = ok;
  r->cost = route_cost(c, r);
}

int lm__fits(const lm__ctx *c, const lm__route *r, uint32_t u) {
  const lm_rvehicle *v = &c->p->vehicles[r->veh];
  const lm_rstop *st = &c->p->stops[u];
  return r->parcels + st->parcels <= v->capacity_parcels &&
         r->volume_l + st->volume_l <= v->capacity_volume_l;
}

/* Drives route ri with u inserted before pos; returns the objective increase or
 * INFINITY. Used for time-dependent travel. */
static double insert_cost_sim(const lm__ctx *c, const lm__sol *s, uint32_t ri, uint32_t u,
                              uint32_t pos) {
  const lm__route *r = &s->r[ri];
  const lm_rproblem *p = c->p;
  const lm_rvehicle *v = &p->vehicles[r->veh];
  double t = v->shift_start_s, dist = 0.0, d;
  uint32_t at = v->start_node;
  for (uint32_t i = 0; i <= r->n; i++) {
    uint32_t w = i + 1 == pos ? u : LM__NONE;
    for (int k = 0; k < 2; k++) {
      if (w != LM__NONE) {
        const lm_rstop *st = &p->stops[w];
        t += p->travel(p->travel_ud, at, st->node, t, &d);
        dist += d;
        if (t > st->close_s) return INFINITY;
        if (t < st->open_s) t = st->open_s;
        t += st->service_s;
        at = st->node;
      }
      w = (k == 0 && i < r->n) ? r->stop[i] : LM__NONE;
    }
  }
  t += p->travel(p->travel_ud, at, v->end_node, t, &d);
  dist += d;
  if (t > c->tend_s[r->veh]) return INFINITY;
  double cost = c->cfix[r->veh] + c->ckm[r->veh] * dist + c->chr[r->veh] * (t - v->shift_start_s);
  return cost - r->cost;
}

double lm__insert_cost(const lm__ctx *c, const lm__sol *s, uint32_t ri, uint32_t u, uint32_t pos) {
  if (!c->p->static_travel) return insert_cost_sim(c, s, ri, u, pos);
  const lm__route *r = &s->r[ri];
  const lm_rproblem *p = c->p;
  const lm_rvehicle *v = &p->vehicles[r->veh];
  const lm_rstop *su = &p->stops[u];
  uint32_t a, b;
  double dep;
  if (pos == 1) {
    a = v->start_node;
    dep = r->start_s[0];
  } else {
    const lm_rstop *sa = &p->stops[r->stop[pos - 2]];
    a = sa->node;
    dep = r->start_s[pos - 1] + sa->service_s;
  }
  b = pos == r->n + 1 ? v->end_node : p->stops[r->stop[pos - 1]].node;
  double dau, dub, dab;
  double tau = lm__arc(c, a, su->node, &dau);
  double arr = dep + tau;
  if (arr > su->close_s) return INFINITY;
  double tub = lm__arc(c, su->node, b, &dub);
  double arr_b = (arr < su->open_s ? su->open_s : arr) + su->service_s + tub;
  double late = r->latest_s[pos];
  if (pos <= r->n) late -= LM__EPS * (1.0 + fabs(late));
  if (arr_b > late) return INFINITY;
  uint32_t vi = r->veh;
  double dd = dau + dub;
  double dt = tau + su->service_s + tub;
  if (r->n == 0) return c->cfix[vi] + c->ckm[vi] * dd + c->chr[vi] * (arr_b - dep);
  dt -= lm__arc(c, a, b, &dab);
  dd -= dab;
  return c->ckm[vi] * dd + c->chr[vi] * dt;
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
