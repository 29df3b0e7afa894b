/* test_results.c — the KPI table, lm_results in memory, and the HDF5 results file.
 *
 * A hand-built scenario with two strategies gets deterministic KPI values, is written
 * under LM_BINARY_DIR, read back with lm_results_read (every value compared) and opened
 * with the HDF5 C API to check the layout of DESIGN.md: every dataset with its shape,
 * units and long_name, dimension scales attached, root attributes, and /summary and
 * /comparison equal to lm_ci_of / lm_ci_paired of the data. Failure paths: an existing
 * file without force, a missing directory, bad strategy names, files that are not
 * lastmile results. Floats written and read back must be bit-identical; derived values
 * are compared with a relative tolerance of 1e-12.
 */
#define _POSIX_C_SOURCE 200809L /* strdup, unlink */

#include <setjmp.h> /* cmocka needs these before cmocka.h */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lastmile/results_info.h"
#include "lastmile/results_read.h"
#include "lastmile/results_write.h"
#include "lastmile/stats.h"

#define N_REPS 5
#define N_DAYS 3
#define KPIS   ((size_t)LM_KPI_COUNT)

static const char scenario_text[] = "name: tiny\n# a comment, kept verbatim\ndays: 3\n";

/* A scenario with just the fields lm_results_create reads. */
static void fake_scenario(lm_scenario *sc, size_t n_strategies) {
  memset(sc, 0, sizeof *sc);
  snprintf(sc->name, sizeof sc->name, "tiny");
  sc->text = (char *)scenario_text;
  sc->text_len = strlen(scenario_text);
  sc->n_strategies = n_strategies;
  /* Counted days 28 February, 29 February and 1 March 2024, a leap year, after one
   * warm-up day. */
  sc->start_date = lm_date_from_ymd(2024, 2, 27);
  sc->warmup_days = 1;
  static const char *const names[] = {"baseline", "lockers", "evening"};
  for (size_t s = 0; s < n_strategies; s++)
    snprintf(sc->strategies[s].name, LM_NAME_MAX, "%s", names[s]);
}

/* Deterministic, distinct values with some spread over replications. */
static double rep_value(size_t s, size_t r, size_t k) {
  return 100.0 * (double)s + 3.25 * (double)r + (double)k + 0.125 * (double)(r * r % 7);
}

static double day_value(size_t s, size_t r, size_t d, size_t k) {
  return 1e4 * (double)s + 100.0 * (double)r + (double)d + (double)k / 32.0;
}

static lm_results *filled_results(size_t n_strategies, size_t n_reps) {
  lm_scenario sc;
  fake_scenario(&sc, n_strategies);
  lm_results *r = lm_results_create(&sc, n_reps, N_DAYS, 42);
  assert_non_null(r);
  for (size_t s = 0; s < n_strategies; s++)
    for (size_t i = 0; i < n_reps; i++) {
      double *row = lm_results_rep(r, s, i);
      for (size_t k = 0; k < KPIS; k++) row[k] = rep_value(s, i, k);
      for (size_t d = 0; d < N_DAYS; d++) {
        double *day = lm_results_day(r, s, i, d);
        for (size_t k = 0; k < KPIS; k++) day[k] = day_value(s, i, d, k);
      }
    }
  free(r->overrides);
  r->overrides = strdup("days=3 demand.parcels_per_day=10");
  assert_non_null(r->overrides);
  r->complete = 1;
  return r;
}

/* A fresh path under the build directory: the file and its .tmp are removed first. */
static const char *test_path(char *buf, size_t n, const char *name) {
  snprintf(buf, n, "%s/test_results_%s.h5", LM_BINARY_DIR, name);
  char tmp[600];
  snprintf(tmp, sizeof tmp, "%s.tmp", buf);
  unlink(buf);
  unlink(tmp);
  return buf;
}

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* Whether a temporary file of `path` (lm_publish: ".NAME.XXXXXX.tmp" beside it) or the
 * old fixed name NAME.tmp is left in its directory. */
static int tmp_exists(const char *path) {
  char tmp[600];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  if (exists(tmp)) return 1;
  const char *slash = strrchr(path, '/');
  snprintf(tmp, sizeof tmp, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
  DIR *dir = opendir(tmp);
  if (!dir) return 0;
  const char *base = slash ? slash + 1 : path;
  size_t n = strlen(base);
  int found = 0;
  for (struct dirent *e; !found && (e = readdir(dir));)
    found =
        e->d_name[0] == '.' && !strncmp(e->d_name + 1, base, n) && lm_publish_is_temp(e->d_name);
  closedir(dir);
  return found;
}

/* Equal within a relative 1e-12, NaN equal to NaN. */
static void assert_close(double a, double b) {
  if (isnan(a) || isnan(b)) {
    assert_true(isnan(a) && isnan(b));
    return;
  }
  double scale = fabs(a) > 1.0 ? fabs(a) : 1.0;
  if (fabs(a - b) > 1e-12 * scale) fail_msg("%.17g != %.17g", a, b);
}

/* True when some message in `d` contains `needle`. */
static int diag_has(const lm_diag *d, const char *needle) {
  for (size_t i = 0; i < lm_diag_count(d); i++)
    if (strstr(lm_diag_message(d, i), needle)) return 1;
  return 0;
}

static void write_ok(const lm_results *r, const char *path) {
  lm_diag *d = lm_diag_create();
  int rc = lm_results_write(r, path, 0, d);
  if (rc) lm_diag_print(d, stderr);
  assert_int_equal(rc, 0);
  assert_int_equal(lm_diag_errors(d), 0);
  lm_diag_destroy(d);
  assert_true(exists(path));
  assert_false(tmp_exists(path));
}

/* Tests --------------------------------------------------------------------------------- */

static void kpi_table_is_complete(void **state) {
  (void)state;
  for (size_t k = 0; k < KPIS; k++) {
    assert_non_null(lm_kpi_defs[k].name);
    assert_non_null(lm_kpi_defs[k].units);
    assert_non_null(lm_kpi_defs[k].long_name);
    assert_true(lm_kpi_defs[k].units[0] && lm_kpi_defs[k].long_name[0]);
    for (size_t j = 0; j < k; j++)
      assert_string_not_equal(lm_kpi_defs[j].name, lm_kpi_defs[k].name);
  }
  assert_string_equal(lm_kpi_defs[LM_KPI_VAN_KM].name, "van_km");
  assert_string_equal(lm_kpi_defs[LM_KPI_MEAN_ORDER_TO_RECEIPT_H].units, "h");
  assert_string_equal(lm_kpi_defs[LM_KPI_ON_TIME_RATE].units, "1");
  /* lm_kpi_find knows every name and only whole names; directions are -1, 0 or +1 */
  for (size_t k = 0; k < KPIS; k++) {
    const char *name = lm_kpi_defs[k].name;
    assert_int_equal(lm_kpi_find(name, strlen(name)), (int)k);
    assert_int_equal(lm_kpi_find(name, strlen(name) - 1), -1);
    assert_true(lm_kpi_defs[k].better >= -1 && lm_kpi_defs[k].better <= 1);
  }
  /* results files, MPI messages and KPI rows rely on these positions never moving */
  assert_int_equal(LM_KPI_PARCELS_CREATED, 0);
  assert_int_equal(LM_KPI_VAN_KM, 25);
  assert_int_equal(LM_KPI_COST_TOTAL, 29);
  assert_int_equal(LM_KPI_MEAN_ORDER_TO_RECEIPT_H, 35);
  assert_int_equal(LM_KPI_COST_VEHICLES, 54);
  assert_int_equal(LM_KPI_CUSTOMER_TRIP_CO2_KG, 69);
}

static void create_fills_nan_and_copies(void **state) {
  (void)state;
  lm_scenario sc;
  fake_scenario(&sc, 2);
  lm_results *r = lm_results_create(&sc, N_REPS, N_DAYS, 7);
  assert_non_null(r);
  assert_string_equal(r->scenario_name, "tiny");
  assert_string_equal(r->scenario_text, scenario_text);
  assert_string_equal(r->overrides, "");
  assert_string_equal(r->strategy_names[1], "lockers");
  assert_int_equal(r->master_seed, 7);
  assert_int_equal(r->complete, 0);
  for (size_t i = 0; i < 2 * N_REPS * KPIS; i++) assert_true(isnan(r->rep[i]));
  for (size_t i = 0; i < 2 * N_REPS * N_DAYS * KPIS; i++) assert_true(isnan(r->daily[i]));
  assert_ptr_equal(lm_results_rep(r, 1, 2), r->rep + (1 * N_REPS + 2) * KPIS);
  assert_ptr_equal(lm_results_day(r, 1, 2, 1), r->daily + ((1 * N_REPS + 2) * N_DAYS + 1) * KPIS);
  lm_results_destroy(r);
  lm_results_destroy(NULL);
}

static void round_trip_keeps_every_value(void **state) {
  (void)state;
  char path[512];
  test_path(path, sizeof path, "roundtrip");
  lm_results *r = filled_results(2, N_REPS);
  r->rep[3] = NAN; /* unfinished values survive as NaN */
  r->daily[5] = NAN;
  write_ok(r, path);

  lm_diag *d = lm_diag_create();
  lm_results *back = NULL;
  assert_int_equal(lm_results_read(path, &back, d), 0);
  assert_non_null(back);
  assert_string_equal(back->scenario_name, "tiny");
  assert_string_equal(back->scenario_text, scenario_text);
  assert_string_equal(back->overrides, r->overrides);
  assert_int_equal(back->master_seed, 42);
  assert_int_equal(back->complete, 1);
  assert_int_equal(back->n_strategies, 2);
  assert_int_equal(back->n_replications, N_REPS);
  assert_int_equal(back->n_days, N_DAYS);
  assert_int_equal(back->first_date, lm_date_from_ymd(2024, 2, 28));
  assert_int_equal(back->warmup_days, 1);
  assert_string_equal(back->strategy_names[0], "baseline");
  assert_string_equal(back->strategy_names[1], "lockers");
  for (size_t i = 0; i < 2 * N_REPS * KPIS; i++)
    assert_true(memcmp(&back->rep[i], &r->rep[i], sizeof(double)) == 0 ||
                (isnan(back->rep[i]) && isnan(r->rep[i])));
  for (size_t i = 0; i < 2 * N_REPS * N_DAYS * KPIS; i++)
    assert_true(memcmp(&back->daily[i], &r->daily[i], sizeof(double)) == 0 ||
                (isnan(back->daily[i]) && isnan(r->daily[i])));
  lm_results_destroy(back);
  lm_results_destroy(r);
  lm_diag_destroy(d);
}

/* Checks a string attribute of `obj` with the HDF5 C API. */
static void assert_attr_str(hid_t obj, const char *name, const char *want) {
  char buf[1024] = "";
  assert_true(H5Aexists(obj, name) > 0);
  hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  hid_t t = H5Aget_type(a);
  assert_int_equal(H5Tget_class(t), H5T_STRING);
  char *v = NULL;
  hid_t mt = H5Tcopy(H5T_C_S1);
  H5Tset_size(mt, H5T_VARIABLE);
  H5Tset_cset(mt, H5T_CSET_UTF8);
  assert_true(H5Aread(a, mt, &v) >= 0);
  snprintf(buf, sizeof buf, "%s", v);
  H5free_memory(v);
  H5Tclose(mt);
  H5Tclose(t);
  H5Aclose(a);
  if (want) assert_string_equal(buf, want);
}

/* Dataset `path` holds exactly the `n` variable-length UTF-8 strings `want`. */
static void assert_strings(hid_t f, const char *path, size_t n, const char *const *want) {
  hid_t ds = H5Dopen2(f, path, H5P_DEFAULT);
  assert_true(ds >= 0);
  hid_t t = H5Dget_type(ds);
  assert_int_equal(H5Tget_class(t), H5T_STRING);
  assert_true(H5Tis_variable_str(t) > 0);
  assert_int_equal(H5Tget_cset(t), H5T_CSET_UTF8);
  hid_t sp = H5Dget_space(ds);
  assert_int_equal(H5Sget_simple_extent_npoints(sp), (hssize_t)n);
  char *got[8] = {0};
  assert_true(n <= 8);
  assert_true(H5Dread(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, got) >= 0);
  for (size_t i = 0; i < n; i++) assert_string_equal(got[i], want[i]);
  H5Dvlen_reclaim(t, sp, H5P_DEFAULT, got);
  H5Sclose(sp);
  H5Tclose(t);
  H5Dclose(ds);
}

static uint64_t attr_u64(hid_t obj, const char *name) {
  uint64_t v = 0;
  assert_true(H5LTget_attribute(obj, ".", name, H5T_NATIVE_UINT64, &v) >= 0);
  return v;
}

/* Dataset `path` has this shape, KPI k's units and long_name, and `scales` attached. */
static void check_dataset(hid_t f, const char *path, int rank, const hsize_t *dims, size_t k,
                          const char *const *scales) {
  if (H5LTpath_valid(f, path, 1) <= 0) fail_msg("missing %s", path);
  hid_t ds = H5Dopen2(f, path, H5P_DEFAULT);
  hid_t sp = H5Dget_space(ds);
  hsize_t got[3] = {0, 0, 0};
  assert_int_equal(H5Sget_simple_extent_ndims(sp), rank);
  H5Sget_simple_extent_dims(sp, got, NULL);
  for (int i = 0; i < rank; i++) assert_int_equal(got[i], dims[i]);
  hid_t t = H5Dget_type(ds);
  assert_int_equal(H5Tget_class(t), H5T_FLOAT);
  assert_int_equal(H5Tget_size(t), 8);
  assert_attr_str(ds, "units", lm_kpi_defs[k].units);
  assert_attr_str(ds, "long_name", lm_kpi_defs[k].long_name);
  for (int i = 0; i < rank; i++) {
    hid_t sc = H5Dopen2(f, scales[i], H5P_DEFAULT);
    assert_true(H5DSis_scale(sc) > 0);
    if (H5DSis_attached(ds, sc, (unsigned)i) <= 0)
      fail_msg("%s dim %d lacks %s", path, i, scales[i]);
    H5Dclose(sc);
  }
  H5Tclose(t);
  H5Sclose(sp);
  H5Dclose(ds);
}

static void layout_matches_design(void **state) {
  (void)state;
  char path[512];
  test_path(path, sizeof path, "layout");
  lm_results *r = filled_results(2, N_REPS);
  write_ok(r, path);

  hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  assert_true(f >= 0);
  assert_attr_str(f, "lastmile_version", LASTMILE_VERSION);
  assert_attr_str(f, "scenario_name", "tiny");
  assert_attr_str(f, "created_utc", NULL);
  assert_int_equal(attr_u64(f, "master_seed"), 42);
  assert_int_equal(attr_u64(f, "replications"), N_REPS);
  assert_int_equal(attr_u64(f, "counted_days"), N_DAYS);
  assert_int_equal(attr_u64(f, "warmup_days"), 1);
  assert_int_equal(attr_u64(f, "simulated_days"), N_DAYS + 1);
  assert_attr_str(f, "first_date", "2024-02-28");
  assert_attr_str(f, "start_date", "2024-02-27");
  assert_int_equal(attr_u64(f, "strategies"), 2);
  int complete = -1;
  assert_true(H5LTget_attribute_int(f, "/", "complete", &complete) >= 0);
  assert_int_equal(complete, 1);

  /* The scenario text, verbatim, and the overrides. */
  hid_t ds = H5Dopen2(f, "/input/scenario_yaml", H5P_DEFAULT);
  assert_true(ds >= 0);
  hid_t mt = H5Tcopy(H5T_C_S1);
  H5Tset_size(mt, H5T_VARIABLE);
  H5Tset_cset(mt, H5T_CSET_UTF8);
  char *text = NULL;
  assert_true(H5Dread(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text) >= 0);
  assert_string_equal(text, scenario_text);
  H5free_memory(text);
  H5Tclose(mt);
  assert_attr_str(ds, "overrides", r->overrides);
  H5Dclose(ds);

  assert_attr_str(f, "Conventions", "CF-1.8");
  int layout = -1;
  assert_true(H5LTget_attribute_int(f, "/", "lastmile_layout", &layout) >= 0);
  assert_int_equal(layout, 2);

  /* Scales: values of /replication, dates of /daily/day, names of /strategy, all
   * variable-length strings (netCDF-4 strings). */
  unsigned idx[N_REPS];
  assert_true(H5LTread_dataset(f, "/replication", H5T_NATIVE_UINT, idx) >= 0);
  for (unsigned i = 0; i < N_REPS; i++) assert_int_equal(idx[i], i);
  /* /daily/day holds the dates of the counted days, across 29 February. */
  const char *dates[] = {"2024-02-28", "2024-02-29", "2024-03-01"};
  assert_strings(f, "/daily/day", N_DAYS, dates);
  const char *strategies[] = {"baseline", "lockers"};
  assert_strings(f, "/strategy", 2, strategies);
  assert_strings(f, "/daily/strategy", 2, strategies);
  assert_strings(f, "/summary/strategy", 2, strategies);
  const char *stats[] = {"mean", "sd", "ci_low", "ci_high"};
  assert_strings(f, "/summary/statistic", 4, stats);

  const char *const rep_scales[] = {"/strategy", "/replication"}, *const day_scales[] = {
                                                                      "/daily/strategy",
                                                                      "/daily/replication",
                                                                      "/daily/day"};
  const char *const sum_scales[] = {"/summary/strategy", "/summary/statistic"},
                    *const cmp_scales[] = {"/comparison/strategy", "/comparison/difference"};
  double sum[2 * 4], cmp[2 * 3];
  for (size_t k = 0; k < KPIS; k++) {
    char p[256];
    const char *kn = lm_kpi_defs[k].name;
    hsize_t dims[3] = {2, N_REPS, N_DAYS};
    snprintf(p, sizeof p, "/%s", kn);
    check_dataset(f, p, 2, dims, k, rep_scales);
    snprintf(p, sizeof p, "/daily/%s", kn);
    check_dataset(f, p, 3, dims, k, day_scales);
    hsize_t sdims[2] = {2, 4}, cdims[2] = {2, 3};
    snprintf(p, sizeof p, "/summary/%s", kn);
    check_dataset(f, p, 2, sdims, k, sum_scales);
    assert_true(H5LTread_dataset_double(f, p, sum) >= 0);
    snprintf(p, sizeof p, "/comparison/%s", kn);
    check_dataset(f, p, 2, cdims, k, cmp_scales);
    assert_true(H5LTread_dataset_double(f, p, cmp) >= 0);
    for (size_t s = 0; s < 2; s++) {
      lm_ci ci = lm_ci_of(r->rep + s * N_REPS * KPIS + k, N_REPS, KPIS, 0.95);
      assert_close(sum[s * 4 + 0], ci.mean);
      assert_close(sum[s * 4 + 1], ci.sd);
      assert_close(sum[s * 4 + 2], ci.low);
      assert_close(sum[s * 4 + 3], ci.high);
      assert_true(ci.sd > 0.0 && ci.low < ci.mean && ci.mean < ci.high);
      lm_ci pd = lm_ci_paired(r->rep + s * N_REPS * KPIS + k, r->rep + k, N_REPS, KPIS, 0.95);
      assert_close(cmp[s * 3 + 0], pd.mean);
      assert_close(cmp[s * 3 + 1], pd.low);
      assert_close(cmp[s * 3 + 2], pd.high);
    }
    /* Row 0 is the first strategy against itself; here the second is 100 higher. */
    assert_close(cmp[0], 0.0);
    assert_close(cmp[1], 0.0);
    assert_close(cmp[2], 0.0);
    assert_close(cmp[3], 100.0);
  }
  H5Fclose(f);
  lm_results_destroy(r);
}

static void one_replication_has_no_interval(void **state) {
  (void)state;
  char path[512];
  test_path(path, sizeof path, "onerep");
  lm_results *r = filled_results(2, 1);
  write_ok(r, path);
  double sum[2 * 4];
  hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  assert_true(H5LTread_dataset_double(f, "/summary/van_km", sum) >= 0);
  H5Fclose(f);
  assert_close(sum[0], rep_value(0, 0, LM_KPI_VAN_KM));
  assert_true(isnan(sum[1]) && isnan(sum[2]) && isnan(sum[3]));
  lm_results_destroy(r);
}

/* The whole file as bytes, to prove it was not touched. */
static char *slurp(const char *path, size_t *n) {
  FILE *fp = fopen(path, "rb");
  assert_non_null(fp);
  fseek(fp, 0, SEEK_END);
  long len = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  char *buf = malloc((size_t)len + 1);
  assert_non_null(buf);
  *n = fread(buf, 1, (size_t)len, fp);
  fclose(fp);
  return buf;
}

static void existing_file_needs_force(void **state) {
  (void)state;
  char path[512];
  test_path(path, sizeof path, "exists");
  lm_results *r = filled_results(2, N_REPS);
  write_ok(r, path);
  size_t n0, n1;
  char *before = slurp(path, &n0);

  r->master_seed = 99;
  lm_diag *d = lm_diag_create();
  assert_int_equal(lm_results_write(r, path, 0, d), LM_EEXIST);
  assert_true(diag_has(d, "exists"));
  assert_true(diag_has(d, path));
  char *after = slurp(path, &n1);
  assert_int_equal(n0, n1);
  assert_memory_equal(before, after, n0);
  assert_false(tmp_exists(path));

  /* With force the file is replaced. */
  assert_int_equal(lm_results_write(r, path, 1, d), 0);
  assert_false(tmp_exists(path));
  lm_results *back = NULL;
  assert_int_equal(lm_results_read(path, &back, d), 0);
  assert_int_equal(back->master_seed, 99);
  lm_results_destroy(back);
  free(before);
  free(after);
  lm_diag_destroy(d);
  lm_results_destroy(r);
}

static void missing_directory_fails_cleanly(void **state) {
  (void)state;
  const char *path = LM_BINARY_DIR "/test_results_no_such_dir/out.h5";
  lm_results *r = filled_results(2, N_REPS);
  lm_diag *d = lm_diag_create();
  assert_int_equal(lm_results_write(r, path, 0, d), LM_EIO);
  assert_true(diag_has(d, "does not exist"));
  assert_false(exists(path));
  assert_false(tmp_exists(path));
  assert_int_equal(lm_results_write(r, path, 1, d), LM_EIO);
  assert_false(tmp_exists(path));
  lm_diag_destroy(d);
  lm_results_destroy(r);
}

static void bad_strategy_names_are_refused(void **state) {
  (void)state;
  char path[512];
  test_path(path, sizeof path, "badnames");
  lm_results *r = filled_results(2, N_REPS);
  lm_diag *d = lm_diag_create();
  snprintf(r->strategy_names[1], LM_NAME_MAX, "a/b");
  assert_int_equal(lm_results_write(r, path, 0, d), LM_EINVAL);
  snprintf(r->strategy_names[1], LM_NAME_MAX, "baseline");
  assert_int_equal(lm_results_write(r, path, 0, d), LM_EINVAL);
  assert_true(diag_has(d, "twice"));
  assert_false(exists(path));
  assert_false(tmp_exists(path));
  lm_diag_destroy(d);
  lm_results_destroy(r);
}

/* Writes `r` to `path` with the file size limited to `limit` bytes (standing in for a full
 * disk) and checks that it fails, leaving neither the file nor its .tmp behind. */
static void write_with_limit(const lm_results *r, const char *path, rlim_t limit) {
  struct rlimit saved, small;
  assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
  if (saved.rlim_max != RLIM_INFINITY && saved.rlim_max < limit) return;
  lm_diag *d = lm_diag_create();
  small = saved;
  small.rlim_cur = limit;
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
  int rc = lm_results_write(r, path, 0, d);
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
  if (getenv("LM_SHOW_INFO")) lm_diag_print(d, stdout);
  assert_int_equal(rc, LM_EIO);
  assert_true(diag_has(d, "File too large"));
  assert_false(exists(path));
  assert_false(tmp_exists(path));
  lm_diag_destroy(d);
}

static void failed_write_leaves_nothing(void **state) {
  (void)state;
  char path[512];
  test_path(path, sizeof path, "full");
  void (*old)(int) = signal(SIGXFSZ, SIG_IGN);
  /* The file is built in memory, so the limit strikes while it is saved, at different
   * offsets of the image. */
  lm_results *r = filled_results(2, N_REPS);
  static const rlim_t limits[] = {1000, 4096, 20000, 60000, 150000};
  for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++)
    write_with_limit(r, path, limits[i]);
  lm_results_destroy(r);
  /* A larger file (about 5 MB), cut off early and late. */
  lm_scenario sc;
  fake_scenario(&sc, 2);
  r = lm_results_create(&sc, 1200, 10, 1);
  assert_non_null(r);
  write_with_limit(r, path, 150000);
  write_with_limit(r, path, 1000000);
  lm_results_destroy(r);
  signal(SIGXFSZ, old);
}

/* HDF5 error printing is off during our calls and the caller's handler is kept. */
static herr_t counting_handler(hid_t stack, void *data) {
  (void)stack;
  ++*(int *)data;
  return 0;
}

static void hdf5_error_handler_is_restored(void **state) {
  (void)state;
  int calls = 0;
  H5E_auto2_t saved;
  void *saved_data;
  H5Eget_auto2(H5E_DEFAULT, &saved, &saved_data);
  H5Eset_auto2(H5E_DEFAULT, counting_handler, &calls);
  lm_diag *d = lm_diag_create();
  lm_results *out = NULL;
  char path[512];
  test_path(path, sizeof path, "handler");
  FILE *fp = fopen(path, "w");
  fputs("not hdf5\n", fp);
  fclose(fp);
  assert_int_equal(lm_results_read(path, &out, d), LM_EFORMAT);
  assert_int_equal(calls, 0);
  H5E_auto2_t now;
  void *now_data;
  H5Eget_auto2(H5E_DEFAULT, &now, &now_data);
  assert_true(now == counting_handler && now_data == &calls);
  H5Eset_auto2(H5E_DEFAULT, saved, saved_data);
  lm_diag_destroy(d);
}

static void info_prints_a_table(void **state) {
  (void)state;
  char path[512];
  test_path(path, sizeof path, "info");
  lm_results *r = filled_results(2, N_REPS);
  write_ok(r, path);
  FILE *out = tmpfile();
  assert_non_null(out);
  lm_diag *d = lm_diag_create();
  assert_int_equal(lm_results_info(path, out, d), 0);
  size_t n = (size_t)ftell(out);
  rewind(out);
  char *text = calloc(n + 1, 1);
  assert_int_equal(fread(text, 1, n, out), n);
  fclose(out);
  assert_non_null(strstr(text, "tiny"));
  assert_non_null(strstr(text, "baseline"));
  assert_non_null(strstr(text, "lockers"));
  assert_non_null(strstr(text, "±"));
  assert_non_null(strstr(text, "counted days  3, 2024-02-28 to 2024-03-01 (after 1 warm-up day "
                               "from 2024-02-27)"));
  for (size_t k = 0; k < KPIS; k++)
    if (!strstr(text, lm_kpi_defs[k].name)) fail_msg("no %s in:\n%s", lm_kpi_defs[k].name, text);
  if (getenv("LM_SHOW_INFO")) fputs(text, stdout);
  free(text);
  lm_diag_destroy(d);
  lm_results_destroy(r);
}

static void reading_bad_files_fails_cleanly(void **state) {
  (void)state;
  char path[512];
  lm_diag *d = lm_diag_create();
  lm_results *out = (lm_results *)1;

  assert_int_equal(lm_results_read(LM_BINARY_DIR "/no_such_file.h5", &out, d), LM_EIO);
  assert_null(out);

  test_path(path, sizeof path, "text");
  FILE *fp = fopen(path, "w");
  fputs("name: not an hdf5 file\n", fp);
  fclose(fp);
  assert_int_equal(lm_results_read(path, &out, d), LM_EFORMAT);
  assert_null(out);
  assert_true(diag_has(d, "not an HDF5 file"));
  assert_int_equal(lm_results_info(path, stdout, d), LM_EFORMAT);

  test_path(path, sizeof path, "foreign");
  hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  H5Fclose(f);
  assert_int_equal(lm_results_read(path, &out, d), LM_EFORMAT);
  assert_true(diag_has(d, "lastmile_version"));

  /* A results file with one KPI dataset removed names the missing dataset. */
  test_path(path, sizeof path, "missing_kpi");
  lm_results *r = filled_results(2, N_REPS);
  write_ok(r, path);
  f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
  assert_true(H5Ldelete(f, "/daily/stolen", H5P_DEFAULT) >= 0);
  H5Fclose(f);
  assert_int_equal(lm_results_read(path, &out, d), LM_EFORMAT);
  assert_null(out);
  assert_true(diag_has(d, "/daily/stolen"));

  /* A file of another layout (one without lastmile_layout is layout 1) is refused with a
   * message naming both layouts. */
  test_path(path, sizeof path, "old_layout");
  write_ok(r, path);
  f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
  assert_true(H5Adelete(f, "lastmile_layout") >= 0);
  H5Fclose(f);
  assert_int_equal(lm_results_read(path, &out, d), LM_EFORMAT);
  assert_null(out);
  assert_true(diag_has(d, "a results file of layout 1"));
  assert_true(diag_has(d, "reads layout 2 only"));
  assert_int_equal(lm_results_info(path, stdout, d), LM_EFORMAT);
  lm_results_destroy(r);
  lm_diag_destroy(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(kpi_table_is_complete),
      cmocka_unit_test(create_fills_nan_and_copies),
      cmocka_unit_test(round_trip_keeps_every_value),
      cmocka_unit_test(layout_matches_design),
      cmocka_unit_test(one_replication_has_no_interval),
      cmocka_unit_test(existing_file_needs_force),
      cmocka_unit_test(missing_directory_fails_cleanly),
      cmocka_unit_test(bad_strategy_names_are_refused),
      cmocka_unit_test(failed_write_leaves_nothing),
      cmocka_unit_test(hdf5_error_handler_is_restored),
      cmocka_unit_test(info_prints_a_table),
      cmocka_unit_test(reading_bad_files_fails_cleanly),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
