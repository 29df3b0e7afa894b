/* fleet.c — the vehicles of a strategy: vans, electric vans, cargo bikes and drones, as
 * the routing core sees them (one lm_rvehicle each) and as they drive.
 *
 * Vehicles are numbered kind by kind (fleet.van first), up to the strategy's
 * fleet_mix. A strategy with vans only and no zone limits is "unmixed": one travel profile
 * (0), no kinds on stops and no per-kind service times (m->fleet.mixed = 0). Otherwise each kind is
 * its own vehicle kind and travel profile:
 *   - van, electric van: road distance at the kind's own speed, slowed by the zones'
 *     hourly speeds, day noise, weather and incidents; an electric van's route must fit in
 *     the range left in its battery (max_distance_km), which recharges at recharge_km_per_h
 *     while it stands at the depot and fully overnight;
 *   - cargo bike: road distance at its own speed from the micro-hub (the depot without
 *     one), not slowed by car traffic (no hourly speeds, incidents or day noise; bad
 *     weather and trip noise still apply); vans stock the micro-hub with what the bikes
 *     take (costs.c prices those trips and counts them in van_km);
 *   - drone: straight-line distance at its own speed, one parcel per sortie, so a route
 *     s1, s2, ... is depot-s1-depot-s2-...; it serves home stops of one parcel no larger
 *     than max_parcel_volume_l within range_km there and back, and stays grounded on
 *     bad-weather days.
 * Stops carry the fastest kind's service time; each profile adds its own kind's extra
 * service time to legs that leave a stop, so plans and drives see each kind's own times.
 * Stops outside the zones a kind may serve (fleet_zones) exclude that kind. With the
 * strategy's drone_first, a stop a drone may serve is kept for the drones (the other
 * kinds take it only on days the drones are grounded).
 *
 * Nothing here calls tours, sites or returns: the planner's travel functions live here and
 * tours.c calls them. Cost: O(1) per travel call and per stop.
 */
#include <math.h>
#include <stdlib.h>

#include "lastmile/traffic.h"
#include "model/internal.h"

#define NO_KIND (1u << 31) /* a kind no vehicle has: the stop stays unserved */

const lm_vehicle_type *lm__fleet_type(const lm_model *m, size_t v) {
  return lm_scenario_vehicle(m->sc, (lm_vehicle_kind)m->fleet.vans[v].kind);
}

double lm__fleet_road_km(const lm_model *m, uint32_t from, uint32_t to) {
  double dx = m->stops.node_x[from] - m->stops.node_x[to],
         dy = m->stops.node_y[from] - m->stops.node_y[to];
  return 0.5 * (m->stops.node_circ[from] + m->stops.node_circ[to]) * sqrt(dx * dx + dy * dy);
}

static double air_km(const lm_model *m, uint32_t from, uint32_t to) {
  return hypot(m->stops.node_x[from] - m->stops.node_x[to],
               m->stops.node_y[from] - m->stops.node_y[to]);
}

/* A drone's distance: sorties from its base, so between two stops through the base. */
static double drone_km(const lm_model *m, uint32_t from, uint32_t to) {
  uint32_t base = m->fleet.base_node[LM_VEHICLE_DRONE];
  if (from == base || to == base) return air_km(m, from, to);
  return air_km(m, from, base) + air_km(m, base, to);
}

/* The planner's travel time: the expected one, at the destination zone's mean speed over
 * the shift (static, so the routing core can use its fast path). */
double lm__fleet_van_travel(void *ud, uint32_t profile, uint32_t from, uint32_t to, double depart_s,
                            double *dist_km) {
  (void)depart_s, (void)profile;
  const lm_model *m = ud;
  double d = lm__fleet_road_km(m, from, to);
  *dist_km = d;
  return d / m->sc->van.speed_kmh * 3600.0 * m->plan_time_factor[m->stops.node_zone[to]];
}

int lm__fleet_setup(lm_model *m) {
  const lm_scenario *sc = m->sc;
  const lm_strategy *st = m->st;
  size_t v = 0;
  m->fleet.mixed = 0;
  m->fleet.service_base_s = INFINITY;
  for (int k = 0; k < LM_VEHICLE_KINDS; k++) {
    uint32_t n = lm_strategy_vehicles(sc, st, (lm_vehicle_kind)k);
    m->fleet.n_kind[k] = n;
    if (n == 0) continue;
    if (k != LM_VEHICLE_VAN || st->zone_mask[k] != UINT64_MAX) m->fleet.mixed = 1;
    m->fleet.service_base_s =
        fmin(m->fleet.service_base_s, lm_scenario_vehicle(sc, (lm_vehicle_kind)k)->service_time_s);
    for (uint32_t i = 0; i < n; i++) m->fleet.vans[v++] = (lm__van){.kind = (uint8_t)k};
  }
  m->fleet.n_vans = v;
  if (!m->fleet.mixed) m->fleet.service_base_s = sc->van.service_time_s;
  for (int k = 0; k < LM_VEHICLE_KINDS; k++) {
    const lm_vehicle_type *t = lm_scenario_vehicle(sc, (lm_vehicle_kind)k);
    m->fleet.service_delta_s[k] =
        m->fleet.n_kind[k] ? t->service_time_s - m->fleet.service_base_s : 0.0;
    m->fleet.base_node[k] = k == LM_VEHICLE_CARGO_BIKE && m->stops.node0 == 2 ? 1 : 0;
  }
  m->fleet.plan_travel = m->fleet.mixed ? lm__fleet_travel : lm__fleet_van_travel;
  for (size_t i = 0; i < m->fleet.n_vans; i++) {
    m->fleet.range_left[i] = sc->electric_van.range_km;
    m->fleet.charged_s[i] = -INFINITY;
  }
  m->fleet.range_margin_km = INFINITY;
  return 0;
}

double lm__fleet_travel(void *ud, uint32_t profile, uint32_t from, uint32_t to, double depart_s,
                        double *dist_km) {
  const lm_model *m = ud;
  const lm_scenario *sc = m->sc;
  double extra = from >= m->stops.node0 ? m->fleet.service_delta_s[profile] : 0.0, d, t;
  switch (profile) {
  case LM_VEHICLE_CARGO_BIKE:
    d = lm__fleet_road_km(m, from, to);
    t = d / sc->cargo_bike.speed_kmh * 3600.0;
    break;
  case LM_VEHICLE_DRONE:
    d = drone_km(m, from, to);
    t = d / sc->drone.speed_kmh * 3600.0;
    break;
  case LM_VEHICLE_ELECTRIC_VAN:
    d = lm__fleet_road_km(m, from, to);
    t = d / sc->electric_van.speed_kmh * 3600.0 * m->plan_time_factor[m->stops.node_zone[to]];
    break;
  default:
    t = lm__fleet_van_travel(ud, 0, from, to, depart_s, &d);
    break;
  }
  *dist_km = d;
  return extra + t;
}

double lm__fleet_drive(lm_model *m, size_t v, uint32_t from, uint32_t to, double depart_s,
                       double *dist_km) {
  static const double flat[LM_HOURS] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  const lm_scenario *sc = m->sc;
  const lm_traffic *tr = &sc->traffic;
  int kind = m->fleet.vans[v].kind;
  if (kind == LM_VEHICLE_DRONE) { /* no traffic and no noise in the air */
    *dist_km = drone_km(m, from, to);
    return *dist_km / sc->drone.speed_kmh * 3600.0;
  }
  double weather = m->bad_weather ? tr->bad_weather_speed_factor : 1.0;
  double d = lm__fleet_road_km(m, from, to);
  *dist_km = d;
  if (kind == LM_VEHICLE_CARGO_BIKE) { /* its own speed: car congestion does not slow it */
    double t = d / (sc->cargo_bike.speed_kmh * weather) * 3600.0;
    return t * lm_rng_lognormal1(m->rng_trips, tr->trip_noise_cv);
  }
  int16_t z = m->stops.node_zone[to];
  lm_slowdown slow[LM__MAX_INCIDENTS];
  size_t n_slow = 0;
  for (size_t i = 0; i < m->n_incidents; i++)
    if (m->incident_zone[i] == z) slow[n_slow++] = m->incidents[i];
  double speed =
      lm_scenario_vehicle(sc, (lm_vehicle_kind)kind)->speed_kmh * m->day_speed[z] * weather;
  const double *f = (size_t)z < sc->n_zones ? sc->zones[z].speed_factor_by_hour : flat;
  double t = lm_traffic_drive_s(f, speed, slow, n_slow, d, depart_s);
  return t * lm_rng_lognormal1(m->rng_trips, tr->trip_noise_cv);
}

/* Which kinds may serve stop s (a bit per kind; 0 when any vehicle may). */
uint32_t lm__fleet_allowed(const lm_model *m, uint32_t s) {
  if (!m->fleet.mixed) return 0;
  const lm_scenario *sc = m->sc;
  const lm_rstop *st = &m->stops.rstop[s];
  size_t z = (size_t)m->stops.node_zone[st->node]; /* n_zones: in no zone */
  uint32_t mask = 0, all = 0;
  for (int k = 0; k < LM_VEHICLE_KINDS; k++) {
    if (!m->fleet.n_kind[k]) continue;
    all |= 1u << k;
    uint64_t zones = m->st->zone_mask[k];
    if (zones != UINT64_MAX && (z >= sc->n_zones || !(zones >> z & 1))) continue;
    const lm_vehicle_type *t = lm_scenario_vehicle(sc, (lm_vehicle_kind)k);
    if (k == LM_VEHICLE_DRONE) {
      if (m->bad_weather || st->parcels != 1 || st->pickup_parcels > 0 ||
          m->stops.stop_site[s] != LM__HOME || st->volume_l > t->max_parcel_volume_l ||
          2.0 * air_km(m, m->fleet.base_node[k], st->node) > t->range_km)
        continue;
    } else if (st->parcels > t->capacity_parcels || st->volume_l > t->capacity_volume_l) {
      continue;
    }
    mask |= 1u << k;
  }
  /* A strategy that sends by drone whatever a drone can carry keeps such stops for them. */
  if (m->st->drone_first && (mask >> LM_VEHICLE_DRONE & 1u)) return 1u << LM_VEHICLE_DRONE;
  if (mask == all) return 0;
  return mask ? mask : NO_KIND;
}

/* The charge an electric van will have at time t: full after a night, else topped up at
 * the recharge rate since it came back. */
static double charge_at(const lm_model *m, size_t v, double t) {
  const lm_vehicle_type *ev = &m->sc->electric_van;
  if (m->fleet.charged_s[v] < floor(t / LM__DAY_S) * LM__DAY_S) return ev->range_km;
  return fmin(ev->range_km, m->fleet.range_left[v] +
                                ev->recharge_km_per_h * (t - m->fleet.charged_s[v]) / 3600.0);
}

lm_rvehicle lm__fleet_vehicle(const lm_model *m, size_t v, double start_s, double end_s) {
  const lm_vehicle_type *t = lm__fleet_type(m, v);
  int kind = m->fleet.vans[v].kind;
  lm_rvehicle r = {.start_node = m->fleet.base_node[kind],
                   .end_node = m->fleet.base_node[kind],
                   .capacity_parcels = t->capacity_parcels,
                   .capacity_volume_l = t->capacity_volume_l,
                   .shift_start_s = start_s,
                   .shift_end_s = end_s,
                   .cost_fixed = t->cost_fixed_eur,
                   .cost_per_km = t->cost_per_km_eur,
                   .cost_per_hour = t->cost_per_hour_eur};
  /* Planned overtime: without waves of its own, a van may be planned up to max_shift_h
   * after its shift starts; the time past the shift's end is overtime. */
  if (!m->st->n_waves && t->max_shift_h > 0.0) {
    double day = floor(start_s / LM__DAY_S) * LM__DAY_S;
    r.shift_end_s = fmax(end_s, day + t->shift_start_s + t->max_shift_h * 3600.0);
    if (r.shift_end_s > end_s) { /* priced at the overtime rate in the plan */
      r.overtime_after_s = end_s;
      r.cost_per_overtime_hour = fmax(0.0, t->overtime_cost_per_hour_eur - t->cost_per_hour_eur);
    }
  }
  if (!m->fleet.mixed) return r; /* unmixed: one profile, no kinds */
  r.kind = (uint32_t)kind;
  r.profile = (uint32_t)kind;
  if (kind != LM_VEHICLE_VAN) { /* the kind's own shift on this day, within the wave */
    double day = floor(start_s / LM__DAY_S) * LM__DAY_S;
    r.shift_start_s = fmax(start_s, day + t->shift_start_s);
    r.shift_end_s = fmax(r.shift_start_s, fmin(end_s, day + t->shift_end_s));
  }
  if (kind == LM_VEHICLE_DRONE) { /* sorties: the route's total is not a capacity */
    r.capacity_parcels = UINT32_MAX / 2;
    r.capacity_volume_l = INFINITY;
  }
  if (kind == LM_VEHICLE_ELECTRIC_VAN)
    r.max_distance_km = fmax(1e-9, charge_at(m, v, r.shift_start_s));
  return r;
}

void lm__fleet_depart(lm_model *m, size_t v, double depart_s) {
  lm__van *vn = &m->fleet.vans[v];
  if (vn->kind == LM_VEHICLE_ELECTRIC_VAN) {
    m->fleet.range_left[v] = charge_at(m, v, depart_s);
    m->fleet.charged_s[v] = depart_s;
  }
}

void lm__fleet_back(lm_model *m, size_t v, double now, double km) {
  if (m->fleet.vans[v].kind != LM_VEHICLE_ELECTRIC_VAN) return;
  m->fleet.range_left[v] -= km;
  m->fleet.charged_s[v] = now;
  if (m->fleet.range_left[v] < m->fleet.range_margin_km)
    m->fleet.range_margin_km = m->fleet.range_left[v];
}

int lm__fleet_init(lm_model *m, size_t max_vehicles) {
  size_t n = max_vehicles ? max_vehicles : 1;
  m->fleet.vehicles = calloc(n, sizeof *m->fleet.vehicles);
  m->fleet.vans = calloc(n, sizeof *m->fleet.vans);
  m->fleet.range_left = calloc(n, sizeof *m->fleet.range_left);
  m->fleet.charged_s = calloc(n, sizeof *m->fleet.charged_s);
  if (!m->fleet.vehicles || !m->fleet.vans || !m->fleet.range_left || !m->fleet.charged_s)
    return LM_ENOMEM;
  return 0;
}

void lm__fleet_free(lm_model *m) {
  free(m->fleet.vehicles);
  free(m->fleet.vans);
  free(m->fleet.range_left);
  free(m->fleet.charged_s);
}
