/* cmd_run.c — `lastmile run SCENARIO.yaml`: simulate, write the results file, summarise.
 *
 * Order of work: parse options, load and validate the scenario and every point of its
 * sweep, settle the output path and create its missing directories, refuse an existing
 * file without --force and reserve the output (lm_publish_open: the
 * directory exists, is one and is writable, and the temporary file is created), and only
 * then simulate. The results are written to that temporary file and published under the
 * real name only at the end — after the whole run, or after an interruption with the
 * finished replications — and by the same rules either way: without --force a file that
 * appeared at the name meanwhile is kept.
 */
#include <errno.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/replay.h"
#include "experiment/mpi.h"
#include "lastmile/experiment.h"
#include "lastmile/fileio.h"
#include "lastmile/model.h"
#include "lastmile/provenance.h"
#include "lastmile/publish.h"
#include "lastmile/results.h"
#include "lastmile/results_warnings.h"
#include "lastmile/results_write.h"
#include "lastmile/scenario.h"
#include "lastmile/stats.h"

#define MAX_SELECTED LM_MAX_STRATEGIES
#define MAX_SETS     256

enum {
  OPT_OUTPUT,
  OPT_REPLICATIONS,
  OPT_SEED,
  OPT_JOBS,
  OPT_PRECISION,
  OPT_MAX_REPLICATIONS,
  OPT_STRATEGY,
  OPT_SET,
  OPT_PARCEL_LOG,
  OPT_ROUTES_DAY,
  OPT_FORCE,
  OPT_PROGRESS,
  OPT_QUIET
};

static const lm_cli_opt run_opts[] = {
    {OPT_OUTPUT, 'o', "output", "OUT.h5",
     "results file (default results/<scenario file\n"
     "name>.h5); missing directories above it are created"},
    {OPT_REPLICATIONS, 'r', "replications", "N",
     "replications per strategy, 1 to 1000000\n(default: the scenario's scenario.replications)"},
    {OPT_SEED, 0, "seed", "N", "master seed (default: the scenario's scenario.seed)"},
    {OPT_JOBS, 'j', "jobs", "N",
     "threads, 1 to 256 (default: the online cores;\n"
     "any N gives the same results)"},
    {OPT_PRECISION, 0, "precision", "KPI=REL",
     "add replications until every strategy's 95% interval\n"
     "of KPI is within REL of its mean, e.g.\n"
     "on_time_rate=0.005 (default: off)"},
    {OPT_MAX_REPLICATIONS, 0, "max-replications", "N",
     "the most --precision may run, 2 to 1000000\n(default 1000)"},
    {OPT_STRATEGY, 0, "strategy", "NAME", "run only this strategy (repeatable; default: all)"},
    {OPT_SET, 0, "set", "KEY=VALUE",
     "override a scenario key, e.g. fleet.van.count=14 or\n"
     "zones[0].density_per_km2=90 (repeatable, at most\n"
     "256; checked like the file)"},
    {OPT_PARCEL_LOG, 0, "parcel-log", NULL,
     "store every parcel of replication 0 of each\n"
     "strategy (also: output.parcel_log: true; default: off)"},
    {OPT_ROUTES_DAY, 0, "routes-day", "DAY",
     "store the planned and driven tours of replication 0\n"
     "on DAY, a counted day: a date YYYY-MM-DD, or the\n"
     "index of a daily row (0 = the first counted day)\n"
     "(also: output.routes_day; default: none)"},
    {OPT_FORCE, 0, "force", NULL,
     "overwrite an existing results file; replay even when\nan input file has changed since the "
     "recorded run (with\na warning) (default: refuse both)"},
    {OPT_PROGRESS, 0, "progress", NULL,
     "report progress on stderr even when it is not a\nterminal (one line per finished unit: the "
     "base run,\neach sweep point)"},
    {OPT_QUIET, 'q', "quiet", NULL, "no progress or summary on stderr (warnings and\nerrors stay)"},
};

static const lm_cli_command run_command_def = {
    "run",
    "SCENARIO.yaml|RESULTS.h5 [options]",
    "Simulates every strategy of the scenario on the same random draws and writes one\n"
    "HDF5 results file; the summary table goes to stdout. Given a results file, runs\n"
    "again the run it records: its scenario text, overrides (then those given now),\n"
    "seed, replications and strategies, with every input file checked against its\n"
    "recorded SHA-256 (default output RESULTS-replay.h5).",
    run_opts,
    sizeof run_opts / sizeof run_opts[0],
    "exit codes: 0 success, 1 the run failed, 2 bad usage or bad input\n"};

typedef struct run_args {
  const char *scenario, *output;
  uint64_t replications, seed, jobs, max_replications;
  const char *routes_day; /* as given; NULL: not given */
  const char *precision;
  int have_replications, have_seed, force, quiet, parcel_log, progress;
  const char *selected[MAX_SELECTED];
  size_t n_selected;
  const char *sets[MAX_SETS];
  size_t n_sets;
} run_args;

/* Stores one option of `run`. Returns 0, or -1 after printing a usage error. */
static int run_option(int id, const char *val, run_args *a) {
  switch (id) {
  case OPT_OUTPUT:
    a->output = val;
    return 0;
  case OPT_REPLICATIONS:
    a->have_replications = 1;
    return lm_cli_parse_u64("--replications", val, 1, 1000000, &a->replications);
  case OPT_ROUTES_DAY:
    a->routes_day = val;
    return 0;
  case OPT_PRECISION:
    a->precision = val;
    return 0;
  case OPT_MAX_REPLICATIONS:
    return lm_cli_parse_u64("--max-replications", val, 2, 1000000, &a->max_replications);
  case OPT_JOBS:
    return lm_cli_parse_u64("--jobs", val, 1, 256, &a->jobs);
  case OPT_SEED:
    a->have_seed = 1;
    return lm_cli_parse_u64("--seed", val, 0, UINT64_MAX, &a->seed);
  case OPT_STRATEGY:
    if (a->n_selected == MAX_SELECTED) {
      lm_cli_error("too many --strategy options (at most %d)", MAX_SELECTED);
      return -1;
    }
    a->selected[a->n_selected++] = val;
    return 0;
  case OPT_SET:
    if (a->n_sets == MAX_SETS) {
      lm_cli_error("too many --set options (at most %d)", MAX_SETS);
      return -1;
    }
    a->sets[a->n_sets++] = val;
    return 0;
  case OPT_PARCEL_LOG:
    a->parcel_log = 1;
    return 0;
  case OPT_FORCE:
    a->force = 1;
    return 0;
  case OPT_PROGRESS:
    a->progress = 1;
    return 0;
  default: /* OPT_QUIET */
    a->quiet = 1;
    return 0;
  }
}

/* Returns 0, 1 for --help, or -1 after printing a usage error. */
static int parse_args(int argc, char **argv, run_args *a) {
  lm_cli_parser p;
  lm_cli_parser_init(&p, &run_command_def, argc, argv);
  const char *val;
  for (int id; (id = lm_cli_next(&p, &val)) != LM_CLI_DONE;) {
    if (id == LM_CLI_HELP) return 1;
    if (id == LM_CLI_BAD) return -1;
    if (id == LM_CLI_OPERAND && a->scenario) {
      lm_cli_error("unexpected argument '%s': run takes one scenario file", val);
      return -1;
    }
    if (id == LM_CLI_OPERAND)
      a->scenario = val;
    else if (run_option(id, val, a))
      return -1;
  }
  if (!a->scenario) {
    lm_cli_error("run needs a scenario file (see lastmile run --help)");
    return -1;
  }
  return 0;
}

/* Parses --precision KPI=REL into opts. Returns 0, or -1 after printing an error. */
static int parse_precision(const char *text, lm_run_opts *opts) {
  const char *eq = strchr(text, '=');
  size_t len = eq ? (size_t)(eq - text) : strlen(text);
  int k = lm_kpi_find(text, len);
  if (k >= 0) {
    char *end = NULL;
    double rel = eq ? strtod(eq + 1, &end) : 0.0;
    if (!eq || end == eq + 1 || *end != '\0' || !(rel > 0.0 && rel < 1.0)) {
      lm_cli_error("--precision %s: expected KPI=REL with REL in (0, 1), e.g. "
                   "on_time_rate=0.005",
                   text);
      return -1;
    }
    opts->precision_kpi = (lm_kpi)k;
    opts->precision_rel = rel;
    return 0;
  }
  lm_cli_error("--precision %s: '%.*s' is not a KPI (see lastmile info for the names)", text,
               (int)len, text);
  return -1;
}

/* The counted day whose tours are stored, as the index of a daily row: from --routes-day
 * (`text`: a date, or an index) or else output.routes_day. Returns the index, -1 when
 * neither is given, or -2 after printing an error. */
static int64_t routes_day(const lm_scenario *sc, const char *text) {
  lm_date first = sc->start_date + (lm_date)sc->warmup_days;
  uint32_t counted = sc->days - sc->warmup_days;
  char from[LM_DATE_TEXT], to[LM_DATE_TEXT];
  lm_date_format(first, from);
  lm_date_format(first + (lm_date)counted - 1, to);
  if (!text) return sc->output.routes_day == LM_DATE_NONE ? -1 : sc->output.routes_day - first;
  if (strchr(text, '-')) {
    lm_date d;
    char why[LM_DATE_WHY];
    if (lm_date_parse(text, strlen(text), &d, why, sizeof why)) {
      lm_cli_error("--routes-day %s: %s", text, why);
      return -2;
    }
    if (d < first || d >= first + (lm_date)counted) {
      lm_cli_error("--routes-day %s is not a counted day; expected a date from %s to %s", text,
                   from, to);
      return -2;
    }
    return d - first;
  }
  uint64_t i;
  if (lm_cli_parse_u64("--routes-day", text, 0, counted - 1, &i)) {
    fprintf(stderr,
            "  (give a date YYYY-MM-DD, or the index of a counted day: 0 is %s, %u is %s)\n", from,
            counted - 1, to);
    return -2;
  }
  return (int64_t)i;
}

/* Keeps only the strategies named with --strategy, in the scenario's order. */
static int select_strategies(lm_scenario *sc, const run_args *a) {
  if (a->n_selected == 0) return 0;
  for (size_t k = 0; k < a->n_selected; k++) {
    size_t s = 0;
    while (s < sc->n_strategies && strcmp(sc->strategies[s].name, a->selected[k])) s++;
    if (s == sc->n_strategies) {
      fprintf(stderr,
              "lastmile: error: --strategy '%s': no such strategy in %s; it has:", a->selected[k],
              a->scenario);
      for (s = 0; s < sc->n_strategies; s++) fprintf(stderr, " %s", sc->strategies[s].name);
      fputc('\n', stderr);
      return -1;
    }
  }
  size_t keep = 0;
  for (size_t s = 0; s < sc->n_strategies; s++) {
    int chosen = 0;
    for (size_t k = 0; k < a->n_selected; k++)
      chosen |= !strcmp(sc->strategies[s].name, a->selected[k]);
    if (chosen) sc->strategies[keep++] = sc->strategies[s];
  }
  sc->n_strategies = keep;
  return 0;
}

/* results/<file name without extension>.h5; creates results/ when missing. */
static char *default_output(const char *scenario) {
  const char *base = strrchr(scenario, '/');
  base = base ? base + 1 : scenario;
  size_t len = strlen(base);
  const char *dot = strrchr(base, '.');
  if (dot && dot != base) len = (size_t)(dot - base);
  char *out = malloc(len + 16);
  if (!out) {
    lm_cli_error("%s", lm_strerror(LM_ENOMEM));
    return NULL;
  }
  snprintf(out, len + 16, "results/%.*s.h5", (int)len, base);
  if (mkdir("results", 0777) != 0 && errno != EEXIST) {
    int err = errno;
    char *shown = lm_path_resolved("results");
    lm_cli_error("cannot create directory '%s' for the results: %s", shown ? shown : "results",
                 strerror(err));
    free(shown);
    free(out);
    return NULL;
  }
  return out;
}

/* Creates the missing directories above the file `out` (as mkdir -p does), so that -o may
 * name a new folder as results/ is created. Returns 0, or -1 after printing the resolved
 * path of the directory that could not be made. */
static int make_parents(const char *out) {
  char dir[4096];
  const char *slash = strrchr(out, '/');
  if (!slash || slash == out) return 0;
  size_t len = (size_t)(slash - out);
  if (len >= sizeof dir) return 0; /* lm_publish_open reports the path */
  memcpy(dir, out, len);
  dir[len] = '\0';
  for (size_t i = 1; i <= len; i++) {
    if (dir[i] != '/' && dir[i] != '\0') continue;
    char keep = dir[i];
    dir[i] = '\0';
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
      int err = errno;
      char cwd[4096];
      if (dir[0] != '/' && getcwd(cwd, sizeof cwd))
        lm_cli_error("cannot create directory '%s/%s' for %s: %s", cwd, dir, out, strerror(err));
      else
        lm_cli_error("cannot create directory '%s' for %s: %s", dir, out, strerror(err));
      return -1;
    }
    dir[i] = keep;
  }
  return 0;
}

/* Progress on stderr, one unit at a time: the base run, then each sweep point. On a
 * terminal one line per unit is redrawn after every run; elsewhere one line is written
 * when a unit finishes. */
typedef struct progress {
  int tty;
  double t0;
  size_t unit, n_units; /* the unit under way (0: the base run) and how many there are */
  size_t done, total;   /* runs (strategy x replication) of this unit */
  char label[320];
} progress;

static double seconds_now(void);

static void progress_line(const progress *pg, int finished) {
  double elapsed = seconds_now() - pg->t0;
  double share = pg->total ? (double)pg->done / (double)pg->total : 0.0;
  double f = ((double)pg->unit + (finished ? 1.0 : share)) / (double)pg->n_units;
  char eta[32] = "?";
  if (f >= 1.0)
    snprintf(eta, sizeof eta, "0 s");
  else if (f > 0.0)
    snprintf(eta, sizeof eta, "%.0f s", elapsed * (1.0 - f) / f);
  fprintf(stderr, "%slastmile: %s: %zu/%zu runs, %.1f s elapsed, ETA %s%s", pg->tty ? "\r" : "",
          pg->label, pg->done, pg->total, elapsed, eta, pg->tty ? "   " : "\n");
  if (pg->tty && finished) fputc('\n', stderr);
  fflush(stderr);
}

static void show_progress(void *ud, size_t done, size_t total) {
  progress *pg = ud;
  pg->done = done;
  pg->total = total;
  if (pg->tty) progress_line(pg, 0);
}

/* The end of a unit: its line, for good. */
static void unit_done(progress *pg) { progress_line(pg, 1); }

static void show_point(void *ud, size_t point, size_t n_points, const char *label, int finished) {
  progress *pg = ud;
  if (finished) {
    unit_done(pg);
    return;
  }
  pg->unit = point + 1;
  pg->done = pg->total = 0;
  snprintf(pg->label, sizeof pg->label, "point %zu/%zu: %s", point + 1, n_points, label);
}

/* The processors online, at least 1 and at most 256 (the -j limit). */
static unsigned online_cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1u : n > 256 ? 256u : (unsigned)n;
}

static double seconds_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* "mean ± hw" with as many decimals as the half-width deserves (two significant digits
 * of it), or the mean alone when there is no interval. */
static void format_ci(char *buf, size_t n, lm_ci ci) {
  if (!isfinite(ci.half_width)) {
    snprintf(buf, n, "%.4g", ci.mean);
    return;
  }
  int decimals = ci.half_width > 0.0 ? 1 - (int)floor(log10(ci.half_width)) : 2;
  if (decimals < 0) decimals = 0;
  if (decimals > 6) decimals = 6;
  snprintf(buf, n, "%.*f ± %.*f", decimals, ci.mean, decimals, ci.half_width);
}

/* The counted days, then a few headline KPIs per strategy, mean and 95% half-width over
 * replications. */
static void print_summary(const lm_results *res) {
  char first[LM_DATE_TEXT], last[LM_DATE_TEXT];
  lm_date_format(res->first_date, first);
  lm_date_format(res->first_date + (lm_date)res->n_days - 1, last);
  printf("counted days: %s to %s (%zu)\n", first, last, res->n_days);
  static const lm_kpi shown[] = {LM_KPI_PARCELS_CREATED,
                                 LM_KPI_FIRST_ATTEMPT_SUCCESS_RATE,
                                 LM_KPI_FAILED_ATTEMPTS,
                                 LM_KPI_RETURNED,
                                 LM_KPI_STOLEN,
                                 LM_KPI_ON_TIME_RATE,
                                 LM_KPI_BACKLOG_END,
                                 LM_KPI_VAN_KM,
                                 LM_KPI_COST_PER_PARCEL,
                                 LM_KPI_CO2_G_PER_PARCEL,
                                 LM_KPI_EXTERNAL_COST_PER_PARCEL};
  printf("%-35s", "KPI (mean ± 95% CI)");
  for (size_t s = 0; s < res->n_strategies; s++) printf(" %24s", res->strategy_names[s]);
  putchar('\n');
  for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
    const lm_kpi_def *def = &lm_kpi_defs[shown[i]];
    char label[64];
    snprintf(label, sizeof label, "%s [%s]", def->name, def->units);
    printf("%-34s", label);
    for (size_t s = 0; s < res->n_strategies; s++) {
      lm_ci ci = lm_ci_of(res->rep + s * res->n_replications * LM_KPI_COUNT + shown[i],
                          res->n_replications, LM_KPI_COUNT, 0.95);
      char cell[64];
      format_ci(cell, sizeof cell, ci);
      printf(" %25s", cell); /* one more: the 2-byte "±" counts as one column */
    }
    putchar('\n');
  }
}

/* `lastmile run RESULTS.h5`: the options recorded in the file under those given now
 * (overrides: the recorded ones first), and the stored scenario read as if from its
 * original folder. Returns 0, or -1 after a message. */
static int replay_args(run_args *a, lm_cli_replay **rp, lm_diag *diag) {
  if (lm_cli_replay_open(a->scenario, rp, diag)) {
    lm_diag_print(diag, stderr);
    return -1;
  }
  const lm_provenance *p = (*rp)->prov;
  if (p->n_sets + a->n_sets > MAX_SETS || p->n_strategies > MAX_SELECTED) {
    lm_cli_error("%s: more overrides or strategies than a run takes", a->scenario);
    return -1;
  }
  memmove(a->sets + p->n_sets, a->sets, a->n_sets * sizeof *a->sets);
  for (size_t i = 0; i < p->n_sets; i++) a->sets[i] = p->sets[i];
  a->n_sets += p->n_sets;
  for (size_t i = 0; !a->n_selected && i < p->n_strategies; i++) a->selected[i] = p->strategies[i];
  if (!a->n_selected) a->n_selected = p->n_strategies;
  if (!a->have_seed) a->have_seed = 1, a->seed = p->seed;
  if (!a->have_replications) a->have_replications = 1, a->replications = p->replications;
  a->parcel_log |= p->parcel_log;
  if (!a->routes_day && (*rp)->routes_day[0]) a->routes_day = (*rp)->routes_day;
  if (!a->output) a->output = (*rp)->output;
  a->scenario = (*rp)->anchor;
  return 0;
}

static int run_command(int argc, char **argv);

/* Prints the messages of `diag`, or, when it holds no error (it could not be allocated,
 * or its own allocations failed), what `rc` says about `what`. */
static void report(const lm_diag *diag, int rc, const char *what) {
  lm_diag_print(diag, stderr);
  if (lm_diag_errors(diag) == 0) lm_cli_error("%s: %s", what, lm_strerror(rc));
}

/* Under mpirun every rank runs the same command: rank 0 prints and writes, the other
 * ranks work silently (see sim/experiment/mpi.c). */
int lm_cli_run(int argc, char **argv) {
  lm__mpi_init(&argc, &argv);
  if (lm__mpi_rank() != 0) {
    if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) return 1;
  }
  int code = run_command(argc, argv);
  lm__mpi_finalize();
  return code;
}

static int run_command(int argc, char **argv) {
  run_args a = {0};
  int p = parse_args(argc, argv, &a);
  if (p == 1) {
    lm_cli_help(&run_command_def, stdout);
    return LM_EXIT_OK;
  }
  if (p < 0) return LM_EXIT_USAGE;

  lm_diag *diag = lm_diag_create();
  lm_scenario *sc = NULL;
  lm_results *res = NULL;
  lm_publish *pub = NULL;
  lm_cli_replay *rp = NULL;
  lm_provenance *prov = NULL;
  char *owned_out = NULL;
  int exit_code = LM_EXIT_USAGE;
  if (lm_provenance_is_hdf5(a.scenario) && replay_args(&a, &rp, diag)) goto done;
  int rc = rp ? lm_cli_replay_load(rp, a.sets, a.n_sets, &sc, diag)
              : lm_scenario_load_with(a.scenario, a.sets, a.n_sets, &lm_model_names, &sc, diag);
  if (rc) {
    report(diag, rc, a.scenario);
    if (rc == LM_ENOMEM) exit_code = LM_EXIT_FAIL; /* not bad input */
    goto done;
  }
  if (rp && lm_cli_replay_check(rp, sc, a.force)) goto done;
  if (select_strategies(sc, &a)) goto done;
  rc = lm_sweep_check(a.scenario, a.sets, a.n_sets, sc, diag);
  if (rc) {
    report(diag, rc, a.scenario); /* exit 2: nothing was simulated */
    if (rc == LM_ENOMEM) exit_code = LM_EXIT_FAIL;
    goto done;
  }
  const char *out = a.output;
  if (!out) {
    out = owned_out = default_output(a.scenario);
    if (!out) goto done;
  }

  lm_run_opts opts = {.seed = a.have_seed ? a.seed : sc->seed,
                      .replications =
                          a.have_replications ? (uint32_t)a.replications : sc->replications,
                      .jobs = a.jobs ? (unsigned)a.jobs : online_cores()};
  opts.max_replications = a.max_replications ? (uint32_t)a.max_replications : 1000;
  opts.parcel_log = a.parcel_log || sc->output.parcel_log;
  int64_t day = routes_day(sc, a.routes_day);
  if (day == -2) goto done;
  opts.record_routes = day >= 0;
  opts.routes_day = day >= 0 ? (uint32_t)day : 0;
  if (a.precision && parse_precision(a.precision, &opts)) goto done;
  rc = lm_provenance_create(argc, argv, a.sets, a.n_sets, a.selected, a.n_selected, sc,
                            rp ? rp->prov->scenario_path : a.scenario,
                            rp ? rp->prov->scenario_folder : NULL, &prov, diag);
  if (rc) {
    report(diag, rc, a.scenario);
    if (rc == LM_ENOMEM) exit_code = LM_EXIT_FAIL; /* not bad input */
    goto done;
  }
  prov->seed = opts.seed, prov->replications = opts.replications;
  prov->parcel_log = opts.parcel_log, prov->routes_day = day;
  if (lm__mpi_rank() == 0 && make_parents(out)) goto done; /* every check passed */
  lm_cli_catch_signals(
      "\nlastmile: interrupted: stopping (signal again to quit at once, writing nothing)\n",
      "\nlastmile: interrupted again: stopped at once; nothing written\n"); /* before the temporary
                                                                               file exists, so that
                                                                               no signal can orphan
                                                                               it */
  if (lm__mpi_rank() == 0 && (rc = lm_publish_open(out, a.force, &pub, diag))) {
    report(diag, rc, out); /* exit 2: nothing was simulated */
    if (rc == LM_ENOMEM) exit_code = LM_EXIT_FAIL;
    goto done;
  }
  progress pg = {.tty = isatty(STDERR_FILENO), .n_units = 1, .t0 = seconds_now()};
  for (size_t q = 0; q < sc->n_sweep; q++)
    pg.n_units *= sc->sweep[q].n_values; /* the grid points ... */
  pg.n_units += sc->n_sweep > 0;         /* ... and the base run */
  snprintf(pg.label, sizeof pg.label, "%s", sc->n_sweep ? "base run" : "simulating");
  if (!a.quiet && (pg.tty || a.progress)) {
    opts.progress = show_progress;
    opts.point = show_point;
    opts.progress_ud = &pg;
  }
  opts.stop = &lm_cli_interrupted;
  lm_cli_pending = pub;
  if (!a.quiet) {
    char start[LM_DATE_TEXT], first[LM_DATE_TEXT], last[LM_DATE_TEXT];
    lm_date_format(sc->start_date, start);
    lm_date_format(sc->start_date + (lm_date)sc->warmup_days, first);
    lm_date_format(sc->start_date + (lm_date)sc->days - 1, last);
    fprintf(stderr,
            "lastmile: %s: %zu strateg%s x %u replications x %u days, %s to %s (counted from "
            "%s), seed %llu\n",
            a.scenario, sc->n_strategies, sc->n_strategies == 1 ? "y" : "ies", opts.replications,
            sc->days, start, last, first, (unsigned long long)opts.seed);
  }
  double t0 = seconds_now();
  if (lm__mpi_size() > 1 && (opts.parcel_log || opts.record_routes)) {
    lm_cli_error("--parcel-log and --routes-day are not available under MPI yet; run them "
                 "without mpirun");
    goto done;
  }
  rc = lm_experiment_run(sc, &opts, &res, diag);
  if (!rc && opts.progress) unit_done(&pg);
  if (res) { /* the record goes into the file; --precision: the replications reached */
    if (opts.precision_rel > 0) prov->replications = (uint32_t)res->n_replications;
    res->provenance = prov, prov = NULL;
  }
  if (lm__mpi_rank() != 0) { /* a worker rank: rank 0 reports and writes */
    if (!rc && sc->n_sweep > 0) {
      lm_sweep_result *sw = NULL;
      lm_sweep_run(a.scenario, a.sets, a.n_sets, sc, &opts, &sw, diag);
      lm_sweep_result_destroy(sw);
    }
    exit_code = LM_EXIT_OK;
    goto done;
  }
  if (rc == LM_EINTERRUPTED) {
    size_t kept = res ? res->n_replications : 0;
    if (kept && lm_results_publish(res, pub, diag) == 0)
      fprintf(stderr,
              "lastmile: interrupted: wrote the %zu finished replication%s of %u to %s "
              "(complete = 0)\n",
              kept, kept == 1 ? "" : "s", opts.replications, out);
    else if (kept)
      lm_diag_print(diag, stderr);
    else
      fprintf(stderr, "lastmile: interrupted before any replication finished; nothing written\n");
    exit_code = LM_EXIT_FAIL;
    goto done;
  }
  if (rc) {
    lm_diag_print(diag, stderr);
    lm_cli_error("the run failed: %s", lm_strerror(rc));
    exit_code = LM_EXIT_FAIL;
    goto done;
  }
  if (sc->n_sweep > 0) {
    if (!a.quiet) fprintf(stderr, "lastmile: sweeping the grid of %zu keys\n", sc->n_sweep);
    lm_sweep_result *sw = NULL;
    rc = lm_sweep_run(a.scenario, a.sets, a.n_sets, sc, &opts, &sw, diag);
    res->sweep = sw;
    if (rc == LM_EINTERRUPTED) {
      res->complete = 0;
      if (lm_results_publish(res, pub, diag) == 0)
        fprintf(stderr,
                "lastmile: interrupted: wrote the base run and %zu finished grid points to %s "
                "(complete = 0)\n",
                sw ? sw->n_points : 0, out);
      else
        lm_diag_print(diag, stderr);
      exit_code = LM_EXIT_FAIL;
      goto done;
    }
    if (rc) {
      lm_diag_print(diag, stderr);
      lm_cli_error("the sweep failed: %s", lm_strerror(rc));
      exit_code = rc == LM_EINVAL ? LM_EXIT_USAGE : LM_EXIT_FAIL;
      goto done;
    }
  }
  double run_s = seconds_now() - t0;
  if (opts.precision_rel > 0 && !a.quiet)
    fprintf(stderr, "lastmile: %zu replications %s\n", res->n_replications,
            res->n_replications >= opts.max_replications
                ? "(the maximum; the precision may not be reached)"
                : "reached the precision asked for");
  if (a.n_sets) { /* recorded in the results file with the scenario text */
    size_t len = 1;
    for (size_t i = 0; i < a.n_sets; i++) len += strlen(a.sets[i]) + 1;
    char *joined = malloc(len);
    if (joined) {
      joined[0] = '\0';
      for (size_t i = 0; i < a.n_sets; i++) {
        if (i) strcat(joined, "\n");
        strcat(joined, a.sets[i]);
      }
      free(res->overrides);
      res->overrides = joined;
    }
  }
  rc = lm_results_publish(res, pub, diag);
  if (rc) {
    report(diag, rc, out);
    exit_code = rc == LM_EEXIST ? LM_EXIT_USAGE : LM_EXIT_FAIL;
    goto done;
  }
  printf("results: %s\n", out);
  print_summary(res);
  lm_results_warnings(res, stderr, "lastmile: ");
  if (!a.quiet) fprintf(stderr, "lastmile: simulated in %.2f s\n", run_s);
  exit_code = LM_EXIT_OK;
done:
  lm_cli_pending = NULL;
  lm_publish_destroy(pub);
  lm_provenance_destroy(prov);
  lm_cli_replay_destroy(rp);
  lm_results_destroy(res);
  lm_scenario_destroy(sc);
  lm_diag_destroy(diag);
  free(owned_out);
  return exit_code;
}
