/* model.h — one replication of one strategy: the delivery days as events.
 *
 * An lm_model is the workspace of one thread: it holds the replication's event
 * simulation, random streams, customers, parcels and routing workspace, and is reused
 * replication after replication. Customers, orders and who is at home depend only on
 * (master seed, replication), never on the strategy, so strategies run in the same
 * replication are compared on the same world.
 */
#ifndef LASTMILE_MODEL_H
#define LASTMILE_MODEL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "lastmile/error.h"
#include "lastmile/kpi.h"
#include "lastmile/records.h"
#include "lastmile/scenario.h"

typedef struct lm_model lm_model;

/* Creates a workspace for `sc`, which must outlive it. NULL when out of memory. */
lm_model *lm_model_create(const lm_scenario *sc);
/* Frees a workspace; NULL does nothing. */
void lm_model_destroy(lm_model *m);

/* Runs replication `replication` of strategy `strategy`. On success returns 0 and
 * writes the replication's KPIs into kpi[LM_KPI_COUNT] and, for each counted day
 * (after the warm-up), that day's KPIs into daily[day * LM_KPI_COUNT + k]. Returns
 * LM_ECONSERVATION (with a message in diag) when parcels were not conserved,
 * LM_EINTERRUPTED when the stop flag (lm_model_set_stop) was raised during the run (its
 * KPIs are then meaningless), or LM_ENOMEM. */
int lm_model_run(lm_model *m, size_t strategy, uint64_t master_seed, uint64_t replication,
                 double *kpi, double *daily, lm_diag *diag);

/* Writes the thread CPU seconds the last run's route solves took on each counted day into
 * solver_s[day] (day 0 is the first day after the warm-up). Unlike the KPIs these measure
 * the machine and its load, not the model: they are not reproducible, and nothing
 * reproducible may depend on them. Cannot fail. */
void lm_model_solver_s(const lm_model *m, double *solver_s);

/* Makes the runs look at *stop (set by a signal handler, say) while they simulate and
 * plan routes, and give up with LM_EINTERRUPTED within milliseconds once it is non-zero.
 * NULL (the default) turns it off. The flag must outlive the workspace. */
void lm_model_set_stop(lm_model *m, const volatile sig_atomic_t *stop);

/* Copies the parcels of the last run into `log` (its arrays are allocated here; free
 * them with lm_parcel_log_clear). Returns 0 or LM_ENOMEM. */
int lm_model_parcel_log(const lm_model *m, lm_parcel_log *log);

/* Asks the next runs to record the tours of simulated day `day` (-1: none). */
void lm_model_record_routes(lm_model *m, int64_t day);
/* Copies the recorded tours of the last run into `log` (free with lm_route_log_clear).
 * Returns 0 or LM_ENOMEM. */
int lm_model_route_log(const lm_model *m, lm_route_log *log);

/* The least charge (km) any electric van had left when it came back to the depot in the
 * last run; +inf when none drove. Negative would mean a route beyond its range. */
double lm_model_range_margin_km(const lm_model *m);

/* The names from this layer a scenario may use (its KPIs), for lm_scenario_load_with. */
extern const lm_scenario_names lm_model_names;

/* Simulated events of the last run, and parcels created in it. */
uint64_t lm_model_events(const lm_model *m);
uint64_t lm_model_parcels(const lm_model *m);

#endif
