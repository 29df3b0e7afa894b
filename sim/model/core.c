/* core.c — the bottom of the model: the parcel store, the depot's list, the per-day
 * accumulators and the small helpers every part uses (growth, counter-based draws, failure).
 *
 * Invariants kept here: a parcel index, once given, is stable for the replication (the
 * store only grows); `unresolved` counts the parcels neither received, stolen nor returned,
 * and lm__model_receive is the one place a delivery resolves a parcel; m->failed, once set,
 * is the run's result. Nothing here calls another file of the model.
 *
 * Cost: O(1) per call, amortised for the growing arrays; lm__model_weighted_customer is a
 * binary search, O(log customers).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal.h"

int lm__model_grow(void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return 0;
  size_t cap2 = *cap ? *cap : 64;
  while (cap2 < need) cap2 *= 2;
  void *q = realloc(*p, cap2 * elem);
  if (!q) return LM_ENOMEM;
  *p = q;
  *cap = cap2;
  return 0;
}

uint64_t lm__model_mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double lm__model_uniform(uint64_t key, uint64_t a, uint64_t b) {
  uint64_t h = lm__model_mix(key ^ lm__model_mix(a * 0x9e3779b97f4a7c15ULL + b));
  return ((double)(h >> 11) + 0.5) * 0x1.0p-53;
}

void lm__model_fail(lm_model *m, int code) {
  m->failed = code;
  lm_sim_fail(m->sim, code);
}

int lm__model_depot_push(lm_model *m, uint32_t p) {
  if (lm__model_grow((void **)&m->depot, &m->cap_depot, m->n_depot + 1, sizeof *m->depot))
    return LM_ENOMEM;
  m->depot[m->n_depot++] = p;
  return 0;
}

/* A customer drawn with probability proportional to their weight (customers from an
 * instance): one uniform and a binary search over the cumulative weights. */
uint32_t lm__model_weighted_customer(const lm_model *m, lm_rng *rng) {
  double u = lm_rng_uniform(rng) * m->cweight[m->n_cust - 1];
  size_t lo = 0, hi = m->n_cust - 1;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->cweight[mid] > u)
      hi = mid;
    else
      lo = mid + 1;
  }
  return (uint32_t)lo;
}

lm__parcel *lm__model_add_parcel(lm_model *m, uint32_t c, int16_t dest, uint32_t day, uint8_t size,
                                 double order_s, double value_eur, uint64_t key) {
  if (lm__model_grow((void **)&m->parcels, &m->cap_parcels, m->n_parcels + 1, sizeof *m->parcels))
    return NULL;
  if (lm__model_depot_push(m, (uint32_t)m->n_parcels)) return NULL;
  lm__parcel *p = &m->parcels[m->n_parcels++];
  memset(p, 0, sizeof *p);
  p->key = key;
  p->customer = c;
  p->day_created = day;
  p->size = size;
  p->order_s = order_s;
  p->value_eur = value_eur;
  p->state = LM__P_AT_DEPOT;
  p->dest = dest;
  p->compartment = -1;
  p->resolved_s = NAN;
  p->placed_s = NAN;
  p->delivered_s = NAN;
  m->unresolved++;
  m->acc[day].created++;
  return p;
}

lm__day_acc *lm__model_acc_at(lm_model *m, double t_s) {
  uint32_t d = (uint32_t)(t_s / LM__DAY_S);
  return &m->acc[d < m->sc->days ? d : m->sc->days - 1];
}

double lm__model_due_s(const lm_model *m, const lm__parcel *p) {
  uint32_t day = p->same_day ? p->day_created : m->next_delivery[p->day_created];
  return ((double)day + 1.0) * LM__DAY_S;
}

void lm__model_delivered(lm__parcel *p, double now) { p->delivered_s = now; }

void lm__model_receive(lm_model *m, lm__day_acc *a, lm__parcel *p, double now) {
  p->state = LM__P_RECEIVED;
  p->resolved_s = now;
  m->unresolved--;
  a->received++;
  a->resolved++;
  if (p->same_day && now <= lm__model_due_s(m, p)) a->same_day_on_time++;
  a->order_to_receipt_sum_h += (now - p->order_s) / 3600.0;
}

/* The zone a point lies in (the first that holds it), or n_zones for none. */
int16_t lm__model_zone_of(const lm_scenario *sc, double x, double y) {
  for (size_t z = 0; z < sc->n_zones; z++) {
    const lm_zone *zn = &sc->zones[z];
    if (x >= zn->x_min_km && x <= zn->x_max_km && y >= zn->y_min_km && y <= zn->y_max_km)
      return (int16_t)z;
  }
  return (int16_t)sc->n_zones;
}

int lm__core_init(lm_model *m) {
  const lm_scenario *sc = m->sc;
  m->sim = lm_sim_create(64);
  m->rng_customers = lm_rng_create(0, 0, LM_STREAM_CUSTOMERS);
  m->rng_demand = lm_rng_create(0, 0, LM_STREAM_DEMAND);
  m->rng_traffic = lm_rng_create(0, 0, LM_STREAM_TRAFFIC);
  m->rng_incidents = lm_rng_create(0, 0, LM_STREAM_INCIDENTS);
  m->rng_trips = lm_rng_create(0, 0, LM_STREAM_TRIPS);
  m->acc = calloc(sc->days ? sc->days : 1, sizeof *m->acc);
  m->next_delivery = malloc((sc->days ? sc->days : 1) * sizeof *m->next_delivery);
  m->plan_time_factor = malloc((sc->n_zones + 1) * sizeof *m->plan_time_factor);
  m->day_speed = malloc((sc->n_zones + 1) * sizeof *m->day_speed);
  if (!m->sim || !m->rng_customers || !m->rng_demand || !m->rng_traffic || !m->rng_incidents ||
      !m->rng_trips || !m->acc || !m->next_delivery || !m->plan_time_factor || !m->day_speed)
    return LM_ENOMEM;
  return 0;
}

void lm__core_free(lm_model *m) {
  lm_sim_destroy(m->sim);
  lm_rng_destroy(m->rng_customers);
  lm_rng_destroy(m->rng_demand);
  lm_rng_destroy(m->rng_traffic);
  lm_rng_destroy(m->rng_incidents);
  lm_rng_destroy(m->rng_trips);
  free(m->acc);
  free(m->next_delivery);
  free(m->plan_time_factor);
  free(m->day_speed);
  free(m->cx);
  free(m->cy);
  free(m->ccirc);
  free(m->czone);
  free(m->cweight);
  free(m->parcels);
  free(m->depot);
}
