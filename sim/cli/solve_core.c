/* solve_core.c — one benchmark instance through the routing core, measured (solve_core.h).
 *
 * Each solve gets a router of its own, created before the clock starts and destroyed
 * after it stops, so its time includes the growth of the router's workspace exactly as a
 * lone `lastmile solve` does, whatever ran before it. The plan depends only on the
 * problem and the options (a new router's solve 0 searches with the seed itself), so
 * `solve` and `bench` give the same plan for the same instance, seed and budget.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/solve_core.h"

static double ms_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Total distance of the plan's routes under the instance's rule; counts non-empty routes. */
static double plan_distance(const lm_instance *inst, const lm_rplan *plan, size_t *routes) {
  double total = 0.0;
  *routes = 0;
  for (size_t v = 0; v < plan->n_vehicles; v++) {
    if (plan->begin[v] == plan->begin[v + 1]) continue;
    ++*routes;
    uint32_t at = 0;
    for (size_t i = plan->begin[v]; i < plan->begin[v + 1]; i++) {
      uint32_t node = inst->stops[plan->order[i]].node;
      total += lm_instance_distance(inst, at, node);
      at = node;
    }
    total += lm_instance_distance(inst, at, 0);
  }
  return total;
}

lm_router_opts lm__solve_router_opts(const lm_solve_budget *b, uint64_t seed,
                                     const volatile sig_atomic_t *stop) {
  lm_router_opts opts = {.iterations = b->have_iterations   ? (uint32_t)b->iterations
                                       : b->have_time_limit ? UINT32_MAX
                                                            : LM_SOLVE_DEFAULT_ITERATIONS,
                         .seed = seed,
                         .time_limit_ms = b->have_time_limit ? (double)b->time_limit_ms : 0.0,
                         .stop = stop};
  return opts;
}

int lm__solve_measure(lm_instance *inst, lm_route_objective objective, const lm_router_opts *opts,
                      lm_rplan *plan, lm_solve_measure *m) {
  memset(m, 0, sizeof *m);
  inst->problem.objective = objective;
  lm_router *r = lm_router_create(opts);
  if (!r) return LM_ENOMEM;
  double t0 = ms_now();
  int rc = lm_router_solve(r, &inst->problem, plan);
  double elapsed_ms = ms_now() - t0;
  lm_router_destroy(r);
  if (rc) return rc;
  m->distance = plan_distance(inst, plan, &m->vehicles);
  m->time_ms = elapsed_ms;
  m->n_unserved = plan->n_unserved;
  return 0;
}

void lm__print_json_string(FILE *out, const char *s) {
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(out, "\\%c", *p);
    else if (*p < 0x20)
      fprintf(out, "\\u%04x", *p);
    else
      fputc(*p, out);
  }
  fputc('"', out);
}

void lm__print_csv_field(FILE *out, const char *s) {
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  for (const char *p = s; *p; p++) {
    if (*p == '"') fputc('"', out);
    fputc(*p, out);
  }
  fputc('"', out);
}
