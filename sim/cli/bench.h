/* bench.h — what the files of `lastmile bench` share: the benchmark families, the
 * instances found for them with their best-known solutions (bench_data.c), and the rows
 * the runs produce and their report (bench_report.c); cmd_bench.c runs them.
 *
 * A row is one solve: one instance of one family with one seed. The rows of an instance
 * are adjacent, in seed order, and the instances of a family are adjacent, so the report
 * groups them by walking the array once.
 */
#ifndef LASTMILE_CLI_BENCH_H
#define LASTMILE_CLI_BENCH_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lastmile/error.h"
#include "lastmile/instance.h"
#include "lastmile/routing.h"

/* One benchmark family: where its files are under the benchmark folder and how each is
 * solved and scored. */
typedef struct lm_bench_family {
  const char *name;
  const char *folder; /* under the benchmark folder */
  const char *suffix; /* of the instance files in it */
  lm_route_objective objective;
  const char *bks_csv; /* the best-known table, under the benchmark folder */
  int per_customer_ms; /* 1: the budget is a time limit of M ms per customer (CVRPLIB) */
} lm_bench_family;

/* The families, in their order of report, and how many there are. */
extern const lm_bench_family lm__bench_families[];
extern const size_t lm__bench_n_families;

/* One instance to run: its family, its file and the instance read (no distances yet), and
 * its best-known solution when the family's table has one. */
typedef struct lm_bench_job {
  const lm_bench_family *family;
  char *path;        /* the file */
  char *name;        /* the file's name without the suffix: the instance's name here */
  lm_instance *inst; /* read by lm_instance_read; built only while it is solved */
  int has_bks;
  uint32_t bks_vehicles;
  double bks_distance;
} lm_bench_job;

typedef struct lm_bench_jobs {
  lm_bench_job *job;
  size_t n, cap;
} lm_bench_jobs;

/* Reads, under `dir`, the instances of `family` whose file names match `only` (NULL: all)
 * in natural order (digit runs compared as numbers, letters without case) and the
 * family's best-known table, and appends one job per instance to `jobs`. Returns 0, or
 * LM_EIO / LM_EPARSE / LM_EINVAL / LM_ENOMEM with messages (file:line for a table or an
 * instance) in `diag`; jobs appended before an error stay (free them with
 * lm__bench_jobs_clear). */
int lm__bench_find(const char *dir, const lm_bench_family *family, const regex_t *only,
                   lm_bench_jobs *jobs, lm_diag *diag);
/* Frees every job and the array; the struct is left empty. */
void lm__bench_jobs_clear(lm_bench_jobs *jobs);

/* How a run ended. */
typedef enum lm_bench_status {
  LM_BENCH_FEASIBLE = 0, /* every customer served */
  LM_BENCH_UNSERVED,     /* a plan, with customers left out: infeasible */
  LM_BENCH_FAILED        /* no plan: the router returned an error (code in `error`) */
} lm_bench_status;

typedef struct lm_bench_row {
  const lm_bench_job *job;
  uint64_t seed;
  lm_bench_status status;
  int error;       /* the router's code when LM_BENCH_FAILED */
  size_t vehicles; /* routes with at least one stop */
  size_t n_unserved;
  double distance; /* under the instance's rule */
  double time_ms;  /* lm_router_solve alone */
  int sol_failed;  /* 1 when its .sol could not be written (--sol-dir) */
} lm_bench_row;

typedef enum lm_bench_format { LM_BENCH_TABLE, LM_BENCH_CSV, LM_BENCH_JSON } lm_bench_format;

/* The gap of `distance` to the job's best-known distance, 100 (d - bks) / bks, in
 * percent; NaN without a best-known distance or when it is not positive. */
double lm__bench_gap_pct(const lm_bench_job *job, double distance);

/* Prints the table's header line. */
void lm__bench_table_header(FILE *out);
/* Prints one row of the table. */
void lm__bench_table_row(FILE *out, const lm_bench_row *row);
/* Prints the median row of an instance's `n` rows (several seeds) to the table. */
void lm__bench_table_median(FILE *out, const lm_bench_row *rows, size_t n);
/* Prints the per-family summary of `n` rows as a table. */
void lm__bench_table_summary(FILE *out, const lm_bench_row *rows, size_t n);
/* Prints the CSV header and one line per row (all `n` rows). */
void lm__bench_csv(FILE *out, const lm_bench_row *rows, size_t n);
/* Prints the rows, the medians (several seeds) and the summary as one JSON object;
 * `complete` is 0 when the run was interrupted. */
void lm__bench_json(FILE *out, const lm_bench_row *rows, size_t n, size_t n_seeds, int complete);

#endif
