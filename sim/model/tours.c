/* tours.c — dispatch and tours: the day's stops are planned through the routing core and
 * the vans drive them, stop by stop, as events.
 *
 *   - dispatch (a wave's start + loading time): the parcels at the depot that are due are
 *     grouped into one stop per customer (or per locker) and planned; the vans leave;
 *     stops no van can take wait for another day;
 *   - arrival of a van at a stop: if somebody is home in that hour every parcel of the
 *     stop is received; otherwise each is a failed attempt and, as the strategy says,
 *     rides back, is left at the door or is redirected to a locker (sites.c);
 *   - van return: failed parcels go back to the depot for another day, or are returned
 *     to the sender once they have used the strategy's attempts.
 * The planner sees expected travel times (`travel`); vans drive realised ones (`drive`).
 *
 * Cost: building the stops is linear in the parcels at the depot; each arrival is O(1)
 * per parcel; the plan costs what the routing core costs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/internal.h"

/* Vehicle v's travel profile in plans. */
static uint32_t profile_of(const lm_model *m, size_t v) {
  return m->fleet.mixed ? m->fleet.vans[v].kind : 0;
}

/* Whether the customer opens the door at `t_s`: the presence model, raised by an ETA
 * notice when the strategy sends one (the same draw, so it only adds people at home). */
static int home_at_attempt(const lm_model *m, uint32_t c, double t_s) {
  double eta = m->st->eta_notification ? m->sc->customers.eta_home_share : 0.0;
  return lm__presence_home(m, c, t_s, eta);
}

/* ---- dispatch and tours ---------------------------------------------------------------- */

static void on_arrive(lm_sim *sim, void *ctx, uint64_t v);
static void next_leg(lm_sim *sim, lm_model *m, uint64_t v, uint32_t s, double now);
static void on_return(lm_sim *sim, void *ctx, uint64_t v);

/* The most parcels and litres one vehicle of the strategy carries (drones aside: they
 * never serve a site). */
static void site_stop_limit(const lm_model *m, double *parcels, double *volume_l) {
  *parcels = 0.0;
  *volume_l = 0.0;
  for (int k = 0; k < LM_VEHICLE_KINDS; k++) {
    if (k == LM_VEHICLE_DRONE || (m->fleet.mixed && !m->fleet.n_kind[k]) ||
        (!m->fleet.mixed && k != LM_VEHICLE_VAN))
      continue;
    const lm_vehicle_type *t = lm_scenario_vehicle(m->sc, (lm_vehicle_kind)k);
    *parcels = fmax(*parcels, (double)t->capacity_parcels);
    *volume_l = fmax(*volume_l, t->capacity_volume_l);
  }
}

int lm__tours_build_stops(lm_model *m, uint32_t day, double now) {
  size_t keep = 0, first = m->stops.n_stops;
  double limit_parcels, limit_volume_l;
  site_stop_limit(m, &limit_parcels, &limit_volume_l);
  for (size_t i = 0; i < m->n_depot; i++) {
    uint32_t pi = m->depot[i];
    lm__parcel *p = &m->parcels[pi];
    /* Ordered today for a later day, a same-day order not placed yet, or attempted today by a
     * strategy that tries again only from the next day: not for this plan. */
    if ((p->day_created >= day && !(p->same_day && p->order_s <= now)) ||
        (p->attempts > 0 && p->last_attempt_day == day && !m->st->reattempt_same_day)) {
      m->depot[keep++] = pi;
      continue;
    }
    double volume_l = m->sc->demand.sizes[p->size].volume_l;
    if (p->dest != LM__HOME && m->stops.stop_of_site[p->dest] != UINT32_MAX) {
      /* A site's parcels beyond what one vehicle carries go to a further stop there, so
       * that every one of them can be served. */
      const lm_rstop *at = &m->stops.rstop[m->stops.stop_of_site[p->dest]];
      if (at->parcels + 1.0 > limit_parcels || at->volume_l + volume_l > limit_volume_l)
        m->stops.stop_of_site[p->dest] = UINT32_MAX;
    }
    uint32_t s = lm__stops_get(m, p->customer, p->dest, day);
    if (s == UINT32_MAX) return LM_ENOMEM;
    if (p->dest != LM__HOME)
      m->stops.rstop[s].service_s += m->sc->lockers[p->dest].service_per_parcel_s;
    /* Leaving a parcel out costs unserved_penalty_eur, doubled for each day past its
     * promise it will be at the end of today (up to 40 doublings): a parcel a day later
     * outweighs any two younger ones, so the oldest parcels go first when not all fit. */
    double late_d = fmax(0.0, ((double)day + 1.0) * LM__DAY_S - lm__model_due_s(m, p)) / LM__DAY_S;
    m->stops.rstop[s].penalty += m->st->unserved_penalty_eur * exp2(fmin(late_d, 40.0));
    m->stops.rstop[s].parcels++;
    m->stops.rstop[s].volume_l += volume_l;
    p->next = m->stops.stop_head[s];
    m->stops.stop_head[s] = pi;
  }
  m->n_depot = keep;
  if (m->returns.n_rwait && lm__returns_to_stops(m, day)) return LM_ENOMEM;
  for (size_t s = first; s < m->stops.n_stops; s++) {
    m->stops.rstop[s].allowed_kinds = lm__fleet_allowed(m, (uint32_t)s);
    m->stops.stop_loaded[s] = m->stops.rstop[s].parcels == 0; /* only pickups: nothing to load */
    if (m->stops.stop_site[s] == LM__HOME)
      m->stops.stop_of_cust[m->stops.stop_customer[s]] = UINT32_MAX;
    else
      m->stops.stop_of_site[m->stops.stop_site[s]] = UINT32_MAX;
  }
  return 0;
}

/* The waves of the current strategy: its own, or one wave over the van shift. */
lm_wave lm__tours_wave(const lm_model *m, size_t w) {
  if (m->st->n_waves) return m->st->waves[w];
  return (lm_wave){m->sc->van.shift_start_s, m->sc->van.shift_end_s};
}

static void dispatch(lm_sim *sim, lm_model *m, uint64_t day, size_t wave);

/* A wave's loading is done. If vans of the previous wave are still out (late), the wave
 * leaves when the last of them is back. */
void lm__tours_on_dispatch(lm_sim *sim, void *ctx, uint64_t arg) {
  lm_model *m = ctx;
  if (m->tours.vans_out > 0) {
    m->tours.dispatch_waiting = 1;
    m->tours.waiting_arg = arg;
    return;
  }
  dispatch(sim, m, arg / LM_MAX_WAVES, arg % LM_MAX_WAVES);
}

int lm__tours_log_route(lm_model *m, size_t v, size_t wave, size_t i0, uint32_t from, double t0,
                        lm_travel_fn fn) {
  const lm__van *vn = &m->fleet.vans[v];
  lm_route_log *lg = &m->routes;
  size_t need = lg->n + (vn->end - i0);
  if (need > m->routes_cap) {
    size_t cap = m->routes_cap ? 2 * m->routes_cap : 256;
    while (cap < need) cap *= 2;
    void *p;
#define LM_REGROW(field, kind, presence, units, long_name)                                         \
  if (!(p = realloc(lg->field, cap * sizeof *lg->field))) return LM_ENOMEM;                        \
  lg->field = p;
    LM_ROUTE_COLUMNS(LM_REGROW)
#undef LM_REGROW
    m->routes_cap = cap;
  }
  double t = t0, d;
  uint32_t at = from;
  for (size_t i = i0; i < vn->end; i++) {
    uint32_t s = m->tours.plan.order[i];
    const lm_rstop *st = &m->stops.rstop[s];
    t += fn(m, profile_of(m, v), at, st->node, t, &d);
    if (t < st->open_s) t = st->open_s;
    if (m->stops.stop_log[s] == SIZE_MAX || !m->stops.stop_loaded[s]) { /* new, or (re)assigned */
      size_t k = m->stops.stop_log[s] == SIZE_MAX ? lg->n++ : m->stops.stop_log[s];
      m->stops.stop_log[s] = k;
      lg->van[k] = (uint32_t)v;
      lg->wave[k] = (uint32_t)wave;
      lg->sequence[k] = (uint32_t)(i - vn->begin);
      lg->x_km[k] = m->stops.node_x[st->node];
      lg->y_km[k] = m->stops.node_y[st->node];
      lg->planned_s[k] = t;
      lg->arrival_s[k] = NAN;
      lg->parcels[k] = st->parcels;
      lg->handed_over[k] = 0;
      lg->site[k] = m->stops.stop_site[s];
    }
    t += st->service_s;
    at = st->node;
  }
  return 0;
}

void lm__tours_depart(lm_model *m, size_t v, double depart_s) {
  lm__van *vn = &m->fleet.vans[v];
  for (size_t i = vn->pos; i < vn->end; i++) {
    uint32_t s = m->tours.plan.order[i];
    m->stops.stop_loaded[s] = 1;
    for (uint32_t pi = m->stops.stop_head[s]; pi != UINT32_MAX; pi = m->parcels[pi].next)
      m->parcels[pi].state = LM__P_IN_VAN;
  }
  lm__fleet_depart(m, v, depart_s);
  lm__costs_depart(m, v, depart_s);
  double d;
  uint32_t base = m->fleet.base_node[vn->kind];
  double t =
      lm__fleet_drive(m, v, base, m->stops.rstop[m->tours.plan.order[vn->pos]].node, depart_s, &d);
  vn->trip_begin = vn->pos;
  vn->depart_s = depart_s;
  vn->km = d;
  vn->state = LM__V_TO_STOP;
  vn->next_s = depart_s + t;
  vn->used = 1;
  if (lm_sim_schedule(m->sim, depart_s + t, 0, on_arrive, m, v, NULL)) lm__model_fail(m, LM_ENOMEM);
}

lm_rproblem lm__tours_problem(lm_model *m, const lm_rstop *stops, size_t n_stops,
                              lm_travel_fn travel) {
  return (lm_rproblem){.stops = stops,
                       .n_stops = n_stops,
                       .vehicles = m->fleet.vehicles,
                       .n_vehicles = m->fleet.n_vans,
                       .travel = travel,
                       .travel_ud = m,
                       .static_travel = 1,
                       .node_x = m->stops.node_x,
                       .node_y = m->stops.node_y,
                       .n_nodes = m->stops.n_stops + m->stops.node0,
                       .objective = (lm_route_objective)m->st->objective,
                       .n_profiles = m->fleet.mixed ? LM_VEHICLE_KINDS : 0};
}

/* Whether vehicle `veh` could serve stop `st` alone under problem p's travel (allowed
 * kind, capacity, range, window and shift, as the routing core checks) at a cost, under
 * p's objective, below the stop's unserved penalty: then leaving the stop out while the
 * vehicle stays unused is never what the objective prefers. The one-stop tour leaves at
 * the shift's start; its cost is the vehicle's fixed cost, its km and its hours out
 * (LM_OBJ_COST), its km (LM_OBJ_DISTANCE), or nothing (LM_OBJ_VEHICLES, where stops come
 * before vehicles). */
static int fits_alone(const lm_rproblem *p, const lm_rvehicle *veh, const lm_rstop *st) {
  if (st->allowed_kinds && !(st->allowed_kinds >> veh->kind & 1u)) return 0;
  if (st->parcels > veh->capacity_parcels || st->pickup_parcels > veh->capacity_parcels ||
      st->volume_l > veh->capacity_volume_l || st->pickup_volume_l > veh->capacity_volume_l)
    return 0;
  double d1, d2, t = veh->shift_start_s;
  t += p->travel(p->travel_ud, veh->profile, veh->start_node, st->node, t, &d1);
  if (t > st->close_s) return 0;
  t = fmax(t, st->open_s) + st->service_s;
  t += p->travel(p->travel_ud, veh->profile, st->node, veh->end_node, t, &d2);
  if (veh->max_distance_km > 0.0 && d1 + d2 > veh->max_distance_km) return 0;
  if (t > veh->shift_end_s) return 0;
  double cost = 0.0;
  if (p->objective == LM_OBJ_COST)
    cost = veh->cost_fixed + veh->cost_per_km * (d1 + d2) +
           veh->cost_per_hour * (t - veh->shift_start_s) / 3600.0;
  else if (p->objective == LM_OBJ_DISTANCE)
    cost = d1 + d2;
  return st->penalty > cost;
}

/* Stops of m->tours.plan left unserved that a vehicle the plan left idle could serve alone for
 * less than their penalty: a planner error (counted in stops_unserved_idle).
 * O(unserved x idle vehicles). */
static size_t unserved_idle(const lm_model *m, const lm_rproblem *p) {
  size_t n = 0;
  for (size_t u = 0; u < m->tours.plan.n_unserved; u++) {
    const lm_rstop *st = &p->stops[m->tours.plan.unserved[u]];
    if (st->n_windows) continue; /* several windows: not checked here */
    for (size_t v = 0; v < p->n_vehicles; v++)
      if (m->tours.plan.begin[v] == m->tours.plan.begin[v + 1] &&
          fits_alone(p, &p->vehicles[v], st)) {
        n++;
        break;
      }
  }
  return n;
}

/* CPU seconds the calling thread has used (0 when the clock is not available). */
static double thread_cpu_s(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)) return 0.0;
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int lm__tours_solve(lm_model *m, uint32_t day, const lm_rproblem *p, lm_rplan *plan) {
  double t0 = thread_cpu_s();
  int rc = lm_router_solve(m->router, p, plan);
  double cpu = fmax(0.0, thread_cpu_s() - t0);
  if (rc) return rc;
  lm__day_acc *a = &m->acc[day];
  a->plans++;
  a->planned_km += plan->distance_km;
  a->planned_h += plan->duration_s / 3600.0;
  a->planned_stops += (double)(p->n_stops - plan->n_unserved);
  a->solver_iterations += (double)plan->iterations;
  a->solver_s += cpu;
  return 0;
}

static void dispatch(lm_sim *sim, lm_model *m, uint64_t day, size_t wave) {
  double now = lm_sim_now(sim);
  m->stops.n_stops = 0;
  if (lm__tours_build_stops(m, (uint32_t)day, now)) {
    lm__model_fail(m, LM_ENOMEM);
    return;
  }
  m->tours.wave_end_s = (double)day * LM__DAY_S + lm__tours_wave(m, wave).end_s;
  m->tours.wave_arg = day * LM_MAX_WAVES + wave;
  size_t nv = m->fleet.n_vans;
  lm__costs_wave(m, (uint32_t)day);
  for (size_t v = 0; v < nv; v++) {
    m->fleet.vans[v] = (lm__van){.state = LM__V_IDLE,
                                 .next_s = now,
                                 .overtime_from_s = m->tours.wave_end_s,
                                 .kind = m->fleet.vans[v].kind};
    m->fleet.vehicles[v] = lm__fleet_vehicle(m, v, now, m->tours.wave_end_s);
  }
  lm_rproblem prob = lm__tours_problem(m, m->stops.rstop, m->stops.n_stops, m->fleet.plan_travel);
  lm_rplan_clear(&m->tours.plan);
  for (int k = 0; k < LM_VEHICLE_KINDS; k++) m->tours.wave_used[k] = 0.0;
  if (m->stops.n_stops == 0) return;
  if (lm__tours_solve(m, (uint32_t)day, &prob, &m->tours.plan)) {
    lm__model_fail(m, LM_ENOMEM);
    return;
  }
  /* Parcels of unserved stops wait at the depot for another day, returns at home. */
  m->acc[day].stops_unserved += (double)m->tours.plan.n_unserved;
  m->acc[day].stops_unserved_idle += (double)unserved_idle(m, &prob);
  for (size_t u = 0; u < m->tours.plan.n_unserved; u++) {
    for (uint32_t pi = m->stops.stop_head[m->tours.plan.unserved[u]]; pi != UINT32_MAX;
         pi = m->parcels[pi].next)
      if (lm__model_depot_push(m, pi)) {
        lm__model_fail(m, LM_ENOMEM);
        return;
      }
    if (lm__returns_unserved(m, m->tours.plan.unserved[u])) {
      lm__model_fail(m, LM_ENOMEM);
      return;
    }
  }
  for (size_t v = 0; v < nv; v++) {
    lm__van *vn = &m->fleet.vans[v];
    vn->begin = vn->pos = vn->trip_begin = m->tours.plan.begin[v];
    vn->end = m->tours.plan.begin[v + 1];
    if ((int64_t)day == m->routes_day && vn->begin < vn->end &&
        lm__tours_log_route(m, v, wave, vn->begin, m->fleet.base_node[vn->kind], now,
                            m->fleet.plan_travel))
      lm__model_fail(m, LM_ENOMEM);
    if (vn->begin == vn->end) continue;
    m->tours.wave_used[vn->kind]++;
    m->tours.vans_out++;
    lm__tours_depart(m, v, now);
  }
  /* A van that drives several waves is paid for once a day: the day needs as many vans
   * as its busiest wave. */
  for (int k = 0; k < LM_VEHICLE_KINDS; k++)
    if (m->tours.wave_used[k] > m->acc[day].used[k]) m->acc[day].used[k] = m->tours.wave_used[k];
}

static void on_arrive(lm_sim *sim, void *ctx, uint64_t v) {
  lm_model *m = ctx;
  lm__van *vn = &m->fleet.vans[v];
  uint32_t s = m->tours.plan.order[vn->pos];
  double now = lm_sim_now(sim);
  lm__day_acc *a = &m->acc[m->day];
  size_t log_k = m->stops.stop_log[s];
  if (log_k != SIZE_MAX && isnan(m->routes.arrival_s[log_k])) m->routes.arrival_s[log_k] = now;
  if (now < m->stops.rstop[s].open_s) { /* early at a site that is still closed: wait */
    vn->next_s = m->stops.rstop[s].open_s;
    if (lm_sim_schedule(sim, m->stops.rstop[s].open_s, 0, on_arrive, m, v, NULL))
      lm__model_fail(m, LM_ENOMEM);
    return;
  }
  a->stops++; /* one stop however many parcels it has; a closed site counts once it opens */
  if (m->stops.stop_site[s] != LM__HOME) {
    double stored = a->locker_overflow;
    lm__sites_deliver(m, a, m->stops.stop_site[s], m->stops.stop_head[s], now);
    if (log_k != SIZE_MAX) /* all the stop's parcels but those that found it full */
      m->routes.handed_over[log_k] =
          m->stops.rstop[s].parcels - (uint32_t)(a->locker_overflow - stored);
    next_leg(sim, m, v, s, now);
    return;
  }
  int home;
  /* A booked window (a slot, or an instance's window): home stops have none otherwise. */
  if (now <= m->stops.rstop[s].close_s && isfinite(m->stops.rstop[s].close_s))
    home = lm__presence_in_slot(m, m->stops.stop_customer[s], (uint64_t)(now / LM__DAY_S));
  else
    home = home_at_attempt(m, m->stops.stop_customer[s], now);
  if (m->st->eta_notification) a->eta_messages++; /* the customer was told when we come */
  if (m->stops.stop_ret[s] != UINT32_MAX) lm__returns_at_stop(m, v, s, home);
  for (uint32_t pi = m->stops.stop_head[s]; pi != UINT32_MAX; pi = m->parcels[pi].next) {
    lm__parcel *p = &m->parcels[pi];
    p->attempts++;
    p->last_attempt_day = m->day;
    a->attempts++;
    if (p->attempts > 1) a->redeliveries++;
    int outcome = home ? LM__HANDED_HOME : lm__sites_not_home(m, a, pi, now);
    if (p->attempts == 1) {
      a->first_attempts++;
      a->first_successes += outcome == LM__HANDED_HOME || outcome == LM__HANDED_NEIGHBOUR;
    }
    if (outcome != LM__HANDED_HOME && outcome != LM__HANDED_NEIGHBOUR) a->failed++;
    if (outcome != LM__NOT_HANDED && log_k != SIZE_MAX) m->routes.handed_over[log_k]++;
    if (outcome == LM__HANDED_HOME) {
      lm__model_delivered(p, now);
      a->received_home++;
      lm__model_receive(m, a, p, now);
    }
  }
  next_leg(sim, m, v, s, now);
}

/* Drives van v on from stop s (served at `now`): to the next stop, or to the depot when
 * the route ends or its next stops are still to be loaded there. */
static void next_leg(lm_sim *sim, lm_model *m, uint64_t v, uint32_t s, double now) {
  lm__van *vn = &m->fleet.vans[v];
  double service = (m->stops.rstop[s].service_s + m->fleet.service_delta_s[vn->kind]) *
                   (m->bad_weather ? m->sc->traffic.bad_weather_service_factor : 1.0);
  double leave = now + service, d, t;
  if (++vn->pos < vn->end && m->stops.stop_loaded[m->tours.plan.order[vn->pos]]) {
    t = lm__fleet_drive(m, v, m->stops.rstop[s].node,
                        m->stops.rstop[m->tours.plan.order[vn->pos]].node, leave, &d);
    vn->km += d;
    vn->next_s = leave + t;
    if (lm_sim_schedule(sim, leave + t, 0, on_arrive, m, v, NULL)) lm__model_fail(m, LM_ENOMEM);
  } else {
    t = lm__fleet_drive(m, v, m->stops.rstop[s].node, m->fleet.base_node[vn->kind], leave, &d);
    vn->km += d;
    vn->state = LM__V_TO_DEPOT;
    vn->next_s = leave + t;
    if (lm_sim_schedule(sim, leave + t, 0, on_return, m, v, NULL)) lm__model_fail(m, LM_ENOMEM);
  }
}

static void on_return(lm_sim *sim, void *ctx, uint64_t v) {
  lm_model *m = ctx;
  lm__van *vn = &m->fleet.vans[v];
  double now = lm_sim_now(sim);
  lm__day_acc *a = &m->acc[m->day];
  a->km[vn->kind] += vn->km;
  a->hours[vn->kind] += (now - vn->depart_s) / 3600.0;
  a->overtime_h[vn->kind] += fmax(0.0, now - vn->overtime_from_s) / 3600.0;
  lm__fleet_back(m, v, now, vn->km);
  lm__costs_back(m, v, now);
  for (size_t i = vn->trip_begin; i < vn->pos; i++) {
    if (m->stops.stop_ret[m->tours.plan.order[i]] != UINT32_MAX)
      lm__returns_unload(m, v, m->tours.plan.order[i], a);
    for (uint32_t pi = m->stops.stop_head[m->tours.plan.order[i]]; pi != UINT32_MAX;
         pi = m->parcels[pi].next) {
      lm__parcel *p = &m->parcels[pi];
      if (p->state == LM__P_BOUNCED) { /* to another locker, or home, on another day */
        p->state = LM__P_AT_DEPOT;
        if (lm__model_depot_push(m, pi)) lm__model_fail(m, LM_ENOMEM);
        continue;
      }
      if (p->state != LM__P_FAILED_IN_VAN) continue;
      if (p->attempts >= m->st->max_attempts) {
        p->state = LM__P_RETURNED;
        p->resolved_s = lm_sim_now(sim);
        m->unresolved--;
        a->returned++;
        a->resolved++;
      } else {
        p->state = LM__P_AT_DEPOT;
        if (lm__model_depot_push(m, pi)) lm__model_fail(m, LM_ENOMEM);
      }
    }
  }
  if (vn->pos < vn->end) { /* a re-plan gave it more stops: load them and go again */
    double depart = now + m->sc->depot.loading_time_s;
    vn->overtime_from_s = fmax(m->tours.wave_end_s, depart);
    lm__tours_depart(m, v, depart);
    return;
  }
  vn->state = LM__V_IDLE;
  vn->next_s = now;
  vn->trip_begin = vn->pos; /* its trips of this wave are done with */
  if (--m->tours.vans_out == 0 &&
      m->tours.dispatch_waiting) { /* the next wave was waiting for us */
    m->tours.dispatch_waiting = 0;
    dispatch(sim, m, m->tours.waiting_arg / LM_MAX_WAVES, m->tours.waiting_arg % LM_MAX_WAVES);
  }
}

void lm__tours_free(lm_model *m) { lm_rplan_clear(&m->tours.plan); }

void lm__tours_reset(lm_model *m) {
  m->tours.vans_out = 0;
  m->tours.dispatch_waiting = 0;
}
