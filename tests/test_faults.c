/* test_faults.c — every allocation of lastmile's own code fails in turn, and each
 * failure is cleaned up (SQLite's "out-of-memory testing").
 *
 * A path is one call sequence with its own cleanup (create then destroy, load then free,
 * run, publish, read back, a sweep, the plot programs, a run on 2 threads, a subcommand). The test
 * first runs it with the hook of faults/fault.h disarmed to count its allocations T, then for N =
 * 1, 2, ... arms the hook at N, runs the path again and checks: the path returns 0 or one of the
 * codes its contract allows for a failed allocation (LM_ENOMEM nearly everywhere), never crashes,
 * and once the hook no longer fires (N > T) succeeds. Each N is run twice: with the failure
 * persistent (every allocation from N on fails, so cleanup code that allocates fails too) and
 * transient (only call N fails, so code that carries on after a failure meets working memory). The
 * subcommands (validate, run, info: sim/cli/ without main.c, linked into the test) are called
 * in-process with stdout sent to /dev/null and stderr captured: a failure is clean when the exit
 * code is not 0 and something was printed on stderr. Writing paths also check that after a failure
 * nothing exists under the final name and no temporary file is left in the directory. Under
 * AddressSanitizer, LeakSanitizer is asked after every path whether anything leaked.
 *
 * Paths making many allocations are sampled: every N up to a dense limit (LM_FAULT_DENSE,
 * or half the path's budget), then about as many more evenly spread up to T, plus T
 * itself; the runs of whole scenarios, sweeps and subcommand runs have budgets of 100 to
 * 200 N per mode, so that the test takes about a minute of CPU (a few under
 * AddressSanitizer).
 * The sweep's counts are printed per path ("faults: PATH ..."). To debug one path, set
 * LM_FAULT_ONLY=PATH, LM_FAULT_TRACE=N to see the stack of allocation N (fault.c), and
 * LM_FAULT_SHOW=1 to see what each subcommand printed on stderr and its exit code.
 *
 * Allocations inside libhdf5, libyaml, GSL and libc are not seen (see fault.h).
 */
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "faults/fault.h"
#include "lastmile/engine.h"
#include "lastmile/experiment.h"
#include "lastmile/model.h"
#include "lastmile/publish.h"
#include "lastmile/results.h"
#include "lastmile/results_info.h"
#include "lastmile/results_read.h"
#include "lastmile/results_write.h"
#include "lastmile/rng.h"
#include "lastmile/routing.h"
#include "lastmile/scenario.h"
#include "output/plot_gp.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define LEAK_CHECK() __lsan_do_recoverable_leak_check()
#else
#define LEAK_CHECK() 0
#endif

#define LM_FAULT_DENSE   300
#define LM_FAULT_SAMPLES 300

/* One path: runs with `ud` and returns 0 or an LM_E… code. */
typedef int (*path_fn)(void *ud, lm_diag *diag);

typedef struct path {
  const char *name;
  path_fn run;
  void *ud;
  int also;          /* a code besides LM_ENOMEM that a failed allocation may give; 0: none */
  const char *dir;   /* written paths: the directory that must hold no temporary file */
  const char *final; /* written paths: the name that must not exist after a failure */
  size_t budget;     /* about this many N at most per mode, half of them dense and half
                        spread; 0: LM_FAULT_DENSE + LM_FAULT_SAMPLES */
} path;

static char tmpdir[64];
static char out_h5[96], back_h5[96], sweep_h5[96];

/* Number of entries of `dir` named like lm_publish's temporary files. */
static size_t temp_files(const char *dir) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  size_t n = 0;
  for (struct dirent *e; (e = readdir(d));)
    if (lm_publish_is_temp(e->d_name)) n++;
  closedir(d);
  return n;
}

static int exists(const char *p) {
  struct stat st;
  return lstat(p, &st) == 0;
}

/* Runs the path once with the hook armed at n (0: disarmed); returns its code and stores
 * how many allocations were made and refused. */
static int run_at(const path *p, size_t n, int persistent, size_t *made, size_t *refused) {
  lm_diag *diag = lm_diag_create();
  assert_non_null(diag);
  if (p->final) unlink(p->final);
  if (n)
    lm_fault_arm(n, persistent);
  else
    lm_fault_disarm();
  int rc = p->run(p->ud, diag);
  *made = lm_fault_count();
  *refused = lm_fault_failed();
  lm_fault_disarm();
  if (p->final) {
    assert_int_equal(temp_files(p->dir), 0);
    if (rc != 0 && exists(p->final))
      fail_msg("%s: N=%zu failed (%d) but left %s", p->name, n, rc, p->final);
  }
  if (n == 0 && rc != 0) {
    lm_diag_print(diag, stderr);
    fail_msg("%s: fails without any fault: %s", p->name, lm_strerror(rc));
  }
  lm_diag_destroy(diag);
  return rc;
}

/* The N after n: every one up to `dense`, then every step-th, then `total` itself, then
 * total + 1 (where nothing fails any more). */
static size_t next_n(size_t n, size_t total, size_t dense, size_t step) {
  if (n < dense || n >= total) return n + 1;
  return n + step < total ? n + step : total;
}

/* The sweep of one path: see the top. */
static void sweep(const path *p) {
  const char *only = getenv("LM_FAULT_ONLY"); /* to debug one path: its name */
  if (only && strcmp(only, p->name) != 0) return;
  size_t total = 0, refused = 0;
  run_at(p, 0, 0, &total, &refused);
  assert_true(total > 0);
  size_t dense = p->budget ? p->budget / 2 : LM_FAULT_DENSE;
  size_t samples = p->budget ? p->budget - dense : LM_FAULT_SAMPLES;
  size_t step = total > dense ? (total - dense + samples - 1) / samples : 1;
  size_t tried = 0, clean = 0, ok_anyway = 0;
  for (int persistent = 1; persistent >= 0; persistent--) {
    for (size_t n = 1;; n = next_n(n, total, dense, step)) {
      size_t made = 0;
      int rc = run_at(p, n, persistent, &made, &refused);
      tried++;
      if (refused == 0) {
        if (rc != 0) fail_msg("%s: N=%zu no allocation refused yet code %d", p->name, n, rc);
        break;
      }
      if (rc == 0)
        ok_anyway++;
      else if (rc == LM_ENOMEM || (p->also && rc == p->also))
        clean++;
      else
        fail_msg("%s: allocation %zu of %zu refused (%s) gave %d (%s)", p->name, n, made,
                 persistent ? "persistent" : "transient", rc, lm_strerror(rc));
    }
  }
  int leaks = LEAK_CHECK();
  printf("faults: %-22s %6zu allocations, %5zu runs (step %zu after %zu), %5zu failed cleanly, "
         "%4zu succeeded anyway\n",
         p->name, total, tried, step, dense, clean, ok_anyway);
  assert_int_equal(leaks, 0);
}

/* ---- constructors ---------------------------------------------------------------- */

static int diag_path(void *ud, lm_diag *diag) {
  (void)ud;
  (void)diag;
  lm_diag *d = lm_diag_create();
  if (!d) return LM_ENOMEM;
  for (int i = 0; i < 20; i++) lm_diag_error(d, "f.yaml", (size_t)i + 1, 2, "message %d", i);
  lm_diag_note(d, NULL, 0, 0, "a note");
  lm_diag *e = lm_diag_create();
  if (e) lm_diag_append(e, d);
  size_t n = lm_diag_count(d);
  for (size_t i = 0; i < n; i++) assert_non_null(lm_diag_message(d, i));
  assert_int_equal(lm_diag_errors(d), 20);
  lm_diag_destroy(e);
  lm_diag_destroy(d);
  return e ? 0 : LM_ENOMEM;
}

static int rng_path(void *ud, lm_diag *diag) {
  (void)ud;
  (void)diag;
  lm_rng *r = lm_rng_create(1, 2, 3);
  if (!r) return LM_ENOMEM;
  (void)lm_rng_uniform(r);
  lm_rng_destroy(r);
  return 0;
}

static void tick(lm_sim *sim, void *ctx, uint64_t arg) {
  (void)ctx;
  if (arg < 500) lm_sim_schedule(sim, lm_sim_now(sim) + 1.0, 0, tick, ctx, arg + 1, NULL);
}

static int sim_path(void *ud, lm_diag *diag) {
  (void)ud;
  (void)diag;
  lm_sim *sim = lm_sim_create(4);
  if (!sim) return LM_ENOMEM;
  int rc = 0;
  for (uint64_t i = 0; i < 200 && rc == 0; i++)
    rc = lm_sim_schedule(sim, (double)(i % 17), 0, tick, NULL, 490 + i % 10, NULL);
  if (rc == 0) rc = lm_sim_run(sim, 1e9);
  lm_sim_destroy(sim);
  return rc;
}

static double line_travel(void *ud, uint32_t profile, uint32_t a, uint32_t b, double depart_s,
                          double *dist_km) {
  (void)ud;
  (void)profile;
  (void)depart_s;
  double d = fabs((double)a - (double)b) * 0.7 + (a != b ? 0.3 : 0.0);
  *dist_km = d;
  return d / 30.0 * 3600.0;
}

static int router_path(void *ud, lm_diag *diag) {
  (void)ud;
  (void)diag;
  enum { N = 30 };
  lm_rstop stops[N];
  for (uint32_t i = 0; i < N; i++)
    stops[i] = (lm_rstop){.node = 1 + (i * 7) % N,
                          .parcels = 1,
                          .volume_l = 5,
                          .service_s = 120,
                          .open_s = 8 * 3600.0,
                          .close_s = 18 * 3600.0,
                          .penalty = 1e5};
  lm_rvehicle veh[2];
  for (int v = 0; v < 2; v++)
    veh[v] = (lm_rvehicle){.capacity_parcels = 20,
                           .capacity_volume_l = 1000,
                           .shift_start_s = 8 * 3600.0,
                           .shift_end_s = 18 * 3600.0,
                           .cost_fixed = 50,
                           .cost_per_km = 0.3,
                           .cost_per_hour = 30};
  lm_rproblem pr = {.stops = stops,
                    .n_stops = N,
                    .vehicles = veh,
                    .n_vehicles = 2,
                    .travel = line_travel,
                    .static_travel = 1,
                    .n_nodes = N + 1};
  lm_router *r = lm_router_create(&(lm_router_opts){.iterations = 50, .seed = 5});
  if (!r) return LM_ENOMEM;
  lm_rplan plan = {0};
  int rc = lm_router_solve(r, &pr, &plan);
  if (rc == 0) {
    assert_int_equal(plan.begin[plan.n_vehicles] + plan.n_unserved, N);
    /* A warm re-plan from the plan found. */
    lm_rplan again = {0};
    pr.warm = &plan;
    rc = lm_router_solve(r, &pr, &again);
    lm_rplan_clear(&again);
  }
  lm_rplan_clear(&plan);
  lm_router_destroy(r);
  return rc;
}

/* ---- scenarios -------------------------------------------------------------------- */

static int load_path(void *ud, lm_diag *diag) {
  lm_scenario *sc = NULL;
  int rc = lm_scenario_load(ud, &sc, diag);
  assert_true((rc == 0) == (sc != NULL));
  lm_scenario_destroy(sc);
  return rc;
}

static const char *const tiny_sets[] = {"scenario.days=3", "scenario.warmup_days=0",
                                        "scenario.replications=1", "demand.parcels_per_day=40"};

/* `file` (under the source tree) cut to 3 days, no warm-up, 1 replication and 40 parcels
 * a day. */
static lm_scenario *tiny_of(const char *file) {
  char p[512];
  snprintf(p, sizeof p, "%s/%s", LM_SOURCE_DIR, file);
  lm_diag *diag = lm_diag_create();
  lm_scenario *sc = NULL;
  int rc = lm_scenario_load_with(p, tiny_sets, 4, &lm_model_names, &sc, diag);
  lm_diag_print(diag, stderr);
  lm_diag_destroy(diag);
  assert_int_equal(rc, 0);
  return sc;
}

static lm_scenario *tiny(void) { return tiny_of("tests/fixtures/small.yaml"); }

static int load_with_path(void *ud, lm_diag *diag) {
  (void)ud;
  lm_scenario *sc = NULL;
  int rc = lm_scenario_load_with(LM_SOURCE_DIR "/tests/fixtures/small.yaml", tiny_sets, 4,
                                 &lm_model_names, &sc, diag);
  lm_scenario_destroy(sc);
  return rc;
}

/* ---- model, run, results ---------------------------------------------------------- */

static int model_create_path(void *ud, lm_diag *diag) {
  (void)diag;
  lm_model *m = lm_model_create(ud);
  lm_model_destroy(m);
  return m ? 0 : LM_ENOMEM;
}

static int model_run_path(void *ud, lm_diag *diag) {
  const lm_scenario *sc = ud;
  lm_model *m = lm_model_create(sc);
  if (!m) return LM_ENOMEM;
  double kpi[LM_KPI_COUNT], daily[3 * LM_KPI_COUNT];
  lm_model_record_routes(m, 1);
  int rc = lm_model_run(m, 0, 3, 0, kpi, daily, diag);
  if (rc == 0) {
    lm_parcel_log pl = {0};
    lm_route_log rl = {0};
    rc = lm_model_parcel_log(m, &pl);
    if (rc == 0) rc = lm_model_route_log(m, &rl);
    lm_parcel_log_clear(&pl);
    lm_route_log_clear(&rl);
  }
  lm_model_destroy(m);
  return rc;
}

static int results_create_path(void *ud, lm_diag *diag) {
  (void)diag;
  lm_results *r = lm_results_create(ud, 3, 5, 1);
  lm_results_destroy(r);
  return r ? 0 : LM_ENOMEM;
}

static int experiment_path(void *ud, lm_diag *diag) {
  lm_run_opts o = {.seed = 9,
                   .replications = 1,
                   .jobs = 1,
                   .parcel_log = 1,
                   .record_routes = 1,
                   .routes_day = 1};
  lm_results *r = NULL;
  int rc = lm_experiment_run(ud, &o, &r, diag);
  assert_true((rc == 0) == (r != NULL));
  lm_results_destroy(r);
  return rc;
}

static lm_results *results; /* one run of the tiny scenario, written by the writing paths */

static int publish_path(void *ud, lm_diag *diag) {
  lm_publish *p = NULL;
  int rc = lm_publish_open(ud, 0, &p, diag);
  if (rc == 0) rc = lm_results_publish(results, p, diag);
  lm_publish_destroy(p);
  return rc;
}

static int write_path(void *ud, lm_diag *diag) { return lm_results_write(results, ud, 1, diag); }

static int read_path(void *ud, lm_diag *diag) {
  lm_results *r = NULL;
  int rc = lm_results_read(ud, &r, diag);
  if (rc == 0) {
    assert_int_equal(r->n_strategies, results->n_strategies);
    assert_memory_equal(r->rep, results->rep,
                        r->n_strategies * r->n_replications * LM_KPI_COUNT * sizeof(double));
  }
  lm_results_destroy(r);
  return rc;
}

static int info_path(void *ud, lm_diag *diag) {
  FILE *devnull = fopen("/dev/null", "w");
  assert_non_null(devnull);
  int rc = lm_results_info(ud, devnull, diag);
  fclose(devnull);
  return rc;
}

/* ---- sweeps, plots, threads ------------------------------------------------------- */

#define SWEEP_YAML LM_SOURCE_DIR "/tests/fixtures/sweep.yaml"

static const lm_run_opts small_opts = {
    .seed = 9, .replications = 1, .jobs = 1, .parcel_log = 1, .record_routes = 1, .routes_day = 1};

/* The grid of the sweep fixture (4 points), each point cut like tiny(). */
static int sweep_run_path(void *ud, lm_diag *diag) {
  lm_sweep_result *sw = NULL;
  int rc = lm_sweep_run(SWEEP_YAML, tiny_sets, 4, ud, &small_opts, &sw, diag);
  assert_true((rc == 0) == (sw != NULL));
  if (rc == 0) assert_int_equal(sw->n_points, 4);
  lm_sweep_result_destroy(sw);
  return rc;
}

static int read_sweep_path(void *ud, lm_diag *diag) {
  lm_results *r = NULL;
  int rc = lm_results_read(ud, &r, diag);
  if (rc == 0) {
    const lm_sweep_result *a = r->sweep, *b = results->sweep;
    assert_non_null(a);
    assert_int_equal(a->n_points, b->n_points);
    assert_memory_equal(a->stats, b->stats,
                        a->n_points * a->n_strategies * LM_KPI_COUNT * 4 * sizeof(double));
    assert_non_null(r->parcel_logs);
    assert_non_null(r->route_logs);
  }
  lm_results_destroy(r);
  return rc;
}

/* What `lastmile plot` does before it runs gnuplot: reads the results file and builds the
 * program of every figure (and of each strategy's picture). Counts the programs built. */
static size_t programs_built;

static int plot_path(void *ud, lm_diag *diag) {
  static lm__figure_fn *const builders[] = {lm__fig_compare, lm__fig_diff,    lm__fig_daily,
                                            lm__fig_routes,  lm__fig_lockers, lm__fig_sweep,
                                            lm__fig_costs,   lm__fig_dist};
  lm_results *r = NULL;
  int rc = lm_results_read(ud, &r, diag);
  programs_built = 0;
  for (size_t i = 0; rc == 0 && i < sizeof builders / sizeof *builders; i++) {
    size_t pictures = builders[i] == lm__fig_routes ? r->n_strategies : 1; /* as plot.c */
    for (size_t s = 0; rc == 0 && s < pictures; s++) {
      lm__gp gp;
      lm__gp_init(&gp);
      char why[256] = "";
      int b = builders[i](r, s, &gp, why, sizeof why);
      if (b == 0 && !lm__gp_ok(&gp)) b = LM_ENOMEM;
      if (b == 0) {
        assert_non_null(gp.text);
        programs_built++;
      }
      lm__gp_free(&gp);
      if (b < 0) rc = b;
      if (b == LM__SKIP_FIGURE) break;
    }
  }
  lm_results_destroy(r);
  return rc;
}

/* Two replications of each strategy on 2 worker threads (`run -j2`). */
static int threads_path(void *ud, lm_diag *diag) {
  lm_run_opts o = small_opts;
  o.jobs = 2;
  o.replications = 2;
  lm_results *r = NULL;
  int rc = lm_experiment_run(ud, &o, &r, diag);
  assert_true((rc == 0) == (r != NULL));
  lm_results_destroy(r);
  return rc;
}

/* ---- the command line ------------------------------------------------------------- */

/* A subcommand called in-process with stdout to /dev/null and stderr captured. Exit code
 * 0 is success; any other code must come with a message on stderr (then LM_ENOMEM: a
 * clean failure), else the path fails with LM_EIO. */
typedef struct cli_case {
  int (*fn)(int argc, char **argv);
  const char *const *argv;
  int argc;
} cli_case;

static int cli_path(void *ud, lm_diag *diag) {
  const cli_case *c = ud;
  char *argv[32];
  assert_true(c->argc < 32);
  for (int i = 0; i < c->argc; i++) argv[i] = (char *)c->argv[i];
  argv[c->argc] = NULL;
  fflush(stdout);
  fflush(stderr);
  int saved_out = dup(STDOUT_FILENO), saved_err = dup(STDERR_FILENO);
  int devnull = open("/dev/null", O_WRONLY);
  FILE *err = tmpfile();
  assert_true(saved_out >= 0 && saved_err >= 0 && devnull >= 0 && err);
  dup2(devnull, STDOUT_FILENO);
  dup2(fileno(err), STDERR_FILENO);
  int code = c->fn(c->argc, argv);
  fflush(stdout);
  fflush(stderr);
  dup2(saved_out, STDOUT_FILENO);
  dup2(saved_err, STDERR_FILENO);
  close(saved_out);
  close(saved_err);
  close(devnull);
  struct stat st;
  assert_int_equal(fstat(fileno(err), &st), 0);
  if (getenv("LM_FAULT_SHOW")) { /* to debug: what the command printed on stderr */
    rewind(err);
    for (int ch; (ch = getc(err)) != EOF;) fputc(ch, stderr);
    fprintf(stderr, "(exit %d)\n", code);
  }
  fclose(err);
  if (code == LM_EXIT_OK) return 0;
  if (st.st_size > 0) return LM_ENOMEM;
  lm_diag_error(diag, NULL, 0, 0, "%s: exit code %d without a message", c->argv[0], code);
  return LM_EIO;
}

#define TINY_SETS                                                                                  \
  "--set", "scenario.days=3", "--set", "scenario.warmup_days=0", "--set",                          \
      "scenario.replications=1", "--set", "demand.parcels_per_day=40"

static const char *const validate_argv[] = {"validate", LM_SOURCE_DIR "/tests/fixtures/small.yaml",
                                            TINY_SETS};
static const char *run_argv[] = {"run",
                                 LM_SOURCE_DIR "/tests/fixtures/small.yaml",
                                 TINY_SETS,
                                 "-q",
                                 "-j",
                                 "2",
                                 "--parcel-log",
                                 "--routes-day",
                                 "1",
                                 "-o",
                                 out_h5};
static const char *sweep_argv[] = {"run", SWEEP_YAML, TINY_SETS, "-q", "-o", out_h5};
static const char *info_argv[] = {"info", sweep_h5};

/* ---- the tests -------------------------------------------------------------------- */

static void test_constructors(void **state) {
  (void)state;
  sweep(&(path){"diag", diag_path, NULL, 0, NULL, NULL, 0});
  sweep(&(path){"rng", rng_path, NULL, 0, NULL, NULL, 0});
  sweep(&(path){"sim", sim_path, NULL, 0, NULL, NULL, 0});
  sweep(&(path){"router+solve", router_path, NULL, 0, NULL, NULL, 0});
  lm_scenario *sc = tiny();
  sweep(&(path){"model_create", model_create_path, sc, 0, NULL, NULL, 0});
  sweep(&(path){"results_create", results_create_path, sc, 0, NULL, NULL, 0});
  lm_scenario_destroy(sc);
}

static void test_scenario_loads(void **state) {
  (void)state;
  static const char *const files[] = {
      "tests/fixtures/small.yaml",    "tests/fixtures/calendar.yaml", "tests/fixtures/fleet.yaml",
      "tests/fixtures/from_csv.yaml", "tests/fixtures/instance.yaml", "tests/fixtures/lockers.yaml",
      "tests/fixtures/sameday.yaml",  "tests/fixtures/sweep.yaml",    "scenarios/city.yaml"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", LM_SOURCE_DIR, files[i]);
    sweep(&(path){files[i] + (files[i][0] == 't' ? 15 : 10), load_path, p, 0, NULL, NULL, 0});
  }
  sweep(&(path){"load_with --set", load_with_path, NULL, 0, NULL, NULL, 0});
}

static void test_run(void **state) {
  (void)state;
  lm_scenario *sc = tiny();
  sweep(&(path){"model_run", model_run_path, sc, 0, NULL, NULL, 200});
  sweep(&(path){"experiment_run", experiment_path, sc, 0, NULL, NULL, 200});
  lm_scenario_destroy(sc);
  /* Every other part of the model: lockers, same-day waves and re-plans, mixed fleets,
   * calendars, customers from files, and a bundled scenario. */
  static const char *const files[] = {
      "tests/fixtures/lockers.yaml",  "tests/fixtures/sameday.yaml",
      "tests/fixtures/fleet.yaml",    "tests/fixtures/calendar.yaml",
      "tests/fixtures/instance.yaml", "tests/fixtures/from_csv.yaml",
      "scenarios/city.yaml"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char name[64];
    snprintf(name, sizeof name, "run %s", strrchr(files[i], '/') + 1);
    sc = tiny_of(files[i]);
    sweep(&(path){name, experiment_path, sc, 0, NULL, NULL, 100});
    lm_scenario_destroy(sc);
  }
}

static void test_write_and_read(void **state) {
  (void)state;
  lm_scenario *sc = tiny();
  lm_run_opts o = {.seed = 9,
                   .replications = 1,
                   .jobs = 1,
                   .parcel_log = 1,
                   .record_routes = 1,
                   .routes_day = 1};
  lm_diag *diag = lm_diag_create();
  assert_int_equal(lm_experiment_run(sc, &o, &results, diag), 0);
  sweep(&(path){"results_publish", publish_path, out_h5, 0, tmpdir, out_h5, 0});
  sweep(&(path){"results_write", write_path, out_h5, 0, tmpdir, out_h5, 0});
  assert_int_equal(lm_results_write(results, back_h5, 1, diag), 0);
  sweep(&(path){"results_read", read_path, back_h5, 0, NULL, NULL, 0});
  sweep(&(path){"results_info", info_path, back_h5, 0, NULL, NULL, 0});
  unlink(out_h5);
  unlink(back_h5);
  lm_diag_destroy(diag);
  lm_results_destroy(results);
  results = NULL;
  lm_scenario_destroy(sc);
}

/* One run of the sweep fixture cut like tiny(), with its sweep, parcel log and tours, in
 * `results` and written to sweep_h5. */
static void sweep_results(lm_scenario **sc) {
  *sc = tiny_of("tests/fixtures/sweep.yaml");
  lm_diag *diag = lm_diag_create();
  assert_int_equal(lm_experiment_run(*sc, &small_opts, &results, diag), 0);
  assert_int_equal(lm_sweep_run(SWEEP_YAML, tiny_sets, 4, *sc, &small_opts, &results->sweep, diag),
                   0);
  assert_int_equal(lm_results_write(results, sweep_h5, 1, diag), 0);
  lm_diag_destroy(diag);
}

static void test_sweep(void **state) {
  (void)state;
  lm_scenario *sc = NULL;
  sweep_results(&sc);
  sweep(&(path){"sweep_run", sweep_run_path, sc, 0, NULL, NULL, 100});
  sweep(&(path){"results_write sweep", write_path, out_h5, 0, tmpdir, out_h5, 0});
  sweep(&(path){"results_read sweep", read_sweep_path, sweep_h5, 0, NULL, NULL, 0});
  sweep(&(path){"results_info sweep", info_path, sweep_h5, 0, NULL, NULL, 0});
  unlink(out_h5);
  lm_results_destroy(results);
  results = NULL;
  lm_scenario_destroy(sc);
}

static void test_plot(void **state) {
  (void)state;
  lm_scenario *sc = NULL;
  sweep_results(&sc);
  sweep(&(path){"plot programs", plot_path, sweep_h5, 0, NULL, NULL, 0});
  lm_diag *diag = lm_diag_create();
  assert_int_equal(plot_path(sweep_h5, diag), 0);
  lm_diag_destroy(diag);
  /* compare, daily, routes of both strategies, sweep, costs, dist; not diff (one
   * replication) nor lockers (no locker in the fixture) */
  assert_int_equal(programs_built, 7);
  lm_results_destroy(results);
  results = NULL;
  lm_scenario_destroy(sc);
}

static void test_threads(void **state) {
  (void)state;
  lm_scenario *sc = tiny();
  sweep(&(path){"run -j2", threads_path, sc, 0, NULL, NULL, 100});
  lm_scenario_destroy(sc);
}

static void test_cli(void **state) {
  (void)state;
  lm_scenario *sc = NULL;
  sweep_results(&sc); /* sweep_h5 for info */
  lm_results_destroy(results);
  results = NULL;
  lm_scenario_destroy(sc);
  cli_case validate = {lm_cli_validate, validate_argv,
                       sizeof validate_argv / sizeof *validate_argv};
  cli_case run = {lm_cli_run, run_argv, sizeof run_argv / sizeof *run_argv};
  cli_case run_sweep = {lm_cli_run, sweep_argv, sizeof sweep_argv / sizeof *sweep_argv};
  cli_case info = {lm_cli_info, info_argv, sizeof info_argv / sizeof *info_argv};
  sweep(&(path){"cli validate", cli_path, &validate, 0, NULL, NULL, 0});
  sweep(&(path){"cli run -j2", cli_path, &run, 0, tmpdir, out_h5, 100});
  sweep(&(path){"cli run sweep", cli_path, &run_sweep, 0, tmpdir, out_h5, 100});
  sweep(&(path){"cli info", cli_path, &info, 0, NULL, NULL, 0});
  unlink(out_h5);
}

int main(void) {
  snprintf(tmpdir, sizeof tmpdir, "%s", "/tmp/lm-faults-XXXXXX");
  if (!mkdtemp(tmpdir)) return 1;
  snprintf(out_h5, sizeof out_h5, "%s/out.h5", tmpdir);
  snprintf(back_h5, sizeof back_h5, "%s/back.h5", tmpdir);
  snprintf(sweep_h5, sizeof sweep_h5, "%s/sweep.h5", tmpdir);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_constructors), cmocka_unit_test(test_scenario_loads),
      cmocka_unit_test(test_run),          cmocka_unit_test(test_write_and_read),
      cmocka_unit_test(test_sweep),        cmocka_unit_test(test_plot),
      cmocka_unit_test(test_threads),      cmocka_unit_test(test_cli),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  unlink(out_h5);
  unlink(back_h5);
  unlink(sweep_h5);
  rmdir(tmpdir);
  return failed;
}
