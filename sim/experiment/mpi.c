/* mpi.c — replications spread over the ranks of an MPI job (built with LASTMILE_MPI).
 *
 * Every rank runs the same command on the same files, so every rank loads the same
 * scenario and reaches the same calls of lm_experiment_run in the same order. In each
 * call rank 0 is the coordinator: it hands out run indices (strategy x replication) one
 * at a time to the worker ranks as they ask, receives each run's KPIs into that run's
 * slot, and alone writes the results file. A run's numbers depend only on (seed,
 * replication, strategy), never on the rank that ran it, so the datasets are identical
 * to a one-rank run. A worker whose run fails sends its message instead; the coordinator
 * stops handing out work and the call fails with "rank N: ...".
 *
 * Messages (all to or from rank 0): TAG_READY (a worker's first request, no payload),
 * TAG_WORK (an index as uint64, or UINT64_MAX: this call is over), TAG_RESULT (doubles:
 * index, then the replication's KPIs, then its daily KPIs, then its days' solver CPU
 * seconds), TAG_ERROR (an int code followed by a message as chars). Fault injection for
 * the tests: with LASTMILE_FAULT_RANK=k in the environment, rank k reports its first run
 * as failed.
 */
#include "experiment/mpi.h"

#ifdef LASTMILE_MPI

#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "lastmile/model.h"

enum { TAG_READY = 1, TAG_WORK, TAG_RESULT, TAG_ERROR };
#define STOP UINT64_MAX

int lm__mpi_rank(void) {
  int init = 0, rank = 0;
  MPI_Initialized(&init);
  if (init) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

int lm__mpi_size(void) {
  int init = 0, size = 1;
  MPI_Initialized(&init);
  if (init) MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

/* Initialises MPI only when the process was started by an MPI launcher (mpirun sets these
 * variables): a plain `lastmile run` of the MPI build then pays nothing for MPI. */
void lm__mpi_init(int *argc, char ***argv) {
  static const char *const launched[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE",
                                         "PMI_RANK", "MPI_LOCALNRANKS"};
  for (size_t i = 0; i < sizeof launched / sizeof launched[0]; i++) {
    if (getenv(launched[i])) {
      MPI_Init(argc, argv);
      return;
    }
  }
}

void lm__mpi_finalize(void) {
  int init = 0, done = 0;
  MPI_Initialized(&init);
  MPI_Finalized(&done);
  if (init && !done) MPI_Finalize();
}

int lm__mpi_worker(const lm_scenario *sc, const lm_run_opts *opts) {
  size_t days = sc->days - sc->warmup_days;
  size_t len = 1 + LM_KPI_COUNT + days * LM_KPI_COUNT + days; /* + solver_s per day */
  double *msg = malloc(len * sizeof *msg);
  lm_model *m = lm_model_create(sc);
  lm_diag *diag = lm_diag_create();
  const char *fault = getenv("LASTMILE_FAULT_RANK");
  int faulty = fault && atoi(fault) == lm__mpi_rank();
  MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_READY, MPI_COMM_WORLD);
  for (;;) {
    uint64_t i;
    MPI_Recv(&i, 1, MPI_UINT64_T, 0, TAG_WORK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (i == STOP) break;
    size_t r = i / sc->n_strategies, s = i % sc->n_strategies;
    int rc = (!msg || !m || !diag) ? LM_ENOMEM : 0;
    if (!rc && faulty) {
      faulty = 0;
      rc = LM_EINTERNAL;
      lm_diag_error(diag, NULL, 0, 0, "fault injected for testing (LASTMILE_FAULT_RANK)");
    }
    if (!rc) rc = lm_model_run(m, s, opts->seed, r, msg + 1, msg + 1 + LM_KPI_COUNT, diag);
    if (rc) {
      char text[1024];
      snprintf(text, sizeof text, "%d %s", rc,
               lm_diag_count(diag) ? lm_diag_message(diag, 0) : lm_strerror(rc));
      MPI_Send(text, (int)strlen(text) + 1, MPI_CHAR, 0, TAG_ERROR, MPI_COMM_WORLD);
      continue;
    }
    msg[0] = (double)i;
    lm_model_solver_s(m, msg + 1 + LM_KPI_COUNT + days * LM_KPI_COUNT);
    MPI_Send(msg, (int)len, MPI_DOUBLE, 0, TAG_RESULT, MPI_COMM_WORLD);
  }
  lm_model_destroy(m);
  lm_diag_destroy(diag);
  free(msg);
  return 0;
}

/* Sends work to `worker` if there is any left in this batch; returns 1 if it did. */
static int hand_out(lm__mpi_batch *b, int worker) {
  if (*b->failed || *b->next >= b->limit || (b->stop && *b->stop)) return 0;
  uint64_t i = (uint64_t)(*b->next)++;
  MPI_Send(&i, 1, MPI_UINT64_T, worker, TAG_WORK, MPI_COMM_WORLD);
  return 1;
}

void lm__mpi_master_batch(lm__mpi_batch *b) {
  int size = lm__mpi_size();
  size_t days = b->res->n_days, len = 1 + LM_KPI_COUNT + days * LM_KPI_COUNT + days;
  double *msg = malloc(len * sizeof *msg);
  char text[1024];
  if (!msg) {
    *b->failed = LM_ENOMEM;
    return;
  }
  size_t busy = 0;
  /* Workers left idle by the previous batch of this call get work first. */
  for (int w = 1; w < size; w++)
    if (b->idle[w] && hand_out(b, w)) b->idle[w] = 0, busy++;
  while (busy > 0 || (!*b->failed && *b->next < b->limit && !(b->stop && *b->stop) &&
                      b->waiting_for_ready > 0)) {
    MPI_Status st;
    MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
    int w = st.MPI_SOURCE;
    if (st.MPI_TAG == TAG_READY) {
      MPI_Recv(NULL, 0, MPI_BYTE, w, TAG_READY, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      b->waiting_for_ready--;
    } else if (st.MPI_TAG == TAG_RESULT) {
      MPI_Recv(msg, (int)len, MPI_DOUBLE, w, TAG_RESULT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      size_t i = (size_t)msg[0], n_s = b->res->n_strategies;
      size_t r = i / n_s, s = i % n_s;
      memcpy(lm_results_rep(b->res, s, r), msg + 1, LM_KPI_COUNT * sizeof *msg);
      memcpy(lm_results_day(b->res, s, r, 0), msg + 1 + LM_KPI_COUNT,
             days * LM_KPI_COUNT * sizeof *msg);
      memcpy(lm_results_solver_s(b->res, s, r), msg + 1 + LM_KPI_COUNT + days * LM_KPI_COUNT,
             days * sizeof *msg);
      b->finished[i] = 1;
      (*b->done)++;
      if (b->progress) b->progress(b->progress_ud, *b->done, b->total);
      busy--;
    } else {
      MPI_Recv(text, (int)sizeof text, MPI_CHAR, w, TAG_ERROR, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      text[sizeof text - 1] = '\0';
      char *rest = NULL;
      long code = strtol(text, &rest, 10);
      if (!*b->failed) {
        *b->failed = code < 0 ? (int)code : LM_EINTERNAL;
        const char *why = rest && *rest ? rest + 1 : text;
        if (!strncmp(why, "error: ", 7)) why += 7;
        lm_diag_error(b->diag, NULL, 0, 0, "rank %d: %s", w, why);
      }
      busy--;
    }
    if (hand_out(b, w))
      busy++;
    else
      b->idle[w] = 1;
  }
  free(msg);
}

void lm__mpi_master_end(int *idle, size_t *waiting_for_ready) {
  int size = lm__mpi_size();
  uint64_t stop = STOP;
  /* Workers that never asked yet still send their first request: take it, then stop. */
  while (*waiting_for_ready > 0) {
    MPI_Status st;
    MPI_Recv(NULL, 0, MPI_BYTE, MPI_ANY_SOURCE, TAG_READY, MPI_COMM_WORLD, &st);
    idle[st.MPI_SOURCE] = 1;
    (*waiting_for_ready)--;
  }
  for (int w = 1; w < size; w++)
    if (idle[w]) MPI_Send(&stop, 1, MPI_UINT64_T, w, TAG_WORK, MPI_COMM_WORLD);
}

#else

int lm__mpi_rank(void) { return 0; }
int lm__mpi_size(void) { return 1; }
void lm__mpi_init(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
}
void lm__mpi_finalize(void) {}

#endif
