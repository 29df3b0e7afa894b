/* sameday.c — re-planning a running wave, for same-day orders (strategies with
 * replan_every_h).
 *
 * Every replan_every_h hours after a wave leaves, the parcels at the depot that have
 * become due (same-day orders placed since, and parcels the wave's plan could not take)
 * are grouped into new stops, and the wave is planned again through the routing core,
 * warm-started from the current routes:
 *   - a van on the road keeps, first and in order, the stops whose parcels it has on
 *     board (lm_rproblem.fixed); it starts where it is heading, when it will leave there;
 *   - stops that no van has loaded yet (new ones, or ones given to a van by an earlier
 *     re-plan) may go to any van. A van on the road that gets some drives back to the
 *     depot after its loaded stops, loads them (depot.loading_time_s) and goes out again:
 *     the planner's travel time from a stop whose parcels are on board to one whose
 *     parcels are not passes through the depot and includes the loading, and the van's
 *     capacity in the problem is its load on board plus a full van, so the plan is exact
 *     about both;
 *   - vans at the depot start there after loading; a van already used in the wave costs
 *     no fixed cost again.
 * Stops left unserved give their parcels back to the depot. Done stops are not part of the
 * problem; their parcels are handled when the van is back (tours.c).
 *
 * Determinism: a re-plan depends only on the model's state, never on wall-clock time.
 * Cost: O(stops + vans) to set up, plus one solve of the routing core.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal.h"

/* The planner's travel during a re-plan: through the depot, with loading, from a stop
 * whose parcels are on board to one whose parcels are still at the depot. */
static double replan_travel(void *ud, uint32_t profile, uint32_t from, uint32_t to, double depart_s,
                            double *dist_km) {
  const lm_model *m = ud;
  uint32_t base = m->fleet.base_node[profile]; /* profile 0 without kinds: the depot */
  if (!m->stops.node_onboard[from] || m->stops.node_onboard[to] || to == base)
    return m->fleet.plan_travel(ud, profile, from, to, depart_s, dist_km);
  double d1, d2;
  double t = m->fleet.plan_travel(ud, profile, from, base, depart_s, &d1);
  t += m->sc->depot.loading_time_s;
  t += m->fleet.plan_travel(ud, profile, base, to, depart_s + t, &d2);
  *dist_km = d1 + d2;
  return t;
}

/* Makes room for n problem stops. 0 or LM_ENOMEM. */
static int grow_problem(lm_model *m, size_t n) {
  if (n <= m->replan.cap_p) return 0;
  size_t cap = m->replan.cap_p ? 2 * m->replan.cap_p : 256;
  while (cap < n) cap *= 2;
  void *a = realloc(m->replan.pstops, cap * sizeof *m->replan.pstops);
  if (a) m->replan.pstops = a;
  void *b = realloc(m->replan.pmap, cap * sizeof *m->replan.pmap);
  if (b) m->replan.pmap = b;
  void *c = realloc(m->replan.porder, cap * sizeof *m->replan.porder);
  if (c) m->replan.porder = c;
  if (!a || !b || !c) return LM_ENOMEM;
  m->replan.cap_p = cap;
  return 0;
}

/* Adds model stop s to the problem; returns its problem index. */
static uint32_t add_stop(lm_model *m, size_t *n, uint32_t s) {
  m->replan.pstops[*n] = m->stops.rstop[s];
  m->replan.pmap[*n] = s;
  return (uint32_t)(*n)++;
}

/* Sets up van v's vehicle for the re-plan and adds its loaded stops (the fixed prefix) and
 * then its unloaded ones (free, but warm-started where they are) to the problem. */
static void add_vehicle(lm_model *m, size_t v, size_t *n, size_t *k) {
  const lm__van *vn = &m->fleet.vans[v];
  double loading = m->sc->depot.loading_time_s;
  lm_rvehicle *veh = &m->fleet.vehicles[v];
  *veh =
      lm__fleet_vehicle(m, v, fmax(lm_sim_now(m->sim), vn->next_s) + loading, m->tours.wave_end_s);
  if (vn->used) veh->cost_fixed = 0.0;
  if (vn->state != LM__V_IDLE && veh->max_distance_km > 0.0) /* an electric van on the road */
    veh->max_distance_km = fmax(1e-9, m->fleet.range_left[v] - vn->km);
  /* Returns it has picked up take room until it is back. */
  veh->capacity_parcels -=
      vn->returns_parcels < veh->capacity_parcels ? vn->returns_parcels : veh->capacity_parcels;
  veh->capacity_volume_l = fmax(0.0, veh->capacity_volume_l - vn->returns_volume_l);
  m->replan.pbegin[v] = *k;
  m->replan.pfixed[v] = 0;
  size_t i = vn->pos;
  if (vn->state == LM__V_TO_STOP) { /* from the stop it is heading to, once served there */
    const lm_rstop *cur = &m->stops.rstop[m->tours.plan.order[i]];
    veh->start_node = cur->node;
    /* (the leg from it adds the kind's extra service time, as in every plan) */
    veh->shift_start_s = fmax(vn->next_s, cur->open_s) + cur->service_s;
    m->stops.node_onboard[cur->node] = 1;
    for (i++; i < vn->end && m->stops.stop_loaded[m->tours.plan.order[i]]; i++) {
      uint32_t s = m->tours.plan.order[i];
      m->stops.node_onboard[m->stops.rstop[s].node] = 1;
      veh->capacity_parcels += m->stops.rstop[s].parcels;
      veh->capacity_volume_l += m->stops.rstop[s].volume_l;
      m->replan.porder[(*k)++] = add_stop(m, n, s);
      m->replan.pfixed[v]++;
    }
  }
  for (; i < vn->end; i++) m->replan.porder[(*k)++] = add_stop(m, n, m->tours.plan.order[i]);
}

/* Rebuilds m->tours.plan from the solution: each van keeps its current trip up to where it is,
 * then drives its new route. Sends idle vans with a route on their way. */
static int merge(lm_model *m, const lm_rplan *sol, size_t day, size_t wave) {
  size_t nv = m->fleet.n_vans, total = 0;
  for (size_t v = 0; v < nv; v++)
    total += (m->fleet.vans[v].pos - m->fleet.vans[v].trip_begin) +
             (m->fleet.vans[v].state == LM__V_TO_STOP) + (sol->begin[v + 1] - sol->begin[v]);
  size_t *begin = malloc((nv + 1) * sizeof *begin);
  uint32_t *order = malloc((total ? total : 1) * sizeof *order);
  if (!begin || !order) {
    free(begin);
    free(order);
    return LM_ENOMEM;
  }
  size_t at = 0;
  double now = lm_sim_now(m->sim), loading = m->sc->depot.loading_time_s;
  for (size_t v = 0; v < nv; v++) {
    lm__van *vn = &m->fleet.vans[v];
    size_t done_end = vn->pos + (vn->state == LM__V_TO_STOP); /* the stop it heads to is "done" */
    begin[v] = at;
    for (size_t i = vn->trip_begin; i < done_end; i++) order[at++] = m->tours.plan.order[i];
    size_t pos = begin[v] + (vn->pos - vn->trip_begin);
    for (size_t i = sol->begin[v]; i < sol->begin[v + 1]; i++)
      order[at++] = m->replan.pmap[sol->order[i]];
    vn->trip_begin = begin[v];
    vn->begin = begin[v];
    vn->pos = pos;
    vn->end = at;
  }
  begin[nv] = at;
  free(m->tours.plan.begin);
  free(m->tours.plan.order);
  m->tours.plan.begin = begin;
  m->tours.plan.order = order;
  if ((int64_t)day == m->routes_day)
    for (size_t v = 0; v < nv; v++) { /* the planned arrivals of the new stops */
      const lm__van *vn = &m->fleet.vans[v];
      const lm_rvehicle *veh = &m->fleet.vehicles[v];
      size_t first = vn->pos + (vn->state == LM__V_TO_STOP);
      if (first < vn->end && lm__tours_log_route(m, v, wave, first, veh->start_node,
                                                 veh->shift_start_s, replan_travel))
        return LM_ENOMEM;
    }
  for (size_t v = 0; v < nv; v++) {
    lm__van *vn = &m->fleet.vans[v];
    if (vn->state != LM__V_IDLE || vn->pos == vn->end) continue;
    if (!vn->used) {
      double *used = &m->tours.wave_used[vn->kind];
      if (++*used > m->acc[day].used[vn->kind]) m->acc[day].used[vn->kind] = *used;
    }
    m->tours.vans_out++;
    vn->overtime_from_s = fmax(m->tours.wave_end_s, now + loading);
    lm__tours_depart(m, v, now + loading);
  }
  return 0;
}

void lm__sameday_on_replan(lm_sim *sim, void *ctx, uint64_t arg) {
  lm_model *m = ctx;
  if (m->tours.wave_arg != arg || m->tours.dispatch_waiting) return; /* the wave has not left yet */
  uint32_t day = (uint32_t)(arg / LM_MAX_WAVES);
  size_t wave = arg % LM_MAX_WAVES, nv = m->fleet.n_vans;
  double now = lm_sim_now(sim);
  size_t first_new = m->stops.n_stops;
  if (lm__tours_build_stops(m, day, now)) goto nomem;
  int free_stops = m->stops.n_stops > first_new;
  for (size_t v = 0; v < nv && !free_stops; v++)
    for (size_t i = m->fleet.vans[v].pos; i < m->fleet.vans[v].end && !free_stops; i++)
      free_stops = !m->stops.stop_loaded[m->tours.plan.order[i]];
  if (!free_stops) return; /* nothing new: the running plan stands */
  if (grow_problem(m, m->stops.n_stops)) goto nomem;
  memset(m->stops.node_onboard, 0,
         (m->stops.n_stops + m->stops.node0) * sizeof *m->stops.node_onboard);
  size_t n = 0, k = 0;
  for (size_t v = 0; v < nv; v++) add_vehicle(m, v, &n, &k);
  m->replan.pbegin[nv] = k;
  for (size_t s = first_new; s < m->stops.n_stops; s++) {
    add_stop(m, &n, (uint32_t)s);
    /* A stop with only pickups needs nothing from the depot: no trip back before it. */
    if (m->stops.rstop[s].parcels == 0) m->stops.node_onboard[m->stops.rstop[s].node] = 1;
  }
  lm_rplan warm = {.n_vehicles = nv, .begin = m->replan.pbegin, .order = m->replan.porder};
  lm_rproblem prob = lm__tours_problem(m, m->replan.pstops, n, replan_travel);
  prob.warm = &warm;
  prob.fixed = m->replan.pfixed;
  lm_rplan sol;
  if (lm__tours_solve(m, day, &prob, &sol)) goto nomem;
  m->acc[day].stops_unserved += (double)sol.n_unserved;
  for (size_t u = 0; u < sol.n_unserved; u++) { /* back to the depot, for later */
    uint32_t s = m->replan.pmap[sol.unserved[u]];
    for (uint32_t pi = m->stops.stop_head[s]; pi != UINT32_MAX; pi = m->parcels[pi].next)
      if (lm__model_depot_push(m, pi)) {
        lm_rplan_clear(&sol);
        goto nomem;
      }
    if (lm__returns_unserved(m, s)) {
      lm_rplan_clear(&sol);
      goto nomem;
    }
  }
  int rc = merge(m, &sol, day, wave);
  lm_rplan_clear(&sol);
  if (rc) goto nomem;
  return;
nomem:
  lm__model_fail(m, LM_ENOMEM);
}

int lm__sameday_init(lm_model *m, size_t max_vehicles) {
  m->replan.pbegin = calloc(max_vehicles + 1, sizeof *m->replan.pbegin);
  m->replan.pfixed = calloc(max_vehicles ? max_vehicles : 1, sizeof *m->replan.pfixed);
  return m->replan.pbegin && m->replan.pfixed ? 0 : LM_ENOMEM;
}

void lm__sameday_free(lm_model *m) {
  free(m->replan.pstops);
  free(m->replan.pmap);
  free(m->replan.porder);
  free(m->replan.pbegin);
  free(m->replan.pfixed);
}
