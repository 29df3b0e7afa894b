/* kpi.h — what the model measures: the key performance indicators every run reports,
 * with their names, units, directions and definitions.
 *
 * LM_KPI_MAP is the one list of KPIs. Each entry X(ID, name, units, better, definition)
 * gives the enumerator LM_KPI_<ID>, the dataset name in the results file, the units
 * ("1" for ratios), which direction is better (HIGHER, LOWER or NEITHER) and one line
 * that says exactly what is counted. The enum, lm_kpi_defs[] and lm_kpi_find() are all
 * generated from it, so they cannot drift apart.
 *
 * Invariants: an entry's position is its enumerator's value and the index of its column
 * in every KPI row (lm_results, MPI messages); results files name each KPI's dataset by
 * `name`. Entries are therefore only appended, never reordered, renamed or removed, and
 * every KPI has a row in the README's KPI reference (test_kpis checks it). The model
 * fills the values; the layers above only read them.
 */
#ifndef LASTMILE_KPI_H
#define LASTMILE_KPI_H

#include <stddef.h>
#include <string.h>

/* clang-format off */
#define LM_KPI_MAP(X) \
  X(PARCELS_CREATED, "parcels_created", "parcels", NEITHER, \
    "parcels ordered by customers during the counted days, and the re-shipments of stolen " \
    "parcels created then (reshipments)") \
  X(RECEIVED, "received", "parcels", HIGHER, \
    "parcels received by their customer in the counted days: received_home + " \
    "received_neighbour + received_door + received_safe_place + received_locker + " \
    "received_pickup_point") \
  X(FIRST_ATTEMPTS, "first_attempts", "parcels", NEITHER, \
    "parcels whose first home delivery attempt was made in the counted days") \
  X(FIRST_ATTEMPT_SUCCESSES, "first_attempt_successes", "parcels", HIGHER, \
    "of first_attempts, those handed over in person at that attempt: to the customer at " \
    "home or to a neighbour") \
  X(FIRST_ATTEMPT_SUCCESS_RATE, "first_attempt_success_rate", "1", HIGHER, \
    "first_attempt_successes / first_attempts (NaN without attempts)") \
  X(RECEIVED_HOME, "received_home", "parcels", NEITHER, \
    "parcels handed to the customer in person at home") \
  X(RECEIVED_DOOR, "received_door", "parcels", NEITHER, \
    "parcels left unattended at the door and taken in by the customer") \
  X(RECEIVED_LOCKER, "received_locker", "parcels", NEITHER, \
    "parcels collected by the customer from a parcel locker") \
  X(RECEIVED_PICKUP_POINT, "received_pickup_point", "parcels", NEITHER, \
    "parcels collected by the customer from a pickup point") \
  X(ATTEMPTS, "attempts", "attempts", NEITHER, \
    "delivery attempts made by vans, successful or not") \
  X(FAILED_ATTEMPTS, "failed_attempts", "attempts", LOWER, \
    "home delivery attempts at which nobody took the parcel in person (neither the " \
    "customer nor a neighbour), whatever the driver then did with it") \
  X(REDELIVERIES, "redeliveries", "attempts", LOWER, \
    "delivery attempts after a parcel's first failed attempt") \
  X(RETURNED, "returned", "parcels", LOWER, \
    "parcels sent back to the sender after their last allowed attempt failed") \
  X(STOLEN, "stolen", "parcels", LOWER, \
    "parcels left unattended and stolen before the customer took them") \
  X(STOLEN_VALUE, "stolen_value", "EUR", LOWER, \
    "declared value of the stolen parcels") \
  X(PENDING_AT_END, "pending_at_end", "parcels", LOWER, \
    "parcels neither received, returned nor stolen when the replication ended") \
  X(PARCELS_DUE, "parcels_due", "parcels", NEITHER, \
    "parcels whose promise fell in the counted days") \
  X(ON_TIME_RATE, "on_time_rate", "1", HIGHER, \
    "of parcels_due, the share delivered by their promise and received by the customer " \
    "(pending, returned and stolen parcels count as late)") \
  X(MEAN_LATENESS_S, "mean_lateness_s", "s", LOWER, \
    "mean over parcels_due, but those returned to the sender without being delivered, of " \
    "the time from the promise to delivery (0 when on time); a parcel still waiting for " \
    "delivery counts until the end of the run (a lower bound)") \
  X(BACKLOG_END, "backlog_end", "parcels", LOWER, \
    "parcels not delivered and past their promise at the end of the last day (the end of " \
    "each day in the daily series)") \
  X(BACKLOG_GROWTH_PER_DAY, "backlog_growth_per_day", "parcels/day", LOWER, \
    "least-squares slope of the end-of-day backlog over the counted days, within weekdays " \
    "(the day's change in the daily series); significantly above 0: the fleet falls " \
    "behind") \
  X(OLDEST_PARCEL_AGE_D, "oldest_parcel_age_d", "d", LOWER, \
    "age, from its order, of the oldest parcel neither received, stolen nor returned at " \
    "the end of the last day (each day in the daily series; 0 when none)") \
  X(ORDER_TO_RECEIPT_P95_H, "order_to_receipt_p95_h", "h", LOWER, \
    "95th percentile of the time from order to receipt over the parcels received in the " \
    "counted days (NaN when none)") \
  X(STOPS_UNSERVED, "stops_unserved", "stops", LOWER, \
    "stops a plan left out (their parcels wait at the depot for a later plan), counted " \
    "once per plan that left them out") \
  X(STOPS_UNSERVED_IDLE, "stops_unserved_idle", "stops", LOWER, \
    "of stops_unserved, those that a vehicle left idle by the same plan could have served " \
    "alone (capacity, kind, window and shift) for less than the stop's unserved penalty; " \
    "always 0 unless the planner errs") \
  X(VAN_KM, "van_km", "km", LOWER, \
    "distance driven by the vans of fleet.van (with the van stocking a micro-hub)") \
  X(VAN_HOURS, "van_hours", "h", LOWER, \
    "time vans spent away from the depot, from departure to return") \
  X(OVERTIME_HOURS, "overtime_hours", "h", LOWER, \
    "vehicle time (every kind) beyond the end of the shift") \
  X(VANS_USED, "vans_used", "vans", LOWER, \
    "vans that left the depot at least once in a day (over a replication: the mean per " \
    "day with rounds)") \
  X(COST_TOTAL, "cost_total", "EUR", LOWER, \
    "the carrier's cost: exactly cost_vehicles + cost_distance + cost_driver + " \
    "cost_lockers + cost_theft + cost_returns + cost_notifications + cost_restock") \
  X(COST_PER_PARCEL, "cost_per_parcel", "EUR/parcel", LOWER, \
    "cost_total divided by the parcels received") \
  X(CO2_KG, "co2_kg", "kg", LOWER, \
    "CO2 emitted by the vehicles (every kind)") \
  X(CO2_G_PER_PARCEL, "co2_g_per_parcel", "g/parcel", LOWER, \
    "CO2 emitted by the vehicles (every kind) divided by the parcels received") \
  X(LOCKER_UTILIZATION, "locker_utilization", "1", NEITHER, \
    "mean share of locker and pickup-point compartments occupied (0 without lockers)") \
  X(LOCKER_OVERFLOW, "locker_overflow", "parcels", LOWER, \
    "parcels meant for a locker that was full") \
  X(MEAN_ORDER_TO_RECEIPT_H, "mean_order_to_receipt_h", "h", LOWER, \
    "mean time from order to receipt over the parcels received in the counted days") \
  X(RECEIVED_NEIGHBOUR, "received_neighbour", "parcels", NEITHER, \
    "parcels handed to a neighbour and collected from there by the customer") \
  X(RECEIVED_SAFE_PLACE, "received_safe_place", "parcels", NEITHER, \
    "parcels left in the customer's safe place and taken in by the customer") \
  X(LEFT_UNATTENDED, "left_unattended", "parcels", NEITHER, \
    "door drops: parcels left unattended at a door or in a safe place after nobody " \
    "answered (each drop once)") \
  X(SAME_DAY_PARCELS, "same_day_parcels", "parcels", NEITHER, \
    "parcels ordered with a same-day promise (demand.same_day_share)") \
  X(SAME_DAY_DELIVERED_SHARE, "same_day_delivered_share", "1", HIGHER, \
    "share of same-day parcels received by their customer on the day they were ordered " \
    "(NaN without same-day orders)") \
  X(VAN_CO2_KG, "van_co2_kg", "kg", NEITHER, \
    "CO2 emitted by the vans of fleet.van") \
  X(ELECTRIC_VAN_KM, "electric_van_km", "km", NEITHER, \
    "distance driven by electric vans") \
  X(ELECTRIC_VANS_USED, "electric_vans_used", "vans", NEITHER, \
    "electric vans that left the depot at least once in a day (mean per day with rounds)") \
  X(ELECTRIC_VAN_CO2_KG, "electric_van_co2_kg", "kg", NEITHER, \
    "CO2 attributed to the electric vans (fleet.electric_van.co2_g_per_km)") \
  X(CARGO_BIKE_KM, "cargo_bike_km", "km", NEITHER, \
    "distance ridden by cargo bikes") \
  X(CARGO_BIKES_USED, "cargo_bikes_used", "bikes", NEITHER, \
    "cargo bikes that left the micro-hub at least once in a day (mean per day with " \
    "rounds)") \
  X(CARGO_BIKE_CO2_KG, "cargo_bike_co2_kg", "kg", NEITHER, \
    "CO2 attributed to the cargo bikes (fleet.cargo_bike.co2_g_per_km)") \
  X(DRONE_KM, "drone_km", "km", NEITHER, \
    "distance flown by drones, out and back") \
  X(DRONES_USED, "drones_used", "drones", NEITHER, \
    "drones that took off at least once in a day (mean per day with rounds)") \
  X(DRONE_CO2_KG, "drone_co2_kg", "kg", NEITHER, \
    "CO2 attributed to the drones (fleet.drone.co2_g_per_km)") \
  X(RETURNS_REQUESTED, "returns_requested", "parcels", NEITHER, \
    "customer returns whose pickup was requested (demand.returns_per_day)") \
  X(RETURNS_COLLECTED, "returns_collected", "parcels", NEITHER, \
    "customer returns picked up on the rounds and brought back to the depot") \
  X(RETURNS_PENDING_AT_END, "returns_pending_at_end", "parcels", NEITHER, \
    "customer returns requested but not yet back at the depot when the replication ended") \
  X(COST_VEHICLES, "cost_vehicles", "EUR", LOWER, \
    "each kind's cost_fixed_eur times its vehicles used per day (the most out in one " \
    "wave)") \
  X(COST_DISTANCE, "cost_distance", "EUR", LOWER, \
    "each kind's cost_per_km_eur times the distance its vehicles drove, rode or flew " \
    "(restocking trips are in cost_restock)") \
  X(COST_DRIVER, "cost_driver", "EUR", LOWER, \
    "paid driver shifts: per driver and day at least the kind's contracted shift at " \
    "cost_per_hour_eur, the time beyond it at overtime_cost_per_hour_eur") \
  X(COST_LOCKERS, "cost_lockers", "EUR", LOWER, \
    "compartment-days of the lockers and pickup points the strategy used, and their " \
    "handling fees per parcel placed") \
  X(COST_THEFT, "cost_theft", "EUR", LOWER, \
    "uninsured value of stolen parcels, premiums for parcels left unattended, and " \
    "costs.reshipment_eur per re-shipment") \
  X(COST_RETURNS, "cost_returns", "EUR", LOWER, \
    "costs.return_to_sender_eur per parcel returned to the sender and " \
    "costs.customer_return_eur per customer return collected") \
  X(COST_NOTIFICATIONS, "cost_notifications", "EUR", LOWER, \
    "costs.eta_message_eur per ETA message sent") \
  X(COST_RESTOCK, "cost_restock", "EUR", LOWER, \
    "van trips stocking the micro-hub: their km at the van's cost_per_km_eur and their " \
    "driving and loading time at its cost_per_hour_eur") \
  X(RESHIPMENTS, "reshipments", "parcels", LOWER, \
    "stolen parcels shipped again to their customer as new parcels, created the day after " \
    "the theft (also in parcels_created)") \
  X(ETA_MESSAGES, "eta_messages", "messages", NEITHER, \
    "arrival-time messages sent: one per home stop a vehicle reached under a strategy " \
    "with eta_notification") \
  X(DRIVER_HOURS, "driver_hours", "h", LOWER, \
    "paid driver hours (every kind): per driver and day the longer of the contracted " \
    "shift and the time from first loading to last return") \
  X(DRIVER_OVERTIME_HOURS, "driver_overtime_hours", "h", LOWER, \
    "the part of driver_hours beyond each driver's contracted shift length, paid at the " \
    "overtime rate") \
  X(RESTOCK_TRIPS, "restock_trips", "trips", NEITHER, \
    "van round trips from the depot to the micro-hub carrying the cargo bikes' parcels") \
  X(SITES_USED, "sites_used", "sites", NEITHER, \
    "lockers and pickup points in which the strategy placed at least one parcel in the " \
    "replication, the ones it pays for (mean per day: the same every day)") \
  X(CUSTOMER_TRIP_KM, "customer_trip_km", "km", NEITHER, \
    "customers' round trips (road distance) to collect parcels from lockers and pickup " \
    "points, every mode; not a carrier cost") \
  X(CUSTOMER_TRIP_CO2_KG, "customer_trip_co2_kg", "kg", LOWER, \
    "CO2 of the customers' collection trips: customer_trip_km x customer_trips.car_share " \
    "x car_co2_g_per_km; not in co2_kg") \
  X(EXTERNAL_COST_EUR, "external_cost_eur", "EUR", LOWER, \
    "the public's cost of the vehicles' km and the customers' car km to lockers and pickup " \
    "points: exactly external_climate_eur + external_air_pollution_eur + " \
    "external_noise_eur + external_congestion_eur + external_accidents_eur; not in " \
    "cost_total") \
  X(EXTERNAL_CLIMATE_EUR, "external_climate_eur", "EUR", LOWER, \
    "each kind's km (van_km, electric_van_km, cargo_bike_km, drone_km) times its " \
    "external_costs.KIND.climate_eur_per_km, plus customer_trip_km x car_share times " \
    "external_costs.customer_car.climate_eur_per_km") \
  X(EXTERNAL_AIR_POLLUTION_EUR, "external_air_pollution_eur", "EUR", LOWER, \
    "the same sum with each air_pollution_eur_per_km") \
  X(EXTERNAL_NOISE_EUR, "external_noise_eur", "EUR", LOWER, \
    "the same sum with each noise_eur_per_km") \
  X(EXTERNAL_CONGESTION_EUR, "external_congestion_eur", "EUR", LOWER, \
    "the same sum with each congestion_eur_per_km") \
  X(EXTERNAL_ACCIDENTS_EUR, "external_accidents_eur", "EUR", LOWER, \
    "the same sum with each accidents_eur_per_km") \
  X(EXTERNAL_CUSTOMER_TRIPS_EUR, "external_customer_trips_eur", "EUR", LOWER, \
    "the part of external_cost_eur that the customers' car trips cause (customer_trip_km x " \
    "car_share times the five customer_car factors)") \
  X(EXTERNAL_COST_PER_PARCEL, "external_cost_per_parcel", "EUR/parcel", LOWER, \
    "external_cost_eur divided by the parcels received") \
  X(ELECTRICITY_KWH, "electricity_kwh", "kWh", NEITHER, \
    "electricity the electric kinds drew from the grid: each one's km times its " \
    "energy_kwh_per_km") \
  X(GRID_CO2_KG, "grid_co2_kg", "kg", LOWER, \
    "well-to-wheel CO2 of the electric kinds: electricity_kwh x " \
    "external_costs.grid_co2_g_per_kwh; beside the diesel vans' tailpipe van_co2_kg, not in " \
    "co2_kg") \
  X(STOPS, "stops", "stops", NEITHER, \
    "stops made by vehicles: arrivals of a vehicle (every kind) at a customer's address " \
    "or at a locker or pickup point to serve a stop of its plan, each counted once however " \
    "many parcels and return pickups are handed over or attempted there") \
  X(ROUTING_PLANS, "routing_plans", "plans", NEITHER, \
    "route plans solved: each wave's dispatch with stops to plan, and each re-plan") \
  X(ROUTING_PLANNED_KM, "routing_planned_km", "km", NEITHER, \
    "distance of the routes as the plans gave them (every kind; a re-plan's routes from " \
    "where each vehicle is heading), summed over the plans") \
  X(ROUTING_PLANNED_H, "routing_planned_h", "h", NEITHER, \
    "planned time of the routes, from each vehicle's start to its return, with expected " \
    "travel times and service, summed over the plans") \
  X(ROUTING_DRIVEN_KM, "routing_driven_km", "km", NEITHER, \
    "distance the vehicles of every kind drove on their rounds (restocking trips excluded)") \
  X(ROUTING_DRIVEN_H, "routing_driven_h", "h", NEITHER, \
    "time the vehicles of every kind spent away from their base on their rounds") \
  X(ROUTING_PLANNED_STOPS, "routing_planned_stops", "stops", NEITHER, \
    "stops the plans served (a stop kept by a re-plan counts again), summed over the plans") \
  X(ROUTING_SOLVER_ITERATIONS, "routing_solver_iterations", "iterations", NEITHER, \
    "improvement iterations the route search ran, summed over the plans")
/* clang-format on */

/* Which direction of a KPI is better (lm_kpi_def.better). */
enum { LM_KPI_LOWER = -1, LM_KPI_NEITHER = 0, LM_KPI_HIGHER = +1 };

/* The KPIs, in the order of LM_KPI_MAP; LM_KPI_COUNT is how many there are. */
#define LM_KPI_ENUM_(id, name, units, better, definition) LM_KPI_##id,
typedef enum lm_kpi { LM_KPI_MAP(LM_KPI_ENUM_) LM_KPI_COUNT } lm_kpi;
#undef LM_KPI_ENUM_

typedef struct lm_kpi_def {
  const char *name;      /* dataset name, e.g. "van_km" */
  const char *units;     /* e.g. "km", "parcels"; "1" for ratios */
  const char *long_name; /* the one-line definition */
  int better;            /* LM_KPI_HIGHER (+1), LM_KPI_LOWER (-1) or LM_KPI_NEITHER (0) */
} lm_kpi_def;

/* The table of KPI names, units, definitions and directions, indexed by lm_kpi. */
extern const lm_kpi_def lm_kpi_defs[LM_KPI_COUNT];

/* The parts of cost_total, in the order they are added: cost_total is exactly their sum,
 * computed in that order (the model checks it on every run). */
#define LM_KPI_COST_PARTS 8
extern const lm_kpi lm_kpi_cost_parts[LM_KPI_COST_PARTS];

/* The parts of external_cost_eur, likewise: climate, air pollution, noise, congestion,
 * accidents; external_cost_eur is exactly their sum in that order. */
#define LM_KPI_EXTERNAL_PARTS 5
extern const lm_kpi lm_kpi_external_parts[LM_KPI_EXTERNAL_PARTS];

/* The KPI called `name` (the first `len` bytes), or -1. Inline, from LM_KPI_MAP alone,
 * so that the scenario's target check needs the list but no model code. */
static inline int lm_kpi_find(const char *name, size_t len) {
#define LM_KPI_NAME_(id, name, units, better, definition) name,
  static const char *const names[LM_KPI_COUNT] = {LM_KPI_MAP(LM_KPI_NAME_)};
#undef LM_KPI_NAME_
  for (int k = 0; k < LM_KPI_COUNT; k++)
    if (strlen(names[k]) == len && !strncmp(names[k], name, len)) return k;
  return -1;
}

#endif
