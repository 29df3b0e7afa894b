/* costs.c — what a strategy costs the carrier, each part computed here and only here.
 *
 * cost_total is, exactly and in this order, the sum of eight parts (lm_kpi_cost_parts):
 *   vehicles       each kind's cost_fixed_eur per vehicle used per day, a vehicle used
 *                  counted once a day however many waves it drives (the most out in one
 *                  wave);
 *   distance       each kind's cost_per_km_eur per km its vehicles drove, rode or flew;
 *   driver         the paid shifts (below);
 *   lockers        every compartment of each locker or pickup point the strategy used, every
 *                  day of the run, at the site's cost_per_compartment_day_eur, plus the
 *                  site's handling_fee_eur per parcel placed in it. A site is used when the
 *                  strategy placed at least one parcel in it during the replication (warm-up
 *                  included); a strategy that never does pays nothing for it;
 *   theft          the uninsured share of the value of stolen parcels, theft.premium_eur per
 *                  parcel left unattended, and costs.reshipment_eur per re-shipment (a stolen
 *                  parcel is shipped again as a new parcel the next day; its delivery is
 *                  priced like any parcel's, in the other parts);
 *   returns        costs.return_to_sender_eur per parcel returned to the sender and
 *                  costs.customer_return_eur per customer return collected;
 *   notifications  costs.eta_message_eur per arrival-time message;
 *   restock        the van trips that stock the micro-hub for the cargo bikes (below).
 *
 * Driver shifts. A duty is one vehicle's work in one wave: from the start of its loading
 * (departure − depot.loading_time_s) to its last return to base. A wave's duties of each kind
 * go, in order of their start, to the drivers already on duty that day (in the order they
 * came on), and then to new drivers: the driver of a morning duty also drives the evening
 * one. Waves never overlap (a wave leaves only when every vehicle of the previous one is
 * back), so a driver's day runs from the loading of their first duty to the end of their
 * last. Each driver is paid the kind's contracted shift (shift_end − shift_start) at
 * cost_per_hour_eur however short their day (an assumption: drivers are hired by the day),
 * and the time beyond it at overtime_cost_per_hour_eur. Drivers per kind and day equal the
 * vehicles used, so the vehicle and driver parts count the same people and vans.
 *
 * Restocking. The parcels that cargo bikes load at the micro-hub come from the depot in
 * van trips: each time bikes leave the hub (a wave, or a re-plan sending one out again),
 * the parcels and volume they took need max(⌈parcels / van capacity⌉, ⌈volume / van
 * volume⌉) round trips depot–hub–depot, each paid for its road km at the van's per-km cost
 * and for its expected driving time plus one depot.loading_time_s at the van's hourly
 * rate. The trips' km count in van_km and co2_kg. The shuttle is assumed to arrive in time
 * (the bikes are not delayed by it) and to be a depot van otherwise idle (no fixed cost,
 * no minimum shift).
 *
 * External costs. Not the carrier's: the public's cost of the km driven, in five parts
 * (lm_kpi_external_parts: climate, air pollution, noise, congestion, accidents). Part p is
 * Σ over kinds of km × external_costs.KIND's factor p (the van's km with its restocking
 * trips, as in van_km) plus the customers' car km to lockers and pickup points
 * (customer_trip_km × customer_trips.car_share) × external_costs.customer_car's factor p;
 * external_cost_eur is exactly the parts' sum in that order (checked like cost_total).
 * The electric kinds' electricity is their km × energy_kwh_per_km, and its CO2 (grid_co2_kg,
 * well to wheel) that × external_costs.grid_co2_g_per_kwh.
 *
 * Everything is accumulated per day in lm__day_acc (quantities, or EUR where a price varies by
 * site) and priced in lm__costs_kpis; the run's check (lm__costs_check) asserts that the
 * parts add up. Cost: O(vehicles²) at worst per wave (an insertion sort of its duties), O(sites x
 * days) per run.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal.h"

int lm__costs_init(lm_model *m, size_t max_vehicles, size_t n_sites) {
  size_t nv = max_vehicles ? max_vehicles : 1;
  m->costs.duty_start_s = malloc(nv * sizeof *m->costs.duty_start_s);
  m->costs.duty_end_s = malloc(nv * sizeof *m->costs.duty_end_s);
  m->costs.drv_start_s = malloc(nv * sizeof *m->costs.drv_start_s);
  m->costs.drv_end_s = malloc(nv * sizeof *m->costs.drv_end_s);
  m->costs.duty_order = malloc(nv * sizeof *m->costs.duty_order);
  m->costs.site_used = calloc(n_sites ? n_sites : 1, 1);
  if (!m->costs.duty_start_s || !m->costs.duty_end_s || !m->costs.drv_start_s ||
      !m->costs.drv_end_s || !m->costs.duty_order || !m->costs.site_used)
    return LM_ENOMEM;
  return 0;
}

void lm__costs_free(lm_model *m) {
  free(m->costs.duty_start_s);
  free(m->costs.duty_end_s);
  free(m->costs.drv_start_s);
  free(m->costs.drv_end_s);
  free(m->costs.duty_order);
  free(m->costs.site_used);
}

/* The index of the first vehicle (and driver slot) of kind k. */
static size_t kind_first(const lm_model *m, int k) {
  size_t first = 0;
  for (int j = 0; j < k; j++) first += m->fleet.n_kind[j];
  return first;
}

static void clear_duties(lm_model *m) {
  for (size_t v = 0; v < m->fleet.n_vans; v++)
    m->costs.duty_start_s[v] = m->costs.duty_end_s[v] = NAN;
}

void lm__costs_reset(lm_model *m) {
  clear_duties(m);
  memset(m->costs.n_drv, 0, sizeof m->costs.n_drv);
  m->costs.duty_day = m->costs.drv_day = -1;
  m->costs.hub_batch_s = NAN;
  m->costs.hub_parcels = m->costs.hub_volume_l = 0.0;
  memset(m->costs.site_used, 0, m->sc->n_lockers ? m->sc->n_lockers : 1);
}

/* Pays the drivers of day drv_day and forgets them. */
static void close_drivers(lm_model *m) {
  if (m->costs.drv_day < 0) return;
  lm__day_acc *a = &m->acc[m->costs.drv_day];
  for (int k = 0; k < LM_VEHICLE_KINDS; k++) {
    const lm_vehicle_type *t = lm_scenario_vehicle(m->sc, (lm_vehicle_kind)k);
    double contract_h = (t->shift_end_s - t->shift_start_s) / 3600.0;
    size_t first = kind_first(m, k);
    for (size_t i = first; i < first + m->costs.n_drv[k]; i++) {
      double day_h = (m->costs.drv_end_s[i] - m->costs.drv_start_s[i]) / 3600.0;
      double over_h = fmax(0.0, day_h - contract_h);
      a->driver_h[k] += contract_h + over_h;
      a->driver_ot_h[k] += over_h;
    }
    m->costs.n_drv[k] = 0;
  }
  m->costs.drv_day = -1;
}

/* Hands the current wave's duties to the drivers of its day (see the top). */
static void flush_duties(lm_model *m) {
  if (m->costs.duty_day < 0) return;
  if (m->costs.drv_day != m->costs.duty_day) {
    close_drivers(m);
    m->costs.drv_day = m->costs.duty_day;
  }
  size_t *idx = m->costs.duty_order;
  for (int k = 0; k < LM_VEHICLE_KINDS; k++) {
    size_t first = kind_first(m, k), n = 0;
    for (size_t v = first; v < first + m->fleet.n_kind[k]; v++) {
      if (isnan(m->costs.duty_start_s[v])) continue;
      size_t j = n++; /* insertion by start, ties in vehicle order */
      while (j > 0 && m->costs.duty_start_s[idx[j - 1]] > m->costs.duty_start_s[v]) {
        idx[j] = idx[j - 1];
        j--;
      }
      idx[j] = v;
    }
    for (size_t i = 0; i < n; i++) {
      size_t d = first + i, v = idx[i];
      if (i >= m->costs.n_drv[k]) { /* a driver comes on */
        m->costs.drv_start_s[d] = m->costs.duty_start_s[v];
        m->costs.n_drv[k]++;
      }
      m->costs.drv_end_s[d] = m->costs.duty_end_s[v];
    }
  }
  clear_duties(m);
  m->costs.duty_day = -1;
}

/* Books the round trips that bring the bikes' last load to the micro-hub. */
static void flush_restock(lm_model *m) {
  if (isnan(m->costs.hub_batch_s) || !(m->costs.hub_parcels > 0.0)) {
    m->costs.hub_parcels = m->costs.hub_volume_l = 0.0;
    return;
  }
  const lm_vehicle_type *vt = &m->sc->van;
  double trips = fmax(ceil(m->costs.hub_parcels / (double)vt->capacity_parcels),
                      ceil(m->costs.hub_volume_l / vt->capacity_volume_l));
  double out_km, back_km, t = m->costs.hub_batch_s;
  double out_s = lm__fleet_van_travel(m, 0, 0, 1, t, &out_km);
  double back_s = lm__fleet_van_travel(m, 0, 1, 0, t + out_s, &back_km);
  lm__day_acc *a = lm__model_acc_at(m, t);
  a->restock_trips += trips;
  a->restock_km += trips * (out_km + back_km);
  a->restock_h += trips * (m->sc->depot.loading_time_s + out_s + back_s) / 3600.0;
  m->costs.hub_parcels = m->costs.hub_volume_l = 0.0;
}

void lm__costs_wave(lm_model *m, uint32_t day) {
  flush_duties(m);
  m->costs.duty_day = day;
}

void lm__costs_depart(lm_model *m, size_t v, double depart_s) {
  double load_s = depart_s - m->sc->depot.loading_time_s;
  if (isnan(m->costs.duty_start_s[v]) || load_s < m->costs.duty_start_s[v])
    m->costs.duty_start_s[v] = load_s;
  const lm__van *vn = &m->fleet.vans[v];
  if (vn->kind != LM_VEHICLE_CARGO_BIKE || m->stops.node0 != 2) return; /* no micro-hub to stock */
  if (depart_s != m->costs.hub_batch_s) {
    flush_restock(m);
    m->costs.hub_batch_s = depart_s;
  }
  for (size_t i = vn->pos; i < vn->end; i++) {
    const lm_rstop *st = &m->stops.rstop[m->tours.plan.order[i]];
    m->costs.hub_parcels += st->parcels;
    m->costs.hub_volume_l += st->volume_l;
  }
}

void lm__costs_back(lm_model *m, size_t v, double now) {
  if (isnan(m->costs.duty_end_s[v]) || now > m->costs.duty_end_s[v]) m->costs.duty_end_s[v] = now;
}

void lm__costs_finish(lm_model *m, double horizon_s) {
  for (size_t v = 0; v < m->fleet.n_vans; v++) /* still out at the horizon: paid until then */
    if (!isnan(m->costs.duty_start_s[v]) && m->fleet.vans[v].state != LM__V_IDLE)
      m->costs.duty_end_s[v] = horizon_s;
  flush_duties(m);
  close_drivers(m);
  flush_restock(m);
  const lm_scenario *sc = m->sc;
  for (size_t l = 0; l < sc->n_lockers; l++) {
    if (!m->costs.site_used[l]) continue;
    const lm_locker *lk = &sc->lockers[l];
    double compartments = 0.0;
    for (size_t i = 0; i < lk->n_compartment_sizes; i++) compartments += lk->compartments[i];
    for (uint32_t d = 0; d < sc->days; d++) {
      m->acc[d].sites_used++;
      m->acc[d].site_rent_eur += compartments * lk->cost_per_compartment_day_eur;
    }
  }
}

/* A kind's factor for external part p (the order of lm_kpi_external_parts). */
static double ext_factor(const lm_external_factors *f, int p) {
  const double v[LM_KPI_EXTERNAL_PARTS] = {f->climate_eur_per_km, f->air_pollution_eur_per_km,
                                           f->noise_eur_per_km, f->congestion_eur_per_km,
                                           f->accidents_eur_per_km};
  return v[p];
}

/* The external costs and the electric kinds' electricity and grid CO2 (see the top). */
static void external_kpis(const lm_scenario *sc, const lm__day_acc *a, double *k) {
  const lm_external_costs *x = &sc->external_costs;
  double km[LM_VEHICLE_KINDS];
  for (int i = 0; i < LM_VEHICLE_KINDS; i++) km[i] = a->km[i];
  km[LM_VEHICLE_VAN] += a->restock_km; /* as in van_km */
  double car_km = a->customer_trip_km * sc->customer_trips.car_share;
  double total = 0.0, car = 0.0;
  for (int p = 0; p < LM_KPI_EXTERNAL_PARTS; p++) {
    double sum = 0.0;
    for (int i = 0; i < LM_VEHICLE_KINDS; i++) sum += km[i] * ext_factor(&x->kind[i], p);
    double c = car_km * ext_factor(&x->customer_car, p);
    k[lm_kpi_external_parts[p]] = sum + c;
    car += c;
  }
  for (int p = 0; p < LM_KPI_EXTERNAL_PARTS; p++) total += k[lm_kpi_external_parts[p]];
  k[LM_KPI_EXTERNAL_COST_EUR] = total;
  k[LM_KPI_EXTERNAL_CUSTOMER_TRIPS_EUR] = car;
  k[LM_KPI_EXTERNAL_COST_PER_PARCEL] = a->received > 0 ? total / a->received : NAN;
  double kwh = 0.0;
  for (int i = 0; i < LM_VEHICLE_KINDS; i++)
    if (i != LM_VEHICLE_VAN)
      kwh += km[i] * lm_scenario_vehicle(sc, (lm_vehicle_kind)i)->energy_kwh_per_km;
  k[LM_KPI_ELECTRICITY_KWH] = kwh;
  k[LM_KPI_GRID_CO2_KG] = kwh * x->grid_co2_g_per_kwh / 1000.0;
}

void lm__costs_kpis(const lm_model *m, const lm__day_acc *a, double days, double *k) {
  const lm_scenario *sc = m->sc;
  double vehicles = 0.0, distance = 0.0, driver = 0.0, driver_h = 0.0, over_h = 0.0;
  for (int i = 0; i < LM_VEHICLE_KINDS; i++) {
    const lm_vehicle_type *t = lm_scenario_vehicle(sc, (lm_vehicle_kind)i);
    vehicles += a->used[i] * t->cost_fixed_eur;
    distance += a->km[i] * t->cost_per_km_eur;
    driver += (a->driver_h[i] - a->driver_ot_h[i]) * t->cost_per_hour_eur +
              a->driver_ot_h[i] * t->overtime_cost_per_hour_eur;
    driver_h += a->driver_h[i];
    over_h += a->driver_ot_h[i];
  }
  k[LM_KPI_COST_VEHICLES] = vehicles;
  k[LM_KPI_COST_DISTANCE] = distance;
  k[LM_KPI_COST_DRIVER] = driver;
  k[LM_KPI_COST_LOCKERS] = a->site_rent_eur + a->site_fees_eur;
  k[LM_KPI_COST_THEFT] = a->stolen_value * (1.0 - sc->theft.insured_share) +
                         a->left_at_door * sc->theft.premium_eur +
                         a->reshipments * sc->costs.reshipment_eur;
  k[LM_KPI_COST_RETURNS] = a->returned * sc->costs.return_to_sender_eur +
                           a->returns_collected * sc->costs.customer_return_eur;
  k[LM_KPI_COST_NOTIFICATIONS] = a->eta_messages * sc->costs.eta_message_eur;
  k[LM_KPI_COST_RESTOCK] =
      a->restock_km * sc->van.cost_per_km_eur + a->restock_h * sc->van.cost_per_hour_eur;
  double total = 0.0;
  for (int p = 0; p < LM_KPI_COST_PARTS; p++) total += k[lm_kpi_cost_parts[p]];
  k[LM_KPI_COST_TOTAL] = total;
  k[LM_KPI_COST_PER_PARCEL] = a->received > 0 ? total / a->received : NAN;
  k[LM_KPI_RESHIPMENTS] = a->reshipments;
  k[LM_KPI_ETA_MESSAGES] = a->eta_messages;
  k[LM_KPI_DRIVER_HOURS] = driver_h;
  k[LM_KPI_DRIVER_OVERTIME_HOURS] = over_h;
  k[LM_KPI_RESTOCK_TRIPS] = a->restock_trips;
  k[LM_KPI_SITES_USED] = days > 0 ? a->sites_used / days : NAN;
  k[LM_KPI_CUSTOMER_TRIP_KM] = a->customer_trip_km;
  k[LM_KPI_CUSTOMER_TRIP_CO2_KG] = a->customer_trip_km * sc->customer_trips.car_share *
                                   sc->customer_trips.car_co2_g_per_km / 1000.0;
  external_kpis(sc, a, k);
}

/* Checks that the n parts (finite, >= 0) add up exactly to k[total]; 0, or an error naming
 * the first bad part (or the total) in strategy m->st, at `what`. */
static int check_parts(const lm_model *m, const double *k, const lm_kpi *parts, int n, lm_kpi total,
                       const char *label, const char *what, lm_diag *diag) {
  double sum = 0.0;
  int bad = -1;
  for (int p = 0; p < n; p++) {
    double x = k[parts[p]];
    if (!(isfinite(x) && x >= 0.0) && bad < 0) bad = (int)parts[p];
    sum += x;
  }
  if (bad < 0 && sum == k[total]) return 0;
  int at = bad < 0 ? (int)total : bad;
  lm_diag_error(diag, NULL, 0, 0,
                "%s parts broken in strategy '%s' (%s): %s = %.17g; the parts add up to %.17g "
                "and %s is %.17g",
                label, m->st->name, what, lm_kpi_defs[at].name, k[at], sum, lm_kpi_defs[total].name,
                k[total]);
  return LM_ECONSERVATION;
}

int lm__costs_check(const lm_model *m, const double *k, const char *what, lm_diag *diag) {
  int rc = check_parts(m, k, lm_kpi_cost_parts, LM_KPI_COST_PARTS, LM_KPI_COST_TOTAL, "cost", what,
                       diag);
  if (rc) return rc;
  return check_parts(m, k, lm_kpi_external_parts, LM_KPI_EXTERNAL_PARTS, LM_KPI_EXTERNAL_COST_EUR,
                     "external cost", what, diag);
}
