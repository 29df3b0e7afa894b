/* router.c — the routing core's public face: problem set-up, the solve, the plan.
 *
 * A router is a workspace: every array of a solve is a buffer of its lm__work, which grows
 * to the largest problem seen and is freed only with the router, so that the solves of a
 * simulation, day after day, reuse the same memory; only the caller's plan is allocated
 * per solve. With opts.stream_per_solve the search stream of solve k is
 * lm_router_stream_seed(seed, k), k counting calls since the router was created or
 * seeded; without, every solve searches with the seed's stream.
 *
 * lm_router_solve checks the problem, builds a context for it (travel caches of travel.c,
 * neighbour lists, per-vehicle limits and cost coefficients of the objective), runs the search of
 * search.c and writes the best solution into the caller's plan, driving every route once more
 * through the caller's travel function so that the plan's distance, duration and cost are exactly
 * what an independent walk finds. Any route that such a walk would find infeasible (which the
 * search never produces, unless the caller fixed stops that are late already) is
 * emptied into the unserved list rather than returned, except a route with fixed stops.
 *
 * Objectives: LM_OBJ_COST prices a used vehicle at its fixed cost plus cost per km and
 * per hour of route duration (departure at shift start to return), plus the overtime price
 * per hour of that duration after the vehicle's overtime start (convex in the return time,
 * so that every bound the search prunes by stays a bound); LM_OBJ_DISTANCE
 * prices distance only; LM_OBJ_VEHICLES adds to distance a per-vehicle weight larger
 * than any distance saving, so fewer vehicles always win, but below half the smallest
 * unserved penalty, so serving every stop wins over saving a vehicle. Unserved stops
 * cost their penalty under every objective.
 *
 * Cost: the cache takes 2 n^2 doubles per cached profile (n^2 for a profile that shares
 * profile 0's distances) when n <= LM__MATRIX_MAX nodes, else nothing; the search costs
 * O(iterations x removed stops x candidate positions).
 */
#include "lastmile/routing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "routing/solver.h"

struct lm_router {
  lm_router_opts opts;
  uint64_t solves; /* solves since the stream was last seeded */
  lm__work *work;
};

lm_router *lm_router_create(const lm_router_opts *opts) {
  lm_router *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  if (opts) r->opts = *opts;
  r->work = lm__work_create();
  if (!r->work) {
    free(r);
    return NULL;
  }
  return r;
}

void lm_router_destroy(lm_router *r) {
  if (!r) return;
  lm__work_destroy(r->work);
  free(r);
}

void lm_router_seed(lm_router *r, uint64_t seed) {
  r->opts.seed = seed;
  r->solves = 0;
}

void lm_router_set_opts(lm_router *r, const lm_router_opts *opts) {
  r->opts = *opts;
  r->solves = 0;
}

/* SplitMix64's output function: a bijection of 64-bit words that mixes every bit. */
static uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t lm_router_stream_seed(uint64_t seed, uint64_t k) {
  return k == 0 ? seed : mix64(seed ^ mix64(k * 0x9e3779b97f4a7c15ULL));
}

void lm_rplan_clear(lm_rplan *plan) {
  free(plan->begin);
  free(plan->order);
  free(plan->unserved);
  memset(plan, 0, sizeof *plan);
}

/* Whether a and b drive the same legs to the same end by the same time: a route's latest
 * starts then hold for either. */
static int same_legs(const lm__ctx *c, size_t a, size_t b) {
  const lm_rvehicle *va = &c->p->vehicles[a], *vb = &c->p->vehicles[b];
  return va->profile == vb->profile && c->inv_sf[a] == c->inv_sf[b] &&
         va->end_node == vb->end_node && c->tend_s[a] == c->tend_s[b];
}

static int same_vehicle(const lm_rvehicle *a, const lm_rvehicle *b) {
  return a->start_node == b->start_node && a->end_node == b->end_node &&
         a->capacity_parcels == b->capacity_parcels &&
         a->capacity_volume_l == b->capacity_volume_l && a->shift_start_s == b->shift_start_s &&
         a->shift_end_s == b->shift_end_s && a->cost_fixed == b->cost_fixed &&
         a->cost_per_km == b->cost_per_km && a->cost_per_hour == b->cost_per_hour &&
         a->max_duration_s == b->max_duration_s && a->kind == b->kind && a->profile == b->profile &&
         a->speed_factor == b->speed_factor && a->max_distance_km == b->max_distance_km &&
         a->overtime_after_s == b->overtime_after_s &&
         a->cost_per_overtime_hour == b->cost_per_overtime_hour;
}

/* Per-vehicle limits: latest return, speed, range, capacities. */
static void set_limits(lm__ctx *c) {
  for (size_t v = 0; v < c->nv; v++) {
    const lm_rvehicle *veh = &c->p->vehicles[v];
    double end = veh->shift_end_s;
    if (veh->max_duration_s > 0.0) end = fmin(end, veh->shift_start_s + veh->max_duration_s);
    c->tend_s[v] = end;
    c->inv_sf[v] = veh->speed_factor > 0.0 ? 1.0 / veh->speed_factor : 1.0;
    c->max_km[v] = veh->max_distance_km > 0.0 ? veh->max_distance_km : INFINITY;
    c->capq[v * LM__NQ] = (double)veh->capacity_parcels;
    c->capq[v * LM__NQ + 1] = veh->capacity_volume_l;
    c->vtype[v] = c->vclass[v] = (uint32_t)v;
    for (size_t w = 0; w < v; w++)
      if (c->vtype[w] == w && same_vehicle(veh, &c->p->vehicles[w])) {
        c->vtype[v] = (uint32_t)w;
        break;
      }
    for (size_t w = 0; w < v; w++)
      if (c->vclass[w] == w && same_legs(c, v, w)) {
        c->vclass[v] = (uint32_t)w;
        break;
      }
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
    int ot = p->objective == LM_OBJ_COST && veh->overtime_after_s > 0.0 &&
             veh->cost_per_overtime_hour > 0.0;
    c->cot[v] = ot ? veh->cost_per_overtime_hour / 3600.0 : 0.0;
    c->ot_s[v] = ot ? fmax(veh->overtime_after_s, veh->shift_start_s) : INFINITY;
  }
}

static int ctx_alloc(lm__ctx *c) {
  lm__work *w = c->w;
  size_t n = c->n, nv = c->nv;
  c->pen = lm__work_get(w, LM__W_PEN, n * sizeof *c->pen);
  c->depot_d = lm__work_get(w, LM__W_DEPOT_D, n * sizeof *c->depot_d);
  c->ckm = lm__work_get(w, LM__W_CKM, nv * sizeof *c->ckm);
  c->chr = lm__work_get(w, LM__W_CHR, nv * sizeof *c->chr);
  c->cfix = lm__work_get(w, LM__W_CFIX, nv * sizeof *c->cfix);
  c->cot = lm__work_get(w, LM__W_COT, nv * sizeof *c->cot);
  c->ot_s = lm__work_get(w, LM__W_OT_S, nv * sizeof *c->ot_s);
  c->tend_s = lm__work_get(w, LM__W_TEND, nv * sizeof *c->tend_s);
  c->vtype = lm__work_get(w, LM__W_VTYPE, nv * sizeof *c->vtype);
  c->vclass = lm__work_get(w, LM__W_VCLASS, nv * sizeof *c->vclass);
  c->inv_sf = lm__work_get(w, LM__W_INV_SF, nv * sizeof *c->inv_sf);
  c->max_km = lm__work_get(w, LM__W_MAX_KM, nv * sizeof *c->max_km);
  c->capq = lm__work_get(w, LM__W_CAPQ, nv * LM__NQ * sizeof *c->capq);
  if (!c->pen || !c->depot_d || !c->ckm || !c->chr || !c->cfix || !c->cot || !c->ot_s ||
      !c->tend_s || !c->vtype || !c->vclass || !c->inv_sf || !c->max_km || !c->capq)
    return LM_ENOMEM;
  return 0;
}

int lm__ctx_build(lm__ctx *c, lm__work *w, const lm_rproblem *p) {
  memset(c, 0, sizeof *c);
  c->w = w;
  c->p = p;
  c->n = p->n_stops;
  c->nv = p->n_vehicles;
  c->nn = p->n_nodes;
  c->np = p->n_profiles ? p->n_profiles : 1;
  int rc = lm__problem_check(p);
  if (!rc) rc = ctx_alloc(c);
  if (rc) return rc;
  set_limits(c);
  if (lm__travel_cache(c)) return LM_ENOMEM;
  uint32_t depot = c->nv ? p->vehicles[0].start_node : 0;
  for (size_t i = 0; i < c->n; i++) {
    const lm_rstop *st = &p->stops[i];
    c->pen[i] = isfinite(st->penalty) ? st->penalty : 1e300;
    c->depot_d[i] = c->nv ? lm__dist0(c, depot, st->node) : 0.0;
    c->pickups |= st->pickup_parcels > 0 || st->pickup_volume_l > 0.0;
  }
  set_costs(c);
  return lm__neighbours_build(c);
}

int lm__ctx_init(lm__ctx *c, const lm_rproblem *p) {
  lm__work *w = lm__work_create();
  if (!w) {
    memset(c, 0, sizeof *c);
    return LM_ENOMEM;
  }
  int rc = lm__ctx_build(c, w, p);
  c->w = w;
  if (rc) lm__ctx_free(c);
  return rc;
}

void lm__ctx_free(lm__ctx *c) {
  lm__work_destroy(c->w);
  memset(c, 0, sizeof *c);
}

/* ---- the plan ------------------------------------------------------------------------ */

/* Drives vehicle v through stops seq[0..m-1] with the caller's travel function, exactly
 * as an independent check would: windows, kinds, the load after every stop (all
 * deliveries on board at the start, pickups added), return time and range. Returns 1
 * when feasible; sets distance and return time. */
static int drive(const lm__ctx *c, uint32_t v, const uint32_t *seq, size_t m, double *dist_km,
                 double *back_s) {
  const lm_rproblem *p = c->p;
  const lm_rvehicle *veh = &p->vehicles[v];
  double t = veh->shift_start_s, dist = 0.0, d, load[LM__NQ] = {0.0, 0.0};
  uint32_t at = veh->start_node;
  int ok = 1;
  for (size_t i = 0; i < m; i++)
    for (int q = 0; q < LM__NQ; q++) load[q] += lm__del(&p->stops[seq[i]], q);
  for (int q = 0; q < LM__NQ; q++) ok &= load[q] <= c->capq[v * LM__NQ + (size_t)q];
  for (size_t i = 0; i < m; i++) {
    const lm_rstop *s = &p->stops[seq[i]];
    t += p->travel(p->travel_ud, veh->profile, at, s->node, t, &d) * c->inv_sf[v];
    dist += d;
    double start = lm__tw_start(s, t);
    if (start == INFINITY)
      ok = 0;
    else
      t = start;
    t += s->service_s;
    at = s->node;
    if (!((lm__kinds(s) >> veh->kind) & 1u)) ok = 0;
    for (int q = 0; q < LM__NQ; q++) {
      load[q] = load[q] - lm__del(s, q) + lm__pick(s, q);
      ok &= load[q] <= c->capq[v * LM__NQ + (size_t)q];
    }
  }
  if (m > 0) {
    t += p->travel(p->travel_ud, veh->profile, at, veh->end_node, t, &d) * c->inv_sf[v];
    dist += d;
  }
  if (t > c->tend_s[v] || dist > c->max_km[v]) ok = 0;
  *dist_km = dist;
  *back_s = t;
  return ok;
}
/* What the hours of vehicle veh after its overtime start cost when it is back at back_s. */
static double overtime_cost(const lm_rvehicle *veh, double back_s) {
  if (veh->overtime_after_s <= 0.0) return 0.0;
  double over_s = back_s - fmax(veh->overtime_after_s, veh->shift_start_s);
  return over_s > 0.0 ? veh->cost_per_overtime_hour * over_s / 3600.0 : 0.0;
}

static int write_plan(const lm__ctx *c, const lm__sol *s, lm_rplan *plan) {
  const lm_rproblem *p = c->p;
  size_t n = c->n ? c->n : 1;
  plan->n_vehicles = c->nv;
  plan->begin = calloc(c->nv + 1, sizeof *plan->begin);
  plan->order = malloc(n * sizeof *plan->order);
  plan->unserved = malloc(n * sizeof *plan->unserved);
  uint8_t *served = lm__work_zero(c->w, LM__W_SERVED, n);
  if (!plan->begin || !plan->order || !plan->unserved || !served) return LM_ENOMEM;
  size_t used = 0;
  for (size_t v = 0; v < c->nv; v++) {
    const lm__route *r = &s->r[v];
    const lm_rvehicle *veh = &p->vehicles[v];
    double dist, back;
    plan->begin[v] = used;
    int ok = drive(c, (uint32_t)v, r->stop, r->n, &dist, &back);
    /* A route with fixed stops is what the vehicle is already doing: it stays. */
    if (r->n == 0 || (!ok && !(p->warm && p->fixed && p->fixed[v] > 0))) continue;
    memcpy(plan->order + used, r->stop, r->n * sizeof *r->stop);
    for (uint32_t i = 0; i < r->n; i++) served[r->stop[i]] = 1;
    used += r->n;
    double dur = back - veh->shift_start_s;
    plan->distance_km += dist;
    plan->duration_s += dur;
    plan->cost += p->objective == LM_OBJ_COST
                      ? veh->cost_fixed + veh->cost_per_km * dist +
                            veh->cost_per_hour * dur / 3600.0 + overtime_cost(veh, back)
                      : dist;
  }
  plan->begin[c->nv] = used;
  for (size_t i = 0; i < c->n; i++) {
    if (served[i]) continue;
    plan->unserved[plan->n_unserved++] = (uint32_t)i;
    plan->cost += p->stops[i].penalty;
  }
  return 0;
}

int lm_router_solve(lm_router *r, const lm_rproblem *p, lm_rplan *plan) {
  memset(plan, 0, sizeof *plan);
  lm__ctx c;
  lm__sol *best = lm__work_sol(r->work, 0);
  lm__search opt = {r->opts.iterations, r->opts.time_limit_ms,
                    r->opts.stream_per_solve ? lm_router_stream_seed(r->opts.seed, r->solves)
                                             : r->opts.seed,
                    r->opts.stop};
  r->solves++;
  int rc = lm__ctx_build(&c, r->work, p);
  if (!rc) rc = lm__sol_reset(&c, best);
  uint32_t ran = 0;
  if (!rc) rc = lm__solve(&c, &opt, best, &ran);
  if (!rc) rc = write_plan(&c, best, plan);
  if (!rc) plan->iterations = ran;
  if (rc) lm_rplan_clear(plan);
  return rc;
}
