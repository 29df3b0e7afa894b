/* kpi.c — the table of KPIs (kpi.h). */
#include "lastmile/kpi.h"

#include <string.h>

/* clang-format off */
const lm_kpi_def lm_kpi_defs[LM_KPI_COUNT] = {
  [LM_KPI_PARCELS_CREATED] = {"parcels_created", "parcels",
      "parcels ordered by customers during the counted days", 0},
  [LM_KPI_RECEIVED] = {"received", "parcels",
      "parcels received by their customer: at home, at the door, from a neighbour or a safe "
      "place, from a locker or from a pickup point", +1},
  [LM_KPI_RECEIVED_FIRST_ATTEMPT] = {"received_first_attempt", "parcels",
      "parcels received at their first delivery attempt", +1},
  [LM_KPI_RECEIVED_HOME] = {"received_home", "parcels", "parcels handed to the customer at home", 0},
  [LM_KPI_RECEIVED_DOOR] = {"received_door", "parcels",
      "parcels left at the door and taken in by the customer", 0},
  [LM_KPI_RECEIVED_LOCKER] = {"received_locker", "parcels",
      "parcels collected by the customer from a parcel locker", 0},
  [LM_KPI_RECEIVED_PICKUP_POINT] = {"received_pickup_point", "parcels",
      "parcels collected by the customer from a pickup point", 0},
  [LM_KPI_ATTEMPTS] = {"attempts", "attempts", "delivery attempts made by vans, successful or not", 0},
  [LM_KPI_FAILED_ATTEMPTS] = {"failed_attempts", "attempts",
      "delivery attempts that did not hand the parcel over", -1},
  [LM_KPI_REDELIVERIES] = {"redeliveries", "attempts",
      "delivery attempts after a parcel's first failed attempt", -1},
  [LM_KPI_RETURNED] = {"returned", "parcels",
      "parcels sent back to the sender after their last allowed attempt failed", -1},
  [LM_KPI_STOLEN] = {"stolen", "parcels",
      "parcels left unattended and stolen before the customer took them", -1},
  [LM_KPI_STOLEN_VALUE] = {"stolen_value", "EUR", "declared value of the stolen parcels", -1},
  [LM_KPI_PENDING_AT_END] = {"pending_at_end", "parcels",
      "parcels neither received, returned nor stolen when the replication ended", -1},
  [LM_KPI_ON_TIME_RATE] = {"on_time_rate", "1",
      "share of resolved parcels received by the end of their promised day", +1},
  [LM_KPI_MEAN_LATENESS_S] = {"mean_lateness_s", "s",
      "mean over received parcels of the time received after the end of the promised day "
      "(0 when on time)", -1},
  [LM_KPI_VAN_KM] = {"van_km", "km", "distance driven by all vans", -1},
  [LM_KPI_VAN_HOURS] = {"van_hours", "h",
      "time vans spent away from the depot, from departure to return", -1},
  [LM_KPI_OVERTIME_HOURS] = {"overtime_hours", "h", "van time beyond the end of the shift", -1},
  [LM_KPI_VANS_USED] = {"vans_used", "vans", "vans that left the depot, counted once per day used", -1},
  [LM_KPI_COST_TOTAL] = {"cost_total", "EUR",
      "fixed, distance, time and overtime cost of the vans, plus theft: the uninsured value "
      "of stolen parcels and the premium for parcels left at doors", -1},
  [LM_KPI_COST_PER_PARCEL] = {"cost_per_parcel", "EUR/parcel",
      "cost_total divided by the parcels received", -1},
  [LM_KPI_CO2_KG] = {"co2_kg", "kg", "CO2 emitted by the vans", -1},
  [LM_KPI_CO2_G_PER_PARCEL] = {"co2_g_per_parcel", "g/parcel",
      "CO2 emitted by the vans divided by the parcels received", -1},
  [LM_KPI_LOCKER_UTILIZATION] = {"locker_utilization", "1",
      "mean share of locker and pickup-point compartments occupied (0 without lockers)", 0},
  [LM_KPI_LOCKER_OVERFLOW] = {"locker_overflow", "parcels",
      "parcels meant for a locker that was full", -1},
  [LM_KPI_MEAN_ORDER_TO_RECEIPT_H] = {"mean_order_to_receipt_h", "h",
      "mean time from order to receipt over received parcels", -1},
  [LM_KPI_RECEIVED_NEIGHBOUR] = {"received_neighbour", "parcels",
      "parcels handed to a neighbour and collected from there by the customer", 0},
  [LM_KPI_RECEIVED_SAFE_PLACE] = {"received_safe_place", "parcels",
      "parcels left in the customer's safe place and taken in by the customer", 0},
  [LM_KPI_SAME_DAY_PARCELS] = {"same_day_parcels", "parcels",
      "parcels ordered with a same-day promise (demand.same_day_share)", 0},
  [LM_KPI_SAME_DAY_DELIVERED_SHARE] = {"same_day_delivered_share", "1",
      "share of same-day parcels received by their customer on the day they were ordered "
      "(NaN without same-day orders)", +1},
};
/* clang-format on */

int lm_kpi_find(const char *name, size_t len) {
  for (int k = 0; k < LM_KPI_COUNT; k++)
    if (strlen(lm_kpi_defs[k].name) == len && !strncmp(lm_kpi_defs[k].name, name, len)) return k;
  return -1;
}
