/* test_calendar.c — the calendar, from dates to rounds and promises.
 *
 * Dates: leap years by the Gregorian rule, weekdays of dates whose weekday is known, a
 * round trip through every day of 800 years, ISO text read and refused. The scenario's
 * calendar: start_date, delivery_days and holidays as written, their defaults, --set, and
 * bad dates refused at their file:line:col. The model: on tests/fixtures/calendar.yaml
 * (Monday 21 to Wednesday 30 December 2026, holidays on 25 and 26 December, a peak on
 * 23 December) no van leaves on a Sunday or a holiday unless the strategy delivers on
 * Sundays, holidays stop every strategy, every parcel is due at the end of the next day
 * the scenario's calendar delivers (Saturday's orders on Monday), same-day promises are
 * made only on delivery days, and the peak lands on its date's daily row. The model's
 * checks are exact (counts of zero, due times in whole days) except the peak's, a
 * Poisson count compared with its mean at 4 standard deviations (a false alarm less than
 * once in 15,000 runs, and the seed is fixed).
 */
#include <setjmp.h> /* cmocka needs these first */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lastmile/calendar.h"
#include "lastmile/model.h"
#include "lastmile/records.h"
#include "lastmile/scenario.h"

#define DAY_S 86400.0

/* ---- dates --------------------------------------------------------------------------- */

static void test_leap_years(void **state) {
  (void)state;
  assert_true(lm_date_is_leap(2024) && lm_date_is_leap(2000) && lm_date_is_leap(1600));
  assert_false(lm_date_is_leap(2026) || lm_date_is_leap(1900) || lm_date_is_leap(2100));
  assert_int_equal(lm_date_days_in_month(2024, 2), 29);
  assert_int_equal(lm_date_days_in_month(2000, 2), 29);
  assert_int_equal(lm_date_days_in_month(1900, 2), 28);
  assert_int_equal(lm_date_days_in_month(2026, 2), 28);
  assert_int_equal(lm_date_days_in_month(2026, 12), 31);
  assert_int_equal(lm_date_days_in_month(2026, 13), 0);
  /* Years are 365 or 366 days long, and 400 years 146,097 days (97 leap years). */
  assert_int_equal(lm_date_from_ymd(2027, 1, 1) - lm_date_from_ymd(2026, 1, 1), 365);
  assert_int_equal(lm_date_from_ymd(2025, 1, 1) - lm_date_from_ymd(2024, 1, 1), 366);
  assert_int_equal(lm_date_from_ymd(2101, 1, 1) - lm_date_from_ymd(2100, 1, 1), 365);
  assert_int_equal(lm_date_from_ymd(2400, 1, 1) - lm_date_from_ymd(2000, 1, 1), 146097);
  assert_int_equal(lm_date_from_ymd(2024, 3, 1) - lm_date_from_ymd(2024, 2, 28), 2);
  assert_int_equal(lm_date_from_ymd(2026, 3, 1) - lm_date_from_ymd(2026, 2, 28), 1);
  /* Days that do not exist have no date. */
  assert_int_equal(lm_date_from_ymd(2026, 2, 29), LM_DATE_NONE);
  assert_int_equal(lm_date_from_ymd(2100, 2, 29), LM_DATE_NONE);
  assert_int_equal(lm_date_from_ymd(2026, 4, 31), LM_DATE_NONE);
  assert_int_equal(lm_date_from_ymd(0, 1, 1), LM_DATE_NONE);
  assert_int_equal(lm_date_from_ymd(2026, 0, 1), LM_DATE_NONE);
  assert_int_equal(lm_date_from_ymd(2026, 1, 0), LM_DATE_NONE);
}

static void test_known_weekdays(void **state) {
  (void)state;
  static const struct {
    int y, m, d, weekday; /* 0 Monday ... 6 Sunday */
  } known[] = {
      {1, 1, 1, 0},      /* the first day of the proleptic calendar: a Monday */
      {1970, 1, 1, 3},   /* the Unix epoch: a Thursday */
      {2000, 1, 1, 5},   /* a Saturday */
      {2000, 2, 29, 1},  /* a Tuesday */
      {2024, 1, 1, 0},   /* a Monday */
      {2024, 2, 29, 3},  /* a Thursday */
      {2026, 11, 23, 0}, /* a Monday */
      {2026, 11, 27, 4}, /* Black Friday 2026 */
      {2026, 12, 25, 4}, /* Christmas Day 2026: a Friday */
      {2027, 1, 1, 4},   /* a Friday */
      {9999, 12, 31, 4}, /* the last date: a Friday */
  };
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
    lm_date d = lm_date_from_ymd(known[i].y, known[i].m, known[i].d);
    if (lm_date_weekday(d) != known[i].weekday)
      fail_msg("%04d-%02d-%02d: weekday %d, expected %d", known[i].y, known[i].m, known[i].d,
               lm_date_weekday(d), known[i].weekday);
  }
  assert_int_equal(lm_date_from_ymd(1, 1, 1), 1);
  assert_int_equal(lm_weekday_find("sun"), 6);
  assert_int_equal(lm_weekday_find("mon"), 0);
  assert_int_equal(lm_weekday_find("sunday"), -1);
  assert_int_equal(lm_weekday_find("Mon"), -1);
}

/* Every day from 1600 to 2399: to and from year-month-day, and to and from text. */
static void test_round_trip(void **state) {
  (void)state;
  lm_date first = lm_date_from_ymd(1600, 1, 1), last = lm_date_from_ymd(2399, 12, 31);
  int py = 1599, pm = 12, pd = 31;
  for (lm_date d = first; d <= last; d++) {
    int y, m, dd;
    lm_date_to_ymd(d, &y, &m, &dd);
    /* The day after (py, pm, pd): the next day of the month, or the first of the next. */
    int next = pd < lm_date_days_in_month(py, pm);
    int wy = next ? py : (pm == 12 ? py + 1 : py), wm = next ? pm : pm % 12 + 1;
    int wd = next ? pd + 1 : 1;
    if (y != wy || m != wm || dd != wd)
      fail_msg("date %d is %04d-%02d-%02d, expected %04d-%02d-%02d", (int)d, y, m, dd, wy, wm, wd);
    assert_int_equal(lm_date_from_ymd(y, m, dd), d);
    assert_int_equal(lm_date_weekday(d), (d - 1) % 7);
    char text[LM_DATE_TEXT];
    lm_date_format(d, text);
    lm_date back = LM_DATE_NONE;
    assert_int_equal(lm_date_parse(text, strlen(text), &back, NULL, 0), 0);
    assert_int_equal(back, d);
    py = y, pm = m, pd = dd;
  }
  char text[LM_DATE_TEXT];
  lm_date_format(LM_DATE_NONE, text);
  assert_string_equal(text, "no date");
  lm_date_format(lm_date_from_ymd(33, 7, 4), text);
  assert_string_equal(text, "0033-07-04");
}

static void test_parse(void **state) {
  (void)state;
  lm_date d = LM_DATE_NONE;
  char why[LM_DATE_WHY];
  assert_int_equal(lm_date_parse("2024-02-29", 10, &d, why, sizeof why), 0);
  assert_int_equal(d, lm_date_from_ymd(2024, 2, 29));
  assert_int_equal(lm_date_parse("2000-02-29", 10, &d, why, sizeof why), 0);
  assert_int_equal(lm_date_parse("2026-11-23trailing", 10, &d, why, sizeof why), 0); /* len */
  assert_int_equal(d, lm_date_from_ymd(2026, 11, 23));
  static const struct {
    const char *text, *why;
  } bad[] = {
      {"2026-02-29", "February 2026 has 28 days"},
      {"1900-02-29", "February 1900 has 28 days"},
      {"2100-02-29", "February 2100 has 28 days"},
      {"2026-04-31", "April 2026 has 30 days"},
      {"2026-12-32", "December 2026 has 31 days"},
      {"2026-01-00", "January 2026 has 31 days"},
      {"2026-13-01", "there is no month 13"},
      {"2026-00-10", "there is no month 0"},
      {"0000-01-01", "there is no year 0"},
      {"26-11-23", "YYYY-MM-DD"},
      {"2026-1-23", "YYYY-MM-DD"},
      {"2026/11/23", "YYYY-MM-DD"},
      {"23.11.2026", "YYYY-MM-DD"},
      {"2026-11-23T08:00", "YYYY-MM-DD"},
      {" 2026-11-23", "YYYY-MM-DD"},
      {"+2026-11-23", "YYYY-MM-DD"},
      {"2026-11-2x", "YYYY-MM-DD"},
      {"", "YYYY-MM-DD"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    d = 12345;
    why[0] = '\0';
    if (lm_date_parse(bad[i].text, strlen(bad[i].text), &d, why, sizeof why) != LM_EPARSE)
      fail_msg("accepted '%s'", bad[i].text);
    assert_int_equal(d, 12345); /* left alone */
    if (!strstr(why, bad[i].why))
      fail_msg("'%s': said '%s', expected '%s'", bad[i].text, why, bad[i].why);
  }
  assert_int_equal(lm_date_parse(NULL, 0, &d, NULL, 0), LM_EPARSE);
}

/* ---- the scenario's calendar ----------------------------------------------------------- */

static const char BASE[] = "scenario:\n"                            /*  1 */
                           "  name: t\n"                            /*  2 */
                           "  days: 14\n"                           /*  3 */
                           "  start_date: 2026-12-21\n"             /*  4 */
                           "  holidays: [2026-12-25, 2027-01-01]\n" /*  5 */
                           "depot: {x_km: 0, y_km: 0}\n"            /*  6 */
                           "zones:\n"                               /*  7 */
                           "  - {name: a, bounds_km: [0, 0, 1, 1], density_per_km2: 100}\n"
                           "fleet:\n" /*  9 */
                           "  van: {count: 2, capacity_parcels: 100, capacity_volume_l: 1000,\n"
                           "        shift_start: \"08:00\", shift_end: \"17:00\", speed_kmh: 30}\n"
                           "demand:\n"               /* 12 */
                           "  parcels_per_day: 50\n" /* 13 */
                           "  sizes: [{name: S, volume_l: 5, share: 1}]\n"
                           "strategies:\n"                    /* 15 */
                           "  - name: plain\n"                /* 16 */
                           "  - name: weekend\n"              /* 17 */
                           "    delivery_days: [sat, sun]\n"; /* 18 */

/* Parses `text`; returns the scenario (0 errors expected) or NULL (then `want` must be in
 * one of the messages). */
static lm_scenario *parse(const char *text, const char *const *sets, size_t n_sets,
                          const char *want) {
  lm_diag *d = lm_diag_create();
  lm_scenario *s = NULL;
  int rc;
  if (n_sets) {
    FILE *f = fopen(LM_BINARY_DIR "/test_calendar.yaml", "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    rc = lm_scenario_load_with(LM_BINARY_DIR "/test_calendar.yaml", sets, n_sets, NULL, &s, d);
  } else {
    rc = lm_scenario_parse(text, strlen(text), "t.yaml", &s, d);
  }
  int found = 0;
  for (size_t i = 0; i < lm_diag_count(d); i++) {
    if (want && strstr(lm_diag_message(d, i), want)) found = 1;
    if (!want || !found) print_message("  | %s\n", lm_diag_message(d, i));
  }
  if (want) {
    assert_int_not_equal(rc, 0);
    if (!found) fail_msg("no message with '%s'", want);
  } else {
    assert_int_equal(rc, 0);
  }
  lm_diag_destroy(d);
  return s;
}

static void test_scenario_calendar(void **state) {
  (void)state;
  lm_scenario *s = parse(BASE, NULL, 0, NULL);
  assert_int_equal(s->start_date, lm_date_from_ymd(2026, 12, 21));
  assert_int_equal(lm_scenario_date(s, 4), lm_date_from_ymd(2026, 12, 25));
  assert_int_equal(lm_scenario_date(s, -1), lm_date_from_ymd(2026, 12, 20));
  assert_int_equal(s->delivery_mask, 0x3f); /* the default: Monday to Saturday */
  assert_int_equal(s->strategies[0].delivery_mask, 0x3f);
  assert_int_equal(s->strategies[1].delivery_mask, 0x60);
  /* Day by day from Monday 21 December: the scenario's calendar, the plain strategy's (the
   * same) and the weekend strategy's; holidays on day 4 (Friday 25 December) and day 11
   * (Friday 1 January). */
  static const int scenario[16] = {1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1};
  static const int weekend[16] = {0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0};
  for (int d = 0; d < 16; d++) {
    assert_int_equal(lm_scenario_delivers(s, NULL, d), scenario[d]);
    assert_int_equal(lm_scenario_delivers(s, &s->strategies[0], d), scenario[d]);
    assert_int_equal(lm_scenario_delivers(s, &s->strategies[1], d), weekend[d]);
  }
  /* The next delivery day: Thursday's is Saturday (a holiday between), Saturday's is
   * Monday (no rounds on Sunday), and it runs past the horizon. */
  assert_int_equal(lm_scenario_next_delivery_day(s, 0), 1);
  assert_int_equal(lm_scenario_next_delivery_day(s, 3), 5);
  assert_int_equal(lm_scenario_next_delivery_day(s, 5), 7);
  assert_int_equal(lm_scenario_next_delivery_day(s, 6), 7);
  assert_int_equal(lm_scenario_next_delivery_day(s, 10), 12);
  assert_int_equal(lm_scenario_next_delivery_day(s, 13), 14);
  assert_int_equal(lm_scenario_next_delivery_day(s, -1), 0);
  lm_scenario_destroy(s);

  /* Without the keys: Monday 1 January 2024, Monday to Saturday, no holidays. */
  static const char plain[] =
      "scenario: {name: p}\n"
      "depot: {x_km: 0, y_km: 0}\n"
      "zones: [{name: a, bounds_km: [0, 0, 1, 1], density_per_km2: 9}]\n"
      "fleet: {van: {count: 1, capacity_parcels: 9, capacity_volume_l: 99,"
      " shift_start: \"08:00\", shift_end: \"17:00\", speed_kmh: 30}}\n"
      "demand: {parcels_per_day: 5, sizes: [{name: S, volume_l: 5, share: 1}]}\n"
      "strategies: [{name: s}]\n";
  s = parse(plain, NULL, 0, NULL);
  assert_int_equal(s->start_date, lm_date_from_ymd(2024, 1, 1));
  assert_int_equal(s->delivery_mask, 0x3f);
  assert_int_equal(s->n_holidays, 0);
  assert_int_equal(s->output.routes_day, LM_DATE_NONE);
  lm_scenario_destroy(s);

  /* --set takes dates too: the start date, and one holiday of the list. */
  const char *sets[] = {"scenario.start_date=2024-02-26", "scenario.holidays[1]=2024-02-29"};
  s = parse(BASE, sets, 2, NULL);
  assert_int_equal(s->start_date, lm_date_from_ymd(2024, 2, 26));
  assert_int_equal(s->holidays[1], lm_date_from_ymd(2024, 2, 29));
  assert_int_equal(lm_scenario_delivers(s, NULL, 3), 0); /* Thursday 29 February */
  assert_int_equal(lm_scenario_next_delivery_day(s, 2), 4);
  lm_scenario_destroy(s);
}

/* BASE with `from` replaced by `to`, parsed, must fail with `want`. */
static void refused(const char *from, const char *to, const char *want) {
  const char *at = strstr(BASE, from);
  assert_non_null(at);
  char text[sizeof BASE + 256];
  snprintf(text, sizeof text, "%.*s%s%s", (int)(at - BASE), BASE, to, at + strlen(from));
  assert_null(parse(text, NULL, 0, want));
}

static void test_bad_dates(void **state) {
  (void)state;
  refused("2026-12-21", "2026-02-29",
          "t.yaml:4:15: error: scenario.start_date: expected a date YYYY-MM-DD (the date of "
          "day 0), got '2026-02-29' (February 2026 has 28 days)");
  refused("2026-12-21", "2100-02-29", "t.yaml:4:15: error: scenario.start_date:");
  refused("2026-12-21", "21/12/2026", "(not a date written YYYY-MM-DD)");
  refused("2026-12-21", "~", "t.yaml:4:15: error: scenario.start_date: expected a date");
  refused("2027-01-01]", "2027-02-30]",
          "t.yaml:5:26: error: scenario.holidays[1]: expected a date YYYY-MM-DD (dates without "
          "rounds), got '2027-02-30' (February 2027 has 28 days)");
  refused("  holidays: [2026-12-25, 2027-01-01]\n", "  holidays: 2026-12-25\n",
          "t.yaml:5:13: error: scenario.holidays: expected a sequence of 0 to 128 dates");
  refused("[sat, sun]", "[sat, Sun]",
          "t.yaml:18:20: error: strategies[1].delivery_days: 'Sun' is not a weekday");
  refused("  start_date: 2026-12-21\n", "  start_day_of_year: 355\n",
          "t.yaml:4:22: error: scenario.start_day_of_year: no longer a key: write the date of "
          "day 0 as start_date");
  refused("  start_date: 2026-12-21\n", "  first_weekday: monday\n",
          "t.yaml:4:18: error: scenario.first_weekday: no longer a key");
  refused("  start_date: 2026-12-21\n", "  start_date: 9999-12-25\n",
          "14 days from 9999-12-25 run past 9999-12-31");
  /* A holiday outside the simulated period is fine: a list of a year's holidays. */
  lm_scenario *s = parse(BASE, NULL, 0, NULL);
  lm_scenario_destroy(s);
  /* --set is checked like the file. */
  const char *sets[] = {"scenario.start_date=2026-02-29"};
  assert_null(parse(BASE, sets, 1, "--set scenario.start_date=2026-02-29: error:"));
  const char *gone[] = {"scenario.first_weekday=monday"};
  assert_null(parse(BASE, gone, 1, "'scenario.first_weekday' is no longer a key"));
}

/* ---- the model ------------------------------------------------------------------------- */

static lm_scenario *christmas(void) {
  lm_diag *d = lm_diag_create();
  lm_scenario *s = NULL;
  int rc = lm_scenario_load(LM_SOURCE_DIR "/tests/fixtures/calendar.yaml", &s, d);
  lm_diag_print(d, stderr);
  lm_diag_destroy(d);
  assert_int_equal(rc, 0);
  return s;
}

/* Runs strategy `st` of `s`, replication 0: daily KPIs of every simulated day (warm-up
 * set to 0 here) into daily[days][LM_KPI_COUNT], and the parcel log into *log. */
static void run(lm_scenario *s, size_t st, double *daily, lm_parcel_log *log) {
  s->warmup_days = 0;
  lm_model *m = lm_model_create(s);
  assert_non_null(m);
  double k[LM_KPI_COUNT];
  lm_diag *d = lm_diag_create();
  int rc = lm_model_run(m, st, 11, 0, k, daily, d);
  lm_diag_print(d, stderr);
  assert_int_equal(rc, 0);
  assert_int_equal(lm_model_parcel_log(m, log), 0);
  lm_diag_destroy(d);
  lm_model_destroy(m);
}

#define KPI(daily, d, k) (daily)[(size_t)(d)*LM_KPI_COUNT + (k)]

static void test_rounds_only_on_delivery_days(void **state) {
  (void)state;
  lm_scenario *s = christmas();
  double plain[10 * LM_KPI_COUNT], sundays[10 * LM_KPI_COUNT];
  lm_parcel_log a, b;
  run(s, 0, plain, &a);
  run(s, 1, sundays, &b);
  /* Days 0-9 are Monday 21 to Wednesday 30 December: 4 and 5 holidays, 6 a Sunday. */
  for (int d = 0; d < 10; d++) {
    int holiday = d == 4 || d == 5, sunday = d == 6;
    print_message("%d: vans %g/%g, attempts %g/%g\n", d, KPI(plain, d, LM_KPI_VANS_USED),
                  KPI(sundays, d, LM_KPI_VANS_USED), KPI(plain, d, LM_KPI_ATTEMPTS),
                  KPI(sundays, d, LM_KPI_ATTEMPTS));
    /* Orders arrive every day, the same in both strategies. */
    assert_true(KPI(plain, d, LM_KPI_PARCELS_CREATED) > 0);
    assert_true(KPI(plain, d, LM_KPI_PARCELS_CREATED) == KPI(sundays, d, LM_KPI_PARCELS_CREATED));
    int plain_rounds = !holiday && !sunday, sunday_rounds = !holiday;
    if (d == 0) plain_rounds = sunday_rounds = 0; /* nothing is due on the first day */
    assert_int_equal(KPI(plain, d, LM_KPI_VANS_USED) > 0, plain_rounds);
    assert_int_equal(KPI(plain, d, LM_KPI_VAN_KM) > 0, plain_rounds);
    assert_int_equal(KPI(plain, d, LM_KPI_ATTEMPTS) > 0, plain_rounds);
    assert_int_equal(KPI(sundays, d, LM_KPI_VANS_USED) > 0, sunday_rounds);
    assert_int_equal(KPI(sundays, d, LM_KPI_ATTEMPTS) > 0, sunday_rounds);
  }
  lm_parcel_log_clear(&a);
  lm_parcel_log_clear(&b);
  lm_scenario_destroy(s);
}

static void test_promise(void **state) {
  (void)state;
  lm_scenario *s = christmas();
  double daily[10 * LM_KPI_COUNT];
  lm_parcel_log a, b;
  run(s, 0, daily, &a);
  run(s, 1, daily, &b);
  /* The day each order day's parcels are due, by the scenario's calendar: Thursday 24
   * December's on Monday 28 (Christmas, Boxing Day and a Sunday between), Saturday's and
   * Sunday's on Monday, Wednesday 30's on Thursday 31 (past the horizon). */
  static const int due[10] = {1, 2, 3, 7, 7, 7, 7, 8, 9, 10};
  assert_int_equal(a.n, b.n);
  for (size_t i = 0; i < a.n; i++) {
    int day = a.day_created[i]; /* warm-up 0: the simulated day */
    if (a.due_s[i] != (due[day] + 1) * DAY_S)
      fail_msg("parcel %zu ordered on day %d is due at %g, expected the end of day %d", i, day,
               a.due_s[i], due[day]);
    /* The same promise under the strategy that delivers on Sundays too. */
    assert_true(b.due_s[i] == a.due_s[i] && b.day_created[i] == a.day_created[i]);
  }
  lm_parcel_log_clear(&a);
  lm_parcel_log_clear(&b);
  lm_scenario_destroy(s);
}

static void test_same_day_only_on_delivery_days(void **state) {
  (void)state;
  lm_scenario *s = christmas();
  s->demand.same_day_share = 0.5;
  s->demand.same_day_cutoff_s = 24 * 3600.0;
  double daily[10 * LM_KPI_COUNT];
  lm_parcel_log log;
  run(s, 1, daily, &log);
  for (int d = 0; d < 10; d++) {
    double n = KPI(daily, d, LM_KPI_SAME_DAY_PARCELS);
    int delivers = lm_scenario_delivers(s, NULL, d);
    print_message("%d: %g same-day parcels of %g\n", d, n, KPI(daily, d, LM_KPI_PARCELS_CREATED));
    assert_int_equal(n > 0, delivers); /* none on holidays and Sundays, even with rounds */
  }
  /* A same-day parcel is due by the end of its order day. */
  size_t same = 0;
  for (size_t i = 0; i < log.n; i++)
    if (log.due_s[i] == (log.day_created[i] + 1) * DAY_S) same++;
  double total = 0;
  for (int d = 0; d < 10; d++) total += KPI(daily, d, LM_KPI_SAME_DAY_PARCELS);
  assert_true((double)same == total);
  lm_parcel_log_clear(&log);
  lm_scenario_destroy(s);
}

static void test_peak_on_its_date(void **state) {
  (void)state;
  lm_scenario *s = christmas();
  /* 23 December, day 2: three times the mean of 150 orders. */
  assert_true(lm_scenario_demand_factor(s, 2) == 3.0);
  assert_true(lm_scenario_demand_factor(s, 1) == 1.0 && lm_scenario_demand_factor(s, 3) == 1.0);
  double daily[10 * LM_KPI_COUNT];
  lm_parcel_log log;
  run(s, 0, daily, &log);
  double peak = KPI(daily, 2, LM_KPI_PARCELS_CREATED);
  print_message("orders on 23 December: %g (mean 450)\n", peak);
  assert_true(fabs(peak - 450.0) < 4.0 * sqrt(450.0));
  for (int d = 0; d < 10; d++)
    if (d != 2)
      assert_true(fabs(KPI(daily, d, LM_KPI_PARCELS_CREATED) - 150.0) < 4.0 * sqrt(150.0));
  lm_parcel_log_clear(&log);
  lm_scenario_destroy(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_leap_years),
      cmocka_unit_test(test_known_weekdays),
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_parse),
      cmocka_unit_test(test_scenario_calendar),
      cmocka_unit_test(test_bad_dates),
      cmocka_unit_test(test_rounds_only_on_delivery_days),
      cmocka_unit_test(test_promise),
      cmocka_unit_test(test_same_day_only_on_delivery_days),
      cmocka_unit_test(test_peak_on_its_date),
  };
  return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
