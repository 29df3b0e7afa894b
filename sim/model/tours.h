/* tours.h — dispatch and tours: the day's plan and the vans driving it (tours.c).
 *
 * Invariant: m->tours.vans_out counts the vans of the current wave that have left and are
 * not back; a wave is dispatched only when it is 0.
 */
#ifndef LASTMILE_MODEL_TOURS_H
#define LASTMILE_MODEL_TOURS_H

#include "lastmile/routing.h"
#include "model/core.h"

/* The tours part of the model (m->tours). */
typedef struct lm__tours {
  lm_rplan plan;                      /* the current wave's plan (its stops' order) */
  size_t vans_out;                    /* vans of the current wave not yet back */
  int dispatch_waiting;               /* a wave is loaded and waits for them */
  uint64_t waiting_arg;               /* its on_dispatch argument */
  double wave_end_s;                  /* when the current wave is due back */
  uint64_t wave_arg;                  /* day x LM_MAX_WAVES + wave of the wave dispatched last */
  double wave_used[LM_VEHICLE_KINDS]; /* vehicles of each kind out in the current wave */
} lm__tours;

/* Frees the plan (the part allocates nothing else; a zeroed part needs no init). */
void lm__tours_free(lm_model *m);
/* Forgets the previous replication's wave. */
void lm__tours_reset(lm_model *m);
/* Wave w of the current strategy: its own, or one wave over the van shift. */
lm_wave lm__tours_wave(const lm_model *m, size_t w);
/* Groups the due parcels at the depot at `now` (and the return requests due on `day`)
 * into new stops from index m->stops.n_stops on: one per customer or site. Returns 0, or
 * LM_ENOMEM (the depot list and stops are then partly rebuilt: the run must end). */
int lm__tours_build_stops(lm_model *m, uint32_t day, double now);
/* The routing problem of the current strategy over `n_stops` stops, the fleet's vehicles
 * (m->fleet.vehicles, m->fleet.n_vans) and the nodes 0 .. m->stops.n_stops + node0 - 1,
 * planned with `travel` (ud = m). No warm start and nothing fixed; the caller sets those.
 * Cannot fail; the problem points into the model. */
lm_rproblem lm__tours_problem(lm_model *m, const lm_rstop *stops, size_t n_stops,
                              lm_travel_fn travel);
/* Solves problem p for day `day` into *plan through m->router, and counts the solve in
 * m->acc[day]: one plan, its distance, duration (h) and served stops, the iterations the
 * search ran and the thread CPU time of the solve. Returns what lm_router_solve returns
 * (nothing is counted on failure). */
int lm__tours_solve(lm_model *m, uint32_t day, const lm_rproblem *p, lm_rplan *plan);
/* Loads van v with its stops order[pos..end) and sends it to the first at `depart_s`;
 * ends the run with LM_ENOMEM if its arrival cannot be scheduled. */
void lm__tours_depart(lm_model *m, size_t v, double depart_s);
/* Logs the planned arrivals of van v's stops order[i0..end) not logged yet, walking from
 * node `from` at `t0` with `fn`. Returns 0, or LM_ENOMEM with the log unchanged. */
int lm__tours_log_route(lm_model *m, size_t v, size_t wave, size_t i0, uint32_t from, double t0,
                        lm_travel_fn fn);
/* The event of a wave's dispatch; arg is day x LM_MAX_WAVES + wave. Failures end the run. */
void lm__tours_on_dispatch(lm_sim *sim, void *ctx, uint64_t arg);

#endif
