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
 *   - door resolution: a parcel left at a door is taken in when the customer is next at
 *     home, or stolen first (a time-varying exponential hazard, see theft.h);
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

#include "lastmile/engine.h"
#include "lastmile/rng.h"
#include "lastmile/routing.h"
#include "lastmile/theft.h"

#define DAY_S 86400.0
#define PRIO_CLOSE_DAY (-100) /* before anything else at midnight */
#define PRIO_DAY_START (-50)

enum parcel_state {
  P_AT_DEPOT,
  P_IN_VAN,
  P_FAILED_IN_VAN,
  P_AT_DOOR,
  P_RECEIVED,
  P_RETURNED,
  P_STOLEN
};

typedef struct parcel {
  uint32_t customer;
  uint32_t day_created;
  uint32_t next; /* next parcel of the same stop during a tour */
  uint8_t attempts;
  uint8_t state;
  uint8_t size;
  double order_s;
  double value_eur;
} parcel;

typedef struct van {
  size_t begin, end, pos; /* its stops in the plan's order[] */
  double depart_s, km;
} van;

/* Per-day accumulators; the KPIs are derived from them when the day closes. */
typedef struct day_acc {
  double created, received, received_first, attempts, failed, redeliveries, returned;
  double received_door, left_at_door, stolen, stolen_value;
  double on_time, resolved, lateness_sum_s, order_to_receipt_sum_h;
  double van_km, van_h, overtime_h, vans_used, pending_end;
} day_acc;

struct lm_model {
  const lm_scenario *sc;
  const lm_strategy *st;
  lm_sim *sim;
  lm_rng *rng_customers, *rng_demand;
  lm_router *router;
  uint64_t presence_key;
  uint32_t day; /* current day */

  size_t n_cust;
  double *cx, *cy, *ccirc; /* customer positions (km) and circuity */
  uint16_t *czone;         /* customer's zone */
  uint64_t theft_key;      /* keys the per-parcel theft draws of the replication */

  parcel *parcels;
  size_t n_parcels, cap_parcels;
  uint32_t *depot; /* parcels waiting at the depot */
  size_t n_depot, cap_depot;

  /* The day's plan. Node 0 is the depot, node i + 1 is stop i. */
  lm_rstop *stops;
  uint32_t *stop_customer, *stop_head, *stop_of_cust;
  size_t n_stops, cap_stops;
  double *node_x, *node_y, *node_circ;
  lm_rvehicle *vehicles;
  van *vans;
  lm_rplan plan;

  day_acc *acc; /* one per simulated day */
  size_t unresolved; /* parcels neither received nor returned */
  int failed;
};

/* ---- small helpers ------------------------------------------------------------------ */

static int grow(void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return 0;
  size_t cap2 = *cap ? *cap : 64;
  while (cap2 < need) cap2 *= 2;
  void *q = realloc(*p, cap2 * elem);
  if (!q) return LM_ENOMEM;
  *p = q;
  *cap = cap2;
  return 0;
}

static uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/* Whether somebody is at home at customer c at time t: a uniform keyed by
 * (replication, customer, day, hour), compared with the hour's presence probability. */
static int at_home(const lm_model *m, uint32_t c, double t_s) {
  uint64_t hour_abs = (uint64_t)(t_s / 3600.0);
  uint64_t h = mix64(m->presence_key ^ mix64((uint64_t)c * 0x9e3779b97f4a7c15ULL + hour_abs));
  double u = (double)(h >> 11) * 0x1.0p-53;
  return u < m->sc->customers.presence_by_hour[hour_abs % 24];
}

static double travel(void *ud, uint32_t from, uint32_t to, double depart_s, double *dist_km) {
  (void)depart_s;
  const lm_model *m = ud;
  double dx = m->node_x[from] - m->node_x[to], dy = m->node_y[from] - m->node_y[to];
  double circ = 0.5 * (m->node_circ[from] + m->node_circ[to]);
  double d = circ * sqrt(dx * dx + dy * dy);
  *dist_km = d;
  return d / m->sc->van.speed_kmh * 3600.0;
}

static void fail(lm_model *m, int code) {
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
  for (size_t z = 0; z < sc->n_zones; z++) {
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
  m->n_cust = k;
  for (size_t i = 0; i < k; i++) m->stop_of_cust[i] = UINT32_MAX;
  return 0;
}

static int depot_push(lm_model *m, uint32_t p) {
  if (grow((void **)&m->depot, &m->cap_depot, m->n_depot + 1, sizeof *m->depot))
    return LM_ENOMEM;
  m->depot[m->n_depot++] = p;
  return 0;
}

static void on_day_start(lm_sim *sim, void *ctx, uint64_t day) {
  lm_model *m = ctx;
  const lm_demand *dm = &m->sc->demand;
  m->day = (uint32_t)day;
  unsigned count = lm_rng_poisson(m->rng_demand, dm->parcels_per_day);
  if (grow((void **)&m->parcels, &m->cap_parcels, m->n_parcels + count, sizeof *m->parcels)) {
    fail(m, LM_ENOMEM);
    return;
  }
  double shares[LM_MAX_SIZES];
  for (size_t i = 0; i < dm->n_sizes; i++) shares[i] = dm->sizes[i].share;
  for (unsigned i = 0; i < count; i++) {
    parcel *p = &m->parcels[m->n_parcels];
    memset(p, 0, sizeof *p);
    p->customer = lm_rng_below(m->rng_demand, (uint32_t)m->n_cust);
    p->day_created = (uint32_t)day;
    p->size = (uint8_t)lm_rng_discrete(m->rng_demand, shares, dm->n_sizes);
    p->order_s = lm_sim_now(sim) + DAY_S * lm_rng_uniform(m->rng_demand);
    p->value_eur = lm_rng_exponential(m->rng_demand, dm->value_mean_eur);
    p->state = P_AT_DEPOT;
    if (depot_push(m, (uint32_t)m->n_parcels)) {
      fail(m, LM_ENOMEM);
      return;
    }
    m->n_parcels++;
  }
  m->unresolved += count;
  m->acc[day].created += count;
}

/* ---- dispatch and tours ---------------------------------------------------------------- */

static void on_arrive(lm_sim *sim, void *ctx, uint64_t v);
static void on_return(lm_sim *sim, void *ctx, uint64_t v);

/* Makes room for `need` stops and their nodes (one more: node 0 is the depot). */
static int ensure_stops(lm_model *m, size_t need) {
  if (need <= m->cap_stops) return 0;
  size_t cap = m->cap_stops ? 2 * m->cap_stops : 256;
  while (cap < need) cap *= 2;
  void *p;
#define LM_REGROW(field, count)                                                            \
  if (!(p = realloc(m->field, (count) * sizeof *m->field))) return LM_ENOMEM;              \
  m->field = p;
  LM_REGROW(stops, cap)
  LM_REGROW(stop_customer, cap)
  LM_REGROW(stop_head, cap)
  LM_REGROW(node_x, cap + 1)
  LM_REGROW(node_y, cap + 1)
  LM_REGROW(node_circ, cap + 1)
#undef LM_REGROW
  m->cap_stops = cap;
  return 0;
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
    uint32_t s = m->stop_of_cust[p->customer];
    if (s == UINT32_MAX) {
      if (ensure_stops(m, m->n_stops + 1)) return LM_ENOMEM;
      s = (uint32_t)m->n_stops++;
      m->stop_of_cust[p->customer] = s;
      m->stop_customer[s] = p->customer;
      m->stop_head[s] = UINT32_MAX;
      m->stops[s] = (lm_rstop){.node = s + 1,
                               .service_s = m->sc->van.service_time_s,
                               .open_s = 0.0,
                               .close_s = INFINITY,
                               .penalty = 1e6};
      m->node_x[s + 1] = m->cx[p->customer];
      m->node_y[s + 1] = m->cy[p->customer];
      m->node_circ[s + 1] = m->ccirc[p->customer];
    }
    m->stops[s].parcels++;
    m->stops[s].volume_l += m->sc->demand.sizes[p->size].volume_l;
    p->next = m->stop_head[s];
    m->stop_head[s] = pi;
  }
  m->n_depot = keep;
  for (size_t s = 0; s < m->n_stops; s++) m->stop_of_cust[m->stop_customer[s]] = UINT32_MAX;
  return 0;
}

static void on_dispatch(lm_sim *sim, void *ctx, uint64_t day) {
  lm_model *m = ctx;
  const lm_vehicle_type *vt = &m->sc->van;
  if (build_stops(m, (uint32_t)day)) {
    fail(m, LM_ENOMEM);
    return;
  }
  double now = lm_sim_now(sim);
  size_t nv = m->st->vans ? m->st->vans : vt->count;
  for (size_t v = 0; v < nv; v++)
    m->vehicles[v] = (lm_rvehicle){.start_node = 0,
                                   .end_node = 0,
                                   .capacity_parcels = vt->capacity_parcels,
                                   .capacity_volume_l = vt->capacity_volume_l,
                                   .shift_start_s = now,
                                   .shift_end_s = (double)day * DAY_S + vt->shift_end_s,
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
                      .objective = LM_OBJ_COST};
  lm_rplan_clear(&m->plan);
  if (m->n_stops == 0) return;
  if (lm_router_solve(m->router, &prob, &m->plan)) {
    fail(m, LM_ENOMEM);
    return;
  }
  /* Parcels of unserved stops wait at the depot for another day. */
  for (size_t u = 0; u < m->plan.n_unserved; u++)
    for (uint32_t pi = m->stop_head[m->plan.unserved[u]]; pi != UINT32_MAX;
         pi = m->parcels[pi].next)
      if (depot_push(m, pi)) {
        fail(m, LM_ENOMEM);
        return;
      }
  for (size_t v = 0; v < nv; v++) {
    van *vn = &m->vans[v];
    *vn = (van){m->plan.begin[v], m->plan.begin[v + 1], m->plan.begin[v], now, 0.0};
    if (vn->begin == vn->end) continue;
    m->acc[day].vans_used++;
    for (size_t i = vn->begin; i < vn->end; i++)
      for (uint32_t pi = m->stop_head[m->plan.order[i]]; pi != UINT32_MAX;
           pi = m->parcels[pi].next)
        m->parcels[pi].state = P_IN_VAN;
    double d;
    double t = travel(m, 0, m->stops[m->plan.order[vn->begin]].node, now, &d);
    vn->km += d;
    if (lm_sim_schedule(sim, now + t, 0, on_arrive, m, v, NULL)) fail(m, LM_ENOMEM);
  }
}

/* The accumulator of the day `t_s` falls in (events after the horizon never run). */
static day_acc *acc_at(lm_model *m, double t_s) {
  uint32_t d = (uint32_t)(t_s / DAY_S);
  return &m->acc[d < m->sc->days ? d : m->sc->days - 1];
}

static void receive(lm_model *m, day_acc *a, parcel *p, double now) {
  p->state = P_RECEIVED;
  m->unresolved--;
  double deadline = ((double)p->day_created + 2.0) * DAY_S;
  a->received++;
  a->resolved++;
  if (p->attempts == 1) a->received_first++;
  if (now <= deadline) a->on_time++;
  a->lateness_sum_s += fmax(0.0, now - deadline);
  a->order_to_receipt_sum_h += (now - p->order_s) / 3600.0;
}

#define DOOR_STOLEN (1ULL << 63)

static void on_door(lm_sim *sim, void *ctx, uint64_t arg) {
  lm_model *m = ctx;
  double now = lm_sim_now(sim);
  parcel *p = &m->parcels[arg & ~DOOR_STOLEN];
  day_acc *a = acc_at(m, now);
  if (arg & DOOR_STOLEN) {
    p->state = P_STOLEN;
    m->unresolved--;
    a->stolen++;
    a->stolen_value += p->value_eur;
    a->resolved++;
  } else {
    a->received_door++;
    receive(m, a, p, now);
  }
}

/* Leaves parcel pi at its customer's door at `now`: the customer takes it in at the
 * start of the next hour they are home, unless a thief comes first. The theft draw is
 * keyed by (replication, parcel, attempt), so strategies that leave the same parcel at
 * the same time see the same thief. */
static void leave_at_door(lm_model *m, day_acc *a, uint32_t pi, double now) {
  parcel *p = &m->parcels[pi];
  p->state = P_AT_DOOR;
  a->left_at_door++;
  double home_s = INFINITY;
  double hour = floor(now / 3600.0);
  for (int k = 1; k <= 24 * 7; k++) {
    double t = (hour + k) * 3600.0;
    if (at_home(m, p->customer, t)) {
      home_s = t;
      break;
    }
  }
  double rate[LM_HOURS];
  const lm_scenario *sc = m->sc;
  double base = sc->zones[m->czone[p->customer]].theft_hazard_per_hour *
                m->st->packaging_factor;
  for (int h = 0; h < LM_HOURS; h++) rate[h] = base * sc->theft.hour_factor[h];
  uint64_t u64 = mix64(m->theft_key ^ mix64(((uint64_t)pi << 8) | p->attempts));
  double u = ((double)(u64 >> 11) + 0.5) * 0x1.0p-53; /* in (0, 1) */
  double stolen_s = lm_theft_time(rate, now, home_s, -log(u));
  double when = fmin(stolen_s, home_s);
  if (!isfinite(when)) return; /* nobody ever comes and nobody steals: pending */
  uint64_t arg = pi | (stolen_s < home_s ? DOOR_STOLEN : 0);
  if (lm_sim_schedule(m->sim, when, 0, on_door, m, arg, NULL)) fail(m, LM_ENOMEM);
}

static void on_arrive(lm_sim *sim, void *ctx, uint64_t v) {
  lm_model *m = ctx;
  van *vn = &m->vans[v];
  uint32_t s = m->plan.order[vn->pos];
  double now = lm_sim_now(sim);
  day_acc *a = &m->acc[m->day];
  int home = at_home(m, m->stop_customer[s], now);
  for (uint32_t pi = m->stop_head[s]; pi != UINT32_MAX; pi = m->parcels[pi].next) {
    parcel *p = &m->parcels[pi];
    p->attempts++;
    a->attempts++;
    if (p->attempts > 1) a->redeliveries++;
    if (home) {
      receive(m, a, p, now);
      continue;
    }
    a->failed++;
    if (m->st->not_home == LM_NOT_HOME_LEAVE_AT_DOOR) {
      leave_at_door(m, a, pi, now);
    } else {
      p->state = P_FAILED_IN_VAN;
    }
  }
  double leave = now + m->stops[s].service_s, d, t;
  if (++vn->pos < vn->end) {
    t = travel(m, m->stops[s].node, m->stops[m->plan.order[vn->pos]].node, leave, &d);
    vn->km += d;
    if (lm_sim_schedule(sim, leave + t, 0, on_arrive, m, v, NULL)) fail(m, LM_ENOMEM);
  } else {
    t = travel(m, m->stops[s].node, 0, leave, &d);
    vn->km += d;
    if (lm_sim_schedule(sim, leave + t, 0, on_return, m, v, NULL)) fail(m, LM_ENOMEM);
  }
}

static void on_return(lm_sim *sim, void *ctx, uint64_t v) {
  lm_model *m = ctx;
  van *vn = &m->vans[v];
  double now = lm_sim_now(sim);
  day_acc *a = &m->acc[m->day];
  double shift_end = (double)m->day * DAY_S + m->sc->van.shift_end_s;
  a->van_km += vn->km;
  a->van_h += (now - vn->depart_s) / 3600.0;
  a->overtime_h += fmax(0.0, now - shift_end) / 3600.0;
  for (size_t i = vn->begin; i < vn->end; i++) {
    for (uint32_t pi = m->stop_head[m->plan.order[i]]; pi != UINT32_MAX;
         pi = m->parcels[pi].next) {
      parcel *p = &m->parcels[pi];
      if (p->state != P_FAILED_IN_VAN) continue;
      if (p->attempts >= m->st->max_attempts) {
        p->state = P_RETURNED;
        m->unresolved--;
        a->returned++;
        a->resolved++;
      } else {
        p->state = P_AT_DEPOT;
        if (depot_push(m, pi)) fail(m, LM_ENOMEM);
      }
    }
  }
}

/* ---- days and KPIs ---------------------------------------------------------------------- */

static void on_close_day(lm_sim *sim, void *ctx, uint64_t day) {
  (void)sim;
  lm_model *m = ctx;
  m->acc[day].pending_end = (double)m->unresolved;
}

/* Turns accumulated totals into KPIs (the same formulas for a day and a replication). */
static void kpis_from(const lm_model *m, const day_acc *a, double days, double *k) {
  const lm_vehicle_type *vt = &m->sc->van;
  for (int i = 0; i < LM_KPI_COUNT; i++) k[i] = 0.0;
  k[LM_KPI_PARCELS_CREATED] = a->created;
  k[LM_KPI_RECEIVED] = a->received;
  k[LM_KPI_RECEIVED_FIRST_ATTEMPT] = a->received_first;
  k[LM_KPI_RECEIVED_HOME] = a->received - a->received_door;
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
    pending += st == P_AT_DEPOT || st == P_IN_VAN || st == P_FAILED_IN_VAN || st == P_AT_DOOR;
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
  uint32_t max_vans = sc->van.count;
  m->sim = lm_sim_create(64);
  m->rng_customers = lm_rng_create(0, 0, LM_STREAM_CUSTOMERS);
  m->rng_demand = lm_rng_create(0, 0, LM_STREAM_DEMAND);
  m->router = lm_router_create(&(lm_router_opts){0});
  m->vehicles = calloc(max_vans, sizeof *m->vehicles);
  m->vans = calloc(max_vans, sizeof *m->vans);
  m->acc = calloc(sc->days, sizeof *m->acc);
  if (!m->sim || !m->rng_customers || !m->rng_demand || !m->router || !m->vehicles ||
      !m->vans || !m->acc) {
    lm_model_destroy(m);
    return NULL;
  }
  return m;
}

void lm_model_destroy(lm_model *m) {
  if (!m) return;
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
  m->presence_key = mix64(lm_rng_seed_of(seed, rep, LM_STREAM_PRESENCE) ^ 0x5bd1e995ULL);
  m->theft_key = mix64(lm_rng_seed_of(seed, rep, LM_STREAM_THEFT) ^ 0x27d4eb2fULL);
  lm_router_destroy(m->router);
  m->router = lm_router_create(&(lm_router_opts){
      .iterations = m->st->routing_iterations,
      .seed = lm_rng_seed_of(seed, rep, LM_STREAM_ROUTING)});
  if (!m->router) return LM_ENOMEM;
  m->n_parcels = 0;
  m->unresolved = 0;
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
  return 0;
}

int lm_model_run(lm_model *m, size_t strategy, uint64_t master_seed, uint64_t replication,
                 double *kpi, double *daily, lm_diag *diag) {
  const lm_scenario *sc = m->sc;
  int rc = reset(m, strategy, master_seed, replication);
  if (rc) return rc;
  double dispatch_s = sc->van.shift_start_s + sc->depot.loading_time_s;
  for (uint32_t d = 0; d < sc->days; d++) {
    double midnight = (double)d * DAY_S;
    if (d > 0) rc |= lm_sim_schedule(m->sim, midnight, PRIO_CLOSE_DAY, on_close_day, m, d - 1,
                                     NULL);
    rc |= lm_sim_schedule(m->sim, midnight, PRIO_DAY_START, on_day_start, m, d, NULL);
    rc |= lm_sim_schedule(m->sim, midnight + dispatch_s, 0, on_dispatch, m, d, NULL);
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
