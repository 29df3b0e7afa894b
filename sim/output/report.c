/* report.c — the HTML report of a results file (report.h).
 *
 * Invariants: every text from the file passes through put_text() (escaped); the page
 * holds no src=, href= or <script>; the figures' temporary folder is private (mkdtemp)
 * and is emptied and removed before lm_report_write returns.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, open_memstream */

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lastmile/plot.h"
#include "lastmile/provenance.h"
#include "lastmile/report.h"
#include "lastmile/stats.h"
#include "output/results_internal.h"

#define KPIS LM_KPI_COUNT

/* `s` escaped for HTML text and attribute values. */
static void put_text(FILE *out, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&':
      fputs("&amp;", out);
      break;
    case '<':
      fputs("&lt;", out);
      break;
    case '>':
      fputs("&gt;", out);
      break;
    case '"':
      fputs("&quot;", out);
      break;
    case '\'':
      fputs("&#39;", out);
      break;
    default:
      fputc(*s, out);
    }
  }
}

/* A number in a table cell: 6 significant digits, "–" for NaN. */
static void put_number(FILE *out, double x) {
  if (isfinite(x))
    fprintf(out, "<td class=\"n\">%.6g</td>", x);
  else
    fputs("<td class=\"n\">–</td>", out);
}

/* A row of a two-column table: the name, then the escaped value. */
static void put_row(FILE *out, const char *name, const char *value) {
  fputs("<tr><th>", out);
  put_text(out, name);
  fputs("</th><td>", out);
  put_text(out, value);
  fputs("</td></tr>\n", out);
}

/* One scalar attribute as a table row. */
static void put_attr(const lm__h5_attr *a, void *ctx) {
  char num[64];
  if (!a->text && a->is_uint)
    snprintf(num, sizeof num, "%llu", (unsigned long long)a->u);
  else if (!a->text)
    snprintf(num, sizeof num, "%.17g", a->x);
  put_row(ctx, a->name, a->text ? a->text : num);
}

/* The scalar attributes of `obj_path` as table rows; nothing when there is no such object. */
static void put_attrs(FILE *out, lm__h5 *h, hid_t fid, const char *obj_path) {
  lm__h5_each_attr(h, fid, obj_path, put_attr, out);
}

/* Section 1: the root attributes, those of /provenance, and the run's record. */
static void put_provenance(FILE *out, const char *path, const lm_provenance *p) {
  fputs("<h2 id=\"provenance\">Provenance</h2>\n<table class=\"kv\">\n", out);
  put_row(out, "file", path);
  lm__h5 h;
  lm__h5_begin(&h, path, NULL);
  int rc = 0;
  hid_t fid = lm__h5_open(&h, &rc);
  if (fid >= 0) {
    fputs("<tr><th colspan=\"2\">the file (root attributes)</th></tr>\n", out);
    put_attrs(out, &h, fid, "/");
    if (lm__h5_exists(fid, "/provenance"))
      fputs("<tr><th colspan=\"2\">the build and the run (/provenance)</th></tr>\n", out);
    put_attrs(out, &h, fid, "/provenance");
    H5Fclose(fid);
  }
  lm__h5_end(&h);
  if (p) {
    fputs("<tr><th>command line</th><td><code>", out);
    for (size_t i = 0; i < p->argc; i++) {
      if (i) fputc(' ', out);
      put_text(out, p->argv[i]);
    }
    fputs("</code></td></tr>\n", out);
    if (p->scenario_path) put_row(out, "scenario file", p->scenario_path);
    put_row(out, "scenario SHA-256", p->scenario_sha256);
    for (size_t i = 0; i < p->n_files; i++) {
      fputs("<tr><th>input ", out);
      put_text(out, p->files[i].key);
      fputs("</th><td>", out);
      put_text(out, p->files[i].name);
      fputs(" — SHA-256 <code>", out);
      put_text(out, p->files[i].sha256);
      fputs("</code></td></tr>\n", out);
    }
  }
  fputs("</table>\n", out);
}

/* Section 2: mean and 95% interval of every KPI per strategy. */
static void put_summary(FILE *out, const lm_results *r) {
  size_t R = r->n_replications;
  fprintf(out,
          "<h2 id=\"summary\">Summary</h2>\n<p>Mean and %g%% Student-t interval over %zu "
          "replication%s.</p>\n<table class=\"summary\">\n<tr><th>KPI</th><th>unit</th>"
          "<th>strategy</th><th>mean</th><th>95%% low</th><th>95%% high</th></tr>\n",
          100 * LM__RESULTS_CI_LEVEL, R, R == 1 ? "" : "s");
  for (size_t k = 0; k < KPIS; k++)
    for (size_t s = 0; s < r->n_strategies; s++) {
      lm_ci ci = lm_ci_of(r->rep + s * R * KPIS + k, R, KPIS, LM__RESULTS_CI_LEVEL);
      fputs("<tr class=\"strategy\"><td>", out);
      put_text(out, lm_kpi_defs[k].name);
      fputs("</td><td>", out);
      put_text(out, lm_kpi_defs[k].units);
      fputs("</td><td>", out);
      put_text(out, r->strategy_names[s]);
      fputs("</td>", out);
      put_number(out, ci.mean);
      put_number(out, ci.low);
      put_number(out, ci.high);
      fputs("</tr>\n", out);
    }
  fputs("</table>\n", out);
}

/* The verdict on the interval [low, high] of (strategy - first) for a KPI whose better
 * direction is `better`. */
static const char *verdict(double low, double high, int better) {
  if (!isfinite(low) || !isfinite(high)) return "no interval";
  int sign = low > 0 ? 1 : high < 0 ? -1 : 0;
  if (!sign) return "no clear difference";
  if (!better) return sign > 0 ? "higher" : "lower";
  return sign == better ? "better" : "worse";
}

/* Section 2b: paired differences against the first strategy, with a verdict. */
static void put_comparison(FILE *out, const lm_results *r) {
  size_t R = r->n_replications;
  fputs("<h2 id=\"comparison\">Comparison with ", out);
  put_text(out, r->n_strategies ? r->strategy_names[0] : "");
  fputs("</h2>\n", out);
  if (r->n_strategies < 2) {
    fputs("<p>There is only one strategy: nothing to compare.</p>\n", out);
    return;
  }
  fputs("<p>Paired difference (strategy minus the first) over the replications, with its "
        "95% interval. The verdict is <em>better</em> or <em>worse</em> when the interval "
        "excludes 0, by the KPI's better direction (<em>higher</em>/<em>lower</em> for a "
        "KPI without one), else <em>no clear difference</em>.</p>\n"
        "<table class=\"comparison\">\n<tr><th>KPI</th><th>unit</th><th>strategy</th>"
        "<th>difference</th><th>95% low</th><th>95% high</th><th>verdict</th></tr>\n",
        out);
  for (size_t k = 0; k < KPIS; k++)
    for (size_t s = 1; s < r->n_strategies; s++) {
      lm_ci d = lm_ci_paired(r->rep + s * R * KPIS + k, r->rep + k, R, KPIS, LM__RESULTS_CI_LEVEL);
      const char *v = verdict(d.low, d.high, lm_kpi_defs[k].better);
      fputs("<tr><td>", out);
      put_text(out, lm_kpi_defs[k].name);
      fputs("</td><td>", out);
      put_text(out, lm_kpi_defs[k].units);
      fputs("</td><td>", out);
      put_text(out, r->strategy_names[s]);
      fputs("</td>", out);
      put_number(out, d.mean);
      put_number(out, d.low);
      put_number(out, d.high);
      fprintf(out, "<td class=\"%s\">%s</td></tr>\n",
              !strcmp(v, "better")  ? "better"
              : !strcmp(v, "worse") ? "worse"
                                    : "same",
              v);
    }
  fputs("</table>\n", out);
}

/* Copies the SVG file `file` into `out` from its <svg element on (no prolog, no
 * DOCTYPE). Returns 0 or -1 when it cannot be read or holds no <svg. */
static int put_svg(FILE *out, const char *file) {
  FILE *in = fopen(file, "rb");
  if (!in) return -1;
  char *buf = NULL;
  size_t cap = 0, len = 0;
  for (;;) {
    if (len + 4096 + 1 > cap) {
      size_t ncap = cap ? cap * 2 : 65536;
      char *nb = realloc(buf, ncap);
      if (!nb) break;
      buf = nb;
      cap = ncap;
    }
    size_t got = fread(buf + len, 1, 4096, in);
    len += got;
    if (got < 4096) break;
  }
  int bad = ferror(in) || !buf;
  fclose(in);
  const char *svg = NULL;
  if (!bad) {
    buf[len] = '\0';
    svg = strstr(buf, "<svg");
  }
  if (svg) fwrite(svg, 1, len - (size_t)(svg - buf), out);
  free(buf);
  return svg ? 0 : -1;
}

/* Empties and removes the folder `dir` (files only; it was made by us). */
static void remove_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (d) {
    for (struct dirent *e; (e = readdir(d));) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
  }
  rmdir(dir);
}

/* Section 3: every figure drawn into a private temporary folder, inlined. */
static void put_figures(FILE *out, const lm_results *r, const lm_report_options *o) {
  fputs("<h2 id=\"figures\">Figures</h2>\n", out);
  if (!o->gnuplot) {
    fputs("<p class=\"missing\">The figures are missing: ", out);
    put_text(out, o->no_figures ? o->no_figures : "gnuplot was not found");
    fputs(".</p>\n", out);
    return;
  }
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/lastmile-report.XXXXXX",
           o->tmp_parent && o->tmp_parent[0] ? o->tmp_parent : "/tmp");
  if (!mkdtemp(dir)) {
    fputs("<p class=\"missing\">The figures are missing: no temporary folder could be "
          "made (",
          out);
    put_text(out, strerror(errno));
    fputs(").</p>\n", out);
    return;
  }
  char *list = NULL, *notes = NULL;
  size_t list_len = 0, notes_len = 0;
  FILE *lf = open_memstream(&list, &list_len), *nf = open_memstream(&notes, &notes_len);
  lm_diag *diag = lm_diag_create();
  lm_plot_options po = {dir, o->scripts_dir, o->gnuplot, LM_PLOT_SVG, 0, 0, NULL, 0};
  int rc = lf && nf && diag ? lm_plot_draw(r, &po, lf, nf, diag) : LM_ENOMEM;
  if (lf) fclose(lf);
  if (nf) fclose(nf);
  if (rc) {
    char *why = NULL;
    size_t why_len = 0;
    FILE *wf = open_memstream(&why, &why_len);
    if (wf && diag) lm_diag_print(diag, wf);
    if (wf) fclose(wf);
    fputs("<p class=\"missing\">Some figures are missing: drawing them failed.</p>\n", out);
    if (why && why[0]) {
      fputs("<pre class=\"notes\">", out);
      put_text(out, why);
      fputs("</pre>\n", out);
    }
    free(why);
  }
  for (char *line = list, *next; line && *line; line = next) {
    next = strchr(line, '\n');
    if (next) *next++ = '\0';
    const char *base = strrchr(line, '/');
    base = base ? base + 1 : line;
    fputs("<figure>\n", out);
    if (put_svg(out, line) != 0)
      fputs("<p class=\"missing\">(this picture is unreadable)</p>", out);
    fputs("\n<figcaption>", out);
    put_text(out, base);
    fputs("</figcaption>\n</figure>\n", out);
    if (!next) break;
  }
  if (notes && notes[0]) {
    fputs("<pre class=\"notes\">", out);
    put_text(out, notes);
    fputs("</pre>\n", out);
  }
  free(list);
  free(notes);
  lm_diag_destroy(diag);
  remove_dir(dir);
}

/* Section 4: the scenario text. */
static void put_scenario(FILE *out, const lm_results *r) {
  fputs("<h2 id=\"scenario\">Scenario</h2>\n", out);
  if (r->overrides && r->overrides[0]) {
    fputs("<p>Overrides: <code>", out);
    put_text(out, r->overrides);
    fputs("</code></p>\n", out);
  }
  fputs("<pre class=\"scenario\">", out);
  put_text(out, r->scenario_text);
  fputs("</pre>\n", out);
}

/* Section 5: the KPI definitions (LM_KPI_MAP). */
static void put_definitions(FILE *out) {
  fputs("<h2 id=\"kpis\">KPI definitions</h2>\n<table class=\"kpis\">\n<tr><th>KPI</th>"
        "<th>unit</th><th>better</th><th>definition</th></tr>\n",
        out);
  for (size_t k = 0; k < KPIS; k++) {
    const lm_kpi_def *d = &lm_kpi_defs[k];
    fputs("<tr><td>", out);
    put_text(out, d->name);
    fputs("</td><td>", out);
    put_text(out, d->units);
    fprintf(out, "</td><td>%s</td><td>", d->better > 0 ? "higher" : d->better < 0 ? "lower" : "–");
    put_text(out, d->long_name);
    fputs("</td></tr>\n", out);
  }
  fputs("</table>\n", out);
}

static const char style[] =
    "body{font-family:sans-serif;max-width:70em;margin:1em auto;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "td,th{border:1px solid #ccc;padding:.15em .5em;text-align:left;vertical-align:top}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".better{color:#060;font-weight:bold}.worse{color:#a00;font-weight:bold}"
    ".missing{color:#a00}pre{background:#f6f6f6;padding:.5em;overflow-x:auto}"
    "figure{margin:1em 0}svg{max-width:100%;height:auto}";

int lm_report_write(const char *path, const lm_report_options *o, FILE *out, lm_diag *diag) {
  lm__results_header hd = {0};
  lm_results *r = NULL;
  int rc = lm__results_load(path, 1, diag, &r, &hd);
  if (rc) return rc;
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", out);
  put_text(out, hd.name ? hd.name : r->scenario_name);
  fputs(" — lastmile report</title>\n<style>", out);
  fputs(style, out);
  fputs("</style>\n</head>\n<body>\n<h1>", out);
  put_text(out, hd.name ? hd.name : r->scenario_name);
  fputs("</h1>\n", out);
  if (!hd.complete)
    fputs("<p class=\"missing\">Not every replication finished: the file holds no values "
          "(NaN) for those that did not.</p>\n",
          out);
  lm_provenance *prov = NULL;
  lm_diag *prov_diag = lm_diag_create(); /* a file without a record of its run is fine */
  if (prov_diag && lm_provenance_read(path, &prov, prov_diag) != 0) prov = NULL;
  lm_diag_destroy(prov_diag);
  put_provenance(out, path, prov);
  lm_provenance_destroy(prov);
  put_summary(out, r);
  put_comparison(out, r);
  put_figures(out, r, o);
  put_scenario(out, r);
  put_definitions(out);
  fputs("</body>\n</html>\n", out);
  if (fflush(out) != 0 || ferror(out)) {
    lm_diag_error(diag, path, 0, 0, "cannot write the report: %s", strerror(errno));
    rc = LM_EIO;
  }
  lm__results_header_free(&hd);
  lm_results_destroy(r);
  return rc;
}
