/* schema.h — what the files of the scenario schema share: the row builders of the key
 * tables (yamlwalk.h), short names for their types and flags, and the tables and finish
 * helpers that scenario.c draws on from the other files.
 *
 * scenario.c holds the root table, most sections, the checks that need the whole scenario
 * and the queries on a loaded one; strategy.c one item of `strategies`; fleet.c the
 * vehicle types beyond fleet.van, the micro-hub and the strategies' fleet keys; costs.c
 * `costs` and `customer_trips`; customer_types.c the customers' presence keys and their
 * types; scenario_calendar.c the calendar; customers.c the customers read from a CSV file
 * or a routing benchmark instance. Every table is data; the finish hooks hold the checks
 * that involve more than one key and skip fields that already failed. scenario.c refers to
 * the other files and none of them refers back to it; scenario_load.c, above them all,
 * loads a scenario with lm__scenario_schema().
 */
#ifndef LASTMILE_WORLD_SCHEMA_H
#define LASTMILE_WORLD_SCHEMA_H

#include <stddef.h>

#include "lastmile/scenario.h"
#include "yaml/yamlwalk.h"

/* Row builders: KEY(struct, "yaml key", field, type, flags, min, max, default, unit); ARRAY
 * takes the element count after the flags. */
#define KEY(st, key, field, type_, flags_, lo, hi, def_, unit_)                                    \
  {                                                                                                \
    .name = key, .type = type_, .flags = flags_, .offset = offsetof(st, field), .min = lo,         \
    .max = hi, .def = def_, .unit = unit_                                                          \
  }
#define NAME(st, key, field, flags_, def_)                                                         \
  {                                                                                                \
    .name = key, .type = LM__Y_NAME, .flags = flags_, .offset = offsetof(st, field),               \
    .def_name = def_                                                                               \
  }
/* A NAME that must be one of the names of the array `names` (its finish hook decodes it
 * with lm__yw_choose against the same array). */
#define CHOICE(st, key, field, flags_, def_, names)                                                \
  {                                                                                                \
    .name = key, .type = LM__Y_NAME, .flags = flags_, .offset = offsetof(st, field),               \
    .def_name = def_, .choices = names, .n_choices = COUNT(names)                                  \
  }
#define ARRAY(st, key, field, flags_, n, lo, hi, def_, unit_)                                      \
  {                                                                                                \
    .name = key, .type = LM__Y_DOUBLES, .flags = flags_, .offset = offsetof(st, field), .len = n,  \
    .min = lo, .max = hi, .def = def_, .unit = unit_                                               \
  }
#define MAP(key, st, field, flags_, table)                                                         \
  { .name = key, .type = LM__Y_MAP, .flags = flags_, .offset = offsetof(st, field), .sub = &table }
#define SEQ(key, st, field, count, flags_, lo, hi, table)                                          \
  {                                                                                                \
    .name = key, .type = LM__Y_SEQ, .flags = flags_, .offset = offsetof(st, field),                \
    .count_offset = offsetof(st, count), .item_size = sizeof(((st *)0)->field[0]), .min = lo,      \
    .max = hi, .sub = &table                                                                       \
  }
/* DATE(struct, "yaml key", field, flags, "YYYY-MM-DD" default or NULL, what it is). */
#define DATE(st, key, field, flags_, def_, unit_)                                                  \
  {                                                                                                \
    .name = key, .type = LM__Y_DATE, .flags = flags_, .offset = offsetof(st, field),               \
    .def_name = def_, .unit = unit_                                                                \
  }
/* A list of up to n names (NAMES) or dates (DATES), its count in the size_t `count`. */
#define LIST(st, key, type_, field, count, n, unit_)                                               \
  {                                                                                                \
    .name = key, .type = type_, .offset = offsetof(st, field),                                     \
    .count_offset = offsetof(st, count), .len = n, .unit = unit_                                   \
  }
/* A list of 1 to 7 weekday names (lm_weekday_names), its count in the size_t `count`. */
#define WEEKDAYS(st, key, field, count)                                                            \
  {                                                                                                \
    .name = key, .type = LM__Y_NAMES, .offset = offsetof(st, field),                               \
    .count_offset = offsetof(st, count), .len = 7,                                                 \
    .unit = "weekdays mon, tue, wed, thu, fri, sat, sun", .choices = lm_weekday_names,             \
    .n_choices = 7                                                                                 \
  }
/* A key that is no longer read: giving it is an error that says what replaced it. */
#define RETIRED(key, replacement)                                                                  \
  { .name = key, .type = LM__Y_RETIRED, .unit = replacement }
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { REQ = LM__Y_REQUIRED, GT = LM__Y_OPEN_MIN, UNIQ = LM__Y_UNIQUE, LABEL = LM__Y_LABEL };
#define U32       LM__Y_U32
#define U64       LM__Y_U64
#define BOOL      LM__Y_BOOL
#define DBL       LM__Y_DOUBLE
#define TIME      LM__Y_TIME
#define COORD_KM  20000.0 /* half the Earth's circumference bounds any planar coordinate */
#define LM__DAY_S 86400.0

/* More customers than this is refused: the model keeps every customer in memory for
 * every replication, and no last-mile depot serves a city of this size. */
#define LM__MAX_CUSTOMERS 5000000u

#define OK(w, field) lm__yw_ok(w, &(field), sizeof(field))

/* The scenario schema: the root table, for lm__yw_load, lookups and generated reference
 * documentation. (scenario.c) */
const lm__ytable *lm__scenario_schema(void);

/* strategy.c: the table of one item of `strategies`. */
extern const lm__ytable lm__strategy_table;

/* scenario_calendar.c: the scenario's calendar checked and decoded: the delivery days of
 * the scenario and of each strategy, the period within the years a date can name, the
 * peaks within the simulated period, output.routes_day a counted day. */
void lm__scenario_calendar_finish(lm__ywalk *w, lm_scenario *s);

/* fleet.c: the tables of fleet.electric_van, fleet.cargo_bike, fleet.drone, micro_hub and
 * of a strategy's fleet_mix and fleet_zones. */
extern const lm__ytable lm__electric_van_table, lm__cargo_bike_table, lm__drone_table;
extern const lm__ytable lm__micro_hub_table, lm__fleet_mix_table, lm__fleet_zones_table;
/* fleet.c: the checks that need the whole scenario: the types' shifts default to the
 * van's, fleet mixes fit the fleet, zone names exist, every zone is served. */
void lm__fleet_finish(lm__ywalk *w, lm_scenario *s);

/* costs.c: the tables of `costs` and `customer_trips`. */
extern const lm__ytable lm__costs_table, lm__customer_trips_table, lm__external_costs_table;
/* costs.c: a site's compartment price and handling fee when not given (negative): a
 * locker's by default pays for its compartments, a pickup point per parcel handled. Call
 * after the site's kind is decoded. */
void lm__locker_cost_defaults(lm__ywalk *w, lm_locker *l);
/* customer_types.c: the table of one item of customers.types. */
extern const lm__ytable lm__customer_type_table;
/* customer_types.c: the presence keys of the customers section checked together: the type
 * shares sum to 1, the one-type keys are not given beside customers.types, and what was
 * not given is filled in (0.7 every hour; the weekend as the weekdays; no away days). */
void lm__presence_finish(lm__ywalk *w, lm_customers *c);

/* customers.c: customers.file and customers.instance checked at their keys, the instance
 * read into the scenario (its positions, demands and windows). */
void lm__customers_finish(lm__ywalk *w, lm_scenario *s);
/* customers.c: reads customers.file after a successful walk; "FILE:LINE: error: ..." per
 * problem. Returns 0, LM_EIO, LM_EINVAL or LM_ENOMEM. */
int lm__customers_read_file(lm_scenario *s, lm_diag *diag);

#endif
