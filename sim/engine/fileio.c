/* fileio.c — reading input files.
 *
 * Whole-file reads with a size limit: the buffer doubles from 64 KiB, so a file of n
 * bytes costs O(n) time and at most 2n bytes of memory; reading stops as soon as the limit
 * is passed, so a huge file (or an endless one such as /dev/zero) is never read whole.
 *
 * Data files (customers, instances) must be regular files: they are opened with
 * O_NONBLOCK, so that opening a FIFO with no writer returns at once, and fstat() on the
 * open descriptor decides, so the file checked is the file read. */
#include "lastmile/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads `f` to its end into a new buffer; LM_ERANGE past max_bytes. */
static int read_stream(FILE *f, const char *path, size_t max_bytes, char **buf, size_t *len,
                       lm_diag *diag) {
  size_t n = 0, cap = 0;
  char *b = NULL;
  int rc = 0;
  for (;;) {
    if (n + 1 >= cap) {
      size_t grown = cap ? 2 * cap : 65536;
      if (grown > max_bytes + 2) grown = max_bytes + 2;
      char *p = realloc(b, grown);
      if (!p) {
        rc = LM_ENOMEM;
        break;
      }
      b = p;
      cap = grown;
    }
    size_t got = fread(b + n, 1, cap - 1 - n, f);
    n += got;
    if (n > max_bytes) {
      rc = LM_ERANGE;
      break;
    }
    if (got == 0) {
      if (ferror(f)) {
        lm_diag_error(diag, path, 0, 0, "cannot read: %s", strerror(errno));
        rc = LM_EIO;
      }
      break;
    }
  }
  if (rc) {
    free(b);
    return rc;
  }
  b[n] = '\0';
  *buf = b;
  *len = n;
  return 0;
}

int lm_file_read(const char *path, size_t max_bytes, char **buf, size_t *len, lm_diag *diag) {
  *buf = NULL;
  *len = 0;
  FILE *f = fopen(path, "rb");
  if (!f) {
    int err = errno;
    char *shown = lm_path_resolved(path);
    lm_diag_error(diag, path, 0, 0, "cannot open '%s': %s", shown ? shown : path, strerror(err));
    free(shown);
    return LM_EIO;
  }
  int rc = read_stream(f, path, max_bytes, buf, len, diag);
  fclose(f);
  return rc;
}

int lm_file_read_regular(const char *path, size_t max_bytes, char **buf, size_t *len,
                         lm_diag *diag) {
  *buf = NULL;
  *len = 0;
  char why[160];
  FILE *f;
  int rc = lm_file_open_regular(path, max_bytes, &f, why, sizeof why);
  if (rc) {
    char *shown = lm_path_resolved(path);
    lm_diag_error(diag, path, 0, 0, "cannot open '%s': %s", shown ? shown : path, why);
    free(shown);
    return rc;
  }
  rc = read_stream(f, path, max_bytes, buf, len, diag);
  fclose(f);
  if (rc == LM_ERANGE) /* it grew while being read */
    lm_diag_error(diag, path, 0, 0, "larger than the limit of %zu MiB", max_bytes >> 20);
  return rc;
}

char *lm_path_resolved(const char *path) {
  if (path[0] == '/') return strdup(path);
  while (path[0] == '.' && path[1] == '/') path += 2;
  if (!strcmp(path, ".")) path = "";
  char *cwd = NULL;
  for (size_t cap = 256; cap <= (1u << 20); cap *= 2) {
    char *grown = realloc(cwd, cap);
    if (!grown) break;
    cwd = grown;
    if (getcwd(cwd, cap)) break;
    if (errno != ERANGE) break;
  }
  if (!cwd || !getcwd(cwd, strlen(cwd) + 1)) {
    free(cwd);
    return NULL;
  }
  size_t len = strlen(cwd) + strlen(path) + 2;
  char *out = malloc(len);
  if (out) snprintf(out, len, "%s%s%s", cwd, strcmp(cwd, "/") && path[0] ? "/" : "", path);
  free(cwd);
  return out;
}

/* What kind of file `mode` is, for "not a regular file (...)". */
static const char *kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a plain file";
}

int lm_file_open_regular(const char *path, size_t max_bytes, FILE **f, char *why, size_t cap) {
  *f = NULL;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    snprintf(why, cap, "%s", strerror(errno));
    return LM_EIO;
  }
  struct stat st;
  int rc = 0;
  if (fstat(fd, &st) != 0) {
    snprintf(why, cap, "%s", strerror(errno));
    rc = LM_EIO;
  } else if (!S_ISREG(st.st_mode)) {
    snprintf(why, cap, "not a regular file (%s)", kind_of(st.st_mode));
    rc = LM_EINVAL;
  } else if ((uintmax_t)st.st_size > (uintmax_t)max_bytes) {
    snprintf(why, cap, "larger than the limit of %zu MiB (%jd bytes)", max_bytes >> 20,
             (intmax_t)st.st_size);
    rc = LM_ERANGE;
  } else {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0 || !(*f = fdopen(fd, "rb"))) {
      snprintf(why, cap, "%s", strerror(errno));
      rc = LM_EIO;
    }
  }
  if (rc) close(fd);
  return rc;
}
