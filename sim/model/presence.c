/* presence.c — who is at home: the customers' types and the presence model every part of
 * the delivery model asks (an attempt, an ETA notice, a booked slot, a neighbour, a parcel
 * at the door waiting to be taken in).
 *
 * Each customer c has a type T(c) (customers.types, or one type), drawn once per
 * replication: T(c) = the first k with u_c < s_1 + ... + s_k, u_c a uniform keyed by the
 * customers' stream and c. A type k has weekday and weekend profiles p_k(w, h) (w: is day
 * d a Saturday or Sunday; h: hour of day), an away-day probability pi_k and a persistence
 * rho_k. For customer c on day d (d = floor(t / 24 h)), at hour h:
 *
 *   away:  A(c, d) follows a two-state Markov chain over the days, built as "keep
 *          yesterday's state with probability rho, else draw afresh": with one keyed
 *          uniform e(c, d), e < rho keeps A(c, d - 1); e < rho + (1 - rho) pi makes the
 *          day away; otherwise home. Hence P(A) = pi on every day (the chain starts in
 *          its stationary law: the walk back may reach days before day 0),
 *          corr(A(c, d), A(c, d + 1)) = rho, P(A(d) and A(d + 1)) = pi^2 + rho pi (1 - pi),
 *          and an away spell lasts 1 / ((1 - pi)(1 - rho)) days on average.
 *   home:  H(c, t) = not A(c, d) and v(c, d) < p_T(c)(w, h), with one keyed uniform v per
 *          (customer, day). One draw compared with every hour's probability (comonotone
 *          hours): P(H at h) = (1 - pi) p(w, h), and the household is at home at h and h'
 *          with probability (1 - pi) min(p(w, h), p(w, h')) — a household in at 10:00 is
 *          in at 11:00 unless the profile drops.
 *   ETA:   a notice of the van's arrival brings home a share b of those who would be out
 *          but are not away: v < p + (1 - p) b with the same v, so it only adds people.
 *   slot:  in a slot one booked, v(c, d) < presence_in_slot, away days aside (a household
 *          books a slot on a day it is in); the same v, so the households out in their
 *          slot are those that would be out anyway.
 *   neighbour: a neighbour is another household, at home with the population's mean
 *          presence P(w, h) = sum_k s_k (1 - pi_k) p_k(w, h), who takes the parcel in with
 *          probability q = neighbour_share x P(w, h); the driver tries n = neighbours_asked
 *          doors, independent of each other, so one of them takes it with 1 - (1 - q)^n:
 *          one keyed uniform per (customer, absolute hour) against that.
 * Days are simulated days from day 0; the weekday of day d is lm__model_weekday.
 *
 * Every draw is counter-based (lm__model_uniform keyed by the replication's presence
 * key, or the customers' for the type), so presence does not depend on the order in
 * which it is asked and every strategy meets the same people at home. Cost: a type per
 * customer per replication; an away state costs 1 / (1 - rho) keyed uniforms on average
 * (the walk back stops at the first fresh draw; it is cut at MAX_WALK days, whose
 * probability rho^MAX_WALK <= 0.99^4096 < 1e-17); a presence query is O(1) besides.
 */
#include <math.h>
#include <stdlib.h>

#include "lastmile/calendar.h"
#include "model/internal.h"

#define MAX_WALK   4096
#define DAY_OFFSET (1ULL << 32) /* day index of day 0 in the away walk: room for the past */

/* Salts of the keyed draws, so that the draws of one key never coincide. */
#define SALT_TYPE      0x7e57a11dULL
#define SALT_AWAY      0x0a3a7da7ULL
#define SALT_NEIGHBOUR 0x4e316b0dULL

int lm__model_weekday(const lm_model *m, uint64_t day) {
  return lm_date_weekday(m->sc->start_date + (lm_date)day);
}

/* Copies type k's profiles and away keys from the scenario. */
static void set_type(lm__presence_type *pt, const double *weekday, const double *weekend,
                     double away_p, double away_rho) {
  for (int h = 0; h < LM_HOURS; h++) {
    pt->p[0][h] = weekday[h];
    pt->p[1][h] = weekend[h];
  }
  pt->away_p = away_p;
  pt->away_rho = away_rho;
}

int lm__presence_setup(lm_model *m, uint64_t seed, uint64_t rep) {
  const lm_customers *cu = &m->sc->customers;
  m->presence.presence_key =
      lm__model_mix(lm_rng_seed_of(seed, rep, LM_STREAM_PRESENCE) ^ 0x5bd1e995ULL);
  double share[LM_MAX_CUSTOMER_TYPES];
  if (cu->n_types == 0) {
    m->presence.n_ptypes = 1;
    share[0] = 1.0;
    set_type(&m->presence.ptypes[0], cu->presence_by_hour, cu->presence_by_hour_weekend,
             cu->away_day_probability, cu->away_day_persistence);
  } else {
    m->presence.n_ptypes = cu->n_types;
    for (size_t k = 0; k < cu->n_types; k++) {
      const lm_customer_type *t = &cu->types[k];
      share[k] = t->share;
      set_type(&m->presence.ptypes[k], t->presence_by_hour, t->presence_by_hour_weekend,
               t->away_day_probability, t->away_day_persistence);
    }
  }
  for (int w = 0; w < 2; w++)
    for (int h = 0; h < LM_HOURS; h++) {
      double mean = 0.0;
      for (size_t k = 0; k < m->presence.n_ptypes; k++)
        mean += share[k] * (1.0 - m->presence.ptypes[k].away_p) * m->presence.ptypes[k].p[w][h];
      m->presence.mean_presence[w][h] = mean;
    }
  free(m->presence.ctype);
  m->presence.ctype = malloc((m->n_cust ? m->n_cust : 1) * sizeof *m->presence.ctype);
  if (!m->presence.ctype) return LM_ENOMEM;
  uint64_t key = lm__model_mix(lm_rng_seed_of(seed, rep, LM_STREAM_CUSTOMERS) ^ SALT_TYPE);
  for (size_t c = 0; c < m->n_cust; c++) {
    uint8_t k = 0;
    if (m->presence.n_ptypes > 1) {
      double u = lm__model_uniform(key, c, 0), cum = share[0];
      while (k + 1u < m->presence.n_ptypes && u >= cum) cum += share[++k];
    }
    m->presence.ctype[c] = k;
  }
  return 0;
}

/* A(c, d): whether customer c is away all day d (see the file comment). */
static int away(const lm_model *m, const lm__presence_type *pt, uint32_t c, uint64_t day) {
  if (pt->away_p <= 0.0) return 0;
  uint64_t key = m->presence.presence_key ^ SALT_AWAY, j = DAY_OFFSET + day;
  double rho = pt->away_rho, away_below = rho + (1.0 - rho) * pt->away_p;
  for (int step = 0; step < MAX_WALK; step++, j--) {
    double e = lm__model_uniform(key, c, j);
    if (e >= rho) return e < away_below;
  }
  return lm__model_uniform(key, c, j) < pt->away_p; /* never reached in practice */
}

/* The day of time t_s and the probability of its hour in customer c's profile. */
static double profile_at(const lm_model *m, uint32_t c, double t_s, uint64_t *day) {
  uint64_t hour_abs = (uint64_t)(t_s / 3600.0);
  *day = hour_abs / 24;
  int weekend = lm__model_weekday(m, *day) >= 5;
  return m->presence.ptypes[m->presence.ctype[c]].p[weekend][hour_abs % 24];
}

int lm__presence_home(const lm_model *m, uint32_t c, double t_s, double eta_share) {
  uint64_t day;
  double p = profile_at(m, c, t_s, &day);
  p += (1.0 - p) * eta_share;
  if (lm__model_uniform(m->presence.presence_key, c, day) >= p) return 0;
  return !away(m, &m->presence.ptypes[m->presence.ctype[c]], c, day);
}

int lm__model_at_home(const lm_model *m, uint32_t c, double t_s) {
  return lm__presence_home(m, c, t_s, 0.0);
}

int lm__presence_in_slot(const lm_model *m, uint32_t c, uint64_t day) {
  return lm__model_uniform(m->presence.presence_key, c, day) < m->sc->customers.presence_in_slot;
}

int lm__presence_neighbour(const lm_model *m, uint32_t c, double t_s) {
  uint64_t hour_abs = (uint64_t)(t_s / 3600.0);
  int weekend = lm__model_weekday(m, hour_abs / 24) >= 5;
  double q = m->sc->customers.neighbour_share * m->presence.mean_presence[weekend][hour_abs % 24];
  uint32_t n = m->sc->customers.neighbours_asked;
  double p = n <= 1 ? q : 1.0 - pow(1.0 - q, (double)n);
  return lm__model_uniform(m->presence.presence_key ^ SALT_NEIGHBOUR, c, hour_abs) < p;
}

void lm__presence_free(lm_model *m) {
  free(m->presence.ctype);
  m->presence.ctype = NULL;
}
