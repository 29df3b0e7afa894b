/* engine.h — the clock and pending-event set of one replication.
 *
 * An lm_sim owns a clock (simulation seconds), a pool of event records and the
 * pending-event set. Events are ordered by (time, priority, insertion sequence): lower
 * priority numbers go first among equal times, and equal (time, priority) pairs run in
 * the order they were scheduled, so every run is reproducible. A scheduled event can be
 * cancelled through the id that lm_sim_schedule returned. Handlers may schedule and
 * cancel events; the loop makes no allocation once the pool has reached the largest
 * number of pending events the replication needs.
 */
#ifndef LASTMILE_ENGINE_H
#define LASTMILE_ENGINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "lastmile/error.h"

typedef struct lm_sim lm_sim;

/* An event handler. `ctx` and `arg` are what was given to lm_sim_schedule. */
typedef void (*lm_event_fn)(lm_sim *sim, void *ctx, uint64_t arg);

/* Identifies one scheduled event; 0 is never a valid id. */
typedef uint64_t lm_event_id;

#define LM_PRIORITY_MIN (-32768)
#define LM_PRIORITY_MAX 32767

/* Creates an empty simulation at time 0 with room for `expected_pending` events before
 * the first growth. NULL when out of memory. */
lm_sim *lm_sim_create(size_t expected_pending);
/* Frees the simulation and its pending events; NULL does nothing. */
void lm_sim_destroy(lm_sim *sim);
/* Drops every pending event and sets the clock back to 0, keeping the memory. */
void lm_sim_reset(lm_sim *sim);

/* Schedules fn(sim, ctx, arg) at absolute time `time_s` with `priority` in
 * [LM_PRIORITY_MIN, LM_PRIORITY_MAX]. Returns 0 (and the id in *id if id is not NULL),
 * LM_EINVAL when time_s is not finite or earlier than the clock, or LM_ENOMEM when the
 * pool cannot grow; nothing is scheduled on error. */
int lm_sim_schedule(lm_sim *sim, double time_s, int priority, lm_event_fn fn, void *ctx,
                    uint64_t arg, lm_event_id *id);

/* Cancels a pending event. Returns 0, or LM_EINVAL when `id` is not pending (already
 * run, already cancelled, or never issued). */
int lm_sim_cancel(lm_sim *sim, lm_event_id id);

/* Runs events in order until none is left, the next one is later than `until_s`, or a
 * handler calls lm_sim_stop or lm_sim_fail. When stopped by the horizon the clock is
 * set to until_s. Returns 0, the code a handler gave to lm_sim_fail, or LM_EINTERRUPTED
 * (see lm_sim_set_interrupt). */
int lm_sim_run(lm_sim *sim, double until_s);

/* Makes lm_sim_run look at *flag (typically set by a signal handler) every
 * LM_INTERRUPT_EVERY events and return LM_EINTERRUPTED, with the clock where it was,
 * once it is non-zero; the event it stops before stays pending. NULL (the default)
 * turns it off. The setting survives lm_sim_reset. */
#define LM_INTERRUPT_EVERY 256u
void lm_sim_set_interrupt(lm_sim *sim, const volatile sig_atomic_t *flag);

/* Asks lm_sim_run to return after the current event. */
void lm_sim_stop(lm_sim *sim);
/* Same, and makes lm_sim_run return `code` (negative LM_E…). The first code wins. */
void lm_sim_fail(lm_sim *sim, int code);

double lm_sim_now(const lm_sim *sim);
/* Events scheduled and neither run nor cancelled. */
size_t lm_sim_pending(const lm_sim *sim);
/* Events run since creation or the last reset. */
uint64_t lm_sim_events_run(const lm_sim *sim);

#endif
