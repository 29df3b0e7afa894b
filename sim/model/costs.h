/* costs.h — the carrier's costs and the public's (external costs), each computed in
 * costs.c once.
 *
 * Invariant: the cost parts of a KPI row add up exactly to cost_total, and the external
 * parts to external_cost_eur (lm__costs_check).
 */
#ifndef LASTMILE_MODEL_COSTS_H
#define LASTMILE_MODEL_COSTS_H

#include "model/core.h"

/* The costs part of the model (m->costs). A duty is one vehicle's work in one wave;
 * drivers are matched to the duties of a day kind by kind (slots numbered like the
 * vehicles). */
typedef struct lm__costs {
  double *duty_start_s, *duty_end_s; /* per vehicle, in the current wave; NaN: no duty */
  double *drv_start_s, *drv_end_s;   /* per driver slot, on day drv_day */
  size_t *duty_order;                /* workspace: a wave's duties of one kind, by start */
  uint32_t n_drv[LM_VEHICLE_KINDS];  /* drivers of each kind on day drv_day */
  int64_t duty_day, drv_day;         /* the day of the current wave and of the drivers */
  double hub_batch_s;                /* when bikes last left the micro-hub; NaN: none */
  double hub_parcels, hub_volume_l;  /* what they took, still to be restocked */
  uint8_t *site_used;                /* per site: the strategy placed a parcel there */
} lm__costs;

/* Allocates the per-vehicle and per-site workspace. Returns 0, or LM_ENOMEM (what was
 * allocated is left for lm__costs_free). */
int lm__costs_init(lm_model *m, size_t max_vehicles, size_t n_sites);
/* Frees the part; safe on a partly initialised model. */
void lm__costs_free(lm_model *m);
/* Forgets the previous replication; needs the strategy's fleet (lm__fleet_setup). */
void lm__costs_reset(lm_model *m);
/* A wave of `day` is dispatched: the previous wave's duties go to the drivers. */
void lm__costs_wave(lm_model *m, uint32_t day);
/* Vehicle v leaves its base at depart_s with its stops order[pos..end) loaded. */
void lm__costs_depart(lm_model *m, size_t v, double depart_s);
/* Vehicle v is back at its base at `now`. */
void lm__costs_back(lm_model *m, size_t v, double now);
/* The run ended at `horizon_s`: closes the last duties, drivers and restocking, and
 * charges the sites the strategy used for every day. */
void lm__costs_finish(lm_model *m, double horizon_s);
/* Sets the cost KPIs of k, the customers' trips, the external costs, electricity_kwh and
 * grid_co2_kg from the totals `a` over `days` days. Leaves the other entries of k
 * unchanged. */
void lm__costs_kpis(const lm_model *m, const lm__day_acc *a, double days, double *k);
/* Checks that the cost parts of k are finite, not negative and add up exactly to
 * cost_total, and the external parts likewise to external_cost_eur. Returns 0, or
 * LM_ECONSERVATION with a message naming the part and `what` in diag. */
int lm__costs_check(const lm_model *m, const double *k, const char *what, lm_diag *diag);

#endif
