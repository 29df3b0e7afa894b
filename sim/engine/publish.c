/* publish.c — output files that appear whole or not at all (publish.h has the contract).
 *
 * Invariants: the temporary file lives in the destination's own directory (so the final
 * move is a rename within one file system, atomic), is created by this process with
 * O_CREAT|O_EXCL|O_NOFOLLOW (so nothing planted at its name, a symbolic link least of all,
 * is ever opened or overwritten), and every name is resolved against a descriptor of the
 * directory taken at open time (so a directory renamed meanwhile cannot redirect it).
 *
 * Publishing without force must not replace a file that appeared after the open. On
 * Linux renameat2(RENAME_NOREPLACE) does that atomically. Where the kernel or the file
 * system lacks it, link() + unlink() does the same (link refuses an existing name).
 * Where the file system has no hard links either, the name is checked and then renamed
 * over: the one path with a window (between the check and the rename) for a file that
 * appears in it to be replaced.
 *
 * Test hook: the environment variable LASTMILE_TEST_HOLD_S (seconds, test use only) makes
 * lm_publish_commit wait that long after the file is synced and before it is moved, so
 * a test can make two writers overlap. Nothing else reads it.
 */
#define _GNU_SOURCE /* syscall, getentropy */

#include "lastmile/publish.h"

#include "lastmile/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SUFFIX_LEN 6
#define MAX_TRIES  100

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1u << 0)
#endif

struct lm_publish {
  char *path;      /* as given */
  char *dir;       /* its directory */
  char *shown;     /* path made absolute (lm_path_resolved), for messages */
  char *shown_dir; /* dir made absolute, for messages */
  char *base;      /* last component of path */
  char *tmp;       /* name of the temporary file inside dir */
  int dirfd;       /* the directory, open */
  int force;       /* replace an existing file */
  int done;        /* published: the temporary name no longer exists */
  FILE *file;      /* the temporary file, open for writing; NULL once closed */
};

static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/* Fills `out` with SUFFIX_LEN random characters of `alphabet` and a NUL. The kernel's
 * random bytes, or else a mix of the clock, the process id and a counter. */
static void random_suffix(char out[SUFFIX_LEN + 1]) {
  unsigned char bytes[SUFFIX_LEN];
  if (getentropy(bytes, sizeof bytes) != 0) {
    static unsigned counter; /* only for uniqueness when the kernel has no entropy call */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ ((uint64_t)getpid() << 40) ^
                 (uint64_t)++counter * 0x9E3779B97F4A7C15u;
    for (size_t i = 0; i < sizeof bytes; i++) {
      x ^= x >> 29, x *= 0xBF58476D1CE4E5B9u, x ^= x >> 32;
      bytes[i] = (unsigned char)x;
    }
  }
  for (size_t i = 0; i < SUFFIX_LEN; i++) out[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
  out[SUFFIX_LEN] = '\0';
}

int lm__publish_create(int dirfd, const char *name) {
  return openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
}

int lm_publish_is_temp(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t n = strlen(base), tail = 1 + SUFFIX_LEN + 4; /* ".XXXXXX.tmp" */
  if (base[0] != '.' || n < 2 + tail || strcmp(base + n - 4, ".tmp") != 0 || base[n - tail] != '.')
    return 0;
  for (size_t i = n - tail + 1; i < n - 4; i++)
    if (!strchr(alphabet, base[i])) return 0;
  return 1;
}

/* Splits p->path into p->dir and p->base. Returns 0 or LM_ENOMEM. */
static int split(lm_publish *p) {
  const char *slash = strrchr(p->path, '/');
  if (!slash) {
    p->dir = strdup(".");
    p->base = strdup(p->path);
  } else {
    size_t len = slash == p->path ? 1 : (size_t)(slash - p->path);
    p->dir = strndup(p->path, len);
    p->base = strdup(slash + 1);
  }
  if (!p->dir || !p->base) return LM_ENOMEM;
  p->shown = lm_path_resolved(p->path);
  p->shown_dir = lm_path_resolved(p->dir);
  if (!p->shown) p->shown = strdup(p->path);
  if (!p->shown_dir) p->shown_dir = strdup(p->dir);
  return p->shown && p->shown_dir ? 0 : LM_ENOMEM;
}

/* Opens the directory; checks it is one and is writable. Returns 0 or LM_EIO. */
static int open_dir(lm_publish *p, lm_diag *diag) {
  p->dirfd = open(p->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (p->dirfd < 0) {
    int err = errno;
    struct stat st;
    const char *why = err == ENOENT                              ? "does not exist"
                      : err == ENOTDIR && stat(p->dir, &st) == 0 ? "is not a directory"
                                                                 : strerror(err);
    lm_diag_error(diag, p->shown, 0, 0, "cannot write here: directory '%s' %s", p->shown_dir, why);
    return LM_EIO;
  }
  if (faccessat(p->dirfd, ".", W_OK | X_OK, 0) != 0) {
    lm_diag_error(diag, p->shown, 0, 0, "cannot write here: directory '%s' is not writable (%s)",
                  p->shown_dir, strerror(errno));
    return LM_EIO;
  }
  return 0;
}

/* Refuses what is at the name: a directory always, anything else without force. */
static int check_target(lm_publish *p, lm_diag *diag) {
  struct stat st;
  if (fstatat(p->dirfd, p->base, &st, AT_SYMLINK_NOFOLLOW) != 0) return 0;
  if (S_ISDIR(st.st_mode)) {
    lm_diag_error(diag, p->shown, 0, 0, "is a directory; give a file name");
    return LM_EINVAL;
  }
  if (!p->force) {
    lm_diag_error(diag, p->shown, 0, 0,
                  "file exists; not overwritten (use --force to replace it, or choose another "
                  "name)");
    return LM_EEXIST;
  }
  return 0;
}

/* Creates the temporary file under a fresh random name. Returns 0, LM_EIO or LM_ENOMEM. */
static int create_temp(lm_publish *p, lm_diag *diag) {
  size_t cap = strlen(p->base) + SUFFIX_LEN + 8;
  if (!(p->tmp = malloc(cap))) return LM_ENOMEM;
  int fd = -1;
  for (int tries = 0; fd < 0 && tries < MAX_TRIES; tries++) {
    char suffix[SUFFIX_LEN + 1];
    random_suffix(suffix);
    snprintf(p->tmp, cap, ".%s.%s.tmp", p->base, suffix);
    fd = lm__publish_create(p->dirfd, p->tmp);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    lm_diag_error(diag, p->shown, 0, 0, "cannot create a temporary file in directory '%s': %s",
                  p->shown_dir, strerror(errno));
    p->tmp[0] = '\0';
    return LM_EIO;
  }
  if (!(p->file = fdopen(fd, "wb"))) {
    close(fd);
    return LM_ENOMEM;
  }
  return 0;
}

int lm_publish_open(const char *path, int force, lm_publish **out, lm_diag *diag) {
  *out = NULL;
  size_t len = strlen(path);
  if (len == 0 || path[len - 1] == '/') {
    lm_diag_error(diag, path, 0, 0, "%s",
                  len ? "names a directory; give a file name" : "the output file name is empty");
    return LM_EINVAL;
  }
  if (lm_publish_is_temp(path)) {
    lm_diag_error(diag, path, 0, 0,
                  "has the form of a temporary file (.NAME.XXXXXX.tmp), which readers refuse; "
                  "choose another name");
    return LM_EINVAL;
  }
  lm_publish *p = calloc(1, sizeof *p);
  if (!p) return LM_ENOMEM;
  p->dirfd = -1;
  p->force = force;
  int rc = (p->path = strdup(path)) ? split(p) : LM_ENOMEM;
  if (!rc) rc = open_dir(p, diag);
  if (!rc) rc = check_target(p, diag);
  if (!rc) rc = create_temp(p, diag);
  if (rc == LM_ENOMEM) lm_diag_error(diag, path, 0, 0, "out of memory");
  if (rc) {
    lm_publish_destroy(p);
    return rc;
  }
  *out = p;
  return 0;
}

FILE *lm_publish_file(lm_publish *p) { return p->file; }

const char *lm_publish_path(const lm_publish *p) { return p->path; }

/* LASTMILE_TEST_HOLD_S: see the top. */
static void test_hold(void) {
  const char *s = getenv("LASTMILE_TEST_HOLD_S");
  unsigned left = s ? (unsigned)strtoul(s, NULL, 10) : 0;
  while (left > 0) left = sleep(left);
}

/* Moves the temporary file under the name; see the top for the three ways. Returns 0,
 * or -1 with errno set (EEXIST: something is at the name and there is no force). */
static int move_into_place(lm_publish *p) {
  if (p->force) return renameat(p->dirfd, p->tmp, p->dirfd, p->base);
#ifdef SYS_renameat2
  if (syscall(SYS_renameat2, p->dirfd, p->tmp, p->dirfd, p->base, RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return -1;
#endif
  if (linkat(p->dirfd, p->tmp, p->dirfd, p->base, 0) == 0) {
    unlinkat(p->dirfd, p->tmp, 0);
    return 0;
  }
  if (errno != EPERM && errno != ENOTSUP && errno != ENOSYS && errno != EMLINK) return -1;
  struct stat st;
  if (fstatat(p->dirfd, p->base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
    errno = EEXIST;
    return -1;
  }
  return renameat(p->dirfd, p->tmp, p->dirfd, p->base);
}

int lm_publish_commit(lm_publish *p, lm_diag *diag) {
  FILE *f = p->file;
  p->file = NULL;
  int ok = fflush(f) == 0 && !ferror(f) && fsync(fileno(f)) == 0;
  int err = errno;
  if (fclose(f) != 0 && ok) ok = 0, err = errno;
  if (!ok) {
    lm_diag_error(diag, p->shown, 0, 0, "cannot write: %s", strerror(err));
    return LM_EIO;
  }
  test_hold();
  if (move_into_place(p) != 0) {
    if (errno == EEXIST) {
      lm_diag_error(diag, p->shown, 0, 0,
                    "a file appeared here while writing; it was kept (use --force to replace "
                    "it)");
      return LM_EEXIST;
    }
    lm_diag_error(diag, p->shown, 0, 0, "cannot move '%s/%s' into place: %s", p->shown_dir, p->tmp,
                  strerror(errno));
    return LM_EIO;
  }
  p->done = 1;
  if (fsync(p->dirfd) != 0 && errno != EINVAL && errno != EBADF) {
    lm_diag_error(diag, p->shown, 0, 0, "cannot sync directory '%s': %s", p->shown_dir,
                  strerror(errno));
    return LM_EIO;
  }
  return 0;
}

void lm_publish_abandon(const lm_publish *p) {
  if (!p->done && p->tmp && p->tmp[0] && p->dirfd >= 0) unlinkat(p->dirfd, p->tmp, 0);
}

void lm_publish_destroy(lm_publish *p) {
  if (!p) return;
  if (p->file) fclose(p->file);
  if (!p->done && p->tmp && p->tmp[0] && p->dirfd >= 0) unlinkat(p->dirfd, p->tmp, 0);
  if (p->dirfd >= 0) close(p->dirfd);
  free(p->tmp);
  free(p->base);
  free(p->dir);
  free(p->shown_dir);
  free(p->shown);
  free(p->path);
  free(p);
}
