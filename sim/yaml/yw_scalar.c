/* yw_scalar.c — the YAML walker's readers of scalar values.
 *
 * A reader takes one node and one key descriptor, checks the node's form and the key's
 * range, and stores the value; on failure it reports through lm__yw_report (yw_report.c)
 * and leaves the field as it was. Numbers are strict: decimal or exponent notation, no
 * hex, no .inf/.nan, no leading zeros, no quotes; whole numbers in plain digits are exact
 * up to 2^64 - 1, in any other form up to 2^53. Names and times of day follow the rules
 * of lastmile/yaml.h. Each reader is linear in the length of the scalar.
 */
#include "yaml/yw_internal.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ---- scalars ------------------------------------------------------------------------- */

size_t lm__yw_key_size(const lm__ykey *k) {
  switch (k->type) {
  case LM__Y_U32:
  case LM__Y_BOOL:
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
  if (n->type != YAML_SCALAR_NODE || lm__yw_is_null(n)) {
    lm__yw_expected(w, k, n, NULL);
    return -1;
  }
  if (!lm__yw_is_plain(n)) {
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
  if (n->type != YAML_SCALAR_NODE || lm__yw_is_null(n) || !lm__yw_is_plain(n)) {
    lm__yw_expected(w, k, n,
                    n->type == YAML_SCALAR_NODE && !lm__yw_is_plain(n)
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

/* The words a boolean is written as, each followed by its value. */
static const struct {
  const char *word;
  uint32_t value;
} yw_bool_words[] = {{"true", 1},  {"yes", 1}, {"on", 1},  {"1", 1},
                     {"false", 0}, {"no", 0},  {"off", 0}, {"0", 0}};

int lm__yw_read_bool(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, uint32_t *field) {
  if (n->type == YAML_SCALAR_NODE && lm__yw_is_plain(n)) {
    const char *t = lm__yw_scalar_text(n);
    size_t len = n->data.scalar.length;
    for (size_t i = 0; i < sizeof yw_bool_words / sizeof yw_bool_words[0]; i++) {
      const char *word = yw_bool_words[i].word;
      size_t j = 0;
      while (j < len && word[j] &&
             (t[j] >= 'A' && t[j] <= 'Z' ? t[j] - 'A' + 'a' : t[j]) == word[j])
        j++;
      if (j == len && word[j] == '\0') {
        *field = yw_bool_words[i].value;
        return 0;
      }
    }
  }
  lm__yw_expected(w, k, n,
                  n->type == YAML_SCALAR_NODE && !lm__yw_is_plain(n)
                      ? "booleans are written without quotes"
                      : NULL);
  return -1;
}

int lm__yw_read_name(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, char *field) {
  if (n->type != YAML_SCALAR_NODE || lm__yw_is_null(n) || n->data.scalar.length == 0) {
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
  if (n->type != YAML_SCALAR_NODE || lm__yw_is_null(n) || n->data.scalar.length >= sizeof buf) {
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
  if (n->type != YAML_SCALAR_NODE || lm__yw_is_null(n)) {
    lm__yw_expected(w, k, n, NULL);
    return -1;
  }
  if (lm_date_parse(lm__yw_scalar_text(n), n->data.scalar.length, out, why, sizeof why)) {
    lm__yw_expected(w, k, n, why);
    return -1;
  }
  return 0;
}
