/* kpis.c — a day's or a replication's KPIs from the accumulated counts, and the check
 * that every parcel is accounted for (created = received + stolen + returned + pending).
 *
 * The same formulas serve a day and a replication: day_acc holds sums only, and ratios
 * are taken at the end. Cost: O(parcels) for the conservation check, O(days) for the rest.
 */
#include <math.h>

#include "model/internal.h"

/* Turns accumulated totals into KPIs (the same formulas for a day and a replication). */
void lm__model_kpis(const lm_model *m, const day_acc *a, double days, double *k) {
  const lm_vehicle_type *vt = &m->sc->van;
  for (int i = 0; i < LM_KPI_COUNT; i++) k[i] = 0.0;
  k[LM_KPI_PARCELS_CREATED] = a->created;
  k[LM_KPI_RECEIVED] = a->received;
  k[LM_KPI_RECEIVED_FIRST_ATTEMPT] = a->received_first;
  k[LM_KPI_RECEIVED_HOME] =
      a->received - a->received_door - a->received_locker - a->received_pickup -
      a->received_neighbour - a->received_safe_place;
  k[LM_KPI_RECEIVED_LOCKER] = a->received_locker;
  k[LM_KPI_RECEIVED_PICKUP_POINT] = a->received_pickup;
  k[LM_KPI_LOCKER_OVERFLOW] = a->locker_overflow;
  k[LM_KPI_LOCKER_UTILIZATION] =
      a->locker_capacity_s > 0 ? a->locker_occupied_s / a->locker_capacity_s : 0.0;
  k[LM_KPI_RECEIVED_DOOR] = a->received_door;
  k[LM_KPI_RECEIVED_NEIGHBOUR] = a->received_neighbour;
  k[LM_KPI_RECEIVED_SAFE_PLACE] = a->received_safe_place;
  k[LM_KPI_STOLEN] = a->stolen;
  k[LM_KPI_STOLEN_VALUE] = a->stolen_value;
  k[LM_KPI_ATTEMPTS] = a->attempts;
  k[LM_KPI_FAILED_ATTEMPTS] = a->failed;
  k[LM_KPI_REDELIVERIES] = a->redeliveries;
  k[LM_KPI_RETURNED] = a->returned;
  k[LM_KPI_PENDING_AT_END] = a->pending_end;
  k[LM_KPI_ON_TIME_RATE] = a->resolved > 0 ? a->on_time / a->resolved : NAN;
  k[LM_KPI_MEAN_LATENESS_S] = a->received > 0 ? a->lateness_sum_s / a->received : NAN;
  k[LM_KPI_VAN_HOURS] = a->hours[0];
  k[LM_KPI_OVERTIME_HOURS] = a->overtime_h[0];
  k[LM_KPI_VANS_USED] = days > 0 ? a->used[0] / days : NAN;
  /* The vans of fleet.van, with the trips that stock the micro-hub. */
  k[LM_KPI_VAN_KM] = a->km[0] + a->restock_km;
  double co2_g = k[LM_KPI_VAN_KM] * vt->co2_g_per_km;
  k[LM_KPI_VAN_CO2_KG] = co2_g / 1000.0;
  k[LM_KPI_RETURNS_REQUESTED] = a->returns_requested;
  k[LM_KPI_RETURNS_COLLECTED] = a->returns_collected;
  k[LM_KPI_RETURNS_PENDING_AT_END] = a->returns_pending_end;
  /* The other kinds: their own KPIs, and their share of the totals. */
  static const int kpi_km[] = {0, LM_KPI_ELECTRIC_VAN_KM, LM_KPI_CARGO_BIKE_KM, LM_KPI_DRONE_KM};
  static const int kpi_used[] = {0, LM_KPI_ELECTRIC_VANS_USED, LM_KPI_CARGO_BIKES_USED,
                                 LM_KPI_DRONES_USED};
  static const int kpi_co2[] = {0, LM_KPI_ELECTRIC_VAN_CO2_KG, LM_KPI_CARGO_BIKE_CO2_KG,
                                LM_KPI_DRONE_CO2_KG};
  for (int i = 1; i < LM_VEHICLE_KINDS; i++) {
    const lm_vehicle_type *t = lm_scenario_vehicle(m->sc, (lm_vehicle_kind)i);
    double g = a->km[i] * t->co2_g_per_km;
    k[kpi_km[i]] = a->km[i];
    k[kpi_used[i]] = days > 0 ? a->used[i] / days : NAN;
    k[kpi_co2[i]] = g / 1000.0;
    k[LM_KPI_OVERTIME_HOURS] += a->overtime_h[i];
    co2_g += g;
  }
  lm__costs_kpis(m, a, days, k); /* every cost KPI, cost_total and cost_per_parcel */
  k[LM_KPI_CO2_KG] = co2_g / 1000.0;
  k[LM_KPI_CO2_G_PER_PARCEL] = a->received > 0 ? co2_g / a->received : NAN;
  k[LM_KPI_MEAN_ORDER_TO_RECEIPT_H] =
      a->received > 0 ? a->order_to_receipt_sum_h / a->received : NAN;
  k[LM_KPI_SAME_DAY_PARCELS] = a->same_day;
  k[LM_KPI_SAME_DAY_DELIVERED_SHARE] = a->same_day > 0 ? a->same_day_on_time / a->same_day : NAN;
}

int lm__model_check_conservation(lm_model *m, lm_diag *diag) {
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
