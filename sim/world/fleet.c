/* fleet.c — the vehicle kinds beyond fleet.van, the micro-hub, and the strategies' fleet
 * keys: their schema tables and the checks that need the whole scenario.
 *
 * fleet.van is the van every scenario has; its table is in scenario.c.
 * fleet.electric_van, fleet.cargo_bike and fleet.drone are optional; an absent one has
 * count 0. Their shift and service time default to the van's (a negative default means
 * "not given" until lm__fleet_finish fills it in). A drone carries one parcel per sortie,
 * so its capacity is one parcel of at most max_parcel_volume_l.
 *
 * A strategy's fleet_mix says how many vehicles of each kind it uses (the van count by
 * default comes from `vans`), and fleet_zones where each kind may serve, by
 * zone name; the names become one bit per zone index in zone_mask. Every zone must be
 * served by some kind that carries every parcel size, or the scenario is refused.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "world/schema.h"

const char *const lm_vehicle_kind_names[LM_VEHICLE_KINDS] = {"van", "electric_van", "cargo_bike",
                                                             "drone"};

/* Rows every kind shares; shift and service time default to the van's (-1: not given). */
#define COMMON_KEYS                                                                                \
  KEY(lm_vehicle_type, "count", count, U32, REQ, 1, 100000, 0, "vehicles"),                        \
      KEY(lm_vehicle_type, "shift_start", shift_start_s, TIME, 0, 0, LM__DAY_S - 1, -1, NULL),     \
      KEY(lm_vehicle_type, "shift_end", shift_end_s, TIME, 0, 0, 2 * LM__DAY_S, -1, NULL),         \
      KEY(lm_vehicle_type, "speed_kmh", speed_kmh, DBL, REQ | GT, 0, 200, 0, "km/h"),              \
      KEY(lm_vehicle_type, "service_time_s", service_time_s, DBL, 0, 0, 3600, -1, "s"),            \
      KEY(lm_vehicle_type, "cost_fixed_eur", cost_fixed_eur, DBL, 0, 0, 1e6, 0, "EUR per day"),    \
      KEY(lm_vehicle_type, "cost_per_km_eur", cost_per_km_eur, DBL, 0, 0, 1e4, 0, "EUR/km"),       \
      KEY(lm_vehicle_type, "cost_per_hour_eur", cost_per_hour_eur, DBL, 0, 0, 1e4, 0, "EUR/h"),    \
      KEY(lm_vehicle_type, "overtime_cost_per_hour_eur", overtime_cost_per_hour_eur, DBL, 0, 0,    \
          1e4, 0, "EUR/h"),                                                                        \
      KEY(lm_vehicle_type, "co2_g_per_km", co2_g_per_km, DBL, 0, 0, 1e5, 0, "g/km")
#define CAPACITY_KEYS                                                                              \
  KEY(lm_vehicle_type, "capacity_parcels", capacity_parcels, U32, REQ, 1, 100000, 0, "parcels"),   \
      KEY(lm_vehicle_type, "capacity_volume_l", capacity_volume_l, DBL, REQ | GT, 0, 1e6, 0,       \
          "litres")

static const lm__ykey electric_van_keys[] = {
    COMMON_KEYS,
    CAPACITY_KEYS,
    KEY(lm_vehicle_type, "range_km", range_km, DBL, REQ | GT, 0, 2000, 0, "km per full charge"),
    KEY(lm_vehicle_type, "recharge_km_per_h", recharge_km_per_h, DBL, 0, 0, 10000, 40,
        "km of range regained per hour at the depot"),
    KEY(lm_vehicle_type, "energy_kwh_per_km", energy_kwh_per_km, DBL, 0, 0, 10, 0.25,
        "kWh drawn from the grid per km"),
};
const lm__ytable lm__electric_van_table = {"an electric van type", electric_van_keys,
                                           COUNT(electric_van_keys), NULL};

static const lm__ykey cargo_bike_keys[] = {
    COMMON_KEYS,
    CAPACITY_KEYS,
    KEY(lm_vehicle_type, "energy_kwh_per_km", energy_kwh_per_km, DBL, 0, 0, 10, 0.015,
        "kWh drawn from the grid per km"),
};
const lm__ytable lm__cargo_bike_table = {"a cargo bike type", cargo_bike_keys,
                                         COUNT(cargo_bike_keys), NULL};

static const lm__ykey drone_keys[] = {
    COMMON_KEYS,
    KEY(lm_vehicle_type, "max_parcel_volume_l", max_parcel_volume_l, DBL, REQ | GT, 0, 1e5, 0,
        "litres"),
    KEY(lm_vehicle_type, "range_km", range_km, DBL, REQ | GT, 0, 1000, 0,
        "km per sortie, there and back"),
    KEY(lm_vehicle_type, "energy_kwh_per_km", energy_kwh_per_km, DBL, 0, 0, 10, 0.022,
        "kWh drawn from the grid per km"),
};
const lm__ytable lm__drone_table = {"a drone type", drone_keys, COUNT(drone_keys), NULL};

static const lm__ykey micro_hub_keys[] = {
    NAME(lm_micro_hub, "name", name, 0, "micro-hub"),
    KEY(lm_micro_hub, "x_km", x_km, DBL, REQ, -COORD_KM, COORD_KM, NAN, "km"),
    KEY(lm_micro_hub, "y_km", y_km, DBL, REQ, -COORD_KM, COORD_KM, NAN, "km"),
};
const lm__ytable lm__micro_hub_table = {"the micro-hub with x_km, y_km", micro_hub_keys,
                                        COUNT(micro_hub_keys), NULL};

/* fleet_mix and fleet_zones describe arrays indexed by lm_vehicle_kind. */
static const lm__ykey fleet_mix_keys[] = {
    {.name = "van",
     .type = U32,
     .offset = LM_VEHICLE_VAN * sizeof(uint32_t),
     .max = 100000,
     .def = 4294967295.0, /* not given: the strategy's `vans` */
     .unit = "vehicles"},
    {.name = "electric_van",
     .type = U32,
     .offset = LM_VEHICLE_ELECTRIC_VAN * sizeof(uint32_t),
     .max = 100000,
     .unit = "vehicles"},
    {.name = "cargo_bike",
     .type = U32,
     .offset = LM_VEHICLE_CARGO_BIKE * sizeof(uint32_t),
     .max = 100000,
     .unit = "vehicles"},
    {.name = "drone",
     .type = U32,
     .offset = LM_VEHICLE_DRONE * sizeof(uint32_t),
     .max = 100000,
     .unit = "vehicles"},
};
const lm__ytable lm__fleet_mix_table = {"vehicles of each kind", fleet_mix_keys,
                                        COUNT(fleet_mix_keys), NULL};

static const lm__ykey fleet_zones_keys[] = {
    {.name = "van",
     .type = LM__Y_NAMES,
     .offset = LM_VEHICLE_VAN * sizeof(lm_zone_list) + offsetof(lm_zone_list, names),
     .count_offset = LM_VEHICLE_VAN * sizeof(lm_zone_list) + offsetof(lm_zone_list, n),
     .len = LM_MAX_KIND_ZONES,
     .unit = "zones"},
    {.name = "electric_van",
     .type = LM__Y_NAMES,
     .offset = LM_VEHICLE_ELECTRIC_VAN * sizeof(lm_zone_list) + offsetof(lm_zone_list, names),
     .count_offset = LM_VEHICLE_ELECTRIC_VAN * sizeof(lm_zone_list) + offsetof(lm_zone_list, n),
     .len = LM_MAX_KIND_ZONES,
     .unit = "zones"},
    {.name = "cargo_bike",
     .type = LM__Y_NAMES,
     .offset = LM_VEHICLE_CARGO_BIKE * sizeof(lm_zone_list) + offsetof(lm_zone_list, names),
     .count_offset = LM_VEHICLE_CARGO_BIKE * sizeof(lm_zone_list) + offsetof(lm_zone_list, n),
     .len = LM_MAX_KIND_ZONES,
     .unit = "zones"},
    {.name = "drone",
     .type = LM__Y_NAMES,
     .offset = LM_VEHICLE_DRONE * sizeof(lm_zone_list) + offsetof(lm_zone_list, names),
     .count_offset = LM_VEHICLE_DRONE * sizeof(lm_zone_list) + offsetof(lm_zone_list, n),
     .len = LM_MAX_KIND_ZONES,
     .unit = "zones"},
};
const lm__ytable lm__fleet_zones_table = {"the zones each vehicle kind may serve", fleet_zones_keys,
                                          COUNT(fleet_zones_keys), NULL};

/* ---- public helpers -------------------------------------------------------------------- */

const lm_vehicle_type *lm_scenario_vehicle(const lm_scenario *s, lm_vehicle_kind k) {
  switch (k) {
  case LM_VEHICLE_ELECTRIC_VAN:
    return &s->electric_van;
  case LM_VEHICLE_CARGO_BIKE:
    return &s->cargo_bike;
  case LM_VEHICLE_DRONE:
    return &s->drone;
  default:
    return &s->van;
  }
}

uint32_t lm_strategy_vehicles(const lm_scenario *s, const lm_strategy *st, lm_vehicle_kind k) {
  if (k == LM_VEHICLE_VAN && st->fleet_mix[k] == UINT32_MAX)
    return st->vans ? st->vans : s->van.count;
  return st->fleet_mix[k];
}

/* ---- checks ---------------------------------------------------------------------------- */

/* Fills a kind's shift and service time from the van's and checks its shift. */
static void kind_finish(lm__ywalk *w, const lm_scenario *s, lm_vehicle_type *t, lm_vehicle_kind k) {
  snprintf(t->name, sizeof t->name, "%s", lm_vehicle_kind_names[k]);
  if (!OK(w, t->count) || t->count == 0) return;
  if (k == LM_VEHICLE_DRONE) {
    t->capacity_parcels = 1;
    t->capacity_volume_l = t->max_parcel_volume_l;
  }
  const lm_vehicle_type *v = &s->van;
  if (t->service_time_s < 0 && OK(w, v->service_time_s)) t->service_time_s = v->service_time_s;
  if (t->shift_start_s < 0 && OK(w, v->shift_start_s)) t->shift_start_s = v->shift_start_s;
  if (t->shift_end_s < 0 && OK(w, v->shift_end_s)) t->shift_end_s = v->shift_end_s;
  if (!OK(w, t->shift_start_s) || !OK(w, t->shift_end_s) || t->shift_start_s < 0 ||
      t->shift_end_s < 0)
    return;
  char a[32], b[32];
  lm__yw_format_time(a, sizeof a, t->shift_start_s);
  lm__yw_format_time(b, sizeof b, t->shift_end_s);
  if (t->shift_end_s <= t->shift_start_s)
    lm__yw_error(w, &t->shift_end_s, sizeof t->shift_end_s,
                 "the shift ends at %s, not after it starts (%s)", b, a);
  else if (t->shift_end_s - t->shift_start_s > LM__DAY_S)
    lm__yw_error(w, &t->shift_end_s, sizeof t->shift_end_s,
                 "a shift from %s to %s is longer than 24 hours", a, b);
}

/* Decodes a strategy's fleet_zones into zone masks; reports names that are not zones.
 * Returns 0 when every name was a zone. */
static int zone_masks(lm__ywalk *w, const lm_scenario *s, lm_strategy *st) {
  int bad = 0;
  for (int k = 0; k < LM_VEHICLE_KINDS; k++) {
    lm_zone_list *zl = &st->fleet_zones[k];
    st->zone_mask[k] = zl->n ? 0 : UINT64_MAX;
    if (!OK(w, zl->names)) {
      bad = 1;
      continue;
    }
    for (size_t i = 0; i < zl->n; i++) {
      size_t z = 0;
      while (z < s->n_zones && strcmp(s->zones[z].name, zl->names[i])) z++;
      if (z < s->n_zones) {
        st->zone_mask[k] |= 1ULL << z;
        continue;
      }
      char list[512] = "";
      for (size_t j = 0; j < s->n_zones && strlen(list) + LM_NAME_MAX + 4 < sizeof list; j++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "",
                 s->zones[j].name);
      lm__yw_error(w, zl->names, sizeof zl->names, "no zone is called '%s'; the zones are: %s",
                   zl->names[i], list);
      bad = 1;
    }
  }
  return bad;
}

/* Checks a strategy's fleet mix against the fleet, and that every zone is served by a
 * kind that carries every parcel size. */
static void mix_finish(lm__ywalk *w, const lm_scenario *s, lm_strategy *st) {
  if (!OK(w, st->fleet_mix) || !OK(w, st->vans)) return;
  if (st->fleet_mix[LM_VEHICLE_VAN] != UINT32_MAX && st->vans)
    lm__yw_error(w, &st->fleet_mix[LM_VEHICLE_VAN], sizeof st->fleet_mix[0],
                 "strategy '%s' gives both vans and fleet_mix.van; give one", st->name);
  uint32_t total = 0;
  for (int k = 0; k < LM_VEHICLE_KINDS; k++) {
    const lm_vehicle_type *t = lm_scenario_vehicle(s, (lm_vehicle_kind)k);
    uint32_t n = lm_strategy_vehicles(s, st, (lm_vehicle_kind)k);
    if (!OK(w, t->count)) return;
    total += n;
    if (n > t->count && st->fleet_mix[k] != UINT32_MAX)
      lm__yw_error(w, &st->fleet_mix[k], sizeof st->fleet_mix[k],
                   "strategy '%s' uses %u of kind %s, but the fleet has %u (fleet.%s.count)",
                   st->name, n, lm_vehicle_kind_names[k], t->count, lm_vehicle_kind_names[k]);
  }
  if (total == 0) {
    lm__yw_error(w, st->fleet_mix, sizeof st->fleet_mix, "strategy '%s' uses no vehicle at all",
                 st->name);
    return;
  }
  double largest = 0.0;
  if (!OK(w, s->n_zones) || !OK(w, s->demand.n_sizes)) return;
  for (size_t i = 0; i < s->demand.n_sizes; i++) {
    if (!OK(w, s->demand.sizes[i].volume_l)) return;
    largest = fmax(largest, s->demand.sizes[i].volume_l);
  }
  for (size_t z = 0; z < s->n_zones; z++) {
    int served = 0;
    for (int k = 0; k < LM_VEHICLE_KINDS && !served; k++) {
      const lm_vehicle_type *t = lm_scenario_vehicle(s, (lm_vehicle_kind)k);
      /* Parcels larger than a van are refused elsewhere (scenario_finish). */
      served = k != LM_VEHICLE_DRONE && lm_strategy_vehicles(s, st, (lm_vehicle_kind)k) > 0 &&
               (st->zone_mask[k] >> z & 1) &&
               (k == LM_VEHICLE_VAN || t->capacity_volume_l >= largest);
    }
    if (!served)
      lm__yw_error(w, st->fleet_zones, sizeof st->fleet_zones,
                   "in strategy '%s' no vehicle that carries every parcel size (%g l) serves "
                   "zone '%s'; add a van, an electric van or a cargo bike there",
                   st->name, largest, s->zones[z].name);
  }
}

void lm__fleet_finish(lm__ywalk *w, lm_scenario *s) {
  kind_finish(w, s, &s->electric_van, LM_VEHICLE_ELECTRIC_VAN);
  kind_finish(w, s, &s->cargo_bike, LM_VEHICLE_CARGO_BIKE);
  kind_finish(w, s, &s->drone, LM_VEHICLE_DRONE);
  for (size_t i = 0; i < s->n_strategies; i++) {
    lm_strategy *st = &s->strategies[i];
    if (zone_masks(w, s, st) == 0) mix_finish(w, s, st);
    if (OK(w, st->leave_at_door_max_hazard) && isfinite(st->leave_at_door_max_hazard) &&
        st->not_home != LM_NOT_HOME_LEAVE_AT_DOOR && OK(w, st->when_not_home))
      lm__yw_error(w, &st->leave_at_door_max_hazard, sizeof st->leave_at_door_max_hazard,
                   "strategy '%s' sets leave_at_door_max_hazard, which needs when_not_home: "
                   "leave_at_door",
                   st->name);
  }
}
