/* cmd_bench.c — `lastmile bench`: the routing core on every instance of the benchmark
 * families, scored against the best-known solutions.
 *
 * Order of work: parse options, settle the benchmark folder, reserve the --csv file
 * (lm_publish_open, replacing allowed), read every instance and best-known table of the
 * chosen families (bench_data.c) — bad input stops the command here, before anything is
 * solved — then solve one instance after another on this one thread, each seed in turn,
 * with solve_core.c, the code `lastmile solve` uses, so each time is that solve's alone
 * and each plan is the one `solve` gives for the same seed and budget. An instance's
 * distances are built just before its solves and freed after them.
 *
 * The table prints each row as it finishes; CSV and JSON print everything at the end.
 * The first SIGINT or SIGTERM cuts the solve in hand short, drops its row, and reports
 * the runs done (exit 1); a second ends the process at once, leaving no --csv file.
 */
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/bench.h"
#include "cli/cli.h"
#include "cli/solve_core.h"
#include "lastmile/publish.h"

#define BENCH_DEFAULT_FAMILIES "solomon,solomon-vehicles,homberger,cvrplib"
#define BENCH_MAX_SEEDS        1000u

enum {
  OPT_DIR,
  OPT_FAMILIES,
  OPT_ONLY,
  OPT_SEEDS,
  OPT_ITERATIONS,
  OPT_TIME_LIMIT,
  OPT_CVRP_MS,
  OPT_CSV,
  OPT_SOL_DIR,
  OPT_FORMAT
};

static const lm_cli_opt bench_opts[] = {
    {OPT_DIR, 0, "dir", "DIR",
     "the benchmark folder (default: $LASTMILE_BENCHMARKS,\nelse ../shared/benchmarks when it "
     "exists)"},
    {OPT_FAMILIES, 0, "families", "LIST",
     "comma list of solomon, solomon-vehicles, homberger,\n"
     "homberger-vehicles, cvrplib (default\n" BENCH_DEFAULT_FAMILIES ")"},
    {OPT_ONLY, 0, "only", "REGEX",
     "only instance files whose name (e.g. C101.txt)\nmatches the extended regular expression"},
    {OPT_SEEDS, 0, "seeds", "N|LIST",
     "seeds 1..N, or a comma list of seeds and ranges A-B\n(default 1; one seed S alone: S-S)"},
    {OPT_ITERATIONS, 0, "iterations", "N", "improvement effort per solve (default 20000)"},
    {OPT_TIME_LIMIT, 0, "time-limit-ms", "T",
     "wall-clock cap per solve in milliseconds (default:\nnone)"},
    {OPT_CVRP_MS, 0, "cvrp-ms-per-customer", "M",
     "cvrplib instances get --time-limit-ms M x customers\n"
     "instead of the budget above (default 10; 0: the\nbudget above)"},
    {OPT_CSV, 0, "csv", "FILE", "also write the rows, with a header, to FILE"},
    {OPT_SOL_DIR, 0, "sol-dir", "DIR",
     "write each served plan to DIR/FAMILY-INSTANCE-SEED.sol\n"
     "(CVRPLIB form; check one with tests/check_routes.py)"},
    {OPT_FORMAT, 0, "format", "FMT",
     "table (default), csv (the rows) or json (rows,\nmedians and summary)"},
};

static const lm_cli_command bench_command = {
    "bench",
    "[options]",
    "Solves every instance of the chosen benchmark families, one after another on one\n"
    "thread, and compares each plan with the best-known solution of the same objective and\n"
    "distance convention. Prints a table (family instance seed vehicles bks_vehicles\n"
    "distance bks_distance gap_pct time_ms note), then a summary per family.",
    bench_opts,
    sizeof bench_opts / sizeof bench_opts[0],
    "Exit code 1 when a plan leaves a customer unserved, a solve fails, or the run is\n"
    "interrupted (the runs done are still reported); 2 for bad usage or a bad benchmark\n"
    "folder.\n"};

typedef struct bench_args {
  const char *dir, *families, *only, *csv, *sol_dir;
  uint64_t *seeds;
  size_t n_seeds;
  lm_solve_budget budget;
  uint64_t cvrp_ms_per_customer;
  lm_bench_format format;
} bench_args;

/* Parses --seeds: a lone number N is 1..N; otherwise a comma list of seeds and ranges
 * A-B. Fills a->seeds (owned by a) and a->n_seeds; returns 0, or -1 after a message. */
static int parse_seeds(const char *text, bench_args *a) {
  free(a->seeds);
  a->seeds = NULL, a->n_seeds = 0;
  if (!strpbrk(text, ",-")) {
    uint64_t n;
    if (lm_cli_parse_u64("--seeds", text, 1, BENCH_MAX_SEEDS, &n)) return -1;
    if (!(a->seeds = malloc(n * sizeof *a->seeds))) goto nomem;
    for (uint64_t s = 1; s <= n; s++) a->seeds[a->n_seeds++] = s;
    return 0;
  }
  if (!(a->seeds = malloc(BENCH_MAX_SEEDS * sizeof *a->seeds))) goto nomem;
  char item[64];
  for (const char *p = text;;) {
    size_t len = strcspn(p, ",");
    if (len == 0 || len >= sizeof item) {
      lm_cli_error("--seeds: expected seeds or ranges A-B separated by commas, got '%s'", text);
      return -1;
    }
    memcpy(item, p, len);
    item[len] = '\0';
    char *dash = strchr(item, '-');
    if (dash) *dash = '\0';
    uint64_t lo, hi;
    if (lm_cli_parse_u64("--seeds", item, 0, UINT64_MAX, &lo)) return -1;
    hi = lo;
    if (dash && lm_cli_parse_u64("--seeds", dash + 1, lo, UINT64_MAX, &hi)) return -1;
    for (uint64_t s = lo;; s++) {
      for (size_t k = 0; k < a->n_seeds; k++)
        if (a->seeds[k] == s) {
          lm_cli_error("--seeds: seed %llu given twice", (unsigned long long)s);
          return -1;
        }
      if (a->n_seeds == BENCH_MAX_SEEDS) {
        lm_cli_error("--seeds: at most %u seeds", BENCH_MAX_SEEDS);
        return -1;
      }
      a->seeds[a->n_seeds++] = s;
      if (s == hi) break;
    }
    p += len;
    if (*p == '\0') return 0;
    p++;
  }
nomem:
  lm_cli_error("out of memory");
  return -1;
}

/* Returns 0, 1 for --help, or -1 after printing a usage error. */
static int parse_args(int argc, char **argv, bench_args *a) {
  lm_cli_parser p;
  lm_cli_parser_init(&p, &bench_command, argc, argv);
  const char *val;
  for (int id; (id = lm_cli_next(&p, &val)) != LM_CLI_DONE;) {
    if (id == LM_CLI_HELP) return 1;
    if (id == LM_CLI_BAD) return -1;
    switch (id) {
    case OPT_DIR:
      a->dir = val;
      break;
    case OPT_FAMILIES:
      a->families = val;
      break;
    case OPT_ONLY:
      a->only = val;
      break;
    case OPT_SEEDS:
      if (parse_seeds(val, a)) return -1;
      break;
    case OPT_ITERATIONS:
      if (lm_cli_parse_u64("--iterations", val, 0, UINT32_MAX, &a->budget.iterations)) return -1;
      a->budget.have_iterations = 1;
      break;
    case OPT_TIME_LIMIT:
      if (lm_cli_parse_u64("--time-limit-ms", val, 1, 86400000, &a->budget.time_limit_ms))
        return -1;
      a->budget.have_time_limit = 1;
      break;
    case OPT_CVRP_MS:
      if (lm_cli_parse_u64("--cvrp-ms-per-customer", val, 0, 86400000, &a->cvrp_ms_per_customer))
        return -1;
      break;
    case OPT_CSV:
      a->csv = val;
      break;
    case OPT_SOL_DIR:
      a->sol_dir = val;
      break;
    case OPT_FORMAT:
      if (!strcmp(val, "table"))
        a->format = LM_BENCH_TABLE;
      else if (!strcmp(val, "csv"))
        a->format = LM_BENCH_CSV;
      else if (!strcmp(val, "json"))
        a->format = LM_BENCH_JSON;
      else {
        lm_cli_error("--format: expected table, csv or json, got '%s'", val);
        return -1;
      }
      break;
    default: /* LM_CLI_OPERAND */
      lm_cli_error("unexpected argument '%s': bench takes options only", val);
      return -1;
    }
  }
  return 0;
}

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The benchmark folder: --dir, $LASTMILE_BENCHMARKS, or ../shared/benchmarks; NULL after
 * a message when there is none. */
static const char *bench_dir(const bench_args *a) {
  const char *env = getenv("LASTMILE_BENCHMARKS");
  const char *dir = a->dir ? a->dir : env && *env ? env : NULL;
  const char *from = a->dir ? "--dir" : "LASTMILE_BENCHMARKS";
  if (dir && !is_dir(dir)) {
    lm_cli_error("%s: '%s' is not a folder", from, dir);
    return NULL;
  }
  if (dir) return dir;
  if (is_dir("../shared/benchmarks")) return "../shared/benchmarks";
  lm_cli_error("no benchmark folder: pass --dir DIR (or set LASTMILE_BENCHMARKS); "
               "../shared/benchmarks does not exist here");
  return NULL;
}

/* The family of each name in the comma list `list`, in its order, into `out` (room for
 * every family); returns how many, or 0 after a message. */
static size_t parse_families(const char *list, const lm_bench_family **out) {
  size_t n = 0;
  for (const char *p = list;;) {
    size_t len = strcspn(p, ",");
    const lm_bench_family *found = NULL;
    for (size_t f = 0; f < lm__bench_n_families; f++)
      if (strlen(lm__bench_families[f].name) == len && !strncmp(p, lm__bench_families[f].name, len))
        found = &lm__bench_families[f];
    for (size_t k = 0; found && k < n; k++)
      if (out[k] == found) {
        lm_cli_error("--families: '%s' given twice", found->name);
        return 0;
      }
    if (!found) {
      lm_cli_error("--families: unknown family '%.*s' (expected solomon, solomon-vehicles, "
                   "homberger, homberger-vehicles or cvrplib)",
                   (int)len, p);
      return 0;
    }
    out[n++] = found;
    p += len;
    if (*p == '\0') return n;
    p++;
  }
}

/* Writes the plan of a served run to --sol-dir; returns 0, or -1 after a message. */
static int write_sol(const bench_args *a, const lm_bench_job *job, uint64_t seed,
                     const lm_rplan *plan) {
  int len = snprintf(NULL, 0, "%s/%s-%s-%llu.sol", a->sol_dir, job->family->name, job->name,
                     (unsigned long long)seed);
  char *path = len > 0 ? malloc((size_t)len + 1) : NULL;
  lm_diag *diag = lm_diag_create();
  int rc = path && diag ? 0 : LM_ENOMEM;
  if (rc == 0) {
    snprintf(path, (size_t)len + 1, "%s/%s-%s-%llu.sol", a->sol_dir, job->family->name, job->name,
             (unsigned long long)seed);
    rc = lm_instance_write_sol(job->inst, plan, path, diag);
  }
  lm_diag_print(diag, stderr);
  if (rc == LM_ENOMEM && !lm_diag_errors(diag)) lm_cli_error("out of memory");
  lm_diag_destroy(diag);
  free(path);
  return rc ? -1 : 0;
}

/* One solve of `job` with `seed` into `row`, its plan written to --sol-dir when asked.
 * The instance is built. */
static void run_one(const bench_args *a, lm_bench_job *job, uint64_t seed, lm_bench_row *row) {
  lm_solve_budget budget = a->budget;
  if (job->family->per_customer_ms && a->cvrp_ms_per_customer > 0) {
    budget = (lm_solve_budget){.have_time_limit = 1};
    uint64_t ms = a->cvrp_ms_per_customer * (uint64_t)job->inst->n_customers;
    budget.time_limit_ms = ms > 86400000u ? 86400000u : ms;
  }
  lm_router_opts opts = lm__solve_router_opts(&budget, seed, &lm_cli_interrupted);
  lm_rplan plan = {0};
  lm_solve_measure m;
  int rc = lm__solve_measure(job->inst, job->family->objective, &opts, &plan, &m);
  *row = (lm_bench_row){.job = job, .seed = seed, .error = rc};
  if (rc) {
    row->status = LM_BENCH_FAILED;
  } else {
    row->status = m.n_unserved ? LM_BENCH_UNSERVED : LM_BENCH_FEASIBLE;
    row->vehicles = m.vehicles, row->n_unserved = m.n_unserved;
    row->distance = m.distance, row->time_ms = m.time_ms;
    if (a->sol_dir && !m.n_unserved && !lm_cli_interrupted && write_sol(a, job, seed, &plan))
      row->sol_failed = 1;
  }
  lm_rplan_clear(&plan);
}

/* Runs every job with every seed into `rows`, printing table rows as they finish;
 * returns how many rows were filled (fewer after an interruption). */
static size_t run_all(const bench_args *a, lm_bench_jobs *jobs, lm_bench_row *rows) {
  size_t n = 0, total = jobs->n * a->n_seeds;
  int progress = a->format != LM_BENCH_TABLE && isatty(STDERR_FILENO);
  if (a->format == LM_BENCH_TABLE) lm__bench_table_header(stdout);
  for (size_t j = 0; j < jobs->n && !lm_cli_interrupted; j++) {
    lm_bench_job *job = &jobs->job[j];
    size_t first = n;
    int rc = lm_instance_build(job->inst, LM_DIST_AUTO);
    for (size_t s = 0; s < a->n_seeds && !lm_cli_interrupted; s++) {
      if (rc)
        rows[n] =
            (lm_bench_row){.job = job, .seed = a->seeds[s], .status = LM_BENCH_FAILED, .error = rc};
      else
        run_one(a, job, a->seeds[s], &rows[n]);
      if (lm_cli_interrupted) break; /* the solve was cut short: not a measurement */
      if (a->format == LM_BENCH_TABLE) {
        lm__bench_table_row(stdout, &rows[n]);
        fflush(stdout);
      }
      n++;
      if (progress) fprintf(stderr, "\r  solving: %zu/%zu runs", n, total);
    }
    if (a->format == LM_BENCH_TABLE && a->n_seeds > 1 && n - first == a->n_seeds)
      lm__bench_table_median(stdout, rows + first, a->n_seeds);
    lm_instance_destroy(job->inst); /* its distances are not needed again */
    job->inst = NULL;
  }
  if (progress) fputc('\n', stderr);
  return n;
}

/* Reads the instances of the chosen families; returns 0, or an exit code after messages. */
static int find_all(const bench_args *a, const char *dir, lm_bench_jobs *jobs) {
  const lm_bench_family *families[16];
  size_t nf = parse_families(a->families, families);
  if (nf == 0) return LM_EXIT_USAGE;
  regex_t only;
  if (a->only) {
    int rc = regcomp(&only, a->only, REG_EXTENDED | REG_NOSUB);
    if (rc) {
      char msg[128];
      regerror(rc, &only, msg, sizeof msg);
      lm_cli_error("--only: not a regular expression: %s", msg);
      return LM_EXIT_USAGE;
    }
  }
  lm_diag *diag = lm_diag_create();
  int rc = diag ? 0 : LM_ENOMEM;
  for (size_t f = 0; rc == 0 && f < nf; f++)
    rc = lm__bench_find(dir, families[f], a->only ? &only : NULL, jobs, diag);
  if (a->only) regfree(&only);
  lm_diag_print(diag, stderr);
  lm_diag_destroy(diag);
  if (rc == LM_ENOMEM) lm_cli_error("out of memory");
  if (rc) return rc == LM_ENOMEM ? LM_EXIT_FAIL : LM_EXIT_USAGE;
  if (jobs->n == 0) {
    lm_cli_error("no instance to run in %s%s%s", dir, a->only ? " matching --only " : "",
                 a->only ? a->only : "");
    return LM_EXIT_USAGE;
  }
  return 0;
}

/* Reports the `n` rows done and writes the --csv file; returns the exit code. */
static int report(const bench_args *a, const lm_bench_row *rows, size_t n, size_t total,
                  lm_publish *csv) {
  int complete = n == total;
  if (a->format == LM_BENCH_TABLE)
    lm__bench_table_summary(stdout, rows, n);
  else if (a->format == LM_BENCH_CSV)
    lm__bench_csv(stdout, rows, n);
  else
    lm__bench_json(stdout, rows, n, a->n_seeds, complete);
  int code = complete ? LM_EXIT_OK : LM_EXIT_FAIL;
  for (size_t i = 0; i < n; i++)
    if (rows[i].status != LM_BENCH_FEASIBLE || rows[i].sol_failed) code = LM_EXIT_FAIL;
  if (!complete) fprintf(stderr, "lastmile: interrupted: %zu of %zu runs done\n", n, total);
  if (csv) {
    lm_diag *diag = lm_diag_create();
    lm__bench_csv(lm_publish_file(csv), rows, n);
    if (!diag || lm_publish_commit(csv, diag)) code = LM_EXIT_FAIL;
    lm_diag_print(diag, stderr);
    lm_diag_destroy(diag);
  }
  return code;
}

static int bench(const bench_args *a) {
  const char *dir = bench_dir(a);
  if (!dir) return LM_EXIT_USAGE;
  if (a->sol_dir && !is_dir(a->sol_dir)) {
    lm_cli_error("--sol-dir: '%s' is not a folder", a->sol_dir);
    return LM_EXIT_USAGE;
  }
  lm_cli_catch_signals(
      "\nlastmile: interrupted: reporting the runs done (signal again to quit at once)\n",
      "\nlastmile: interrupted again: stopped at once\n"); /* before the temporary file exists, so
                                                              that no signal can orphan it */
  lm_publish *csv = NULL;
  if (a->csv) {
    lm_diag *diag = lm_diag_create();
    int rc = diag ? lm_publish_open(a->csv, 1, &csv, diag) : LM_ENOMEM;
    lm_diag_print(diag, stderr);
    lm_diag_destroy(diag);
    if (rc) {
      if (rc == LM_ENOMEM) lm_cli_error("out of memory");
      return rc == LM_ENOMEM ? LM_EXIT_FAIL : LM_EXIT_USAGE;
    }
    lm_cli_pending = csv;
  }
  lm_bench_jobs jobs = {0};
  int code = find_all(a, dir, &jobs);
  lm_bench_row *rows = NULL;
  if (code == 0 && !(rows = calloc(jobs.n * a->n_seeds, sizeof *rows))) {
    lm_cli_error("out of memory");
    code = LM_EXIT_FAIL;
  }
  if (code == 0) {
    size_t n = run_all(a, &jobs, rows);
    code = report(a, rows, n, jobs.n * a->n_seeds, csv);
  }
  lm_cli_pending = NULL;
  lm_publish_destroy(csv);
  free(rows);
  lm__bench_jobs_clear(&jobs);
  return code;
}

int lm_cli_bench(int argc, char **argv) {
  uint64_t seed_one = 1;
  bench_args a = {.families = BENCH_DEFAULT_FAMILIES,
                  .seeds = NULL,
                  .n_seeds = 0,
                  .cvrp_ms_per_customer = 10,
                  .format = LM_BENCH_TABLE};
  int p = parse_args(argc, argv, &a);
  if (p == 1) lm_cli_help(&bench_command, stdout);
  int code = p == 1 ? LM_EXIT_OK : p < 0 ? LM_EXIT_USAGE : 0;
  if (p == 0) {
    bench_args run = a;
    if (!run.seeds) run.seeds = &seed_one, run.n_seeds = 1;
    code = bench(&run);
  }
  free(a.seeds);
  return code;
}
