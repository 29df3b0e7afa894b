/* stops.c — the stops of the plan being built and the nodes the routing core sees.
 *
 * Node 0 is the depot, node 1 the micro-hub when there is one (m->node0 is then 2, else
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
  if (need <= m->cap_stops) return 0;
  size_t cap = m->cap_stops ? 2 * m->cap_stops : 256;
  while (cap < need) cap *= 2;
  void *p;
#define LM_REGROW(field, count)                                                                    \
  if (!(p = realloc(m->field, (count) * sizeof *m->field))) return LM_ENOMEM;                      \
  m->field = p;
  LM_REGROW(stops, cap)
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
  m->cap_stops = cap;
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
  double u = lm__model_uniform(m->presence_key ^ 0x51075107ULL, c, day);
  double start = (double)day * LM__DAY_S + starts[(size_t)(u * (double)n)];
  stop->open_s = start;
  stop->close_s = start + len;
}

uint32_t lm__stops_get(lm_model *m, uint32_t c, int16_t dest, uint32_t day) {
  uint32_t *slot = dest == LM__HOME ? &m->stop_of_cust[c] : &m->stop_of_site[dest];
  uint32_t s = *slot;
  if (s != UINT32_MAX) return s;
  if (lm__stops_ensure(m, m->n_stops + 1)) return UINT32_MAX;
  s = (uint32_t)m->n_stops++;
  *slot = s;
  m->stop_customer[s] = c;
  m->stop_site[s] = dest;
  m->stop_head[s] = UINT32_MAX;
  m->stop_ret[s] = UINT32_MAX;
  m->stop_log[s] = SIZE_MAX;
  m->stop_loaded[s] = 0;
  uint32_t node = s + m->node0;
  m->stops[s] = (lm_rstop){.node = node,
                           .service_s = m->service_base_s,
                           .open_s = 0.0,
                           .close_s = INFINITY,
                           .penalty = 0.0}; /* lm__tours_build_stops prices it */
  if (dest == LM__HOME) {
    m->node_x[node] = m->cx[c];
    m->node_y[node] = m->cy[c];
    m->node_circ[node] = m->ccirc[c];
    m->node_zone[node] = (int16_t)m->czone[c];
    const double *open = m->sc->file_open_s;
    if (open && isfinite(open[c])) { /* the instance's window, every day */
      m->stops[s].open_s = (double)day * LM__DAY_S + open[c];
      m->stops[s].close_s = (double)day * LM__DAY_S + m->sc->file_close_s[c];
    } else if (m->st->slot_h > 0.0) {
      book_slot(m, &m->stops[s], c, day);
    }
  } else {
    const lm_locker *lk = &m->sc->lockers[dest];
    m->node_x[node] = lk->x_km;
    m->node_y[node] = lk->y_km;
    m->node_circ[node] = m->sc->circuity;
    m->node_zone[node] = m->site_zone[dest];
    m->stops[s].open_s = (double)day * LM__DAY_S + lk->opens_s;
    m->stops[s].close_s = (double)day * LM__DAY_S + lk->closes_s;
  }
  return s;
}
