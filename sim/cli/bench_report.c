/* bench_report.c — what `lastmile bench` prints (bench.h): the table of runs, the median
 * of an instance over its seeds, the summary per family, CSV and JSON.
 *
 * An instance's value is its one run, or with several seeds the median over its runs of
 * each measure (vehicles, distance, time) taken separately; its gap is the gap of that
 * distance. An instance is solved when every one of its runs served every customer; only
 * solved instances enter a family's mean and worst gap, mean time and vehicle total, and
 * the gap and the vehicle totals count only instances that have a best-known row, so the
 * two totals are over the same instances. Gaps are 100 (d - bks) / bks, in percent.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/bench.h"
#include "cli/solve_core.h"

double lm__bench_gap_pct(const lm_bench_job *job, double distance) {
  if (!job->has_bks || !(job->bks_distance > 0.0)) return NAN;
  return 100.0 * (distance - job->bks_distance) / job->bks_distance;
}

static const char table_format[] = "%-18s %-14s %6s %8s %12s %11s %12s %8s %9s  %s\n";

void lm__bench_table_header(FILE *out) {
  fprintf(out, table_format, "family", "instance", "seed", "vehicles", "bks_vehicles", "distance",
          "bks_distance", "gap_pct", "time_ms", "note");
}

/* The best-known columns of a job as text ("-" without a row). */
static void bks_text(const lm_bench_job *job, char veh[24], char dist[32]) {
  if (!job->has_bks) {
    strcpy(veh, "-"), strcpy(dist, "-");
    return;
  }
  snprintf(veh, 24, "%u", job->bks_vehicles);
  snprintf(dist, 32, "%.10g", job->bks_distance);
}

void lm__bench_table_row(FILE *out, const lm_bench_row *row) {
  char seed[24], veh[24], dist[32], bveh[24], bdist[32], gap[24] = "-", ms[32], note[80] = "";
  snprintf(seed, sizeof seed, "%llu", (unsigned long long)row->seed);
  bks_text(row->job, bveh, bdist);
  if (row->status == LM_BENCH_FAILED) {
    strcpy(veh, "-"), strcpy(dist, "-"), strcpy(ms, "-");
    snprintf(note, sizeof note, "failed: %s", lm_strerror(row->error));
  } else {
    snprintf(veh, sizeof veh, "%zu", row->vehicles);
    snprintf(dist, sizeof dist, "%.2f", row->distance);
    snprintf(ms, sizeof ms, "%.0f", row->time_ms);
    double g = lm__bench_gap_pct(row->job, row->distance);
    if (row->status == LM_BENCH_UNSERVED)
      snprintf(note, sizeof note, "infeasible: %zu unserved", row->n_unserved);
    else if (!isnan(g))
      snprintf(gap, sizeof gap, "%+.2f", g);
    if (row->sol_failed) snprintf(note, sizeof note, "its .sol was not written");
  }
  fprintf(out, table_format, row->job->family->name, row->job->name, seed, veh, bveh, dist, bdist,
          gap, ms, note);
}

/* The median of v[0..n-1] (n >= 1; reorders v). */
static double median(double *v, size_t n) {
  for (size_t i = 1; i < n; i++) /* insertion sort: n is the number of seeds */
    for (size_t k = i; k > 0 && v[k - 1] > v[k]; k--) {
      double t = v[k];
      v[k] = v[k - 1], v[k - 1] = t;
    }
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* One instance's value over its runs (see the top). */
typedef struct inst_value {
  const lm_bench_job *job;
  size_t runs, feasible;
  int solved;
  double vehicles, distance, time_ms, gap_pct; /* medians when solved; gap NaN without BKS */
} inst_value;

/* The value of the `n` adjacent rows of one instance; returns 0 or LM_ENOMEM. */
static int instance_value(const lm_bench_row *rows, size_t n, inst_value *v) {
  memset(v, 0, sizeof *v);
  v->job = rows[0].job, v->runs = n, v->gap_pct = NAN;
  for (size_t i = 0; i < n; i++) v->feasible += rows[i].status == LM_BENCH_FEASIBLE;
  v->solved = v->feasible == n;
  if (!v->solved) return 0;
  double *buf = malloc(n * sizeof *buf);
  if (!buf) return LM_ENOMEM;
  for (size_t i = 0; i < n; i++) buf[i] = (double)rows[i].vehicles;
  v->vehicles = median(buf, n);
  for (size_t i = 0; i < n; i++) buf[i] = rows[i].distance;
  v->distance = median(buf, n);
  for (size_t i = 0; i < n; i++) buf[i] = rows[i].time_ms;
  v->time_ms = median(buf, n);
  free(buf);
  v->gap_pct = lm__bench_gap_pct(v->job, v->distance);
  return 0;
}

/* The number of rows from `rows` on that belong to the same instance (at least 1). */
static size_t group_len(const lm_bench_row *rows, size_t n) {
  size_t k = 1;
  while (k < n && rows[k].job == rows[0].job) k++;
  return k;
}

void lm__bench_table_median(FILE *out, const lm_bench_row *rows, size_t n) {
  inst_value v;
  char veh[24] = "-", dist[32] = "-", bveh[24], bdist[32], gap[24] = "-", ms[32] = "-",
       note[80] = "";
  bks_text(rows[0].job, bveh, bdist);
  if (instance_value(rows, n, &v)) {
    snprintf(note, sizeof note, "out of memory");
  } else if (!v.solved) {
    snprintf(note, sizeof note, "%zu of %zu runs infeasible or failed", n - v.feasible, n);
  } else {
    snprintf(veh, sizeof veh, "%g", v.vehicles);
    snprintf(dist, sizeof dist, "%.2f", v.distance);
    snprintf(ms, sizeof ms, "%.0f", v.time_ms);
    if (!isnan(v.gap_pct)) snprintf(gap, sizeof gap, "%+.2f", v.gap_pct);
    snprintf(note, sizeof note, "median of %zu seeds", n);
  }
  fprintf(out, table_format, rows[0].job->family->name, rows[0].job->name, "median", veh, bveh,
          dist, bdist, gap, ms, note);
}

/* A family's summary over its instances' values. */
typedef struct family_summary {
  const lm_bench_family *family;
  size_t instances, solved, with_gap;
  double gap_sum, worst_gap, time_sum, vehicles, bks_vehicles;
  const char *worst_instance;
} family_summary;

/* Summarises the rows of `family` among `rows`; returns 0 or LM_ENOMEM. */
static int summarise(const lm_bench_family *family, const lm_bench_row *rows, size_t n,
                     family_summary *s) {
  memset(s, 0, sizeof *s);
  s->family = family, s->worst_gap = NAN;
  for (size_t i = 0; i < n;) {
    size_t k = group_len(rows + i, n - i);
    if (rows[i].job->family == family) {
      inst_value v;
      if (instance_value(rows + i, k, &v)) return LM_ENOMEM;
      s->instances++;
      if (v.solved) {
        s->solved++;
        s->time_sum += v.time_ms;
        if (!isnan(v.gap_pct)) {
          s->with_gap++;
          s->gap_sum += v.gap_pct;
          s->vehicles += v.vehicles;
          s->bks_vehicles += v.job->bks_vehicles;
          if (isnan(s->worst_gap) || v.gap_pct > s->worst_gap)
            s->worst_gap = v.gap_pct, s->worst_instance = v.job->name;
        }
      }
    }
    i += k;
  }
  return 0;
}

/* The rows of one family are adjacent: a family starts at row i when the one before is of
 * another family. */
static int family_starts(const lm_bench_row *rows, size_t i) {
  return i == 0 || rows[i].job->family != rows[i - 1].job->family;
}

static const char summary_format[] = "%-18s %9s %6s %12s %13s %-14s %12s %8s %12s\n";

void lm__bench_table_summary(FILE *out, const lm_bench_row *rows, size_t n) {
  fputs("\n== summary\n", out);
  fprintf(out, summary_format, "family", "instances", "solved", "mean_gap_pct", "worst_gap_pct",
          "worst_instance", "mean_time_ms", "vehicles", "bks_vehicles");
  for (size_t i = 0; i < n; i++) {
    if (!family_starts(rows, i)) continue;
    const lm_bench_family *family = rows[i].job->family;
    family_summary s;
    if (summarise(family, rows, n, &s)) {
      fprintf(out, "%-18s out of memory\n", family->name);
      continue;
    }
    char inst[24], solved[24], mean[24] = "-", worst[24] = "-", ms[32] = "-", veh[32] = "-",
                               bveh[32] = "-";
    snprintf(inst, sizeof inst, "%zu", s.instances);
    snprintf(solved, sizeof solved, "%zu", s.solved);
    if (s.with_gap) {
      snprintf(mean, sizeof mean, "%+.2f", s.gap_sum / (double)s.with_gap);
      snprintf(worst, sizeof worst, "%+.2f", s.worst_gap);
      snprintf(veh, sizeof veh, "%g", s.vehicles);
      snprintf(bveh, sizeof bveh, "%g", s.bks_vehicles);
    }
    if (s.solved) snprintf(ms, sizeof ms, "%.0f", s.time_sum / (double)s.solved);
    fprintf(out, summary_format, family->name, inst, solved, mean, worst,
            s.worst_instance ? s.worst_instance : "-", ms, veh, bveh);
  }
}

void lm__bench_csv(FILE *out, const lm_bench_row *rows, size_t n) {
  fputs("family,instance,seed,vehicles,bks_vehicles,distance,bks_distance,gap_pct,time_ms,"
        "feasible,unserved\n",
        out);
  for (size_t i = 0; i < n; i++) {
    const lm_bench_row *r = &rows[i];
    lm__print_csv_field(out, r->job->family->name);
    fputc(',', out);
    lm__print_csv_field(out, r->job->name);
    fprintf(out, ",%llu,", (unsigned long long)r->seed);
    if (r->status != LM_BENCH_FAILED) fprintf(out, "%zu", r->vehicles);
    fputc(',', out);
    if (r->job->has_bks) fprintf(out, "%u", r->job->bks_vehicles);
    fputc(',', out);
    if (r->status != LM_BENCH_FAILED) fprintf(out, "%.2f", r->distance);
    fputc(',', out);
    if (r->job->has_bks) fprintf(out, "%.10g", r->job->bks_distance);
    fputc(',', out);
    double g = lm__bench_gap_pct(r->job, r->distance);
    if (r->status == LM_BENCH_FEASIBLE && !isnan(g)) fprintf(out, "%.4f", g);
    fputc(',', out);
    if (r->status != LM_BENCH_FAILED) fprintf(out, "%.0f", r->time_ms);
    fprintf(out, ",%s,", r->status == LM_BENCH_FEASIBLE ? "yes" : "no");
    if (r->status != LM_BENCH_FAILED) fprintf(out, "%zu", r->n_unserved);
    fputc('\n', out);
  }
}

/* ", KEY: x" with `decimals` decimals (negative: the shortest of 15 significant digits),
 * or with null when `x` is not finite or `present` is 0. */
static void json_number(FILE *out, const char *key, int decimals, double x, int present) {
  fprintf(out, ", \"%s\": ", key);
  if (!present || !isfinite(x))
    fputs("null", out);
  else if (decimals < 0)
    fprintf(out, "%.15g", x);
  else
    fprintf(out, "%.*f", decimals, x);
}

static void json_names(FILE *out, const lm_bench_job *job) {
  fputs("{\"family\": ", out);
  lm__print_json_string(out, job->family->name);
  fputs(", \"instance\": ", out);
  lm__print_json_string(out, job->name);
}

static void json_row(FILE *out, const lm_bench_row *r) {
  int plan = r->status != LM_BENCH_FAILED;
  json_names(out, r->job);
  fprintf(out, ", \"seed\": %llu", (unsigned long long)r->seed);
  json_number(out, "vehicles", 0, (double)r->vehicles, plan);
  json_number(out, "bks_vehicles", 0, (double)r->job->bks_vehicles, r->job->has_bks);
  json_number(out, "distance", 2, r->distance, plan);
  json_number(out, "bks_distance", -1, r->job->bks_distance, r->job->has_bks);
  json_number(out, "gap_pct", 4, lm__bench_gap_pct(r->job, r->distance),
              r->status == LM_BENCH_FEASIBLE);
  json_number(out, "time_ms", 0, r->time_ms, plan);
  fprintf(out, ", \"feasible\": %s", r->status == LM_BENCH_FEASIBLE ? "true" : "false");
  json_number(out, "unserved", 0, (double)r->n_unserved, plan);
  fputc('}', out);
}

void lm__bench_json(FILE *out, const lm_bench_row *rows, size_t n, size_t n_seeds, int complete) {
  fputs("{\"runs\": [", out);
  for (size_t i = 0; i < n; i++) {
    fputs(i ? ",\n  " : "\n  ", out);
    json_row(out, &rows[i]);
  }
  fputs("],\n\"medians\": [", out);
  for (size_t i = 0, first = 1; n_seeds > 1 && i < n; first = 0) {
    size_t k = group_len(rows + i, n - i);
    inst_value v;
    int rc = instance_value(rows + i, k, &v);
    fputs(first ? "\n  " : ",\n  ", out);
    json_names(out, rows[i].job);
    fprintf(out, ", \"seeds\": %zu, \"solved\": %s", k, !rc && v.solved ? "true" : "false");
    int ok = !rc && v.solved;
    json_number(out, "vehicles", -1, v.vehicles, ok);
    json_number(out, "distance", 2, v.distance, ok);
    json_number(out, "gap_pct", 4, v.gap_pct, ok);
    json_number(out, "time_ms", 0, v.time_ms, ok);
    fputc('}', out);
    i += k;
  }
  fputs("],\n\"summary\": [", out);
  for (size_t i = 0, first = 1; i < n; i++) {
    if (!family_starts(rows, i)) continue;
    const lm_bench_family *family = rows[i].job->family;
    family_summary s;
    if (summarise(family, rows, n, &s)) continue;
    fputs(first ? "\n  {\"family\": " : ",\n  {\"family\": ", out);
    first = 0;
    lm__print_json_string(out, family->name);
    fprintf(out, ", \"instances\": %zu, \"solved\": %zu", s.instances, s.solved);
    json_number(out, "mean_gap_pct", 4, s.gap_sum / (double)s.with_gap, s.with_gap > 0);
    json_number(out, "worst_gap_pct", 4, s.worst_gap, s.with_gap > 0);
    fputs(", \"worst_instance\": ", out);
    if (s.worst_instance)
      lm__print_json_string(out, s.worst_instance);
    else
      fputs("null", out);
    json_number(out, "mean_time_ms", 0, s.time_sum / (double)s.solved, s.solved > 0);
    json_number(out, "vehicles", -1, s.vehicles, s.with_gap > 0);
    json_number(out, "bks_vehicles", -1, s.bks_vehicles, s.with_gap > 0);
    fputc('}', out);
  }
  fprintf(out, "],\n\"complete\": %s}\n", complete ? "true" : "false");
}
