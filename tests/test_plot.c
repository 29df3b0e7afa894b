/* test_plot.c — the gnuplot driver of `lastmile plot`.
 *
 * lm_plot_quote: quotes doubled, control characters made spaces, everything else kept
 * byte for byte, truncation reported. lm_plot_find_gnuplot: only an executable file
 * called gnuplot in a PATH folder counts. lm_plot_draw with a stand-in gnuplot (a shell
 * script): a failing one has its message reported and leaves no file; one that writes
 * nothing is an error. With the real gnuplot (when installed): names holding newlines,
 * carriage returns, quotes, backquotes, @macros, a datablock terminator and a trailing
 * backslash draw every figure as text and run nothing.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, setenv */

#include <setjmp.h> /* cmocka needs these before cmocka.h */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lastmile/plot.h"

#define SCRIPTS LM_SOURCE_DIR "/plots"

static void quote_is(const char *in, const char *want) {
  char buf[256];
  size_t n = lm_plot_quote(in, buf, sizeof buf);
  assert_string_equal(buf, want);
  assert_int_equal(n, strlen(want));
}

static void quoting(void **state) {
  (void)state;
  quote_is("plain", "'plain'");
  quote_is("", "''");
  quote_is("it's", "'it''s'");
  quote_is("''", "''''''");
  quote_is("a\nb\rc\td", "'a b c d'");
  quote_is("back\\slash\\", "'back\\slash\\'");
  quote_is("`cmd` @m $d \"q\"", "'`cmd` @m $d \"q\"'");
  quote_is("x\x7fy\x01", "'x y '");
  quote_is("caf\xc3\xa9", "'caf\xc3\xa9'"); /* UTF-8 kept */
}

static void quoting_truncates(void **state) {
  (void)state;
  char buf[5];
  assert_int_equal(lm_plot_quote("abcdef", buf, sizeof buf), 8);
  assert_string_equal(buf, "'abc");
  assert_int_equal(lm_plot_quote("it's", NULL, 0), 7);
}

/* A fresh folder under the build folder. */
static void fresh_dir(char *buf, size_t n, const char *name) {
  snprintf(buf, n, "%s/test_plot_%s_XXXXXX", LM_BINARY_DIR, name);
  assert_non_null(mkdtemp(buf));
}

static void remove_dir(const char *dir) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

static void write_file(const char *path, const char *text, mode_t mode) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  chmod(path, mode);
}

static void finding_gnuplot(void **state) {
  (void)state;
  char a[512], b[512], path[2048], found[1024], want[1024];
  fresh_dir(a, sizeof a, "bin_a");
  fresh_dir(b, sizeof b, "bin_b");
  snprintf(path, sizeof path, "%s/gnuplot", a);
  write_file(path, "#!/bin/sh\n", 0644); /* not executable: not it */
  snprintf(path, sizeof path, "%s/gnuplot", b);
  write_file(path, "#!/bin/sh\n", 0755);
  snprintf(want, sizeof want, "%s/gnuplot", b);
  snprintf(path, sizeof path, "/nonexistent::%s:%s", a, b);
  assert_int_equal(lm_plot_find_gnuplot(path, found, sizeof found), 0);
  assert_string_equal(found, want);
  snprintf(path, sizeof path, "%s", a);
  assert_int_equal(lm_plot_find_gnuplot(path, found, sizeof found), LM_EIO);
  assert_int_equal(lm_plot_find_gnuplot(NULL, found, sizeof found), LM_EIO);
  assert_int_equal(lm_plot_find_gnuplot("", found, sizeof found), LM_EIO);
  assert_int_equal(lm_plot_find_gnuplot(b, found, 8), LM_EIO); /* does not fit */
  remove_dir(a);
  remove_dir(b);
}

/* Results in memory: two strategies, a few replications and days of made-up KPIs. */
static lm_results *made_up(const char *scenario, const char *s1, const char *s2) {
  lm_scenario sc;
  memset(&sc, 0, sizeof sc);
  snprintf(sc.name, sizeof sc.name, "%s", scenario);
  sc.text = (char *)"";
  sc.n_strategies = 2;
  snprintf(sc.strategies[0].name, LM_NAME_MAX, "%s", s1);
  snprintf(sc.strategies[1].name, LM_NAME_MAX, "%s", s2);
  sc.start_date = lm_date_from_ymd(2026, 11, 23);
  lm_results *r = lm_results_create(&sc, 3, 4, 1);
  assert_non_null(r);
  for (size_t i = 0; i < 2 * 3 * LM_KPI_COUNT; i++)
    r->rep[i] = 10.0 + (double)(i % 17) + (double)(i / LM_KPI_COUNT);
  for (size_t i = 0; i < 2 * 3 * 4 * LM_KPI_COUNT; i++)
    r->daily[i] = 1.0 + (double)(i % 13) + 0.5 * (double)(i / LM_KPI_COUNT % 5);
  return r;
}

static size_t files_in(const char *dir) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  size_t n = 0;
  assert_int_equal(fscanf(p, "%zu", &n), 1);
  pclose(p);
  return n;
}

static int diag_has(const lm_diag *d, const char *text) {
  for (size_t i = 0; i < lm_diag_count(d); i++)
    if (strstr(lm_diag_message(d, i), text)) return 1;
  return 0;
}

/* A stand-in gnuplot that complains and fails: its words reach the diagnostics, and no
 * picture or temporary file stays. */
static void failing_gnuplot_is_reported(void **state) {
  (void)state;
  char bin[512], out[512], fake[1024];
  fresh_dir(bin, sizeof bin, "fake");
  fresh_dir(out, sizeof out, "fail_out");
  snprintf(fake, sizeof fake, "%s/gnuplot", bin);
  write_file(fake, "#!/bin/sh\ncat >/dev/null\necho 'line 7: the sky is falling' >&2\nexit 3\n",
             0755);
  lm_results *r = made_up("town", "a", "b");
  lm_plot_options o = {
      .out_dir = out, .scripts_dir = SCRIPTS, .gnuplot = fake, .format = LM_PLOT_SVG};
  lm_diag *d = lm_diag_create();
  FILE *sink = fopen("/dev/null", "w");
  assert_int_equal(lm_plot_draw(r, &o, sink, sink, d), LM_EIO);
  assert_true(diag_has(d, "the sky is falling"));
  assert_true(diag_has(d, "exit status 3"));
  assert_int_equal(files_in(out), 0);

  /* One that succeeds without drawing anything: an error too, not an empty picture. */
  write_file(fake, "#!/bin/sh\ncat >/dev/null\nexit 0\n", 0755);
  lm_diag *d2 = lm_diag_create();
  assert_int_equal(lm_plot_draw(r, &o, sink, sink, d2), LM_EIO);
  assert_true(diag_has(d2, "gnuplot drew nothing"));
  assert_int_equal(files_in(out), 0);
  fclose(sink);
  lm_diag_destroy(d2);
  lm_diag_destroy(d);
  lm_results_destroy(r);
  remove_dir(bin);
  remove_dir(out);
}

static void control_characters_in_folders_are_refused(void **state) {
  (void)state;
  lm_results *r = made_up("town", "a", "b");
  lm_plot_options o = {.out_dir = "out\ndir",
                       .scripts_dir = SCRIPTS,
                       .gnuplot = "/bin/false",
                       .format = LM_PLOT_SVG};
  lm_diag *d = lm_diag_create();
  assert_int_equal(lm_plot_draw(r, &o, stdout, stderr, d), LM_EINVAL);
  lm_diag_destroy(d);
  lm_results_destroy(r);
}

static int file_has(const char *path, const char *text) {
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  static char buf[1 << 20];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  return strstr(buf, text) != NULL;
}

/* Names no scenario file can hold (newlines), straight into the real gnuplot. */
static void hostile_names_are_only_text(void **state) {
  (void)state;
  char gnuplot[1024], out[512], cwd[1024];
  if (lm_plot_find_gnuplot(getenv("PATH"), gnuplot, sizeof gnuplot) != 0) skip();
  fresh_dir(out, sizeof out, "hostile");
  lm_results *r = made_up("town\nsystem('touch PWNED_A')\n", "a'\nsystem(\"touch PWNED_B\")\n'\\",
                          "EOD\n`touch PWNED_C`\r@x");
  assert_non_null(getcwd(cwd, sizeof cwd));
  assert_int_equal(chdir(out), 0); /* gnuplot runs here: anything it made would show */
  lm_plot_options o = {
      .out_dir = ".", .scripts_dir = SCRIPTS, .gnuplot = gnuplot, .format = LM_PLOT_SVG};
  lm_diag *d = lm_diag_create();
  FILE *sink = fopen("/dev/null", "w");
  int rc = lm_plot_draw(r, &o, sink, sink, d);
  fclose(sink);
  if (rc) lm_diag_print(d, stderr);
  assert_int_equal(rc, 0);
  struct stat st;
  assert_true(stat("PWNED_A", &st) != 0 && stat("PWNED_B", &st) != 0 && stat("PWNED_C", &st) != 0);
  assert_true(file_has("compare.svg", "town system(&apos;touch PWNED_A&apos;)") ||
              file_has("compare.svg", "town system('touch PWNED_A')"));
  assert_true(file_has("compare.svg", "EOD `touch PWNED_C` @x"));
  assert_true(file_has("costs.svg", "PWNED_B"));
  assert_int_equal(chdir(cwd), 0);
  lm_diag_destroy(d);
  lm_results_destroy(r);
  remove_dir(out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(quoting),
      cmocka_unit_test(quoting_truncates),
      cmocka_unit_test(finding_gnuplot),
      cmocka_unit_test(failing_gnuplot_is_reported),
      cmocka_unit_test(control_characters_in_folders_are_refused),
      cmocka_unit_test(hostile_names_are_only_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
