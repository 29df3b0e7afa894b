/* kpis.c — a day's or a replication's KPIs from the accumulated counts, the service
 * measures taken over the parcels at the end of a run, and the checks that every parcel is
 * accounted for (created = received + stolen + returned + pending) and that the counts
 * agree with each other (channels sum to received, first-attempt successes <= first
 * attempts).
 *
 * Service is measured over due parcels: a parcel belongs to the day its promise ends
 * (lm__model_due_s), and it is on time when it was delivered by then and received; a
 * parcel still pending past its promise is late. The backlog at the end of a day is the
 * parcels due by then that are neither delivered nor resolved; it is built with a
 * difference array over days, one +1/-1 pair per parcel.
 *
 * The same formulas serve a day and a replication: lm__day_acc holds sums only, and ratios
 * are taken at the end. Cost: O(parcels log parcels) once per run (the p95 sorts), O(days)
 * for the rest.
 */
#include <math.h>
#include <stdlib.h>

#include "model/internal.h"

/* Turns accumulated totals into KPIs (the same formulas for a day and a replication):
 * `days` is the number of days the totals cover, `round_days` those of them with rounds
 * (per-day vehicle counts are means over the days with rounds). */
void lm__model_kpis(const lm_model *m, const lm__day_acc *a, double days, double round_days,
                    double *k) {
  const lm_vehicle_type *vt = &m->sc->van;
  for (int i = 0; i < LM_KPI_COUNT; i++) k[i] = 0.0;
  k[LM_KPI_PARCELS_CREATED] = a->created;
  k[LM_KPI_RECEIVED] = a->received;
  k[LM_KPI_FIRST_ATTEMPTS] = a->first_attempts;
  k[LM_KPI_FIRST_ATTEMPT_SUCCESSES] = a->first_successes;
  k[LM_KPI_FIRST_ATTEMPT_SUCCESS_RATE] =
      a->first_attempts > 0 ? a->first_successes / a->first_attempts : NAN;
  k[LM_KPI_RECEIVED_HOME] = a->received_home;
  k[LM_KPI_LEFT_UNATTENDED] = a->left_at_door;
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
  k[LM_KPI_PARCELS_DUE] = a->due;
  k[LM_KPI_ON_TIME_RATE] = a->due > 0 ? a->due_on_time / a->due : NAN;
  k[LM_KPI_MEAN_LATENESS_S] =
      a->due_lateness_n > 0 ? a->due_lateness_sum_s / a->due_lateness_n : NAN;
  k[LM_KPI_BACKLOG_END] = a->backlog_end;
  k[LM_KPI_OLDEST_PARCEL_AGE_D] = a->oldest_age_d;
  k[LM_KPI_ORDER_TO_RECEIPT_P95_H] = a->order_to_receipt_p95_h;
  k[LM_KPI_STOPS_UNSERVED] = a->stops_unserved;
  k[LM_KPI_STOPS_UNSERVED_IDLE] = a->stops_unserved_idle;
  k[LM_KPI_STOPS] = a->stops;
  k[LM_KPI_VAN_HOURS] = a->hours[0];
  k[LM_KPI_OVERTIME_HOURS] = a->overtime_h[0];
  k[LM_KPI_VANS_USED] = round_days > 0 ? a->used[0] / round_days : NAN;
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
    k[kpi_used[i]] = round_days > 0 ? a->used[i] / round_days : NAN;
    k[kpi_co2[i]] = g / 1000.0;
    k[LM_KPI_OVERTIME_HOURS] += a->overtime_h[i];
    co2_g += g;
  }
  lm__costs_kpis(m, a, days, k); /* every cost KPI, cost_total and cost_per_parcel */
  k[LM_KPI_CO2_KG] = co2_g / 1000.0;
  k[LM_KPI_CO2_G_PER_PARCEL] = a->received > 0 ? co2_g / a->received : NAN;
  k[LM_KPI_MEAN_ORDER_TO_RECEIPT_H] =
      a->received > 0 ? a->order_to_receipt_sum_h / a->received : NAN;
  k[LM_KPI_ROUTING_PLANS] = a->plans;
  k[LM_KPI_ROUTING_PLANNED_KM] = a->planned_km;
  k[LM_KPI_ROUTING_PLANNED_H] = a->planned_h;
  k[LM_KPI_ROUTING_PLANNED_STOPS] = a->planned_stops;
  k[LM_KPI_ROUTING_SOLVER_ITERATIONS] = a->solver_iterations;
  for (int i = 0; i < LM_VEHICLE_KINDS; i++) {
    k[LM_KPI_ROUTING_DRIVEN_KM] += a->km[i];
    k[LM_KPI_ROUTING_DRIVEN_H] += a->hours[i];
  }
  k[LM_KPI_SAME_DAY_PARCELS] = a->same_day;
  k[LM_KPI_SAME_DAY_DELIVERED_SHARE] = a->same_day > 0 ? a->same_day_on_time / a->same_day : NAN;
}

/* The backlog's growth per day, free of the weekly cycle: with rounds on some weekdays
 * only (no Sunday rounds, Monday carrying the weekend), a backlog that merely repeats
 * week after week has a non-zero plain slope over most windows. So the slope is fitted
 * with one level per weekday (weekday fixed effects):
 *   b = sum_w sum_{d in w} (d - mean_w d)(y_d - mean_w y) / sum_w sum_{d in w} (d - mean_w d)^2,
 * which uses only the change between days of the same weekday; over exactly 8 days it is
 * (y_7 - y_0) / 7. With fewer than 8 days no weekday repeats, and the plain slope over all
 * days is returned (0 for a single day). O(end - first). */
double lm__model_backlog_slope(const lm_model *m, uint32_t first, uint32_t end) {
  double n[7] = {0}, sx[7] = {0}, sy[7] = {0}, sxx[7] = {0}, sxy[7] = {0};
  double N = 0, SX = 0, SY = 0, SXX = 0, SXY = 0;
  for (uint32_t d = first; d < end; d++) {
    int w = lm__model_weekday(m, d);
    double x = (double)(d - first), y = m->acc[d].backlog_end;
    n[w]++, sx[w] += x, sy[w] += y, sxx[w] += x * x, sxy[w] += x * y;
    N++, SX += x, SY += y, SXX += x * x, SXY += x * y;
  }
  double num = 0.0, den = 0.0;
  for (int w = 0; w < 7; w++)
    if (n[w] > 1) {
      num += sxy[w] - sx[w] * sy[w] / n[w];
      den += sxx[w] - sx[w] * sx[w] / n[w];
    }
  if (den > 0.0) return num / den;
  double var = N * SXX - SX * SX;
  return var > 0.0 ? (N * SXY - SX * SY) / var : 0.0;
}

double lm__model_oldest_age_d(lm_model *m, double now) {
  while (m->oldest < m->n_parcels && !isnan(m->parcels[m->oldest].resolved_s)) m->oldest++;
  if (m->oldest == m->n_parcels) return 0.0;
  uint32_t day = m->parcels[m->oldest].day_created;
  double first = INFINITY;
  for (size_t i = m->oldest; i < m->n_parcels && m->parcels[i].day_created == day; i++)
    if (isnan(m->parcels[i].resolved_s) && m->parcels[i].order_s < first)
      first = m->parcels[i].order_s;
  return fmax(0.0, now - first) / LM__DAY_S;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The 95th percentile of v[0..n) by the nearest-rank rule (the ceil(0.95 n)-th smallest);
 * sorts v. NaN when n is 0. */
static double p95(double *v, size_t n) {
  if (n == 0) return NAN;
  qsort(v, n, sizeof *v, cmp_double);
  size_t rank = (size_t)ceil(0.95 * (double)n);
  return v[rank - 1];
}

/* The day whose end is the first day end at or after t (days from 0), as a double so that
 * infinite and far times compare. */
static double day_ending(double t) { return ceil(t / LM__DAY_S) - 1.0; }

int lm__model_service(lm_model *m, double horizon, uint32_t first, double *p95_h) {
  size_t days = m->sc->days;
  double *diff = calloc(days + 1, sizeof *diff);
  size_t *count = calloc(days + 1, sizeof *count);
  double *wait = malloc((m->n_parcels ? m->n_parcels : 1) * sizeof *wait);
  if (!diff || !count || !wait) {
    free(diff), free(count), free(wait);
    return LM_ENOMEM;
  }
  for (size_t i = 0; i < m->n_parcels; i++) {
    const lm__parcel *p = &m->parcels[i];
    double due = lm__model_due_s(m, p), dd = day_ending(due);
    double delivered = isnan(p->delivered_s) ? INFINITY : p->delivered_s;
    double resolved = isnan(p->resolved_s) ? INFINITY : p->resolved_s;
    if (p->state == LM__P_RECEIVED) { /* counted for the p95 of its day of receipt */
      double rd = fmin(day_ending(p->resolved_s), (double)days - 1.0);
      count[(size_t)fmax(0.0, rd)]++;
    }
    if (dd >= (double)days) continue; /* due after the horizon */
    lm__day_acc *a = &m->acc[(size_t)fmax(0.0, dd)];
    a->due++;
    if (p->state == LM__P_RECEIVED && delivered <= due) a->due_on_time++;
    if (!(p->state == LM__P_RETURNED && !isfinite(delivered))) { /* delivered, or still waiting */
      a->due_lateness_sum_s += fmax(0.0, fmin(delivered, horizon) - due);
      a->due_lateness_n++;
    }
    /* In the backlog at the end of every day from dd on that ends before it left. */
    double last = fmin((double)days - 1.0, ceil(fmin(delivered, resolved) / LM__DAY_S - 1.0) - 1.0);
    if (last >= dd) {
      diff[(size_t)fmax(0.0, dd)]++;
      diff[(size_t)last + 1]--;
    }
  }
  double backlog = 0.0;
  for (size_t d = 0; d < days; d++) m->acc[d].backlog_end = backlog += diff[d];
  /* Order-to-receipt times bucketed by day of receipt (a counting sort), then each day's
   * p95 and the p95 over the counted days. */
  size_t total, *start = calloc(days + 1, sizeof *start);
  if (!start) {
    free(diff), free(count), free(wait);
    return LM_ENOMEM;
  }
  for (size_t d = 0; d < days; d++) start[d + 1] = start[d] + count[d];
  total = start[days];
  for (size_t d = 0; d < days; d++) count[d] = start[d];
  for (size_t i = 0; i < m->n_parcels; i++) {
    const lm__parcel *p = &m->parcels[i];
    if (p->state != LM__P_RECEIVED) continue;
    size_t d = (size_t)fmax(0.0, fmin(day_ending(p->resolved_s), (double)days - 1.0));
    wait[count[d]++] = (p->resolved_s - p->order_s) / 3600.0;
  }
  for (size_t d = 0; d < days; d++)
    m->acc[d].order_to_receipt_p95_h = p95(wait + start[d], start[d + 1] - start[d]);
  /* Each day's slice is sorted now; the counted days' p95 from their union. */
  size_t from = start[first < days ? first : days];
  *p95_h = p95(wait + from, total - from);
  free(diff), free(count), free(wait), free(start);
  return 0;
}

int lm__model_check_conservation(lm_model *m, lm_diag *diag) {
  for (uint32_t d = 0; d < m->sc->days; d++) {
    const lm__day_acc *a = &m->acc[d];
    double channels = a->received_home + a->received_neighbour + a->received_door +
                      a->received_safe_place + a->received_locker + a->received_pickup;
    if (channels != a->received || a->first_successes > a->first_attempts ||
        a->first_attempts > a->attempts || a->failed > a->attempts) {
      lm_diag_error(diag, NULL, 0, 0,
                    "KPI counts disagree in strategy '%s' on day %u: received %.0f but the "
                    "channels sum to %.0f; %.0f first-attempt successes of %.0f first "
                    "attempts; %.0f failed of %.0f attempts",
                    m->st->name, d, a->received, channels, a->first_successes, a->first_attempts,
                    a->failed, a->attempts);
      return LM_ECONSERVATION;
    }
  }
  size_t created = m->n_parcels, received = 0, stolen = 0, returned = 0, pending = 0;
  double acc_created = 0, acc_received = 0, acc_stolen = 0, acc_returned = 0;
  for (size_t i = 0; i < m->n_parcels; i++) {
    uint8_t st = m->parcels[i].state;
    received += st == LM__P_RECEIVED;
    stolen += st == LM__P_STOLEN;
    returned += st == LM__P_RETURNED;
    pending += st == LM__P_AT_DEPOT || st == LM__P_IN_VAN || st == LM__P_FAILED_IN_VAN ||
               st == LM__P_BOUNCED || st == LM__P_AT_DOOR || st == LM__P_IN_LOCKER;
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
