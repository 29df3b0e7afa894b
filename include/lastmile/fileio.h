/* fileio.h — reading input files: a whole text file into memory with a size limit, and
 * opening a data file only when it is a regular file of bounded size. */
#ifndef LASTMILE_FILEIO_H
#define LASTMILE_FILEIO_H

#include <stddef.h>
#include <stdio.h>

#include "lastmile/error.h"

/* The largest data file a scenario may name (customers.file, customers.instance) and the
 * largest instance `solve` reads: 512 MiB. */
#define LM_FILE_INPUT_MAX_BYTES (512u * 1024u * 1024u)

/* `path` as an absolute path, for messages that must say which file is meant whatever the
 * working directory: a relative path is appended to the working directory (a leading "./"
 * dropped); nothing is looked up, so the file need not exist. A new string the caller
 * frees; NULL when memory runs out or the working directory is unknown. */
char *lm_path_resolved(const char *path);

/* Reads all of `path` into *buf (NUL-terminated, malloc'd, owned by the caller) and its
 * length into *len. Returns 0; LM_EIO when the file cannot be opened or read (with
 * "path: error: cannot open 'RESOLVED': reason" or "cannot read ..." in diag, RESOLVED
 * being lm_path_resolved(path)); LM_ERANGE, with no message, when it is
 * longer than max_bytes (the caller says what the limit is for); LM_ENOMEM. *buf is NULL
 * on failure. Any readable file is accepted (a pipe too); reading stops at max_bytes. */
int lm_file_read(const char *path, size_t max_bytes, char **buf, size_t *len, lm_diag *diag);

/* The same, for a data file: `path` must also be a regular file (see lm_file_open_regular),
 * otherwise "path: error: WHY" goes into diag and the result is LM_EINVAL (not a regular
 * file) or LM_ERANGE (larger than max_bytes; this time with a message). WHY is
 * "cannot open 'RESOLVED': REASON" with REASON as lm_file_open_regular gives it. */
int lm_file_read_regular(const char *path, size_t max_bytes, char **buf, size_t *len,
                         lm_diag *diag);

/* Opens `path` for reading ("rb") when it is a regular file of at most max_bytes bytes.
 * It never blocks: a FIFO, a device or a directory is refused without being read. Returns
 * 0 with *f open (the caller closes it); otherwise *f is NULL and `why` (cap bytes; 160
 * is always enough) says what is wrong, without the path: LM_EIO the system's reason
 * ("No such file or directory"), LM_EINVAL "not a regular file (a directory)", LM_ERANGE
 * "larger than the limit of 512 MiB (N bytes)". */
int lm_file_open_regular(const char *path, size_t max_bytes, FILE **f, char *why, size_t cap);

#endif
