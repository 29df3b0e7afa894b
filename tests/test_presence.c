/* test_presence.c — the presence model (sim/model/presence.c) against its closed forms.
 *
 * A scenario with three customer types is loaded and the presence of N = 40,000
 * customers is asked directly (no delivery is simulated). Draws are keyed per customer,
 * so customers are independent and each share below is a binomial proportion; every
 * comparison with a closed form allows 4 standard deviations (a two-sided false alarm
 * of 6e-5 per check; the seeds are fixed, so a run either always passes or always
 * fails). The exact checks (monotonicity, reproducibility, the weekday) need no tolerance.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lastmile/model.h"
#include "lastmile/scenario.h"
#include "model/internal.h"

#define N_CUST 40000u
#define SEED   20240611u

/* Three types. "out" is out on weekday working hours and in on weekends; "in" is always
 * in unless away (so its failures are its away days), with away days that persist;
 * "half" is in half the time on a day it is not away. Hour 10 and 11 profiles differ so
 * that comonotone hours can be told from equal ones. */
static const char *const SCENARIO =
    "scenario: {name: presence, start_date: 2024-01-01}\n"
    "depot: {x_km: 0, y_km: 0}\n"
    "zones:\n"
    "  - {name: a, bounds_km: [0, 0, 1, 1], density_per_km2: 100}\n"
    "fleet:\n"
    "  van: {count: 1, capacity_parcels: 10, capacity_volume_l: 100, shift_start: \"08:00\",\n"
    "        shift_end: \"17:00\", speed_kmh: 30}\n"
    "customers:\n"
    "  presence_in_slot: 0.9\n"
    "  neighbour_share: 0.5\n"
    "  types:\n"
    "    - name: out\n"
    "      share: 0.5\n"
    "      presence_by_hour: [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.5, 0.2, 0.2, 0.2, 0.15,\n"
    "                         0.15, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 0.9, 0.9, 0.9, 0.9, 0.9]\n"
    "      presence_by_hour_weekend: [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9,\n"
    "                                 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9,\n"
    "                                 0.9, 0.9]\n"
    "      away_day_probability: 0.05\n"
    "      away_day_persistence: 0.8\n"
    "    - name: in\n"
    "      share: 0.3\n"
    "      presence_by_hour: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,\n"
    "                         1, 1]\n"
    "      away_day_probability: 0.2\n"
    "      away_day_persistence: 0.6\n"
    "    - name: half\n"
    "      share: 0.2\n"
    "      presence_by_hour: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.6, 0.4,\n"
    "                         0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]\n"
    "demand:\n"
    "  parcels_per_day: 10\n"
    "  sizes: [{name: S, volume_l: 5, share: 1}]\n"
    "strategies:\n"
    "  - name: s1\n";

enum { OUT, IN, HALF };

typedef struct fixture {
  lm_scenario *sc;
  lm_model *m;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  lm_diag *d = lm_diag_create();
  int rc = lm_scenario_parse(SCENARIO, strlen(SCENARIO), "presence.yaml", &f->sc, d);
  lm_diag_print(d, stderr);
  lm_diag_destroy(d);
  if (rc) return -1;
  f->m = lm_model_create(f->sc);
  if (!f->m) return -1;
  f->m->n_cust = N_CUST; /* presence needs the count only, not the places */
  if (lm__presence_setup(f->m, SEED, 0)) return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  lm_model_destroy(f->m);
  lm_scenario_destroy(f->sc);
  free(f);
  return 0;
}

/* Time of hour h of day d, s. */
static double at(uint64_t d, int h) { return (double)d * 86400.0 + h * 3600.0 + 1800.0; }

/* Asserts that `hits` of `n` trials is within 4 binomial standard deviations of p. */
static void expect_share(const char *what, size_t hits, size_t n, double p) {
  double share = (double)hits / (double)n, sd = sqrt(p * (1.0 - p) / (double)n);
  print_message("%-44s %.4f (n %6zu), closed form %.4f, 4 sd %.4f\n", what, share, n, p, 4.0 * sd);
  assert_true(n > 1000);
  assert_true(fabs(share - p) <= 4.0 * sd + 1e-12);
}

/* The types are drawn with their shares, once per replication: the same for the same
 * (seed, replication) whoever asks, different for another replication. */
static void test_type_shares(void **state) {
  fixture *f = *state;
  size_t count[3] = {0, 0, 0};
  for (size_t c = 0; c < N_CUST; c++) count[f->m->presence.ctype[c]]++;
  expect_share("share of type out", count[OUT], N_CUST, 0.5);
  expect_share("share of type in", count[IN], N_CUST, 0.3);
  expect_share("share of type half", count[HALF], N_CUST, 0.2);
  uint8_t *first = malloc(N_CUST);
  memcpy(first, f->m->presence.ctype, N_CUST);
  assert_int_equal(lm__presence_setup(f->m, SEED, 0), 0);
  assert_memory_equal(first, f->m->presence.ctype, N_CUST);
  assert_int_equal(lm__presence_setup(f->m, SEED, 1), 0);
  assert_true(memcmp(first, f->m->presence.ctype, N_CUST) != 0);
  assert_int_equal(lm__presence_setup(f->m, SEED, 0), 0);
  free(first);
}

/* Each type is at home at hour h of a weekday with probability (1 - pi) p(h). One
 * (day, hour) per customer keeps the trials independent. */
static void test_hour_matches_profile(void **state) {
  fixture *f = *state;
  const int hours[] = {9, 11, 19};
  for (size_t i = 0; i < 3; i++) {
    int h = hours[i];
    size_t home[3] = {0, 0, 0}, n[3] = {0, 0, 0};
    for (uint32_t c = 0; c < N_CUST; c++) {
      uint8_t k = f->m->presence.ctype[c];
      n[k]++;
      home[k] += (size_t)lm__model_at_home(f->m, c, at(c % 5, h)); /* Monday to Friday */
    }
    for (int k = 0; k < 3; k++) {
      const lm__presence_type *pt = &f->m->presence.ptypes[k];
      char what[64];
      snprintf(what, sizeof what, "type %d at home at %02d:00 on weekdays", k, h);
      expect_share(what, home[k], n[k], (1.0 - pt->away_p) * pt->p[0][h]);
    }
  }
}

/* Saturday and Sunday follow the weekend profile; the weekday of a day follows
 * scenario.start_date. */
static void test_weekend_switch(void **state) {
  fixture *f = *state;
  for (uint64_t d = 0; d < 14; d++) assert_int_equal(lm__model_weekday(f->m, d), (int)(d % 7));
  size_t home_wd = 0, home_we = 0, n = 0;
  for (uint32_t c = 0; c < N_CUST; c++) {
    if (f->m->presence.ctype[c] != OUT) continue;
    n++;
    home_wd += (size_t)lm__model_at_home(f->m, c, at(4, 11)); /* a Friday */
    home_we += (size_t)lm__model_at_home(f->m, c, at(5, 11)); /* a Saturday */
  }
  expect_share("type out at home at 11:00 on a Friday", home_wd, n, 0.95 * 0.15);
  expect_share("type out at home at 11:00 on a Saturday", home_we, n, 0.95 * 0.9);
  f->sc->start_date += 5; /* day 0 a Saturday */
  assert_int_equal(lm__model_weekday(f->m, 0), 5);
  assert_int_equal(lm__model_weekday(f->m, 2), 0);
  size_t home_sat = 0;
  for (uint32_t c = 0; c < N_CUST; c++)
    home_sat += (size_t)(f->m->presence.ctype[c] == OUT && lm__model_at_home(f->m, c, at(0, 11)));
  expect_share("type out at 11:00 on day 0, a Saturday", home_sat, n, 0.95 * 0.9);
  f->sc->start_date -= 5;
}

/* P(both fail) for attempts at hour h on days d and d + lag, a type with (pi, rho, p):
 * the away states are a two-state Markov chain with P(A, A') = pi^2 + rho^lag pi(1 - pi);
 * on a day not away an attempt fails with 1 - p, independently of other days. */
static double both_fail(double pi, double rho, double p, int lag) {
  double aa = pi * pi + pow(rho, lag) * pi * (1.0 - pi), ah = pi - aa, hh = 1.0 - 2.0 * pi + aa;
  return aa + 2.0 * ah * (1.0 - p) + hh * (1.0 - p) * (1.0 - p);
}

/* Checks type's repeat failures at hour h, `lag` days apart, against both_fail; returns
 * the measured share and sets *indep to the share if days were independent and *sd to
 * the binomial standard deviation. */
static double check_repeat(fixture *f, int type, int h, int lag, double *indep, double *sd) {
  const lm__presence_type *pt = &f->m->presence.ptypes[type];
  size_t both = 0, n = 0;
  for (uint32_t c = 0; c < N_CUST; c++) {
    if (f->m->presence.ctype[c] != type) continue;
    uint64_t d = 7 * (c % 50); /* a Monday; the lag stays within the week */
    n++;
    both += (size_t)(!lm__model_at_home(f->m, c, at(d, h)) &&
                     !lm__model_at_home(f->m, c, at(d + (uint64_t)lag, h)));
  }
  double p = pt->p[0][h], closed = both_fail(pt->away_p, pt->away_rho, p, lag);
  *indep = pow(1.0 - (1.0 - pt->away_p) * p, 2);
  *sd = sqrt(closed * (1.0 - closed) / (double)n);
  char what[80];
  snprintf(what, sizeof what, "type %d fails at %02d:00 on days d and d+%d", type, h, lag);
  expect_share(what, both, n, closed);
  print_message("%-44s %.4f if days were independent\n", "", *indep);
  return (double)both / (double)n;
}

/* Repeat failures cluster at the same households: two attempts on consecutive days both
 * fail as the Markov chain says, more often than independent days would make them. The
 * type "in" fails only when away, so it shows the chain alone, at lags 1 and 2. */
static void test_consecutive_days(void **state) {
  fixture *f = *state;
  double indep, sd;
  double lag1 = check_repeat(f, IN, 10, 1, &indep, &sd);
  assert_true(lag1 > indep + 4.0 * sd); /* clustered: 0.136 against 0.04 */
  double lag2 = check_repeat(f, IN, 10, 2, &indep, &sd);
  assert_true(lag2 < lag1 && lag2 > indep + 4.0 * sd); /* the correlation decays as rho^lag */
  check_repeat(f, OUT, 11, 1, &indep, &sd);
}

/* Hours of one day are comonotone: at home at 10:00 and at 11:00 with probability
 * (1 - pi) min(p10, p11), far above the product of the two; and a household at home in
 * the hour of the smaller probability is at home in the other too. */
static void test_hours_correlated(void **state) {
  fixture *f = *state;
  size_t both = 0, n = 0;
  for (uint32_t c = 0; c < N_CUST; c++) {
    if (f->m->presence.ctype[c] != HALF) continue;
    n++;
    int h10 = lm__model_at_home(f->m, c, at(c % 5, 10)); /* p 0.6 */
    int h11 = lm__model_at_home(f->m, c, at(c % 5, 11)); /* p 0.4 */
    assert_true(!h11 || h10);                            /* exact: v < 0.4 implies v < 0.6 */
    both += (size_t)(h10 && h11);
  }
  expect_share("type half at home at 10:00 and 11:00", both, n, 0.4);
  print_message("%-44s %.4f if hours were independent\n", "", 0.6 * 0.4);
}

/* An ETA notice only adds people at home, and brings home a share b of those out but not
 * away: (1 - pi)(p + (1 - p) b). A booked slot is kept with presence_in_slot, by the same
 * households that are in at a weekday hour (p <= presence_in_slot). A neighbour is in with
 * neighbour_share x the population's mean presence; one of n asked with 1 - (1 - that)^n. */
static void test_eta_slot_neighbour(void **state) {
  fixture *f = *state;
  const double b = 0.4;
  size_t eta = 0, n_out = 0, slot = 0, neighbour = 0;
  for (uint32_t c = 0; c < N_CUST; c++) {
    double t = at(c % 5, 11);
    int home = lm__model_at_home(f->m, c, t);
    int with_eta = lm__presence_home(f->m, c, t, b);
    int in_slot = lm__presence_in_slot(f->m, c, c % 5);
    assert_true(!home || with_eta);
    if (f->m->presence.ctype[c] != IN) assert_true(!home || in_slot); /* p(11) <= 0.9 */
    slot += (size_t)in_slot;
    neighbour += (size_t)lm__presence_neighbour(f->m, c, t);
    if (f->m->presence.ctype[c] == OUT) {
      n_out++;
      eta += (size_t)with_eta;
    }
  }
  expect_share("type out at 11:00 with an ETA notice", eta, n_out, 0.95 * (0.15 + 0.85 * b));
  expect_share("at home in a booked slot", slot, N_CUST, 0.9);
  double mean = 0.5 * 0.95 * 0.15 + 0.3 * 0.8 * 1.0 + 0.2 * 1.0 * 0.4;
  /* Two neighbours asked (the default), each in and willing with 0.5 x the mean. */
  expect_share("a neighbour takes the parcel at 11:00", neighbour, N_CUST,
               1.0 - pow(1.0 - 0.5 * mean, 2.0));
}

/* Presence does not depend on the order it is asked in: a pass backwards over time gives
 * the answers of a pass forwards. */
static void test_order_independent(void **state) {
  fixture *f = *state;
  const uint32_t C = 200, H = 24 * 14;
  unsigned char *fwd = malloc((size_t)C * H);
  for (uint32_t c = 0; c < C; c++)
    for (uint32_t i = 0; i < H; i++)
      fwd[c * H + i] = (unsigned char)lm__model_at_home(f->m, c, i * 3600.0 + 60.0);
  for (uint32_t c = C; c-- > 0;)
    for (uint32_t i = H; i-- > 0;)
      assert_int_equal(fwd[c * H + i], lm__model_at_home(f->m, c, i * 3600.0 + 60.0));
  free(fwd);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_type_shares),       cmocka_unit_test(test_hour_matches_profile),
      cmocka_unit_test(test_weekend_switch),    cmocka_unit_test(test_consecutive_days),
      cmocka_unit_test(test_hours_correlated),  cmocka_unit_test(test_eta_slot_neighbour),
      cmocka_unit_test(test_order_independent),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
