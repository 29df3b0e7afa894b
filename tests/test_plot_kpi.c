/* test_plot_kpi.c — the cost figure reads the model's cost KPIs and nothing else.
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

enum { S = 3, R = 4, PARTS = LM_KPI_COST_PARTS };

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
    }
  }
  return res;
}

/* The rows of datablock $costs in `text`, as numbers: rows[t][c]. */
static size_t costs_rows(const char *text, double rows[S][32], size_t *cols) {
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
      assert_true(c < 32);
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
  double rows[S][32];
  size_t cols = 0;
  assert_int_equal(costs_rows(gp.text, rows, &cols), S);
  /* strategy, PARTS x (base, top), cost per parcel (mean, low, high), CO2 x 3, colour */
  assert_int_equal(cols, 1 + 2 * PARTS + 3 + 3 + 1);
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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(stacks_add_up_to_cost_per_parcel),
      cmocka_unit_test(no_parts_no_figure),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
