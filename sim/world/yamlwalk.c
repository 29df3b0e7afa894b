/* yamlwalk.c — the table-driven YAML walker (see yamlwalk.h for the schema model).
 *
 * Loading runs in four passes over the input, each linear in its size:
 *   1. prescan: libyaml's event parser reads the text once, reports the first syntax
 *      error, and refuses more than one document, nesting deeper than LM__YW_MAX_DEPTH or
 *      more than LM__YW_MAX_NODES nodes. libyaml builds documents in memory at ~150 bytes
 *      a node and its scanner is quadratic in the nesting depth, so these limits must be
 *      enforced before yaml_parser_load() sees the text.
 *   2. load: yaml_parser_load() builds the document tree.
 *   3. walk: the schema tables drive a descent of the tree. The walker only follows keys
 *      it knows, so its recursion is bounded by the schema's depth whatever the input;
 *      aliases (even cyclic ones) are therefore harmless. Defaults are written first, then
 *      every given value overwrites its field. Each field gets an origin record: its key
 *      path, the line and column it came from, and whether it failed.
 *   4. finish: the tables' finish hooks run bottom-up over the filled structs, using the
 *      origin records to skip fields that failed and to place their messages.
 * Duplicate keys are found with a per-mapping array indexed by key descriptor, so a
 * mapping with n pairs costs O(n) lookups of at most LM__YW_MAX_KEYS names each.
 */
#include "world/yamlwalk.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "lastmile/scenario.h"

#define YW_PATH_MAX 256 /* longest key path kept for messages */
#define YW_SHOW_MAX 40  /* longest piece of input quoted in a message */

/* Where one field's value came from. `path` is an offset into the walker's path arena. */
typedef struct yw_origin {
  const char *addr;
  size_t size;
  size_t path;
  size_t line, col;
  int failed;
} yw_origin;

struct lm__ywalk {
  yaml_document_t *doc;
  const char *text; /* the input, for positions of reader errors */
  size_t text_len;
  const char *file;
  lm_diag *diag;
  size_t errors;
  int syntax, nomem, stopped;
  yw_origin *orig;
  size_t n_orig, cap_orig;
  char *arena; /* NUL-separated key paths of the origins */
  size_t arena_len, arena_cap;
  char path[YW_PATH_MAX]; /* key path of the node being walked */
  size_t path_len;
  const char *set_label; /* "--set KEY=VALUE" while an override is read, else NULL */
  const char *const *sets;
  size_t n_sets;
};

/* ---- messages ------------------------------------------------------------------------ */

static void yw_report(lm__ywalk *w, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void yw_report(lm__ywalk *w, size_t line, size_t col, const char *fmt, ...) {
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
static void yw_show(char *dst, size_t cap, const char *s, size_t len) {
  size_t o = 0, i = 0;
  for (; i < len && i < YW_SHOW_MAX && o + 5 < cap; i++) {
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

static const char *yw_scalar_text(const yaml_node_t *n) {
  return (const char *)n->data.scalar.value;
}

static int yw_is_plain(const yaml_node_t *n) {
  return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* YAML's null: an empty plain scalar, "~" or "null". */
static int yw_is_null(const yaml_node_t *n) {
  if (n->type != YAML_SCALAR_NODE || !yw_is_plain(n)) return 0;
  const char *t = yw_scalar_text(n);
  size_t len = n->data.scalar.length;
  return len == 0 || (len == 1 && t[0] == '~') ||
         (len == 4 && (!memcmp(t, "null", 4) || !memcmp(t, "Null", 4) || !memcmp(t, "NULL", 4)));
}

/* Describes what a node is, for "got ..." in messages. */
static void yw_got(char *dst, size_t cap, const yaml_node_t *n) {
  char shown[4 * YW_SHOW_MAX + 8];
  if (!n) {
    snprintf(dst, cap, "nothing");
  } else if (n->type == YAML_MAPPING_NODE) {
    snprintf(dst, cap, "a mapping");
  } else if (n->type == YAML_SEQUENCE_NODE) {
    snprintf(dst, cap, "a sequence");
  } else if (yw_is_null(n)) {
    snprintf(dst, cap, "an empty value");
  } else {
    yw_show(shown, sizeof shown, yw_scalar_text(n), n->data.scalar.length);
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
static void yw_expect(char *dst, size_t cap, const lm__ykey *k) {
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
    snprintf(dst, cap, "a name of 1 to %d characters", LM_NAME_MAX - 1);
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
  case LM__Y_MAP:
    snprintf(dst, cap, "a mapping (%s)", k->sub->what);
    break;
  case LM__Y_SEQ:
    snprintf(dst, cap, "a sequence of %s to %s items, each %s", lo, hi, k->sub->what);
    break;
  }
}

/* ---- key paths and origins ----------------------------------------------------------- */

/* Appends ".name" (or "name" at the root) or "[i]" to the key path; returns the old
 * length for yw_pop. A path that does not fit is cut. */
static size_t yw_pushed(lm__ywalk *w, size_t old, int n) {
  size_t room = sizeof w->path - old;
  w->path_len = (n < 0 || (size_t)n >= room) ? sizeof w->path - 1 : old + (size_t)n;
  return old;
}

static size_t yw_push_key(lm__ywalk *w, const char *name) {
  size_t old = w->path_len;
  return yw_pushed(w, old,
                   snprintf(w->path + old, sizeof w->path - old, "%s%s", old ? "." : "", name));
}

static size_t yw_push_index(lm__ywalk *w, size_t i) {
  size_t old = w->path_len;
  return yw_pushed(w, old, snprintf(w->path + old, sizeof w->path - old, "[%zu]", i));
}

static void yw_pop(lm__ywalk *w, size_t old) {
  w->path_len = old;
  w->path[old] = '\0';
}

/* Grows *buf (of *cap elements of `size` bytes) to hold `need`; 0 or LM_ENOMEM. */
static int yw_grow(void **buf, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return 0;
  size_t c = *cap ? *cap : 64;
  while (c < need) c *= 2;
  void *p = realloc(*buf, c * size);
  if (!p) return LM_ENOMEM;
  *buf = p;
  *cap = c;
  return 0;
}

static void yw_record(lm__ywalk *w, const void *addr, size_t size, size_t line, size_t col,
                      int failed) {
  size_t plen = w->path_len + 1;
  if (yw_grow((void **)&w->orig, &w->cap_orig, w->n_orig + 1, sizeof *w->orig) ||
      yw_grow((void **)&w->arena, &w->arena_cap, w->arena_len + plen, 1)) {
    w->nomem = 1;
    return;
  }
  memcpy(w->arena + w->arena_len, w->path, plen);
  w->orig[w->n_orig++] = (yw_origin){
      .addr = addr, .size = size, .path = w->arena_len, .line = line, .col = col, .failed = failed};
  w->arena_len += plen;
}

/* The origin of [addr, addr + size): the latest exact record, else the smallest record
 * that contains the range; NULL if none. */
static const yw_origin *yw_origin_of(const lm__ywalk *w, const void *addr, size_t size) {
  const char *a = addr;
  const yw_origin *best = NULL;
  for (size_t i = w->n_orig; i-- > 0;) {
    const yw_origin *o = &w->orig[i];
    if (o->addr == a && o->size == size) return o;
    if (o->addr <= a && a + size <= o->addr + o->size && (!best || o->size < best->size)) best = o;
  }
  return best;
}

int lm__yw_ok(const lm__ywalk *w, const void *field, size_t size) {
  const char *a = field;
  for (size_t i = 0; i < w->n_orig; i++) {
    const yw_origin *o = &w->orig[i];
    if (o->failed && o->addr < a + size && a < o->addr + o->size) return 0;
  }
  return 1;
}

const char *lm__yw_file(const lm__ywalk *w) { return w->file; }

lm_diag *lm__yw_diag(lm__ywalk *w) { return w->diag; }

void lm__yw_error(lm__ywalk *w, const void *field, size_t size, const char *fmt, ...) {
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  const yw_origin *o = yw_origin_of(w, field, size);
  if (o)
    yw_report(w, o->line, o->col, "%s: %s", w->arena + o->path, msg);
  else
    yw_report(w, 1, 1, "%s", msg);
}

/* Reports a problem with `n` (the node at the current key path). */
static void yw_node_error(lm__ywalk *w, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void yw_node_error(lm__ywalk *w, const yaml_node_t *n, const char *fmt, ...) {
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  size_t line = n ? n->start_mark.line + 1 : 1, col = n ? n->start_mark.column + 1 : 1;
  if (w->path_len)
    yw_report(w, line, col, "%s: %s", w->path, msg);
  else
    yw_report(w, line, col, "%s", msg);
}

/* "expected EXPECT, got GOT[ (WHY)]" at node n. */
static void yw_expected(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, const char *why) {
  char exp[256], got[256];
  yw_expect(exp, sizeof exp, k);
  yw_got(got, sizeof got, n);
  yw_node_error(w, n, "expected %s, got %s%s%s%s", exp, got, why ? " (" : "", why ? why : "",
                why ? ")" : "");
}

/* ---- scalars ------------------------------------------------------------------------- */

static size_t yw_key_size(const lm__ykey *k) {
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
static int yw_read_double(lm__ywalk *w, const lm__ykey *key, const yaml_node_t *n, double *out) {
  lm__ykey element = *key; /* messages about one element of a DOUBLES speak of a number */
  element.type = LM__Y_DOUBLE;
  const lm__ykey *k = &element;
  const char *why = NULL;
  if (n->type != YAML_SCALAR_NODE || yw_is_null(n)) {
    yw_expected(w, k, n, NULL);
    return -1;
  }
  if (!yw_is_plain(n)) {
    yw_expected(w, k, n, "numbers are written without quotes");
    return -1;
  }
  double v;
  if (yw_parse_double(yw_scalar_text(n), n->data.scalar.length, &v, &why) || !yw_in_range(k, v)) {
    yw_expected(w, k, n, why);
    return -1;
  }
  *out = v;
  return 0;
}

static int yw_read_whole(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, void *field) {
  const char *why = NULL;
  if (n->type != YAML_SCALAR_NODE || yw_is_null(n) || !yw_is_plain(n)) {
    yw_expected(w, k, n,
                n->type == YAML_SCALAR_NODE && !yw_is_plain(n)
                    ? "numbers are written without quotes"
                    : NULL);
    return -1;
  }
  uint64_t u = 0;
  double v = 0;
  if (yw_parse_whole(yw_scalar_text(n), n->data.scalar.length, &u, &v, &why) ||
      !yw_in_range(k, v)) {
    yw_expected(w, k, n, why);
    return -1;
  }
  if (k->type == LM__Y_U32)
    *(uint32_t *)field = (uint32_t)u;
  else
    *(uint64_t *)field = u;
  return 0;
}

static int yw_read_name(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, char *field) {
  if (n->type != YAML_SCALAR_NODE || yw_is_null(n) || n->data.scalar.length == 0) {
    yw_expected(w, k, n, NULL);
    return -1;
  }
  const char *t = yw_scalar_text(n);
  size_t len = n->data.scalar.length;
  if (len >= LM_NAME_MAX) {
    yw_expected(w, k, n, "too long");
    return -1;
  }
  for (size_t i = 0; i < len; i++) {
    if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f) {
      yw_expected(w, k, n, "control characters are not allowed");
      return -1;
    }
  }
  memcpy(field, t, len);
  field[len] = '\0';
  return 0;
}

static int yw_read_time(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, double *out) {
  char buf[16];
  double v;
  if (n->type != YAML_SCALAR_NODE || yw_is_null(n) || n->data.scalar.length >= sizeof buf) {
    yw_expected(w, k, n, NULL);
    return -1;
  }
  memcpy(buf, yw_scalar_text(n), n->data.scalar.length);
  buf[n->data.scalar.length] = '\0';
  if (lm_parse_time_of_day(buf, &v) || !yw_in_range(k, v)) {
    yw_expected(w, k, n, NULL);
    return -1;
  }
  *out = v;
  return 0;
}

/* ---- the walk ------------------------------------------------------------------------ */

static void *yw_at(void *base, size_t offset) { return (char *)base + offset; }

static yaml_node_t *yw_node(const lm__ywalk *w, int index) {
  return yaml_document_get_node(w->doc, index);
}

static void yw_defaults(const lm__ytable *t, void *base) {
  for (size_t i = 0; i < t->n_keys; i++) {
    const lm__ykey *k = &t->keys[i];
    void *f = yw_at(base, k->offset);
    switch (k->type) {
    case LM__Y_U32:
      *(uint32_t *)f = (uint32_t)k->def;
      break;
    case LM__Y_U64:
      *(uint64_t *)f = (uint64_t)k->def;
      break;
    case LM__Y_DOUBLE:
    case LM__Y_TIME:
      *(double *)f = k->def;
      break;
    case LM__Y_NAME:
      snprintf(f, LM_NAME_MAX, "%s", k->def_name ? k->def_name : "");
      break;
    case LM__Y_DOUBLES:
      for (size_t j = 0; j < k->len; j++) ((double *)f)[j] = k->def;
      if (k->flags & LM__Y_UPTO) *(size_t *)yw_at(base, k->count_offset) = 0;
      break;
    case LM__Y_NAMES:
      memset(f, 0, k->len * LM_NAME_MAX);
      *(size_t *)yw_at(base, k->count_offset) = 0;
      break;
    case LM__Y_MAP:
      yw_defaults(k->sub, f);
      break;
    case LM__Y_SEQ:
      *(size_t *)yw_at(base, k->count_offset) = 0;
      break;
    }
  }
}

/* Records every field of a table that was not given: failed (the mapping was missing or
 * malformed) or defaulted, positioned at (line, col). */
static void yw_absent_table(lm__ywalk *w, const lm__ytable *t, void *base, size_t line, size_t col,
                            int failed);

static void yw_absent_key(lm__ywalk *w, const lm__ykey *k, void *base, size_t line, size_t col,
                          int failed) {
  size_t old = yw_push_key(w, k->name);
  if (k->type == LM__Y_MAP)
    yw_absent_table(w, k->sub, yw_at(base, k->offset), line, col, failed);
  else if (k->type == LM__Y_SEQ)
    yw_record(w, yw_at(base, k->count_offset), sizeof(size_t), line, col, failed);
  else
    yw_record(w, yw_at(base, k->offset), yw_key_size(k), line, col, failed);
  yw_pop(w, old);
}

static void yw_absent_table(lm__ywalk *w, const lm__ytable *t, void *base, size_t line, size_t col,
                            int failed) {
  for (size_t i = 0; i < t->n_keys; i++) yw_absent_key(w, &t->keys[i], base, line, col, failed);
}

static void yw_walk_map(lm__ywalk *w, const lm__ytable *t, void *base, const yaml_node_t *n);

static void yw_walk_doubles(lm__ywalk *w, const lm__ykey *k, double *field, size_t *n_out,
                            const yaml_node_t *n) {
  int failed = 0;
  size_t count = 0;
  if (n->type == YAML_SEQUENCE_NODE)
    count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
  int bad_len = (k->flags & LM__Y_UPTO) ? count < 1 || count > k->len : count != k->len;
  if (n_out) *n_out = bad_len ? 0 : count;
  if (n->type != YAML_SEQUENCE_NODE || bad_len) {
    char why[64] = "";
    if (n->type == YAML_SEQUENCE_NODE) snprintf(why, sizeof why, "%zu of them", count);
    yw_expected(w, k, n, n->type == YAML_SEQUENCE_NODE ? why : NULL);
    failed = 1;
  } else {
    for (size_t i = 0; i < count && !w->stopped; i++) {
      size_t old = yw_push_index(w, i);
      double v;
      if (yw_read_double(w, k, yw_node(w, n->data.sequence.items.start[i]), &v) == 0)
        field[i] = v;
      else
        failed = 1;
      yw_pop(w, old);
    }
  }
  yw_record(w, field, k->len * sizeof(double), n->start_mark.line + 1, n->start_mark.column + 1,
            failed);
}

/* A sequence of 1 to k->len names into char[len][LM_NAME_MAX], the count at *n_out. */
static void yw_walk_names(lm__ywalk *w, const lm__ykey *k, char *field, size_t *n_out,
                          const yaml_node_t *n) {
  int failed = 0;
  size_t count = 0;
  if (n->type == YAML_SEQUENCE_NODE)
    count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
  *n_out = 0;
  if (n->type != YAML_SEQUENCE_NODE || count < 1 || count > k->len) {
    char why[64] = "";
    if (n->type == YAML_SEQUENCE_NODE) snprintf(why, sizeof why, "%zu of them", count);
    yw_expected(w, k, n, n->type == YAML_SEQUENCE_NODE ? why : NULL);
    failed = 1;
  } else {
    lm__ykey element = *k; /* messages about one element speak of a name */
    element.type = LM__Y_NAME;
    for (size_t i = 0; i < count && !w->stopped; i++) {
      size_t old = yw_push_index(w, i);
      if (yw_read_name(w, &element, yw_node(w, n->data.sequence.items.start[i]),
                       field + i * LM_NAME_MAX))
        failed = 1;
      yw_pop(w, old);
    }
    *n_out = count;
  }
  yw_record(w, field, k->len * LM_NAME_MAX, n->start_mark.line + 1, n->start_mark.column + 1,
            failed);
}

static void yw_walk_seq(lm__ywalk *w, const lm__ykey *k, void *base, const yaml_node_t *n) {
  size_t *count = yw_at(base, k->count_offset);
  size_t line = n->start_mark.line + 1, col = n->start_mark.column + 1;
  *count = 0;
  if (n->type != YAML_SEQUENCE_NODE) {
    yw_expected(w, k, n, NULL);
    yw_record(w, count, sizeof *count, line, col, 1);
    return;
  }
  size_t items = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
  int failed = 0;
  if ((double)items < k->min) {
    char why[32];
    snprintf(why, sizeof why, "%zu items", items);
    yw_expected(w, k, n, why);
    failed = 1;
  }
  if ((double)items > k->max) {
    size_t max = (size_t)k->max;
    char exp[256];
    yw_expect(exp, sizeof exp, k);
    size_t old = yw_push_index(w, max);
    yw_node_error(w, yw_node(w, n->data.sequence.items.start[max]),
                  "too many items: expected %s, got %zu", exp, items);
    yw_pop(w, old);
    items = max;
    failed = 1;
  }
  for (size_t i = 0; i < items && !w->stopped; i++) {
    void *item = yw_at(base, k->offset + i * k->item_size);
    const yaml_node_t *in = yw_node(w, n->data.sequence.items.start[i]);
    yw_defaults(k->sub, item);
    size_t old = yw_push_index(w, i);
    yw_record(w, item, k->item_size, in->start_mark.line + 1, in->start_mark.column + 1, 0);
    yw_walk_map(w, k->sub, item, in);
    yw_pop(w, old);
  }
  *count = items;
  yw_record(w, count, sizeof *count, line, col, failed);
}

static void yw_walk_value(lm__ywalk *w, const lm__ykey *k, void *base, const yaml_node_t *n) {
  void *f = yw_at(base, k->offset);
  int bad;
  switch (k->type) {
  case LM__Y_MAP:
    yw_walk_map(w, k->sub, f, n);
    return;
  case LM__Y_SEQ:
    yw_walk_seq(w, k, base, n);
    return;
  case LM__Y_DOUBLES:
    yw_walk_doubles(w, k, f, (k->flags & LM__Y_UPTO) ? yw_at(base, k->count_offset) : NULL, n);
    return;
  case LM__Y_NAMES:
    yw_walk_names(w, k, f, yw_at(base, k->count_offset), n);
    return;
  case LM__Y_U32:
  case LM__Y_U64:
    bad = yw_read_whole(w, k, n, f);
    break;
  case LM__Y_DOUBLE:
    bad = yw_read_double(w, k, n, f);
    break;
  case LM__Y_NAME:
    bad = yw_read_name(w, k, n, f);
    break;
  case LM__Y_TIME:
    bad = yw_read_time(w, k, n, f);
    break;
  default:
    return;
  }
  yw_record(w, f, yw_key_size(k), n->start_mark.line + 1, n->start_mark.column + 1, bad != 0);
}

/* The key of `t` nearest to `name` by edit distance, if it is close enough to be a likely
 * misspelling: within a third of its length (at least 1), or a prefix of it. */
static const char *yw_suggest(const lm__ytable *t, const char *name, size_t len) {
  const char *best = NULL;
  unsigned best_d = 255;
  for (size_t i = 0; i < t->n_keys; i++) {
    const char *cand = t->keys[i].name;
    size_t clen = strlen(cand);
    unsigned d = lm__yw_distance(name, len, cand);
    size_t shorter = len < clen ? len : clen;
    int prefix = shorter >= 4 && !strncmp(name, cand, shorter);
    unsigned limit = clen >= 6 ? (unsigned)(clen / 3) : 1u;
    if ((d <= limit || prefix) && d < best_d) {
      best = cand;
      best_d = d;
    }
  }
  return best;
}

static void yw_unknown_key(lm__ywalk *w, const lm__ytable *t, const yaml_node_t *key) {
  char shown[4 * YW_SHOW_MAX + 8];
  const char *name = yw_scalar_text(key);
  size_t len = key->data.scalar.length;
  yw_show(shown, sizeof shown, name, len);
  size_t old = yw_push_key(w, shown);
  const char *near = yw_suggest(t, name, len);
  if (near) {
    yw_node_error(w, key, "unknown key; did you mean '%s'?", near);
  } else {
    char list[512] = "";
    size_t o = 0;
    for (size_t i = 0; i < t->n_keys && o < sizeof list; i++) {
      int m = snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", t->keys[i].name);
      if (m > 0) o += (size_t)m;
    }
    yw_node_error(w, key, "unknown key; expected one of: %s", list);
  }
  yw_pop(w, old);
}

static void yw_walk_map(lm__ywalk *w, const lm__ytable *t, void *base, const yaml_node_t *n) {
  size_t line = n->start_mark.line + 1, col = n->start_mark.column + 1;
  if (n->type != YAML_MAPPING_NODE) {
    char got[256];
    yw_got(got, sizeof got, n);
    yw_node_error(w, n, "expected a mapping (%s), got %s", t->what, got);
    yw_absent_table(w, t, base, line, col, 1);
    return;
  }
  assert(t->n_keys <= LM__YW_MAX_KEYS);
  const yaml_node_t *seen[LM__YW_MAX_KEYS] = {0};
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
    if (w->stopped) return;
    const yaml_node_t *kn = yw_node(w, p->key), *vn = yw_node(w, p->value);
    if (!kn || !vn) continue;
    if (kn->type != YAML_SCALAR_NODE) {
      char got[256];
      yw_got(got, sizeof got, kn);
      yw_node_error(w, kn, "expected a key name, got %s", got);
      continue;
    }
    size_t i = 0, klen = kn->data.scalar.length;
    while (i < t->n_keys &&
           !(strlen(t->keys[i].name) == klen && !memcmp(t->keys[i].name, yw_scalar_text(kn), klen)))
      i++;
    if (i == t->n_keys) {
      yw_unknown_key(w, t, kn);
      continue;
    }
    size_t old = yw_push_key(w, t->keys[i].name);
    if (seen[i]) {
      yw_node_error(w, kn, "duplicate key; first given at line %zu, column %zu",
                    seen[i]->start_mark.line + 1, seen[i]->start_mark.column + 1);
    } else {
      seen[i] = kn;
      yw_walk_value(w, &t->keys[i], base, vn);
    }
    yw_pop(w, old);
  }
  for (size_t i = 0; i < t->n_keys && !w->stopped; i++) {
    if (seen[i]) continue;
    const lm__ykey *k = &t->keys[i];
    int required = (k->flags & LM__Y_REQUIRED) != 0;
    if (required) {
      size_t old = yw_push_key(w, k->name);
      yw_report(w, line, col, "missing required key '%s'", w->path);
      yw_pop(w, old);
    }
    yw_absent_key(w, k, base, line, col, required);
  }
}

/* ---- the finish pass ----------------------------------------------------------------- */

/* Reports items of a SEQ that repeat a LM__Y_UNIQUE name of an earlier item. */
static void yw_unique(lm__ywalk *w, const lm__ykey *seq, void *base) {
  size_t n = *(size_t *)yw_at(base, seq->count_offset);
  for (size_t u = 0; u < seq->sub->n_keys; u++) {
    const lm__ykey *k = &seq->sub->keys[u];
    if (!(k->flags & LM__Y_UNIQUE) || k->type != LM__Y_NAME) continue;
    for (size_t i = 1; i < n; i++) {
      const char *a = yw_at(base, seq->offset + i * seq->item_size + k->offset);
      if (!lm__yw_ok(w, a, LM_NAME_MAX)) continue;
      for (size_t j = 0; j < i; j++) {
        const char *b = yw_at(base, seq->offset + j * seq->item_size + k->offset);
        if (!lm__yw_ok(w, b, LM_NAME_MAX) || strcmp(a, b)) continue;
        const yw_origin *o = yw_origin_of(w, b, LM_NAME_MAX);
        lm__yw_error(w, a, LM_NAME_MAX, "duplicate %s '%s'; %s has it already (line %zu)", k->name,
                     a, o ? w->arena + o->path : "an earlier item", o ? o->line : 0);
        break;
      }
    }
  }
}

static void yw_finish(lm__ywalk *w, const lm__ytable *t, void *base) {
  for (size_t i = 0; i < t->n_keys && !w->stopped; i++) {
    const lm__ykey *k = &t->keys[i];
    if (k->type == LM__Y_MAP) {
      yw_finish(w, k->sub, yw_at(base, k->offset));
    } else if (k->type == LM__Y_SEQ) {
      size_t n = *(size_t *)yw_at(base, k->count_offset);
      for (size_t j = 0; j < n; j++)
        yw_finish(w, k->sub, yw_at(base, k->offset + j * k->item_size));
      yw_unique(w, k, base);
    }
  }
  if (t->finish && !w->stopped) t->finish(w, base);
}

/* ---- parsing ------------------------------------------------------------------------- */

/* Reports the parser's error; returns the code the load fails with. */
static int yw_parser_error(lm__ywalk *w, const yaml_parser_t *p) {
  const char *problem = p->problem ? p->problem : "malformed YAML";
  if (p->error == YAML_MEMORY_ERROR) {
    w->nomem = 1;
    yw_report(w, 1, 1, "out of memory while parsing");
    return LM_ENOMEM;
  }
  w->syntax = 1;
  if (p->error == YAML_READER_ERROR) {
    /* Reader errors carry a byte offset, not a mark. */
    size_t line = 1, col = 1, end = p->problem_offset;
    for (size_t i = 0; i < end && i < w->text_len; i++, col++)
      if (w->text[i] == '\n') line++, col = 0;
    if (p->problem_value >= 0)
      yw_report(w, line, col, "invalid input: %s (byte 0x%02x)", problem, p->problem_value);
    else
      yw_report(w, line, col, "invalid input: %s", problem);
    return LM_EPARSE;
  }
  size_t line = p->problem_mark.line + 1, col = p->problem_mark.column + 1;
  if (p->context)
    yw_report(w, line, col, "syntax error: %s (%s started at line %zu, column %zu)", problem,
              p->context, p->context_mark.line + 1, p->context_mark.column + 1);
  else
    yw_report(w, line, col, "syntax error: %s", problem);
  return LM_EPARSE;
}

/* Pass 1: well-formedness and size limits with the event parser. */
static int yw_prescan(lm__ywalk *w) {
  yaml_parser_t p;
  if (!yaml_parser_initialize(&p)) return w->nomem = 1, LM_ENOMEM;
  yaml_parser_set_input_string(&p, (const unsigned char *)w->text, w->text_len);
  size_t depth = 0, nodes = 0, docs = 0;
  int rc = 0, done = 0;
  while (!done) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&p, &ev)) {
      rc = yw_parser_error(w, &p);
      break;
    }
    yaml_event_type_t type = ev.type;
    size_t line = ev.start_mark.line + 1, col = ev.start_mark.column + 1;
    yaml_event_delete(&ev);
    switch (type) {
    case YAML_STREAM_END_EVENT:
      done = 1;
      break;
    case YAML_DOCUMENT_START_EVENT:
      if (++docs > 1) {
        yw_report(w, line, col, "a second YAML document; a scenario is one document");
        done = 1;
      }
      break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      if (++depth > LM__YW_MAX_DEPTH) {
        yw_report(w, line, col, "nested deeper than %d levels", LM__YW_MAX_DEPTH);
        rc = LM_EINVAL;
        done = 1;
      }
      nodes++;
      break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      depth--;
      break;
    case YAML_SCALAR_EVENT:
    case YAML_ALIAS_EVENT:
      nodes++;
      break;
    default:
      break;
    }
    if (!done && nodes > LM__YW_MAX_NODES) {
      yw_report(w, line, col, "more than %d YAML nodes; this is not a scenario", LM__YW_MAX_NODES);
      rc = LM_EINVAL;
      done = 1;
    }
  }
  yaml_parser_delete(&p);
  return rc;
}

/* Passes 2-4 on a well-formed text. */
/* Applies one "KEY=VALUE" override to the walked struct. */
static void yw_apply_set(lm__ywalk *w, const lm__ytable *root, void *base, const char *set) {
  char label[320];
  snprintf(label, sizeof label, "--set %s", set);
  const char *eq = strchr(set, '=');
  char key[256];
  size_t klen = eq ? (size_t)(eq - set) : 0;
  w->set_label = label;
  if (!eq || klen == 0 || klen >= sizeof key) {
    yw_report(w, 0, 0, "expected KEY=VALUE, e.g. fleet.van.count=14");
    w->set_label = NULL;
    return;
  }
  memcpy(key, set, klen);
  key[klen] = '\0';
  const lm__ykey *k;
  void *field;
  if (lm__yw_lookup(root, base, key, &k, &field)) {
    yw_report(w, 0, 0, "'%s' is not a scenario key (keys are dotted paths such as "
                       "fleet.van.count or zones[0].density_per_km2)", key);
  } else if (k->type == LM__Y_MAP || k->type == LM__Y_SEQ ||
             ((k->type == LM__Y_DOUBLES || k->type == LM__Y_NAMES) && key[klen - 1] != ']')) {
    yw_report(w, 0, 0, "'%s' holds several values; set one of them (e.g. %s.KEY or %s[0])",
              key, key, key);
  } else {
    yaml_node_t n;
    memset(&n, 0, sizeof n);
    n.type = YAML_SCALAR_NODE;
    n.data.scalar.value = (yaml_char_t *)(uintptr_t)(eq + 1);
    n.data.scalar.length = strlen(eq + 1);
    n.data.scalar.style = YAML_PLAIN_SCALAR_STYLE;
    size_t old = w->path_len;
    int wrote = snprintf(w->path, sizeof w->path, "%.200s (from --set)", key);
    (void)wrote;
    w->path_len = strlen(w->path);
    int bad;
    size_t size = sizeof(double);
    switch (k->type) {
    case LM__Y_U32:
    case LM__Y_U64:
      bad = yw_read_whole(w, k, &n, field);
      size = yw_key_size(k);
      break;
    case LM__Y_NAME:
      bad = yw_read_name(w, k, &n, field);
      size = LM_NAME_MAX;
      break;
    case LM__Y_NAMES: { /* one element */
      lm__ykey element = *k;
      element.type = LM__Y_NAME;
      bad = yw_read_name(w, &element, &n, field);
      size = LM_NAME_MAX;
      break;
    }
    case LM__Y_TIME:
      bad = yw_read_time(w, k, &n, field);
      break;
    default: /* DOUBLE, or one element of DOUBLES */
      bad = yw_read_double(w, k, &n, field);
      break;
    }
    yw_record(w, field, size, 0, 0, bad != 0);
    w->path[0] = '\0';
    w->path_len = old;
  }
  w->set_label = NULL;
}

static int yw_load_walk(lm__ywalk *w, const lm__ytable *root, void *base) {
  yaml_parser_t p;
  yaml_document_t doc;
  if (!yaml_parser_initialize(&p)) return w->nomem = 1, LM_ENOMEM;
  yaml_parser_set_input_string(&p, (const unsigned char *)w->text, w->text_len);
  if (!yaml_parser_load(&p, &doc)) {
    int rc = yw_parser_error(w, &p);
    yaml_parser_delete(&p);
    return rc;
  }
  yaml_parser_delete(&p);
  w->doc = &doc;
  yaml_node_t *top = yaml_document_get_root_node(&doc);
  if (!top) {
    yw_report(w, 1, 1, "the scenario is empty; expected a mapping (%s)", root->what);
  } else {
    yw_walk_map(w, root, base, top);
    for (size_t i = 0; i < w->n_sets && !w->stopped; i++) yw_apply_set(w, root, base, w->sets[i]);
    if (top->type == YAML_MAPPING_NODE && !w->stopped) yw_finish(w, root, base);
  }
  w->doc = NULL;
  yaml_document_delete(&doc);
  return 0;
}

int lm__yw_load(const lm__ytable *root, void *base, const char *text, size_t len, const char *file,
                const char *const *sets, size_t n_sets, lm_diag *diag) {
  lm__ywalk w = {.text = text, .text_len = len, .file = file, .diag = diag, .sets = sets,
                 .n_sets = n_sets};
  yw_defaults(root, base);
  int rc = yw_prescan(&w);
  if (rc == 0 && !w.syntax) rc = yw_load_walk(&w, root, base);
  free(w.orig);
  free(w.arena);
  if (w.nomem) return LM_ENOMEM;
  if (w.syntax) return LM_EPARSE;
  if (rc) return rc;
  return w.errors ? LM_EINVAL : 0;
}

/* ---- lookup and edit distance -------------------------------------------------------- */

int lm__yw_lookup(const lm__ytable *root, void *base, const char *path, const lm__ykey **key,
                  void **field) {
  const lm__ytable *t = root;
  const char *s = path;
  for (;;) {
    size_t n = strcspn(s, ".[");
    const lm__ykey *k = NULL;
    for (size_t i = 0; t && i < t->n_keys && !k; i++)
      if (strlen(t->keys[i].name) == n && !strncmp(t->keys[i].name, s, n)) k = &t->keys[i];
    if (!k || n == 0) return LM_EINVAL;
    s += n;
    void *f = yw_at(base, k->offset);
    if (*s == '[') {
      char *end = NULL;
      if (s[1] < '0' || s[1] > '9') return LM_EINVAL;
      errno = 0;
      unsigned long long i = strtoull(s + 1, &end, 10);
      if (errno || *end != ']') return LM_EINVAL;
      s = end + 1;
      if (k->type == LM__Y_SEQ && i < *(size_t *)yw_at(base, k->count_offset))
        f = yw_at(base, k->offset + (size_t)i * k->item_size);
      else if (k->type == LM__Y_DOUBLES && i < k->len && *s == '\0')
        f = (double *)f + i;
      else if (k->type == LM__Y_NAMES && i < *(size_t *)yw_at(base, k->count_offset) &&
               *s == '\0')
        f = (char *)f + (size_t)i * LM_NAME_MAX;
      else
        return LM_EINVAL;
    } else if (k->type == LM__Y_SEQ && *s == '.') {
      return LM_EINVAL;
    }
    if (*s == '\0') {
      *key = k;
      *field = f;
      return 0;
    }
    if (*s != '.' || (k->type != LM__Y_MAP && k->type != LM__Y_SEQ)) return LM_EINVAL;
    s++;
    t = k->sub;
    base = f;
  }
}

unsigned lm__yw_distance(const char *a, size_t alen, const char *b) {
  enum { N = 64 };
  size_t blen = strlen(b);
  if (alen >= N || blen >= N) return 255;
  unsigned d[N + 1][N + 1];
  for (size_t i = 0; i <= alen; i++) d[i][0] = (unsigned)i;
  for (size_t j = 0; j <= blen; j++) d[0][j] = (unsigned)j;
  for (size_t i = 1; i <= alen; i++) {
    for (size_t j = 1; j <= blen; j++) {
      char ca = a[i - 1], cb = b[j - 1];
      unsigned sub = d[i - 1][j - 1] + (ca != cb);
      unsigned del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
      unsigned m = sub < del ? sub : del;
      m = m < ins ? m : ins;
      if (i > 1 && j > 1 && ca == b[j - 2] && a[i - 2] == cb && d[i - 2][j - 2] + 1 < m)
        m = d[i - 2][j - 2] + 1;
      d[i][j] = m;
    }
  }
  return d[alen][blen] > 255 ? 255 : d[alen][blen];
}
