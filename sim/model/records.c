/* records.c — the records of a run (records.h): copying the parcels and the recorded
 * tours out of a model, and freeing records.
 *
 * A copy is the caller's and outlives the model's next run. Every array is allocated,
 * with room for at least one entry even when n is 0 (so that a NULL always means out of
 * memory); on failure nothing is kept and the log is left zeroed. The model's parcel
 * states are the records' states (checked below at compile time), and a parcel's
 * day_created is counted from the first counted day, not from the start of the warm-up.
 * Cost: O(n) for n parcels or stops.
 */
#include "lastmile/records.h"

#include <stdlib.h>
#include <string.h>

#include "lastmile/model.h"
#include "model/internal.h"

#define SAME(p, lm) ((int)(p) == (int)(lm))
_Static_assert(SAME(LM__P_AT_DEPOT, LM_PARCEL_AT_DEPOT) && SAME(LM__P_IN_VAN, LM_PARCEL_IN_VAN) &&
                   SAME(LM__P_FAILED_IN_VAN, LM_PARCEL_FAILED_IN_VAN) &&
                   SAME(LM__P_BOUNCED, LM_PARCEL_BOUNCED) &&
                   SAME(LM__P_AT_DOOR, LM_PARCEL_AT_DOOR) &&
                   SAME(LM__P_IN_LOCKER, LM_PARCEL_IN_LOCKER) &&
                   SAME(LM__P_RECEIVED, LM_PARCEL_RECEIVED) &&
                   SAME(LM__P_RETURNED, LM_PARCEL_RETURNED) && SAME(LM__P_STOLEN, LM_PARCEL_STOLEN),
               "the model's parcel states are the records' states");
#undef SAME

#define LM_FREE_(field, kind, presence, units, long_name) free(log->field);
void lm_parcel_log_clear(lm_parcel_log *log) {
  LM_PARCEL_COLUMNS(LM_FREE_)
  memset(log, 0, sizeof *log);
}

void lm_route_log_clear(lm_route_log *log) {
  LM_ROUTE_COLUMNS(LM_FREE_)
  memset(log, 0, sizeof *log);
}
#undef LM_FREE_

/* Allocates every column of `log` with room for k entries; on failure `clear` frees the
 * ones that were allocated (`log` must start zeroed). */
#define LM_ALLOC_(field, kind, presence, units, long_name)                                         \
  if (!(log->field = malloc(k * sizeof *log->field))) goto out_of_memory;

int lm_model_parcel_log(const lm_model *m, lm_parcel_log *log) {
  size_t n = m->n_parcels, k = n ? n : 1;
  memset(log, 0, sizeof *log);
  LM_PARCEL_COLUMNS(LM_ALLOC_)
  for (size_t i = 0; i < n; i++) {
    const lm__parcel *p = &m->parcels[i];
    log->customer[i] = p->customer;
    log->day_created[i] = (int32_t)p->day_created - (int32_t)m->sc->warmup_days;
    log->order_s[i] = p->order_s;
    log->value_eur[i] = p->value_eur;
    log->resolved_s[i] = p->resolved_s;
    log->placed_s[i] = p->placed_s;
    log->due_s[i] = lm__model_due_s(m, p);
    log->delivered_s[i] = p->delivered_s;
    log->size[i] = p->size;
    log->state[i] = p->state;
    log->attempts[i] = p->attempts;
    log->destination[i] = p->dest;
  }
  log->n = n;
  return 0;
out_of_memory:
  lm_parcel_log_clear(log);
  return LM_ENOMEM;
}

int lm_model_route_log(const lm_model *m, lm_route_log *log) {
  const lm_route_log *src = &m->routes;
  size_t n = src->n, k = n ? n : 1;
  memset(log, 0, sizeof *log);
  LM_ROUTE_COLUMNS(LM_ALLOC_)
#define LM_COPY_(field, kind, presence, units, long_name)                                          \
  if (n) memcpy(log->field, src->field, n * sizeof *log->field);
  LM_ROUTE_COLUMNS(LM_COPY_)
#undef LM_COPY_
  log->n = n;
  log->depot_x_km = m->sc->depot.x_km;
  log->depot_y_km = m->sc->depot.y_km;
  return 0;
out_of_memory:
  lm_route_log_clear(log);
  return LM_ENOMEM;
}
#undef LM_ALLOC_
