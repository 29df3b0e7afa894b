/* experiment.c — the loop over replications and strategies.
 *
 * Replication-major order: all strategies of replication 0, then of replication 1, ...
 * One lm_model workspace is reused throughout; each run writes its own slot of the
 * results, so the order of runs never changes a number.
 */
#include "lastmile/experiment.h"

#include "lastmile/model.h"

int lm_experiment_run(const lm_scenario *sc, const lm_run_opts *opts, lm_results **out,
                      lm_diag *diag) {
  *out = NULL;
  size_t days = sc->days - sc->warmup_days;
  lm_results *res = lm_results_create(sc, opts->replications, days, opts->seed);
  lm_model *m = lm_model_create(sc);
  if (!res || !m) {
    lm_results_destroy(res);
    lm_model_destroy(m);
    lm_diag_error(diag, NULL, 0, 0, "out of memory while setting up the run");
    return LM_ENOMEM;
  }
  size_t total = opts->replications * sc->n_strategies, done = 0;
  for (size_t r = 0; r < opts->replications; r++) {
    for (size_t s = 0; s < sc->n_strategies; s++) {
      int rc = lm_model_run(m, s, opts->seed, r, lm_results_rep(res, s, r),
                            lm_results_day(res, s, r, 0), diag);
      if (rc) {
        if (rc == LM_ENOMEM)
          lm_diag_error(diag, NULL, 0, 0, "out of memory in replication %zu of '%s'", r,
                        sc->strategies[s].name);
        lm_model_destroy(m);
        lm_results_destroy(res);
        return rc;
      }
      if (opts->progress) opts->progress(opts->progress_ud, ++done, total);
    }
  }
  lm_model_destroy(m);
  res->complete = 1;
  *out = res;
  return 0;
}
