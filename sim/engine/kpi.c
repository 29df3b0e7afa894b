/* kpi.c — the table of KPIs (kpi.h). */
#include "lastmile/kpi.h"

#include <string.h>

/* clang-format off */
const lm_kpi_def lm_kpi_defs[LM_KPI_COUNT] = {
  [LM_KPI_PARCELS_CREATED] = {"parcels_created", "parcels",
      "parcels ordered by customers during the counted days, and the re-shipments of stolen "
      "parcels created then (reshipments)", 0},
  [LM_KPI_RECEIVED] = {"received", "parcels",
      "parcels received by their customer in the counted days: received_home + "
      "received_neighbour + received_door + received_safe_place + received_locker + "
      "received_pickup_point", +1},
  [LM_KPI_FIRST_ATTEMPTS] = {"first_attempts", "parcels",
      "parcels whose first home delivery attempt was made in the counted days", 0},
  [LM_KPI_FIRST_ATTEMPT_SUCCESSES] = {"first_attempt_successes", "parcels",
      "of first_attempts, those handed over in person at that attempt: to the customer at "
      "home or to a neighbour", +1},
  [LM_KPI_FIRST_ATTEMPT_SUCCESS_RATE] = {"first_attempt_success_rate", "1",
      "first_attempt_successes / first_attempts (NaN without attempts)", +1},
  [LM_KPI_RECEIVED_HOME] = {"received_home", "parcels",
      "parcels handed to the customer in person at home", 0},
  [LM_KPI_RECEIVED_DOOR] = {"received_door", "parcels",
      "parcels left unattended at the door and taken in by the customer", 0},
  [LM_KPI_RECEIVED_LOCKER] = {"received_locker", "parcels",
      "parcels collected by the customer from a parcel locker", 0},
  [LM_KPI_RECEIVED_PICKUP_POINT] = {"received_pickup_point", "parcels",
      "parcels collected by the customer from a pickup point", 0},
  [LM_KPI_ATTEMPTS] = {"attempts", "attempts", "delivery attempts made by vans, successful or not", 0},
  [LM_KPI_FAILED_ATTEMPTS] = {"failed_attempts", "attempts",
      "home delivery attempts at which nobody took the parcel in person (neither the customer "
      "nor a neighbour), whatever the driver then did with it", -1},
  [LM_KPI_REDELIVERIES] = {"redeliveries", "attempts",
      "delivery attempts after a parcel's first failed attempt", -1},
  [LM_KPI_RETURNED] = {"returned", "parcels",
      "parcels sent back to the sender after their last allowed attempt failed", -1},
  [LM_KPI_STOLEN] = {"stolen", "parcels",
      "parcels left unattended and stolen before the customer took them", -1},
  [LM_KPI_STOLEN_VALUE] = {"stolen_value", "EUR", "declared value of the stolen parcels", -1},
  [LM_KPI_PENDING_AT_END] = {"pending_at_end", "parcels",
      "parcels neither received, returned nor stolen when the replication ended", -1},
  [LM_KPI_PARCELS_DUE] = {"parcels_due", "parcels",
      "parcels whose promise fell in the counted days", 0},
  [LM_KPI_ON_TIME_RATE] = {"on_time_rate", "1",
      "of parcels_due, the share delivered by their promise and received by the customer "
      "(pending, returned and stolen parcels count as late)", +1},
  [LM_KPI_MEAN_LATENESS_S] = {"mean_lateness_s", "s",
      "mean over parcels_due, but those returned to the sender without being delivered, of "
      "the time from the promise to delivery (0 when on time); a parcel still waiting for "
      "delivery counts until the end of the run (a lower bound)", -1},
  [LM_KPI_BACKLOG_END] = {"backlog_end", "parcels",
      "parcels not delivered and past their promise at the end of the last day (the end of "
      "each day in the daily series)", -1},
  [LM_KPI_BACKLOG_GROWTH_PER_DAY] = {"backlog_growth_per_day", "parcels/day",
      "least-squares slope of the end-of-day backlog over the counted days, within weekdays "
      "(the day's change in the daily series); significantly above 0: the fleet falls "
      "behind", -1},
  [LM_KPI_OLDEST_PARCEL_AGE_D] = {"oldest_parcel_age_d", "d",
      "age, from its order, of the oldest parcel neither received, stolen nor returned at "
      "the end of the last day (each day in the daily series; 0 when none)", -1},
  [LM_KPI_ORDER_TO_RECEIPT_P95_H] = {"order_to_receipt_p95_h", "h",
      "95th percentile of the time from order to receipt over the parcels received in the "
      "counted days (NaN when none)", -1},
  [LM_KPI_STOPS_UNSERVED] = {"stops_unserved", "stops",
      "stops a plan left out (their parcels wait at the depot for a later plan), counted "
      "once per plan that left them out", -1},
  [LM_KPI_STOPS_UNSERVED_IDLE] = {"stops_unserved_idle", "stops",
      "of stops_unserved, those that a vehicle left idle by the same plan could have served "
      "alone (capacity, kind, window and shift) for less than the stop's unserved penalty; "
      "always 0 unless the planner errs", -1},
  [LM_KPI_VAN_KM] = {"van_km", "km",
      "distance driven by the vans of fleet.van (with the van stocking a micro-hub)", -1},
  [LM_KPI_VAN_HOURS] = {"van_hours", "h",
      "time vans spent away from the depot, from departure to return", -1},
  [LM_KPI_OVERTIME_HOURS] = {"overtime_hours", "h",
      "vehicle time (every kind) beyond the end of the shift", -1},
  [LM_KPI_VANS_USED] = {"vans_used", "vans", "vans that left the depot at least once in a day (over a replication: the mean per day with rounds)", -1},
  [LM_KPI_COST_TOTAL] = {"cost_total", "EUR",
      "the carrier's cost: exactly cost_vehicles + cost_distance + cost_driver + cost_lockers + "
      "cost_theft + cost_returns + cost_notifications + cost_restock", -1},
  [LM_KPI_COST_PER_PARCEL] = {"cost_per_parcel", "EUR/parcel",
      "cost_total divided by the parcels received", -1},
  [LM_KPI_CO2_KG] = {"co2_kg", "kg", "CO2 emitted by the vehicles (every kind)", -1},
  [LM_KPI_CO2_G_PER_PARCEL] = {"co2_g_per_parcel", "g/parcel",
      "CO2 emitted by the vehicles (every kind) divided by the parcels received", -1},
  [LM_KPI_LOCKER_UTILIZATION] = {"locker_utilization", "1",
      "mean share of locker and pickup-point compartments occupied (0 without lockers)", 0},
  [LM_KPI_LOCKER_OVERFLOW] = {"locker_overflow", "parcels",
      "parcels meant for a locker that was full", -1},
  [LM_KPI_MEAN_ORDER_TO_RECEIPT_H] = {"mean_order_to_receipt_h", "h",
      "mean time from order to receipt over the parcels received in the counted days", -1},
  [LM_KPI_RECEIVED_NEIGHBOUR] = {"received_neighbour", "parcels",
      "parcels handed to a neighbour and collected from there by the customer", 0},
  [LM_KPI_RECEIVED_SAFE_PLACE] = {"received_safe_place", "parcels",
      "parcels left in the customer's safe place and taken in by the customer", 0},
  [LM_KPI_LEFT_UNATTENDED] = {"left_unattended", "parcels",
      "door drops: parcels left unattended at a door or in a safe place after nobody "
      "answered (each drop once)", 0},
  [LM_KPI_SAME_DAY_PARCELS] = {"same_day_parcels", "parcels",
      "parcels ordered with a same-day promise (demand.same_day_share)", 0},
  [LM_KPI_SAME_DAY_DELIVERED_SHARE] = {"same_day_delivered_share", "1",
      "share of same-day parcels received by their customer on the day they were ordered "
      "(NaN without same-day orders)", +1},
  [LM_KPI_VAN_CO2_KG] = {"van_co2_kg", "kg", "CO2 emitted by the vans of fleet.van", 0},
  [LM_KPI_ELECTRIC_VAN_KM] = {"electric_van_km", "km", "distance driven by electric vans", 0},
  [LM_KPI_ELECTRIC_VANS_USED] = {"electric_vans_used", "vans",
      "electric vans that left the depot at least once in a day (mean per day with rounds)", 0},
  [LM_KPI_ELECTRIC_VAN_CO2_KG] = {"electric_van_co2_kg", "kg",
      "CO2 attributed to the electric vans (fleet.electric_van.co2_g_per_km)", 0},
  [LM_KPI_CARGO_BIKE_KM] = {"cargo_bike_km", "km", "distance ridden by cargo bikes", 0},
  [LM_KPI_CARGO_BIKES_USED] = {"cargo_bikes_used", "bikes",
      "cargo bikes that left the micro-hub at least once in a day (mean per day with rounds)", 0},
  [LM_KPI_CARGO_BIKE_CO2_KG] = {"cargo_bike_co2_kg", "kg",
      "CO2 attributed to the cargo bikes (fleet.cargo_bike.co2_g_per_km)", 0},
  [LM_KPI_DRONE_KM] = {"drone_km", "km", "distance flown by drones, out and back", 0},
  [LM_KPI_DRONES_USED] = {"drones_used", "drones",
      "drones that took off at least once in a day (mean per day with rounds)", 0},
  [LM_KPI_DRONE_CO2_KG] = {"drone_co2_kg", "kg",
      "CO2 attributed to the drones (fleet.drone.co2_g_per_km)", 0},
  [LM_KPI_RETURNS_REQUESTED] = {"returns_requested", "parcels",
      "customer returns whose pickup was requested (demand.returns_per_day)", 0},
  [LM_KPI_RETURNS_COLLECTED] = {"returns_collected", "parcels",
      "customer returns picked up on the rounds and brought back to the depot", 0},
  [LM_KPI_RETURNS_PENDING_AT_END] = {"returns_pending_at_end", "parcels",
      "customer returns requested but not yet back at the depot when the replication ended",
      0},
  [LM_KPI_COST_VEHICLES] = {"cost_vehicles", "EUR",
      "each kind's cost_fixed_eur times its vehicles used per day (the most out in one wave)",
      -1},
  [LM_KPI_COST_DISTANCE] = {"cost_distance", "EUR",
      "each kind's cost_per_km_eur times the distance its vehicles drove, rode or flew "
      "(restocking trips are in cost_restock)", -1},
  [LM_KPI_COST_DRIVER] = {"cost_driver", "EUR",
      "paid driver shifts: per driver and day at least the kind's contracted shift at "
      "cost_per_hour_eur, the time beyond it at overtime_cost_per_hour_eur", -1},
  [LM_KPI_COST_LOCKERS] = {"cost_lockers", "EUR",
      "compartment-days of the lockers and pickup points the strategy used, and their handling "
      "fees per parcel placed", -1},
  [LM_KPI_COST_THEFT] = {"cost_theft", "EUR",
      "uninsured value of stolen parcels, premiums for parcels left unattended, and "
      "costs.reshipment_eur per re-shipment", -1},
  [LM_KPI_COST_RETURNS] = {"cost_returns", "EUR",
      "costs.return_to_sender_eur per parcel returned to the sender and "
      "costs.customer_return_eur per customer return collected", -1},
  [LM_KPI_COST_NOTIFICATIONS] = {"cost_notifications", "EUR",
      "costs.eta_message_eur per ETA message sent", -1},
  [LM_KPI_COST_RESTOCK] = {"cost_restock", "EUR",
      "van trips stocking the micro-hub: their km at the van's cost_per_km_eur and their "
      "driving and loading time at its cost_per_hour_eur", -1},
  [LM_KPI_RESHIPMENTS] = {"reshipments", "parcels",
      "stolen parcels shipped again to their customer as new parcels, created the day after "
      "the theft (also in parcels_created)", -1},
  [LM_KPI_ETA_MESSAGES] = {"eta_messages", "messages",
      "arrival-time messages sent: one per home stop a vehicle reached under a strategy with "
      "eta_notification", 0},
  [LM_KPI_DRIVER_HOURS] = {"driver_hours", "h",
      "paid driver hours (every kind): per driver and day the longer of the contracted shift "
      "and the time from first loading to last return", -1},
  [LM_KPI_DRIVER_OVERTIME_HOURS] = {"driver_overtime_hours", "h",
      "the part of driver_hours beyond each driver's contracted shift length, paid at the "
      "overtime rate", -1},
  [LM_KPI_RESTOCK_TRIPS] = {"restock_trips", "trips",
      "van round trips from the depot to the micro-hub carrying the cargo bikes' parcels", 0},
  [LM_KPI_SITES_USED] = {"sites_used", "sites",
      "lockers and pickup points in which the strategy placed at least one parcel in the "
      "replication, the ones it pays for (mean per day: the same every day)", 0},
  [LM_KPI_CUSTOMER_TRIP_KM] = {"customer_trip_km", "km",
      "customers' round trips (road distance) to collect parcels from lockers and pickup "
      "points, every mode; not a carrier cost", 0},
  [LM_KPI_CUSTOMER_TRIP_CO2_KG] = {"customer_trip_co2_kg", "kg",
      "CO2 of the customers' collection trips: customer_trip_km x customer_trips.car_share x "
      "car_co2_g_per_km; not in co2_kg", -1},
};
/* clang-format on */

const lm_kpi lm_kpi_cost_parts[LM_KPI_COST_PARTS] = {
    LM_KPI_COST_VEHICLES, LM_KPI_COST_DISTANCE, LM_KPI_COST_DRIVER,        LM_KPI_COST_LOCKERS,
    LM_KPI_COST_THEFT,    LM_KPI_COST_RETURNS,  LM_KPI_COST_NOTIFICATIONS, LM_KPI_COST_RESTOCK};

int lm_kpi_find(const char *name, size_t len) {
  for (int k = 0; k < LM_KPI_COUNT; k++)
    if (strlen(lm_kpi_defs[k].name) == len && !strncmp(lm_kpi_defs[k].name, name, len)) return k;
  return -1;
}
