/* experiment.h — replications of every strategy of a scenario, into lm_results.
 *
 * Replication r of every strategy uses the random streams of (seed, r), so strategies
 * are compared on the same customers, orders and presence at home. Each (strategy,
 * replication) writes into its own preallocated slot of the results.
 */
#ifndef LASTMILE_EXPERIMENT_H
#define LASTMILE_EXPERIMENT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "lastmile/error.h"
#include "lastmile/results.h"
#include "lastmile/scenario.h"

/* Called after each finished (strategy, replication) with the count done and total; with
 * several jobs, from the worker threads, one call at a time. */
typedef void (*lm_progress_fn)(void *ud, size_t done, size_t total);

/* Called by lm_sweep_run when grid point `point` (0-based) of `n_points` starts
 * (finished = 0) and when it has finished (finished = 1), with its "KEY=VALUE, ..." label;
 * on the calling thread, between runs. */
typedef void (*lm_point_fn)(void *ud, size_t point, size_t n_points, const char *label,
                            int finished);

typedef struct lm_run_opts {
  uint64_t seed;               /* master seed */
  uint32_t replications;       /* >= 1 */
  unsigned jobs;               /* threads; 0 or 1 runs everything on the calling thread */
  lm_progress_fn progress;     /* may be NULL */
  volatile sig_atomic_t *stop; /* when it becomes non-zero, the runs stop; NULL: never */
  double precision_rel;        /* > 0: target half-width of the 95% interval of precision_kpi,
                                  relative to its mean; 0: run exactly `replications` */
  lm_kpi precision_kpi;
  uint32_t max_replications; /* with precision_kpi: never more replications than this */
  int parcel_log;            /* keep the parcel log of replication 0 of every strategy */
  int record_routes;         /* keep the tours of day routes_day of replication 0 */
  uint32_t routes_day;       /* a counted day: the index of its daily row (0 = first_date) */
  void *progress_ud;         /* passed to progress and point */
  lm_point_fn point;         /* may be NULL */
} lm_run_opts;

/* Runs every strategy of `sc` for opts->replications replications, on opts->jobs threads.
 * With a precision KPI, more replications are added (half as many again each time, the
 * same ones whatever the batches) until every strategy's 95% interval of that KPI is
 * within precision_rel of its mean, or max_replications is reached;
 * the results are the same, bit for bit, whatever the number of threads. When *opts->stop
 * becomes non-zero no other run starts and the runs in flight give up within
 * milliseconds (lm_model_set_stop; under MPI, where ranks are separate processes, they
 * finish): the function returns LM_EINTERRUPTED with *out holding the replications whose every
 * strategy finished (the first ones, as many as form an unbroken series from replication 0;
 * possibly none) and complete = 0. On success returns 0 and *out (free with lm_results_destroy). On
 * failure returns a negative LM_E… code, *out is NULL and diag says what went wrong. */
int lm_experiment_run(const lm_scenario *sc, const lm_run_opts *opts, lm_results **out,
                      lm_diag *diag);

/* Runs the grid of base->sweep: at each point the scenario is built again from base's
 * text (`path` names it in messages and is where its relative file names lead) with the
 * overrides `sets` and the point's "KEY=VALUE" pairs, restricted to the
 * strategies of `base` (by name, in base's order), and run with `opts`; the per-point
 * statistics go into *out (free with lm_sweep_result_destroy), with base's target. Every
 * point is loaded and checked before any is run: a bad value is an LM_EINVAL with its
 * messages, named as by lm_sweep_check. opts->point is told when each point starts and
 * ends; opts->progress counts the runs within the point. Interrupted (opts->stop): LM_EINTERRUPTED
 * with the points finished so far. */
/* Loads and checks every grid point of base->sweep as lm_sweep_run does, without running
 * any: 0 when all are good (or there is no sweep); otherwise a negative LM_E… code, and
 * every problem of every point is in diag as "FILE:LINE:COL: error: sweep point P of N
 * (KEY=VALUE, ...): MESSAGE". */
int lm_sweep_check(const char *path, const char *const *sets, size_t n_sets,
                   const lm_scenario *base, lm_diag *diag);

int lm_sweep_run(const char *path, const char *const *sets, size_t n_sets, const lm_scenario *base,
                 const lm_run_opts *opts, lm_sweep_result **out, lm_diag *diag);

#endif
