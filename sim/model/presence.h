/* presence.h — who is at home (presence.c): the customers' types and their draws.
 *
 * Invariant: every answer is a pure function of (presence key, customer, time), so a
 * customer is home at the same moments in every strategy of a replication.
 */
#ifndef LASTMILE_MODEL_PRESENCE_H
#define LASTMILE_MODEL_PRESENCE_H

#include "model/core.h"

/* A customer type as the presence model uses it. */
typedef struct lm__presence_type {
  double p[2][LM_HOURS]; /* [0] Monday to Friday, [1] weekend: P(home at hour | not away) */
  double away_p;         /* stationary probability of an away day */
  double away_rho;       /* lag-1 correlation of the away state */
} lm__presence_type;

/* The presence part of the model (m->presence). */
typedef struct lm__presence {
  uint64_t presence_key; /* keys the presence draws of the replication */
  uint8_t *ctype;        /* per customer: its type; NULL before the first setup */
  lm__presence_type ptypes[LM_MAX_CUSTOMER_TYPES];
  size_t n_ptypes;
  double mean_presence[2][LM_HOURS]; /* the population's presence: weekday, weekend */
} lm__presence;

/* Sets the presence key of the replication (master seed, rep), draws every customer's
 * type and copies the types' profiles from the scenario; needs m->n_cust. Returns 0, or
 * LM_ENOMEM with m->presence.ctype NULL (freed). Called once per replication: it is the
 * part's init; lm__presence_free is its free. */
int lm__presence_setup(lm_model *m, uint64_t seed, uint64_t rep);
/* Frees what lm__presence_setup allocated; safe when it never ran. */
void lm__presence_free(lm_model *m);
/* The weekday of simulated day `day`, 0 = Monday ... 6 = Sunday. Cannot fail. */
int lm__model_weekday(const lm_model *m, uint64_t day);
/* Whether somebody is at home at customer c at time t_s (1 or 0). Needs a setup. */
int lm__model_at_home(const lm_model *m, uint32_t c, double t_s);
/* The same when an ETA notice brings home a share `eta_share` of those who would be out
 * (but not away for the day); 0 gives lm__model_at_home. */
int lm__presence_home(const lm_model *m, uint32_t c, double t_s, double eta_share);
/* Whether customer c is at home in the slot they booked on day `day` (1 or 0). */
int lm__presence_in_slot(const lm_model *m, uint32_t c, uint64_t day);
/* Whether a neighbour of customer c is at home and takes a parcel in at t_s (1 or 0). */
int lm__presence_neighbour(const lm_model *m, uint32_t c, double t_s);

#endif
