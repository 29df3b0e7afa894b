/* sameday.h — re-planning a running wave (sameday.c), for strategies with
 * replan_every_h.
 */
#ifndef LASTMILE_MODEL_SAMEDAY_H
#define LASTMILE_MODEL_SAMEDAY_H

#include "lastmile/routing.h"
#include "model/core.h"

/* The re-planning workspace (m->replan): the problem's stops and their model indices, the
 * warm plan and its fixed prefixes. Grown as needed, never shrunk. */
typedef struct lm__replan {
  lm_rstop *pstops;
  uint32_t *pmap, *porder;
  size_t cap_p;
  size_t *pbegin, *pfixed; /* per vehicle (+1): the warm plan's offsets, fixed prefixes */
} lm__replan;

/* Allocates the per-vehicle arrays for `max_vehicles` vehicles. Returns 0, or LM_ENOMEM
 * (what was allocated is left for lm__sameday_free). */
int lm__sameday_init(lm_model *m, size_t max_vehicles);
/* Frees the workspace; safe on a partly initialised model. */
void lm__sameday_free(lm_model *m);
/* The event of a re-plan; arg is day x LM_MAX_WAVES + wave. Does nothing unless that wave
 * is the one on the road; failures end the run. */
void lm__sameday_on_replan(lm_sim *sim, void *ctx, uint64_t arg);

#endif
