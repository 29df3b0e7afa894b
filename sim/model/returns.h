/* returns.h — customer returns, picked up on the rounds (returns.c).
 *
 * Invariant: requested = collected + waiting (at home, on a planned stop or in a van).
 */
#ifndef LASTMILE_MODEL_RETURNS_H
#define LASTMILE_MODEL_RETURNS_H

#include "model/core.h"

/* A customer's request to have a return parcel picked up. */
enum lm__ret_state { LM__R_WAITING, LM__R_PLANNED, LM__R_IN_VAN, LM__R_COLLECTED };

typedef struct lm__ret {
  uint32_t customer, day_created;
  uint32_t next; /* next request of the same stop */
  uint8_t size, state, attempts;
  double requested_s;
} lm__ret;

/* The returns part of the model (m->returns). */
typedef struct lm__returns {
  lm_rng *rng_returns; /* the requests' own stream */
  lm__ret *rets;       /* every request of the replication, by creation */
  size_t n_rets, cap_rets;
  uint32_t *rwait; /* requests waiting for a round */
  size_t n_rwait, cap_rwait;
} lm__returns;

/* Creates the requests' stream. Returns 0, or LM_ENOMEM (lm__returns_free is safe). */
int lm__returns_init(lm_model *m);
/* Frees the part; safe on a partly initialised model. */
void lm__returns_free(lm_model *m);
/* Forgets the previous replication's requests and reseeds the stream for (seed, rep). */
void lm__returns_reset(lm_model *m, uint64_t seed, uint64_t rep);
/* Draws the day's pickup requests (its own stream); ends the run with LM_ENOMEM when they
 * cannot be stored. */
void lm__returns_day_start(lm_model *m, uint32_t day, double midnight);
/* Adds the requests due on `day` to their customers' stops being built. Returns 0, or
 * LM_ENOMEM (some requests may then be on stops, the others still waiting). */
int lm__returns_to_stops(lm_model *m, uint32_t day);
/* Stop s was left out of a plan: its planned requests wait again. Returns 0 or
 * LM_ENOMEM. */
int lm__returns_unserved(lm_model *m, uint32_t s);
/* Vehicle v is at stop s: it collects the requests if the customer is `home`, else they
 * wait again (the run ends with LM_ENOMEM if they cannot). */
void lm__returns_at_stop(lm_model *m, size_t v, uint32_t s, int home);
/* Vehicle v is back from a trip that served stop s: its returns are collected. */
void lm__returns_unload(lm_model *m, size_t v, uint32_t s, lm__day_acc *a);
/* Checks requested = collected + waiting. Returns 0, or LM_ECONSERVATION with a message. */
int lm__returns_check(const lm_model *m, lm_diag *diag);
/* Requests not collected yet. */
double lm__returns_pending(const lm_model *m);

#endif
