/* calendar.h — dates of the proleptic Gregorian calendar, as day numbers.
 *
 * A date is an lm_date: the count of days since 31 December of year 0, so that 1 January
 * of year 1 is day 1 (the "fixed date" of Reingold and Dershowitz, *Calendrical
 * Calculations*). Consecutive days are consecutive numbers, a difference of dates is a
 * number of days, and day 1 was a Monday, so the weekday is (date - 1) mod 7. Dates of
 * years 1 to 9999 are valid; 0 (LM_DATE_NONE) means "no date". Leap years are those
 * divisible by 4, except centuries not divisible by 400.
 *
 * Dates are read and written as ISO 8601 calendar dates, "YYYY-MM-DD". Everything here is
 * pure arithmetic: O(1), no allocation, no state.
 */
#ifndef LASTMILE_CALENDAR_H
#define LASTMILE_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t lm_date;

#define LM_DATE_NONE 0  /* no date */
#define LM_DATE_TEXT 11 /* "YYYY-MM-DD" and its NUL */
#define LM_DATE_WHY  96 /* room for the reason lm_date_parse gives */

/* The weekdays' names as scenarios write them, Monday first ("mon" ... "sun"). */
extern const char *const lm_weekday_names[7];

/* 1 when `year` is a leap year of the Gregorian calendar, else 0. */
int lm_date_is_leap(int year);

/* Days in `month` (1-12) of `year`; 0 for a month outside 1-12. */
int lm_date_days_in_month(int year, int month);

/* The date of year-month-day, or LM_DATE_NONE when that day does not exist (month
 * outside 1-12, day outside the month, year outside 1-9999). */
lm_date lm_date_from_ymd(int year, int month, int day);

/* Splits a valid date into year, month (1-12) and day (1-31). */
void lm_date_to_ymd(lm_date date, int *year, int *month, int *day);

/* Reads exactly "YYYY-MM-DD" (four, two and two digits) from the `len` bytes at `text`.
 * Returns 0 and sets *out, or LM_EPARSE and leaves *out alone; then `why` (when not NULL,
 * of `why_cap` bytes) says what is wrong ("February 2026 has 28 days"). */
int lm_date_parse(const char *text, size_t len, lm_date *out, char *why, size_t why_cap);

/* Writes `date` as "YYYY-MM-DD" into dst (LM_DATE_TEXT bytes); a date that is not valid
 * is written "no date". */
void lm_date_format(lm_date date, char dst[LM_DATE_TEXT]);

/* The weekday of a valid date: 0 Monday ... 6 Sunday. */
int lm_date_weekday(lm_date date);

/* The index of a weekday name ("mon" ... "sun", as lm_weekday_names), or -1. */
int lm_weekday_find(const char *name);

#endif
