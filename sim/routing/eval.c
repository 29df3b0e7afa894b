/* eval.c — the price of a route made of pieces of existing routes, for the local search.
 *
 * Every move of ls.c turns one or two routes into a candidate of the same shape: a kept
 * prefix of a route (its vehicle drives the candidate), a few explicit stops, and a
 * suffix of a route (the same or another). With static travel the prefix costs O(1): its
 * service starts, distance and load maxima are stored; the explicit stops are driven one
 * by one; and the suffix is O(1) when its vehicle drives the same legs to the same end
 * by the same time (vclass): it is on time iff it is reached by its latest start, its
 * length is a difference of stored distances, and its load maximum is a stored suffix
 * maximum shifted by what changed before it. Only a per-hour cost needs the return time;
 * then the suffix is driven until its service starts meet the stored ones again (waiting
 * absorbs the change), usually after a stop or two; the same when overtime is priced. A suffix from
 * a vehicle of another class, and every candidate under time-dependent travel, is driven to its
 * end: O(m).
 *
 * Loads: with D the candidate's deliveries, a prefix position k carries D plus what the
 * old route carried there minus the old route's deliveries; a suffix position k carries
 * the load entering the suffix plus the old load at k minus the old load before it.
 * The walk's arithmetic is route.c's, in the same order, so a candidate judged feasible
 * here is feasible there but for rounding in sums, which lm__route_update settles.
 */
#include <math.h>

#include "routing/solver.h"

/* Deliveries of the candidate, and whether the prefix carries them within capacity. Sets
 * the load after the prefix. */
static int prefix_loads(const lm__ctx *c, const lm__sol *s, const lm__cand *k, lm__walk *w) {
  const lm__route *P = &s->r[k->pre], *S = &s->r[k->suf];
  uint32_t v = P->veh;
  for (int q = 0; q < LM__NQ; q++) {
    double total = P->cdel[q][k->i];
    for (uint32_t m = 0; m < k->nmid; m++) total += lm__del(&c->p->stops[k->mid[m]], q);
    if (k->j <= S->n) total += S->load[q][0] - S->cdel[q][k->j - 1];
    double cap = c->capq[(size_t)v * LM__NQ + (size_t)q];
    if (total > cap || total + (P->pmax[q][k->i] - P->load[q][0]) > cap) return 0;
    w->load[q] = total + (P->load[q][k->i] - P->load[q][0]);
  }
  return 1;
}

/* The suffix of static route S from position j, reached at `arr` by vehicle v of S's
 * class: feasibility from the latest start, the return time by driving until the stored
 * starts agree (only when the objective prices time). */
static int suffix_static(const lm__ctx *c, const lm__route *S, uint32_t j, uint32_t v, double arr,
                         double *back) {
  double late = S->latest_s[j];
  if (arr > late - LM__EPS * (1.0 + fabs(late))) return 0;
  *back = S->start_s[S->n + 1];
  if (c->chr[v] == 0.0 && c->cot[v] == 0.0) return 1;
  const lm__legs L = lm__legs_of(c, v);
  double t = arr;
  for (uint32_t k = j;; k++) {
    const lm_rstop *st = &c->p->stops[S->stop[k - 1]];
    t = lm__tw_start(st, t);
    if (t == S->start_s[k]) return 1; /* from here on the old schedule */
    t += st->service_s;
    uint32_t next = k < S->n ? c->p->stops[S->stop[k]].node : c->p->vehicles[v].end_node;
    t += lm__lt(&L, st->node, next);
    if (k == S->n) break;
  }
  *back = t;
  return 1;
}

/* The suffix's load maximum, entering with w->load. */
static int suffix_loads(const lm__ctx *c, const lm__route *S, uint32_t j, uint32_t v,
                        const lm__walk *w) {
  for (int q = 0; q < LM__NQ; q++) {
    double top = w->load[q] + (S->smax[q][j] - S->load[q][j - 1]);
    if (top > c->capq[(size_t)v * LM__NQ + (size_t)q]) return 0;
  }
  return 1;
}

double lm__cand_cost(const lm__ctx *c, const lm__sol *s, const lm__cand *k) {
  const lm__route *P = &s->r[k->pre], *S = &s->r[k->suf];
  uint32_t v = P->veh;
  const lm_rvehicle *veh = &c->p->vehicles[v];
  int tail = k->j <= S->n;
  if (k->i == 0 && k->nmid == 0 && !tail) return 0.0;
  lm__walk w = {.t = P->start_s[0], .dist = P->km[k->i], .at = veh->start_node};
  if (k->i > 0) {
    const lm_rstop *st = &c->p->stops[P->stop[k->i - 1]];
    w.t = P->start_s[k->i] + st->service_s;
    w.at = st->node;
  }
  if (!prefix_loads(c, s, k, &w)) return INFINITY;
  for (uint32_t m = 0; m < k->nmid; m++)
    if (!lm__walk_visit(c, v, &w, k->mid[m])) return INFINITY;
  uint32_t from = k->j;
  double back, d;
  if (tail && c->p->static_travel && c->vclass[v] == c->vclass[S->veh]) {
    uint32_t b = c->p->stops[S->stop[from - 1]].node;
    if (S->veh != P->veh && !((S->smask[from] >> veh->kind) & 1u)) return INFINITY;
    if (!suffix_loads(c, S, from, v, &w)) return INFINITY;
    w.dist += lm__dist(c, v, w.at, b) + (S->km[S->n + 1] - S->km[from]);
    if (!suffix_static(c, S, from, v, w.t + lm__tt(c, v, w.at, b), &back)) return INFINITY;
  } else {
    for (uint32_t m = from; tail && m <= S->n; m++)
      if (!lm__walk_visit(c, v, &w, S->stop[m - 1])) return INFINITY;
    back = w.t + lm__leg(c, v, w.at, veh->end_node, w.t, &d);
    w.dist += d;
    if (back > c->tend_s[v]) return INFINITY;
  }
  if (w.dist > c->max_km[v]) return INFINITY;
  return lm__route_price(c, v, w.dist, back);
}
