/* test_scenario_doc.c — the scenario as text (scenario_doc.h) and scenarios that extend
 * others.
 *
 * For every bundled scenario (every .yaml file of scenarios/): the resolved dump and the commented
 * template each load back to a scenario equal to the original, byte for byte outside the
 * pointers (which are compared by what they point to); the dump holds no `extends` and no
 * key twice. Extends: a chain of three files merges maps key by key and replaces lists; a
 * merge key gives an item the keys of an anchored one; cycles, missing bases and errors in
 * a base are reported in the right file.
 */
#include <setjmp.h> /* cmocka needs these first */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lastmile/scenario.h"
#include "lastmile/scenario_doc.h"

/* Whether a and b are the same scenario: every byte of the struct but the pointers and
 * what only provenance keeps (the text, its path, the bases), and the customers read from
 * a file or an instance element by element. */
static void assert_same(const lm_scenario *a, const lm_scenario *b) {
  lm_scenario *x = malloc(sizeof *x), *y = malloc(sizeof *y);
  assert_non_null(x);
  assert_non_null(y);
  memcpy(x, a, sizeof *x);
  memcpy(y, b, sizeof *y);
  lm_scenario *both[2] = {x, y};
  for (int i = 0; i < 2; i++) {
    lm_scenario *s = both[i];
    s->path = s->text = NULL;
    s->text_len = 0;
    s->bases = NULL;
    s->n_bases = 0;
    s->file_x_km = s->file_y_km = s->file_weight = s->file_open_s = s->file_close_s = NULL;
  }
  assert_int_equal(a->n_file_customers, b->n_file_customers);
  size_t n = a->n_file_customers;
  const double *pa[5] = {a->file_x_km, a->file_y_km, a->file_weight, a->file_open_s,
                         a->file_close_s};
  const double *pb[5] = {b->file_x_km, b->file_y_km, b->file_weight, b->file_open_s,
                         b->file_close_s};
  for (int k = 0; k < 5; k++) {
    assert_true((pa[k] == NULL) == (pb[k] == NULL));
    if (pa[k] && n) assert_memory_equal(pa[k], pb[k], n * sizeof(double));
  }
  if (memcmp(x, y, sizeof *x)) {
    const unsigned char *p = (const void *)x, *q = (const void *)y;
    size_t at = 0;
    while (p[at] == q[at]) at++;
    fail_msg("scenario '%s' differs from its reload at byte %zu of %zu", a->name, at, sizeof *x);
  }
  free(x);
  free(y);
}

static lm_scenario *load(const char *path) {
  lm_diag *d = lm_diag_create();
  lm_scenario *s = NULL;
  int rc = lm_scenario_load(path, &s, d);
  if (rc) lm_diag_print(d, stderr);
  lm_diag_destroy(d);
  assert_int_equal(rc, 0);
  return s;
}

static lm_scenario *parse(const char *text, size_t len, const char *name) {
  lm_diag *d = lm_diag_create();
  lm_scenario *s = NULL;
  int rc = lm_scenario_parse(text, len, name, &s, d);
  if (rc) {
    lm_diag_print(d, stderr);
    fprintf(stderr, "%s\n", text);
  }
  lm_diag_destroy(d);
  assert_int_equal(rc, 0);
  return s;
}

static void each_bundled(void (*check)(const char *path)) {
  const char *dir = LM_SOURCE_DIR "/scenarios";
  DIR *d = opendir(dir);
  assert_non_null(d);
  size_t seen = 0;
  for (struct dirent *e; (e = readdir(d));) {
    size_t n = strlen(e->d_name);
    if (n < 6 || strcmp(e->d_name + n - 5, ".yaml")) continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    check(path);
    seen++;
  }
  closedir(d);
  assert_true(seen >= 8);
}

static void dump_one(const char *path) {
  lm_scenario *s = load(path);
  char *text;
  size_t len;
  assert_int_equal(lm_scenario_dump_resolved(s, &text, &len), 0);
  assert_int_equal(strlen(text), len);
  assert_null(strstr(text, "extends"));
  lm_scenario *r = parse(text, len, path); /* the same folder for customers files */
  assert_same(s, r);
  /* The dump of the reload is the same text: nothing was left to a default twice. */
  char *again;
  size_t again_len;
  assert_int_equal(lm_scenario_dump_resolved(r, &again, &again_len), 0);
  assert_string_equal(text, again);
  free(again);
  free(text);
  lm_scenario_destroy(r);
  lm_scenario_destroy(s);
}

static void template_one(const char *path) {
  lm_scenario *s = load(path);
  char *text;
  size_t len;
  assert_int_equal(lm_scenario_template(s, &text, &len), 0);
  lm_scenario *r = parse(text, len, path);
  assert_same(s, r);
  free(text);
  lm_scenario_destroy(r);
  lm_scenario_destroy(s);
}

static void test_dump_reloads_every_bundled_scenario(void **state) {
  (void)state;
  each_bundled(dump_one);
}

static void test_template_reloads_every_bundled_scenario(void **state) {
  (void)state;
  each_bundled(template_one);
}

/* ---- extends ------------------------------------------------------------------------- */

static char dir[256];

static void put(const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  assert_int_equal(fclose(f), 0);
}

static const char BASE[] = "scenario: {name: base, days: 9}\n"
                           "depot: {x_km: 0, y_km: 0}\n"
                           "zones:\n"
                           "  - {name: a, bounds_km: [0, 0, 1, 1], density_per_km2: 100}\n"
                           "  - {name: b, bounds_km: [1, 0, 2, 1], density_per_km2: 50}\n"
                           "fleet:\n"
                           "  van: {count: 2, capacity_parcels: 100, capacity_volume_l: 1000,\n"
                           "        shift_start: \"08:00\", shift_end: \"17:00\", speed_kmh: 30}\n"
                           "demand:\n"
                           "  parcels_per_day: 50\n"
                           "  sizes: [{name: S, volume_l: 5, share: 1}]\n"
                           "strategies:\n"
                           "  - name: s1\n"
                           "  - name: s2\n";

/* Loads dir/name; returns the code and the messages joined in `msgs`. */
static int load_in(const char *name, lm_scenario **s, char *msgs, size_t cap) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  lm_diag *d = lm_diag_create();
  int rc = lm_scenario_load(path, s, d);
  msgs[0] = '\0';
  for (size_t i = 0; i < lm_diag_count(d); i++)
    snprintf(msgs + strlen(msgs), cap - strlen(msgs), "%s\n", lm_diag_message(d, i));
  lm_diag_destroy(d);
  return rc;
}

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "%s/extends-XXXXXX", LM_BINARY_DIR);
  return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static void test_extends_chain_merges_maps_and_replaces_lists(void **state) {
  (void)state;
  put("base.yaml", BASE);
  put("mid.yaml", "extends: base.yaml\n"
                  "scenario: {name: mid}\n"
                  "fleet: {van: {count: 5}}\n"
                  "strategies: [{name: only}]\n");
  put("top.yaml", "extends: mid.yaml\n"
                  "scenario: {replications: 3}\n"
                  "zones: [{name: z, bounds_km: [0, 0, 2, 2], density_per_km2: 10}]\n");
  lm_scenario *s = NULL;
  char msgs[2048];
  assert_int_equal(load_in("top.yaml", &s, msgs, sizeof msgs), 0);
  assert_string_equal(s->name, "mid");  /* from mid.yaml */
  assert_int_equal(s->days, 9);         /* from base.yaml, beside mid's name */
  assert_int_equal(s->replications, 3); /* from top.yaml */
  assert_int_equal(s->van.count, 5);    /* mid.yaml's, merged into base's van */
  assert_int_equal(s->van.capacity_parcels, 100);
  assert_int_equal(s->n_strategies, 1); /* lists replace */
  assert_string_equal(s->strategies[0].name, "only");
  assert_int_equal(s->n_zones, 1);
  assert_string_equal(s->zones[0].name, "z");
  assert_int_equal(s->n_bases, 2);
  assert_non_null(strstr(s->bases[0].path, "mid.yaml"));
  assert_non_null(strstr(s->bases[1].path, "base.yaml"));
  assert_string_equal(s->bases[1].text, BASE);
  /* The same scenario written out in full. */
  char *text;
  size_t len;
  assert_int_equal(lm_scenario_dump_resolved(s, &text, &len), 0);
  lm_scenario *r = parse(text, len, s->path);
  assert_same(s, r);
  free(text);
  lm_scenario_destroy(r);
  lm_scenario_destroy(s);
}

static void test_extends_errors_name_their_file(void **state) {
  (void)state;
  lm_scenario *s = NULL;
  char msgs[2048];
  put("base.yaml", BASE);
  put("one.yaml", "extends: two.yaml\n");
  put("two.yaml", "extends: one.yaml\n");
  assert_int_equal(load_in("one.yaml", &s, msgs, sizeof msgs), LM_EINVAL);
  assert_non_null(strstr(msgs, "two.yaml:1:10: error: extends:"));
  assert_non_null(strstr(msgs, "a cycle"));
  assert_non_null(strstr(msgs, "one.yaml -> "));

  put("lost.yaml", "extends: nowhere.yaml\n");
  assert_int_equal(load_in("lost.yaml", &s, msgs, sizeof msgs), LM_EINVAL);
  assert_non_null(strstr(msgs, "lost.yaml:1:10: error: extends: cannot read"));

  /* A bad value in the base is reported in the base; one in the top file in the top. */
  put("bad-base.yaml", "scenario: {name: b}\ndepot: {x_km: x, y_km: 0}\n");
  put("child.yaml", "extends: bad-base.yaml\nzones: 3\n");
  assert_int_equal(load_in("child.yaml", &s, msgs, sizeof msgs), LM_EINVAL);
  assert_non_null(strstr(msgs, "bad-base.yaml:2:15: error: depot.x_km"));
  assert_non_null(strstr(msgs, "child.yaml:2:8: error: zones"));
  assert_null(s);

  /* A finish check on a value from the base points into the base. */
  put("small-van.yaml", "extends: base.yaml\nfleet: {van: {capacity_volume_l: 1}}\n");
  assert_int_equal(load_in("small-van.yaml", &s, msgs, sizeof msgs), LM_EINVAL);
  assert_non_null(strstr(msgs, "base.yaml:11:"));
  assert_non_null(strstr(msgs, "a parcel larger than any van"));
}

static void test_merge_keys(void **state) {
  (void)state;
  char text[2048];
  snprintf(text, sizeof text, "%.*s", (int)(strstr(BASE, "strategies:") - BASE), BASE);
  strcat(text, "strategies:\n"
               "  - &careful {name: careful, max_attempts: 2, when_not_home: neighbour}\n"
               "  - {<<: *careful, name: bold, when_not_home: leave_at_door}\n"
               "  - {<<: [*careful], name: third}\n");
  lm_scenario *s = parse(text, strlen(text), "m.yaml");
  assert_int_equal(s->n_strategies, 3);
  assert_string_equal(s->strategies[1].name, "bold");
  assert_int_equal(s->strategies[1].max_attempts, 2);
  assert_int_equal(s->strategies[1].not_home, LM_NOT_HOME_LEAVE_AT_DOOR);
  assert_int_equal(s->strategies[2].not_home, LM_NOT_HOME_NEIGHBOUR);
  lm_scenario_destroy(s);
  /* A merge key must name mappings. */
  strcat(text, "  - {<<: 3, name: four}\n");
  lm_diag *d = lm_diag_create();
  assert_int_equal(lm_scenario_parse(text, strlen(text), "m.yaml", &s, d), LM_EINVAL);
  assert_non_null(strstr(lm_diag_message(d, 0), "a merge key '<<' takes a mapping"));
  lm_diag_destroy(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_dump_reloads_every_bundled_scenario),
      cmocka_unit_test(test_template_reloads_every_bundled_scenario),
      cmocka_unit_test(test_extends_chain_merges_maps_and_replaces_lists),
      cmocka_unit_test(test_extends_errors_name_their_file),
      cmocka_unit_test(test_merge_keys),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
