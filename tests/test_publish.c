/* test_publish.c — lm_publish: reserving, writing and publishing a file whole.
 *
 * Every case works in its own fresh directory under LM_BINARY_DIR and checks exact
 * outcomes: the bytes under the name, the names present in the directory (no temporary
 * file left), return codes and messages. Links planted at a name are never followed;
 * a file that appears between the open and the commit is kept without force and
 * replaced with it; a destroy without commit leaves the directory as it was.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h> /* cmocka needs these before cmocka.h */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lastmile/publish.h"

/* A fresh, empty directory LM_BINARY_DIR/test_publish_NAME in `dir`. */
static void fresh_dir(char *dir, size_t n, const char *name) {
  snprintf(dir, n, "%s/test_publish_%s", LM_BINARY_DIR, name);
  char cmd[700];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
  assert_int_equal(mkdir(dir, 0777), 0);
}

/* The number of entries of `dir` other than . and .. */
static int entries(const char *dir) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  int n = 0;
  for (struct dirent *e; (e = readdir(d));) n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
  closedir(d);
  return n;
}

static void put(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  assert_int_equal(fclose(f), 0);
}

/* Whether `path` holds exactly `text`. */
static int holds(const char *path, const char *text) {
  char buf[256] = "";
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  return strcmp(buf, text) == 0;
}

static int diag_has(const lm_diag *d, const char *needle) {
  for (size_t i = 0; i < lm_diag_count(d); i++)
    if (strstr(lm_diag_message(d, i), needle)) return 1;
  return 0;
}

/* Opens `path`, writes `text` and commits; returns the commit's code (or the open's). */
static int publish(const char *path, int force, const char *text, lm_diag *d) {
  lm_publish *p = NULL;
  int rc = lm_publish_open(path, force, &p, d);
  if (rc) return rc;
  fputs(text, lm_publish_file(p));
  rc = lm_publish_commit(p, d);
  lm_publish_destroy(p);
  return rc;
}

static void create_never_follows_links(void **state) {
  (void)state;
  char dir[512], victim[600], link_path[600], dangling[600];
  fresh_dir(dir, sizeof dir, "links");
  snprintf(victim, sizeof victim, "%s/victim", dir);
  snprintf(link_path, sizeof link_path, "%s/.out.abcdef.tmp", dir);
  snprintf(dangling, sizeof dangling, "%s/.out.ghijkl.tmp", dir);
  put(victim, "victim");
  assert_int_equal(symlink("victim", link_path), 0);
  assert_int_equal(symlink("created-through-link", dangling), 0);
  int dirfd = open(dir, O_RDONLY | O_DIRECTORY);
  assert_true(dirfd >= 0);
  errno = 0;
  assert_int_equal(lm__publish_create(dirfd, ".out.abcdef.tmp"), -1);
  assert_int_equal(errno, EEXIST);
  errno = 0;
  assert_int_equal(lm__publish_create(dirfd, ".out.ghijkl.tmp"), -1);
  assert_int_equal(errno, EEXIST);
  int fd = lm__publish_create(dirfd, ".out.mnopqr.tmp");
  assert_true(fd >= 0);
  close(fd);
  close(dirfd);
  assert_true(holds(victim, "victim"));
  char target[600];
  snprintf(target, sizeof target, "%s/created-through-link", dir);
  assert_int_equal(access(target, F_OK), -1);
  assert_int_equal(entries(dir), 4);
}

static void temp_names_are_recognised(void **state) {
  (void)state;
  assert_true(lm_publish_is_temp(".out.h5.aB3xYz.tmp"));
  assert_true(lm_publish_is_temp("dir/sub/.x.sol.000000.tmp"));
  assert_false(lm_publish_is_temp("out.h5"));
  assert_false(lm_publish_is_temp("out.h5.tmp"));
  assert_false(lm_publish_is_temp(".out.h5.tmp"));
  assert_false(lm_publish_is_temp(".out.h5.ab-xyz.tmp"));
  assert_false(lm_publish_is_temp("..aB3xYz.tmp"));
  assert_false(lm_publish_is_temp(".aB3xYz.tmp/out.h5"));
}

static void publishes_whole_and_cleans_up(void **state) {
  (void)state;
  char dir[512], path[600];
  fresh_dir(dir, sizeof dir, "basic");
  snprintf(path, sizeof path, "%s/out.txt", dir);
  lm_diag *d = lm_diag_create();
  lm_publish *p = NULL;
  mode_t old = umask(027);
  assert_int_equal(lm_publish_open(path, 0, &p, d), 0);
  umask(old);
  assert_string_equal(lm_publish_path(p), path);
  assert_int_equal(entries(dir), 1); /* the reserved temporary file */
  assert_int_equal(access(path, F_OK), -1);
  fputs("first", lm_publish_file(p));
  assert_int_equal(lm_publish_commit(p, d), 0);
  lm_publish_destroy(p);
  assert_true(holds(path, "first"));
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0640);
  assert_int_equal(entries(dir), 1);

  /* Destroyed without commit: the directory is as it was. */
  assert_int_equal(lm_publish_open(path, 1, &p, d), 0);
  fputs("never", lm_publish_file(p));
  assert_int_equal(entries(dir), 2);
  lm_publish_destroy(p);
  assert_int_equal(entries(dir), 1);
  assert_true(holds(path, "first"));
  assert_int_equal(lm_diag_errors(d), 0);
  lm_diag_destroy(d);
}

static void appeared_file_is_kept_without_force(void **state) {
  (void)state;
  char dir[512], path[600];
  fresh_dir(dir, sizeof dir, "appear");
  snprintf(path, sizeof path, "%s/out.txt", dir);
  lm_diag *d = lm_diag_create();
  assert_int_equal(publish(path, 0, "x", d), 0);
  assert_int_equal(publish(path, 0, "y", d), LM_EEXIST); /* there already */
  assert_true(diag_has(d, "--force"));
  assert_true(holds(path, "x"));
  assert_int_equal(unlink(path), 0);

  lm_publish *p = NULL;
  assert_int_equal(lm_publish_open(path, 0, &p, d), 0);
  fputs("mine", lm_publish_file(p));
  put(path, "appeared");
  assert_int_equal(lm_publish_commit(p, d), LM_EEXIST);
  lm_publish_destroy(p);
  assert_true(diag_has(d, "appeared"));
  assert_true(holds(path, "appeared"));
  assert_int_equal(entries(dir), 1);

  /* A dangling link that appears is kept too: nothing is written through it. */
  assert_int_equal(unlink(path), 0);
  assert_int_equal(lm_publish_open(path, 0, &p, d), 0);
  assert_int_equal(symlink("elsewhere", path), 0);
  assert_int_equal(lm_publish_commit(p, d), LM_EEXIST);
  lm_publish_destroy(p);
  char target[600];
  snprintf(target, sizeof target, "%s/elsewhere", dir);
  assert_int_equal(access(target, F_OK), -1);
  assert_int_equal(entries(dir), 1);

  /* With force, the file that appeared is replaced (the link itself, not its target). */
  assert_int_equal(lm_publish_open(path, 1, &p, d), 0);
  fputs("forced", lm_publish_file(p));
  assert_int_equal(lm_publish_commit(p, d), 0);
  lm_publish_destroy(p);
  struct stat st;
  assert_int_equal(lstat(path, &st), 0);
  assert_true(S_ISREG(st.st_mode));
  assert_true(holds(path, "forced"));
  assert_int_equal(access(target, F_OK), -1);
  assert_int_equal(entries(dir), 1);
  lm_diag_destroy(d);
}

static void bad_locations_are_refused_at_open(void **state) {
  (void)state;
  char dir[512], path[700], file[600];
  fresh_dir(dir, sizeof dir, "bad");
  snprintf(file, sizeof file, "%s/plain", dir);
  put(file, "plain");
  lm_diag *d = lm_diag_create();
  lm_publish *p = NULL;
  assert_int_equal(lm_publish_open("", 1, &p, d), LM_EINVAL);
  assert_null(p);
  assert_true(diag_has(d, "empty"));
  snprintf(path, sizeof path, "%s/", dir);
  assert_int_equal(lm_publish_open(path, 1, &p, d), LM_EINVAL);
  assert_int_equal(lm_publish_open(dir, 1, &p, d), LM_EINVAL);
  assert_true(diag_has(d, "is a directory"));
  snprintf(path, sizeof path, "%s/.out.h5.abcdef.tmp", dir); /* readers would refuse it */
  assert_int_equal(lm_publish_open(path, 1, &p, d), LM_EINVAL);
  assert_true(diag_has(d, "form of a temporary file"));
  snprintf(path, sizeof path, "%s/none/out", dir);
  assert_int_equal(lm_publish_open(path, 1, &p, d), LM_EIO);
  assert_true(diag_has(d, "does not exist"));
  snprintf(path, sizeof path, "%s/out", file);
  assert_int_equal(lm_publish_open(path, 1, &p, d), LM_EIO);
  assert_true(diag_has(d, "is not a directory"));
  assert_null(p);
  assert_int_equal(entries(dir), 1);
  lm_diag_destroy(d);
}

static void failed_write_keeps_the_old_file(void **state) {
  (void)state;
  char dir[512], path[600];
  fresh_dir(dir, sizeof dir, "fail");
  snprintf(path, sizeof path, "%s/out.txt", dir);
  lm_diag *d = lm_diag_create();
  assert_int_equal(publish(path, 0, "old", d), 0);
  lm_publish *p = NULL;
  assert_int_equal(lm_publish_open(path, 1, &p, d), 0);
  fputs("new", lm_publish_file(p));
  /* A stream in error (as after a failed write) is never published. */
  close(fileno(lm_publish_file(p))); /* the flush in commit fails with EBADF */
  assert_int_equal(lm_publish_commit(p, d), LM_EIO);
  lm_publish_destroy(p);
  assert_true(diag_has(d, "cannot write"));
  assert_true(holds(path, "old"));
  assert_int_equal(entries(dir), 1);
  lm_diag_destroy(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(create_never_follows_links),
      cmocka_unit_test(temp_names_are_recognised),
      cmocka_unit_test(publishes_whole_and_cleans_up),
      cmocka_unit_test(appeared_file_is_kept_without_force),
      cmocka_unit_test(bad_locations_are_refused_at_open),
      cmocka_unit_test(failed_write_keeps_the_old_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
