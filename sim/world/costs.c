/* costs.c — the schema of the unit costs that belong to no vehicle or site (`costs`), of
 * the customers' trips to lockers and pickup points (`customer_trips`) and of the external
 * costs (`external_costs`).
 *
 * Vehicle unit costs live with each vehicle kind (fleet.*), a site's compartment price and
 * handling fee with the site (lockers[]), theft's insured share and premium with theft; the
 * rest is here. customer_trips are not a carrier cost: they price the customers' own
 * travel (km and CO2) reported beside the carrier's figures. Its mode shares must sum to 1.
 * Where each default comes from is in scenarios/README.md.
 */
#include <math.h>

#include "world/schema.h"

static const lm__ykey costs_keys[] = {
    KEY(lm_costs, "return_to_sender_eur", return_to_sender_eur, DBL, 0, 0, 1e4, 4.0,
        "EUR per parcel returned to the sender"),
    KEY(lm_costs, "customer_return_eur", customer_return_eur, DBL, 0, 0, 1e4, 1.5,
        "EUR per customer return collected"),
    KEY(lm_costs, "eta_message_eur", eta_message_eur, DBL, 0, 0, 100, 0.075,
        "EUR per arrival-time message"),
    KEY(lm_costs, "reshipment_eur", reshipment_eur, DBL, 0, 0, 1e4, 9.0,
        "EUR per stolen parcel shipped again"),
};
const lm__ytable lm__costs_table = {"unit costs beyond the vehicles and sites", costs_keys,
                                    COUNT(costs_keys), NULL};

static void trips_finish(lm__ywalk *w, void *base);

static const lm__ykey trips_keys[] = {
    KEY(lm_customer_trips, "walk_share", walk_share, DBL, 0, 0, 1, 0.4, "fraction of trips"),
    KEY(lm_customer_trips, "bike_share", bike_share, DBL, 0, 0, 1, 0.1, "fraction of trips"),
    KEY(lm_customer_trips, "car_share", car_share, DBL, 0, 0, 1, 0.5, "fraction of trips"),
    KEY(lm_customer_trips, "car_co2_g_per_km", car_co2_g_per_km, DBL, 0, 0, 1e4, 150, "g/km"),
};
const lm__ytable lm__customer_trips_table = {"the customers' trips to lockers and pickup points",
                                             trips_keys, COUNT(trips_keys), trips_finish};

/* The mode shares cover every trip once. */
static void trips_finish(lm__ywalk *w, void *base) {
  lm_customer_trips *t = base;
  if (!OK(w, t->walk_share) || !OK(w, t->bike_share) || !OK(w, t->car_share)) return;
  double sum = t->walk_share + t->bike_share + t->car_share;
  if (fabs(sum - 1.0) > 1e-6)
    lm__yw_error(w, &t->car_share, sizeof t->car_share,
                 "walk_share %g + bike_share %g + car_share %g = %.10g; expected 1 (within 1e-6)",
                 t->walk_share, t->bike_share, t->car_share, sum);
}

/* external_costs: EUR per km by part, one table per kind (their defaults differ). The
 * defaults convert Just Economics (2022), "Delivering Value", in pence per mile at 2022
 * prices, at 1.17 EUR per GBP and 1.609344 km per mile (0.00727004 EUR/km per p/mile; rounded to 7
 * decimals); scenarios/README.md gives the figures, the drone's and the customer car's assumptions.
 */
#define FACTOR_KEYS(climate, air, noise, congestion, accidents)                                    \
  KEY(lm_external_factors, "climate_eur_per_km", climate_eur_per_km, DBL, 0, 0, 100, climate,      \
      "EUR/km"),                                                                                   \
      KEY(lm_external_factors, "air_pollution_eur_per_km", air_pollution_eur_per_km, DBL, 0, 0,    \
          100, air, "EUR/km"),                                                                     \
      KEY(lm_external_factors, "noise_eur_per_km", noise_eur_per_km, DBL, 0, 0, 100, noise,        \
          "EUR/km"),                                                                               \
      KEY(lm_external_factors, "congestion_eur_per_km", congestion_eur_per_km, DBL, 0, 0, 100,     \
          congestion, "EUR/km"),                                                                   \
      KEY(lm_external_factors, "accidents_eur_per_km", accidents_eur_per_km, DBL, 0, 0, 100,       \
          accidents, "EUR/km")
#define FACTOR_TABLE(id, what, climate, air, noise, congestion, accidents)                         \
  static const lm__ykey id##_keys[] = {FACTOR_KEYS(climate, air, noise, congestion, accidents)};   \
  static const lm__ytable id##_table = {what, id##_keys, COUNT(id##_keys), NULL}

/* Diesel van: 3.12, 8.52, 2.88, 27.57, 4.65 p/mile; electric van 1.20, 0.43, 0.89, 27.57,
 * 4.65; cargo bike 0.26, 0, 0, 5.17, 2.34. */
FACTOR_TABLE(ext_van, "external costs of a diesel van km", 0.0226825, 0.0619408, 0.0209377,
             0.2004351, 0.0338057);
FACTOR_TABLE(ext_electric_van, "external costs of an electric van km", 0.0087241, 0.0031261,
             0.0064703, 0.2004351, 0.0338057);
FACTOR_TABLE(ext_cargo_bike, "external costs of a cargo bike km", 0.0018902, 0, 0, 0.0375861,
             0.0170119);
FACTOR_TABLE(ext_drone, "external costs of a drone km", 0, 0, 0, 0, 0);
FACTOR_TABLE(ext_car, "external costs of a customer's car km", 0.0226825, 0.0619408, 0.0209377,
             0.2004351, 0.0338057);

static const lm__ykey external_keys[] = {
    MAP("van", lm_external_costs, kind[LM_VEHICLE_VAN], 0, ext_van_table),
    MAP("electric_van", lm_external_costs, kind[LM_VEHICLE_ELECTRIC_VAN], 0,
        ext_electric_van_table),
    MAP("cargo_bike", lm_external_costs, kind[LM_VEHICLE_CARGO_BIKE], 0, ext_cargo_bike_table),
    MAP("drone", lm_external_costs, kind[LM_VEHICLE_DRONE], 0, ext_drone_table),
    MAP("customer_car", lm_external_costs, customer_car, 0, ext_car_table),
    KEY(lm_external_costs, "grid_co2_g_per_kwh", grid_co2_g_per_kwh, DBL, 0, 0, 2000, 281,
        "g CO2 per kWh drawn"),
};
const lm__ytable lm__external_costs_table = {
    "external costs per km: van, electric_van, cargo_bike, drone, customer_car, and "
    "grid_co2_g_per_kwh",
    external_keys, COUNT(external_keys), NULL};

void lm__locker_cost_defaults(lm__ywalk *w, lm_locker *l) {
  int pickup = l->kind == LM_SITE_PICKUP_POINT;
  if (OK(w, l->cost_per_compartment_day_eur) && l->cost_per_compartment_day_eur < 0)
    l->cost_per_compartment_day_eur = pickup ? 0.0 : 0.10;
  if (OK(w, l->handling_fee_eur) && l->handling_fee_eur < 0)
    l->handling_fee_eur = pickup ? 0.40 : 0.0;
}
