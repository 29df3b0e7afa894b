/* scenario_calendar.c — the scenario's calendar: its checks, and the queries on it.
 *
 * Simulated day d is the date start_date + d (calendar.h counts dates in days, so this is
 * one addition); the weekday and month factors of the demand are those of that date, and
 * the peaks are found by date. Rounds run on a day when its weekday is one of the delivery
 * days (the strategy's, or the scenario's) and its date is not a holiday. The queries are
 * defined for every day, also past the horizon, which is where the promise of an order of
 * the last days may fall.
 *
 * Invariant after loading: every delivery mask has at least one bit (a list of delivery
 * days holds at least one weekday), so a next delivery day always exists, at most
 * 7 + n_holidays days on. Cost: O(n_holidays) per query, O(n_peaks) per demand factor.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "world/schema.h"

#define MON_TO_SAT 0x3fu /* the default delivery days */

/* ---- checks -------------------------------------------------------------------------- */

/* Decodes `n` weekday names into a mask, bit w for weekday w; reports a name that is not
 * a weekday or that repeats one. Returns 0 when the list failed. */
static uint32_t decode_days(lm__ywalk *w, char (*names)[LM_NAME_MAX], size_t n) {
  if (!lm__yw_ok(w, names, 7 * LM_NAME_MAX)) return 0;
  uint32_t mask = 0;
  int bad = 0;
  for (size_t i = 0; i < n; i++) {
    int d = lm_weekday_find(names[i]);
    if (d < 0) {
      lm__yw_error(w, names, 7 * LM_NAME_MAX,
                   "'%s' is not a weekday; expected mon, tue, wed, thu, fri, sat or sun", names[i]);
      bad = 1;
    } else if (mask & (1u << d)) {
      lm__yw_error(w, names, 7 * LM_NAME_MAX, "'%s' is listed twice", names[i]);
      bad = 1;
    }
    if (d >= 0) mask |= 1u << d;
  }
  return bad ? 0 : mask;
}

void lm__scenario_calendar_finish(lm__ywalk *w, lm_scenario *s) {
  s->delivery_mask = MON_TO_SAT;
  if (s->n_delivery_days) s->delivery_mask = decode_days(w, s->delivery_days, s->n_delivery_days);
  for (size_t i = 0; i < s->n_strategies; i++) {
    lm_strategy *st = &s->strategies[i];
    st->delivery_mask = s->delivery_mask;
    if (st->n_delivery_days)
      st->delivery_mask = decode_days(w, st->delivery_days, st->n_delivery_days);
  }
  if (!OK(w, s->start_date) || !OK(w, s->days)) return;
  char first[LM_DATE_TEXT], last[LM_DATE_TEXT], at[LM_DATE_TEXT];
  lm_date end = s->start_date + (lm_date)s->days - 1, latest = lm_date_from_ymd(9999, 12, 31);
  lm_date_format(s->start_date, first);
  if (end > latest) {
    lm__yw_error(w, &s->start_date, sizeof s->start_date,
                 "%u days from %s run past 9999-12-31, the last date this calendar names", s->days,
                 first);
    return;
  }
  lm_date_format(end, last);
  for (size_t i = 0; i < s->demand.n_peaks; i++) {
    const lm_peak *pk = &s->demand.peaks[i];
    if (!OK(w, pk->date) || (pk->date >= s->start_date && pk->date <= end)) continue;
    lm_date_format(pk->date, at);
    lm__yw_error(w, &pk->date, sizeof pk->date,
                 "peak '%s' is on %s, outside the simulated period %s to %s (scenario.start_date "
                 "and scenario.days)",
                 pk->name, at, first, last);
  }
  lm_date routes = s->output.routes_day;
  if (!OK(w, s->warmup_days) || !OK(w, s->output.routes_day) || routes == LM_DATE_NONE ||
      s->warmup_days >= s->days)
    return;
  lm_date counted = s->start_date + (lm_date)s->warmup_days;
  if (routes < counted || routes > end) {
    lm_date_format(routes, at);
    lm_date_format(counted, first);
    lm__yw_error(w, &s->output.routes_day, sizeof s->output.routes_day,
                 "%s is not a counted day; expected a date from %s to %s (the days after "
                 "scenario.warmup_days)",
                 at, first, last);
  }
}

/* ---- queries ------------------------------------------------------------------------- */

lm_date lm_scenario_date(const lm_scenario *s, int64_t day) {
  return (lm_date)(s->start_date + day);
}

double lm_scenario_demand_factor(const lm_scenario *s, uint32_t day) {
  lm_date date = lm_scenario_date(s, day);
  int y, m, d;
  lm_date_to_ymd(date, &y, &m, &d);
  double f = s->demand.weekday_factor[lm_date_weekday(date)] * s->demand.month_factor[m - 1];
  for (size_t i = 0; i < s->demand.n_peaks; i++)
    if (s->demand.peaks[i].date == date) f *= s->demand.peaks[i].factor;
  return f;
}

int lm_scenario_delivers(const lm_scenario *s, const lm_strategy *st, int64_t day) {
  lm_date date = lm_scenario_date(s, day);
  uint32_t mask = st ? st->delivery_mask : s->delivery_mask;
  if (!(mask >> lm_date_weekday(date) & 1u)) return 0;
  for (size_t i = 0; i < s->n_holidays; i++)
    if (s->holidays[i] == date) return 0;
  return 1;
}

int64_t lm_scenario_next_delivery_day(const lm_scenario *s, int64_t day) {
  assert(s->delivery_mask != 0);
  int64_t d = day + 1;
  while (!lm_scenario_delivers(s, NULL, d)) d++;
  return d;
}
