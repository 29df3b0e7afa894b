/* kpi.c — the table of KPIs, generated from LM_KPI_MAP (kpi.h), and the parts of
 * cost_total. */
#include "lastmile/kpi.h"

#include "lastmile/model.h"

const lm_kpi_def lm_kpi_defs[LM_KPI_COUNT] = {
#define LM_KPI_DEF_(id, name, units, better, definition)                                           \
  [LM_KPI_##id] = {name, units, definition, LM_KPI_##better},
    LM_KPI_MAP(LM_KPI_DEF_)
#undef LM_KPI_DEF_
};

const lm_kpi lm_kpi_cost_parts[LM_KPI_COST_PARTS] = {
    LM_KPI_COST_VEHICLES, LM_KPI_COST_DISTANCE, LM_KPI_COST_DRIVER,        LM_KPI_COST_LOCKERS,
    LM_KPI_COST_THEFT,    LM_KPI_COST_RETURNS,  LM_KPI_COST_NOTIFICATIONS, LM_KPI_COST_RESTOCK};

const lm_kpi lm_kpi_external_parts[LM_KPI_EXTERNAL_PARTS] = {
    LM_KPI_EXTERNAL_CLIMATE_EUR, LM_KPI_EXTERNAL_AIR_POLLUTION_EUR, LM_KPI_EXTERNAL_NOISE_EUR,
    LM_KPI_EXTERNAL_CONGESTION_EUR, LM_KPI_EXTERNAL_ACCIDENTS_EUR};

static int kpi_named(const char *name, size_t len) { return lm_kpi_find(name, len); }

const lm_scenario_names lm_model_names = {.kpi = kpi_named};
