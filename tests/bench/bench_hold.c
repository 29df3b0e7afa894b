/* bench_hold.c — the classic hold model on lastmile's engine.
 *
 * `pending` events are scheduled at exponential times; each one, when it runs,
 * schedules its successor at now + Exp(1), so the set stays at `pending` events. The
 * program runs `events` such holds and prints one line: "lastmile EVENTS SECONDS
 * EVENTS_PER_S". The increments come from the engine's own random streams.
 *
 * usage: bench_hold [events (10000000)] [pending (1000)] [seed (1)]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lastmile/engine.h"
#include "lastmile/rng.h"

typedef struct hold_ctx {
  lm_rng *rng;
  uint64_t left;
} hold_ctx;

static void hold(lm_sim *sim, void *ctx, uint64_t arg) {
  hold_ctx *h = ctx;
  if (--h->left == 0) {
    lm_sim_stop(sim);
    return;
  }
  if (lm_sim_schedule(sim, lm_sim_now(sim) + lm_rng_exp1(h->rng), 0, hold, h, arg, NULL))
    lm_sim_fail(sim, LM_ENOMEM);
}

static double seconds_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
  uint64_t events = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000ULL;
  size_t pending = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) : 1000;
  uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
  if (events == 0 || pending == 0) {
    fprintf(stderr, "usage: bench_hold [events>0] [pending>0] [seed]\n");
    return 2;
  }
  lm_sim *sim = lm_sim_create(pending);
  lm_rng *rng = lm_rng_create(seed, 0, 0);
  if (!sim || !rng) {
    fprintf(stderr, "bench_hold: out of memory\n");
    return 1;
  }
  hold_ctx h = {rng, events};
  for (size_t i = 0; i < pending; i++)
    if (lm_sim_schedule(sim, lm_rng_exp1(rng), 0, hold, &h, i, NULL)) return 1;
  double t0 = seconds_now();
  int rc = lm_sim_run(sim, 1e300);
  double dt = seconds_now() - t0;
  uint64_t done = lm_sim_events_run(sim);
  printf("lastmile %llu %.6f %.0f\n", (unsigned long long)done, dt, (double)done / dt);
  lm_sim_destroy(sim);
  lm_rng_destroy(rng);
  return rc ? 1 : 0;
}
