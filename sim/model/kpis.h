/* kpis.h — from the day accumulators and the parcels to KPIs, and the run's checks
 * (kpis.c). Nothing here changes the simulation's state but the accumulators' service
 * fields.
 */
#ifndef LASTMILE_MODEL_KPIS_H
#define LASTMILE_MODEL_KPIS_H

#include "model/core.h"

/* Turns the totals `a` over `days` days (`round_days` of them delivery days) into KPIs
 * k[LM_KPI_COUNT]. Cannot fail. */
void lm__model_kpis(const lm_model *m, const lm__day_acc *a, double days, double round_days,
                    double *k);
/* The growth of the backlog over days [first, end): the least-squares slope of the
 * end-of-day backlog against the day, within weekdays. Cannot fail. */
double lm__model_backlog_slope(const lm_model *m, uint32_t first, uint32_t end);
/* The age in days at `now` of the oldest parcel neither received, stolen nor returned (0
 * when there is none). Parcels are stored by creation day and ordered within their day,
 * so it looks at the first creation day that still has one; amortised O(1) per parcel
 * (it advances m->oldest). */
double lm__model_oldest_age_d(lm_model *m, double now);
/* Fills the service fields of every day's accumulator (due, on time, lateness, backlog,
 * order-to-receipt p95) from the parcels at the end of the run (`horizon`), and stores in
 * *p95_h the order-to-receipt p95 over the parcels received from day `first` on. Returns
 * 0, or LM_ENOMEM with *p95_h unchanged. */
int lm__model_service(lm_model *m, double horizon, uint32_t first, double *p95_h);
/* Checks that every parcel is accounted for. Returns 0, or LM_ECONSERVATION with a
 * message in diag. */
int lm__model_check_conservation(lm_model *m, lm_diag *diag);

#endif
