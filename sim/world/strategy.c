/* strategy.c — the schema of one item of `strategies`: its keys, its waves, and the checks
 * that decode its choices.
 *
 * A strategy's choices are written as names and decoded by explicit tables into the
 * enums of the scenario (lm_not_home, lm_delivery_first) and of the routing core
 * (lm_route_objective); the order of a table's names is the order of its enum only where
 * that enum is the scenario's own. Waves must each end after they start and follow each
 * other. Checks that need the whole scenario (lockers, the fleet) are in scenario.c and
 * fleet.c.
 */
#include "lastmile/routing.h"
#include "lastmile/scenario.h"

#include <math.h>

#include "world/schema.h"

static void strategy_finish(lm__ywalk *w, void *base);

/* The names of when_not_home and delivery, in the order of lm_not_home and
 * lm_delivery_first; those of routing_objective and the lm_route_objective each means. */
static const char *const not_home[] = {"take_back", "leave_at_door", "redirect_to_locker",
                                       "neighbour", "safe_place"};
static const char *const first[] = {"home_first", "locker_first"};
static const char *const objectives[] = {"cost", "distance", "vehicles"};
static const lm_route_objective objective_of[] = {LM_OBJ_COST, LM_OBJ_DISTANCE, LM_OBJ_VEHICLES};
_Static_assert(COUNT(objectives) == COUNT(objective_of), "one objective per name");

static const lm__ykey wave_keys[] = {
    KEY(lm_wave, "start", start_s, TIME, REQ, 0, LM__DAY_S - 1, 0, NULL),
    KEY(lm_wave, "end", end_s, TIME, REQ, 0, 2 * LM__DAY_S, 0, NULL),
};
static const lm__ytable wave_table = {"a wave with start and end", wave_keys, COUNT(wave_keys),
                                      NULL};

static const lm__ykey strategy_keys[] = {
    NAME(lm_strategy, "name", name, REQ | UNIQ | LABEL, NULL),
    KEY(lm_strategy, "max_attempts", max_attempts, U32, 0, 1, 20, 3, "attempts"),
    KEY(lm_strategy, "vans", vans, U32, 0, 0, 100000, 0, "vans; 0: the whole fleet"),
    KEY(lm_strategy, "routing_iterations", routing_iterations, U32, 0, 0, 1e9, 1000, NULL),
    CHOICE(lm_strategy, "when_not_home", when_not_home, 0, "take_back", not_home),
    CHOICE(lm_strategy, "delivery", delivery, 0, "home_first", first),
    SEQ("waves", lm_strategy, waves, n_waves, 0, 0, LM_MAX_WAVES, wave_table),
    KEY(lm_strategy, "slot_h", slot_h, DBL, 0, 0, 12, 0, "h; 0: no booked slots"),
    CHOICE(lm_strategy, "routing_objective", routing_objective, 0, "cost", objectives),
    KEY(lm_strategy, "unserved_penalty_eur", unserved_penalty_eur, DBL, 0, 0, 1e9, 1e6,
        "EUR per stop left for another day"),
    KEY(lm_strategy, "packaging_factor", packaging_factor, DBL, GT, 0, 1, 1,
        "multiplier of the theft hazard"),
    KEY(lm_strategy, "eta_notification", eta_notification, BOOL, 0, 0, 1, 0, NULL),
    KEY(lm_strategy, "leave_at_door_max_hazard", leave_at_door_max_hazard, DBL, 0, 0, 100, INFINITY,
        "thefts per parcel-hour at a door"),
    KEY(lm_strategy, "replan_every_h", replan_every_h, DBL, 0, 0, 24, 0, "h; 0: never"),
    KEY(lm_strategy, "reattempt_same_day", reattempt_same_day, BOOL, 0, 0, 1, 0, NULL),
    KEY(lm_strategy, "drone_first", drone_first, BOOL, 0, 0, 1, 0, NULL),
    MAP("fleet_mix", lm_strategy, fleet_mix, 0, lm__fleet_mix_table),
    MAP("fleet_zones", lm_strategy, fleet_zones, 0, lm__fleet_zones_table),
    WEEKDAYS(lm_strategy, "delivery_days", delivery_days, n_delivery_days),
};
const lm__ytable lm__strategy_table = {"a strategy with a name", strategy_keys,
                                       COUNT(strategy_keys), strategy_finish};

static void strategy_finish(lm__ywalk *w, void *base) {
  lm_strategy *st = base;
  int c = lm__yw_choose(w, st->when_not_home, not_home, COUNT(not_home));
  if (c >= 0) st->not_home = (lm_not_home)c;
  c = lm__yw_choose(w, st->delivery, first, COUNT(first));
  if (c >= 0) st->first = (lm_delivery_first)c;
  c = lm__yw_choose(w, st->routing_objective, objectives, COUNT(objectives));
  if (c >= 0) st->objective = (int)objective_of[c];
  for (size_t i = 0; i < st->n_waves; i++) {
    const lm_wave *wv = &st->waves[i];
    if (!OK(w, wv->start_s) || !OK(w, wv->end_s)) continue;
    char a[32], b[32];
    lm__yw_format_time(a, sizeof a, wv->start_s);
    lm__yw_format_time(b, sizeof b, wv->end_s);
    if (wv->end_s <= wv->start_s)
      lm__yw_error(w, &wv->end_s, sizeof wv->end_s, "the wave ends at %s, not after it starts (%s)",
                   b, a);
    else if (i > 0 && OK(w, st->waves[i - 1].end_s) && wv->start_s < st->waves[i - 1].end_s)
      lm__yw_error(w, &wv->start_s, sizeof wv->start_s,
                   "the wave starts at %s, before the previous wave ends; waves must follow each "
                   "other",
                   a);
  }
}
