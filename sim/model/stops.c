/* stops.c — the stops of the plan being built and the nodes the routing core sees.
 *
 * Node 0 is the depot, node 1 the micro-hub when there is one (m->stops.node0 is then 2, else
 * 1), and stop s is node s + node0. The per-stop arrays (stop_*) and per-node arrays
 * (node_*) grow together: cap_stops stops and cap_stops + 2 nodes. While a plan is being
 * built, stop_of_cust[c] (stop_of_site[l]) names customer c's home stop (site l's stop)
 * among the new stops, or UINT32_MAX; the builder (lm__tours_build_stops) clears them when
 * it is done, so they are all UINT32_MAX between plans.
 *
 * Cost: O(1) amortised per stop.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal.h"

/* Makes room for `need` stops and their nodes (one more: node 0 is the depot). */
int lm__stops_ensure(lm_model *m, size_t need) {
  if (need <= m->stops.cap_stops) return 0;
  size_t cap = m->stops.cap_stops ? 2 * m->stops.cap_stops : 256;
  while (cap < need) cap *= 2;
  void *p;
#define LM_REGROW(field, count)                                                                    \
  if (!(p = realloc(m->stops.field, (count) * sizeof *m->stops.field))) return LM_ENOMEM;          \
  m->stops.field = p;
  LM_REGROW(rstop, cap)
  LM_REGROW(stop_customer, cap)
  LM_REGROW(stop_head, cap)
  LM_REGROW(stop_site, cap)
  LM_REGROW(stop_log, cap)
  LM_REGROW(stop_ret, cap)
  LM_REGROW(stop_loaded, cap)
  LM_REGROW(node_onboard, cap + 2)
  LM_REGROW(node_x, cap + 2)
  LM_REGROW(node_y, cap + 2)
  LM_REGROW(node_circ, cap + 2)
  LM_REGROW(node_zone, cap + 2)
#undef LM_REGROW
  m->stops.cap_stops = cap;
  return 0;
}

/* The slot customer c booked for day `day`: drawn uniformly among the slots that fit in
 * the day's waves (the booking is keyed by customer and day, so every strategy with the
 * same slots sees the same booking). */
static void book_slot(const lm_model *m, lm_rstop *stop, uint32_t c, uint32_t day) {
  double len = m->st->slot_h * 3600.0, starts[64];
  size_t n = 0;
  size_t waves = m->st->n_waves ? m->st->n_waves : 1;
  for (size_t w = 0; w < waves; w++) {
    lm_wave wv = m->st->n_waves ? m->st->waves[w]
                                : (lm_wave){m->sc->van.shift_start_s, m->sc->van.shift_end_s};
    double first = wv.start_s + m->sc->depot.loading_time_s;
    for (double t = first; t + len <= wv.end_s + 1e-9 && n < 64; t += len) starts[n++] = t;
  }
  if (n == 0) return; /* no slot fits: an unbooked delivery */
  double u = lm__model_uniform(m->presence.presence_key ^ 0x51075107ULL, c, day);
  double start = (double)day * LM__DAY_S + starts[(size_t)(u * (double)n)];
  stop->open_s = start;
  stop->close_s = start + len;
}

uint32_t lm__stops_get(lm_model *m, uint32_t c, int16_t dest, uint32_t day) {
  uint32_t *slot = dest == LM__HOME ? &m->stops.stop_of_cust[c] : &m->stops.stop_of_site[dest];
  uint32_t s = *slot;
  if (s != UINT32_MAX) return s;
  if (lm__stops_ensure(m, m->stops.n_stops + 1)) return UINT32_MAX;
  s = (uint32_t)m->stops.n_stops++;
  *slot = s;
  m->stops.stop_customer[s] = c;
  m->stops.stop_site[s] = dest;
  m->stops.stop_head[s] = UINT32_MAX;
  m->stops.stop_ret[s] = UINT32_MAX;
  m->stops.stop_log[s] = SIZE_MAX;
  m->stops.stop_loaded[s] = 0;
  uint32_t node = s + m->stops.node0;
  m->stops.rstop[s] = (lm_rstop){.node = node,
                                 .service_s = m->fleet.service_base_s,
                                 .open_s = 0.0,
                                 .close_s = INFINITY,
                                 .penalty = 0.0}; /* lm__tours_build_stops prices it */
  if (dest == LM__HOME) {
    m->stops.node_x[node] = m->cx[c];
    m->stops.node_y[node] = m->cy[c];
    m->stops.node_circ[node] = m->ccirc[c];
    m->stops.node_zone[node] = (int16_t)m->czone[c];
    const double *open = m->sc->file_open_s;
    if (open && isfinite(open[c])) { /* the instance's window, every day */
      m->stops.rstop[s].open_s = (double)day * LM__DAY_S + open[c];
      m->stops.rstop[s].close_s = (double)day * LM__DAY_S + m->sc->file_close_s[c];
    } else if (m->st->slot_h > 0.0) {
      book_slot(m, &m->stops.rstop[s], c, day);
    }
  } else {
    const lm_locker *lk = &m->sc->lockers[dest];
    m->stops.node_x[node] = lk->x_km;
    m->stops.node_y[node] = lk->y_km;
    m->stops.node_circ[node] = m->sc->circuity;
    m->stops.node_zone[node] = m->sites.site_zone[dest];
    m->stops.rstop[s].open_s = (double)day * LM__DAY_S + lk->opens_s;
    m->stops.rstop[s].close_s = (double)day * LM__DAY_S + lk->closes_s;
  }
  return s;
}

int lm__stops_init(lm_model *m) {
  size_t n = m->sc->n_lockers;
  m->stops.stop_of_site = malloc((n ? n : 1) * sizeof *m->stops.stop_of_site);
  if (!m->stops.stop_of_site) return LM_ENOMEM;
  for (size_t l = 0; l < n; l++) m->stops.stop_of_site[l] = UINT32_MAX;
  return 0;
}

void lm__stops_free(lm_model *m) {
  lm__stops *p = &m->stops;
  free(p->rstop);
  free(p->stop_customer);
  free(p->stop_head);
  free(p->stop_of_cust);
  free(p->stop_of_site);
  free(p->stop_ret);
  free(p->stop_site);
  free(p->stop_log);
  free(p->stop_loaded);
  free(p->node_onboard);
  free(p->node_zone);
  free(p->node_x);
  free(p->node_y);
  free(p->node_circ);
}

int lm__stops_reset(lm_model *m) {
  const lm_scenario *sc = m->sc;
  free(m->stops.stop_of_cust);
  m->stops.stop_of_cust = malloc((m->n_cust ? m->n_cust : 1) * sizeof *m->stops.stop_of_cust);
  if (!m->stops.stop_of_cust) return LM_ENOMEM;
  for (size_t i = 0; i < m->n_cust; i++) m->stops.stop_of_cust[i] = UINT32_MAX;
  if (lm__stops_ensure(m, 1)) return LM_ENOMEM;
  m->stops.node_x[0] = sc->depot.x_km;
  m->stops.node_y[0] = sc->depot.y_km;
  m->stops.node_circ[0] = sc->circuity;
  m->stops.node_zone[0] = m->depot_zone;
  m->stops.node0 = 1;
  if (isfinite(sc->micro_hub.x_km)) { /* node 1: the micro-hub */
    m->stops.node0 = 2;
    m->stops.node_x[1] = sc->micro_hub.x_km;
    m->stops.node_y[1] = sc->micro_hub.y_km;
    m->stops.node_circ[1] = sc->circuity;
    m->stops.node_zone[1] = lm__model_zone_of(sc, sc->micro_hub.x_km, sc->micro_hub.y_km);
  }
  return 0;
}
