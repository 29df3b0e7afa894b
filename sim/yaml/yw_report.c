/* yw_report.c — the YAML walker's one error reporter, and the descriptions it is fed.
 *
 * Every problem the walker finds ends in lm__yw_report(), the only place that places an
 * error (lm__yw_note() adds notes that point at a related place): at "FILE:LINE:COL" in the input,
 * or under the "--set KEY=VALUE" being applied (no position). It counts the errors and, after
 * LM__YW_MAX_ERRORS of them, adds one note and sets the walker's `stopped` flag, after which it
 * reports nothing more; the walk and the finish pass test that flag to end early. Everything else
 * here builds text for it: "expected EXPECT, got GOT" from a key descriptor (its type, range and
 * unit) and the offending node, with input quoted safely by lm__yw_show() (control bytes escaped,
 * long text cut on a UTF-8 boundary). Messages are allocated to their length, never cut; only
 * quoted input is shortened, and says so with "...".
 *
 * This file is the bottom of the walker: it reads the walker's state and libyaml nodes
 * and calls nothing of the other walker files. Each function is linear in the length of
 * the text it formats.
 */
#include "yaml/yw_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ---- the reporter -------------------------------------------------------------------- */

char *lm__yw_vformat(const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  char *m = n < 0 ? NULL : malloc((size_t)n + 1);
  if (m) vsnprintf(m, (size_t)n + 1, fmt, again);
  va_end(again);
  return m;
}

void lm__yw_report(lm__ywalk *w, size_t line, size_t col, const char *fmt, ...) {
  if (w->stopped) return;
  va_list ap;
  va_start(ap, fmt);
  char *msg = lm__yw_vformat(fmt, ap);
  va_end(ap);
  if (!msg) w->nomem = 1;
  w->errors++;
  if (w->set_label) {
    lm_diag_error(w->diag, w->set_label, 0, 0, "%s", msg ? msg : "out of memory");
  } else {
    lm_diag_error(w->diag, w->file, line, col, "%s", msg ? msg : "out of memory");
    if (w->errors >= LM__YW_MAX_ERRORS) {
      w->stopped = 1;
      lm_diag_note(w->diag, w->file, line, col, "too many errors; stopping here");
    }
  }
  free(msg);
}

void lm__yw_note(lm__ywalk *w, size_t line, size_t col, const char *fmt, ...) {
  if (w->stopped) return;
  va_list ap;
  va_start(ap, fmt);
  char *msg = lm__yw_vformat(fmt, ap);
  va_end(ap);
  if (!msg) {
    w->nomem = 1;
    return;
  }
  lm_diag_note(w->diag, w->set_label ? w->set_label : w->file, w->set_label ? 0 : line,
               w->set_label ? 0 : col, "%s", msg);
  free(msg);
}

/* Copies `len` bytes of input into `dst` for quoting: control bytes become \xNN, and
 * long text is cut (on a UTF-8 boundary) and marked with "...". */
void lm__yw_show(char *dst, size_t cap, const char *s, size_t len) {
  size_t o = 0, i = 0;
  for (; i < len && i < LM__YW_SHOW_MAX && o + 5 < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7f)
      o += (size_t)snprintf(dst + o, cap - o, "\\x%02x", c);
    else
      dst[o++] = (char)c;
  }
  if (i < len) {
    while (o > 0 && ((unsigned char)dst[o - 1] & 0xc0) == 0x80) o--;
    if (o > 0 && (unsigned char)dst[o - 1] >= 0xc0) o--;
    if (o + 4 > cap) o = cap - 4;
    memcpy(dst + o, "...", 3);
    o += 3;
  }
  dst[o] = '\0';
}

/* ---- nodes ------------------------------------------------------------------------- */

const char *lm__yw_scalar_text(const yaml_node_t *n) { return (const char *)n->data.scalar.value; }

int lm__yw_is_plain(const yaml_node_t *n) {
  return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

int lm__yw_is_null(const yaml_node_t *n) {
  if (n->type != YAML_SCALAR_NODE || !lm__yw_is_plain(n)) return 0;
  const char *t = lm__yw_scalar_text(n);
  size_t len = n->data.scalar.length;
  return len == 0 || (len == 1 && t[0] == '~') ||
         (len == 4 && (!memcmp(t, "null", 4) || !memcmp(t, "Null", 4) || !memcmp(t, "NULL", 4)));
}

/* ---- descriptions for messages ------------------------------------------------------ */

/* Describes what a node is, for "got ..." in messages. */
void lm__yw_got(char *dst, size_t cap, const yaml_node_t *n) {
  char shown[4 * LM__YW_SHOW_MAX + 8];
  if (!n) {
    snprintf(dst, cap, "nothing");
  } else if (n->type == YAML_MAPPING_NODE) {
    snprintf(dst, cap, "a mapping");
  } else if (n->type == YAML_SEQUENCE_NODE) {
    snprintf(dst, cap, "a sequence");
  } else if (lm__yw_is_null(n)) {
    snprintf(dst, cap, "an empty value");
  } else {
    lm__yw_show(shown, sizeof shown, lm__yw_scalar_text(n), n->data.scalar.length);
    if (lm__yw_is_plain(n))
      snprintf(dst, cap, "'%s'", shown);
    else
      snprintf(dst, cap, "the quoted string \"%s\"", shown);
  }
}

/* Formats a bound: whole numbers without an exponent, others with 10 digits. */
static void yw_num(char *dst, size_t cap, double v) {
  if (v >= 18446744073709551615.0)
    snprintf(dst, cap, "18446744073709551615");
  else if (v == floor(v) && fabs(v) < 1e15)
    snprintf(dst, cap, "%.0f", v);
  else
    snprintf(dst, cap, "%.10g", v);
}

void lm__yw_format_time(char *dst, size_t cap, double s) {
  unsigned long t = (unsigned long)s;
  if (t % 60)
    snprintf(dst, cap, "%02lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
  else
    snprintf(dst, cap, "%02lu:%02lu", t / 3600, t / 60 % 60);
}

/* Writes what a key expects into dst (cap bytes, may be 0); returns the length it needs,
 * as snprintf does. */
static int yw_expect_into(char *dst, size_t cap, const lm__ykey *k) {
  char lo[32], hi[32];
  const char *open = (k->flags & LM__Y_OPEN_MIN) ? "(" : "[";
  const char *u0 = k->unit ? " (" : "", *u = k->unit ? k->unit : "", *u1 = k->unit ? ")" : "";
  yw_num(lo, sizeof lo, k->min);
  yw_num(hi, sizeof hi, k->max);
  switch (k->type) {
  case LM__Y_U32:
  case LM__Y_U64:
    return snprintf(dst, cap, "a whole number in %s%s, %s]%s%s%s", open, lo, hi, u0, u, u1);
  case LM__Y_BOOL:
    return snprintf(dst, cap, "a boolean: true, yes, on, 1 or false, no, off, 0%s%s%s", u0, u, u1);
  case LM__Y_DOUBLE:
    return snprintf(dst, cap, "a number in %s%s, %s]%s%s%s", open, lo, hi, u0, u, u1);
  case LM__Y_NAME:
    return snprintf(dst, cap, "a name of 1 to %d characters%s", LM_NAME_MAX - 1,
                    (k->flags & LM__Y_LABEL)
                        ? " usable as an HDF5 group and file name (no '/', not '.' or '..')"
                        : "");
  case LM__Y_TIME:
    lm__yw_format_time(lo, sizeof lo, k->min);
    lm__yw_format_time(hi, sizeof hi, k->max);
    return snprintf(dst, cap, "a time of day \"HH:MM\" or \"HH:MM:SS\" in [%s, %s]", lo, hi);
  case LM__Y_DOUBLES:
    if (k->flags & LM__Y_UPTO)
      return snprintf(dst, cap, "a sequence of 1 to %zu numbers in %s%s, %s]%s%s%s", k->len, open,
                      lo, hi, u0, u, u1);
    return snprintf(dst, cap, "a sequence of %zu numbers in %s%s, %s]%s%s%s", k->len, open, lo, hi,
                    u0, u, u1);
  case LM__Y_NAMES:
    return snprintf(dst, cap, "a sequence of 1 to %zu names%s%s", k->len, k->unit ? " of " : "", u);
  case LM__Y_DATE:
    return snprintf(dst, cap, "a date YYYY-MM-DD%s%s%s", u0, u, u1);
  case LM__Y_DATES:
    return snprintf(dst, cap, "a sequence of 0 to %zu dates YYYY-MM-DD%s%s%s", k->len, u0, u, u1);
  case LM__Y_RETIRED:
    return snprintf(dst, cap, "nothing: %s", u);
  case LM__Y_MAP:
    return snprintf(dst, cap, "a mapping (%s)", k->sub->what);
  case LM__Y_SEQ:
    return snprintf(dst, cap, "a sequence of %s to %s items, each %s", lo, hi, k->sub->what);
  }
  return snprintf(dst, cap, "a value");
}

char *lm__yw_expect(const lm__ykey *k) {
  int n = yw_expect_into(NULL, 0, k);
  char *dst = n < 0 ? NULL : malloc((size_t)n + 1);
  if (dst) yw_expect_into(dst, (size_t)n + 1, k);
  return dst;
}

/* Reports a problem with `n` (the node at the current key path). */
void lm__yw_node_error(lm__ywalk *w, const yaml_node_t *n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = lm__yw_vformat(fmt, ap);
  va_end(ap);
  if (!msg) w->nomem = 1;
  size_t line = n ? n->start_mark.line + 1 : 1, col = n ? n->start_mark.column + 1 : 1;
  if (w->path_len)
    lm__yw_report(w, line, col, "%s: %s", w->path, msg ? msg : "out of memory");
  else
    lm__yw_report(w, line, col, "%s", msg ? msg : "out of memory");
  free(msg);
}

/* "expected EXPECT, got GOT[ (WHY)]" at node n. */
void lm__yw_expected(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, const char *why) {
  char got[256];
  char *exp = lm__yw_expect(k);
  if (!exp) w->nomem = 1;
  lm__yw_got(got, sizeof got, n);
  lm__yw_node_error(w, n, "expected %s, got %s%s%s%s", exp ? exp : "another value", got,
                    why ? " (" : "", why ? why : "", why ? ")" : "");
  free(exp);
}

const char *lm__yw_file(const lm__ywalk *w) { return w->file; }

void lm__yw_nomem(lm__ywalk *w) { w->nomem = 1; }

lm_diag *lm__yw_diag(lm__ywalk *w) { return w->diag; }

const void *lm__yw_user(const lm__ywalk *w) { return w->user; }
