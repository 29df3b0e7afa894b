/* yw_path.c — the YAML walker's key paths, its origin records and path lookups.
 *
 * While walking, the walker keeps the dotted key path of the node it is at (fleet.van.count,
 * zones[2].bounds_km[1]) in a fixed buffer of LM__YW_PATH_MAX bytes (a longer path is cut),
 * and records for every field it fills where the value came from: the field's address
 * range, the key path (copied into a growing arena), the line and column, and whether it
 * failed. The records only grow during a load; the latest exact record of a range wins.
 * Finish hooks ask lm__yw_ok() and lm__yw_error() about fields; both scan the records
 * linearly, which is cheap for the few hundred fields of a scenario.
 *
 * lm__yw_lookup() resolves a dotted path against the schema tables (for --set and for
 * checks of keys named in the scenario). Messages go down to lm__yw_report (yw_report.c).
 */
#include "yaml/yw_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- key paths and origins ----------------------------------------------------------- */

/* Appends ".name" (or "name" at the root) or "[i]" to the key path; returns the old
 * length for lm__yw_pop. A path that does not fit is cut. */
static size_t yw_pushed(lm__ywalk *w, size_t old, int n) {
  size_t room = sizeof w->path - old;
  w->path_len = (n < 0 || (size_t)n >= room) ? sizeof w->path - 1 : old + (size_t)n;
  return old;
}

size_t lm__yw_push_key(lm__ywalk *w, const char *name) {
  size_t old = w->path_len;
  return yw_pushed(w, old,
                   snprintf(w->path + old, sizeof w->path - old, "%s%s", old ? "." : "", name));
}

size_t lm__yw_push_index(lm__ywalk *w, size_t i) {
  size_t old = w->path_len;
  return yw_pushed(w, old, snprintf(w->path + old, sizeof w->path - old, "[%zu]", i));
}

void lm__yw_pop(lm__ywalk *w, size_t old) {
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

void lm__yw_record(lm__ywalk *w, const void *addr, size_t size, size_t line, size_t col, int how) {
  size_t plen = w->path_len + 1;
  if (yw_grow((void **)&w->orig, &w->cap_orig, w->n_orig + 1, sizeof *w->orig) ||
      yw_grow((void **)&w->arena, &w->arena_cap, w->arena_len + plen, 1)) {
    w->nomem = 1;
    return;
  }
  memcpy(w->arena + w->arena_len, w->path, plen);
  w->orig[w->n_orig++] = (lm__yw_origin){.addr = addr,
                                         .size = size,
                                         .path = w->arena_len,
                                         .line = line,
                                         .col = col,
                                         .file = w->file,
                                         .failed = (how & LM__YW_FAILED) != 0,
                                         .absent = (how & LM__YW_ABSENT) != 0,
                                         .from_set = w->set_label != NULL};
  w->arena_len += plen;
}

/* The origin of [addr, addr + size): the latest exact record, else the smallest record
 * that contains the range; NULL if none. */
const lm__yw_origin *lm__yw_origin_of(const lm__ywalk *w, const void *addr, size_t size) {
  const char *a = addr;
  const lm__yw_origin *best = NULL;
  for (size_t i = w->n_orig; i-- > 0;) {
    const lm__yw_origin *o = &w->orig[i];
    if (o->addr == a && o->size == size) return o;
    if (o->addr <= a && a + size <= o->addr + o->size && (!best || o->size < best->size)) best = o;
  }
  return best;
}

int lm__yw_ok(const lm__ywalk *w, const void *field, size_t size) {
  const char *a = field;
  for (size_t i = 0; i < w->n_orig; i++) {
    const lm__yw_origin *o = &w->orig[i];
    if (o->failed && o->addr < a + size && a < o->addr + o->size) return 0;
  }
  return 1;
}

void lm__yw_error(lm__ywalk *w, const void *field, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = lm__yw_vformat(fmt, ap);
  va_end(ap);
  if (!msg) w->nomem = 1;
  const lm__yw_origin *o = lm__yw_origin_of(w, field, size);
  const char *current = w->file; /* the message goes to the file the value came from */
  if (o && o->file) w->file = o->file;
  if (o)
    lm__yw_report(w, o->line, o->col, "%s: %s", w->arena + o->path, msg ? msg : "out of memory");
  else
    lm__yw_report(w, 1, 1, "%s", msg ? msg : "out of memory");
  w->file = current;
  free(msg);
}

int lm__yw_choose(lm__ywalk *w, const char *field, const char *const *choices, size_t n) {
  if (!lm__yw_ok(w, field, LM_NAME_MAX)) return -1;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(field, choices[i])) return (int)i;
  char list[256] = "";
  for (size_t i = 0; i < n; i++)
    snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
             i ? (i + 1 == n ? " or " : ", ") : "", choices[i]);
  lm__yw_error(w, field, LM_NAME_MAX, "expected %s, got '%s'", list, field);
  return -1;
}

/* ---- lookup -------------------------------------------------------------------------- */

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
    void *f = lm__yw_at(base, k->offset);
    if (*s == '[') {
      char *end = NULL;
      if (s[1] < '0' || s[1] > '9') return LM_EINVAL;
      errno = 0;
      unsigned long long i = strtoull(s + 1, &end, 10);
      if (errno || *end != ']') return LM_EINVAL;
      s = end + 1;
      /* The elements that exist: the items or names given, or a DOUBLES' fixed length. */
      int counted = k->type == LM__Y_SEQ || k->type == LM__Y_NAMES || k->type == LM__Y_DATES ||
                    (k->type == LM__Y_DOUBLES && (k->flags & LM__Y_UPTO));
      size_t have = counted ? *(size_t *)lm__yw_at(base, k->count_offset) : k->len;
      int leaf = *s == '\0';
      if (k->type != LM__Y_SEQ && k->type != LM__Y_DOUBLES && k->type != LM__Y_NAMES &&
          k->type != LM__Y_DATES)
        return LM_EINVAL;
      if (k->type != LM__Y_SEQ && !leaf) return LM_EINVAL;
      if (i >= have) return LM_ERANGE;
      if (k->type == LM__Y_SEQ)
        f = lm__yw_at(base, k->offset + (size_t)i * k->item_size);
      else if (k->type == LM__Y_DOUBLES)
        f = (double *)f + i;
      else if (k->type == LM__Y_NAMES)
        f = (char *)f + (size_t)i * LM_NAME_MAX;
      else
        f = (lm_date *)f + i;
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
