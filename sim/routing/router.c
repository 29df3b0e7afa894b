/* router.c — the routing core's public face: problem set-up, the solve, the plan.
 *
 * lm_router_solve builds a context for the problem (travel cache, neighbour lists, cost
 * coefficients of the objective), runs the search of search.c and writes the best
 * solution into the caller's plan, driving every route once more through the caller's
 * travel function so that the plan's distance, duration and cost are exactly what an
 * independent walk finds. Any route that such a walk would find infeasible (which the
 * search never produces, unless the caller fixed stops that are late already) is
 * emptied into the unserved list rather than returned, except a route with fixed stops.
 *
 * Objectives: LM_OBJ_COST prices a used vehicle at its fixed cost plus cost per km and
 * per hour of route duration (departure at shift start to return); LM_OBJ_DISTANCE
 * prices distance only; LM_OBJ_VEHICLES adds to distance a per-vehicle weight larger
 * than any distance saving, so fewer vehicles always win, but below half the smallest
 * unserved penalty, so serving every stop wins over saving a vehicle. Unserved stops
 * cost their penalty under every objective.
 *
 * Cost: the cache takes 2 n^2 doubles when n <= LM__MATRIX_MAX nodes and travel is not
 * marked cheap, else nothing; the
 * search costs O(iterations x removed stops x candidate positions).
 */
#include "lastmile/routing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "routing/solver.h"

struct lm_router {
  lm_router_opts opts;
};

lm_router *lm_router_create(const lm_router_opts *opts) {
  lm_router *r = calloc(1, sizeof *r);
  if (r && opts) r->opts = *opts;
  return r;
}

void lm_router_destroy(lm_router *r) { free(r); }

void lm_rplan_clear(lm_rplan *plan) {
  free(plan->begin);
  free(plan->order);
  free(plan->unserved);
  memset(plan, 0, sizeof *plan);
}

/* ---- random numbers: xoshiro256** seeded by splitmix64 ------------------------------- */

void lm__rng_seed(lm__rng *g, uint64_t seed) {
  for (int i = 0; i < 4; i++) {
    uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    g->s[i] = z ^ (z >> 31);
  }
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t lm__rng_next(lm__rng *g) {
  uint64_t *s = g->s, r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return r;
}

double lm__rng_unif(lm__rng *g) { return (double)(lm__rng_next(g) >> 11) * 0x1.0p-53; }

uint32_t lm__rng_below(lm__rng *g, uint32_t n) {
  return (uint32_t)(((lm__rng_next(g) >> 32) * (uint64_t)n) >> 32);
}

/* ---- context ----------------------------------------------------------------------- */

static void ctx_free(lm__ctx *c) {
  free(c->tmat);
  free(c->dmat);
  free(c->nb);
  free(c->pen);
  free(c->ckm);
  free(c->chr);
  free(c->cfix);
  free(c->tend_s);
  free(c->vtype);
  free(c->depot_d);
}

static int same_vehicle(const lm_rvehicle *a, const lm_rvehicle *b) {
  return a->start_node == b->start_node && a->end_node == b->end_node &&
         a->capacity_parcels == b->capacity_parcels &&
         a->capacity_volume_l == b->capacity_volume_l && a->shift_start_s == b->shift_start_s &&
         a->shift_end_s == b->shift_end_s && a->cost_fixed == b->cost_fixed &&
         a->cost_per_km == b->cost_per_km && a->cost_per_hour == b->cost_per_hour &&
         a->max_duration_s == b->max_duration_s;
}

static void cache_matrix(lm__ctx *c) {
  const lm_rproblem *p = c->p;
  for (uint32_t a = 0; a < c->nn; a++)
    for (uint32_t b = 0; b < c->nn; b++) {
      double d;
      c->tmat[(size_t)a * c->nn + b] = p->travel(p->travel_ud, a, b, 0.0, &d);
      c->dmat[(size_t)a * c->nn + b] = d;
    }
}

/* Per-vehicle coefficients of the objective. */
static void set_costs(lm__ctx *c) {
  const lm_rproblem *p = c->p;
  double weight = 0.0;
  if (p->objective == LM_OBJ_VEHICLES) {
    /* Larger than the length of serving every stop by its own round trip. */
    double min_pen = INFINITY;
    for (size_t i = 0; i < c->n; i++) {
      weight += 2.0 * c->depot_d[i];
      min_pen = fmin(min_pen, c->pen[i]);
    }
    /* Serving a stop still comes first: a vehicle weighs less than any penalty. */
    weight = fmin(2.0 * weight + 1.0, 0.5 * min_pen);
  }
  for (size_t v = 0; v < c->nv; v++) {
    const lm_rvehicle *veh = &p->vehicles[v];
    c->ckm[v] = p->objective == LM_OBJ_COST ? veh->cost_per_km : 1.0;
    c->chr[v] = p->objective == LM_OBJ_COST ? veh->cost_per_hour / 3600.0 : 0.0;
    c->cfix[v] = p->objective == LM_OBJ_COST ? veh->cost_fixed : weight;
    double end = veh->shift_end_s;
    if (veh->max_duration_s > 0.0) end = fmin(end, veh->shift_start_s + veh->max_duration_s);
    c->tend_s[v] = end;
    c->vtype[v] = (uint32_t)v;
    for (size_t w = 0; w < v; w++)
      if (c->vtype[w] == w && same_vehicle(veh, &p->vehicles[w])) {
        c->vtype[v] = (uint32_t)w;
        break;
      }
  }
}

static int ctx_init(lm__ctx *c, const lm_rproblem *p) {
  memset(c, 0, sizeof *c);
  c->p = p;
  c->n = p->n_stops;
  c->nv = p->n_vehicles;
  c->nn = p->n_nodes;
  size_t n = c->n ? c->n : 1, nv = c->nv ? c->nv : 1;
  if (p->static_travel && !p->travel_cheap && c->nn <= LM__MATRIX_MAX) {
    c->tmat = malloc(c->nn * c->nn * sizeof *c->tmat);
    c->dmat = malloc(c->nn * c->nn * sizeof *c->dmat);
    if (!c->tmat || !c->dmat) return LM_ENOMEM;
    cache_matrix(c);
  }
  c->pen = malloc(n * sizeof *c->pen);
  c->depot_d = malloc(n * sizeof *c->depot_d);
  c->ckm = malloc(nv * sizeof *c->ckm);
  c->chr = malloc(nv * sizeof *c->chr);
  c->cfix = malloc(nv * sizeof *c->cfix);
  c->tend_s = malloc(nv * sizeof *c->tend_s);
  c->vtype = malloc(nv * sizeof *c->vtype);
  if (!c->pen || !c->depot_d || !c->ckm || !c->chr || !c->cfix || !c->tend_s || !c->vtype)
    return LM_ENOMEM;
  uint32_t depot = c->nv ? p->vehicles[0].start_node : 0;
  for (size_t i = 0; i < c->n; i++) {
    double pen = p->stops[i].penalty;
    c->pen[i] = isfinite(pen) ? pen : 1e300;
    c->depot_d[i] = c->nv ? lm__dist(c, depot, p->stops[i].node) : 0.0;
  }
  set_costs(c);
  return lm__neighbours_build(c);
}

/* ---- the plan ------------------------------------------------------------------------ */

/* Drives `v` through stops seq[0..m-1] with the caller's travel function, exactly as an
 * independent check would. Returns 1 when feasible; sets distance and return time. */
static int drive(const lm_rproblem *p, const lm_rvehicle *v, double tend, const uint32_t *seq,
                 size_t m, double *dist_km, double *back_s) {
  double t = v->shift_start_s, dist = 0.0, d;
  uint32_t at = v->start_node, parcels = 0;
  double vol = 0.0;
  int ok = 1;
  for (size_t i = 0; i < m; i++) {
    const lm_rstop *s = &p->stops[seq[i]];
    t += p->travel(p->travel_ud, at, s->node, t, &d);
    dist += d;
    if (t > s->close_s) ok = 0;
    if (t < s->open_s) t = s->open_s;
    t += s->service_s;
    at = s->node;
    parcels += s->parcels;
    vol += s->volume_l;
  }
  if (m > 0) {
    t += p->travel(p->travel_ud, at, v->end_node, t, &d);
    dist += d;
  }
  if (t > tend || parcels > v->capacity_parcels || vol > v->capacity_volume_l) ok = 0;
  *dist_km = dist;
  *back_s = t;
  return ok;
}

static int write_plan(const lm__ctx *c, const lm__sol *s, lm_rplan *plan) {
  const lm_rproblem *p = c->p;
  size_t n = c->n ? c->n : 1;
  plan->n_vehicles = c->nv;
  plan->begin = calloc(c->nv + 1, sizeof *plan->begin);
  plan->order = malloc(n * sizeof *plan->order);
  plan->unserved = malloc(n * sizeof *plan->unserved);
  uint8_t *served = calloc(n, 1);
  if (!plan->begin || !plan->order || !plan->unserved || !served) {
    free(served);
    return LM_ENOMEM;
  }
  size_t used = 0;
  for (size_t v = 0; v < c->nv; v++) {
    const lm__route *r = &s->r[v];
    const lm_rvehicle *veh = &p->vehicles[v];
    double dist, back;
    plan->begin[v] = used;
    int ok = drive(p, veh, c->tend_s[v], r->stop, r->n, &dist, &back);
    /* A route with fixed stops is what the vehicle is already doing: it stays. */
    if (r->n == 0 || (!ok && !(p->warm && p->fixed && p->fixed[v] > 0))) continue;
    memcpy(plan->order + used, r->stop, r->n * sizeof *r->stop);
    for (uint32_t i = 0; i < r->n; i++) served[r->stop[i]] = 1;
    used += r->n;
    double dur = back - veh->shift_start_s;
    plan->distance_km += dist;
    plan->duration_s += dur;
    plan->cost += p->objective == LM_OBJ_COST ? veh->cost_fixed + veh->cost_per_km * dist +
                                                    veh->cost_per_hour * dur / 3600.0
                                              : dist;
  }
  plan->begin[c->nv] = used;
  for (size_t i = 0; i < c->n; i++) {
    if (served[i]) continue;
    plan->unserved[plan->n_unserved++] = (uint32_t)i;
    plan->cost += p->stops[i].penalty;
  }
  free(served);
  return 0;
}

int lm_router_solve(lm_router *r, const lm_rproblem *p, lm_rplan *plan) {
  memset(plan, 0, sizeof *plan);
  lm__ctx c;
  lm__sol best = {0};
  int rc = ctx_init(&c, p);
  if (!rc) rc = lm__sol_init(&c, &best);
  if (!rc) {
    lm__search opt = {r->opts.iterations, r->opts.time_limit_ms, r->opts.seed};
    rc = lm__solve(&c, &opt, &best);
  }
  if (!rc) rc = write_plan(&c, &best, plan);
  if (rc) lm_rplan_clear(plan);
  lm__sol_free(&best);
  ctx_free(&c);
  return rc;
}
