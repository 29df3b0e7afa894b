/* test_plot_kpi.c — the cost figure reads the model's cost KPIs and nothing else; bands
 * stay within a KPI's physical range; axes are labelled with units and readable names.
 *
 * Results are made up: three strategies, cost parts of very different sizes per strategy
 * (as a mixed fleet gives) and cost_total their exact sum in the order of
 * lm_kpi_cost_parts. The figure's datablock must stack, per strategy, each part's mean
 * of part / received over the replications, and the stack must end at the mean
 * cost_per_parcel; the results hold no scenario, so nothing else can enter the figure. Numbers
 * reach gnuplot with 10 significant digits, hence the relative tolerance of 1e-9.
 */
#include <setjmp.h> /* cmocka needs these before cmocka.h */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/plot_gp.h"
#include "output/results_internal.h"

enum { S = 3, R = 4, PARTS = LM_KPI_COST_PARTS, EPARTS = LM_KPI_EXTERNAL_PARTS, COLS = 64 };

/* Fills replication rows: part p of strategy s, replication r is a fixed, distinct value
 * (strategy 1's distance part 40 times larger, so that the stacks differ in shape). */
static lm_results *made_up(void) {
  lm_results *res = lm__results_alloc(S, R, 1);
  assert_non_null(res);
  for (size_t s = 0; s < S; s++) {
    snprintf(res->strategy_names[s], LM_NAME_MAX, "s%zu", s);
    for (size_t r = 0; r < R; r++) {
      double *k = res->rep + (s * R + r) * LM_KPI_COUNT;
      double total = 0;
      for (int p = 0; p < PARTS; p++) {
        double x =
            (double)(p + 1) * (double)(r + 2) * (s == 1 && p == 1 ? 40.0 : 1.0) + 0.125 * (double)s;
        k[lm_kpi_cost_parts[p]] = x;
        total += x;
      }
      k[LM_KPI_COST_TOTAL] = total;
      k[LM_KPI_RECEIVED] = 100.0 + 10.0 * (double)(r + s);
      k[LM_KPI_COST_PER_PARCEL] = total / k[LM_KPI_RECEIVED];
      k[LM_KPI_CO2_G_PER_PARCEL] = 100.0;
      double ext = 0;
      for (int p = 0; p < EPARTS; p++) {
        double x = 0.25 * (double)(p + 1) + 0.5 * (double)r + (s == 2 && p == 3 ? 30.0 : 0.0);
        k[lm_kpi_external_parts[p]] = x;
        ext += x;
      }
      k[LM_KPI_EXTERNAL_COST_EUR] = ext;
      k[LM_KPI_EXTERNAL_COST_PER_PARCEL] = ext / k[LM_KPI_RECEIVED];
    }
  }
  return res;
}

/* The rows of datablock $costs in `text`, as numbers: rows[t][c]. */
static size_t costs_rows(const char *text, double rows[S][COLS], size_t *cols) {
  const char *at = strstr(text, "$costs << EOD\n");
  assert_non_null(at);
  at = strchr(at, '\n') + 1;
  size_t n = 0;
  while (strncmp(at, "EOD", 3) != 0) {
    assert_true(n < S);
    char *end;
    size_t c = 0;
    for (;;) {
      while (*at == ' ') at++;
      if (*at == '\n') break;
      double x = strtod(at, &end);
      if (end == at) break;
      assert_true(c < COLS);
      rows[n][c++] = x;
      at = end;
    }
    *cols = c;
    at = strchr(at, '\n') + 1;
    n++;
  }
  return n;
}

static void close_to(double got, double want) {
  if (!(fabs(got - want) <= 1e-9 * fabs(want))) fail_msg("got %.17g, want %.17g", got, want);
}

static void stacks_add_up_to_cost_per_parcel(void **state) {
  (void)state;
  lm_results *res = made_up();
  lm__gp gp;
  lm__gp_init(&gp);
  char why[256] = "";
  assert_int_equal(lm__fig_costs(res, 0, &gp, why, sizeof why), 0);
  assert_true(lm__gp_ok(&gp));
  double rows[S][COLS];
  size_t cols = 0;
  assert_int_equal(costs_rows(gp.text, rows, &cols), S);
  /* strategy, PARTS x (base, top), cost per parcel (mean, low, high), CO2 x 3, colour,
   * EPARTS x (base, top), external cost per parcel (mean, low, high) */
  enum { E0 = 1 + 2 * PARTS + 3 + 3 + 1 };
  assert_int_equal(cols, E0 + 2 * EPARTS + 3);
  for (size_t s = 0; s < S; s++) {
    double want_top = 0, per_parcel = 0;
    for (size_t r = 0; r < R; r++)
      per_parcel += res->rep[(s * R + r) * LM_KPI_COUNT + LM_KPI_COST_PER_PARCEL];
    per_parcel /= R;
    for (int p = 0; p < PARTS; p++) {
      double mean = 0;
      for (size_t r = 0; r < R; r++) {
        const double *k = res->rep + (s * R + r) * LM_KPI_COUNT;
        mean += k[lm_kpi_cost_parts[p]] / k[LM_KPI_RECEIVED];
      }
      mean /= R;
      close_to(rows[s][1 + 2 * p], want_top);
      want_top += mean;
      close_to(rows[s][2 + 2 * p], want_top);
    }
    close_to(want_top, per_parcel);
    close_to(rows[s][1 + 2 * PARTS], per_parcel);
    /* The external parts stack up to external_cost_per_parcel likewise. */
    double ext_top = 0, ext_per_parcel = 0;
    for (size_t r = 0; r < R; r++)
      ext_per_parcel += res->rep[(s * R + r) * LM_KPI_COUNT + LM_KPI_EXTERNAL_COST_PER_PARCEL];
    ext_per_parcel /= R;
    for (int p = 0; p < EPARTS; p++) {
      double mean = 0;
      for (size_t r = 0; r < R; r++) {
        const double *k = res->rep + (s * R + r) * LM_KPI_COUNT;
        mean += k[lm_kpi_external_parts[p]] / k[LM_KPI_RECEIVED];
      }
      mean /= R;
      close_to(rows[s][E0 + 2 * p], ext_top);
      ext_top += mean;
      close_to(rows[s][E0 + 1 + 2 * p], ext_top);
    }
    close_to(ext_top, ext_per_parcel);
    close_to(rows[s][E0 + 2 * EPARTS], ext_per_parcel);
  }
  lm__gp_free(&gp);
  lm_results_destroy(res);
}

/* A file written before the parts were KPIs holds NaN there: the figure is skipped with
 * a reason instead of drawn from anything else. */
static void no_parts_no_figure(void **state) {
  (void)state;
  lm_results *res = made_up();
  for (size_t i = 0; i < S * R; i++)
    for (int p = 0; p < PARTS; p++) res->rep[i * LM_KPI_COUNT + lm_kpi_cost_parts[p]] = NAN;
  lm__gp gp;
  lm__gp_init(&gp);
  char why[256] = "";
  assert_int_equal(lm__fig_costs(res, 0, &gp, why, sizeof why), LM__SKIP_FIGURE);
  assert_non_null(strstr(why, "cost_vehicles"));
  lm__gp_free(&gp);
  lm_results_destroy(res);
}

/* The low ends of every row of datablock `name` (column 3: x, mean, low, high) are at
 * least `floor`; returns the smallest low seen. */
static double lowest_low(const char *text, const char *name) {
  char head[64];
  snprintf(head, sizeof head, "$%s << EOD\n", name);
  const char *at = strstr(text, head);
  assert_non_null(at);
  at += strlen(head);
  double lowest = INFINITY;
  while (strncmp(at, "EOD", 3) != 0) {
    double x, mean, low, high;
    if (sscanf(at, "%lf %lf %lf %lf", &x, &mean, &low, &high) == 4 && low < lowest) lowest = low;
    at = strchr(at, '\n') + 1;
  }
  return lowest;
}

/* Two replications far apart (0 and 10 vans, 0 and 40 parcels returned): the Student-t
 * interval reaches far below 0, which no replication can; the bands stop at 0. Rates stop
 * at 100%; a per-day slope keeps its sign. */
static void bands_stay_in_physical_range(void **state) {
  (void)state;
  lm_results *res = lm__results_alloc(1, 2, 3);
  assert_non_null(res);
  snprintf(res->strategy_names[0], LM_NAME_MAX, "only");
  for (size_t r = 0; r < 2; r++) {
    double *k = res->rep + r * LM_KPI_COUNT;
    k[LM_KPI_RETURNED] = r ? 40.0 : 0.0;
    k[LM_KPI_ON_TIME_RATE] = r ? 1.0 : 0.9;
    for (size_t d = 0; d < 3; d++) {
      double *row = res->daily + (r * 3 + d) * LM_KPI_COUNT;
      row[LM_KPI_VANS_USED] = r ? 10.0 : 0.0;
      row[LM_KPI_RECEIVED] = r ? 50.0 : 0.0;
    }
  }
  lm__ci3 raw = lm__kpi_ci(res, 0, LM_KPI_RETURNED);
  assert_true(raw.low < -50); /* the unclamped interval: 20 ± 12.7 x 14.1 */
  lm__gp gp;
  lm__gp_init(&gp);
  char why[256] = "";
  assert_int_equal(lm__fig_daily(res, 0, &gp, why, sizeof why), 0);
  assert_true(lowest_low(gp.text, "daily") >= 0.0);
  lm__gp_free(&gp);
  lm__gp_init(&gp);
  assert_int_equal(lm__fig_compare(res, 0, &gp, why, sizeof why), 0);
  assert_true(lowest_low(gp.text, "compare") >= 0.0);
  double x, mean, low, high; /* panel 1, the on-time rate: 95% mean, band up to 100% */
  assert_int_equal(
      sscanf(strstr(gp.text, "$compare << EOD\n") + 15, "%lf %lf %lf %lf", &x, &mean, &low, &high),
      4);
  assert_true(fabs(mean - 95.0) < 1e-9 && low > 0.0 && low < 95.0 && high == 100.0);
  lm__gp_free(&gp);
  lm__ci3 rate = lm__kpi_clamp(LM_KPI_ON_TIME_RATE, (lm__ci3){0.95, -0.3, 1.6});
  assert_true(rate.low == 0.0 && rate.high == 1.0 && rate.mean == 0.95);
  lm__ci3 slope = lm__kpi_clamp(LM_KPI_BACKLOG_GROWTH_PER_DAY, (lm__ci3){-2.0, -5.0, 1.0});
  assert_true(slope.low == -5.0 && slope.mean == -2.0 && slope.high == 1.0);
  lm__ci3 none = lm__kpi_clamp(LM_KPI_VAN_KM, (lm__ci3){NAN, NAN, NAN});
  assert_true(isnan(none.mean) && isnan(none.low) && isnan(none.high));
  lm_results_destroy(res);
}

/* Every compare panel's y label names the KPI and its units. */
static void panels_have_labels_with_units(void **state) {
  (void)state;
  lm_results *res = made_up();
  lm__gp gp;
  lm__gp_init(&gp);
  char why[256] = "";
  assert_int_equal(lm__fig_compare(res, 0, &gp, why, sizeof why), 0);
  assert_non_null(strstr(gp.text, "klabel[1] = 'on-time rate (%)'"));
  assert_non_null(strstr(gp.text, "klabel[2] = 'mean lateness (h)'"));
  assert_non_null(strstr(gp.text, "klabel[7] = 'cost per parcel (EUR/parcel)'"));
  assert_non_null(strstr(gp.text, "klabel[9] = 'van distance (km)'"));
  lm__gp_free(&gp);
  char label[128];
  lm__kpi_label(LM_KPI_MEAN_LATENESS_S, NULL, NULL, label, sizeof label);
  assert_string_equal(label, "mean lateness s (h)");
  lm__kpi_label(LM_KPI_COST_TOTAL, "total cost", NULL, label, sizeof label);
  assert_string_equal(label, "total cost (EUR)");
  lm_results_destroy(res);
}

/* Swept keys read as words: a label of their own for the common ones, else the key with
 * its punctuation turned into spaces. */
static void sweep_keys_read_as_words(void **state) {
  (void)state;
  char label[128];
  lm__key_label("fleet.van.count", label, sizeof label);
  assert_string_equal(label, "vans in the fleet");
  lm__key_label("zones[0].density_per_km2", label, sizeof label);
  assert_string_equal(label, "zones 0 density per km2");
  lm__key_label("costs.reshipment_eur", label, sizeof label);
  assert_string_equal(label, "costs reshipment eur");
  lm__key_label("fleet.van.count", label, 5);
  assert_string_equal(label, "vans");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(stacks_add_up_to_cost_per_parcel),
      cmocka_unit_test(no_parts_no_figure),
      cmocka_unit_test(bands_stay_in_physical_range),
      cmocka_unit_test(panels_have_labels_with_units),
      cmocka_unit_test(sweep_keys_read_as_words),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
