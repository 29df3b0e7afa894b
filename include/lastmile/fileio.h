/* fileio.h — reading a whole text file into memory, with a size limit. */
#ifndef LASTMILE_FILEIO_H
#define LASTMILE_FILEIO_H

#include <stddef.h>

#include "lastmile/error.h"

/* Reads all of `path` into *buf (NUL-terminated, malloc'd, owned by the caller) and its
 * length into *len. Returns 0; LM_EIO when the file cannot be opened or read (with
 * "path: error: cannot open/read: reason" in diag); LM_ERANGE, with no message, when it is
 * longer than max_bytes (the caller says what the limit is for); LM_ENOMEM. *buf is NULL
 * on failure. */
int lm_file_read(const char *path, size_t max_bytes, char **buf, size_t *len, lm_diag *diag);

#endif
