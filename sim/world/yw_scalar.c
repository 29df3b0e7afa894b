/* yw_scalar.c — the YAML walker's messages and its readers of scalar values.
 *
 * Every problem the walker finds goes through lm__yw_report(), which prefixes the file and
 * position (or the "--set KEY=VALUE" being applied) and stops after LM__YW_MAX_ERRORS
 * errors. The "expected EXPECT, got GOT" messages are built from the key descriptor (its
 * type, range and unit) and the offending node, with input quoted safely by lm__yw_show().
 *
 * The readers take one scalar node and one key descriptor, check the node's form and the
 * key's range, and store the value; on failure they report and leave the field alone.
 * Numbers are strict: decimal or exponent notation, no hex, no .inf/.nan, no leading
 * zeros, no quotes. Each reader is linear in the length of the scalar.
 */
#include "world/yw_internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "lastmile/scenario.h"

/* ---- messages ------------------------------------------------------------------------ */

void lm__yw_report(lm__ywalk *w, size_t line, size_t col, const char *fmt, ...) {
  if (w->stopped) return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  w->errors++;
  if (w->set_label) {
    lm_diag_error(w->diag, w->set_label, 0, 0, "%s", msg);
    return;
  }
  lm_diag_error(w->diag, w->file, line, col, "%s", msg);
  if (w->errors >= LM__YW_MAX_ERRORS) {
    w->stopped = 1;
    lm_diag_note(w->diag, w->file, line, col, "too many errors; stopping here");
  }
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

const char *lm__yw_scalar_text(const yaml_node_t *n) { return (const char *)n->data.scalar.value; }

static int yw_is_plain(const yaml_node_t *n) {
  return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* YAML's null: an empty plain scalar, "~" or "null". */
static int yw_is_null(const yaml_node_t *n) {
  if (n->type != YAML_SCALAR_NODE || !yw_is_plain(n)) return 0;
  const char *t = lm__yw_scalar_text(n);
  size_t len = n->data.scalar.length;
  return len == 0 || (len == 1 && t[0] == '~') ||
         (len == 4 && (!memcmp(t, "null", 4) || !memcmp(t, "Null", 4) || !memcmp(t, "NULL", 4)));
}

/* Describes what a node is, for "got ..." in messages. */
void lm__yw_got(char *dst, size_t cap, const yaml_node_t *n) {
  char shown[4 * LM__YW_SHOW_MAX + 8];
  if (!n) {
    snprintf(dst, cap, "nothing");
  } else if (n->type == YAML_MAPPING_NODE) {
    snprintf(dst, cap, "a mapping");
  } else if (n->type == YAML_SEQUENCE_NODE) {
    snprintf(dst, cap, "a sequence");
  } else if (yw_is_null(n)) {
    snprintf(dst, cap, "an empty value");
  } else {
    lm__yw_show(shown, sizeof shown, lm__yw_scalar_text(n), n->data.scalar.length);
    if (yw_is_plain(n))
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

/* Writes what a key expects ("a whole number in [1, 10000] (vans)"). */
void lm__yw_expect(char *dst, size_t cap, const lm__ykey *k) {
  char lo[32], hi[32], unit[48] = "";
  const char *open = (k->flags & LM__Y_OPEN_MIN) ? "(" : "[";
  yw_num(lo, sizeof lo, k->min);
  yw_num(hi, sizeof hi, k->max);
  if (k->unit) snprintf(unit, sizeof unit, " (%s)", k->unit);
  switch (k->type) {
  case LM__Y_U32:
  case LM__Y_U64:
    snprintf(dst, cap, "a whole number in %s%s, %s]%s", open, lo, hi, unit);
    break;
  case LM__Y_DOUBLE:
    snprintf(dst, cap, "a number in %s%s, %s]%s", open, lo, hi, unit);
    break;
  case LM__Y_NAME:
    snprintf(dst, cap, "a name of 1 to %d characters%s", LM_NAME_MAX - 1,
             (k->flags & LM__Y_LABEL)
                 ? " usable as an HDF5 group and file name (no '/', not '.' or '..')"
                 : "");
    break;
  case LM__Y_TIME:
    lm__yw_format_time(lo, sizeof lo, k->min);
    lm__yw_format_time(hi, sizeof hi, k->max);
    snprintf(dst, cap, "a time of day \"HH:MM\" or \"HH:MM:SS\" in [%s, %s]", lo, hi);
    break;
  case LM__Y_DOUBLES:
    if (k->flags & LM__Y_UPTO)
      snprintf(dst, cap, "a sequence of 1 to %zu numbers in %s%s, %s]%s", k->len, open, lo, hi,
               unit);
    else
      snprintf(dst, cap, "a sequence of %zu numbers in %s%s, %s]%s", k->len, open, lo, hi, unit);
    break;
  case LM__Y_NAMES:
    snprintf(dst, cap, "a sequence of 1 to %zu names%s%s", k->len, k->unit ? " of " : "",
             k->unit ? k->unit : "");
    break;
  case LM__Y_DATE:
    snprintf(dst, cap, "a date YYYY-MM-DD%s%s%s", k->unit ? " (" : "", k->unit ? k->unit : "",
             k->unit ? ")" : "");
    break;
  case LM__Y_DATES:
    snprintf(dst, cap, "a sequence of 0 to %zu dates YYYY-MM-DD%s%s%s", k->len, k->unit ? " (" : "",
             k->unit ? k->unit : "", k->unit ? ")" : "");
    break;
  case LM__Y_RETIRED:
    snprintf(dst, cap, "nothing: %s", k->unit);
    break;
  case LM__Y_MAP:
    snprintf(dst, cap, "a mapping (%s)", k->sub->what);
    break;
  case LM__Y_SEQ:
    snprintf(dst, cap, "a sequence of %s to %s items, each %s", lo, hi, k->sub->what);
    break;
  }
}

/* Reports a problem with `n` (the node at the current key path). */
void lm__yw_node_error(lm__ywalk *w, const yaml_node_t *n, const char *fmt, ...) {
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  size_t line = n ? n->start_mark.line + 1 : 1, col = n ? n->start_mark.column + 1 : 1;
  if (w->path_len)
    lm__yw_report(w, line, col, "%s: %s", w->path, msg);
  else
    lm__yw_report(w, line, col, "%s", msg);
}

/* "expected EXPECT, got GOT[ (WHY)]" at node n. */
void lm__yw_expected(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, const char *why) {
  char exp[256], got[256];
  lm__yw_expect(exp, sizeof exp, k);
  lm__yw_got(got, sizeof got, n);
  lm__yw_node_error(w, n, "expected %s, got %s%s%s%s", exp, got, why ? " (" : "", why ? why : "",
                    why ? ")" : "");
}

/* ---- scalars ------------------------------------------------------------------------- */

size_t lm__yw_key_size(const lm__ykey *k) {
  switch (k->type) {
  case LM__Y_U32:
    return sizeof(uint32_t);
  case LM__Y_U64:
    return sizeof(uint64_t);
  case LM__Y_NAME:
    return LM_NAME_MAX;
  case LM__Y_DOUBLES:
    return k->len * sizeof(double);
  case LM__Y_NAMES:
    return k->len * LM_NAME_MAX;
  case LM__Y_DATE:
    return sizeof(lm_date);
  case LM__Y_DATES:
    return k->len * sizeof(lm_date);
  case LM__Y_RETIRED:
    return 0;
  case LM__Y_SEQ:
    return sizeof(size_t);
  case LM__Y_MAP:
    return 0;
  case LM__Y_DOUBLE:
  case LM__Y_TIME:
    break;
  }
  return sizeof(double);
}

/* Reads a plain scalar as a finite double. Accepts decimal and exponent notation only
 * (no hex, no YAML .inf/.nan, no leading zeros, no digit separators). Returns 0, or -1
 * and sets *why to an explanation (or NULL when "expected a number" says it all). */
static int yw_parse_double(const char *s, size_t len, double *out, const char **why) {
  char buf[64];
  *why = NULL;
  if (len == 0) return -1;
  if (len >= sizeof buf) {
    *why = "too long for a number";
    return -1;
  }
  memcpy(buf, s, len);
  buf[len] = '\0';
  for (size_t i = 0; i < len; i++) {
    char c = buf[i];
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E')
      continue;
    char low[64];
    for (size_t j = 0; j <= len; j++)
      low[j] = (char)((buf[j] >= 'A' && buf[j] <= 'Z') ? buf[j] - 'A' + 'a' : buf[j]);
    if (strstr(low, "inf") || strstr(low, "nan")) *why = "not a finite number";
    return -1;
  }
  const char *d = (buf[0] == '+' || buf[0] == '-') ? buf + 1 : buf;
  if (d[0] == '0' && d[1] >= '0' && d[1] <= '9') {
    *why = "leading zeros are not allowed: YAML 1.1 reads them as octal";
    return -1;
  }
  char *end = NULL;
  errno = 0;
  double v = strtod(buf, &end);
  if (end != buf + len) return -1;
  if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1.0)) {
    *why = "too large";
    return -1;
  }
  *out = v;
  return 0;
}

/* Reads a plain scalar as a whole number: plain digits exactly up to 2^64 - 1, or any
 * number yw_parse_double accepts if it is integral and at most 2^53. *v gets the value
 * as a double (possibly negative) for range checks, *u the exact value when *v >= 0. */
static int yw_parse_whole(const char *s, size_t len, uint64_t *u, double *v, const char **why) {
  size_t i = (len > 0 && s[0] == '+') ? 1 : 0;
  size_t digits = 0;
  while (i + digits < len && s[i + digits] >= '0' && s[i + digits] <= '9') digits++;
  if (digits > 0 && i + digits == len && !(digits > 1 && s[i] == '0')) {
    char buf[32];
    if (digits >= sizeof buf) {
      *why = "too large";
      return -1;
    }
    memcpy(buf, s + i, digits);
    buf[digits] = '\0';
    errno = 0;
    unsigned long long x = strtoull(buf, NULL, 10);
    if (errno == ERANGE || x > UINT64_MAX) {
      *why = "too large";
      return -1;
    }
    *u = (uint64_t)x;
    *v = (double)x;
    return 0;
  }
  double d;
  if (yw_parse_double(s, len, &d, why)) return -1;
  if (d != floor(d)) {
    *why = "not a whole number";
    return -1;
  }
  if (d > 9007199254740992.0) {
    *why = "write whole numbers above 2^53 in plain digits";
    return -1;
  }
  *v = d;
  *u = d > 0 ? (uint64_t)d : 0;
  return 0;
}

static int yw_in_range(const lm__ykey *k, double v) {
  if (k->flags & LM__Y_OPEN_MIN) return v > k->min && v <= k->max;
  return v >= k->min && v <= k->max;
}

/* Reads a number for `k` (or an element of a DOUBLES key) from node n into *out. */
int lm__yw_read_double(lm__ywalk *w, const lm__ykey *key, const yaml_node_t *n, double *out) {
  lm__ykey element = *key; /* messages about one element of a DOUBLES speak of a number */
  element.type = LM__Y_DOUBLE;
  const lm__ykey *k = &element;
  const char *why = NULL;
  if (n->type != YAML_SCALAR_NODE || yw_is_null(n)) {
    lm__yw_expected(w, k, n, NULL);
    return -1;
  }
  if (!yw_is_plain(n)) {
    lm__yw_expected(w, k, n, "numbers are written without quotes");
    return -1;
  }
  double v;
  if (yw_parse_double(lm__yw_scalar_text(n), n->data.scalar.length, &v, &why) ||
      !yw_in_range(k, v)) {
    lm__yw_expected(w, k, n, why);
    return -1;
  }
  *out = v;
  return 0;
}

int lm__yw_read_whole(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, void *field) {
  const char *why = NULL;
  if (n->type != YAML_SCALAR_NODE || yw_is_null(n) || !yw_is_plain(n)) {
    lm__yw_expected(w, k, n,
                    n->type == YAML_SCALAR_NODE && !yw_is_plain(n)
                        ? "numbers are written without quotes"
                        : NULL);
    return -1;
  }
  uint64_t u = 0;
  double v = 0;
  if (yw_parse_whole(lm__yw_scalar_text(n), n->data.scalar.length, &u, &v, &why) ||
      !yw_in_range(k, v)) {
    lm__yw_expected(w, k, n, why);
    return -1;
  }
  if (k->type == LM__Y_U32)
    *(uint32_t *)field = (uint32_t)u;
  else
    *(uint64_t *)field = u;
  return 0;
}

int lm__yw_read_name(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, char *field) {
  if (n->type != YAML_SCALAR_NODE || yw_is_null(n) || n->data.scalar.length == 0) {
    lm__yw_expected(w, k, n, NULL);
    return -1;
  }
  const char *t = lm__yw_scalar_text(n);
  size_t len = n->data.scalar.length;
  const char *why = lm_name_problem(t, len, (k->flags & LM__Y_LABEL) != 0);
  if (why) {
    lm__yw_expected(w, k, n, why);
    return -1;
  }
  memcpy(field, t, len);
  field[len] = '\0';
  return 0;
}

int lm__yw_read_time(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, double *out) {
  char buf[16];
  double v;
  if (n->type != YAML_SCALAR_NODE || yw_is_null(n) || n->data.scalar.length >= sizeof buf) {
    lm__yw_expected(w, k, n, NULL);
    return -1;
  }
  memcpy(buf, lm__yw_scalar_text(n), n->data.scalar.length);
  buf[n->data.scalar.length] = '\0';
  if (lm_parse_time_of_day(buf, &v) || !yw_in_range(k, v)) {
    lm__yw_expected(w, k, n, NULL);
    return -1;
  }
  *out = v;
  return 0;
}

int lm__yw_read_date(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, lm_date *out) {
  char why[LM_DATE_WHY];
  if (n->type != YAML_SCALAR_NODE || yw_is_null(n)) {
    lm__yw_expected(w, k, n, NULL);
    return -1;
  }
  if (lm_date_parse(lm__yw_scalar_text(n), n->data.scalar.length, out, why, sizeof why)) {
    lm__yw_expected(w, k, n, why);
    return -1;
  }
  return 0;
}
