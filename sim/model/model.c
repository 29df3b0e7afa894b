/* model.c — the top of the delivery model: lm_model_create/_destroy, the reset between
 * replications, customers, orders, traffic draws and the run of one replication. It
 * calls every part (internal.h lists them bottom to top); no part calls it. Creation
 * runs each part's init, destruction each part's free, so no state is freed here by
 * hand; the days' events below are scheduled here and handled by the parts (tours.c
 * drives the vans).
 *
 * Day d is the date scenario.start_date + d. Each day has four kinds of events:
 *   - day start (00:00): the day's orders arrive, every day of the week, a Poisson count
 *     scaled by the date's weekday, month and peak factors, each for a customer drawn
 *     uniformly, with a size class, a declared value and an order time; they are promised
 *     for the next day on which the scenario's calendar delivers (lm__model_due_s) and
 *     wait at the depot;
 *   - dispatch (shift start + loading time), only on the strategy's delivery days: the
 *     parcels at the depot that are due are grouped into one stop per customer and
 *     planned through the routing core; the vans leave; stops no van can take wait for
 *     the next round;
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
 * the same way whatever the strategy; presence at home is made of counter-based draws
 * keyed by customer and day (presence.c), so a customer is home at 10:00 on day 3 in
 * every strategy; the theft draw of a door drop is keyed by (parcel, attempt) the same
 * way.
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
    double start = ((double)day + lm_rng_uniform(m->rng_incidents)) * LM__DAY_S;
    double len = lm_rng_exponential(m->rng_incidents, tr->incident_duration_mean_h * 3600.0);
    if (m->n_incidents == LM__MAX_INCIDENTS) continue; /* still drawn: streams stay aligned */
    m->incident_zone[m->n_incidents] = (int16_t)z;
    m->incidents[m->n_incidents++] = (lm_slowdown){start, start + len, tr->incident_speed_factor};
  }
}

/* ---- customers and orders ------------------------------------------------------------ */

static int make_customers(lm_model *m) {
  const lm_scenario *sc = m->sc;
  size_t n = lm_scenario_customer_count(sc), k = 0;
  m->n_cust = n;
  m->cx = malloc(n * sizeof *m->cx);
  m->cy = malloc(n * sizeof *m->cy);
  m->ccirc = malloc(n * sizeof *m->ccirc);
  m->czone = malloc(n * sizeof *m->czone);
  if (!m->cx || !m->cy || !m->ccirc || !m->czone) return LM_ENOMEM;
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
      int16_t z = lm__model_zone_of(sc, m->cx[k], m->cy[k]);
      m->czone[k] = (uint16_t)z;
      m->ccirc[k] = (size_t)z < sc->n_zones ? sc->zones[z].circuity : sc->circuity;
    }
  }
  m->n_cust = k;
  if (sc->file_weight && k > 0) { /* cumulative weights for lm__model_weighted_customer */
    m->cweight = malloc(k * sizeof *m->cweight);
    if (!m->cweight) return LM_ENOMEM;
    double sum = 0.0;
    for (size_t i = 0; i < k; i++) m->cweight[i] = sum += sc->file_weight[i];
  }
  return 0;
}

static void on_day_start(lm_sim *sim, void *ctx, uint64_t day) {
  lm_model *m = ctx;
  const lm_demand *dm = &m->sc->demand;
  m->day = (uint32_t)day;
  draw_day_traffic(m, (uint32_t)day);
  unsigned count = lm_rng_poisson(
      m->rng_demand, dm->parcels_per_day * lm_scenario_demand_factor(m->sc, (uint32_t)day));
  double shares[LM_MAX_SIZES];
  for (size_t i = 0; i < dm->n_sizes; i++) shares[i] = dm->sizes[i].share;
  double hour_p[LM_HOURS], hour_total = 0.0;
  for (int h = 0; h < LM_HOURS; h++) hour_total += dm->order_hour_weight[h];
  for (int h = 0; h < LM_HOURS; h++) hour_p[h] = dm->order_hour_weight[h] / hour_total;
  int same_day_offered = lm_scenario_delivers(m->sc, NULL, (int64_t)day);
  for (unsigned i = 0; i < count; i++) {
    uint32_t c = m->cweight ? lm__model_weighted_customer(m, m->rng_demand)
                            : lm_rng_below(m->rng_demand, (uint32_t)m->n_cust);
    uint8_t size = (uint8_t)lm_rng_discrete(m->rng_demand, shares, dm->n_sizes);
    size_t hour = lm_rng_discrete(m->rng_demand, hour_p, LM_HOURS);
    double order_s = lm_sim_now(sim) + 3600.0 * ((double)hour + lm_rng_uniform(m->rng_demand));
    double value = lm_rng_exponential(m->rng_demand, dm->value_mean_eur);
    uint64_t key = m->n_orders++;
    lm__parcel *p = lm__model_add_parcel(m, c, lm__sites_destination(m, c), (uint32_t)day, size,
                                         order_s, value, key);
    if (!p) {
      lm__model_fail(m, LM_ENOMEM);
      return;
    }
    /* A same-day promise, made only on the scenario's delivery days: keyed by the order,
     * so the same orders in every strategy. */
    if (same_day_offered && dm->same_day_share > 0.0 &&
        p->order_s - lm_sim_now(sim) < dm->same_day_cutoff_s &&
        lm__model_uniform(m->sameday_key, key, 0) < dm->same_day_share) {
      p->same_day = 1;
      m->acc[day].same_day++;
    }
  }
  lm__returns_day_start(m, (uint32_t)day, lm_sim_now(sim));
}

/* ---- days and KPIs ---------------------------------------------------------------------- */

static void on_close_day(lm_sim *sim, void *ctx, uint64_t day) {
  lm_model *m = ctx;
  m->acc[day].pending_end = (double)m->unresolved;
  m->acc[day].oldest_age_d = lm__model_oldest_age_d(m, lm_sim_now(sim));
  m->acc[day].returns_pending_end = lm__returns_pending(m);
  lm__sites_close_day(m, (uint32_t)day, lm_sim_now(sim));
}

/* ---- public ------------------------------------------------------------------------------ */

lm_model *lm_model_create(const lm_scenario *sc) {
  lm_model *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->sc = sc;
  m->routes_day = -1;
  uint32_t max_vans = 0;
  for (int k = 0; k < LM_VEHICLE_KINDS; k++)
    max_vans += lm_scenario_vehicle(sc, (lm_vehicle_kind)k)->count;
  m->router = lm_router_create(&(lm_router_opts){0});
  if (!m->router || lm__core_init(m) || lm__stops_init(m) || lm__fleet_init(m, max_vans) ||
      lm__costs_init(m, max_vans, sc->n_lockers) || lm__sites_init(m) || lm__returns_init(m) ||
      lm__sameday_init(m, max_vans)) {
    lm_model_destroy(m);
    return NULL;
  }
  m->depot_zone = lm__model_zone_of(sc, sc->depot.x_km, sc->depot.y_km);
  /* The promise's calendar, once: the next delivery day after each day, back to front. */
  int64_t next = lm_scenario_next_delivery_day(sc, (int64_t)sc->days - 1);
  for (uint32_t d = sc->days; d-- > 0;) {
    m->next_delivery[d] = (uint32_t)next;
    if (d > 0 && lm_scenario_delivers(sc, NULL, d)) next = d;
  }
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
  lm__sameday_free(m);
  lm__tours_free(m);
  lm__returns_free(m);
  lm__sites_free(m);
  lm__costs_free(m);
  lm__fleet_free(m);
  lm__stops_free(m);
  lm__presence_free(m);
  lm_route_log_clear(&m->routes);
  lm_router_destroy(m->router);
  lm__core_free(m);
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
  lm__returns_reset(m, seed, rep);
  m->sameday_key = lm__model_mix(lm_rng_seed_of(seed, rep, LM_STREAM_DEMAND) ^ 0x5a3ed4a7ULL);
  lm__sites_reset(m, seed, rep);
  lm_router_set_opts(m->router,
                     &(lm_router_opts){.iterations = m->st->routing_iterations,
                                       .seed = lm_rng_seed_of(seed, rep, LM_STREAM_ROUTING),
                                       .stop = m->stop,
                                       .stream_per_solve = 1});
  m->n_parcels = 0;
  m->routes.n = 0;
  m->unresolved = 0;
  m->oldest = 0;
  m->n_orders = 0;
  lm__tours_reset(m);
  m->n_depot = 0;
  memset(m->acc, 0, sc->days * sizeof *m->acc);
  free(m->cx);
  free(m->cy);
  free(m->ccirc);
  free(m->czone);
  free(m->cweight);
  m->cweight = NULL;
  m->cx = m->cy = m->ccirc = NULL;
  m->czone = NULL;
  if (make_customers(m) || lm__sites_customers(m) || lm__presence_setup(m, seed, rep))
    return LM_ENOMEM;
  if (lm__stops_reset(m)) return LM_ENOMEM;
  lm__fleet_setup(m);
  lm__costs_reset(m);
  return 0;
}

int lm_model_run(lm_model *m, size_t strategy, uint64_t master_seed, uint64_t replication,
                 double *kpi, double *daily, lm_diag *diag) {
  const lm_scenario *sc = m->sc;
  int rc = reset(m, strategy, master_seed, replication);
  if (rc) return rc;
  size_t waves = m->st->n_waves ? m->st->n_waves : 1;
  for (uint32_t d = 0; d < sc->days; d++) {
    double midnight = (double)d * LM__DAY_S;
    if (d > 0)
      rc |= lm_sim_schedule(m->sim, midnight, LM__PRIO_CLOSE_DAY, on_close_day, m, d - 1, NULL);
    rc |= lm_sim_schedule(m->sim, midnight, LM__PRIO_DAY_START, on_day_start, m, d, NULL);
    /* Rounds (waves and their re-plans) only on the strategy's delivery days. */
    for (size_t w = 0; w < waves && lm_scenario_delivers(sc, m->st, d); w++) {
      double at = midnight + lm__tours_wave(m, w).start_s + sc->depot.loading_time_s;
      uint64_t arg = (uint64_t)d * LM_MAX_WAVES + w;
      rc |= lm_sim_schedule(m->sim, at, 0, lm__tours_on_dispatch, m, arg, NULL);
      /* Re-plans every replan_every_h while the wave runs (until its end). */
      double every = m->st->replan_every_h * 3600.0, end = midnight + lm__tours_wave(m, w).end_s;
      for (double t = at + every; every > 0.0 && t < end; t += every)
        rc |= lm_sim_schedule(m->sim, t, 0, lm__sameday_on_replan, m, arg, NULL);
    }
  }
  if (rc) return LM_ENOMEM;
  double horizon = (double)sc->days * LM__DAY_S;
  rc = lm_sim_run(m->sim, horizon);
  if (rc == 0 && m->failed) rc = m->failed;
  if (rc) return rc;
  on_close_day(m->sim, m, sc->days - 1);
  lm__costs_finish(m, horizon);
  rc = lm__model_check_conservation(m, diag);
  if (!rc) rc = lm__returns_check(m, diag);
  if (rc) return rc;

  double p95_h;
  if (lm__model_service(m, horizon, sc->warmup_days, &p95_h)) return LM_ENOMEM;

  /* Replication KPIs over the counted days; the snapshots (pending, backlog, oldest
   * parcel) are the state at the horizon. lm__day_acc holds doubles only, so the days add up
   * field by field as an array. */
  lm__day_acc total = {0};
  uint32_t counted = sc->days - sc->warmup_days;
  double round_days = 0.0;
  for (uint32_t d = sc->warmup_days; d < sc->days; d++) {
    const lm__day_acc *a = &m->acc[d];
    double *k = daily + (size_t)(d - sc->warmup_days) * LM_KPI_COUNT;
    lm__model_kpis(m, a, 1.0, 1.0, k);
    round_days += lm_scenario_delivers(sc, m->st, (int64_t)d);
    k[LM_KPI_BACKLOG_GROWTH_PER_DAY] = a->backlog_end - (d > 0 ? m->acc[d - 1].backlog_end : 0.0);
    double *t = (double *)&total;
    const double *x = (const double *)a;
    for (size_t i = 0; i < sizeof total / sizeof(double); i++) t[i] += x[i];
  }
  const lm__day_acc *last = &m->acc[sc->days - 1];
  total.pending_end = last->pending_end;
  total.returns_pending_end = last->returns_pending_end;
  total.backlog_end = last->backlog_end;
  total.oldest_age_d = last->oldest_age_d;
  lm__model_kpis(m, &total, (double)counted, round_days, kpi);
  kpi[LM_KPI_ORDER_TO_RECEIPT_P95_H] = p95_h;
  kpi[LM_KPI_BACKLOG_GROWTH_PER_DAY] = lm__model_backlog_slope(m, sc->warmup_days, sc->days);
  /* The cost parts add up, in every day and in the replication. */
  rc = lm__costs_check(m, kpi, "the replication", diag);
  for (uint32_t d = 0; !rc && d < counted; d++)
    rc = lm__costs_check(m, daily + (size_t)d * LM_KPI_COUNT, "a day", diag);
  return rc;
}

void lm_model_set_stop(lm_model *m, const volatile sig_atomic_t *stop) {
  m->stop = stop;
  lm_sim_set_interrupt(m->sim, stop);
}

void lm_model_solver_s(const lm_model *m, double *solver_s) {
  for (uint32_t d = m->sc->warmup_days; d < m->sc->days; d++)
    solver_s[d - m->sc->warmup_days] = m->acc[d].solver_s;
}

uint64_t lm_model_events(const lm_model *m) { return lm_sim_events_run(m->sim); }
double lm_model_range_margin_km(const lm_model *m) { return m->fleet.range_margin_km; }
uint64_t lm_model_parcels(const lm_model *m) { return m->n_parcels; }

void lm_model_record_routes(lm_model *m, int64_t day) { m->routes_day = day; }
