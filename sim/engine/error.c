/* error.c — the error-code table and the diagnostic list.
 *
 * The list keeps at most LM_DIAG_MAX messages so that a file full of garbage cannot
 * make the report itself enormous; the error count keeps growing past that cap. Each
 * message is allocated to its length: none is ever cut. A message whose text could not be
 * allocated is counted as lost, and lm_diag_print says so, so that an error is never
 * reported as nothing at all.
 */
#include "lastmile/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LM_DIAG_MAX 200

struct lm_diag {
  char **msgs;
  unsigned char *is_error; /* per message: 1 error, 0 note */
  size_t n, cap;
  size_t errors;
  size_t dropped;
  size_t lost;       /* messages whose text memory ran out for */
  char context[256]; /* put before every message added; "" for none */
};

const char *lm_strerror(int code) {
  switch (code) {
  case LM_OK:
    return "success";
  case LM_ENOMEM:
    return "out of memory";
  case LM_EINVAL:
    return "invalid argument";
  case LM_EIO:
    return "input/output error";
  case LM_EPARSE:
    return "malformed input";
  case LM_ERANGE:
    return "value out of range";
  case LM_EEXIST:
    return "output exists";
  case LM_ECONSERVATION:
    return "parcel conservation broken";
  case LM_EFORMAT:
    return "not a lastmile results file";
  case LM_EINTERRUPTED:
    return "interrupted";
  case LM_EINTERNAL:
    return "internal error";
  default:
    return "unknown error";
  }
}

lm_diag *lm_diag_create(void) { return calloc(1, sizeof(lm_diag)); }

void lm_diag_destroy(lm_diag *d) {
  if (!d) return;
  for (size_t i = 0; i < d->n; i++) free(d->msgs[i]);
  free(d->msgs);
  free(d->is_error);
  free(d);
}

/* Stores `m` (malloc'd; taken over, freed on failure) as message n; 0, or -1 when the
 * list is full or memory ran out (the message is then lost, as the top says). */
static int push(lm_diag *d, char *m, int is_error) {
  if (!m) {
    d->lost++;
    return -1;
  }
  if (d->n >= LM_DIAG_MAX) {
    d->dropped++;
    free(m);
    return -1;
  }
  if (d->n == d->cap) {
    size_t cap = d->cap ? 2 * d->cap : 8;
    char **grown = realloc(d->msgs, cap * sizeof *grown);
    if (grown) d->msgs = grown;
    unsigned char *kinds = grown ? realloc(d->is_error, cap) : NULL;
    if (kinds) d->is_error = kinds;
    if (!grown || !kinds) {
      free(m);
      d->lost++;
      return -1;
    }
    d->cap = cap;
  }
  d->is_error[d->n] = (unsigned char)(is_error != 0);
  d->msgs[d->n++] = m;
  return 0;
}

static char *copy(const char *text) {
  size_t len = strlen(text) + 1;
  char *m = malloc(len);
  if (m) memcpy(m, text, len);
  return m;
}

static void diag_add(lm_diag *d, const char *kind, const char *file, size_t line, size_t col,
                     const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

static void diag_add(lm_diag *d, const char *kind, const char *file, size_t line, size_t col,
                     const char *fmt, va_list ap) {
  if (d->n >= LM_DIAG_MAX) {
    d->dropped++;
    return;
  }
  /* The head and the body, each measured first, so that no message is ever cut. */
  int nh;
  if (file && line > 0 && col > 0)
    nh = snprintf(NULL, 0, "%s:%zu:%zu: %s: ", file, line, col, kind);
  else if (file && line > 0)
    nh = snprintf(NULL, 0, "%s:%zu: %s: ", file, line, kind);
  else if (file)
    nh = snprintf(NULL, 0, "%s: %s: ", file, kind);
  else
    nh = snprintf(NULL, 0, "%s: ", kind);
  va_list again;
  va_copy(again, ap);
  int nb = vsnprintf(NULL, 0, fmt, ap);
  size_t nc = d->context[0] ? strlen(d->context) + 2 : 0; /* "CONTEXT: " */
  char *m = nh < 0 || nb < 0 ? NULL : malloc((size_t)nh + nc + (size_t)nb + 1);
  if (m) {
    size_t cap = (size_t)nh + 1;
    if (file && line > 0 && col > 0)
      snprintf(m, cap, "%s:%zu:%zu: %s: ", file, line, col, kind);
    else if (file && line > 0)
      snprintf(m, cap, "%s:%zu: %s: ", file, line, kind);
    else if (file)
      snprintf(m, cap, "%s: %s: ", file, kind);
    else
      snprintf(m, cap, "%s: ", kind);
    if (nc) snprintf(m + nh, nc + 1, "%s: ", d->context);
    vsnprintf(m + (size_t)nh + nc, (size_t)nb + 1, fmt, again);
  }
  va_end(again);
  push(d, m, kind[0] == 'e');
}

void lm_diag_set_context(lm_diag *d, const char *context) {
  if (d) snprintf(d->context, sizeof d->context, "%s", context ? context : "");
}

void lm_diag_error(lm_diag *d, const char *file, size_t line, size_t col, const char *fmt, ...) {
  if (!d) return;
  d->errors++;
  va_list ap;
  va_start(ap, fmt);
  diag_add(d, "error", file, line, col, fmt, ap);
  va_end(ap);
}

void lm_diag_note(lm_diag *d, const char *file, size_t line, size_t col, const char *fmt, ...) {
  if (!d) return;
  va_list ap;
  va_start(ap, fmt);
  diag_add(d, "note", file, line, col, fmt, ap);
  va_end(ap);
}

void lm_diag_append(lm_diag *dst, const lm_diag *src) {
  if (!dst || !src) return;
  for (size_t i = 0; i < src->n; i++) push(dst, copy(src->msgs[i]), src->is_error[i]);
  dst->errors += src->errors;
  dst->dropped += src->dropped;
  dst->lost += src->lost;
}

void lm_diag_add_text(lm_diag *d, const char *text, int is_error) {
  if (!d) return;
  if (is_error) d->errors++;
  push(d, copy(text), is_error);
}

int lm_diag_is_error(const lm_diag *d, size_t i) { return (d && i < d->n) ? d->is_error[i] : 0; }

size_t lm_diag_errors(const lm_diag *d) { return d ? d->errors : 0; }
size_t lm_diag_count(const lm_diag *d) { return d ? d->n : 0; }

const char *lm_diag_message(const lm_diag *d, size_t i) {
  return (d && i < d->n) ? d->msgs[i] : NULL;
}

void lm_diag_print(const lm_diag *d, FILE *out) {
  if (!d) return;
  for (size_t i = 0; i < d->n; i++) fprintf(out, "%s\n", d->msgs[i]);
  if (d->dropped) fprintf(out, "(%zu further messages not shown)\n", d->dropped);
  if (d->lost) fprintf(out, "(%zu messages lost: out of memory)\n", d->lost);
}
