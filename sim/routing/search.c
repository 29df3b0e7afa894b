/* search.c — ruin and recreate under simulated annealing (SISR, Christiaens & Vanden
 * Berghe 2020), the improvement loop of the routing core.
 *
 * Each iteration removes a few strings of consecutive stops from routes near a random
 * seed stop (ruin.c), then reinserts the removed and all unserved stops one by one at
 * their cheapest feasible position, where a stop may also open an empty vehicle and one
 * that finds nothing stays unserved (recreate.c). The new solution is accepted when its
 * cost is below the current cost plus T ln(1/U) with a temperature falling geometrically
 * over the budget; the best solution is kept apart.
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
 * Only the routes an iteration touches are saved (before their first change, sisr.h) and
 * restored on rejection, so an iteration costs O(removed x candidate positions), not
 * O(n).
 */
#include "routing/sisr.h"

#include <math.h>
#include <string.h>
#include <time.h>

#define LM__BLINK      0.01 /* probability of skipping a candidate position */
#define LM__T0         3.0  /* first temperature, in mean arc costs */
#define LM__TF         0.01 /* last temperature, in mean arc costs */
#define LM__FLEET      0.1  /* share of the budget spent removing routes */
#define LM__FLEET_VEH  0.4  /* the same for the fewest-vehicles objective */
#define LM__SA_END_VEH 0.8  /* fewest vehicles: annealing ends, fleet phase again */
#define LM__SOFT_ROUTE 30.0 /* fewest vehicles: a vehicle's price in arcs while annealing */

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

/* Sets up w for context c with its arrays in c's workspace; cur and the saved routes are
 * the workspace's solutions 2 and 3, given back by ws_done. Returns 0 or LM_ENOMEM. */
static int ws_init(lm__sisr *w, const lm__ctx *c, uint64_t seed) {
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
static void ws_done(lm__sisr *w) { *lm__work_sol(w->c->w, 2) = w->cur; }

/* Puts the touched routes back as they were before this iteration. */
static void restore(lm__sisr *w) {
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
static double begin_step(lm__sisr *w) {
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
static double step_cost(const lm__sisr *w, double old_pen, int *ok) {
  double cost = w->cur.cost - old_pen + w->unserved_pen;
  *ok = 1;
  for (size_t i = 0; i < w->nt; i++) {
    uint32_t ri = w->touched[i];
    cost += w->cur.r[ri].cost - w->backup[ri].cost;
    *ok &= w->cur.r[ri].feasible;
  }
  return cost;
}

static void reject(lm__sisr *w, size_t old_unserved, double old_pen) {
  restore(w);
  w->n_unserved = old_unserved;
  w->unserved_pen = old_pen;
}

/* The current solution's cost under the true objective: the annealing's cost plus what
 * the fewest-vehicles objective adds per route on top of the annealing's price. */
static double plain_cost(const lm__sisr *w, double extra_per_route) {
  double cost = w->cur.cost;
  for (size_t v = 0; v < w->c->nv; v++) cost += w->cur.r[v].n ? extra_per_route : 0.0;
  return cost;
}

/* Applies one ruin-and-recreate step at temperature t; returns 0 or LM_ENOMEM. */
static int step(lm__sisr *w, double temp, double extra_per_route, lm__sol *best) {
  size_t old_unserved = w->n_unserved;
  double old_pen = w->unserved_pen;
  int ok;
  begin_step(w);
  if (lm__sisr_ruin(w) || lm__sisr_recreate(w, LM__BLINK, 0)) return LM_ENOMEM;
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
static void drop_route(lm__sisr *w) {
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
static int fleet_step(lm__sisr *w, lm__sol *full, lm__sol *best) {
  if (w->n_unserved == 0) {
    if (lm__sol_copy(w->c, full, &w->cur)) return LM_ENOMEM;
    drop_route(w);
  }
  size_t old_unserved = w->n_unserved;
  double old_pen = w->unserved_pen, old_abs = begin_step(w), new_abs = 0.0;
  int ok;
  if (lm__sisr_ruin(w) || lm__sisr_recreate(w, LM__BLINK, 0)) return LM_ENOMEM;
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

/* Starts from the caller's plan: its fixed prefixes as given, then each further stop of
 * its routes in order while it still fits. Returns 0 or LM_ENOMEM. */
static int warm_start(lm__sisr *w) {
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

/* The initial solution: the warm start if any, then every other stop inserted greedily in
 * the construction's order (lm__sisr_recreate), then, but for the fewest-vehicles
 * objective, polished; saved as the best and the last complete solution. Returns 0 or
 * LM_ENOMEM. */
static int construct(lm__sisr *w, lm__sol *best, lm__sol *full) {
  const lm__ctx *c = w->c;
  int rc = c->p->warm ? warm_start(w) : 0;
  for (uint32_t i = 0; i < c->n; i++)
    if (w->cur.route_of[i] == LM__NONE) w->pool[w->np++] = i;
  w->epoch = 1;
  if (!rc) rc = lm__sisr_recreate(w, 0.0, 1);
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
static double arc_scale(const lm__sisr *w) {
  const lm__ctx *c = w->c;
  double arc = 0.0;
  size_t arcs = c->n - w->n_unserved;
  for (size_t v = 0; v < c->nv; v++) {
    arc += w->cur.r[v].cost - (w->cur.r[v].n ? c->cfix[v] : 0.0);
    arcs += w->cur.r[v].n > 0;
  }
  return arcs && arc > 0.0 ? arc / (double)arcs : 1.0;
}

int lm__solve(const lm__ctx *c, const lm__search *opt, lm__sol *best, uint32_t *ran) {
  lm__sisr w;
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
  uint32_t it = 0;
  for (; !rc && it < opt->iterations && c->n > 0; it++) {
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
  *ran = it;
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
