/* yw_visit.c — the schema tables as data: one depth-first visit of every key, for the
 * generated documentation (JSON Schema, the key table, starting scenarios) and for writing
 * a walked struct back out as YAML.
 *
 * The visit follows the tables exactly as the walk does (yamlwalk.c): a MAP key opens its
 * table, a SEQ key a sequence whose items are mappings of its table, and every other key is
 * one value. With a struct, a SEQ yields the items it holds (their count is at the key's
 * count_offset); without, one item stands for all. The key path is kept in a fixed buffer
 * of LM__YW_PATH_MAX bytes, as in the walk. Cost: O(keys visited), no allocation.
 */
#include "yaml/yw_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct yw_visitor {
  lm__yvisit_fn fn;
  void *ctx;
  char path[LM__YW_PATH_MAX];
  size_t len;
} yw_visitor;

/* Appends ".name", "name" at the root, "[i]" or "[]" (i == SIZE_MAX); returns the old
 * length. A path that does not fit is cut. */
static size_t yv_push(yw_visitor *v, const char *name, size_t i) {
  size_t old = v->len, room = sizeof v->path - old;
  int n;
  if (name)
    n = snprintf(v->path + old, room, "%s%s", old ? "." : "", name);
  else if (i == (size_t)-1)
    n = snprintf(v->path + old, room, "[]");
  else
    n = snprintf(v->path + old, room, "[%zu]", i);
  v->len = (n < 0 || (size_t)n >= room) ? sizeof v->path - 1 : old + (size_t)n;
  return old;
}

static void yv_pop(yw_visitor *v, size_t old) {
  v->len = old;
  v->path[old] = '\0';
}

static int yv_emit(yw_visitor *v, lm__yvisit ev) {
  ev.path = v->path;
  return v->fn(&ev, v->ctx);
}

static int yv_table(yw_visitor *v, const lm__ytable *t, void *base, size_t depth);

/* A SEQ key: the sequence, then each item (or the one that stands for all). */
static int yv_seq(yw_visitor *v, const lm__ykey *k, void *base, size_t depth) {
  size_t n = base ? *(size_t *)lm__yw_at(base, k->count_offset) : 1;
  int rc = yv_emit(v, (lm__yvisit){.event = LM__YV_SEQ, .key = k, .depth = depth, .count = n});
  if (rc) return rc < 0 ? rc : 0;
  for (size_t i = 0; i < n; i++) {
    void *item = base ? lm__yw_at(base, k->offset + i * k->item_size) : NULL;
    size_t old = yv_push(v, NULL, base ? i : (size_t)-1);
    rc = yv_emit(v, (lm__yvisit){.event = LM__YV_MAP,
                                 .key = k,
                                 .table = k->sub,
                                 .depth = depth,
                                 .field = item,
                                 .index = i,
                                 .item = 1});
    if (rc == 0) {
      rc = yv_table(v, k->sub, item, depth + 1);
      if (rc == 0) rc = yv_emit(v, (lm__yvisit){.event = LM__YV_END, .depth = depth});
    }
    yv_pop(v, old);
    if (rc < 0) return rc;
  }
  return yv_emit(v, (lm__yvisit){.event = LM__YV_END, .depth = depth});
}

static int yv_key(yw_visitor *v, const lm__ykey *k, void *base, size_t depth) {
  void *f = base ? lm__yw_at(base, k->offset) : NULL;
  int rc;
  if (k->type == LM__Y_MAP) {
    rc = yv_emit(
        v,
        (lm__yvisit){.event = LM__YV_MAP, .key = k, .table = k->sub, .depth = depth, .field = f});
    if (rc) return rc < 0 ? rc : 0;
    rc = yv_table(v, k->sub, f, depth + 1);
    return rc ? rc : yv_emit(v, (lm__yvisit){.event = LM__YV_END, .depth = depth});
  }
  if (k->type == LM__Y_SEQ) return yv_seq(v, k, base, depth);
  int counted = k->type == LM__Y_NAMES || k->type == LM__Y_DATES ||
                (k->type == LM__Y_DOUBLES && (k->flags & LM__Y_UPTO));
  size_t count = counted && base ? *(size_t *)lm__yw_at(base, k->count_offset) : k->len;
  rc = yv_emit(
      v, (lm__yvisit){.event = LM__YV_KEY, .key = k, .depth = depth, .field = f, .count = count});
  return rc < 0 ? rc : 0;
}

static int yv_table(yw_visitor *v, const lm__ytable *t, void *base, size_t depth) {
  for (size_t i = 0; i < t->n_keys; i++) {
    size_t old = yv_push(v, t->keys[i].name, 0);
    int rc = yv_key(v, &t->keys[i], base, depth);
    yv_pop(v, old);
    if (rc < 0) return rc;
  }
  return 0;
}

int lm__yw_visit(const lm__ytable *root, void *base, lm__yvisit_fn fn, void *ctx) {
  yw_visitor v = {.fn = fn, .ctx = ctx};
  return yv_table(&v, root, base, 0);
}

void lm__yw_describe(char *dst, size_t cap, const lm__ykey *k) {
  char *e = lm__yw_expect(k);
  snprintf(dst, cap, "%s", e ? e : "");
  free(e);
}

int lm__yw_in_range(const lm__ykey *k, double v) {
  /* The readers' rule (yw_scalar.c), for values that did not come from a reader. */
  if (k->flags & LM__Y_OPEN_MIN) return v > k->min && v <= k->max;
  return v >= k->min && v <= k->max;
}
