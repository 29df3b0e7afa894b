/* repair.c — unused vehicles for the stops a plan leaves out: the last pass of a solve.
 *
 * Ruin and recreate offers every stop it reinserts one empty vehicle of each type, but the
 * local search prices only the stops on routes: it may move every stop of a short route
 * into the others and so save that vehicle's fixed cost, while stops that the freed
 * vehicle could serve stay out of the plan. In an overloaded plan (more stops than the
 * fleet can serve, each left out at a penalty far above a vehicle's price) that is a bad
 * trade which no later step undoes.
 *
 * lm__repair_idle takes the stops left out, dearest penalty first. Each vehicle without
 * stops, in index order, is opened for the dearest of them that it can serve alone (the
 * seed); the others are then offered to it in one pass, dearest first and, among equal
 * penalties, nearest to the seed first, each inserted at its cheapest feasible position
 * when that costs less than its penalty. The route is kept when it costs no more than the
 * penalties of its stops, so the objective never rises; otherwise it is emptied again and
 * no identical vehicle is tried (it would find the same seed and the same route). A
 * vehicle left idle so is the objective's choice: the stops it could serve, as the fill
 * gathers them, are together worth less than what serving them costs.
 *
 * The local search then polishes around the stops the pass served; since that may empty
 * another route, passes and polishes alternate while a pass serves something, at most
 * LM__REPAIR_ROUNDS polishes, and the last step is always a pass. On return, whenever the
 * objective values each stop above what a vehicle carrying it and its neighbours costs
 * (the simulator's penalties): no vehicle without stops can serve alone a stop left out.
 *
 * Cost: per vehicle without stops, O(u log u) to order the u stops left out and one
 * pricing of each at every position of the growing route: O(u m) with static travel; with
 * time-dependent travel only the position of least extra distance is priced, by a drive
 * of the route, so O(u m) too. So a pass costs O(u x vehicles x m). Nothing is done when
 * no stop is left out or every vehicle is in use.
 */
#include <math.h>
#include <stdlib.h>

#include "routing/solver.h"

#define LM__REPAIR_ROUNDS 3 /* polishes between passes, at most */

typedef struct cand {
  double pen, dist_km; /* penalty; distance from the seed */
  uint32_t u;
} cand;

/* Dearest first; among equal penalties nearest first; then by index (a total order, so
 * the result does not depend on the sort). */
static int by_value(const void *pa, const void *pb) {
  const cand *a = pa, *b = pb;
  if (a->pen != b->pen) return a->pen > b->pen ? -1 : 1;
  if (a->dist_km != b->dist_km) return a->dist_km < b->dist_km ? -1 : 1;
  return a->u < b->u ? -1 : a->u > b->u;
}

/* Whether vehicle v, without stops, can serve stop u alone. */
static int serves_alone(const lm__ctx *c, const lm__sol *s, uint32_t v, uint32_t u) {
  return lm__fits(c, &s->r[v], u) && isfinite(lm__insert_cost(c, s, v, u, 1));
}

/* The cheapest feasible position of u in route ri and its price in *price (INFINITY:
 * none). With time-dependent travel, the position of least extra distance, priced. */
static uint32_t cheapest_pos(const lm__ctx *c, const lm__sol *s, uint32_t ri, uint32_t u,
                             double *price) {
  const lm__route *r = &s->r[ri];
  const lm_rproblem *p = c->p;
  uint32_t best = 0;
  *price = INFINITY;
  if (!lm__fits(c, r, u)) return 0;
  if (p->static_travel) {
    for (uint32_t pos = 1; pos <= r->n + 1; pos++) {
      double d = lm__insert_cost(c, s, ri, u, pos);
      if (d < *price) {
        *price = d;
        best = pos;
      }
    }
    return best;
  }
  const lm_rvehicle *v = &p->vehicles[r->veh];
  uint32_t un = p->stops[u].node, a = v->start_node;
  double least = INFINITY;
  for (uint32_t pos = 1; pos <= r->n + 1; pos++) {
    uint32_t b = pos <= r->n ? p->stops[r->stop[pos - 1]].node : v->end_node;
    double dd = lm__dist(c, r->veh, a, un) + lm__dist(c, r->veh, un, b) - lm__dist(c, r->veh, a, b);
    if (dd < least) {
      least = dd;
      best = pos;
    }
    a = b;
  }
  *price = lm__insert_cost(c, s, ri, u, best);
  return best;
}

/* Opens vehicle v for seed, then offers it the candidates list[0..m-1] (the seed among
 * them) ordered from the seed; keeps the route when it pays for its stops. Appends the
 * stops it serves to added. Returns 1 when kept, 0 when emptied again, or LM_ENOMEM. */
static int fill(const lm__ctx *c, lm__sol *s, uint32_t v, uint32_t seed, cand *list, size_t m,
                uint32_t *added, size_t *n_added) {
  const lm_rproblem *p = c->p;
  uint32_t seed_node = p->stops[seed].node;
  for (size_t i = 0; i < m; i++)
    list[i].dist_km = list[i].u == seed ? -1.0 : lm__dist0(c, seed_node, p->stops[list[i].u].node);
  qsort(list, m, sizeof *list, by_value);
  if (lm__insert(c, s, v, seed, 1)) return LM_ENOMEM;
  double pen = c->pen[seed];
  for (size_t i = 0; i < m; i++) {
    uint32_t u = list[i].u;
    if (s->route_of[u] != LM__NONE) continue;
    double price;
    uint32_t pos = cheapest_pos(c, s, v, u, &price);
    if (!(price < c->pen[u])) continue;
    if (lm__insert(c, s, v, u, pos)) return LM_ENOMEM;
    /* The exact cost counts waiting, which the price leaves out: a route that broke a
     * rule (it cannot, but rounding) gives the stop back. */
    if (!s->r[v].feasible) {
      lm__remove_span(s, v, s->pos_of[u], s->pos_of[u]);
      lm__route_update(c, s, v);
      continue;
    }
    pen += c->pen[u];
  }
  lm__route *r = &s->r[v];
  if (r->feasible && r->cost <= pen) {
    for (uint32_t i = 0; i < r->n; i++) added[(*n_added)++] = r->stop[i];
    return 1;
  }
  lm__remove_span(s, v, 1, r->n);
  lm__route_update(c, s, v);
  return 0;
}

/* One pass over the vehicles without stops; `added` receives the stops it serves. */
static int repair_pass(const lm__ctx *c, lm__sol *s, uint32_t *added, size_t *n_added) {
  *n_added = 0;
  size_t nu = 0, idle = 0;
  for (size_t u = 0; u < c->n; u++) nu += s->route_of[u] == LM__NONE;
  for (size_t v = 0; v < c->nv; v++) idle += s->r[v].n == 0;
  if (nu == 0 || idle == 0) return 0;
  cand *list = lm__work_get(c->w, LM__W_REPAIR_LIST, nu * sizeof *list);
  /* per vehicle type: its route did not pay */
  uint8_t *failed = lm__work_zero(c->w, LM__W_REPAIR_FAILED, c->nv);
  if (!list || !failed) return LM_ENOMEM;
  int rc = 0;
  for (uint32_t v = 0; v < c->nv && !rc; v++) {
    if (s->r[v].n || failed[c->vtype[v]]) continue;
    size_t m = 0;
    for (uint32_t u = 0; u < c->n; u++)
      if (s->route_of[u] == LM__NONE) list[m++] = (cand){c->pen[u], 0.0, u};
    if (m == 0) break;
    qsort(list, m, sizeof *list, by_value);
    uint32_t seed = LM__NONE;
    for (size_t i = 0; i < m && seed == LM__NONE; i++)
      if (serves_alone(c, s, v, list[i].u)) seed = list[i].u;
    if (seed == LM__NONE) { /* nor can any identical vehicle */
      failed[c->vtype[v]] = 1;
      continue;
    }
    rc = fill(c, s, v, seed, list, m, added, n_added);
    if (rc == 0) failed[c->vtype[v]] = 1;
    rc = rc < 0 ? rc : 0;
  }
  lm__sol_recost(c, s);
  return rc;
}

int lm__repair_idle(const lm__ctx *c, lm__sol *s, lm__ls *ls, uint32_t *scratch) {
  int rc = 0;
  for (int round = 0; !rc; round++) {
    size_t added;
    rc = repair_pass(c, s, scratch, &added);
    if (rc || added == 0 || !ls || round == LM__REPAIR_ROUNDS) break;
    rc = lm__ls_run(ls, c, s, scratch, added);
  }
  return rc;
}
