/* returns.c — customer returns: pickups of return parcels, collected on the rounds and
 * carried back to the depot.
 *
 * Each day demand.returns_per_day (a Poisson mean; no calendar factors) customers ask
 * for a pickup: the customer is drawn like an order's (uniformly, or by an instance's
 * demands), the parcel's size from demand.sizes, from the returns' own random stream, so
 * every strategy gets the same requests. A request made on day d waits from day d + 1 for
 * a round: it joins the customer's home stop of a plan (as lm_rstop.pickup_parcels and
 * pickup_volume_l, so the routing core counts the load it adds), or makes a stop of its
 * own. At the stop the customer hands it over if at home (the same presence draw as a
 * delivery there); otherwise the request waits for another day, with no limit. A parcel
 * picked up rides in the van and counts as collected when the van is back at the depot.
 *
 * Conservation: requested = collected + waiting (at home, on a planned stop or in a van),
 * checked at the end of every run. Cost: O(1) per request and event.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal.h"

/* Puts request r on the waiting list. 0 or LM_ENOMEM. */
static int wait_again(lm_model *m, uint32_t r) {
  if (lm__model_grow((void **)&m->returns.rwait, &m->returns.cap_rwait, m->returns.n_rwait + 1,
                     sizeof *m->returns.rwait))
    return LM_ENOMEM;
  m->returns.rets[r].state = LM__R_WAITING;
  m->returns.rwait[m->returns.n_rwait++] = r;
  return 0;
}

void lm__returns_day_start(lm_model *m, uint32_t day, double midnight) {
  const lm_demand *dm = &m->sc->demand;
  if (!(dm->returns_per_day > 0.0)) return;
  unsigned count = lm_rng_poisson(m->returns.rng_returns, dm->returns_per_day);
  if (lm__model_grow((void **)&m->returns.rets, &m->returns.cap_rets, m->returns.n_rets + count,
                     sizeof *m->returns.rets)) {
    lm__model_fail(m, LM_ENOMEM);
    return;
  }
  double shares[LM_MAX_SIZES];
  for (size_t i = 0; i < dm->n_sizes; i++) shares[i] = dm->sizes[i].share;
  for (unsigned i = 0; i < count; i++) {
    uint32_t r = (uint32_t)m->returns.n_rets++;
    lm__ret *q = &m->returns.rets[r];
    memset(q, 0, sizeof *q);
    if (m->cweight) { /* customers from an instance: as their orders */
      q->customer = lm__model_weighted_customer(m, m->returns.rng_returns);
    } else {
      q->customer = lm_rng_below(m->returns.rng_returns, (uint32_t)m->n_cust);
    }
    q->size = (uint8_t)lm_rng_discrete(m->returns.rng_returns, shares, dm->n_sizes);
    q->day_created = day;
    q->requested_s = midnight + LM__DAY_S * lm_rng_uniform(m->returns.rng_returns);
    if (wait_again(m, r)) {
      lm__model_fail(m, LM_ENOMEM);
      return;
    }
  }
  m->acc[day].returns_requested += count;
}

int lm__returns_to_stops(lm_model *m, uint32_t day) {
  size_t keep = 0;
  for (size_t i = 0; i < m->returns.n_rwait; i++) {
    uint32_t r = m->returns.rwait[i];
    lm__ret *q = &m->returns.rets[r];
    if (q->day_created >= day) { /* asked today: from tomorrow */
      m->returns.rwait[keep++] = r;
      continue;
    }
    uint32_t s = lm__stops_get(m, q->customer, LM__HOME, day);
    if (s == UINT32_MAX) return LM_ENOMEM;
    m->stops.rstop[s].pickup_parcels++;
    m->stops.rstop[s].penalty += m->st->unserved_penalty_eur; /* as a parcel on time */
    m->stops.rstop[s].pickup_volume_l += m->sc->demand.sizes[q->size].volume_l;
    q->state = LM__R_PLANNED;
    q->next = m->stops.stop_ret[s];
    m->stops.stop_ret[s] = r;
  }
  m->returns.n_rwait = keep;
  return 0;
}

int lm__returns_unserved(lm_model *m, uint32_t s) {
  for (uint32_t r = m->stops.stop_ret[s]; r != UINT32_MAX; r = m->returns.rets[r].next)
    if (m->returns.rets[r].state == LM__R_PLANNED && wait_again(m, r)) return LM_ENOMEM;
  return 0;
}

void lm__returns_at_stop(lm_model *m, size_t v, uint32_t s, int home) {
  lm__van *vn = &m->fleet.vans[v];
  for (uint32_t r = m->stops.stop_ret[s]; r != UINT32_MAX; r = m->returns.rets[r].next) {
    lm__ret *q = &m->returns.rets[r];
    if (q->state != LM__R_PLANNED) continue;
    q->attempts++;
    if (!home) {
      if (wait_again(m, r)) lm__model_fail(m, LM_ENOMEM);
      continue;
    }
    q->state = LM__R_IN_VAN;
    vn->returns_parcels++;
    vn->returns_volume_l += m->sc->demand.sizes[q->size].volume_l;
  }
}

void lm__returns_unload(lm_model *m, size_t v, uint32_t s, lm__day_acc *a) {
  for (uint32_t r = m->stops.stop_ret[s]; r != UINT32_MAX; r = m->returns.rets[r].next) {
    lm__ret *q = &m->returns.rets[r];
    if (q->state != LM__R_IN_VAN) continue;
    q->state = LM__R_COLLECTED;
    a->returns_collected++;
  }
  m->fleet.vans[v].returns_parcels = 0;
  m->fleet.vans[v].returns_volume_l = 0.0;
}

int lm__returns_check(const lm_model *m, lm_diag *diag) {
  size_t collected = 0;
  double acc_req = 0.0, acc_col = 0.0;
  for (size_t r = 0; r < m->returns.n_rets; r++)
    collected += m->returns.rets[r].state == LM__R_COLLECTED;
  for (uint32_t d = 0; d < m->sc->days; d++) {
    acc_req += m->acc[d].returns_requested;
    acc_col += m->acc[d].returns_collected;
  }
  if ((double)m->returns.n_rets == acc_req && (double)collected == acc_col) return 0;
  lm_diag_error(diag, NULL, 0, 0,
                "returns not conserved in strategy '%s': %zu requested (counted %.0f), %zu "
                "collected (counted %.0f)",
                m->st->name, m->returns.n_rets, acc_req, collected, acc_col);
  return LM_ECONSERVATION;
}

double lm__returns_pending(const lm_model *m) {
  size_t pending = 0;
  for (size_t r = 0; r < m->returns.n_rets; r++)
    pending += m->returns.rets[r].state != LM__R_COLLECTED;
  return (double)pending;
}

int lm__returns_init(lm_model *m) {
  m->returns.rng_returns = lm_rng_create(0, 0, LM_STREAM_RETURNS);
  return m->returns.rng_returns ? 0 : LM_ENOMEM;
}

void lm__returns_free(lm_model *m) {
  lm_rng_destroy(m->returns.rng_returns);
  free(m->returns.rets);
  free(m->returns.rwait);
}

void lm__returns_reset(lm_model *m, uint64_t seed, uint64_t rep) {
  lm_rng_reseed(m->returns.rng_returns, seed, rep, LM_STREAM_RETURNS);
  m->returns.n_rets = 0;
  m->returns.n_rwait = 0;
}
