/* results_export.c — a results file for programs: the tidy long table of every KPI value
 * (`lastmile export`) and the summary as JSON (`lastmile info --json`).
 *
 * The table has one row per value: strategy, replication, day, kpi, value, unit; the
 * per-replication values come first in each (strategy, replication) with an empty day,
 * then each counted day (its date) in order, KPIs in the order of LM_KPI_MAP. Numbers are
 * printed with 17 significant digits, which read back as the same double; a value that is
 * not finite (NaN: not measured) is an empty CSV field and a JSON null. CSV follows RFC
 * 4180 (a field with a comma, quote or line break is quoted, quotes doubled); JSON strings
 * escape quotes, backslashes and control characters. The file is read without its detail
 * logs (lm__results_load). Cost: O(S·R·(D+1)·K) rows, constant memory beyond the results.
 */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lastmile/results_info.h"
#include "lastmile/stats.h"
#include "output/results_internal.h"

#define KPIS ((size_t)LM_KPI_COUNT)

/* `s` as a JSON string, quotes included. */
static void json_string(FILE *out, const char *s) {
  fputc('"', out);
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c == '"' || *c == '\\')
      fprintf(out, "\\%c", *c);
    else if (*c == '\n')
      fputs("\\n", out);
    else if (*c == '\t')
      fputs("\\t", out);
    else if (*c < 0x20 || *c == 0x7f)
      fprintf(out, "\\u%04x", *c);
    else
      fputc(*c, out);
  }
  fputc('"', out);
}

/* A number that reads back as the same double; `empty` when it is not finite. */
static void number(FILE *out, double x, const char *empty) {
  if (isfinite(x))
    fprintf(out, "%.17g", x);
  else
    fputs(empty, out);
}

/* `s` as a CSV field (RFC 4180). */
static void csv_field(FILE *out, const char *s) {
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  for (const char *c = s; *c; c++) {
    if (*c == '"') fputc('"', out);
    fputc(*c, out);
  }
  fputc('"', out);
}

/* One row of the table; `date` NULL for a per-replication value. */
static void put_row(FILE *out, lm_export_format format, int first, const char *strategy,
                    size_t replication, const char *date, size_t k, double value) {
  const lm_kpi_def *def = &lm_kpi_defs[k];
  if (format == LM_EXPORT_CSV) {
    csv_field(out, strategy);
    fprintf(out, ",%zu,%s,%s,", replication, date ? date : "", def->name);
    number(out, value, "");
    fputc(',', out);
    csv_field(out, def->units);
    fputc('\n', out);
    return;
  }
  fputs(first ? "\n  {\"strategy\": " : ",\n  {\"strategy\": ", out);
  json_string(out, strategy);
  fprintf(out, ", \"replication\": %zu, \"day\": ", replication);
  if (date)
    json_string(out, date);
  else
    fputs("null", out);
  fputs(", \"kpi\": ", out);
  json_string(out, def->name);
  fputs(", \"value\": ", out);
  number(out, value, "null");
  fputs(", \"unit\": ", out);
  json_string(out, def->units);
  fputc('}', out);
}

static void put_table(FILE *out, lm_export_format format, const lm_results *r) {
  size_t R = r->n_replications, D = r->n_days;
  int first = 1;
  if (format == LM_EXPORT_CSV)
    fputs("strategy,replication,day,kpi,value,unit\n", out);
  else
    fputc('[', out);
  for (size_t s = 0; s < r->n_strategies; s++)
    for (size_t i = 0; i < R; i++) {
      const char *name = r->strategy_names[s];
      for (size_t k = 0; k < KPIS; k++, first = 0)
        put_row(out, format, first, name, i, NULL, k, r->rep[(s * R + i) * KPIS + k]);
      for (size_t d = 0; d < D; d++) {
        char date[LM_DATE_TEXT];
        lm_date_format(r->first_date + (lm_date)d, date);
        for (size_t k = 0; k < KPIS; k++, first = 0)
          put_row(out, format, first, name, i, date, k, r->daily[((s * R + i) * D + d) * KPIS + k]);
      }
    }
  if (format == LM_EXPORT_JSON) fputs(first ? "]\n" : "\n]\n", out);
}

/* Flushes `out`; LM_EIO with a message when anything written to it was lost. */
static int flushed(FILE *out, const char *path, lm_diag *diag) {
  if (fflush(out) == 0 && !ferror(out)) return 0;
  lm_diag_error(diag, path, 0, 0, "cannot write: %s", errno ? strerror(errno) : "write error");
  return LM_EIO;
}

int lm_results_export(const char *path, lm_export_format format, FILE *out, lm_diag *diag) {
  assert(path && out);
  lm__results_header hd = {0};
  lm_results *r = NULL;
  int rc = lm__results_load(path, 0, diag, &r, &hd);
  if (rc) return rc;
  put_table(out, format, r);
  rc = flushed(out, path, diag);
  lm__results_header_free(&hd);
  lm_results_destroy(r);
  return rc;
}

/* The scalar attributes of an object as the members of a JSON object. */
typedef struct attr_walk {
  FILE *out;
  int n;
} attr_walk;

static void put_attr(const lm__h5_attr *a, void *ctx) {
  attr_walk *w = ctx;
  fputs(w->n++ ? ",\n    " : "\n    ", w->out);
  json_string(w->out, a->name);
  fputs(": ", w->out);
  if (a->text)
    json_string(w->out, a->text);
  else if (a->is_uint)
    fprintf(w->out, "%llu", (unsigned long long)a->u);
  else
    number(w->out, a->x, "null");
}

/* "NAME": {the scalar attributes of `obj_path`}, or nothing when there is no such object. */
static void put_attrs(FILE *out, lm__h5 *h, hid_t fid, const char *member, const char *obj_path) {
  if (!lm__h5_exists(fid, obj_path)) return;
  fputs(",\n  ", out);
  json_string(out, member);
  fputs(": {", out);
  attr_walk w = {out, 0};
  lm__h5_each_attr(h, fid, obj_path, put_attr, &w);
  fputs(w.n ? "\n  }" : "}", out);
}

/* The attributes of the root and of /provenance, reopening the file the guard has read. */
static void put_provenance(FILE *out, const char *path) {
  lm__h5 h;
  lm__h5_begin(&h, path, NULL);
  int rc = 0;
  hid_t fid = lm__h5_open(&h, &rc);
  if (fid >= 0) {
    put_attrs(out, &h, fid, "attributes", "/");
    put_attrs(out, &h, fid, "provenance", "/provenance");
    H5Fclose(fid);
  }
  lm__h5_end(&h);
}

static void put_summary(FILE *out, const lm_results *r) {
  fputs(",\n  \"summary\": [", out);
  size_t R = r->n_replications;
  int first = 1;
  for (size_t s = 0; s < r->n_strategies; s++)
    for (size_t k = 0; k < KPIS; k++, first = 0) {
      lm_ci ci = lm_ci_of(r->rep + s * R * KPIS + k, R, KPIS, LM__RESULTS_CI_LEVEL);
      fputs(first ? "\n    {\"strategy\": " : ",\n    {\"strategy\": ", out);
      json_string(out, r->strategy_names[s]);
      fputs(", \"kpi\": ", out);
      json_string(out, lm_kpi_defs[k].name);
      fputs(", \"unit\": ", out);
      json_string(out, lm_kpi_defs[k].units);
      const double v[4] = {ci.mean, ci.sd, ci.low, ci.high};
      static const char *const names[4] = {"mean", "sd", "ci_low", "ci_high"};
      for (int i = 0; i < 4; i++) {
        fprintf(out, ", \"%s\": ", names[i]);
        number(out, v[i], "null");
      }
      fputc('}', out);
    }
  fputs(first ? "]" : "\n  ]", out);
}

int lm_results_info_json(const char *path, FILE *out, lm_diag *diag) {
  assert(path && out);
  lm__results_header hd = {0};
  lm_results *r = NULL;
  int rc = lm__results_load(path, 0, diag, &r, &hd);
  if (rc) return rc;
  fputs("{\n  \"file\": ", out);
  json_string(out, path);
  fputs(",\n  \"strategies\": [", out);
  for (size_t s = 0; s < r->n_strategies; s++) {
    if (s) fputs(", ", out);
    json_string(out, r->strategy_names[s]);
  }
  fprintf(out, "],\n  \"replications\": %zu,\n  \"counted_days\": %zu", r->n_replications,
          r->n_days);
  fputs(",\n  \"confidence_level\": ", out);
  number(out, LM__RESULTS_CI_LEVEL, "null");
  put_provenance(out, path);
  put_summary(out, r);
  fputs("\n}\n", out);
  rc = flushed(out, path, diag);
  lm__results_header_free(&hd);
  lm_results_destroy(r);
  return rc;
}
