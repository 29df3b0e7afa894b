/* test_scenario.c — the strict scenario loader: a valid file, many broken snippets, times
 * of day, key-path lookup and suggestions.
 *
 * Each broken case starts from BASE, a small valid scenario, replaces one piece of text and
 * checks the return code, the number of errors and that the messages carry the right
 * "t.yaml:LINE:COL:" and key path. Line numbers below refer to BASE as printed.
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

#include "lastmile/scenario.h"
#include "world/schema.h"

static const char BASE[] = "scenario:\n"                              /*  1 */
                           "  name: t\n"                              /*  2 */
                           "  days: 7\n"                              /*  3 */
                           "depot:\n"                                 /*  4 */
                           "  x_km: 0\n"                              /*  5 */
                           "  y_km: 0\n"                              /*  6 */
                           "zones:\n"                                 /*  7 */
                           "  - name: a\n"                            /*  8 */
                           "    bounds_km: [0, 0, 1, 1]\n"            /*  9 */
                           "    density_per_km2: 100\n"               /* 10 */
                           "fleet:\n"                                 /* 11 */
                           "  van:\n"                                 /* 12 */
                           "    count: 2\n"                           /* 13 */
                           "    capacity_parcels: 100\n"              /* 14 */
                           "    capacity_volume_l: 1000\n"            /* 15 */
                           "    shift_start: \"08:00\"\n"             /* 16 */
                           "    shift_end: \"17:00\"\n"               /* 17 */
                           "    speed_kmh: 30\n"                      /* 18 */
                           "demand:\n"                                /* 19 */
                           "  parcels_per_day: 50\n"                  /* 20 */
                           "  sizes:\n"                               /* 21 */
                           "    - {name: S, volume_l: 5, share: 1}\n" /* 22 */
                           "strategies:\n"                            /* 23 */
                           "  - name: s1\n";                          /* 24 */

/* BASE with the first occurrence of `from` replaced by `to` (malloc'd). */
static char *subst(const char *from, const char *to) {
  const char *at = strstr(BASE, from);
  assert_non_null(at);
  size_t head = (size_t)(at - BASE), flen = strlen(from), tlen = strlen(to);
  size_t n = sizeof BASE - 1 - flen + tlen;
  char *s = malloc(n + 1);
  assert_non_null(s);
  memcpy(s, BASE, head);
  memcpy(s + head, to, tlen);
  memcpy(s + head + tlen, at + flen, sizeof BASE - head - flen);
  return s;
}

static void dump(const lm_diag *d) {
  for (size_t i = 0; i < lm_diag_count(d); i++) print_message("  | %s\n", lm_diag_message(d, i));
}

/* True when some message contains every one of the NULL-terminated substrings. */
static int has(const lm_diag *d, ...) {
  for (size_t i = 0; i < lm_diag_count(d); i++) {
    const char *m = lm_diag_message(d, i);
    int all = 1;
    va_list ap;
    va_start(ap, d);
    for (const char *s = va_arg(ap, const char *); s && all; s = va_arg(ap, const char *))
      all = strstr(m, s) != NULL;
    va_end(ap);
    if (all) return 1;
  }
  return 0;
}

/* Parses `text` (len bytes) as "t.yaml" and checks the code and the number of errors. */
static lm_diag *parse_n(const char *text, size_t len, int rc, size_t errors) {
  lm_diag *d = lm_diag_create();
  lm_scenario *s = (lm_scenario *)1;
  int got = lm_scenario_parse(text, len, "t.yaml", &s, d);
  if (got != rc || lm_diag_errors(d) != errors) {
    print_message("rc %d (want %d), %zu errors (want %zu)\n", got, rc, lm_diag_errors(d), errors);
    dump(d);
  }
  assert_int_equal(got, rc);
  assert_int_equal(lm_diag_errors(d), errors);
  if (rc == 0) {
    assert_non_null(s);
    lm_scenario_destroy(s);
  } else {
    assert_null(s);
  }
  return d;
}

static lm_diag *parse(const char *text, int rc, size_t errors) {
  return parse_n(text, strlen(text), rc, errors);
}

/* BASE with one replacement must fail with `errors` errors, one of which contains
 * `where` (a "t.yaml:L:C:" prefix) and `what`. */
static void broken(const char *from, const char *to, size_t errors, const char *where,
                   const char *what) {
  char *text = subst(from, to);
  lm_diag *d = parse(text, LM_EINVAL, errors);
  if (!has(d, where, what, (const char *)NULL)) {
    print_message("no message with '%s' and '%s' for:\n%s\n", where, what, text);
    dump(d);
    fail();
  }
  lm_diag_destroy(d);
  free(text);
}

/* ---- valid input --------------------------------------------------------------------- */

static void test_base_defaults(void **state) {
  (void)state;
  lm_diag *d = lm_diag_create();
  lm_scenario *s = NULL;
  assert_int_equal(lm_scenario_parse(BASE, strlen(BASE), "t.yaml", &s, d), 0);
  assert_int_equal(lm_diag_count(d), 0);
  assert_string_equal(s->name, "t");
  assert_int_equal(s->days, 7);
  assert_int_equal(s->warmup_days, 0);
  assert_int_equal(s->replications, 10);
  assert_int_equal(s->seed, 1);
  assert_true(s->circuity == 1.3);
  assert_string_equal(s->depot.name, "depot");
  assert_true(s->depot.loading_time_s == 0);
  assert_int_equal(s->n_zones, 1);
  assert_true(s->zones[0].circuity == 1.3);
  assert_true(s->zones[0].x_max_km == 1 && s->zones[0].y_max_km == 1);
  assert_string_equal(s->van.name, "van");
  assert_true(s->van.service_time_s == 120);
  assert_true(s->van.cost_fixed_eur == 0 && s->van.co2_g_per_km == 0);
  for (int h = 0; h < LM_HOURS; h++) assert_true(s->customers.presence_by_hour[h] == 0.7);
  assert_true(s->demand.value_mean_eur == 0);
  assert_int_equal(s->strategies[0].max_attempts, 3);
  assert_int_equal(s->strategies[0].vans, 0);
  assert_int_equal(s->strategies[0].routing_iterations, 1000);
  assert_int_equal(lm_scenario_customer_count(s), 100);
  assert_int_equal(s->text_len, strlen(BASE));
  assert_string_equal(s->text, BASE);
  assert_string_equal(s->path, "t.yaml");
  lm_scenario_destroy(s);
  lm_diag_destroy(d);
  lm_scenario_destroy(NULL);
}

/* city.yaml is tuned by others; check only what must hold for any valid scenario. */
static void test_city(void **state) {
  (void)state;
  lm_diag *d = lm_diag_create();
  lm_scenario *s = NULL;
  const char *path = LM_SOURCE_DIR "/scenarios/city.yaml";
  int rc = lm_scenario_load(path, &s, d);
  dump(d);
  assert_int_equal(rc, 0);
  assert_int_equal(lm_diag_count(d), 0);
  assert_string_equal(s->name, "city");
  assert_string_equal(s->path, path);
  assert_true(s->days >= 1 && s->warmup_days < s->days && s->replications >= 1);
  assert_true(s->n_zones >= 1 && s->n_zones <= LM_MAX_ZONES);
  for (size_t i = 0; i < s->n_zones; i++) {
    assert_true(s->zones[i].name[0] != '\0');
    assert_true(s->zones[i].circuity >= 1.0);
    assert_true(s->zones[i].x_max_km > s->zones[i].x_min_km);
  }
  assert_string_equal(s->van.name, "van");
  assert_true(s->van.count >= 1 && s->van.capacity_parcels >= 1);
  assert_true(s->van.shift_end_s > s->van.shift_start_s);
  double share = 0;
  for (size_t i = 0; i < s->demand.n_sizes; i++) share += s->demand.sizes[i].share;
  assert_true(fabs(share - 1.0) <= 1e-6);
  assert_true(s->n_strategies >= 1);
  assert_true(lm_scenario_customer_count(s) > 0);

  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  assert_int_equal(s->text_len, (size_t)ftell(f));
  fclose(f);
  assert_int_equal(strlen(s->text), s->text_len);
  lm_scenario_destroy(s);
  lm_diag_destroy(d);
}

/* Every key of the schema, each with a distinct value, lands in its field. */
static void test_every_key(void **state) {
  (void)state;
  static const char text[] =
      "scenario: {name: every, days: 21, warmup_days: 3, replications: 30, seed: 99}\n"
      "region: {circuity: 1.25}\n"
      "depot: {name: d1, x_km: -1.5, y_km: 2.5, loading_time_s: 600}\n"
      "zones:\n"
      "  - {name: z1, bounds_km: [-1, -2, 3, 4], density_per_km2: 10}\n"
      "  - {name: z2, bounds_km: [0, 0, 2, 0.5], density_per_km2: 7.5, circuity: 1.6}\n"
      "fleet:\n"
      "  van: {count: 9, capacity_parcels: 120, capacity_volume_l: 5000.5,\n"
      "        shift_start: \"07:30\", shift_end: \"16:15:30\", speed_kmh: 27.5,\n"
      "        service_time_s: 90, cost_fixed_eur: 80, cost_per_km_eur: 0.3,\n"
      "        cost_per_hour_eur: 25, overtime_cost_per_hour_eur: 37.5, co2_g_per_km: 199}\n"
      "customers:\n"
      "  presence_by_hour: [0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1,\n"
      "                     0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17, 0.18, 0.19, 0.2, 0.21,\n"
      "                     0.22, 1]\n"
      "demand:\n"
      "  parcels_per_day: 321.5\n"
      "  value_mean_eur: 55\n"
      "  sizes: [{name: S, volume_l: 3, share: 0.25}, {name: L, volume_l: 80, share: 0.75}]\n"
      "strategies:\n"
      "  - {name: a, max_attempts: 1, vans: 4, routing_iterations: 0}\n"
      "  - {name: b, max_attempts: 20, vans: 9, routing_iterations: 1000000000}\n";
  lm_diag *d = lm_diag_create();
  lm_scenario *s = NULL;
  int rc = lm_scenario_parse(text, sizeof text - 1, "every.yaml", &s, d);
  dump(d);
  assert_int_equal(rc, 0);
  assert_string_equal(s->name, "every");
  assert_int_equal(s->days, 21);
  assert_int_equal(s->warmup_days, 3);
  assert_int_equal(s->replications, 30);
  assert_int_equal(s->seed, 99);
  assert_true(s->circuity == 1.25);
  assert_string_equal(s->depot.name, "d1");
  assert_true(s->depot.x_km == -1.5 && s->depot.y_km == 2.5 && s->depot.loading_time_s == 600);
  assert_int_equal(s->n_zones, 2);
  assert_string_equal(s->zones[1].name, "z2");
  assert_true(s->zones[0].x_min_km == -1 && s->zones[0].y_min_km == -2);
  assert_true(s->zones[0].x_max_km == 3 && s->zones[0].y_max_km == 4);
  assert_true(s->zones[0].circuity == 1.25 && s->zones[1].circuity == 1.6);
  assert_true(s->zones[1].density_per_km2 == 7.5);
  assert_int_equal(lm_scenario_customer_count(s), 240 + 8); /* 10 x 24 + 7.5 x 1 rounded */
  const lm_vehicle_type *v = &s->van;
  assert_int_equal(v->count, 9);
  assert_int_equal(v->capacity_parcels, 120);
  assert_true(v->capacity_volume_l == 5000.5);
  assert_true(v->shift_start_s == 7 * 3600 + 1800);
  assert_true(v->shift_end_s == 16 * 3600 + 15 * 60 + 30);
  assert_true(v->speed_kmh == 27.5 && v->service_time_s == 90);
  assert_true(v->cost_fixed_eur == 80 && v->cost_per_km_eur == 0.3);
  assert_true(v->cost_per_hour_eur == 25 && v->overtime_cost_per_hour_eur == 37.5);
  assert_true(v->co2_g_per_km == 199);
  for (int h = 0; h < 23; h++)
    assert_true(fabs(s->customers.presence_by_hour[h] - h / 100.0) < 1e-12);
  assert_true(s->customers.presence_by_hour[23] == 1);
  assert_true(s->demand.parcels_per_day == 321.5 && s->demand.value_mean_eur == 55);
  assert_int_equal(s->demand.n_sizes, 2);
  assert_string_equal(s->demand.sizes[1].name, "L");
  assert_true(s->demand.sizes[1].volume_l == 80 && s->demand.sizes[1].share == 0.75);
  assert_int_equal(s->n_strategies, 2);
  assert_string_equal(s->strategies[0].name, "a");
  assert_int_equal(s->strategies[0].max_attempts, 1);
  assert_int_equal(s->strategies[0].vans, 4);
  assert_int_equal(s->strategies[0].routing_iterations, 0);
  assert_int_equal(s->strategies[1].max_attempts, 20);
  assert_int_equal(s->strategies[1].vans, 9);
  assert_int_equal(s->strategies[1].routing_iterations, 1000000000);
  lm_scenario_destroy(s);
  lm_diag_destroy(d);
}

static void test_yaml_forms(void **state) {
  (void)state;
  /* Flow style, anchors and aliases, quoted names, exponents, a night shift. */
  char *t = subst("    - {name: S, volume_l: 5, share: 1}\n",
                  "    - &small {name: \"S\", volume_l: 5e0, share: 0.5}\n"
                  "    - {name: 'M', volume_l: +1.5E1, share: .5}\n");
  lm_diag_destroy(parse(t, 0, 0));
  free(t);
  t = subst("shift_end: \"17:00\"", "shift_end: \"26:30\"");
  lm_diag_destroy(parse(t, 0, 0));
  free(t);
  t = subst("  days: 7\n", "  days: 1e1\n  seed: 18446744073709551615\n");
  lm_diag *d = lm_diag_create();
  lm_scenario *s = NULL;
  assert_int_equal(lm_scenario_parse(t, strlen(t), NULL, &s, d), 0);
  assert_int_equal(s->days, 10);
  assert_true(s->seed == UINT64_MAX);
  lm_scenario_destroy(s);
  lm_diag_destroy(d);
  free(t);
}

/* ---- malformed values ---------------------------------------------------------------- */

static void test_unknown_keys(void **state) {
  (void)state;
  /* Misspelt: the nearest key is suggested, and the real key is then missing. */
  broken("capacity_parcels: 100", "capacity_parcel: 100", 2, "t.yaml:14:5:",
         "fleet.van.capacity_parcel: unknown key; did you mean 'capacity_parcels'?");
  broken("capacity_parcels: 100", "capcity_parcels: 100", 2,
         "t.yaml:13:5:", "missing required key 'fleet.van.capacity_parcels'");
  broken("  days: 7\n", "  dayz: 7\n", 1, "t.yaml:3:3:", "did you mean 'days'?");
  broken("depot:\n", "depto:\n", 2, "t.yaml:4:1:", "depto: unknown key; did you mean 'depot'?");
  /* Far from every key: the valid keys are listed instead. */
  broken("  days: 7\n", "  days: 7\n  colour: blue\n", 1,
         "t.yaml:4:3:", "scenario.colour: unknown key; expected one of: name, days, warmup_days");
  broken("strategies:\n", "parachutes: {}\nstrategies:\n", 1,
         "t.yaml:23:1:", "parachutes: unknown key");
  broken("  - name: s1\n", "  - name: s1\n    vanz: 1\n", 1,
         "t.yaml:25:5:", "strategies[0].vanz: unknown key; did you mean 'vans'?");
  broken("  van:\n", "  truck: {}\n  van:\n", 1, "t.yaml:12:3:", "fleet.truck: unknown key");
  /* A key that is not a scalar. */
  broken("  days: 7\n", "  days: 7\n  ? [a]\n  : 1\n", 1,
         "t.yaml:4:5:", "expected a key name, got a sequence");
}

static void test_bad_numbers(void **state) {
  (void)state;
  broken("count: 2", "count: 0", 1, "t.yaml:13:12:",
         "fleet.van.count: expected a whole number in [1, 100000] (vans), got '0'");
  broken("count: 2", "count: -3", 1, "t.yaml:13:12:", "got '-3'");
  broken("count: 2", "count: 2.5", 1, "t.yaml:13:12:", "got '2.5' (not a whole number)");
  broken("count: 2", "count: 0x10", 1, "t.yaml:13:12:", "got '0x10'");
  broken("count: 2", "count: 007", 1, "t.yaml:13:12:", "leading zeros");
  broken("count: 2", "count: \"2\"", 1,
         "t.yaml:13:12:", "got the quoted string \"2\" (numbers are written without quotes)");
  broken("count: 2", "count: 1_000", 1, "t.yaml:13:12:", "got '1_000'");
  broken("count: 2", "count: 5000000000", 1, "t.yaml:13:12:", "fleet.van.count");
  broken("count: 2", "count:", 1, "t.yaml:13:11:", "got an empty value");
  broken("count: 2", "count: ~", 1, "t.yaml:13:12:", "got an empty value");
  broken("count: 2", "count: [2]", 1, "t.yaml:13:12:", "got a sequence");
  broken("count: 2", "count: true", 1, "t.yaml:13:12:", "got 'true'");
  broken("parcels_per_day: 50", "parcels_per_day: 12abc", 1, "t.yaml:20:20:",
         "demand.parcels_per_day: expected a number in [0, 10000000] (parcels/day), got "
         "'12abc'");
  broken("parcels_per_day: 50", "parcels_per_day: ''", 1,
         "t.yaml:20:20:", "got the quoted string \"\"");
  broken("speed_kmh: 30", "speed_kmh: .nan", 1, "t.yaml:18:16:", "(not a finite number)");
  broken("speed_kmh: 30", "speed_kmh: .inf", 1, "t.yaml:18:16:", "(not a finite number)");
  broken("speed_kmh: 30", "speed_kmh: -.Inf", 1, "t.yaml:18:16:", "(not a finite number)");
  broken("speed_kmh: 30", "speed_kmh: NaN", 1, "t.yaml:18:16:", "(not a finite number)");
  broken("speed_kmh: 30", "speed_kmh: 1e400", 1, "t.yaml:18:16:", "got '1e400' (too large)");
  broken("speed_kmh: 30", "speed_kmh: 0", 1,
         "t.yaml:18:16:", "fleet.van.speed_kmh: expected a number in (0, 200] (km/h), got '0'");
  broken("speed_kmh: 30", "speed_kmh: 1.2.3", 1, "t.yaml:18:16:", "got '1.2.3'");
  broken("  days: 7\n", "  days: 7\n  seed: 18446744073709551616\n", 1,
         "t.yaml:4:9:", "scenario.seed: expected a whole number in [0, 18446744073709551615]");
  broken("density_per_km2: 100", "density_per_km2: -5", 1, "t.yaml:10:22:",
         "zones[0].density_per_km2: expected a number in [0, 1000000] (customers/km2), got "
         "'-5'");
  broken("capacity_parcels: 100", "capacity_parcels: 0", 1,
         "t.yaml:14:23:", "fleet.van.capacity_parcels");
  broken("capacity_volume_l: 1000", "capacity_volume_l: 0", 1, "t.yaml:15:24:",
         "fleet.van.capacity_volume_l: expected a number in (0, 1000000] (litres), got '0'");
}

static void test_bad_strings_and_times(void **state) {
  (void)state;
  broken("  name: t\n", "  name: \"\"\n", 1, "t.yaml:2:9:", "scenario.name: expected a name");
  broken("  name: t\n", "  name: \"a\\x01b\"\n", 1,
         "t.yaml:2:9:", "got the quoted string \"a\\x01b\" (control characters are not allowed)");
  broken("  name: t\n",
         "  name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", 1,
         "t.yaml:2:9:", "(too long)");
  broken("  name: t\n", "  name: {a: 1}\n", 1, "t.yaml:2:9:", "got a mapping");
  broken("shift_start: \"08:00\"", "shift_start: \"8h\"", 1, "t.yaml:16:18:",
         "fleet.van.shift_start: expected a time of day \"HH:MM\" or \"HH:MM:SS\" in [00:00, "
         "23:59:59], got the quoted string \"8h\"");
  broken("shift_start: \"08:00\"", "shift_start: \"24:00\"", 1,
         "t.yaml:16:18:", "fleet.van.shift_start");
  broken("shift_end: \"17:00\"", "shift_end: \"08:00\"", 1, "t.yaml:17:16:",
         "fleet.van.shift_end: the shift ends at 08:00, not after it starts (shift_start "
         "08:00)");
  broken("shift_end: \"17:00\"", "shift_end: \"07:59:30\"", 1,
         "t.yaml:17:16:", "the shift ends at 07:59:30");
  broken("shift_end: \"17:00\"", "shift_end: \"33:00\"", 1,
         "t.yaml:17:16:", "longer than 24 hours");
}

static void test_bad_structure(void **state) {
  (void)state;
  broken("depot:\n  x_km: 0\n  y_km: 0\n", "depot: [0, 0]\n", 1,
         "t.yaml:4:8:", "depot: expected a mapping (the depot), got a sequence");
  broken("depot:\n  x_km: 0\n  y_km: 0\n", "depot:\n", 1,
         "t.yaml:4:7:", "depot: expected a mapping (the depot), got an empty value");
  broken("  - name: a\n", "  - 7\n  - name: a\n", 1, "t.yaml:8:5:",
         "zones[0]: expected a mapping (a zone with name, bounds_km, density_per_km2), got '7'");
  broken("zones:\n", "zones: {}\nzonez:\n", 2,
         "t.yaml:7:8:", "zones: expected a sequence of 1 to 64 items, each a zone");
  broken("strategies:\n  - name: s1\n", "strategies: []\n", 1,
         "t.yaml:23:13:", "strategies: expected a sequence of 1 to 32 items");
  broken("  days: 7\n", "  days: 7\n  days: 8\n", 1,
         "t.yaml:4:3:", "scenario.days: duplicate key; first given at line 3, column 3");
  broken("{name: S, volume_l: 5, share: 1}", "{name: S, volume_l: 5, share: 1, name: T}", 1,
         "t.yaml:22:40:", "demand.sizes[0].name: duplicate key");
  broken("depot:\n", "fleet: {}\ndepot:\n", 2, "t.yaml:12:1:", "fleet: duplicate key");
  broken("    speed_kmh: 30\n", "", 1,
         "t.yaml:13:5:", "missing required key 'fleet.van.speed_kmh'");
  broken("demand:\n  parcels_per_day: 50\n  sizes:\n    - {name: S, volume_l: 5, share: 1}\n", "",
         1, "t.yaml:1:1:", "missing required key 'demand'");
  broken("  name: t\n", "", 1, "t.yaml:2:3:", "missing required key 'scenario.name'");
  broken("    - {name: S, volume_l: 5, share: 1}", "    - {name: S, share: 1}", 1,
         "t.yaml:22:7:", "missing required key 'demand.sizes[0].volume_l'");
  broken("bounds_km: [0, 0, 1, 1]", "bounds_km: [0, 0, 1]", 1, "t.yaml:9:16:",
         "zones[0].bounds_km: expected a sequence of 4 numbers in [-20000, 20000] (km), got a "
         "sequence (3 of them)");
  broken("bounds_km: [0, 0, 1, 1]", "bounds_km: [0, 0, x, 1]", 1,
         "t.yaml:9:23:", "zones[0].bounds_km[2]: expected a number");
  broken("bounds_km: [0, 0, 1, 1]", "bounds_km: 4", 1, "t.yaml:9:16:", "got '4'");
  /* Several independent errors are all reported. */
  char *t = subst("count: 2", "count: 0");
  char *t2 = malloc(strlen(t) + 64);
  assert_non_null(t2);
  snprintf(t2, strlen(t) + 64, "%s    colour: red\n    max_attempts: 0\n", t);
  lm_diag *d = parse(t2, LM_EINVAL, 3);
  assert_true(has(d, "t.yaml:13:12:", "fleet.van.count", (const char *)NULL));
  assert_true(has(d, "t.yaml:25:5:", "strategies[0].colour", (const char *)NULL));
  assert_true(has(d, "t.yaml:26:19:", "strategies[0].max_attempts", (const char *)NULL));
  lm_diag_destroy(d);
  free(t);
  free(t2);
}

static void test_cross_checks(void **state) {
  (void)state;
  broken("  days: 7\n", "  days: 7\n  warmup_days: 7\n", 1,
         "t.yaml:4:16:", "scenario.warmup_days: warmup_days 7 leaves no day to measure");
  broken("bounds_km: [0, 0, 1, 1]", "bounds_km: [1, 0, 1, 1]", 1,
         "t.yaml:9:16:", "zones[0].bounds_km: x_max 1 must be greater than x_min 1");
  broken("bounds_km: [0, 0, 1, 1]", "bounds_km: [0, 2, 1, 1]", 1,
         "t.yaml:9:16:", "y_max 1 must be greater than y_min 2");
  broken("density_per_km2: 100", "density_per_km2: 0", 1,
         "t.yaml:8:3:", "zones: the zones hold no customers");
  /* 1000000 customers is allowed, 100000000 is not. */
  char *t = subst("bounds_km: [0, 0, 1, 1]", "bounds_km: [0, 0, 100, 100]");
  lm_diag_destroy(parse(t, 0, 0));
  free(t);
  broken("bounds_km: [0, 0, 1, 1]", "bounds_km: [0, 0, 1000, 1000]", 1, "t.yaml:8:3:",
         "zones: the zones hold 100000000 customers (density_per_km2 x area); the limit is "
         "5000000");
  broken("    - {name: S, volume_l: 5, share: 1}",
         "    - {name: S, volume_l: 5, share: 0.5}\n    - {name: M, volume_l: 9, share: 0.4}", 1,
         "t.yaml:22:5:", "demand.sizes: the size shares sum to 0.9; expected 1");
  broken("volume_l: 5", "volume_l: 1000.5", 1, "t.yaml:22:27:",
         "demand.sizes[0].volume_l: a parcel larger than any van: size 'S' is 1000.5 l, the "
         "van holds 1000 l");
  broken("  - name: s1\n", "  - name: s1\n    vans: 3\n", 1,
         "t.yaml:25:11:", "strategies[0].vans: strategy 's1' uses 3 vans but the fleet has 2");
  broken("  - name: s1\n", "  - name: s1\n  - name: s2\n  - name: s1\n", 1, "t.yaml:26:11:",
         "strategies[2].name: duplicate name 's1'; strategies[0].name has it already (line 24)");
  broken("    density_per_km2: 100\n",
         "    density_per_km2: 100\n  - {name: a, bounds_km: [2, 2, 3, 3], density_per_km2: 1}\n",
         1, "t.yaml:11:12:", "zones[1].name: duplicate name 'a'");
  broken("strategies:\n", "customers:\n  presence_by_hour: [0.5, 1.5]\nstrategies:\n", 1,
         "t.yaml:24:21:",
         "customers.presence_by_hour: expected a sequence of 24 numbers in [0, 1] "
         "(probability), got a sequence (2 of them)");
  broken("strategies:\n",
         "customers:\n  presence_by_hour: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, "
         "0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.5, -0.1]\n"
         "strategies:\n",
         2, "t.yaml:24:", "customers.presence_by_hour[22]: expected a number in [0, 1]");
  /* A failed field suppresses the checks that depend on it: one mistake, one message. */
  broken("shift_start: \"08:00\"", "shift_start: 8", 1, "t.yaml:16:18:", "shift_start");
  broken("count: 2", "count: x", 1, "t.yaml:13:12:", "fleet.van.count");
}

/* customers.types: valid lists get their defaults; bad shares, probabilities and lists,
 * and one-type keys beside the types, are refused at their line and column. BASE gets a
 * customers section before strategies (line 23), so the types start at line 25. */
#define P24(x)                                                                                     \
  "[" x ", " x ", " x ", " x ", " x ", " x ", " x ", " x ", " x ", " x ", " x ", " x ", " x ", " x \
  ", " x ", " x ", " x ", " x ", " x ", " x ", " x ", " x ", " x ", " x "]"
#define TYPE(name, share)                                                                          \
  "    - {name: " name ", share: " share ", presence_by_hour: " P24("0.5") "}\n"

static void test_customer_types(void **state) {
  (void)state;
  char *text =
      subst("strategies:\n",
            "customers:\n  types:\n" TYPE("a", "0.25") "    - {name: b, share: 0.75, "
                                                       "presence_by_hour: " P24(
                                                           "0.2") ", "
                                                                  "presence_by_hour_weekend:"
                                                                  " " P24("0.9") ", "
                                                                                 "away_day_"
                                                                                 "probability: "
                                                                                 "0.1, "
                                                                                 "away_day_"
                                                                                 "persistence: "
                                                                                 "0.5}\n"
                                                                                 "strategies:\n");
  lm_diag *d = lm_diag_create();
  lm_scenario *s = NULL;
  assert_int_equal(lm_scenario_parse(text, strlen(text), "t.yaml", &s, d), 0);
  const lm_customers *c = &s->customers;
  assert_int_equal(c->n_types, 2);
  assert_string_equal(c->types[1].name, "b");
  for (int h = 0; h < LM_HOURS; h++) {
    assert_true(c->types[0].presence_by_hour_weekend[h] == 0.5); /* the weekday's */
    assert_true(c->types[1].presence_by_hour_weekend[h] == 0.9);
  }
  assert_true(c->types[0].away_day_probability == 0 && c->types[0].away_day_persistence == 0);
  assert_true(c->types[1].away_day_probability == 0.1 && c->types[1].away_day_persistence == 0.5);
  lm_scenario_destroy(s);
  lm_diag_destroy(d);
  free(text);
  /* Without types the section's own keys are the one type: the weekend as the weekdays. */
  text = subst("strategies:\n", "customers:\n  presence_by_hour: " P24("0.3") "\nstrategies:\n");
  d = lm_diag_create();
  assert_int_equal(lm_scenario_parse(text, strlen(text), "t.yaml", &s, d), 0);
  for (int h = 0; h < LM_HOURS; h++) assert_true(s->customers.presence_by_hour_weekend[h] == 0.3);
  assert_true(s->customers.away_day_probability == 0 && s->customers.n_types == 0);
  lm_scenario_destroy(s);
  lm_diag_destroy(d);
  free(text);

  broken(
      "strategies:\n", "customers:\n  types:\n" TYPE("a", "0.5") TYPE("b", "0.4") "strategies:\n",
      1,
      "t.yaml:25:5:", "customers.types: the shares of the 2 customer types sum to 0.9; expected 1");
  broken("strategies:\n", "customers:\n  types:\n" TYPE("a", "1.5") "strategies:\n", 1,
         "t.yaml:25:24:", "customers.types[0].share: expected a number in [0, 1]");
  broken("strategies:\n",
         "customers:\n  types:\n    - {name: a, share: 1, presence_by_hour: [0.5, 1.2, 0.5]}\n"
         "strategies:\n",
         1, "t.yaml:25:45:",
         "customers.types[0].presence_by_hour: expected a sequence of 24 numbers in [0, 1]");
  broken("strategies:\n",
         "customers:\n  types:\n    - {name: a, share: 1, presence_by_hour: " P24(
             "0.5") ", presence_by_hour_weekend: " P24("-0.5") "}\nstrategies:\n",
         24, "t.yaml:25:",
         "customers.types[0].presence_by_hour_weekend[0]: expected a number in [0, 1]");
  broken("strategies:\n",
         "customers:\n  types:\n    - {name: a, share: 1, presence_by_hour: " P24(
             "0.5") ", away_day_probability: 1.1}\nstrategies:\n",
         1, "t.yaml:25:", "customers.types[0].away_day_probability: expected a number in [0, 1]");
  broken("strategies:\n",
         "customers:\n  types:\n    - {name: a, share: 1, presence_by_hour: " P24(
             "0.5") ", away_day_persistence: 1}\nstrategies:\n",
         1,
         "t.yaml:25:", "customers.types[0].away_day_persistence: expected a number in [0, 0.99]");
  broken("strategies:\n", "customers:\n  away_day_probability: -0.1\nstrategies:\n", 1,
         "t.yaml:24:25:", "customers.away_day_probability: expected a number in [0, 1]");
  broken("strategies:\n", "customers:\n  types: []\nstrategies:\n", 1,
         "t.yaml:24:10:", "customers.types: expected");
  broken("strategies:\n", "customers:\n  types:\n    - {name: a, share: 1}\nstrategies:\n", 1,
         "t.yaml:25:7:", "presence_by_hour");
  broken("strategies:\n",
         "customers:\n  types:\n" TYPE("a", "0.5") TYPE("a", "0.5") "strategies:\n", 1,
         "t.yaml:26:14:", "customers.types[1].name: duplicate name 'a'");
  broken(
      "strategies:\n",
      "customers:\n  presence_by_hour: " P24("0.5") "\n  types:\n" TYPE("a", "1") "strategies:\n",
      1, "t.yaml:24:21:",
      "customers.presence_by_hour: describes the customers as one type, but customers.types "
      "is given too");
  broken("strategies:\n",
         "customers:\n  away_day_persistence: 0.5\n  types:\n" TYPE("a", "1") "strategies:\n", 1,
         "t.yaml:24:25:", "customers.away_day_persistence: describes the customers as one type");
}

static void test_limits(void **state) {
  (void)state;
  /* 65 zones. */
  size_t cap = 100000;
  char *t = malloc(cap);
  assert_non_null(t);
  const char *rest = strstr(BASE, "fleet:");
  size_t o = (size_t)snprintf(t, cap, "%.*szones:\n", (int)(strstr(BASE, "zones:") - BASE), BASE);
  for (int i = 0; i < 65; i++)
    o += (size_t)snprintf(t + o, cap - o,
                          "  - {name: z%d, bounds_km: [0, 0, 1, 1], density_per_km2: 1}\n", i);
  snprintf(t + o, cap - o, "%s", rest);
  lm_diag *d = parse(t, LM_EINVAL, 1);
  assert_true(has(d, "t.yaml:72:5:", "zones[64]: too many items: expected a sequence of 1 to 64",
                  (const char *)NULL));
  lm_diag_destroy(d);

  /* Errors stop after LM__YW_MAX_ERRORS. */
  o = (size_t)snprintf(t, cap, "%s", BASE);
  for (int i = 0; i < 1000; i++) o += (size_t)snprintf(t + o, cap - o, "junk%d: 1\n", i);
  d = parse(t, LM_EINVAL, LM__YW_MAX_ERRORS);
  assert_true(has(d, "too many errors", (const char *)NULL));
  lm_diag_destroy(d);
  free(t);

  /* More nodes than LM__YW_MAX_NODES. */
  size_t n = 2 * (size_t)LM__YW_MAX_NODES + 16;
  t = malloc(n + 1);
  assert_non_null(t);
  t[0] = '[';
  for (size_t i = 1; i + 2 < n; i += 2) memcpy(t + i, "0,", 2);
  t[n - 1] = ']';
  t[n] = '\0';
  d = parse(t, LM_EINVAL, 1);
  assert_true(has(d, "t.yaml:1:", "more than 1000000 YAML nodes", (const char *)NULL));
  lm_diag_destroy(d);
  free(t);

  /* Deep nesting, closed or not. */
  n = 100000;
  t = malloc(2 * n + 1);
  assert_non_null(t);
  memset(t, '[', n);
  memset(t + n, ']', n);
  t[2 * n] = '\0';
  d = parse(t, LM_EINVAL, 1);
  assert_true(has(d, "t.yaml:1:65:", "nested deeper than 64 levels", (const char *)NULL));
  lm_diag_destroy(d);
  d = parse_n(t, n, LM_EINVAL, 1);
  lm_diag_destroy(d);
  free(t);

  /* Larger than LM_SCENARIO_MAX_BYTES: refused before the text is read. */
  d = parse_n(BASE, (size_t)LM_SCENARIO_MAX_BYTES + 1, LM_EINVAL, 1);
  assert_true(has(d, "t.yaml:1:1:", "larger than", (const char *)NULL));
  lm_diag_destroy(d);
}

static void test_garbage(void **state) {
  (void)state;
  lm_diag *d = parse("", LM_EINVAL, 1);
  assert_true(has(d, "t.yaml:1:1:", "the scenario is empty", (const char *)NULL));
  lm_diag_destroy(d);
  d = parse_n(NULL, 0, LM_EINVAL, 1);
  lm_diag_destroy(d);
  d = parse("# only a comment\n", LM_EINVAL, 1);
  lm_diag_destroy(d);
  d = parse("42\n", LM_EINVAL, 1);
  assert_true(has(d, "t.yaml:1:1:", "expected a mapping (sections scenario", "got '42'",
                  (const char *)NULL));
  lm_diag_destroy(d);
  d = parse("- a\n- b\n", LM_EINVAL, 1);
  assert_true(has(d, "t.yaml:1:1:", "got a sequence", (const char *)NULL));
  lm_diag_destroy(d);
  d = parse("scenario:\n  name: [t\n", LM_EPARSE, 1);
  assert_true(has(d, "t.yaml:3:1:", "syntax error", (const char *)NULL));
  lm_diag_destroy(d);
  d = parse("scenario:\n  name: t\n bad: 1\n", LM_EPARSE, 1);
  assert_true(has(d, "t.yaml:3:", "syntax error", (const char *)NULL));
  lm_diag_destroy(d);
  d = parse("a: \"unterminated\n", LM_EPARSE, 1);
  lm_diag_destroy(d);
  d = parse("a: *nowhere\n", LM_EPARSE, 1);
  assert_true(has(d, "t.yaml:1:4:", "undefined alias", (const char *)NULL));
  lm_diag_destroy(d);
  d = parse("\tscenario: 1\n", LM_EPARSE, 1);
  lm_diag_destroy(d);
  static const char nul[] = "scenario:\n  name: a\0b\n";
  d = parse_n(nul, sizeof nul - 1, LM_EPARSE, 1);
  assert_true(has(d, "t.yaml:2:10:", "invalid input: control characters are not allowed",
                  (const char *)NULL));
  lm_diag_destroy(d);
  d = parse("scenario:\n  name: \xff\xfe\x80\n", LM_EPARSE, 1);
  assert_true(has(d, "t.yaml:2:9:", "invalid input", (const char *)NULL));
  lm_diag_destroy(d);
  d = parse("\xc3\x28\x00\x01", LM_EPARSE, 1);
  lm_diag_destroy(d);
  /* Two documents: the first is still checked. */
  char *t = malloc(sizeof BASE + 16);
  assert_non_null(t);
  snprintf(t, sizeof BASE + 16, "%s---\na: 1\n", BASE);
  d = parse(t, LM_EINVAL, 1);
  assert_true(has(d, "t.yaml:25:1:", "a second YAML document", (const char *)NULL));
  lm_diag_destroy(d);
  free(t);
  /* A cyclic alias is harmless: the walker only follows the schema. */
  t = subst("zones:\n", "zones: &z [*z]\nzonez:\n");
  d = parse(t, LM_EINVAL, 2);
  assert_true(has(d, "t.yaml:7:", "zones[0]: expected a mapping", (const char *)NULL));
  lm_diag_destroy(d);
  free(t);
}

static void test_load_errors(void **state) {
  (void)state;
  lm_diag *d = lm_diag_create();
  lm_scenario *s = (lm_scenario *)1;
  assert_int_equal(lm_scenario_load("/nonexistent/x.yaml", &s, d), LM_EIO);
  assert_null(s);
  assert_int_equal(lm_diag_errors(d), 1);
  assert_true(has(d, "/nonexistent/x.yaml: error: cannot open '/nonexistent/x.yaml': No such file",
                  (const char *)NULL));
  lm_diag_destroy(d);
  d = lm_diag_create();
  assert_int_equal(lm_scenario_load(LM_SOURCE_DIR, &s, d), LM_EIO);
  assert_null(s);
  lm_diag_destroy(d);
  /* A NULL diag is allowed. */
  assert_int_equal(lm_scenario_parse("x", 1, "t", &s, NULL), LM_EINVAL);
}

/* ---- helpers ------------------------------------------------------------------------- */

static void test_time_of_day(void **state) {
  (void)state;
  double s = -1;
  assert_int_equal(lm_parse_time_of_day("08:00", &s), 0);
  assert_true(s == 28800);
  assert_int_equal(lm_parse_time_of_day("8:05", &s), 0);
  assert_true(s == 8 * 3600 + 300);
  assert_int_equal(lm_parse_time_of_day("00:00", &s), 0);
  assert_true(s == 0);
  assert_int_equal(lm_parse_time_of_day("23:59:59", &s), 0);
  assert_true(s == 86399);
  assert_int_equal(lm_parse_time_of_day("26:30", &s), 0);
  assert_true(s == 26 * 3600 + 1800);
  assert_int_equal(lm_parse_time_of_day("48:00:00", &s), 0);
  assert_true(s == 48 * 3600);
  const char *bad[] = {
      "",      "8",      "08",          "08:",     "08:0",     "08:60",  "48:00:01",
      "49:00", "123:00", "08:00:",      "08:00:6", "08:00:60", " 08:00", "08:00 ",
      "-1:00", "08-00",  "08:00:00:00", "0x8:00",  "ab:cd",    "08:5a"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    s = -1;
    if (lm_parse_time_of_day(bad[i], &s) != LM_EPARSE) fail_msg("accepted '%s'", bad[i]);
    assert_true(s == -1);
  }
  assert_int_equal(lm_parse_time_of_day(NULL, &s), LM_EPARSE);
}

static void test_lookup(void **state) {
  (void)state;
  lm_scenario *s = NULL;
  assert_int_equal(lm_scenario_load(LM_SOURCE_DIR "/scenarios/city.yaml", &s, NULL), 0);
  const lm__ytable *root = lm__scenario_schema();
  const lm__ykey *k = NULL;
  void *f = NULL;
  assert_int_equal(lm__yw_lookup(root, s, "fleet.van.capacity_parcels", &k, &f), 0);
  assert_ptr_equal(f, &s->van.capacity_parcels);
  assert_string_equal(k->name, "capacity_parcels");
  assert_int_equal(k->type, LM__Y_U32);
  assert_int_equal(lm__yw_lookup(root, s, "zones[2].density_per_km2", &k, &f), 0);
  assert_ptr_equal(f, &s->zones[2].density_per_km2);
  assert_int_equal(lm__yw_lookup(root, s, "scenario.seed", &k, &f), 0);
  assert_ptr_equal(f, &s->seed);
  assert_int_equal(lm__yw_lookup(root, s, "region.circuity", &k, &f), 0);
  assert_ptr_equal(f, &s->circuity);
  assert_int_equal(lm__yw_lookup(root, s, "customers.presence_by_hour[7]", &k, &f), 0);
  assert_ptr_equal(f, &s->customers.presence_by_hour[7]);
  assert_int_equal(lm__yw_lookup(root, s, "demand.sizes[1]", &k, &f), 0);
  assert_ptr_equal(f, &s->demand.sizes[1]);
  assert_int_equal(lm__yw_lookup(root, s, "strategies[1].name", &k, &f), 0);
  assert_ptr_equal(f, s->strategies[1].name);
  assert_int_equal(lm__yw_lookup(root, s, "fleet.van", &k, &f), 0);
  assert_int_equal(k->type, LM__Y_MAP);
  const char *bad[] = {
      "",        "flet",       "fleet.van.count.x", "zones.name",       "zones[x].name",
      "zones[1", "fleet..van", "fleet.vans",        "scenario.name[0]", "zones[-1].name"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (lm__yw_lookup(root, s, bad[i], &k, &f) != LM_EINVAL) fail_msg("resolved '%s'", bad[i]);
  /* Well-formed, but past the elements there are: LM_ERANGE. */
  const char *past[] = {"zones[3].name", "customers.presence_by_hour[24]", "demand.sizes[9]"};
  for (size_t i = 0; i < sizeof past / sizeof past[0]; i++)
    if (lm__yw_lookup(root, s, past[i], &k, &f) != LM_ERANGE) fail_msg("resolved '%s'", past[i]);
  lm_scenario_destroy(s);
}

static void test_distance(void **state) {
  (void)state;
  assert_int_equal(lm_edit_distance("count", 5, "count"), 0);
  assert_int_equal(lm_edit_distance("cuont", 5, "count"), 1); /* transposition */
  assert_int_equal(lm_edit_distance("capacity_parcel", 15, "capacity_parcels"), 1);
  assert_int_equal(lm_edit_distance("", 0, "abc"), 3);
  assert_int_equal(lm_edit_distance("kitten", 6, "sitting"), 3);
  char longkey[100];
  memset(longkey, 'a', sizeof longkey);
  assert_int_equal(lm_edit_distance(longkey, sizeof longkey, "a"), 255);
  /* The "did you mean" rule: within a third of the candidate's length, or a prefix. */
  assert_int_equal(lm_suggest_score("replicatons", 11, "replications"), 1);
  assert_int_equal(lm_suggest_score("repl", 4, "replications"), 8);
  assert_int_equal(lm_suggest_score("seed", 4, "jobs"), LM_SUGGEST_NONE);
  assert_int_equal(lm_suggest_score("vann", 4, "van"), 1);
  assert_int_equal(lm_suggest_score("qqqqqq", 6, "zones"), LM_SUGGEST_NONE);
}

/* The fleet keys: the other kinds take the van's shift and service time unless given, a
 * drone carries one parcel, zone names become masks, and list elements resolve as
 * --set paths (tests/fixtures/fleet.yaml). */
static void test_fleet_keys(void **state) {
  (void)state;
  lm_scenario *s = NULL;
  assert_int_equal(lm_scenario_load(LM_SOURCE_DIR "/tests/fixtures/fleet.yaml", &s, NULL), 0);
  assert_true(s->cargo_bike.shift_start_s == s->van.shift_start_s);
  assert_true(s->cargo_bike.shift_end_s == s->van.shift_end_s);
  assert_true(s->cargo_bike.service_time_s == 90 && s->electric_van.service_time_s == 120);
  assert_true(s->drone.capacity_parcels == 1 && s->drone.capacity_volume_l == 5);
  assert_true(s->electric_van.recharge_km_per_h == 20 && s->micro_hub.x_km == -0.2);
  const lm_strategy *bikes = &s->strategies[1], *vans = &s->strategies[0];
  assert_true(lm_strategy_vehicles(s, vans, LM_VEHICLE_VAN) == 4);
  assert_true(lm_strategy_vehicles(s, bikes, LM_VEHICLE_VAN) == 3);
  assert_true(lm_strategy_vehicles(s, bikes, LM_VEHICLE_CARGO_BIKE) == 3);
  assert_true(bikes->zone_mask[LM_VEHICLE_CARGO_BIKE] == 1); /* core */
  assert_true(bikes->zone_mask[LM_VEHICLE_VAN] == 6);        /* edge and farms */
  assert_true(bikes->zone_mask[LM_VEHICLE_DRONE] == UINT64_MAX);
  const lm__ytable *root = lm__scenario_schema();
  const lm__ykey *k = NULL;
  void *f = NULL;
  assert_int_equal(lm__yw_lookup(root, s, "strategies[1].fleet_zones.van[1]", &k, &f), 0);
  assert_ptr_equal(f, bikes->fleet_zones[LM_VEHICLE_VAN].names[1]);
  assert_int_equal(k->type, LM__Y_NAMES);
  assert_int_equal(lm__yw_lookup(root, s, "strategies[1].fleet_zones.van[2]", &k, &f), LM_ERANGE);
  assert_int_equal(lm__yw_lookup(root, s, "strategies[1].fleet_mix.cargo_bike", &k, &f), 0);
  assert_ptr_equal(f, &bikes->fleet_mix[LM_VEHICLE_CARGO_BIKE]);
  lm_scenario_destroy(s);
  /* --set replaces a zone name; a name that is not a zone is refused. */
  const char *ok[] = {"strategies[1].fleet_zones.cargo_bike[0]=edge",
                      "strategies[1].fleet_zones.van[0]=core"};
  assert_int_equal(
      lm_scenario_load_with(LM_SOURCE_DIR "/tests/fixtures/fleet.yaml", ok, 2, NULL, &s, NULL), 0);
  assert_true(s->strategies[1].zone_mask[LM_VEHICLE_CARGO_BIKE] == 2);
  lm_scenario_destroy(s);
  const char *bad[] = {"strategies[1].fleet_zones.cargo_bike[0]=harbour"};
  lm_diag *d = lm_diag_create();
  assert_int_equal(
      lm_scenario_load_with(LM_SOURCE_DIR "/tests/fixtures/fleet.yaml", bad, 1, NULL, &s, d),
      LM_EINVAL);
  assert_true(has(d, "no zone is called 'harbour'", (const char *)NULL));
  lm_diag_destroy(d);
}

/* A target's KPI names are checked against the list the caller passes (the model's, in
 * the program), at the line of the name; without a list they are taken as written. */
static int only_on_time_rate(const char *name, size_t len) {
  return len == 12 && memcmp(name, "on_time_rate", 12) == 0 ? 0 : -1;
}

static void test_target_names(void **state) {
  (void)state;
  const char *path = LM_SOURCE_DIR "/tests/bad/target-unknown-kpi.yaml";
  const lm_scenario_names names = {.kpi = only_on_time_rate};
  lm_scenario *s = NULL;
  lm_diag *d = lm_diag_create();
  assert_int_equal(lm_scenario_load_with(path, NULL, 0, &names, &s, d), LM_EINVAL);
  assert_null(s);
  assert_true(has(d, "target-unknown-kpi.yaml:57:8: error: target.kpi: 'on_time' is not a KPI",
                  (const char *)NULL));
  lm_diag_destroy(d);
  /* The same file with the name corrected by an override loads. */
  const char *fix[] = {"target.kpi=on_time_rate", "target.cost_kpi=on_time_rate"};
  assert_int_equal(lm_scenario_load_with(path, fix, 2, &names, &s, NULL), 0);
  lm_scenario_destroy(s);
  /* No list: the name is kept as written, for the reader of the target to check. */
  assert_int_equal(lm_scenario_load_with(path, NULL, 0, NULL, &s, NULL), 0);
  assert_string_equal(s->target.kpi, "on_time");
  lm_scenario_destroy(s);
}

/* A boolean key takes true/yes/on/1 and false/no/off/0 in any case, from --set as from
 * the file; other words and numbers are refused with the words it takes. */
static void test_booleans(void **state) {
  (void)state;
  const char *path = LM_SOURCE_DIR "/tests/fixtures/small.yaml";
  static const struct {
    const char *word;
    uint32_t value;
  } words[] = {{"true", 1},  {"Yes", 1}, {"ON", 1},  {"1", 1},
               {"False", 0}, {"no", 0},  {"OFF", 0}, {"0", 0}};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    char eta[64], log[64];
    snprintf(eta, sizeof eta, "strategies[0].eta_notification=%s", words[i].word);
    snprintf(log, sizeof log, "output.parcel_log=%s", words[i].word);
    const char *sets[] = {eta, log};
    lm_scenario *s = NULL;
    assert_int_equal(lm_scenario_load_with(path, sets, 2, NULL, &s, NULL), 0);
    assert_int_equal(s->strategies[0].eta_notification, words[i].value);
    assert_int_equal(s->output.parcel_log, words[i].value);
    lm_scenario_destroy(s);
  }
  const char *refused[] = {"y", "n", "maybe", "2", "truer", "tru", ""};
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    char set[64];
    snprintf(set, sizeof set, "strategies[0].drone_first=%s", refused[i]);
    const char *sets[] = {set};
    lm_scenario *s = NULL;
    lm_diag *d = lm_diag_create();
    assert_int_equal(lm_scenario_load_with(path, sets, 1, NULL, &s, d), LM_EINVAL);
    assert_null(s);
    assert_true(has(d,
                    "strategies[0].drone_first (from --set): expected a boolean: true, yes, on, 1 "
                    "or false, no, off, 0",
                    (const char *)NULL));
    lm_diag_destroy(d);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_target_names),   cmocka_unit_test(test_base_defaults),
      cmocka_unit_test(test_city),           cmocka_unit_test(test_every_key),
      cmocka_unit_test(test_yaml_forms),     cmocka_unit_test(test_unknown_keys),
      cmocka_unit_test(test_bad_numbers),    cmocka_unit_test(test_bad_strings_and_times),
      cmocka_unit_test(test_bad_structure),  cmocka_unit_test(test_cross_checks),
      cmocka_unit_test(test_customer_types), cmocka_unit_test(test_limits),
      cmocka_unit_test(test_garbage),        cmocka_unit_test(test_load_errors),
      cmocka_unit_test(test_time_of_day),    cmocka_unit_test(test_lookup),
      cmocka_unit_test(test_fleet_keys),     cmocka_unit_test(test_distance),
      cmocka_unit_test(test_booleans),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
