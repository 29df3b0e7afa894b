/* fileio.c — whole-file reads with a size limit: the buffer doubles from 64 KiB, so a
 * file of n bytes costs O(n) time and at most 2n bytes of memory; reading stops as soon as
 * the limit is passed, so a huge file is never read whole. */
#include "lastmile/fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lm_file_read(const char *path, size_t max_bytes, char **buf, size_t *len, lm_diag *diag) {
  *buf = NULL;
  *len = 0;
  FILE *f = fopen(path, "rb");
  if (!f) {
    lm_diag_error(diag, path, 0, 0, "cannot open: %s", strerror(errno));
    return LM_EIO;
  }
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
  fclose(f);
  if (rc) {
    free(b);
    return rc;
  }
  b[n] = '\0';
  *buf = b;
  *len = n;
  return 0;
}
