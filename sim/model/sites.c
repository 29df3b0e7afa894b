/* sites.c — where parcels wait for their customer: doors, lockers and pickup points.
 *
 * Doors: a parcel left at a door is taken in at the start of the next hour its customer
 * is at home, unless a thief comes first (theft.h); the theft draw is keyed by (parcel,
 * attempt), so strategies that leave the same parcel at the same time meet the same
 * thief. A stolen parcel is shipped again (reship). A safe place is a door with the
 * hazard scaled by theft.safe_place_factor; a parcel handed to a neighbour cannot be stolen and is
 * collected the same way. Whether a customer has a safe place is a property of the customer;
 * whether a neighbour is in is drawn per customer and hour, with probability neighbour_share x the
 * population's mean presence of the hour (presence.c).
 *
 * Lockers and pickup points ("sites"): each customer knows up to LM__MAX_SITES_NEAR sites
 * within the walking limit, nearest first. A parcel placed in a site waits for its
 * customer an exponential delay (keyed by parcel and try, so paired across strategies),
 * then makes a round trip to it (customer_trip_km),
 * moved to the next opening hour when the site is closed; if that comes after the
 * deadline, the parcel is sent back to the sender at the deadline. A full site is an
 * overflow: the parcel rides back and goes to the next site in reach, or home.
 *
 * Cost: finding sites in reach is O(customers x sites) once per replication; everything
 * else is O(1) per parcel.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lastmile/theft.h"
#include "model/internal.h"

#define DOOR_STOLEN    (1ULL << 63)
#define LOCKER_EXPIRED (1ULL << 62)
#define DOOR_NEIGHBOUR (1ULL << 61) /* with a neighbour, not at the door */
#define DOOR_SAFE      (1ULL << 60) /* in the customer's safe place */
#define DOOR_FLAGS     (DOOR_STOLEN | DOOR_NEIGHBOUR | DOOR_SAFE)

/* ---- doors ------------------------------------------------------------------------------ */

/* A stolen parcel (arg) is shipped again: a new parcel for the same customer, of the same
 * size and value, created now (a midnight) and promised like an order of today. Its key
 * follows from the stolen parcel's, so strategies that lose the same parcel re-ship it
 * with the same draws. */
static void on_reship(lm_sim *sim, void *ctx, uint64_t arg) {
  lm_model *m = ctx;
  const lm__parcel old = m->parcels[arg];
  uint32_t day = (uint32_t)(lm_sim_now(sim) / LM__DAY_S);
  if (!lm__model_add_parcel(m, old.customer, lm__sites_destination(m, old.customer), day, old.size,
                            lm_sim_now(sim), old.value_eur, old.key + LM__RESHIP_KEY_STEP)) {
    lm__model_fail(m, LM_ENOMEM);
    return;
  }
  m->acc[day].reshipments++;
}

/* Parcel pi was stolen at `now`: ships it again to its customer as a new parcel created at
 * the next midnight (when that is within the run). */
static void reship(lm_model *m, uint32_t pi, double now) {
  double next = (floor(now / LM__DAY_S) + 1.0) * LM__DAY_S;
  if (next >= (double)m->sc->days * LM__DAY_S) return; /* after the run */
  if (lm_sim_schedule(m->sim, next, LM__PRIO_DAY_START + 1, on_reship, m, pi, NULL))
    lm__model_fail(m, LM_ENOMEM);
}

static void on_door(lm_sim *sim, void *ctx, uint64_t arg) {
  lm_model *m = ctx;
  double now = lm_sim_now(sim);
  lm__parcel *p = &m->parcels[arg & ~DOOR_FLAGS];
  lm__day_acc *a = lm__model_acc_at(m, now);
  if (arg & DOOR_STOLEN) {
    p->state = LM__P_STOLEN;
    p->resolved_s = now;
    m->unresolved--;
    a->stolen++;
    a->stolen_value += p->value_eur;
    a->resolved++;
    reship(m, (uint32_t)(arg & ~DOOR_FLAGS), now);
  } else {
    if (arg & DOOR_NEIGHBOUR)
      a->received_neighbour++;
    else if (arg & DOOR_SAFE)
      a->received_safe_place++;
    else
      a->received_door++;
    lm__model_receive(m, a, p, now);
  }
}

/* Leaves parcel pi where its customer will find it: `where` is 0 (the door), DOOR_SAFE or
 * DOOR_NEIGHBOUR; schedules its receipt or theft. */
static void leave(lm_model *m, lm__day_acc *a, uint32_t pi, double now, uint64_t where) {
  lm__parcel *p = &m->parcels[pi];
  p->state = LM__P_AT_DOOR;
  if (where != DOOR_NEIGHBOUR) a->left_at_door++; /* unattended: insured, exposed */
  lm__model_delivered(p, now);
  /* The first hour the customer is at home, up to the horizon: an away spell can last
   * longer than a week (persistence), and a parcel whose customer is not back by the end
   * stays pending, as it would. */
  double home_s = INFINITY, hour = floor(now / 3600.0), end = (double)m->sc->days * LM__DAY_S;
  for (double t = (hour + 1.0) * 3600.0; t < end; t += 3600.0)
    if (lm__model_at_home(m, p->customer, t)) {
      home_s = t;
      break;
    }
  const lm_scenario *sc = m->sc;
  double rate[LM_HOURS];
  size_t z = m->czone[p->customer]; /* n_zones: a customer from a file outside every zone */
  double base =
      (z < sc->n_zones ? sc->zones[z].theft_hazard_per_hour : 0.0) * m->st->packaging_factor;
  if (where == DOOR_SAFE) base *= sc->theft.safe_place_factor;
  if (where == DOOR_NEIGHBOUR) base = 0.0;
  for (int h = 0; h < LM_HOURS; h++) rate[h] = base * sc->theft.hour_factor[h];
  double u = lm__model_uniform(m->sites.theft_key, p->key, p->attempts);
  double stolen_s = lm_theft_time(rate, now, home_s, -log(u));
  double when = fmin(stolen_s, home_s);
  if (!isfinite(when)) return; /* nobody ever comes and nobody steals: pending */
  uint64_t arg = pi | where | (stolen_s < home_s ? DOOR_STOLEN : 0);
  if (lm_sim_schedule(m->sim, when, 0, on_door, m, arg, NULL)) lm__model_fail(m, LM_ENOMEM);
}

void lm__sites_leave_at_door(lm_model *m, lm__day_acc *a, uint32_t pi, double now) {
  leave(m, a, pi, now, 0);
}

int lm__sites_not_home(lm_model *m, lm__day_acc *a, uint32_t pi, double now) {
  lm__parcel *p = &m->parcels[pi];
  const lm_customers *cu = &m->sc->customers;
  switch (m->st->not_home) {
  case LM_NOT_HOME_LEAVE_AT_DOOR: /* unless the door is too risky now: redirect or take back */
    if (lm__sites_door_safe(m, p->customer, now)) {
      leave(m, a, pi, now, 0);
      return LM__LEFT_UNATTENDED;
    }
    if (lm__sites_redirect(m, pi)) return LM__NOT_HANDED;
    break;
  case LM_NOT_HOME_NEIGHBOUR:
    if (lm__presence_neighbour(m, p->customer, now)) {
      leave(m, a, pi, now, DOOR_NEIGHBOUR);
      return LM__HANDED_NEIGHBOUR;
    }
    break;
  case LM_NOT_HOME_SAFE_PLACE:
    if (lm__model_uniform(m->presence.presence_key ^ 0x5afe5afeULL, p->customer, 0) <
        cu->safe_place_share) {
      leave(m, a, pi, now, DOOR_SAFE);
      return LM__LEFT_UNATTENDED;
    }
    break;
  case LM_NOT_HOME_REDIRECT_TO_LOCKER:
    if (lm__sites_redirect(m, pi)) return LM__NOT_HANDED;
    break;
  case LM_NOT_HOME_TAKE_BACK:
    break;
  }
  p->state = LM__P_FAILED_IN_VAN;
  return LM__NOT_HANDED;
}

int lm__sites_door_safe(const lm_model *m, uint32_t c, double now) {
  double max = m->st->leave_at_door_max_hazard;
  if (!isfinite(max)) return 1;
  const lm_scenario *sc = m->sc;
  size_t z = m->czone[c];
  double base = z < sc->n_zones ? sc->zones[z].theft_hazard_per_hour : 0.0;
  int hour = (int)fmod(floor(now / 3600.0), (double)LM_HOURS);
  return base * sc->theft.hour_factor[hour] * m->st->packaging_factor <= max;
}

/* ---- customers and destinations --------------------------------------------------------- */

int lm__sites_customers(lm_model *m) {
  const lm_scenario *sc = m->sc;
  const lm_customers *cu = &sc->customers;
  size_t n = m->n_cust;
  free(m->sites.cpref);
  free(m->sites.credirect);
  free(m->sites.csites);
  m->sites.cpref = malloc(n ? n : 1);
  m->sites.credirect = malloc(n ? n : 1);
  m->sites.csites = malloc((n ? n : 1) * LM__MAX_SITES_NEAR * sizeof *m->sites.csites);
  if (!m->sites.cpref || !m->sites.credirect || !m->sites.csites) return LM_ENOMEM;
  double limit = cu->walking_limit_km;
  for (size_t c = 0; c < n; c++) {
    double u = lm_rng_uniform(m->rng_customers);
    m->sites.cpref[c] = u < cu->prefer_locker_share                                   ? 1
                        : u < cu->prefer_locker_share + cu->prefer_pickup_point_share ? 2
                                                                                      : 0;
    m->sites.credirect[c] = lm_rng_uniform(m->rng_customers) < cu->accept_redirect_share;
    int16_t *near = &m->sites.csites[c * LM__MAX_SITES_NEAR];
    double dist[LM__MAX_SITES_NEAR];
    for (int k = 0; k < LM__MAX_SITES_NEAR; k++) near[k] = LM__HOME;
    for (size_t l = 0; l < sc->n_lockers; l++) {
      double d = hypot(sc->lockers[l].x_km - m->cx[c], sc->lockers[l].y_km - m->cy[c]);
      if (d > limit) continue;
      int k = LM__MAX_SITES_NEAR; /* insertion into the short sorted list */
      while (k > 0 && (near[k - 1] == LM__HOME || d < dist[k - 1])) k--;
      if (k == LM__MAX_SITES_NEAR) continue;
      for (int j = LM__MAX_SITES_NEAR - 1; j > k; j--) {
        near[j] = near[j - 1];
        dist[j] = dist[j - 1];
      }
      near[k] = (int16_t)l;
      dist[k] = d;
    }
  }
  return 0;
}

int lm__sites_init(lm_model *m) {
  const lm_scenario *sc = m->sc;
  size_t n = sc->n_lockers ? sc->n_lockers : 1;
  m->sites.banks = calloc(n, sizeof *m->sites.banks);
  m->sites.site_zone = malloc(n * sizeof *m->sites.site_zone);
  if (!m->sites.banks || !m->sites.site_zone) return LM_ENOMEM;
  for (size_t l = 0; l < sc->n_lockers; l++)
    m->sites.site_zone[l] = lm__model_zone_of(sc, sc->lockers[l].x_km, sc->lockers[l].y_km);
  return 0;
}

void lm__sites_free(lm_model *m) {
  free(m->sites.cpref);
  free(m->sites.credirect);
  free(m->sites.csites);
  free(m->sites.banks);
  free(m->sites.site_zone);
}

void lm__sites_reset(lm_model *m, uint64_t seed, uint64_t rep) {
  const lm_scenario *sc = m->sc;
  m->sites.theft_key = lm__model_mix(lm_rng_seed_of(seed, rep, LM_STREAM_THEFT) ^ 0x27d4eb2fULL);
  m->sites.locker_key = lm__model_mix(lm_rng_seed_of(seed, rep, LM_STREAM_LOCKER) ^ 0x165667b1ULL);
  for (size_t l = 0; l < sc->n_lockers; l++) {
    uint32_t total[LM_LOCKER_SIZES];
    const lm_locker *lk = &sc->lockers[l];
    for (size_t i = 0; i < lk->n_compartment_sizes; i++) total[i] = (uint32_t)lk->compartments[i];
    lm_locker_init(&m->sites.banks[l], total, lk->n_compartment_sizes, 0.0);
  }
}

/* The first site in c's reach after the first `skip` ones, of `kind` (or any kind when
 * kind < 0); LM__HOME when there is none. */
static int16_t site_in_reach(const lm_model *m, uint32_t c, int kind, unsigned skip) {
  const int16_t *near = &m->sites.csites[(size_t)c * LM__MAX_SITES_NEAR];
  for (unsigned k = skip; k < LM__MAX_SITES_NEAR && near[k] != LM__HOME; k++)
    if (kind < 0 || m->sc->lockers[near[k]].kind == (lm_site_kind)kind) return near[k];
  return LM__HOME;
}

int16_t lm__sites_destination(const lm_model *m, uint32_t c) {
  if (m->sc->n_lockers == 0) return LM__HOME;
  if (m->sites.cpref[c] == 1) {
    int16_t s = site_in_reach(m, c, LM_SITE_LOCKER, 0);
    if (s != LM__HOME) return s;
  } else if (m->sites.cpref[c] == 2) {
    int16_t s = site_in_reach(m, c, LM_SITE_PICKUP_POINT, 0);
    if (s != LM__HOME) return s;
  }
  if (m->st->first == LM_FIRST_LOCKER && m->sites.credirect[c]) return site_in_reach(m, c, -1, 0);
  return LM__HOME;
}

int lm__sites_redirect(lm_model *m, uint32_t pi) {
  lm__parcel *p = &m->parcels[pi];
  /* A risk-aware door strategy redirects where it will not leave the parcel at the door. */
  int redirects =
      m->st->not_home == LM_NOT_HOME_REDIRECT_TO_LOCKER ||
      (m->st->not_home == LM_NOT_HOME_LEAVE_AT_DOOR && isfinite(m->st->leave_at_door_max_hazard));
  if (!redirects || !m->sites.credirect[p->customer]) return 0;
  int16_t s = site_in_reach(m, p->customer, -1, 0); /* a locker or a pickup point */
  if (s == LM__HOME) return 0;
  p->dest = s;
  p->state = LM__P_BOUNCED;
  return 1;
}

/* ---- lockers ----------------------------------------------------------------------------- */

static void on_collect(lm_sim *sim, void *ctx, uint64_t arg) {
  lm_model *m = ctx;
  double now = lm_sim_now(sim);
  lm__parcel *p = &m->parcels[arg & ~LOCKER_EXPIRED];
  lm__day_acc *a = lm__model_acc_at(m, now);
  lm_locker_release(&m->sites.banks[p->dest], (size_t)p->compartment, now);
  if (arg & LOCKER_EXPIRED) { /* uncollected: back to the sender */
    p->state = LM__P_RETURNED;
    p->resolved_s = now;
    m->unresolved--;
    a->returned++;
    a->resolved++;
    return;
  }
  const lm_locker *lk = &m->sc->lockers[p->dest];
  /* The customer's round trip to the site, by road (an external cost, not the carrier's). */
  a->customer_trip_km += 2.0 * m->ccirc[p->customer] *
                         hypot(lk->x_km - m->cx[p->customer], lk->y_km - m->cy[p->customer]);
  if (lk->kind == LM_SITE_LOCKER)
    a->received_locker++;
  else
    a->received_pickup++;
  lm__model_receive(m, a, p, now);
}

/* The first moment at or after t when the site is open. */
static double next_open(const lm_locker *lk, double t) {
  double day = floor(t / LM__DAY_S), tod = t - day * LM__DAY_S;
  if (tod >= lk->opens_s && tod < lk->closes_s) return t;
  return (tod < lk->opens_s ? day : day + 1.0) * LM__DAY_S + lk->opens_s;
}

void lm__sites_deliver(lm_model *m, lm__day_acc *a, int16_t site, uint32_t head, double now) {
  const lm_locker *lk = &m->sc->lockers[site];
  for (uint32_t pi = head; pi != UINT32_MAX; pi = m->parcels[pi].next) {
    lm__parcel *p = &m->parcels[pi];
    int c = lm_locker_store(&m->sites.banks[site], p->size, now);
    if (c < 0) { /* full: the next site in reach, else home */
      a->locker_overflow++;
      p->tried++;
      p->dest = site_in_reach(m, p->customer, -1, p->tried);
      p->state = LM__P_BOUNCED;
      continue;
    }
    p->state = LM__P_IN_LOCKER;
    m->costs.site_used[site] = 1; /* the strategy pays for this site (costs.c) */
    a->site_fees_eur += lk->handling_fee_eur;
    p->compartment = (int8_t)c;
    p->placed_s = now;
    lm__model_delivered(p, now);
    double u = lm__model_uniform(m->sites.locker_key, p->key, p->tried);
    double collect = next_open(lk, now - log(u) * lk->pickup_delay_mean_h * 3600.0);
    double deadline = now + lk->deadline_days * LM__DAY_S;
    uint64_t arg = collect <= deadline ? pi : (pi | LOCKER_EXPIRED);
    if (lm_sim_schedule(m->sim, fmin(collect, deadline), 0, on_collect, m, arg, NULL))
      lm__model_fail(m, LM_ENOMEM);
  }
}

void lm__sites_close_day(lm_model *m, uint32_t day, double now) {
  for (size_t l = 0; l < m->sc->n_lockers; l++) {
    m->acc[day].locker_occupied_s += lm_locker_take_occupied(&m->sites.banks[l], now);
    m->acc[day].locker_capacity_s += (double)lm_locker_total(&m->sites.banks[l]) * LM__DAY_S;
  }
}
