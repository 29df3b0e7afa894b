/* costs.c — the schema of the unit costs that belong to no vehicle or site (`costs`) and of
 * the customers' trips to lockers and pickup points (`customer_trips`).
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

void lm__locker_cost_defaults(lm__ywalk *w, lm_locker *l) {
  int pickup = l->kind == LM_SITE_PICKUP_POINT;
  if (OK(w, l->cost_per_compartment_day_eur) && l->cost_per_compartment_day_eur < 0)
    l->cost_per_compartment_day_eur = pickup ? 0.0 : 0.10;
  if (OK(w, l->handling_fee_eur) && l->handling_fee_eur < 0)
    l->handling_fee_eur = pickup ? 0.40 : 0.0;
}
