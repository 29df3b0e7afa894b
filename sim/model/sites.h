/* sites.h — doors, lockers and pickup points (sites.c).
 *
 * Invariant: a parcel in LM__P_IN_LOCKER occupies one compartment of its site's bank
 * (compartment >= 0) until it is collected or expires.
 */
#ifndef LASTMILE_MODEL_SITES_H
#define LASTMILE_MODEL_SITES_H

#include "model/core.h"

/* The sites part of the model (m->sites). */
typedef struct lm__sites {
  uint8_t *cpref;                 /* per customer: 0 home, 1 locker, 2 pickup point */
  uint8_t *credirect;             /* per customer: accepts a redirect to a locker */
  int16_t *csites;                /* LM__MAX_SITES_NEAR sites in reach per customer, nearest first,
                                     padded with LM__HOME */
  lm_locker_bank *banks;          /* one per locker or pickup point */
  int16_t *site_zone;             /* zone of each site (n_zones: in no zone) */
  uint64_t theft_key, locker_key; /* key the door and locker draws of the replication */
} lm__sites;

/* Allocates the banks and the sites' zones for m->sc's sites. Returns 0, or LM_ENOMEM
 * (what was allocated is left for lm__sites_free). */
int lm__sites_init(lm_model *m);
/* Frees the part; safe on a partly initialised model. */
void lm__sites_free(lm_model *m);
/* Finds each of the m->n_cust customers' sites in reach and draws their preferences
 * (from m->rng_customers). Returns 0, or LM_ENOMEM (the customer arrays may then be NULL;
 * lm__sites_free frees the rest). */
int lm__sites_customers(lm_model *m);
/* Sets up the locker banks, empty, at time 0, and the replication's draw keys. */
void lm__sites_reset(lm_model *m, uint64_t seed, uint64_t rep);
/* Where a new parcel of customer c goes under the strategy: LM__HOME or a site. */
int16_t lm__sites_destination(const lm_model *m, uint32_t c);
/* Whether the strategy may leave customer c's parcel at the door at `now`: the door's
 * hazard then (zone x hour factor x packaging) is at most leave_at_door_max_hazard. */
int lm__sites_door_safe(const lm_model *m, uint32_t c, double now);
/* Leaves parcel pi at its customer's door at `now` and schedules its receipt or theft;
 * ends the run with LM_ENOMEM if the event cannot be scheduled. */
void lm__sites_leave_at_door(lm_model *m, lm__day_acc *a, uint32_t pi, double now);
/* What became of a parcel at a home attempt. */
enum {
  LM__NOT_HANDED = 0,   /* rides on: taken back, or redirected to a locker */
  LM__HANDED_HOME,      /* the customer took it in person */
  LM__HANDED_NEIGHBOUR, /* a neighbour took it in person */
  LM__LEFT_UNATTENDED   /* left at the door or in the safe place */
};
/* Nobody answered for parcel pi: applies the strategy's when_not_home (door, neighbour,
 * safe place, redirect or take back). Returns LM__HANDED_NEIGHBOUR, LM__LEFT_UNATTENDED
 * or LM__NOT_HANDED (the parcel is then LM__P_BOUNCED or LM__P_FAILED_IN_VAN). */
int lm__sites_not_home(lm_model *m, lm__day_acc *a, uint32_t pi, double now);
/* After a failed home attempt: sends parcel pi to the nearest site in reach if the
 * strategy redirects and the customer accepts. Returns 1 when redirected (state
 * LM__P_BOUNCED), else 0 with the parcel unchanged. */
int lm__sites_redirect(lm_model *m, uint32_t pi);
/* The van is at site `site` at `now` with the parcels of stop list `head`: places them,
 * a full site's parcels bounce. */
void lm__sites_deliver(lm_model *m, lm__day_acc *a, int16_t site, uint32_t head, double now);
/* Integrates the sites' occupancy into day `day`'s accumulator up to `now`. */
void lm__sites_close_day(lm_model *m, uint32_t day, double now);

#endif
