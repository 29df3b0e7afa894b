/* calendar.c — Gregorian dates as day numbers (see calendar.h for the representation).
 *
 * The date of Y-M-D is the days of the whole years before Y, plus the days of the whole
 * months before M in Y, plus D. A Gregorian cycle of 400 years holds 146,097 days (97 leap
 * years), so the days of the years before Y are 365 (Y - 1) plus the leap days among them,
 * (Y - 1)/4 - (Y - 1)/100 + (Y - 1)/400. Going back, a year is first estimated from the
 * cycle's mean year length and then corrected by at most a step or two. Every function is
 * O(1) and touches no state.
 */
#include "lastmile/calendar.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "lastmile/error.h"

const char *const lm_weekday_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

/* Days of the months before month m (1-12) of a common year. */
static const int before_month[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

int lm_date_is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int lm_date_days_in_month(int year, int month) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return days[month - 1] + (month == 2 && lm_date_is_leap(year));
}

/* Days of the years 1 .. year - 1. */
static int32_t days_before_year(int year) {
  int32_t n = year - 1;
  return 365 * n + n / 4 - n / 100 + n / 400;
}

lm_date lm_date_from_ymd(int year, int month, int day) {
  if (year < 1 || year > 9999 || day < 1 || day > lm_date_days_in_month(year, month))
    return LM_DATE_NONE;
  return days_before_year(year) + before_month[month - 1] + (month > 2 && lm_date_is_leap(year)) +
         day;
}

void lm_date_to_ymd(lm_date date, int *year, int *month, int *day) {
  assert(date >= 1);
  int y = (int)((int64_t)(date - 1) * 400 / 146097) + 1;
  while (days_before_year(y + 1) < date) y++;
  while (days_before_year(y) >= date) y--;
  int doy = (int)(date - days_before_year(y)), m = 1; /* 1-based day of the year */
  while (m < 12 && doy > before_month[m] + (m >= 2 && lm_date_is_leap(y))) m++;
  *year = y;
  *month = m;
  *day = doy - before_month[m - 1] - (m > 2 && lm_date_is_leap(y));
}

/* Reads exactly n digits at s into *v; -1 when one is not a digit. */
static int digits(const char *s, int n, int *v) {
  *v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    *v = *v * 10 + (s[i] - '0');
  }
  return 0;
}

int lm_date_parse(const char *text, size_t len, lm_date *out, char *why, size_t why_cap) {
  char dummy[LM_DATE_WHY];
  if (!why) why = dummy, why_cap = sizeof dummy;
  int y, m, d;
  if (!text || len != 10 || text[4] != '-' || text[7] != '-' || digits(text, 4, &y) ||
      digits(text + 5, 2, &m) || digits(text + 8, 2, &d)) {
    snprintf(why, why_cap, "not a date written YYYY-MM-DD");
    return LM_EPARSE;
  }
  if (y < 1) {
    snprintf(why, why_cap, "there is no year 0; years run from 0001 to 9999");
    return LM_EPARSE;
  }
  if (m < 1 || m > 12) {
    snprintf(why, why_cap, "there is no month %d; months run from 01 to 12", m);
    return LM_EPARSE;
  }
  int n = lm_date_days_in_month(y, m);
  if (d < 1 || d > n) {
    snprintf(why, why_cap, "%s %d has %d days", month_names[m - 1], y, n);
    return LM_EPARSE;
  }
  *out = lm_date_from_ymd(y, m, d);
  return 0;
}

void lm_date_format(lm_date date, char dst[LM_DATE_TEXT]) {
  if (date < lm_date_from_ymd(1, 1, 1) || date > lm_date_from_ymd(9999, 12, 31)) {
    snprintf(dst, LM_DATE_TEXT, "no date");
    return;
  }
  int y, m, d;
  lm_date_to_ymd(date, &y, &m, &d);
  snprintf(dst, LM_DATE_TEXT, "%04d-%02d-%02d", y, m, d);
}

int lm_date_weekday(lm_date date) {
  assert(date >= 1);
  return (int)((date - 1) % 7); /* day 1, 1 January of year 1, was a Monday */
}

int lm_weekday_find(const char *name) {
  for (int i = 0; i < 7; i++)
    if (!strcmp(name, lm_weekday_names[i])) return i;
  return -1;
}
