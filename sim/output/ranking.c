/* ranking.c — which strategies beat the baseline, and on what.
 *
 * Strategies share their random streams, so strategy s and the baseline (the first
 * strategy) are compared by the paired differences of a KPI over replications. Each of
 * the m = (strategies - 1) x (KPIs with a direction) comparisons gets a Student-t
 * interval at level 1 - 0.05 / m (Bonferroni), so that all the verdicts printed hold
 * together with at least 95% confidence. A strategy "beats" the baseline on a KPI when
 * the whole interval lies on the better side (per lm_kpi_def.better), "trails" it when
 * on the worse side, and is "no different" otherwise. A KPI that is NaN in every
 * replication of every strategy (same_day_delivered_share without same-day orders) is
 * not a comparison and is left out.
 */
#include "output/ranking.h"

#include <math.h>

#include "lastmile/stats.h"

/* Whether KPI k has a direction and a value somewhere in the file. */
static int ranked(const lm_results *r, size_t k) {
  if (!lm_kpi_defs[k].better) return 0;
  size_t n = r->n_strategies * r->n_replications;
  for (size_t i = 0; i < n; i++)
    if (!isnan(r->rep[i * LM_KPI_COUNT + k])) return 1;
  return 0;
}

void lm__print_ranking(FILE *out, const lm_results *r) {
  size_t S = r->n_strategies, R = r->n_replications, K = LM_KPI_COUNT;
  if (S < 2 || R < 2) return;
  size_t directed = 0;
  for (size_t k = 0; k < K; k++) directed += (size_t)ranked(r, k);
  size_t m = (S - 1) * directed;
  double level = 1.0 - 0.05 / (double)m;
  fprintf(out,
          "\ncompared with '%s' (paired over %zu replications; each interval at %.4g%%, "
          "Bonferroni over %zu comparisons, so all verdicts hold together at 95%%)\n",
          r->strategy_names[0], R, 100.0 * level, m);
  for (size_t s = 1; s < S; s++) {
    size_t wins = 0, losses = 0;
    fprintf(out, "\n  %s\n", r->strategy_names[s]);
    for (size_t k = 0; k < K; k++) {
      int better = lm_kpi_defs[k].better;
      if (!ranked(r, k)) continue;
      lm_ci d = lm_ci_paired(r->rep + s * R * K + k, r->rep + k, R, K, level);
      const char *verdict = "no different";
      if (isfinite(d.low) && isfinite(d.high)) {
        if ((better > 0 && d.low > 0) || (better < 0 && d.high < 0)) {
          verdict = "better";
          wins++;
        } else if ((better > 0 && d.high < 0) || (better < 0 && d.low > 0)) {
          verdict = "worse";
          losses++;
        }
      } else if (d.mean == 0.0 && d.sd == 0.0) {
        verdict = "the same";
      } else {
        verdict = "undefined";
      }
      fprintf(out, "    %-26s %-13s difference %+.4g [%.4g, %.4g] %s\n", lm_kpi_defs[k].name,
              verdict, d.mean, d.low, d.high, lm_kpi_defs[k].units);
    }
    fprintf(out, "    => better on %zu, worse on %zu of %zu KPIs\n", wins, losses, directed);
  }
}
