/* error.h — error codes and diagnostics shared by every lastmile module.
 *
 * Functions that can fail return int: 0 on success, a negative LM_E… code (the list is
 * error_codes.h) otherwise. lm_strerror() names a code. Details meant for a person
 * (file:line:col, the key, the value, what was expected) go into an lm_diag, a growable
 * list of messages that a caller owns; the scenario loader adds every problem it finds
 * so that `validate` can report them all at once.
 */
#ifndef LASTMILE_ERROR_H
#define LASTMILE_ERROR_H

#include <stddef.h>
#include <stdio.h>

#include "lastmile/error_codes.h"

/* Returns a static, human-readable name for an LM_E… code (never NULL). */
const char *lm_strerror(int code);

typedef struct lm_diag lm_diag;

/* Creates an empty message list; NULL when out of memory. */
lm_diag *lm_diag_create(void);
/* Frees the list and its messages; NULL does nothing. */
void lm_diag_destroy(lm_diag *d);

/* Adds "file:line:col: error: MESSAGE". line and col count from 1; 0 leaves them out.
 * Silently drops the message when memory runs out, but still counts it. */
void lm_diag_error(lm_diag *d, const char *file, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Same, with "note" instead of "error"; notes do not count as errors. */
void lm_diag_note(lm_diag *d, const char *file, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Every message added after this call carries `context` before its text
 * ("file:line:col: error: CONTEXT: message"), until the next call; NULL or "" removes it.
 * The text is copied (at most 255 bytes kept). d may be NULL. */
void lm_diag_set_context(lm_diag *d, const char *context);

/* Appends every message of `src` to `dst` verbatim and adds its error count. */
void lm_diag_append(lm_diag *dst, const lm_diag *src);

/* Adds a message already formatted (as lm_diag_message returns it), counted as an
 * error when `is_error`; for passing messages on from another process. */
void lm_diag_add_text(lm_diag *d, const char *text, int is_error);

/* Number of errors added so far (notes excluded). d may be NULL (returns 0). */
size_t lm_diag_errors(const lm_diag *d);
/* Number of stored messages, and message i (0-based) without a trailing newline. */
size_t lm_diag_count(const lm_diag *d);
const char *lm_diag_message(const lm_diag *d, size_t i);
/* 1 when message i is an error, 0 when it is a note (or i is out of range). */
int lm_diag_is_error(const lm_diag *d, size_t i);
/* Writes every message, one per line, to `out`, then a line counting the messages lost
 * because their text could not be allocated (if any). */
void lm_diag_print(const lm_diag *d, FILE *out);

#endif
