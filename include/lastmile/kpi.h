/* kpi.h — the key performance indicators every run reports: their names, units,
 * definitions and which direction is better. */
#ifndef LASTMILE_KPI_H
#define LASTMILE_KPI_H

#include <stddef.h>

/* The KPIs, in the order of lm_kpi_defs[]. */
typedef enum lm_kpi {
  LM_KPI_PARCELS_CREATED,
  LM_KPI_RECEIVED,
  LM_KPI_FIRST_ATTEMPTS,
  LM_KPI_FIRST_ATTEMPT_SUCCESSES,
  LM_KPI_FIRST_ATTEMPT_SUCCESS_RATE,
  LM_KPI_RECEIVED_HOME,
  LM_KPI_RECEIVED_DOOR,
  LM_KPI_RECEIVED_LOCKER,
  LM_KPI_RECEIVED_PICKUP_POINT,
  LM_KPI_ATTEMPTS,
  LM_KPI_FAILED_ATTEMPTS,
  LM_KPI_REDELIVERIES,
  LM_KPI_RETURNED,
  LM_KPI_STOLEN,
  LM_KPI_STOLEN_VALUE,
  LM_KPI_PENDING_AT_END,
  LM_KPI_PARCELS_DUE,
  LM_KPI_ON_TIME_RATE,
  LM_KPI_MEAN_LATENESS_S,
  LM_KPI_BACKLOG_END,
  LM_KPI_BACKLOG_GROWTH_PER_DAY,
  LM_KPI_OLDEST_PARCEL_AGE_D,
  LM_KPI_ORDER_TO_RECEIPT_P95_H,
  LM_KPI_STOPS_UNSERVED,
  LM_KPI_STOPS_UNSERVED_IDLE,
  LM_KPI_VAN_KM,
  LM_KPI_VAN_HOURS,
  LM_KPI_OVERTIME_HOURS,
  LM_KPI_VANS_USED,
  LM_KPI_COST_TOTAL,
  LM_KPI_COST_PER_PARCEL,
  LM_KPI_CO2_KG,
  LM_KPI_CO2_G_PER_PARCEL,
  LM_KPI_LOCKER_UTILIZATION,
  LM_KPI_LOCKER_OVERFLOW,
  LM_KPI_MEAN_ORDER_TO_RECEIPT_H,
  LM_KPI_RECEIVED_NEIGHBOUR,
  LM_KPI_RECEIVED_SAFE_PLACE,
  LM_KPI_LEFT_UNATTENDED,
  LM_KPI_SAME_DAY_PARCELS,
  LM_KPI_SAME_DAY_DELIVERED_SHARE,
  LM_KPI_VAN_CO2_KG,
  LM_KPI_ELECTRIC_VAN_KM,
  LM_KPI_ELECTRIC_VANS_USED,
  LM_KPI_ELECTRIC_VAN_CO2_KG,
  LM_KPI_CARGO_BIKE_KM,
  LM_KPI_CARGO_BIKES_USED,
  LM_KPI_CARGO_BIKE_CO2_KG,
  LM_KPI_DRONE_KM,
  LM_KPI_DRONES_USED,
  LM_KPI_DRONE_CO2_KG,
  LM_KPI_RETURNS_REQUESTED,
  LM_KPI_RETURNS_COLLECTED,
  LM_KPI_RETURNS_PENDING_AT_END,
  LM_KPI_COST_VEHICLES,
  LM_KPI_COST_DISTANCE,
  LM_KPI_COST_DRIVER,
  LM_KPI_COST_LOCKERS,
  LM_KPI_COST_THEFT,
  LM_KPI_COST_RETURNS,
  LM_KPI_COST_NOTIFICATIONS,
  LM_KPI_COST_RESTOCK,
  LM_KPI_RESHIPMENTS,
  LM_KPI_ETA_MESSAGES,
  LM_KPI_DRIVER_HOURS,
  LM_KPI_DRIVER_OVERTIME_HOURS,
  LM_KPI_RESTOCK_TRIPS,
  LM_KPI_SITES_USED,
  LM_KPI_CUSTOMER_TRIP_KM,
  LM_KPI_CUSTOMER_TRIP_CO2_KG,
  LM_KPI_COUNT
} lm_kpi;

typedef struct lm_kpi_def {
  const char *name;      /* dataset name, e.g. "van_km" */
  const char *units;     /* e.g. "km", "parcels"; "1" for ratios */
  const char *long_name; /* one line for people */
  int better;            /* +1: more is better, -1: less is better, 0: neither */
} lm_kpi_def;

/* The table of KPI names, units and descriptions, indexed by lm_kpi. */
extern const lm_kpi_def lm_kpi_defs[LM_KPI_COUNT];

/* The parts of cost_total, in the order they are added: cost_total is exactly their sum,
 * computed in that order (the model checks it on every run). */
#define LM_KPI_COST_PARTS 8
extern const lm_kpi lm_kpi_cost_parts[LM_KPI_COST_PARTS];

/* The KPI called `name` (the first `len` bytes), or -1. */
int lm_kpi_find(const char *name, size_t len);

#endif
