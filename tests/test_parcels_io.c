/* test_parcels_io.c — the detail outputs of a results file read back: the parcel logs,
 * and the tours of a day.
 *
 * Hand-built logs for two strategies are written with lm_results_write and read with
 * lm_results_read; every field must come back bit for bit (NaN where it was NaN). A file
 * without logs reads with no logs; a log missing a field is refused
 * with a message naming it.
 */
#define _POSIX_C_SOURCE 200809L /* unlink */

#include <setjmp.h> /* cmocka needs these before cmocka.h */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lastmile/results_read.h"
#include "lastmile/results_write.h"

#define N_PARCELS 7
#define N_STOPS   5

static const char scenario_text[] = "name: detail\n";

static lm_results *make_results(void) {
  lm_scenario sc;
  memset(&sc, 0, sizeof sc);
  snprintf(sc.name, sizeof sc.name, "detail");
  sc.text = (char *)scenario_text;
  sc.text_len = strlen(scenario_text);
  sc.n_strategies = 2;
  snprintf(sc.strategies[0].name, LM_NAME_MAX, "home");
  snprintf(sc.strategies[1].name, LM_NAME_MAX, "locker");
  sc.start_date = lm_date_from_ymd(2026, 11, 23);
  sc.warmup_days = 2;
  lm_results *r = lm_results_create(&sc, 2, 3, 9);
  assert_non_null(r);
  for (size_t i = 0; i < 2 * 2 * LM_KPI_COUNT; i++) r->rep[i] = (double)i;
  for (size_t i = 0; i < 2 * 2 * 3 * LM_KPI_COUNT; i++) r->daily[i] = (double)i / 8;
  r->complete = 1;
  return r;
}

/* Every column of a log, zeroed, n entries. */
#define ALLOC_(field, kind, presence, units, long_name)                                            \
  assert_non_null(log->field = calloc(n, sizeof *log->field));

static void fill_parcels(lm_parcel_log *log, size_t s) {
  size_t n = N_PARCELS;
  log->n = n;
  LM_PARCEL_COLUMNS(ALLOC_)
  for (size_t i = 0; i < n; i++) {
    log->customer[i] = (uint32_t)(10 * s + i);
    log->day_created[i] = (int32_t)(i / 3) - 2; /* warm-up days are negative */
    log->order_s[i] = 3600.5 * (double)i;
    log->value_eur[i] = 12.25 + (double)i;
    log->resolved_s[i] = i == 2 ? NAN : 86400.0 + 100.0 * (double)i;
    log->placed_s[i] = i % 3 == 0 ? 80000.0 + (double)i : NAN;
    log->due_s[i] = 172800.0 + 86400.0 * (double)(i % 5);
    log->delivered_s[i] = i % 4 == 0 ? NAN : 90000.0 + (double)i;
    log->size[i] = (uint8_t)(i % 2);
    log->state[i] = (uint8_t)(i == 2 ? 5 : 6);
    log->attempts[i] = (uint8_t)(i % 4);
    log->destination[i] = (int16_t)(i % 3 == 0 ? (int)s : -1);
  }
}

static void fill_routes(lm_route_log *log, size_t s) {
  size_t n = N_STOPS;
  log->n = n;
  LM_ROUTE_COLUMNS(ALLOC_)
  for (size_t i = 0; i < n; i++) {
    log->van[i] = (uint32_t)(i / 3);
    log->sequence[i] = (uint32_t)(i % 3);
    log->x_km[i] = 0.5 * (double)i - (double)s;
    log->y_km[i] = -0.25 * (double)i;
    log->planned_s[i] = 30000.0 + 600.0 * (double)i;
    log->arrival_s[i] = i == 4 ? NAN : log->planned_s[i] + 60.0;
    log->parcels[i] = (uint32_t)(1 + i % 2);
    log->handed_over[i] = (uint32_t)(i % 2);
    log->site[i] = i == 1 ? 0 : -1;
  }
  log->depot_x_km = 1.5;
  log->depot_y_km = -2.0;
}

static void path_for(char *buf, size_t n, const char *name) {
  snprintf(buf, n, "%s/test_parcels_io_%s.h5", LM_BINARY_DIR, name);
  unlink(buf);
}

static int same(double a, double b) {
  return memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b));
}

static void assert_parcels_equal(const lm_parcel_log *a, const lm_parcel_log *b) {
  assert_int_equal(a->n, b->n);
  for (size_t i = 0; i < a->n; i++) {
    assert_int_equal(a->customer[i], b->customer[i]);
    assert_int_equal(a->day_created[i], b->day_created[i]);
    assert_true(same(a->order_s[i], b->order_s[i]));
    assert_true(same(a->value_eur[i], b->value_eur[i]));
    assert_true(same(a->resolved_s[i], b->resolved_s[i]));
    assert_true(same(a->placed_s[i], b->placed_s[i]));
    assert_true(same(a->due_s[i], b->due_s[i]));
    assert_true(same(a->delivered_s[i], b->delivered_s[i]));
    assert_int_equal(a->size[i], b->size[i]);
    assert_int_equal(a->state[i], b->state[i]);
    assert_int_equal(a->attempts[i], b->attempts[i]);
    assert_int_equal(a->destination[i], b->destination[i]);
  }
}

static void assert_routes_equal(const lm_route_log *a, const lm_route_log *b) {
  assert_int_equal(a->n, b->n);
  assert_true(same(a->depot_x_km, b->depot_x_km) && same(a->depot_y_km, b->depot_y_km));
  for (size_t i = 0; i < a->n; i++) {
    assert_int_equal(a->van[i], b->van[i]);
    assert_int_equal(a->wave[i], b->wave[i]);
    assert_int_equal(a->sequence[i], b->sequence[i]);
    assert_true(same(a->x_km[i], b->x_km[i]) && same(a->y_km[i], b->y_km[i]));
    assert_true(same(a->planned_s[i], b->planned_s[i]));
    assert_true(same(a->arrival_s[i], b->arrival_s[i]));
    assert_int_equal(a->parcels[i], b->parcels[i]);
    assert_int_equal(a->handed_over[i], b->handed_over[i]);
    assert_int_equal(a->site[i], b->site[i]);
  }
}

static lm_results *write_and_read(const lm_results *r, const char *path) {
  lm_diag *d = lm_diag_create();
  assert_int_equal(lm_results_write(r, path, 1, d), 0);
  lm_results *back = NULL;
  int rc = lm_results_read(path, &back, d);
  if (rc) lm_diag_print(d, stderr);
  assert_int_equal(rc, 0);
  lm_diag_destroy(d);
  return back;
}

static void logs_round_trip(void **state) {
  (void)state;
  char path[512];
  path_for(path, sizeof path, "logs");
  lm_results *r = make_results();
  r->parcel_logs = calloc(2, sizeof *r->parcel_logs);
  r->route_logs = calloc(2, sizeof *r->route_logs);
  assert_true(r->parcel_logs && r->route_logs);
  for (size_t s = 0; s < 2; s++) {
    fill_parcels(&r->parcel_logs[s], s);
    fill_routes(&r->route_logs[s], s);
  }
  r->routes_day = 2;
  lm_results *back = write_and_read(r, path);
  assert_non_null(back->parcel_logs);
  assert_non_null(back->route_logs);
  assert_int_equal(back->routes_day, 2);
  assert_int_equal(back->first_date, lm_date_from_ymd(2026, 11, 25));
  assert_int_equal(back->warmup_days, 2);
  for (size_t s = 0; s < 2; s++) {
    assert_parcels_equal(&r->parcel_logs[s], &back->parcel_logs[s]);
    assert_routes_equal(&r->route_logs[s], &back->route_logs[s]);
  }
  lm_results_destroy(back);
  lm_results_destroy(r);
  unlink(path);
}

static void no_logs_read_as_none(void **state) {
  (void)state;
  char path[512];
  path_for(path, sizeof path, "none");
  lm_results *r = make_results();
  lm_results *back = write_and_read(r, path);
  assert_null(back->parcel_logs);
  assert_null(back->route_logs);
  lm_results_destroy(back);
  lm_results_destroy(r);
  unlink(path);
}

/* Results with parcel logs for both strategies written to `path`, then the locker log's
 * datasets `fields` deleted from the file. */
static lm_results *write_without(const char *path, const char *const *fields, size_t n_fields) {
  lm_results *r = make_results();
  r->parcel_logs = calloc(2, sizeof *r->parcel_logs);
  assert_non_null(r->parcel_logs);
  for (size_t s = 0; s < 2; s++) fill_parcels(&r->parcel_logs[s], s);
  lm_diag *d = lm_diag_create();
  assert_int_equal(lm_results_write(r, path, 1, d), 0);
  lm_diag_destroy(d);
  hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
  assert_true(f >= 0);
  for (size_t k = 0; k < n_fields; k++) {
    char link[128];
    snprintf(link, sizeof link, "/parcels/locker/%s", fields[k]);
    assert_true(H5Ldelete(f, link, H5P_DEFAULT) >= 0);
  }
  H5Fclose(f);
  return r;
}

/* A log that lost a field is not a lastmile log: refused with the field's name. */
static void missing_field_is_refused(void **state) {
  (void)state;
  char path[512];
  path_for(path, sizeof path, "broken");
  const char *lost[] = {"state"};
  lm_results *r = write_without(path, lost, 1);
  lm_diag *d = lm_diag_create();
  lm_results *back = NULL;
  assert_int_equal(lm_results_read(path, &back, d), LM_EFORMAT);
  assert_null(back);
  int named = 0;
  for (size_t i = 0; i < lm_diag_count(d); i++)
    named |= strstr(lm_diag_message(d, i), "state") != 0;
  assert_true(named);
  lm_diag_destroy(d);
  lm_results_destroy(r);
  unlink(path);
}

/* A log written before placed_s, due_s and delivered_s existed (the OPTIONAL columns)
 * reads with those columns all NaN and every other column intact. */
static void optional_fields_read_as_nan(void **state) {
  (void)state;
  char path[512];
  path_for(path, sizeof path, "older");
  const char *older[] = {"placed_s", "due_s", "delivered_s"};
  lm_results *r = write_without(path, older, 3);
  lm_results *back = NULL;
  lm_diag *d = lm_diag_create();
  assert_int_equal(lm_results_read(path, &back, d), 0);
  lm_parcel_log *a = &r->parcel_logs[1];
  for (size_t i = 0; i < a->n; i++) a->placed_s[i] = a->due_s[i] = a->delivered_s[i] = NAN;
  assert_parcels_equal(a, &back->parcel_logs[1]);
  assert_parcels_equal(&r->parcel_logs[0], &back->parcel_logs[0]);
  lm_diag_destroy(d);
  lm_results_destroy(back);
  lm_results_destroy(r);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(logs_round_trip),
      cmocka_unit_test(no_logs_read_as_none),
      cmocka_unit_test(missing_field_is_refused),
      cmocka_unit_test(optional_fields_read_as_nan),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
