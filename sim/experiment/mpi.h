/* mpi.h — the MPI side of lm_experiment_run (internal; see mpi.c). Without LASTMILE_MPI
 * there is one rank, and only rank/size/init/finalize exist. */
#ifndef LASTMILE_EXPERIMENT_MPI_H
#define LASTMILE_EXPERIMENT_MPI_H

#include <stddef.h>

#include "lastmile/experiment.h"

int lm__mpi_rank(void);
int lm__mpi_size(void);
void lm__mpi_init(int *argc, char ***argv);
void lm__mpi_finalize(void);

#ifdef LASTMILE_MPI
/* The coordinator's view of one batch of an lm_experiment_run call. */
typedef struct lm__mpi_batch {
  lm_results *res;
  unsigned char *finished;
  size_t *next, *done, limit, total;
  int *failed;
  lm_diag *diag;
  volatile sig_atomic_t *stop;
  lm_progress_fn progress;
  void *progress_ud;
  int *idle;                /* per rank: waiting for work */
  size_t waiting_for_ready; /* workers whose first request is still to come */
} lm__mpi_batch;

/* A worker rank's side of one lm_experiment_run call: runs what rank 0 hands out until
 * told to stop. Returns 0. */
int lm__mpi_worker(const lm_scenario *sc, const lm_run_opts *opts);
/* Rank 0: hands out the runs [*next, limit) and collects them. */
void lm__mpi_master_batch(lm__mpi_batch *b);
/* Rank 0, at the end of the call: tells every worker to stop. */
void lm__mpi_master_end(int *idle, size_t *waiting_for_ready);
#endif

#endif
