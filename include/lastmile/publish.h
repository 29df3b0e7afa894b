/* publish.h — writing an output file so that nobody ever reads half of it.
 *
 * lm_publish_open() settles everything about the destination before any work is done:
 * the name is not empty, its directory exists, is a directory and is writable, and —
 * without force — nothing is there yet. It proves the last by creating the temporary
 * file, ".NAME.XXXXXX.tmp" beside NAME (XXXXXX random), exclusively and without following
 * links, with the mode 0666 less the umask. The caller writes through lm_publish_file();
 * lm_publish_commit() syncs the file, moves it under NAME (without force only if nothing
 * is there, even a file that appeared since the open; with force replacing what is
 * there) and syncs the directory. Anything short of a successful commit removes the
 * temporary file; a process killed outright can leave one behind, recognisable by its
 * name (lm_publish_is_temp), which readers of results files refuse.
 */
#ifndef LASTMILE_PUBLISH_H
#define LASTMILE_PUBLISH_H

#include <stdio.h>

#include "lastmile/error.h"

typedef struct lm_publish lm_publish;

/* Reserves `path` for a new file (see the top). With `force`, an existing file will be
 * replaced; without, an existing one (a dangling link included) is refused. Returns 0
 * with *out set, or with *out NULL and a message in `diag`: LM_EINVAL (empty name, a
 * name ending in '/', a name of the form of a temporary file, or a directory at `path`),
 * LM_EEXIST (something at `path` and no
 * force), LM_EIO (the directory is missing, not a directory, not writable, or the
 * temporary file cannot be created), LM_ENOMEM. */
int lm_publish_open(const char *path, int force, lm_publish **out, lm_diag *diag);

/* The stream to write the contents to; owned by `p`, valid until commit or destroy. */
FILE *lm_publish_file(lm_publish *p);

/* The name the file will be published under, as given to lm_publish_open. */
const char *lm_publish_path(const lm_publish *p);

/* Flushes and fsyncs what was written, publishes it under the name (see the top) and
 * fsyncs the directory. Returns 0; LM_EEXIST when, without force, a file appeared at the
 * name meanwhile (it is kept); LM_EIO when a write, the sync or the move failed. On
 * failure the temporary file is removed. Call it once; then destroy `p`. */
int lm_publish_commit(lm_publish *p, lm_diag *diag);

/* Frees `p`, removing its temporary file unless it was published; NULL does nothing. */
void lm_publish_destroy(lm_publish *p);

/* Removes the temporary file of `p` unless it was published; touches nothing else and
 * frees nothing (call lm_publish_destroy later, or let the process end). Safe to call
 * from a signal handler (it only calls unlinkat). */
void lm_publish_abandon(const lm_publish *p);

/* 1 when the last component of `path` has the form of a temporary file of
 * lm_publish_open (".NAME.XXXXXX.tmp"), else 0. */
int lm_publish_is_temp(const char *path);

/* Internal, shared with the tests: creates `name` in the directory open as `dirfd`,
 * exclusively and never through a link. Returns the open descriptor, or -1 with errno
 * set (EEXIST when anything, a link included, is at `name`). */
int lm__publish_create(int dirfd, const char *name);

#endif
