/* experiment.c — the runs of every (strategy, replication), on one or several threads.
 *
 * The runs are numbered replication-major (all strategies of replication 0, then of
 * replication 1, ...) and handed out in that order from a shared counter. Each thread
 * owns one lm_model workspace and writes each run into that run's own preallocated slot
 * of the results, so neither the number of threads nor their timing can change a number.
 * The first failing run stops the hand-out; runs in flight finish, then the error of the
 * first failure is reported. The stop flag (a signal) ends the hand-out too, and the runs
 * in flight give up at once and are dropped.
 */
#include "lastmile/experiment.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "experiment/mpi.h"
#include "lastmile/model.h"
#include "lastmile/stats.h"

#define LM_MAX_JOBS 256

typedef struct shared {
  const lm_scenario *sc;
  const lm_run_opts *opts;
  lm_results *res;
  pthread_mutex_t lock;
  size_t next, done, total;
  size_t limit;            /* runs below this index are handed out in the current batch */
  unsigned char *finished; /* per run, 1 once it finished */
  int failed;              /* the first failure's code, or 0 */
  lm_diag *fail_diag;      /* its messages */
} shared;

/* Runs handed-out runs until none is left or one has failed. */
static void *worker(void *arg) {
  shared *sh = arg;
  const lm_scenario *sc = sh->sc;
  lm_model *m = lm_model_create(sc);
  lm_diag *diag = lm_diag_create();
  int rc = (m && diag) ? 0 : LM_ENOMEM;
  if (m) lm_model_set_stop(m, sh->opts->stop);
  for (;;) {
    pthread_mutex_lock(&sh->lock);
    if (rc && !sh->failed) {
      sh->failed = rc;
      if (rc == LM_ENOMEM)
        lm_diag_error(sh->fail_diag, NULL, 0, 0, "out of memory in a simulation run");
      lm_diag_append(sh->fail_diag, diag);
    }
    if (sh->failed || sh->next >= sh->limit || (sh->opts->stop && *sh->opts->stop)) {
      pthread_mutex_unlock(&sh->lock);
      break;
    }
    size_t i = sh->next++;
    pthread_mutex_unlock(&sh->lock);
    size_t r = i / sc->n_strategies, s = i % sc->n_strategies;
    /* The model counts simulated days; routes_day counts the days after the warm-up. */
    lm_model_record_routes(m, r == 0 && sh->res->route_logs
                                  ? (int64_t)sc->warmup_days + (int64_t)sh->opts->routes_day
                                  : -1);
    rc = lm_model_run(m, s, sh->opts->seed, r, lm_results_rep(sh->res, s, r),
                      lm_results_day(sh->res, s, r, 0), diag);
    if (!rc) lm_model_solver_s(m, lm_results_solver_s(sh->res, s, r));
    if (!rc && r == 0 && sh->res->parcel_logs) /* its own slot: no lock needed */
      rc = lm_model_parcel_log(m, &sh->res->parcel_logs[s]);
    if (!rc && r == 0 && sh->res->route_logs) rc = lm_model_route_log(m, &sh->res->route_logs[s]);
    if (rc == LM_EINTERRUPTED) break; /* dropped: it never counts as finished */
    if (rc) continue;                 /* recorded at the top of the loop */
    pthread_mutex_lock(&sh->lock);
    sh->finished[i] = 1;
    sh->done++;
    if (sh->opts->progress) sh->opts->progress(sh->opts->progress_ud, sh->done, sh->total);
    pthread_mutex_unlock(&sh->lock);
  }
  lm_model_destroy(m);
  lm_diag_destroy(diag);
  return NULL;
}

/* A copy of the first `keep` replications of `res` (NULL when keep is 0 or memory runs
 * out; *nomem tells which). */
static lm_results *first_replications(const lm_results *res, const lm_scenario *sc, size_t keep,
                                      size_t days, uint64_t seed, int *nomem) {
  *nomem = 0;
  if (keep == 0) return NULL;
  lm_results *part = lm_results_create(sc, keep, days, seed);
  if (!part) {
    *nomem = 1;
    return NULL;
  }
  for (size_t s = 0; s < sc->n_strategies; s++) {
    for (size_t r = 0; r < keep; r++) {
      memcpy(lm_results_rep(part, s, r), lm_results_rep((lm_results *)res, s, r),
             LM_KPI_COUNT * sizeof(double));
      memcpy(lm_results_day(part, s, r, 0), lm_results_day((lm_results *)res, s, r, 0),
             days * LM_KPI_COUNT * sizeof(double));
      memcpy(lm_results_solver_s(part, s, r), lm_results_solver_s((lm_results *)res, s, r),
             days * sizeof(double));
    }
  }
  return part;
}

/* Runs the handed-out runs below sh->limit on `jobs` threads (the caller's included). */
static void run_batch(shared *sh, size_t jobs) {
  pthread_t threads[LM_MAX_JOBS];
  size_t started = 0;
  for (size_t j = 1; j < jobs; j++, started++)
    if (pthread_create(&threads[started], NULL, worker, sh)) break;
  worker(sh);
  for (size_t j = 0; j < started; j++) pthread_join(threads[j], NULL);
}

/* Whether every strategy's interval of the precision KPI over the first `reps`
 * replications has a half-width within opts->precision_rel of its mean. */
static int precise_enough(const lm_run_opts *opts, lm_results *res, size_t reps) {
  for (size_t s = 0; s < res->n_strategies; s++) {
    lm_ci ci = lm_ci_of(lm_results_rep(res, s, 0) + opts->precision_kpi, reps, LM_KPI_COUNT, 0.95);
    if (!(ci.half_width <= opts->precision_rel * fabs(ci.mean))) return 0;
  }
  return 1;
}

int lm_experiment_run(const lm_scenario *sc, const lm_run_opts *opts, lm_results **out,
                      lm_diag *diag) {
  *out = NULL;
  int ranks = lm__mpi_size();
#ifdef LASTMILE_MPI
  if (ranks > 1 && lm__mpi_rank() != 0) return lm__mpi_worker(sc, opts);
  int idle[LM_MAX_JOBS * 4] = {0};
  size_t waiting_for_ready = (size_t)ranks - 1;
  if (ranks > (int)(sizeof idle / sizeof idle[0])) {
    lm_diag_error(diag, NULL, 0, 0, "at most %zu MPI ranks", sizeof idle / sizeof idle[0]);
    return LM_EINVAL;
  }
#endif
  size_t days = sc->days - sc->warmup_days, n_s = sc->n_strategies;
  int precision = opts->precision_rel > 0 && opts->precision_kpi < LM_KPI_COUNT;
  size_t max_reps = opts->replications;
  if (precision && opts->max_replications > max_reps) max_reps = opts->max_replications;
  shared sh = {
      .sc = sc, .opts = opts, .total = max_reps * n_s, .limit = (size_t)opts->replications * n_s};
  sh.res = lm_results_create(sc, max_reps, days, opts->seed);
  sh.fail_diag = lm_diag_create();
  sh.finished = calloc(sh.total ? sh.total : 1, 1);
  if (sh.res && opts->parcel_log)
    sh.res->parcel_logs = calloc(n_s ? n_s : 1, sizeof *sh.res->parcel_logs);
  if (sh.res && opts->record_routes) {
    sh.res->route_logs = calloc(n_s ? n_s : 1, sizeof *sh.res->route_logs);
    sh.res->routes_day = opts->routes_day;
  }
  if (!sh.res || !sh.fail_diag || !sh.finished || (opts->parcel_log && !sh.res->parcel_logs) ||
      (opts->record_routes && !sh.res->route_logs) || pthread_mutex_init(&sh.lock, NULL)) {
    free(sh.finished);
    lm_results_destroy(sh.res);
    lm_diag_destroy(sh.fail_diag);
    lm_diag_error(diag, NULL, 0, 0, "out of memory while setting up the run");
    return LM_ENOMEM;
  }
  size_t jobs = opts->jobs > 1 ? opts->jobs : 1;
  if (jobs > LM_MAX_JOBS) jobs = LM_MAX_JOBS;
  for (;;) {
#ifdef LASTMILE_MPI
    if (ranks > 1) {
      lm__mpi_batch b = {.res = sh.res,
                         .finished = sh.finished,
                         .next = &sh.next,
                         .done = &sh.done,
                         .limit = sh.limit,
                         .total = sh.total,
                         .failed = &sh.failed,
                         .diag = sh.fail_diag,
                         .stop = opts->stop,
                         .progress = opts->progress,
                         .progress_ud = opts->progress_ud,
                         .idle = idle,
                         .waiting_for_ready = waiting_for_ready};
      lm__mpi_master_batch(&b);
      waiting_for_ready = b.waiting_for_ready;
    } else {
      run_batch(&sh, jobs);
    }
#else
    (void)ranks;
    run_batch(&sh, jobs);
#endif
    size_t reps = sh.limit / n_s;
    if (sh.failed || sh.done < sh.limit) break;
    if (!precision || reps >= max_reps || precise_enough(opts, sh.res, reps)) break;
    size_t more = reps / 2 > 2 ? reps / 2 : 2; /* grow by half, at least two */
    sh.limit = (reps + more < max_reps ? reps + more : max_reps) * n_s;
  }
#ifdef LASTMILE_MPI
  if (ranks > 1) lm__mpi_master_end(idle, &waiting_for_ready);
#endif
  pthread_mutex_destroy(&sh.lock);
  int rc = sh.failed;
  lm_diag_append(diag, sh.fail_diag);
  lm_diag_destroy(sh.fail_diag);
  if (rc) {
    free(sh.finished);
    lm_results_destroy(sh.res);
    return rc;
  }
  /* Keep the unbroken series of whole replications: all of them, unless interrupted. */
  size_t keep = 0;
  while (keep < max_reps) {
    size_t all = 1;
    for (size_t s = 0; s < n_s; s++) all &= sh.finished[keep * n_s + s];
    if (!all) break;
    keep++;
  }
  int interrupted = sh.done < sh.limit;
  free(sh.finished);
  lm_results *res = sh.res;
  if (keep < max_reps) {
    int nomem;
    res = first_replications(sh.res, sc, keep, days, opts->seed, &nomem);
    if (res && keep > 0) { /* the parcel logs belong to replication 0, which is kept */
      res->parcel_logs = sh.res->parcel_logs;
      sh.res->parcel_logs = NULL;
      res->route_logs = sh.res->route_logs;
      res->routes_day = sh.res->routes_day;
      sh.res->route_logs = NULL;
    }
    lm_results_destroy(sh.res);
    if (nomem) {
      lm_diag_error(diag, NULL, 0, 0, "out of memory while keeping the finished runs");
      return LM_ENOMEM;
    }
  }
  *out = res;
  if (interrupted) return LM_EINTERRUPTED; /* complete stays 0 */
  res->complete = 1;
  return 0;
}
