/* test_instance.c — the benchmark-instance readers and the .sol writer.
 *
 * C101 (Solomon), X-n101-k25 (CVRP) and C101.vrp (DIMACS CVRPTW) are read field by field
 * against values copied from the files; the three distance rules against their formulas,
 * through both the matrix and the on-demand path; the problem handed to the router is
 * checked stop by stop; a hand-made plan and the C101 DIMACS optimum are written as .sol
 * and compared line by line; every malformed fixture must fail with LM_EPARSE and one
 * message naming the right line; and reading without building gives the file's data and
 * no distances, and building it afterwards gives what loading gives.
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

#include "lastmile/instance.h"

#define FIXTURES LM_SOURCE_DIR "/tests/fixtures/instances/"

static lm_instance *load_ok(const char *path, lm_distance_rule rule) {
  lm_diag *d = lm_diag_create();
  lm_instance *inst = NULL;
  int rc = lm_instance_load(path, rule, &inst, d);
  if (rc) lm_diag_print(d, stderr);
  assert_int_equal(rc, 0);
  assert_non_null(inst);
  assert_int_equal(lm_diag_errors(d), 0);
  lm_diag_destroy(d);
  return inst;
}

static double travel(const lm_instance *inst, uint32_t a, uint32_t b) {
  double dist = -1.0;
  double t = inst->problem.travel(inst->problem.travel_ud, 0, a, b, 123.0, &dist);
  assert_true(t == dist);
  return dist;
}

static void test_c101_solomon(void **state) {
  (void)state;
  lm_instance *inst = load_ok(FIXTURES "C101.txt", LM_DIST_AUTO);
  assert_string_equal(inst->name, "C101");
  assert_int_equal(inst->format, LM_INST_SOLOMON);
  assert_int_equal(inst->rule, LM_DIST_REAL);
  assert_true(inst->has_time_windows);
  assert_int_equal(inst->n_customers, 100);
  assert_int_equal(inst->capacity, 200);
  assert_int_equal(inst->max_vehicles, 25);
  assert_true(inst->x[0] == 40 && inst->y[0] == 50 && inst->ready[0] == 0 && inst->due[0] == 1236);
  /* "1 45 68 10 912 967 90" and the last row "100 55 85 20 647 726 90". */
  assert_true(inst->x[1] == 45 && inst->y[1] == 68 && inst->demand[1] == 10);
  assert_true(inst->ready[1] == 912 && inst->due[1] == 967 && inst->service[1] == 90);
  assert_true(inst->x[100] == 55 && inst->y[100] == 85 && inst->demand[100] == 20);
  assert_true(inst->ready[100] == 647 && inst->due[100] == 726);
  assert_non_null(inst->matrix);
  assert_true(fabs(lm_instance_distance(inst, 0, 1) - sqrt(25.0 + 324.0)) < 1e-12);

  const lm_rproblem *p = &inst->problem;
  assert_int_equal(p->n_stops, 100);
  assert_int_equal(p->n_vehicles, 25);
  assert_int_equal(p->n_nodes, 101);
  assert_int_equal(p->objective, LM_OBJ_DISTANCE);
  assert_int_equal(p->static_travel, 1);
  assert_ptr_equal(p->node_x, inst->x);
  uint32_t total = 0;
  for (size_t i = 0; i < p->n_stops; i++) {
    const lm_rstop *s = &p->stops[i];
    assert_int_equal(s->node, i + 1);
    assert_int_equal(s->parcels, inst->demand[i + 1]);
    assert_true(s->open_s == inst->ready[i + 1] && s->close_s == inst->due[i + 1]);
    assert_true(s->service_s == 90.0 && s->volume_l == 0.0 && s->penalty >= 1e6);
    total += s->parcels;
  }
  assert_int_equal(total, 1810);
  for (size_t v = 0; v < p->n_vehicles; v++) {
    const lm_rvehicle *veh = &p->vehicles[v];
    assert_int_equal(veh->start_node, 0);
    assert_int_equal(veh->end_node, 0);
    assert_int_equal(veh->capacity_parcels, 200);
    assert_true(veh->capacity_volume_l >= 1e9);
    assert_true(veh->shift_start_s == 0.0 && veh->shift_end_s == 1236.0);
    assert_true(veh->cost_fixed == 0.0 && veh->max_duration_s == 0.0);
  }
  lm_instance_destroy(inst);
  lm_instance_destroy(NULL);
}

static void test_x_cvrp(void **state) {
  (void)state;
  lm_instance *inst = load_ok(FIXTURES "X-n101-k25.vrp", LM_DIST_AUTO);
  assert_string_equal(inst->name, "X-n101-k25");
  assert_int_equal(inst->format, LM_INST_VRPLIB);
  assert_int_equal(inst->rule, LM_DIST_ROUND);
  assert_false(inst->has_time_windows);
  assert_int_equal(inst->n_customers, 100);
  assert_int_equal(inst->capacity, 206);
  assert_int_equal(inst->max_vehicles, 100); /* no VEHICLES line: one per customer */
  assert_true(inst->x[0] == 365 && inst->y[0] == 689 && inst->demand[0] == 0);
  assert_true(inst->x[1] == 146 && inst->y[1] == 180 && inst->demand[100] == 35);
  assert_true(isinf(inst->due[0]) && isinf(inst->problem.stops[0].close_s));
  assert_true(inst->service[0] == 0.0 && inst->service[1] == 0.0);
  /* (365,689) to (146,180): sqrt(219^2 + 509^2) = 554.11..., rounded 554. */
  assert_true(lm_instance_distance(inst, 0, 1) == 554.0);
  assert_int_equal(inst->problem.n_vehicles, 100);
  lm_instance_destroy(inst);
}

static void test_c101_dimacs_vrp(void **state) {
  (void)state;
  lm_instance *inst = load_ok(FIXTURES "C101.vrp", LM_DIST_AUTO);
  assert_string_equal(inst->name, "C101");
  assert_int_equal(inst->rule, LM_DIST_TRUNC1);
  assert_true(inst->has_time_windows);
  assert_int_equal(inst->max_vehicles, 25);
  assert_int_equal(inst->n_customers, 100);
  assert_true(inst->service[0] == 0.0 && inst->service[1] == 90.0);
  assert_true(inst->ready[1] == 912 && inst->due[1] == 967 && inst->due[0] == 1236);
  /* sqrt(349) = 18.68..., truncated to 18.6. */
  assert_true(fabs(lm_instance_distance(inst, 0, 1) - 18.6) < 1e-12);
  lm_instance_destroy(inst);
}

static void test_distance_rules(void **state) {
  (void)state;
  static const lm_distance_rule rules[] = {LM_DIST_REAL, LM_DIST_ROUND, LM_DIST_TRUNC1};
  for (size_t r = 0; r < 3; r++) {
    lm_instance *inst = load_ok(FIXTURES "tiny.txt", rules[r]);
    assert_int_equal(inst->rule, rules[r]);
    for (uint32_t a = 0; a <= 5; a++) {
      for (uint32_t b = 0; b <= 5; b++) {
        double d = hypot(inst->x[a] - inst->x[b], inst->y[a] - inst->y[b]);
        double want = rules[r] == LM_DIST_REAL    ? d
                      : rules[r] == LM_DIST_ROUND ? floor(d + 0.5)
                                                  : floor(10.0 * d) / 10.0;
        assert_true(fabs(lm_instance_distance(inst, a, b) - want) < 1e-9);
        assert_true(travel(inst, a, b) == lm_instance_distance(inst, a, b));
      }
    }
    lm_instance_destroy(inst);
  }
}

/* Writes a Solomon file of n customers on a grid; returns its path (static buffer). */
static const char *write_big(size_t n) {
  static char path[512];
  snprintf(path, sizeof path, "%s/instance_big.txt", LM_BINARY_DIR);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fprintf(f,
          "BIG\n\nVEHICLE\nNUMBER     CAPACITY\n  %zu   100\n\nCUSTOMER\n"
          "CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\n",
          n);
  fprintf(f, "0 50 50 0 0 100000 0\n");
  for (size_t i = 1; i <= n; i++)
    fprintf(f, "%zu %zu.5 %zu 1 0 90000 10\n", i, i % 97, (i * 31) % 101);
  fclose(f);
  return path;
}

static void test_no_matrix_above_2000(void **state) {
  (void)state;
  lm_instance *inst = load_ok(write_big(2100), LM_DIST_TRUNC1);
  assert_null(inst->matrix);
  assert_int_equal(inst->n_customers, 2100);
  assert_int_equal(inst->max_vehicles, 2100);
  double d = hypot(inst->x[7] - inst->x[2099], inst->y[7] - inst->y[2099]);
  assert_true(fabs(lm_instance_distance(inst, 7, 2099) - floor(10.0 * d) / 10.0) < 1e-12);
  assert_true(travel(inst, 2099, 7) == lm_instance_distance(inst, 7, 2099));
  lm_instance_destroy(inst);
  lm_instance *small = load_ok(write_big(2000), LM_DIST_AUTO);
  assert_non_null(small->matrix);
  lm_instance_destroy(small);
  remove(write_big(1));
}

/* A Solomon file without its name line takes the file's name; a vehicle number far above
 * the customer count keeps its value but gives the router one record per customer. */
static void test_no_name_many_vehicles(void **state) {
  (void)state;
  char path[512];
  snprintf(path, sizeof path, "%s/instance_noname.txt", LM_BINARY_DIR);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("VEHICLE\nNUMBER CAPACITY\n 4000000000 10\nCUSTOMER\n"
        "0 0 0 0 0 100 0\n1 3 4 1 0 100 0\n2 6 8 1 0 100 0\n",
        f);
  fclose(f);
  lm_instance *inst = load_ok(path, LM_DIST_AUTO);
  assert_string_equal(inst->name, "instance_noname");
  assert_int_equal(inst->max_vehicles, 4000000000u);
  assert_int_equal(inst->problem.n_vehicles, 2);
  assert_true(lm_instance_distance(inst, 0, 2) == 10.0);
  lm_instance_destroy(inst);
  remove(path);
}

/* Reads a whole small file into buf. */
static void slurp(const char *path, char *buf, size_t cap) {
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  size_t n = fread(buf, 1, cap - 1, f);
  buf[n] = '\0';
  fclose(f);
}

static void test_write_sol(void **state) {
  (void)state;
  lm_instance *inst = load_ok(FIXTURES "tiny.txt", LM_DIST_AUTO);
  /* Vehicle 0: stops 0 1 2 (customers 1 2 3); vehicle 1 empty; vehicle 2: stops 4 3. */
  size_t begin[4] = {0, 3, 3, 5};
  uint32_t order[5] = {0, 1, 2, 4, 3};
  lm_rplan plan = {.n_vehicles = 3, .begin = begin, .order = order};
  char path[512], text[1024], want[1024];
  snprintf(path, sizeof path, "%s/instance_tiny.sol", LM_BINARY_DIR);
  lm_diag *d = lm_diag_create();
  assert_int_equal(lm_instance_write_sol(inst, &plan, path, d), 0);
  double cost = 0.0;
  uint32_t r1[] = {0, 1, 2, 3, 0}, r2[] = {0, 5, 4, 0};
  for (size_t i = 0; i + 1 < 5; i++) cost += lm_instance_distance(inst, r1[i], r1[i + 1]);
  for (size_t i = 0; i + 1 < 4; i++) cost += lm_instance_distance(inst, r2[i], r2[i + 1]);
  snprintf(want, sizeof want, "Route #1: 1 2 3\nRoute #2: 5 4\nCost %.2f\n", cost);
  slurp(path, text, sizeof text);
  assert_string_equal(text, want);
  remove(path);
  assert_int_equal(lm_instance_write_sol(inst, &plan, LM_BINARY_DIR "/no/such/dir/x.sol", d),
                   LM_EIO);
  assert_int_equal(lm_diag_errors(d), 1);
  lm_diag_destroy(d);
  lm_instance_destroy(inst);
}

/* The C101 DIMACS optimum read from its .sol, written back: same routes, cost 827.3. */
static void test_sol_round_trip(void **state) {
  (void)state;
  lm_instance *inst = load_ok(FIXTURES "C101.vrp", LM_DIST_AUTO);
  char orig[8192], text[8192], path[512];
  slurp(FIXTURES "C101-dimacs.sol", orig, sizeof orig);
  size_t begin[32] = {0}, nv = 0, m = 0;
  uint32_t order[128];
  for (char *line = strtok(orig, "\n"); line; line = strtok(NULL, "\n")) {
    if (strncmp(line, "Route", 5)) continue;
    char *p = strchr(line, ':') + 1, *end;
    for (long c = strtol(p, &end, 10); end != p; c = strtol(p, &end, 10)) {
      order[m++] = (uint32_t)(c - 1);
      p = end;
    }
    begin[++nv] = m;
  }
  assert_int_equal(nv, 10);
  assert_int_equal(m, 100);
  lm_rplan plan = {.n_vehicles = nv, .begin = begin, .order = order};
  snprintf(path, sizeof path, "%s/instance_c101.sol", LM_BINARY_DIR);
  assert_int_equal(lm_instance_write_sol(inst, &plan, path, NULL), 0);
  slurp(path, text, sizeof text);
  slurp(FIXTURES "C101-dimacs.sol", orig, sizeof orig);
  /* The original has a trailing blank on each route line; compare without it. */
  char *o = orig, *t = text;
  while (*o || *t) {
    if (*o == ' ' && o[1] == '\n') o++;
    assert_int_equal(*o, *t);
    o++;
    t++;
  }
  remove(path);
  lm_instance_destroy(inst);
}

typedef struct bad_case {
  const char *file;
  size_t line;
  const char *says;
} bad_case;

static const bad_case bad_cases[] = {
    {"binary-garbage.vrp", 1, "expected text, got the binary byte"},
    {"blank-lines-only.vrp", 1, "empty file"},
    {"empty.txt", 1, "empty file"},
    {"not-an-instance.txt", 1, "got 'hello world'"},
    {"solomon-bad-vehicle-line.txt", 5, "expected 2 numbers"},
    {"solomon-demand-over-capacity.txt", 11, "fit the capacity 50, got 99"},
    {"solomon-due-before-ready.txt", 14, "due >= ready for node 4"},
    {"solomon-duplicate.txt", 13, "got customer 2 a second time"},
    {"solomon-negative-demand.txt", 13, "demand >= 0 for node 3, got -10"},
    {"solomon-no-customer-section.txt", 7, "expected 'CUSTOMER', got the end of the file"},
    {"solomon-not-a-number.txt", 12, "a number for YCOORD., got '7O'"},
    {"solomon-out-of-order.txt", 13, "expected customer 3"},
    {"solomon-truncated-row.txt", 15, "expected 7 numbers"},
    {"vrp-bad-edge-weight-type.vrp", 4, "EUC_2D"},
    {"vrp-bad-type.vrp", 2, "expected TYPE CVRP or CVRPTW, got 'TSP'"},
    {"vrp-depot-not-node-1.vrp", 21, "depot to be node 1"},
    {"vrp-due-before-ready.vrp", 27, "due >= ready for node 5"},
    {"vrp-duplicate-node.vrp", 10, "a second node 3"},
    {"vrp-missing-capacity.vrp", 22, "expected CAPACITY"},
    {"vrp-missing-demand-section.vrp", 16, "expected DEMAND_SECTION"},
    {"vrp-missing-time-windows.vrp", 25, "expected TIME_WINDOW_SECTION"},
    {"vrp-negative-demand.vrp", 16, "demand >= 0 for node 3, got -30"},
    {"vrp-not-a-number.vrp", 10, "got 'x66'"},
    {"vrp-too-few-coords.vrp", 12, "got 'DEMAND_SECTION'"},
    {"vrp-truncated.vrp", 16, "in DEMAND_SECTION, got the end of the file"},
};

static void test_malformed(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
    const bad_case *c = &bad_cases[i];
    char path[512], head[600];
    snprintf(path, sizeof path, FIXTURES "bad/%s", c->file);
    lm_diag *d = lm_diag_create();
    lm_instance *inst = (lm_instance *)&inst; /* must be reset to NULL */
    int rc = lm_instance_load(path, LM_DIST_AUTO, &inst, d);
    if (rc != LM_EPARSE || lm_diag_count(d) != 1) {
      fprintf(stderr, "%s: rc %d\n", c->file, rc);
      lm_diag_print(d, stderr);
    }
    assert_int_equal(rc, LM_EPARSE);
    assert_null(inst);
    assert_int_equal(lm_diag_errors(d), 1);
    snprintf(head, sizeof head, "%s:%zu: error: expected", path, c->line);
    const char *msg = lm_diag_message(d, 0);
    if (strncmp(msg, head, strlen(head)) || !strstr(msg, c->says))
      fprintf(stderr, "got:  %s\nwant: %s ... %s\n", msg, head, c->says);
    assert_int_equal(strncmp(msg, head, strlen(head)), 0);
    assert_non_null(strstr(msg, c->says));
    lm_diag_destroy(d);
  }
}

/* lm_instance_read gives the file's data and no distances; building it afterwards gives
 * exactly what lm_instance_load gives, for every format and rule; a malformed file fails
 * the read with the load's code and message. */
static void test_read_then_build(void **state) {
  (void)state;
  static const char *files[] = {"C101.txt", "X-n101-k25.vrp", "C101.vrp", "tiny-tw.vrp"};
  static const lm_distance_rule rules[] = {LM_DIST_AUTO, LM_DIST_ROUND};
  for (size_t f = 0; f < 4; f++) {
    for (size_t r = 0; r < 2; r++) {
      char path[512];
      snprintf(path, sizeof path, FIXTURES "%s", files[f]);
      lm_instance *want = load_ok(path, rules[r]);
      lm_diag *d = lm_diag_create();
      lm_instance *got = NULL;
      assert_int_equal(lm_instance_read(path, &got, d), 0);
      assert_int_equal(lm_diag_count(d), 0);
      lm_diag_destroy(d);
      size_t nn = want->n_customers + 1;
      assert_null(got->matrix);
      assert_null(got->stops);
      assert_null(got->vehicles);
      assert_null(got->problem.travel);
      assert_int_equal(got->problem.n_stops, 0);
      assert_string_equal(got->name, want->name);
      assert_int_equal(got->n_customers, want->n_customers);
      assert_int_equal(got->capacity, want->capacity);
      assert_int_equal(got->max_vehicles, want->max_vehicles);
      assert_int_equal(got->has_time_windows, want->has_time_windows);
      assert_memory_equal(got->x, want->x, nn * sizeof *got->x);
      assert_memory_equal(got->y, want->y, nn * sizeof *got->y);
      assert_memory_equal(got->demand, want->demand, nn * sizeof *got->demand);
      assert_memory_equal(got->ready, want->ready, nn * sizeof *got->ready);
      assert_memory_equal(got->due, want->due, nn * sizeof *got->due);
      assert_memory_equal(got->service, want->service, nn * sizeof *got->service);
      if (rules[r] == LM_DIST_AUTO) assert_int_equal(got->rule, want->rule);
      assert_int_equal(lm_instance_build(got, rules[r]), 0);
      assert_int_equal(got->rule, want->rule);
      assert_non_null(got->matrix);
      assert_memory_equal(got->matrix, want->matrix, nn * nn * sizeof *got->matrix);
      assert_int_equal(got->problem.n_stops, want->problem.n_stops);
      assert_int_equal(got->problem.n_vehicles, want->problem.n_vehicles);
      assert_memory_equal(got->stops, want->stops, want->problem.n_stops * sizeof *got->stops);
      assert_memory_equal(got->vehicles, want->vehicles,
                          want->problem.n_vehicles * sizeof *got->vehicles);
      assert_ptr_equal(got->problem.stops, got->stops);
      assert_ptr_equal(got->problem.travel_ud, got);
      assert_ptr_equal(got->problem.node_x, got->x);
      assert_int_equal(got->problem.objective, want->problem.objective);
      assert_int_equal(got->problem.n_nodes, want->problem.n_nodes);
      assert_true(travel(got, 0, 1) == travel(want, 0, 1));
      /* Building again replaces the distances; LM_DIST_AUTO keeps the rule in force. */
      assert_int_equal(lm_instance_build(got, LM_DIST_TRUNC1), 0);
      assert_int_equal(lm_instance_build(got, LM_DIST_AUTO), 0);
      assert_int_equal(got->rule, LM_DIST_TRUNC1);
      double d01 = hypot(got->x[0] - got->x[1], got->y[0] - got->y[1]);
      assert_true(lm_instance_distance(got, 0, 1) == floor(10.0 * d01) / 10.0);
      lm_instance_destroy(got);
      lm_instance_destroy(want);
    }
  }
  for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
    char path[512];
    snprintf(path, sizeof path, FIXTURES "bad/%s", bad_cases[i].file);
    lm_diag *dl = lm_diag_create(), *dr = lm_diag_create();
    lm_instance *loaded = NULL, *read = (lm_instance *)&read; /* must be reset to NULL */
    int rc = lm_instance_load(path, LM_DIST_AUTO, &loaded, dl);
    assert_int_equal(lm_instance_read(path, &read, dr), rc);
    assert_null(read);
    assert_int_equal(lm_diag_count(dr), 1);
    assert_string_equal(lm_diag_message(dr, 0), lm_diag_message(dl, 0));
    lm_diag_destroy(dl);
    lm_diag_destroy(dr);
  }
}

static void test_missing_file(void **state) {
  (void)state;
  lm_diag *d = lm_diag_create();
  lm_instance *inst = NULL;
  assert_int_equal(lm_instance_load(FIXTURES "no-such-file.txt", LM_DIST_AUTO, &inst, d), LM_EIO);
  assert_null(inst);
  assert_non_null(strstr(lm_diag_message(d, 0), "no-such-file.txt: error: cannot open"));
  lm_diag_destroy(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_c101_solomon),         cmocka_unit_test(test_x_cvrp),
      cmocka_unit_test(test_c101_dimacs_vrp),      cmocka_unit_test(test_distance_rules),
      cmocka_unit_test(test_no_matrix_above_2000), cmocka_unit_test(test_write_sol),
      cmocka_unit_test(test_sol_round_trip),       cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_missing_file),         cmocka_unit_test(test_no_name_many_vehicles),
      cmocka_unit_test(test_read_then_build),
  };
  return cmocka_run_group_tests_name("instance", tests, NULL, NULL);
}
