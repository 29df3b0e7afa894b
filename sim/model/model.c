/* model.c — the delivery days of the first model, as events.
 *
 * Each day d has four kinds of events:
 *   - day start (00:00): the day's orders arrive, a Poisson count, each for a customer
 *     drawn uniformly, with a size class, a declared value and an order time; they are
 *     promised for the next day and wait at the depot;
 *   - dispatch (shift start + loading time): the parcels at the depot that are due are
 *     grouped into one stop per customer and planned through the routing core; the
 *     vans leave; stops no van can take wait for tomorrow;
 *   - arrival of a van at a stop: if somebody is home in that hour every parcel of the
 *     stop is received; otherwise each is a failed attempt and, as the strategy says,
 *     rides back or is left at the door;
 *   - door resolution, locker collection and locker expiry (sites.c);
 * Parcels go home or, as the customer's choice and the strategy say, to a locker or a
 * pickup point: a site is one stop however many parcels it takes.
 *   - van return: failed parcels go back to the depot for another day, or are returned
 *     to the sender once they have used the strategy's attempts.
 * A day is closed (its KPIs taken) just before the next one starts.
 *
 * Common random numbers: customers and orders come from their own streams, consumed
 * the same way whatever the strategy; presence at home is a counter-based draw keyed
 * by (customer, day, hour), so a customer is home at 10:00 on day 3 in every strategy;
 * the theft draw of a door drop is keyed by (parcel, attempt) the same way.
 *
 * Conservation: created = received + stolen + returned + pending is checked at the
 * end; a breach is a bug and ends the run with LM_ECONSERVATION.
 */
#include "lastmile/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal.h"

/* ---- small helpers ------------------------------------------------------------------ */

int lm__model_grow(void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return 0;
  size_t cap2 = *cap ? *cap : 64;
  while (cap2 < need) cap2 *= 2;
  void *q = realloc(*p, cap2 * elem);
  if (!q) return LM_ENOMEM;
  *p = q;
  *cap = cap2;
  return 0;
}

uint64_t lm__model_mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double lm__model_uniform(uint64_t key, uint64_t a, uint64_t b) {
  uint64_t h = lm__model_mix(key ^ lm__model_mix(a * 0x9e3779b97f4a7c15ULL + b));
  return ((double)(h >> 11) + 0.5) * 0x1.0p-53;
}

/* A uniform keyed by (replication, customer, absolute hour), compared with the hour's
 * presence probability: the same answer in every strategy. */
int lm__model_at_home(const lm_model *m, uint32_t c, double t_s) {
  uint64_t hour_abs = (uint64_t)(t_s / 3600.0);
  return lm__model_uniform(m->presence_key, c, hour_abs) <
         m->sc->customers.presence_by_hour[hour_abs % 24];
}

static double road_km(const lm_model *m, uint32_t from, uint32_t to) {
  double dx = m->node_x[from] - m->node_x[to], dy = m->node_y[from] - m->node_y[to];
  return 0.5 * (m->node_circ[from] + m->node_circ[to]) * sqrt(dx * dx + dy * dy);
}

/* The planner's travel time: the expected one, at the destination zone's mean speed over
 * the shift (static, so the routing core can use its fast path). */
static double travel(void *ud, uint32_t from, uint32_t to, double depart_s, double *dist_km) {
  (void)depart_s;
  const lm_model *m = ud;
  double d = road_km(m, from, to);
  *dist_km = d;
  return d / m->sc->van.speed_kmh * 3600.0 * m->plan_time_factor[m->node_zone[to]];
}

/* The time a van really takes: the destination zone's hourly speeds, today's day factor
 * and weather, the zone's incidents, and the trip's own noise. */
static double drive(lm_model *m, uint32_t from, uint32_t to, double depart_s, double *dist_km) {
  static const double flat[LM_HOURS] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  const lm_scenario *sc = m->sc;
  const lm_traffic *tr = &sc->traffic;
  int16_t z = m->node_zone[to];
  double d = road_km(m, from, to);
  *dist_km = d;
  lm_slowdown slow[MAX_INCIDENTS];
  size_t n_slow = 0;
  for (size_t i = 0; i < m->n_incidents; i++)
    if (m->incident_zone[i] == z) slow[n_slow++] = m->incidents[i];
  double speed =
      sc->van.speed_kmh * m->day_speed[z] * (m->bad_weather ? tr->bad_weather_speed_factor : 1.0);
  const double *f = (size_t)z < sc->n_zones ? sc->zones[z].speed_factor_by_hour : flat;
  double t = lm_traffic_drive_s(f, speed, slow, n_slow, d, depart_s);
  return t * lm_rng_lognormal1(m->rng_trips, tr->trip_noise_cv);
}

/* The zone a point lies in (the first that holds it), or n_zones for none. */
static int16_t zone_of(const lm_scenario *sc, double x, double y) {
  for (size_t z = 0; z < sc->n_zones; z++) {
    const lm_zone *zn = &sc->zones[z];
    if (x >= zn->x_min_km && x <= zn->x_max_km && y >= zn->y_min_km && y <= zn->y_max_km)
      return (int16_t)z;
  }
  return (int16_t)sc->n_zones;
}

/* Today's weather, day-to-day speed factors and incidents, from their own streams. */
static void draw_day_traffic(lm_model *m, uint32_t day) {
  const lm_scenario *sc = m->sc;
  const lm_traffic *tr = &sc->traffic;
  m->bad_weather = lm_rng_uniform(m->rng_incidents) < tr->bad_weather_probability;
  for (size_t z = 0; z < sc->n_zones; z++)
    m->day_speed[z] = lm_rng_lognormal1(m->rng_traffic, tr->day_noise_cv);
  m->day_speed[sc->n_zones] = 1.0;
  unsigned n = lm_rng_poisson(m->rng_incidents, tr->incidents_per_day);
  m->n_incidents = 0;
  for (unsigned i = 0; i < n; i++) {
    uint32_t z = lm_rng_below(m->rng_incidents, (uint32_t)sc->n_zones);
    double start = ((double)day + lm_rng_uniform(m->rng_incidents)) * DAY_S;
    double len = lm_rng_exponential(m->rng_incidents, tr->incident_duration_mean_h * 3600.0);
    if (m->n_incidents == MAX_INCIDENTS) continue; /* still drawn: streams stay aligned */
    m->incident_zone[m->n_incidents] = (int16_t)z;
    m->incidents[m->n_incidents++] = (lm_slowdown){start, start + len, tr->incident_speed_factor};
  }
}

void lm__model_fail(lm_model *m, int code) {
  m->failed = code;
  lm_sim_fail(m->sim, code);
}

/* ---- customers and orders ------------------------------------------------------------ */

static int make_customers(lm_model *m) {
  const lm_scenario *sc = m->sc;
  size_t n = lm_scenario_customer_count(sc), k = 0;
  m->n_cust = n;
  m->cx = malloc(n * sizeof *m->cx);
  m->cy = malloc(n * sizeof *m->cy);
  m->ccirc = malloc(n * sizeof *m->ccirc);
  m->stop_of_cust = malloc(n * sizeof *m->stop_of_cust);
  m->czone = malloc(n * sizeof *m->czone);
  if (!m->cx || !m->cy || !m->ccirc || !m->stop_of_cust || !m->czone) return LM_ENOMEM;
  for (size_t z = 0; z < sc->n_zones && !sc->file_x_km; z++) {
    const lm_zone *zn = &sc->zones[z];
    double area = (zn->x_max_km - zn->x_min_km) * (zn->y_max_km - zn->y_min_km);
    size_t count = (size_t)llround(zn->density_per_km2 * area);
    double circ = zn->circuity > 0.0 ? zn->circuity : sc->circuity;
    for (size_t i = 0; i < count && k < n; i++, k++) {
      m->cx[k] = zn->x_min_km + (zn->x_max_km - zn->x_min_km) * lm_rng_uniform(m->rng_customers);
      m->cy[k] = zn->y_min_km + (zn->y_max_km - zn->y_min_km) * lm_rng_uniform(m->rng_customers);
      m->ccirc[k] = circ;
      m->czone[k] = (uint16_t)z;
    }
  }
  if (sc->file_x_km) { /* customers from a file: their zone is where they lie */
    for (k = 0; k < n; k++) {
      m->cx[k] = sc->file_x_km[k];
      m->cy[k] = sc->file_y_km[k];
      int16_t z = zone_of(sc, m->cx[k], m->cy[k]);
      m->czone[k] = (uint16_t)z;
      m->ccirc[k] = (size_t)z < sc->n_zones ? sc->zones[z].circuity : sc->circuity;
    }
  }
  m->n_cust = k;
  for (size_t i = 0; i < k; i++) m->stop_of_cust[i] = UINT32_MAX;
  return lm__sites_customers(m);
}

int lm__model_depot_push(lm_model *m, uint32_t p) {
  if (lm__model_grow((void **)&m->depot, &m->cap_depot, m->n_depot + 1, sizeof *m->depot))
    return LM_ENOMEM;
  m->depot[m->n_depot++] = p;
  return 0;
}

static void on_day_start(lm_sim *sim, void *ctx, uint64_t day) {
  lm_model *m = ctx;
  const lm_demand *dm = &m->sc->demand;
  m->day = (uint32_t)day;
  draw_day_traffic(m, (uint32_t)day);
  unsigned count = lm_rng_poisson(
      m->rng_demand, dm->parcels_per_day * lm_scenario_demand_factor(m->sc, (uint32_t)day));
  if (lm__model_grow((void **)&m->parcels, &m->cap_parcels, m->n_parcels + count,
                     sizeof *m->parcels)) {
    lm__model_fail(m, LM_ENOMEM);
    return;
  }
  double shares[LM_MAX_SIZES];
  for (size_t i = 0; i < dm->n_sizes; i++) shares[i] = dm->sizes[i].share;
  double hour_p[LM_HOURS], hour_total = 0.0;
  for (int h = 0; h < LM_HOURS; h++) hour_total += dm->order_hour_weight[h];
  for (int h = 0; h < LM_HOURS; h++) hour_p[h] = dm->order_hour_weight[h] / hour_total;
  for (unsigned i = 0; i < count; i++) {
    parcel *p = &m->parcels[m->n_parcels];
    memset(p, 0, sizeof *p);
    p->customer = lm_rng_below(m->rng_demand, (uint32_t)m->n_cust);
    p->day_created = (uint32_t)day;
    p->size = (uint8_t)lm_rng_discrete(m->rng_demand, shares, dm->n_sizes);
    size_t hour = lm_rng_discrete(m->rng_demand, hour_p, LM_HOURS);
    p->order_s = lm_sim_now(sim) + 3600.0 * ((double)hour + lm_rng_uniform(m->rng_demand));
    p->value_eur = lm_rng_exponential(m->rng_demand, dm->value_mean_eur);
    p->state = P_AT_DEPOT;
    p->dest = lm__sites_destination(m, p->customer);
    p->compartment = -1;
    p->resolved_s = NAN;
    p->placed_s = NAN;
    if (lm__model_depot_push(m, (uint32_t)m->n_parcels)) {
      lm__model_fail(m, LM_ENOMEM);
      return;
    }
    m->n_parcels++;
  }
  m->unresolved += count;
  m->acc[day].created += count;
}

/* ---- dispatch and tours ---------------------------------------------------------------- */

static void on_arrive(lm_sim *sim, void *ctx, uint64_t v);
static void next_leg(lm_sim *sim, lm_model *m, uint64_t v, uint32_t s, double now);
static void on_return(lm_sim *sim, void *ctx, uint64_t v);

/* Makes room for `need` stops and their nodes (one more: node 0 is the depot). */
static int ensure_stops(lm_model *m, size_t need) {
  if (need <= m->cap_stops) return 0;
  size_t cap = m->cap_stops ? 2 * m->cap_stops : 256;
  while (cap < need) cap *= 2;
  void *p;
#define LM_REGROW(field, count)                                                                    \
  if (!(p = realloc(m->field, (count) * sizeof *m->field))) return LM_ENOMEM;                      \
  m->field = p;
  LM_REGROW(stops, cap)
  LM_REGROW(stop_customer, cap)
  LM_REGROW(stop_head, cap)
  LM_REGROW(stop_site, cap)
  LM_REGROW(node_x, cap + 1)
  LM_REGROW(node_y, cap + 1)
  LM_REGROW(node_circ, cap + 1)
  LM_REGROW(node_zone, cap + 1)
#undef LM_REGROW
  m->cap_stops = cap;
  return 0;
}

/* The slot customer c booked for day `day`: drawn uniformly among the slots that fit in
 * the day's waves (the booking is keyed by customer and day, so every strategy with the
 * same slots sees the same booking). */
static void book_slot(const lm_model *m, lm_rstop *stop, uint32_t c, uint32_t day) {
  double len = m->st->slot_h * 3600.0, starts[64];
  size_t n = 0;
  size_t waves = m->st->n_waves ? m->st->n_waves : 1;
  for (size_t w = 0; w < waves; w++) {
    lm_wave wv = m->st->n_waves ? m->st->waves[w]
                                : (lm_wave){m->sc->van.shift_start_s, m->sc->van.shift_end_s};
    double first = wv.start_s + m->sc->depot.loading_time_s;
    for (double t = first; t + len <= wv.end_s + 1e-9 && n < 64; t += len) starts[n++] = t;
  }
  if (n == 0) return; /* no slot fits: an unbooked delivery */
  double u = lm__model_uniform(m->presence_key ^ 0x51075107ULL, c, day);
  double start = (double)day * DAY_S + starts[(size_t)(u * (double)n)];
  stop->open_s = start;
  stop->close_s = start + len;
}

/* Groups the due parcels at the depot into stops, one per customer. */
static int build_stops(lm_model *m, uint32_t day) {
  m->n_stops = 0;
  size_t keep = 0;
  for (size_t i = 0; i < m->n_depot; i++) {
    uint32_t pi = m->depot[i];
    parcel *p = &m->parcels[pi];
    if (p->day_created >= day) { /* promised for tomorrow: not yet due */
      m->depot[keep++] = pi;
      continue;
    }
    uint32_t *slot = p->dest == HOME ? &m->stop_of_cust[p->customer] : &m->stop_of_site[p->dest];
    uint32_t s = *slot;
    if (s == UINT32_MAX) {
      if (ensure_stops(m, m->n_stops + 1)) return LM_ENOMEM;
      s = (uint32_t)m->n_stops++;
      *slot = s;
      m->stop_customer[s] = p->customer;
      m->stop_site[s] = p->dest;
      m->stop_head[s] = UINT32_MAX;
      m->stops[s] = (lm_rstop){.node = s + 1,
                               .service_s = m->sc->van.service_time_s,
                               .open_s = 0.0,
                               .close_s = INFINITY,
                               .penalty = m->st->unserved_penalty_eur};
      if (p->dest == HOME) {
        m->node_x[s + 1] = m->cx[p->customer];
        m->node_y[s + 1] = m->cy[p->customer];
        m->node_circ[s + 1] = m->ccirc[p->customer];
        m->node_zone[s + 1] = (int16_t)m->czone[p->customer];
        if (m->st->slot_h > 0.0) book_slot(m, &m->stops[s], p->customer, day);
      } else {
        const lm_locker *lk = &m->sc->lockers[p->dest];
        m->node_x[s + 1] = lk->x_km;
        m->node_y[s + 1] = lk->y_km;
        m->node_circ[s + 1] = m->sc->circuity;
        m->node_zone[s + 1] = m->site_zone[p->dest];
        m->stops[s].open_s = (double)day * DAY_S + lk->opens_s;
        m->stops[s].close_s = (double)day * DAY_S + lk->closes_s;
      }
    }
    if (p->dest != HOME) m->stops[s].service_s += m->sc->lockers[p->dest].service_per_parcel_s;
    m->stops[s].parcels++;
    m->stops[s].volume_l += m->sc->demand.sizes[p->size].volume_l;
    p->next = m->stop_head[s];
    m->stop_head[s] = pi;
  }
  m->n_depot = keep;
  for (size_t s = 0; s < m->n_stops; s++) {
    if (m->stop_site[s] == HOME)
      m->stop_of_cust[m->stop_customer[s]] = UINT32_MAX;
    else
      m->stop_of_site[m->stop_site[s]] = UINT32_MAX;
  }
  return 0;
}

/* The waves of the current strategy: its own, or one wave over the van shift. */
static lm_wave wave_of(const lm_model *m, size_t w) {
  if (m->st->n_waves) return m->st->waves[w];
  return (lm_wave){m->sc->van.shift_start_s, m->sc->van.shift_end_s};
}

static void dispatch(lm_sim *sim, lm_model *m, uint64_t day, size_t wave);

/* A wave's loading is done. If vans of the previous wave are still out (late), the wave
 * leaves when the last of them is back. */
static void on_dispatch(lm_sim *sim, void *ctx, uint64_t arg) {
  lm_model *m = ctx;
  if (m->vans_out > 0) {
    m->dispatch_waiting = 1;
    m->waiting_arg = arg;
    return;
  }
  dispatch(sim, m, arg / LM_MAX_WAVES, arg % LM_MAX_WAVES);
}

/* Appends van v's planned tour to the route log: the expected arrival at each stop,
 * walked with the planner's own travel times. */
static int log_plan(lm_model *m, van *vn, size_t v, size_t wave, double now) {
  lm_route_log *lg = &m->routes;
  size_t need = lg->n + (vn->end - vn->begin);
  if (need > m->routes_cap) {
    size_t cap = m->routes_cap ? 2 * m->routes_cap : 256;
    while (cap < need) cap *= 2;
    void *p;
#define LM_REGROW(field)                                                                           \
  if (!(p = realloc(lg->field, cap * sizeof *lg->field))) return LM_ENOMEM;                        \
  lg->field = p;
    LM_REGROW(van)
    LM_REGROW(wave)
    LM_REGROW(sequence)
    LM_REGROW(x_km)
    LM_REGROW(y_km)
    LM_REGROW(planned_s)
    LM_REGROW(arrival_s)
    LM_REGROW(parcels)
    LM_REGROW(handed_over)
    LM_REGROW(site)
#undef LM_REGROW
    m->routes_cap = cap;
  }
  vn->log_first = lg->n;
  double t = now, d;
  uint32_t at = 0;
  for (size_t i = vn->begin; i < vn->end; i++) {
    const lm_rstop *st = &m->stops[m->plan.order[i]];
    t += travel(m, at, st->node, t, &d);
    if (t < st->open_s) t = st->open_s;
    size_t k = lg->n++;
    lg->van[k] = (uint32_t)v;
    lg->wave[k] = (uint32_t)wave;
    lg->sequence[k] = (uint32_t)(i - vn->begin);
    lg->x_km[k] = m->node_x[st->node];
    lg->y_km[k] = m->node_y[st->node];
    lg->planned_s[k] = t;
    lg->arrival_s[k] = NAN;
    lg->parcels[k] = st->parcels;
    lg->handed_over[k] = 0;
    lg->site[k] = m->stop_site[m->plan.order[i]];
    t += st->service_s;
    at = st->node;
  }
  return 0;
}

static void dispatch(lm_sim *sim, lm_model *m, uint64_t day, size_t wave) {
  const lm_vehicle_type *vt = &m->sc->van;
  if (build_stops(m, (uint32_t)day)) {
    lm__model_fail(m, LM_ENOMEM);
    return;
  }
  double now = lm_sim_now(sim);
  m->wave_end_s = (double)day * DAY_S + wave_of(m, wave).end_s;
  size_t nv = m->st->vans ? m->st->vans : vt->count;
  for (size_t v = 0; v < nv; v++)
    m->vehicles[v] = (lm_rvehicle){.start_node = 0,
                                   .end_node = 0,
                                   .capacity_parcels = vt->capacity_parcels,
                                   .capacity_volume_l = vt->capacity_volume_l,
                                   .shift_start_s = now,
                                   .shift_end_s = m->wave_end_s,
                                   .cost_fixed = vt->cost_fixed_eur,
                                   .cost_per_km = vt->cost_per_km_eur,
                                   .cost_per_hour = vt->cost_per_hour_eur};
  lm_rproblem prob = {.stops = m->stops,
                      .n_stops = m->n_stops,
                      .vehicles = m->vehicles,
                      .n_vehicles = nv,
                      .travel = travel,
                      .travel_ud = m,
                      .static_travel = 1,
                      .node_x = m->node_x,
                      .node_y = m->node_y,
                      .n_nodes = m->n_stops + 1,
                      .objective = (lm_route_objective)m->st->objective};
  lm_rplan_clear(&m->plan);
  if (m->n_stops == 0) return;
  if (lm_router_solve(m->router, &prob, &m->plan)) {
    lm__model_fail(m, LM_ENOMEM);
    return;
  }
  /* Parcels of unserved stops wait at the depot for another day. */
  for (size_t u = 0; u < m->plan.n_unserved; u++)
    for (uint32_t pi = m->stop_head[m->plan.unserved[u]]; pi != UINT32_MAX;
         pi = m->parcels[pi].next)
      if (lm__model_depot_push(m, pi)) {
        lm__model_fail(m, LM_ENOMEM);
        return;
      }
  double used = 0.0;
  for (size_t v = 0; v < nv; v++) {
    van *vn = &m->vans[v];
    *vn = (van){m->plan.begin[v], m->plan.begin[v + 1], m->plan.begin[v], now, 0.0, SIZE_MAX};
    if ((int64_t)day == m->routes_day && vn->begin < vn->end && log_plan(m, vn, v, wave, now))
      lm__model_fail(m, LM_ENOMEM);
    if (vn->begin == vn->end) continue;
    used++;
    m->vans_out++;
    for (size_t i = vn->begin; i < vn->end; i++)
      for (uint32_t pi = m->stop_head[m->plan.order[i]]; pi != UINT32_MAX; pi = m->parcels[pi].next)
        m->parcels[pi].state = P_IN_VAN;
    double d;
    double t = drive(m, 0, m->stops[m->plan.order[vn->begin]].node, now, &d);
    vn->km += d;
    if (lm_sim_schedule(sim, now + t, 0, on_arrive, m, v, NULL)) lm__model_fail(m, LM_ENOMEM);
  }
  /* A van that drives several waves is paid for once a day: the day needs as many vans
   * as its busiest wave. */
  if (used > m->acc[day].vans_used) m->acc[day].vans_used = used;
}

day_acc *lm__model_acc_at(lm_model *m, double t_s) {
  uint32_t d = (uint32_t)(t_s / DAY_S);
  return &m->acc[d < m->sc->days ? d : m->sc->days - 1];
}

void lm__model_receive(lm_model *m, day_acc *a, parcel *p, double now) {
  p->state = P_RECEIVED;
  p->resolved_s = now;
  m->unresolved--;
  double deadline = ((double)p->day_created + 2.0) * DAY_S;
  a->received++;
  a->resolved++;
  if (p->attempts <= 1) a->received_first++;
  if (now <= deadline) a->on_time++;
  a->lateness_sum_s += fmax(0.0, now - deadline);
  a->order_to_receipt_sum_h += (now - p->order_s) / 3600.0;
}

static void on_arrive(lm_sim *sim, void *ctx, uint64_t v) {
  lm_model *m = ctx;
  van *vn = &m->vans[v];
  uint32_t s = m->plan.order[vn->pos];
  double now = lm_sim_now(sim);
  day_acc *a = &m->acc[m->day];
  size_t log_k = vn->log_first == SIZE_MAX ? SIZE_MAX : vn->log_first + (vn->pos - vn->begin);
  if (log_k != SIZE_MAX && isnan(m->routes.arrival_s[log_k])) m->routes.arrival_s[log_k] = now;
  if (now < m->stops[s].open_s) { /* early at a site that is still closed: wait */
    if (lm_sim_schedule(sim, m->stops[s].open_s, 0, on_arrive, m, v, NULL))
      lm__model_fail(m, LM_ENOMEM);
    return;
  }
  if (m->stop_site[s] != HOME) {
    double stored = a->locker_overflow;
    lm__sites_deliver(m, a, m->stop_site[s], m->stop_head[s], now);
    if (log_k != SIZE_MAX) /* all the stop's parcels but those that found it full */
      m->routes.handed_over[log_k] = m->stops[s].parcels - (uint32_t)(a->locker_overflow - stored);
    next_leg(sim, m, v, s, now);
    return;
  }
  int home;
  if (m->st->slot_h > 0.0 && now <= m->stops[s].close_s && isfinite(m->stops[s].close_s))
    home = lm__model_uniform(m->presence_key ^ 0xb00cedULL, m->stop_customer[s], m->day) <
           m->sc->customers.presence_in_slot;
  else
    home = lm__model_at_home(m, m->stop_customer[s], now);
  for (uint32_t pi = m->stop_head[s]; pi != UINT32_MAX; pi = m->parcels[pi].next) {
    parcel *p = &m->parcels[pi];
    p->attempts++;
    a->attempts++;
    if (p->attempts > 1) a->redeliveries++;
    if (home) {
      lm__model_receive(m, a, p, now);
      if (log_k != SIZE_MAX) m->routes.handed_over[log_k]++;
      continue;
    }
    a->failed++;
    if (m->st->not_home == LM_NOT_HOME_LEAVE_AT_DOOR) {
      lm__sites_leave_at_door(m, a, pi, now);
      if (log_k != SIZE_MAX) m->routes.handed_over[log_k]++;
    } else if (!lm__sites_redirect(m, pi)) {
      p->state = P_FAILED_IN_VAN;
    }
  }
  next_leg(sim, m, v, s, now);
}

/* Drives van v on from stop s (served at `now`): to the next stop, or home. */
static void next_leg(lm_sim *sim, lm_model *m, uint64_t v, uint32_t s, double now) {
  van *vn = &m->vans[v];
  double service =
      m->stops[s].service_s * (m->bad_weather ? m->sc->traffic.bad_weather_service_factor : 1.0);
  double leave = now + service, d, t;
  if (++vn->pos < vn->end) {
    t = drive(m, m->stops[s].node, m->stops[m->plan.order[vn->pos]].node, leave, &d);
    vn->km += d;
    if (lm_sim_schedule(sim, leave + t, 0, on_arrive, m, v, NULL)) lm__model_fail(m, LM_ENOMEM);
  } else {
    t = drive(m, m->stops[s].node, 0, leave, &d);
    vn->km += d;
    if (lm_sim_schedule(sim, leave + t, 0, on_return, m, v, NULL)) lm__model_fail(m, LM_ENOMEM);
  }
}

static void on_return(lm_sim *sim, void *ctx, uint64_t v) {
  lm_model *m = ctx;
  van *vn = &m->vans[v];
  double now = lm_sim_now(sim);
  day_acc *a = &m->acc[m->day];
  a->van_km += vn->km;
  a->van_h += (now - vn->depart_s) / 3600.0;
  a->overtime_h += fmax(0.0, now - m->wave_end_s) / 3600.0;
  for (size_t i = vn->begin; i < vn->end; i++) {
    for (uint32_t pi = m->stop_head[m->plan.order[i]]; pi != UINT32_MAX; pi = m->parcels[pi].next) {
      parcel *p = &m->parcels[pi];
      if (p->state == P_BOUNCED) { /* to another locker, or home, on another day */
        p->state = P_AT_DEPOT;
        if (lm__model_depot_push(m, pi)) lm__model_fail(m, LM_ENOMEM);
        continue;
      }
      if (p->state != P_FAILED_IN_VAN) continue;
      if (p->attempts >= m->st->max_attempts) {
        p->state = P_RETURNED;
        p->resolved_s = lm_sim_now(sim);
        m->unresolved--;
        a->returned++;
        a->resolved++;
      } else {
        p->state = P_AT_DEPOT;
        if (lm__model_depot_push(m, pi)) lm__model_fail(m, LM_ENOMEM);
      }
    }
  }
  if (--m->vans_out == 0 && m->dispatch_waiting) { /* the next wave was waiting for us */
    m->dispatch_waiting = 0;
    dispatch(sim, m, m->waiting_arg / LM_MAX_WAVES, m->waiting_arg % LM_MAX_WAVES);
  }
}

/* ---- days and KPIs ---------------------------------------------------------------------- */

static void on_close_day(lm_sim *sim, void *ctx, uint64_t day) {
  lm_model *m = ctx;
  m->acc[day].pending_end = (double)m->unresolved;
  lm__sites_close_day(m, (uint32_t)day, lm_sim_now(sim));
}

/* Turns accumulated totals into KPIs (the same formulas for a day and a replication). */
static void kpis_from(const lm_model *m, const day_acc *a, double days, double *k) {
  const lm_vehicle_type *vt = &m->sc->van;
  for (int i = 0; i < LM_KPI_COUNT; i++) k[i] = 0.0;
  k[LM_KPI_PARCELS_CREATED] = a->created;
  k[LM_KPI_RECEIVED] = a->received;
  k[LM_KPI_RECEIVED_FIRST_ATTEMPT] = a->received_first;
  k[LM_KPI_RECEIVED_HOME] =
      a->received - a->received_door - a->received_locker - a->received_pickup;
  k[LM_KPI_RECEIVED_LOCKER] = a->received_locker;
  k[LM_KPI_RECEIVED_PICKUP_POINT] = a->received_pickup;
  k[LM_KPI_LOCKER_OVERFLOW] = a->locker_overflow;
  k[LM_KPI_LOCKER_UTILIZATION] =
      a->locker_capacity_s > 0 ? a->locker_occupied_s / a->locker_capacity_s : 0.0;
  k[LM_KPI_RECEIVED_DOOR] = a->received_door;
  k[LM_KPI_STOLEN] = a->stolen;
  k[LM_KPI_STOLEN_VALUE] = a->stolen_value;
  k[LM_KPI_ATTEMPTS] = a->attempts;
  k[LM_KPI_FAILED_ATTEMPTS] = a->failed;
  k[LM_KPI_REDELIVERIES] = a->redeliveries;
  k[LM_KPI_RETURNED] = a->returned;
  k[LM_KPI_PENDING_AT_END] = a->pending_end;
  k[LM_KPI_ON_TIME_RATE] = a->resolved > 0 ? a->on_time / a->resolved : NAN;
  k[LM_KPI_MEAN_LATENESS_S] = a->received > 0 ? a->lateness_sum_s / a->received : NAN;
  k[LM_KPI_VAN_KM] = a->van_km;
  k[LM_KPI_VAN_HOURS] = a->van_h;
  k[LM_KPI_OVERTIME_HOURS] = a->overtime_h;
  k[LM_KPI_VANS_USED] = days > 0 ? a->vans_used / days : NAN;
  double cost = a->vans_used * vt->cost_fixed_eur + a->van_km * vt->cost_per_km_eur +
                (a->van_h - a->overtime_h) * vt->cost_per_hour_eur +
                a->overtime_h * vt->overtime_cost_per_hour_eur +
                a->stolen_value * (1.0 - m->sc->theft.insured_share) +
                a->left_at_door * m->sc->theft.premium_eur;
  double co2_g = a->van_km * vt->co2_g_per_km;
  k[LM_KPI_COST_TOTAL] = cost;
  k[LM_KPI_COST_PER_PARCEL] = a->received > 0 ? cost / a->received : NAN;
  k[LM_KPI_CO2_KG] = co2_g / 1000.0;
  k[LM_KPI_CO2_G_PER_PARCEL] = a->received > 0 ? co2_g / a->received : NAN;
  k[LM_KPI_MEAN_ORDER_TO_RECEIPT_H] =
      a->received > 0 ? a->order_to_receipt_sum_h / a->received : NAN;
}

static int check_conservation(lm_model *m, lm_diag *diag) {
  size_t created = m->n_parcels, received = 0, stolen = 0, returned = 0, pending = 0;
  double acc_created = 0, acc_received = 0, acc_stolen = 0, acc_returned = 0;
  for (size_t i = 0; i < m->n_parcels; i++) {
    uint8_t st = m->parcels[i].state;
    received += st == P_RECEIVED;
    stolen += st == P_STOLEN;
    returned += st == P_RETURNED;
    pending += st == P_AT_DEPOT || st == P_IN_VAN || st == P_FAILED_IN_VAN || st == P_BOUNCED ||
               st == P_AT_DOOR || st == P_IN_LOCKER;
  }
  for (uint32_t d = 0; d < m->sc->days; d++) {
    acc_created += m->acc[d].created;
    acc_received += m->acc[d].received;
    acc_stolen += m->acc[d].stolen;
    acc_returned += m->acc[d].returned;
  }
  if (created != received + stolen + returned + pending || (double)created != acc_created ||
      (double)received != acc_received || (double)stolen != acc_stolen ||
      (double)returned != acc_returned || pending != m->unresolved) {
    lm_diag_error(diag, NULL, 0, 0,
                  "parcel conservation broken in strategy '%s': created %zu, received %zu, "
                  "stolen %zu, returned %zu, pending %zu (counted %.0f created, %.0f "
                  "received, %.0f stolen, %.0f returned, %zu unresolved)",
                  m->st->name, created, received, stolen, returned, pending, acc_created,
                  acc_received, acc_stolen, acc_returned, m->unresolved);
    return LM_ECONSERVATION;
  }
  return 0;
}

/* ---- public ------------------------------------------------------------------------------ */

lm_model *lm_model_create(const lm_scenario *sc) {
  lm_model *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->sc = sc;
  m->routes_day = -1;
  uint32_t max_vans = sc->van.count;
  m->sim = lm_sim_create(64);
  m->rng_customers = lm_rng_create(0, 0, LM_STREAM_CUSTOMERS);
  m->rng_demand = lm_rng_create(0, 0, LM_STREAM_DEMAND);
  m->router = lm_router_create(&(lm_router_opts){0});
  m->vehicles = calloc(max_vans, sizeof *m->vehicles);
  m->vans = calloc(max_vans, sizeof *m->vans);
  m->acc = calloc(sc->days, sizeof *m->acc);
  m->banks = calloc(sc->n_lockers ? sc->n_lockers : 1, sizeof *m->banks);
  m->stop_of_site = malloc((sc->n_lockers ? sc->n_lockers : 1) * sizeof *m->stop_of_site);
  m->site_zone = malloc((sc->n_lockers ? sc->n_lockers : 1) * sizeof *m->site_zone);
  m->plan_time_factor = malloc((sc->n_zones + 1) * sizeof *m->plan_time_factor);
  m->day_speed = malloc((sc->n_zones + 1) * sizeof *m->day_speed);
  m->rng_traffic = lm_rng_create(0, 0, LM_STREAM_TRAFFIC);
  m->rng_incidents = lm_rng_create(0, 0, LM_STREAM_INCIDENTS);
  m->rng_trips = lm_rng_create(0, 0, LM_STREAM_TRIPS);
  if (!m->sim || !m->rng_customers || !m->rng_demand || !m->router || !m->vehicles || !m->vans ||
      !m->acc || !m->banks || !m->stop_of_site || !m->site_zone || !m->plan_time_factor ||
      !m->day_speed || !m->rng_traffic || !m->rng_incidents || !m->rng_trips) {
    lm_model_destroy(m);
    return NULL;
  }
  for (size_t l = 0; l < sc->n_lockers; l++) {
    m->stop_of_site[l] = UINT32_MAX;
    m->site_zone[l] = zone_of(sc, sc->lockers[l].x_km, sc->lockers[l].y_km);
  }
  m->depot_zone = zone_of(sc, sc->depot.x_km, sc->depot.y_km);
  /* Expected time per km relative to free flow, averaged over the shift's hours. */
  int h0 = (int)(sc->van.shift_start_s / 3600.0), h1 = (int)ceil(sc->van.shift_end_s / 3600.0);
  for (size_t z = 0; z <= sc->n_zones; z++) {
    double sum = 0.0;
    for (int h = h0; h < h1; h++)
      sum += z < sc->n_zones ? 1.0 / sc->zones[z].speed_factor_by_hour[h % LM_HOURS] : 1.0;
    m->plan_time_factor[z] = h1 > h0 ? sum / (h1 - h0) : 1.0;
    m->day_speed[z] = 1.0;
  }
  return m;
}

void lm_model_destroy(lm_model *m) {
  if (!m) return;
  lm__sites_free(m);
  lm_route_log_clear(&m->routes);
  free(m->site_zone);
  free(m->plan_time_factor);
  free(m->day_speed);
  free(m->node_zone);
  lm_rng_destroy(m->rng_traffic);
  lm_rng_destroy(m->rng_incidents);
  lm_rng_destroy(m->rng_trips);
  free(m->stop_site);
  free(m->stop_of_site);
  lm_sim_destroy(m->sim);
  lm_rng_destroy(m->rng_customers);
  lm_rng_destroy(m->rng_demand);
  lm_router_destroy(m->router);
  lm_rplan_clear(&m->plan);
  free(m->cx);
  free(m->cy);
  free(m->ccirc);
  free(m->czone);
  free(m->parcels);
  free(m->depot);
  free(m->stops);
  free(m->stop_customer);
  free(m->stop_head);
  free(m->stop_of_cust);
  free(m->node_x);
  free(m->node_y);
  free(m->node_circ);
  free(m->vehicles);
  free(m->vans);
  free(m->acc);
  free(m);
}

/* Forgets the previous replication, keeping the memory. */
static int reset(lm_model *m, size_t strategy, uint64_t seed, uint64_t rep) {
  const lm_scenario *sc = m->sc;
  m->st = &sc->strategies[strategy];
  m->failed = 0;
  lm_sim_reset(m->sim);
  lm_rng_reseed(m->rng_customers, seed, rep, LM_STREAM_CUSTOMERS);
  lm_rng_reseed(m->rng_demand, seed, rep, LM_STREAM_DEMAND);
  lm_rng_reseed(m->rng_traffic, seed, rep, LM_STREAM_TRAFFIC);
  lm_rng_reseed(m->rng_incidents, seed, rep, LM_STREAM_INCIDENTS);
  lm_rng_reseed(m->rng_trips, seed, rep, LM_STREAM_TRIPS);
  m->presence_key = lm__model_mix(lm_rng_seed_of(seed, rep, LM_STREAM_PRESENCE) ^ 0x5bd1e995ULL);
  m->theft_key = lm__model_mix(lm_rng_seed_of(seed, rep, LM_STREAM_THEFT) ^ 0x27d4eb2fULL);
  m->locker_key = lm__model_mix(lm_rng_seed_of(seed, rep, LM_STREAM_LOCKER) ^ 0x165667b1ULL);
  lm__sites_reset(m);
  lm_router_destroy(m->router);
  m->router =
      lm_router_create(&(lm_router_opts){.iterations = m->st->routing_iterations,
                                         .seed = lm_rng_seed_of(seed, rep, LM_STREAM_ROUTING)});
  if (!m->router) return LM_ENOMEM;
  m->n_parcels = 0;
  m->routes.n = 0;
  m->unresolved = 0;
  m->vans_out = 0;
  m->dispatch_waiting = 0;
  m->n_depot = 0;
  memset(m->acc, 0, sc->days * sizeof *m->acc);
  free(m->cx);
  free(m->cy);
  free(m->ccirc);
  free(m->stop_of_cust);
  free(m->czone);
  m->cx = m->cy = m->ccirc = NULL;
  m->stop_of_cust = NULL;
  m->czone = NULL;
  if (make_customers(m)) return LM_ENOMEM;
  if (ensure_stops(m, 1)) return LM_ENOMEM;
  m->node_x[0] = sc->depot.x_km;
  m->node_y[0] = sc->depot.y_km;
  m->node_circ[0] = sc->circuity;
  m->node_zone[0] = m->depot_zone;
  return 0;
}

int lm_model_run(lm_model *m, size_t strategy, uint64_t master_seed, uint64_t replication,
                 double *kpi, double *daily, lm_diag *diag) {
  const lm_scenario *sc = m->sc;
  int rc = reset(m, strategy, master_seed, replication);
  if (rc) return rc;
  size_t waves = m->st->n_waves ? m->st->n_waves : 1;
  for (uint32_t d = 0; d < sc->days; d++) {
    double midnight = (double)d * DAY_S;
    if (d > 0)
      rc |= lm_sim_schedule(m->sim, midnight, PRIO_CLOSE_DAY, on_close_day, m, d - 1, NULL);
    rc |= lm_sim_schedule(m->sim, midnight, PRIO_DAY_START, on_day_start, m, d, NULL);
    for (size_t w = 0; w < waves; w++) {
      double at = midnight + wave_of(m, w).start_s + sc->depot.loading_time_s;
      rc |= lm_sim_schedule(m->sim, at, 0, on_dispatch, m, (uint64_t)d * LM_MAX_WAVES + w, NULL);
    }
  }
  if (rc) return LM_ENOMEM;
  double horizon = (double)sc->days * DAY_S;
  rc = lm_sim_run(m->sim, horizon);
  if (rc == 0 && m->failed) rc = m->failed;
  if (rc) return rc;
  on_close_day(m->sim, m, sc->days - 1);
  rc = check_conservation(m, diag);
  if (rc) return rc;

  /* Replication KPIs over the counted days; pending is the state at the horizon. */
  /* day_acc holds doubles only, so the days add up field by field as an array. */
  day_acc total = {0};
  uint32_t counted = sc->days - sc->warmup_days;
  for (uint32_t d = sc->warmup_days; d < sc->days; d++) {
    const day_acc *a = &m->acc[d];
    kpis_from(m, a, 1.0, daily + (size_t)(d - sc->warmup_days) * LM_KPI_COUNT);
    double *t = (double *)&total;
    const double *x = (const double *)a;
    for (size_t i = 0; i < sizeof total / sizeof(double); i++) t[i] += x[i];
  }
  total.pending_end = m->acc[sc->days - 1].pending_end;
  kpis_from(m, &total, (double)counted, kpi);
  return 0;
}

uint64_t lm_model_events(const lm_model *m) { return lm_sim_events_run(m->sim); }
uint64_t lm_model_parcels(const lm_model *m) { return m->n_parcels; }

int lm_model_parcel_log(const lm_model *m, lm_parcel_log *log) {
  size_t n = m->n_parcels, k = n ? n : 1;
  memset(log, 0, sizeof *log);
  log->customer = malloc(k * sizeof *log->customer);
  log->day_created = malloc(k * sizeof *log->day_created);
  log->order_s = malloc(k * sizeof *log->order_s);
  log->value_eur = malloc(k * sizeof *log->value_eur);
  log->resolved_s = malloc(k * sizeof *log->resolved_s);
  log->placed_s = malloc(k * sizeof *log->placed_s);
  log->size = malloc(k);
  log->state = malloc(k);
  log->attempts = malloc(k);
  log->destination = malloc(k * sizeof *log->destination);
  if (!log->customer || !log->day_created || !log->order_s || !log->value_eur || !log->resolved_s ||
      !log->placed_s || !log->size || !log->state || !log->attempts || !log->destination) {
    lm_parcel_log_clear(log);
    return LM_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    const parcel *p = &m->parcels[i];
    log->customer[i] = p->customer;
    log->day_created[i] = p->day_created;
    log->order_s[i] = p->order_s;
    log->value_eur[i] = p->value_eur;
    log->resolved_s[i] = p->resolved_s;
    log->placed_s[i] = p->placed_s;
    log->size[i] = p->size;
    log->state[i] = p->state;
    log->attempts[i] = p->attempts;
    log->destination[i] = p->dest;
  }
  log->n = n;
  return 0;
}

void lm_model_record_routes(lm_model *m, int64_t day) { m->routes_day = day; }

int lm_model_route_log(const lm_model *m, lm_route_log *log) {
  const lm_route_log *src = &m->routes;
  size_t n = src->n, k = n ? n : 1;
  memset(log, 0, sizeof *log);
#define LM_COPY(field)                                                                             \
  if (!(log->field = malloc(k * sizeof *log->field))) {                                            \
    lm_route_log_clear(log);                                                                       \
    return LM_ENOMEM;                                                                              \
  }                                                                                                \
  if (n) memcpy(log->field, src->field, n * sizeof *log->field);
  LM_COPY(van)
  LM_COPY(wave)
  LM_COPY(sequence)
  LM_COPY(x_km)
  LM_COPY(y_km)
  LM_COPY(planned_s)
  LM_COPY(arrival_s)
  LM_COPY(parcels)
  LM_COPY(handed_over)
  LM_COPY(site)
#undef LM_COPY
  log->n = n;
  log->depot_x_km = m->sc->depot.x_km;
  log->depot_y_km = m->sc->depot.y_km;
  return 0;
}
