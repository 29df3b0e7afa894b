/* warnings.c — what a reader of a run must not miss: a backlog that keeps growing (an
 * unstable system, whose averages describe a transient and not a steady state), and stops
 * that plans left out.
 *
 * A strategy's backlog is unstable when its growth (backlog_growth_per_day, the slope of
 * the daily backlog over the counted days) is above zero with 95% confidence (the lower
 * end of the Student-t interval over replications; with one replication, its value) and
 * larger than LM_BACKLOG_MATERIAL of the parcels created per day: a backlog that grows by
 * less than that is noise or immaterial. The same test decides whether a sweep point may
 * meet a target (sweep_io.c). Cost: O(strategies x replications).
 */
#include <math.h>
#include <stdio.h>

#include "lastmile/results_warnings.h"
#include "lastmile/stats.h"

int lm_backlog_unstable(double growth_mean, double growth_ci_low, double created_per_day) {
  if (!isfinite(growth_mean)) return 0;
  double low = isfinite(growth_ci_low) ? growth_ci_low : growth_mean;
  return low > 0.0 && growth_mean > LM_BACKLOG_MATERIAL * created_per_day;
}

/* The 95% interval of KPI k of strategy s over the replications. */
static lm_ci kpi_ci(const lm_results *r, size_t s, lm_kpi k) {
  return lm_ci_of(r->rep + s * r->n_replications * LM_KPI_COUNT + k, r->n_replications,
                  LM_KPI_COUNT, 0.95);
}

size_t lm_results_warnings(const lm_results *r, FILE *out, const char *prefix) {
  size_t n = 0;
  for (size_t s = 0; s < r->n_strategies; s++) {
    const char *name = r->strategy_names[s];
    lm_ci g = kpi_ci(r, s, LM_KPI_BACKLOG_GROWTH_PER_DAY);
    lm_ci created = kpi_ci(r, s, LM_KPI_PARCELS_CREATED);
    lm_ci backlog = kpi_ci(r, s, LM_KPI_BACKLOG_END);
    double per_day = r->n_days ? created.mean / (double)r->n_days : 0.0;
    if (lm_backlog_unstable(g.mean, g.low, per_day)) {
      fprintf(out,
              "%swarning: strategy '%s': the backlog grows by %.4g parcels a day (95%% "
              "interval from %.4g) and ends at %.6g parcels past their promise: the fleet "
              "falls behind, and averages over this run describe a transient\n",
              prefix, name, g.mean, isfinite(g.low) ? g.low : g.mean, backlog.mean);
      n++;
    }
    lm_ci idle = kpi_ci(r, s, LM_KPI_STOPS_UNSERVED_IDLE);
    lm_ci unserved = kpi_ci(r, s, LM_KPI_STOPS_UNSERVED);
    if (idle.mean > 0.0) {
      fprintf(out,
              "%swarning: strategy '%s': %.4g stops a replication were left out of a plan "
              "while a vehicle that could serve them stood idle (stops_unserved_idle); this is "
              "a planner error, please report it\n",
              prefix, name, idle.mean);
      n++;
    } else if (unserved.mean > 0.0) {
      fprintf(out,
              "%snote: strategy '%s': plans left out %.6g stops a replication (stops_unserved); "
              "their parcels waited at the depot for a later plan\n",
              prefix, name, unserved.mean);
      n++;
    }
  }
  return n;
}
