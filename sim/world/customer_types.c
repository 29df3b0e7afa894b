/* customer_types.c — the presence keys of the customers section: the kinds of household
 * (customers.types) and the one-type keys beside them.
 *
 * Two ways to write presence, never both in one scenario:
 *   - one type: customers.presence_by_hour (default 0.7 every hour),
 *     presence_by_hour_weekend (default: the weekday profile), away_day_probability and
 *     away_day_persistence (default 0: never away); every customer has that type;
 *   - several types: customers.types, a list of 1 to LM_MAX_CUSTOMER_TYPES items, each
 *     with a unique name, a share (the shares sum to 1 within 1e-6), a weekday profile, an
 *     optional weekend profile and its own away-day keys.
 * The one-type keys default to -1 ("not given") in the schema so that this file can tell
 * a default from a value written next to `types`; the finish hook turns -1 into the
 * documented defaults. What the keys mean in the model is in sim/model/presence.c.
 */
#include <math.h>

#include "world/schema.h"

static const lm__ykey type_keys[] = {
    NAME(lm_customer_type, "name", name, REQ | UNIQ, NULL),
    KEY(lm_customer_type, "share", share, DBL, REQ, 0, 1, 0, "fraction of the customers"),
    ARRAY(lm_customer_type, "presence_by_hour", presence_by_hour, REQ, LM_HOURS, 0, 1, 0,
          "probability"),
    /* -1: not given, the weekday profile (filled in below). */
    ARRAY(lm_customer_type, "presence_by_hour_weekend", presence_by_hour_weekend, 0, LM_HOURS, 0, 1,
          -1, "probability"),
    KEY(lm_customer_type, "away_day_probability", away_day_probability, DBL, 0, 0, 1, 0,
        "probability"),
    KEY(lm_customer_type, "away_day_persistence", away_day_persistence, DBL, 0, 0, 0.99, 0,
        "correlation of consecutive days"),
};
const lm__ytable lm__customer_type_table = {"a customer type with name, share, presence_by_hour",
                                            type_keys, COUNT(type_keys), NULL};

/* Whether any of the n values was given (the schema's default is -1). */
static int given(const double *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (v[i] >= 0) return 1;
  return 0;
}

/* The weekend profile's hours not given take the weekday's. */
static void weekend_default(lm__ywalk *w, const double *weekday, double *weekend) {
  if (!lm__yw_ok(w, weekday, LM_HOURS * sizeof *weekday) ||
      !lm__yw_ok(w, weekend, LM_HOURS * sizeof *weekend))
    return;
  for (int h = 0; h < LM_HOURS; h++)
    if (weekend[h] < 0) weekend[h] = weekday[h];
}

/* Reports a one-type key written beside customers.types. */
static void refuse(lm__ywalk *w, const double *field, size_t n, const char *key) {
  if (lm__yw_ok(w, field, n * sizeof *field) && given(field, n))
    lm__yw_error(w, field, n * sizeof *field,
                 "describes the customers as one type, but customers.types is given too; "
                 "write %s in each item of customers.types instead",
                 key);
}

static void check_types(lm__ywalk *w, lm_customers *c) {
  double sum = 0.0;
  int shares_ok = 1;
  for (size_t k = 0; k < c->n_types; k++) {
    lm_customer_type *t = &c->types[k];
    weekend_default(w, t->presence_by_hour, t->presence_by_hour_weekend);
    if (OK(w, t->share))
      sum += t->share;
    else
      shares_ok = 0;
  }
  if (shares_ok && fabs(sum - 1.0) > 1e-6)
    lm__yw_error(w, &c->n_types, sizeof c->n_types,
                 "the shares of the %zu customer types sum to %.10g; expected 1 (within 1e-6)",
                 c->n_types, sum);
  refuse(w, c->presence_by_hour, LM_HOURS, "presence_by_hour");
  refuse(w, c->presence_by_hour_weekend, LM_HOURS, "presence_by_hour_weekend");
  refuse(w, &c->away_day_probability, 1, "away_day_probability");
  refuse(w, &c->away_day_persistence, 1, "away_day_persistence");
}

void lm__presence_finish(lm__ywalk *w, lm_customers *c) {
  if (!OK(w, c->n_types)) return; /* a malformed or empty list was reported */
  if (c->n_types > 0) {
    check_types(w, c);
    return;
  }
  if (OK(w, c->presence_by_hour))
    for (int h = 0; h < LM_HOURS; h++)
      if (c->presence_by_hour[h] < 0) c->presence_by_hour[h] = 0.7;
  weekend_default(w, c->presence_by_hour, c->presence_by_hour_weekend);
  if (OK(w, c->away_day_probability) && c->away_day_probability < 0) c->away_day_probability = 0;
  if (OK(w, c->away_day_persistence) && c->away_day_persistence < 0) c->away_day_persistence = 0;
}
