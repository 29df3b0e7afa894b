/* yamlwalk.c — the table-driven YAML walker (see yamlwalk.h for the schema model).
 *
 * Loading runs in four passes over the input, each linear in its size:
 *   1. prescan: libyaml's event parser reads the text once, reports the first syntax
 *      error, and refuses more than one document, nesting deeper than LM__YW_MAX_DEPTH or
 *      more than LM__YW_MAX_NODES nodes. libyaml builds documents in memory at ~150 bytes
 *      a node and its scanner is quadratic in the nesting depth, so these limits must be
 *      enforced before yaml_parser_load() sees the text.
 *   2. load: yaml_parser_load() builds the document tree; then each file of the `extends`
 *      chain is read, prescanned and loaded the same way (at most LM__YW_MAX_EXTENDS;
 *      files are told apart by device and inode, so a cycle is found however spelt).
 *   3. walk: the schema tables drive a descent of the trees, all at once: a mapping is a
 *      list of layers, the same key path in each document, the main one first. A key takes
 *      the value of the first layer that gives it; a MAP key recurses with the mappings
 *      every layer gives (down to one that is not a mapping), so mappings merge key by key
 *      and everything else replaces. Within a layer, merge keys (`<<`) add the keys of the
 *      mappings they name that the mapping does not give (bounded: YW_MAX_MERGED mappings
 *      per mapping, YW_MAX_MERGE_WORK pairs per load). The walker only follows keys it
 *      knows, so its recursion is bounded by the schema's depth whatever the input;
 *      aliases (even cyclic ones) are therefore harmless. Defaults are written first, then
 *      every given value overwrites its field, once. Each field gets an origin record: its
 *      key path, the file, line and column it came from, and whether it failed.
 *   4. finish: the tables' finish hooks run bottom-up over the filled structs, using the
 *      origin records to skip fields that failed and to place their messages.
 * Duplicate keys are found with a per-mapping array indexed by key descriptor, so a
 * mapping with n pairs costs O(n) lookups of at most LM__YW_MAX_KEYS names each.
 *
 * --set overrides are applied between the walk and the finish pass (yw_set.c), so the
 * finish hooks check them together with the file's values.
 *
 * This file is the top of the walker: it holds the walk, the finish pass and parsing, and
 * calls down into yw_set.c (--set), yw_path.c (key paths, origins), yw_scalar.c (the
 * scalar readers) and yw_report.c (messages); none of them calls back into it.
 */
#include "yaml/yw_internal.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "lastmile/fileio.h"

#define LM__YW_STR(x)  #x
#define LM__YW_XSTR(x) LM__YW_STR(x)

/* ---- the walk ------------------------------------------------------------------------ */

static yaml_node_t *yw_node(const lm__ywalk *w, int index) {
  assert(w->doc);
  return yaml_document_get_node(w->doc, index);
}

size_t lm__yw_default_value(const lm__ykey *k, void *f) {
  switch (k->type) {
  case LM__Y_U32:
  case LM__Y_BOOL:
    *(uint32_t *)f = (uint32_t)k->def;
    return 1;
  case LM__Y_U64:
    *(uint64_t *)f = (uint64_t)k->def;
    return 1;
  case LM__Y_DOUBLE:
  case LM__Y_TIME:
    *(double *)f = k->def;
    return 1;
  case LM__Y_NAME:
    snprintf(f, LM_NAME_MAX, "%s", k->def_name ? k->def_name : "");
    return 1;
  case LM__Y_DOUBLES:
    for (size_t j = 0; j < k->len; j++) ((double *)f)[j] = k->def;
    return (k->flags & LM__Y_UPTO) ? 0 : k->len;
  case LM__Y_NAMES:
    memset(f, 0, k->len * LM_NAME_MAX);
    return 0;
  case LM__Y_DATE: {
    lm_date d = LM_DATE_NONE;
    if (k->def_name && lm_date_parse(k->def_name, strlen(k->def_name), &d, NULL, 0))
      assert(0 && "a DATE key's default must be a date");
    *(lm_date *)f = d;
    return 1;
  }
  case LM__Y_DATES:
    for (size_t j = 0; j < k->len; j++) ((lm_date *)f)[j] = LM_DATE_NONE;
    return 0;
  case LM__Y_RETIRED:
  case LM__Y_MAP:
  case LM__Y_SEQ:
    break;
  }
  return 0;
}

static void yw_defaults(const lm__ytable *t, void *base) {
  for (size_t i = 0; i < t->n_keys; i++) {
    const lm__ykey *k = &t->keys[i];
    void *f = lm__yw_at(base, k->offset);
    if (k->type == LM__Y_MAP) {
      yw_defaults(k->sub, f);
    } else if (k->type == LM__Y_SEQ) {
      *(size_t *)lm__yw_at(base, k->count_offset) = 0;
    } else if (k->type != LM__Y_RETIRED) {
      size_t n = lm__yw_default_value(k, f);
      int counted = k->type == LM__Y_NAMES || k->type == LM__Y_DATES ||
                    (k->type == LM__Y_DOUBLES && (k->flags & LM__Y_UPTO));
      if (counted) *(size_t *)lm__yw_at(base, k->count_offset) = n;
    }
  }
}

/* Records every field of a table that was not given: failed (the mapping was missing or
 * malformed) or defaulted, positioned at (line, col). */
static void yw_absent_table(lm__ywalk *w, const lm__ytable *t, void *base, size_t line, size_t col,
                            int failed);

static void yw_absent_key(lm__ywalk *w, const lm__ykey *k, void *base, size_t line, size_t col,
                          int failed) {
  if (k->type == LM__Y_RETIRED) return; /* it fills nothing */
  size_t old = lm__yw_push_key(w, k->name);
  int how = (failed ? LM__YW_FAILED : 0) | LM__YW_ABSENT;
  if (k->type == LM__Y_MAP)
    yw_absent_table(w, k->sub, lm__yw_at(base, k->offset), line, col, failed);
  else if (k->type == LM__Y_SEQ)
    lm__yw_record(w, lm__yw_at(base, k->count_offset), sizeof(size_t), line, col, how);
  else
    lm__yw_record(w, lm__yw_at(base, k->offset), lm__yw_key_size(k), line, col, how);
  lm__yw_pop(w, old);
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
    lm__yw_expected(w, k, n, n->type == YAML_SEQUENCE_NODE ? why : NULL);
    failed = 1;
  } else {
    for (size_t i = 0; i < count && !w->stopped; i++) {
      size_t old = lm__yw_push_index(w, i);
      double v;
      if (lm__yw_read_double(w, k, yw_node(w, n->data.sequence.items.start[i]), &v) == 0)
        field[i] = v;
      else
        failed = 1;
      lm__yw_pop(w, old);
    }
  }
  lm__yw_record(w, field, k->len * sizeof(double), n->start_mark.line + 1, n->start_mark.column + 1,
                failed);
}

/* A sequence of names (NAMES: 1 to k->len, into char[len][LM_NAME_MAX]) or of dates
 * (DATES: 0 to k->len, into lm_date[len]), the count at *n_out. */
static void yw_walk_list(lm__ywalk *w, const lm__ykey *k, char *field, size_t *n_out,
                         const yaml_node_t *n) {
  int failed = 0, dates = k->type == LM__Y_DATES;
  size_t count = 0, least = dates ? 0 : 1, size = dates ? sizeof(lm_date) : LM_NAME_MAX;
  if (n->type == YAML_SEQUENCE_NODE)
    count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
  *n_out = 0;
  if (n->type != YAML_SEQUENCE_NODE || count < least || count > k->len) {
    char why[64] = "";
    if (n->type == YAML_SEQUENCE_NODE) snprintf(why, sizeof why, "%zu of them", count);
    lm__yw_expected(w, k, n, n->type == YAML_SEQUENCE_NODE ? why : NULL);
    failed = 1;
  } else {
    lm__ykey element = *k; /* messages about one element speak of a name or a date */
    element.type = dates ? LM__Y_DATE : LM__Y_NAME;
    for (size_t i = 0; i < count && !w->stopped; i++) {
      size_t old = lm__yw_push_index(w, i);
      const yaml_node_t *in = yw_node(w, n->data.sequence.items.start[i]);
      char *f = field + i * size;
      if (dates ? lm__yw_read_date(w, &element, in, (lm_date *)(void *)f)
                : lm__yw_read_name(w, &element, in, f))
        failed = 1;
      lm__yw_pop(w, old);
    }
    *n_out = count;
  }
  lm__yw_record(w, field, k->len * size, n->start_mark.line + 1, n->start_mark.column + 1, failed);
}

static void yw_walk_seq(lm__ywalk *w, const lm__ykey *k, void *base, const yaml_node_t *n) {
  size_t *count = lm__yw_at(base, k->count_offset);
  size_t line = n->start_mark.line + 1, col = n->start_mark.column + 1;
  *count = 0;
  if (n->type != YAML_SEQUENCE_NODE) {
    lm__yw_expected(w, k, n, NULL);
    lm__yw_record(w, count, sizeof *count, line, col, 1);
    return;
  }
  size_t items = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
  int failed = 0;
  if ((double)items < k->min) {
    char why[32];
    snprintf(why, sizeof why, "%zu items", items);
    lm__yw_expected(w, k, n, why);
    failed = 1;
  }
  if ((double)items > k->max) {
    size_t max = (size_t)k->max;
    char *exp = lm__yw_expect(k);
    if (!exp) w->nomem = 1;
    size_t old = lm__yw_push_index(w, max);
    lm__yw_node_error(w, yw_node(w, n->data.sequence.items.start[max]),
                      "too many items: expected %s, got %zu", exp ? exp : "fewer", items);
    lm__yw_pop(w, old);
    free(exp);
    items = max;
    failed = 1;
  }
  for (size_t i = 0; i < items && !w->stopped; i++) {
    void *item = lm__yw_at(base, k->offset + i * k->item_size);
    const yaml_node_t *in = yw_node(w, n->data.sequence.items.start[i]);
    yw_defaults(k->sub, item);
    size_t old = lm__yw_push_index(w, i);
    lm__yw_record(w, item, k->item_size, in->start_mark.line + 1, in->start_mark.column + 1, 0);
    yw_walk_map(w, k->sub, item, in);
    lm__yw_pop(w, old);
  }
  *count = items;
  lm__yw_record(w, count, sizeof *count, line, col, failed);
}

static void yw_walk_value(lm__ywalk *w, const lm__ykey *k, void *base, const yaml_node_t *n) {
  void *f = lm__yw_at(base, k->offset);
  int bad;
  switch (k->type) {
  case LM__Y_MAP:
    yw_walk_map(w, k->sub, f, n);
    return;
  case LM__Y_SEQ:
    yw_walk_seq(w, k, base, n);
    return;
  case LM__Y_DOUBLES:
    yw_walk_doubles(w, k, f, (k->flags & LM__Y_UPTO) ? lm__yw_at(base, k->count_offset) : NULL, n);
    return;
  case LM__Y_NAMES:
  case LM__Y_DATES:
    yw_walk_list(w, k, f, lm__yw_at(base, k->count_offset), n);
    return;
  case LM__Y_RETIRED:
    lm__yw_node_error(w, n, "no longer a key: %s", k->unit);
    return;
  case LM__Y_U32:
  case LM__Y_U64:
    bad = lm__yw_read_whole(w, k, n, f);
    break;
  case LM__Y_BOOL:
    bad = lm__yw_read_bool(w, k, n, f);
    break;
  case LM__Y_DOUBLE:
    bad = lm__yw_read_double(w, k, n, f);
    break;
  case LM__Y_NAME:
    bad = lm__yw_read_name(w, k, n, f);
    break;
  case LM__Y_TIME:
    bad = lm__yw_read_time(w, k, n, f);
    break;
  case LM__Y_DATE:
    bad = lm__yw_read_date(w, k, n, f);
    break;
  default:
    return;
  }
  lm__yw_record(w, f, lm__yw_key_size(k), n->start_mark.line + 1, n->start_mark.column + 1,
                bad != 0);
}

/* The key of `t` nearest to `name`, if `name` is a likely misspelling of it
 * (lm_suggest_score); NULL if none is. */
static const char *yw_suggest(const lm__ytable *t, const char *name, size_t len) {
  const char *best = NULL;
  unsigned best_d = LM_SUGGEST_NONE;
  for (size_t i = 0; i < t->n_keys; i++) {
    unsigned d = lm_suggest_score(name, len, t->keys[i].name);
    if (d < best_d) {
      best = t->keys[i].name;
      best_d = d;
    }
  }
  return best;
}

static void yw_unknown_key(lm__ywalk *w, const lm__ytable *t, const yaml_node_t *key) {
  char shown[4 * LM__YW_SHOW_MAX + 8];
  const char *name = lm__yw_scalar_text(key);
  size_t len = key->data.scalar.length;
  lm__yw_show(shown, sizeof shown, name, len);
  size_t old = lm__yw_push_key(w, shown);
  const char *near = yw_suggest(t, name, len);
  if (near) {
    lm__yw_node_error(w, key, "unknown key; did you mean '%s'?", near);
  } else {
    size_t cap = 1;
    for (size_t i = 0; i < t->n_keys; i++) cap += strlen(t->keys[i].name) + 2;
    char *list = malloc(cap);
    if (!list) {
      w->nomem = 1;
      lm__yw_node_error(w, key, "unknown key");
    } else {
      size_t o = 0;
      for (size_t i = 0; i < t->n_keys; i++)
        o += (size_t)snprintf(list + o, cap - o, "%s%s", i ? ", " : "", t->keys[i].name);
      lm__yw_node_error(w, key, "unknown key; expected one of: %s", list);
      free(list);
    }
  }
  lm__yw_pop(w, old);
}

/* A mapping as the walk sees it: the same key path in up to LM__YW_MAX_EXTENDS + 1
 * documents, the main one first; a key given in several takes the first, except that the
 * mappings of a MAP key merge (yw_walk_map). */
typedef struct yw_layer {
  size_t src;
  const yaml_node_t *node;
} yw_layer;
#define YW_MAX_LAYERS     (LM__YW_MAX_EXTENDS + 1)
#define YW_MAX_MERGED     64        /* mappings a merge key may bring into one mapping */
#define YW_MAX_MERGE_WORK 10000000u /* pairs scanned through merge keys in one load */

/* Makes document `src` the one whose nodes are read and whose name messages carry. */
static void yw_use(lm__ywalk *w, size_t src) {
  w->cur = src;
  w->doc = &w->srcs[src].doc;
  w->file = w->srcs[src].file;
  w->text = w->srcs[src].text;
  w->text_len = w->srcs[src].len;
}

static int yw_is_key(const yaml_node_t *kn, const char *name) {
  size_t len = strlen(name);
  return kn->type == YAML_SCALAR_NODE && kn->data.scalar.length == len &&
         !memcmp(lm__yw_scalar_text(kn), name, len);
}

/* What one document gives for the keys of `t`: value[i] the value of key i (and key[i] its
 * key node), taken from the mapping's own pairs first, then from the mappings its merge
 * keys name, in order, depth first (YAML's merge: a key the mapping gives wins). Unknown
 * keys are reported in merged mappings too, at the path of the mapping they merge into;
 * duplicates only within one mapping. `seen` keeps a mapping from being merged twice, so
 * that merges which name each other end. */
typedef struct yw_found {
  const yaml_node_t *value[LM__YW_MAX_KEYS];
  const yaml_node_t *key[LM__YW_MAX_KEYS];
  const yaml_node_t *seen[YW_MAX_MERGED]; /* merged mappings already scanned */
  size_t n_seen;
} yw_found;

static void yw_scan(lm__ywalk *w, const lm__ytable *t, const yaml_node_t *n, yw_found *f,
                    int merged, int root);

/* A merge key's value: a mapping, or a sequence of mappings, scanned in order. */
static void yw_merge(lm__ywalk *w, const lm__ytable *t, const yaml_node_t *kn,
                     const yaml_node_t *vn, yw_found *f) {
  size_t n = 1;
  if (vn->type == YAML_SEQUENCE_NODE)
    n = (size_t)(vn->data.sequence.items.top - vn->data.sequence.items.start);
  for (size_t i = 0; i < n && !w->stopped; i++) {
    const yaml_node_t *m =
        vn->type == YAML_SEQUENCE_NODE ? yw_node(w, vn->data.sequence.items.start[i]) : vn;
    if (!m || m->type != YAML_MAPPING_NODE) {
      lm__yw_node_error(w, m ? m : kn,
                        "a merge key '<<' takes a mapping (an alias such as *defaults) or a "
                        "sequence of them");
      continue;
    }
    int again = 0;
    for (size_t j = 0; j < f->n_seen; j++) again |= f->seen[j] == m;
    if (again) continue; /* merged already (or a mapping merging itself) */
    if (f->n_seen == YW_MAX_MERGED) {
      lm__yw_node_error(w, kn, "more than %d mappings merged into one", YW_MAX_MERGED);
      return;
    }
    f->seen[f->n_seen++] = m;
    yw_scan(w, t, m, f, 1, 0);
  }
}

/* Scans mapping n (merged: brought in by a merge key; root: the top of a document, whose
 * `extends` is read by yw_load_chain) into f. */
static void yw_scan(lm__ywalk *w, const lm__ytable *t, const yaml_node_t *n, yw_found *f,
                    int merged, int root) {
  const yaml_node_t *own[LM__YW_MAX_KEYS] = {0}; /* duplicates count within one mapping */
  size_t pairs = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
  if (merged && (w->merge_work += pairs) > YW_MAX_MERGE_WORK) {
    lm__yw_node_error(w, n, "merge keys expand to more than %u keys; refused", YW_MAX_MERGE_WORK);
    w->stopped = 1;
    return;
  }
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
    if (w->stopped) return;
    const yaml_node_t *kn = yw_node(w, p->key), *vn = yw_node(w, p->value);
    if (!kn || !vn) continue;
    if (kn->type != YAML_SCALAR_NODE) {
      char got[256];
      lm__yw_got(got, sizeof got, kn);
      lm__yw_node_error(w, kn, "expected a key name, got %s", got);
      continue;
    }
    if (lm__yw_is_plain(kn) && yw_is_key(kn, "<<")) continue; /* after the mapping's own */
    if (root && yw_is_key(kn, "extends")) continue;           /* read by yw_load_chain */
    size_t i = 0, klen = kn->data.scalar.length;
    while (i < t->n_keys && !(strlen(t->keys[i].name) == klen &&
                              !memcmp(t->keys[i].name, lm__yw_scalar_text(kn), klen)))
      i++;
    if (i == t->n_keys) {
      yw_unknown_key(w, t, kn);
      continue;
    }
    if (own[i]) {
      size_t old = lm__yw_push_key(w, t->keys[i].name);
      lm__yw_node_error(w, kn, "duplicate key; first given at line %zu, column %zu",
                        own[i]->start_mark.line + 1, own[i]->start_mark.column + 1);
      lm__yw_pop(w, old);
      continue;
    }
    own[i] = kn;
    if (!f->value[i]) {
      f->value[i] = vn;
      f->key[i] = kn;
    }
  }
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
    const yaml_node_t *kn = yw_node(w, p->key), *vn = yw_node(w, p->value);
    if (kn && vn && kn->type == YAML_SCALAR_NODE && lm__yw_is_plain(kn) && yw_is_key(kn, "<<"))
      yw_merge(w, t, kn, vn, f);
  }
}

static void yw_walk_layers(lm__ywalk *w, const lm__ytable *t, void *base, const yw_layer *layers,
                           size_t n_layers, int root);

static void yw_walk_map(lm__ywalk *w, const lm__ytable *t, void *base, const yaml_node_t *n) {
  size_t cur = w->cur;
  yw_layer one = {cur, n};
  yw_walk_layers(w, t, base, &one, 1, 0);
  yw_use(w, cur);
}

/* Walks the mapping `t` given by `layers` (the main document's first): each key takes the
 * value of the first layer that gives it, and a MAP key the merge of the mappings the
 * layers give, down to the first layer whose value is not a mapping. */
static void yw_walk_layers(lm__ywalk *w, const lm__ytable *t, void *base, const yw_layer *layers,
                           size_t n_layers, int root) {
  assert(t->n_keys <= LM__YW_MAX_KEYS && n_layers <= YW_MAX_LAYERS);
  yw_use(w, layers[0].src);
  const yaml_node_t *top = layers[0].node;
  size_t line = top->start_mark.line + 1, col = top->start_mark.column + 1;
  int bad = 0;
  for (size_t l = 0; l < n_layers; l++) {
    const yaml_node_t *n = layers[l].node;
    if (n->type == YAML_MAPPING_NODE) continue;
    char got[256];
    yw_use(w, layers[l].src);
    lm__yw_got(got, sizeof got, n);
    lm__yw_node_error(w, n, "expected a mapping (%s), got %s", t->what, got);
    bad = 1;
  }
  if (bad) {
    yw_use(w, layers[0].src);
    yw_absent_table(w, t, base, line, col, 1);
    return;
  }
  yw_found *found = calloc(n_layers, sizeof *found);
  if (!found) {
    w->nomem = 1;
    return;
  }
  for (size_t l = 0; l < n_layers && !w->stopped; l++) {
    yw_use(w, layers[l].src);
    yw_scan(w, t, layers[l].node, &found[l], 0, root);
  }
  for (size_t i = 0; i < t->n_keys && !w->stopped; i++) {
    const lm__ykey *k = &t->keys[i];
    size_t l0 = 0;
    while (l0 < n_layers && !found[l0].value[i]) l0++;
    if (l0 == n_layers) {
      yw_use(w, layers[0].src);
      int required = (k->flags & LM__Y_REQUIRED) != 0;
      if (required) {
        size_t old = lm__yw_push_key(w, k->name);
        lm__yw_report(w, line, col, "missing required key '%s'", w->path);
        lm__yw_pop(w, old);
      }
      yw_absent_key(w, k, base, line, col, required);
      continue;
    }
    size_t old = lm__yw_push_key(w, k->name);
    const yaml_node_t *vn = found[l0].value[i];
    if (k->type == LM__Y_MAP && vn->type == YAML_MAPPING_NODE) {
      yw_layer sub[YW_MAX_LAYERS];
      size_t n_sub = 0;
      for (size_t l = l0; l < n_layers; l++) {
        const yaml_node_t *v = found[l].value[i];
        if (!v) continue;
        if (v->type != YAML_MAPPING_NODE) break; /* replaced by the layers above */
        sub[n_sub++] = (yw_layer){layers[l].src, v};
      }
      yw_walk_layers(w, k->sub, lm__yw_at(base, k->offset), sub, n_sub, 0);
    } else {
      yw_use(w, layers[l0].src);
      yw_walk_value(w, k, base, vn);
    }
    lm__yw_pop(w, old);
  }
  free(found);
  yw_use(w, layers[0].src);
}

/* ---- the finish pass ----------------------------------------------------------------- */

/* Reports items of a SEQ that repeat a LM__Y_UNIQUE name of an earlier item. */
static void yw_unique(lm__ywalk *w, const lm__ykey *seq, void *base) {
  size_t n = *(size_t *)lm__yw_at(base, seq->count_offset);
  for (size_t u = 0; u < seq->sub->n_keys; u++) {
    const lm__ykey *k = &seq->sub->keys[u];
    if (!(k->flags & LM__Y_UNIQUE) || k->type != LM__Y_NAME) continue;
    for (size_t i = 1; i < n; i++) {
      const char *a = lm__yw_at(base, seq->offset + i * seq->item_size + k->offset);
      if (!lm__yw_ok(w, a, LM_NAME_MAX)) continue;
      for (size_t j = 0; j < i; j++) {
        const char *b = lm__yw_at(base, seq->offset + j * seq->item_size + k->offset);
        if (!lm__yw_ok(w, b, LM_NAME_MAX) || strcmp(a, b)) continue;
        const lm__yw_origin *o = lm__yw_origin_of(w, b, LM_NAME_MAX);
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
      yw_finish(w, k->sub, lm__yw_at(base, k->offset));
    } else if (k->type == LM__Y_SEQ) {
      size_t n = *(size_t *)lm__yw_at(base, k->count_offset);
      for (size_t j = 0; j < n; j++)
        yw_finish(w, k->sub, lm__yw_at(base, k->offset + j * k->item_size));
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
    lm__yw_report(w, 1, 1, "out of memory while parsing");
    return LM_ENOMEM;
  }
  w->syntax = 1;
  if (p->error == YAML_READER_ERROR) {
    /* Reader errors carry a byte offset, not a mark. */
    size_t line = 1, col = 1, end = p->problem_offset;
    for (size_t i = 0; i < end && i < w->text_len; i++, col++)
      if (w->text[i] == '\n') line++, col = 0;
    if (p->problem_value >= 0)
      lm__yw_report(w, line, col, "invalid input: %s (byte 0x%02x)", problem, p->problem_value);
    else
      lm__yw_report(w, line, col, "invalid input: %s", problem);
    return LM_EPARSE;
  }
  size_t line = p->problem_mark.line + 1, col = p->problem_mark.column + 1;
  if (!p->context) {
    lm__yw_report(w, line, col, "syntax error: %s", problem);
    return LM_EPARSE;
  }
  /* The construct still open when parsing failed ("while parsing a flow sequence"), named
   * again by a note at its own start, where the missing ']' or quote belongs to. */
  size_t cline = p->context_mark.line + 1, ccol = p->context_mark.column + 1;
  lm__yw_report(w, line, col, "syntax error: %s (%s started at line %zu, column %zu)", problem,
                p->context, cline, ccol);
  const char *what = p->context;
  if (!strncmp(what, "while parsing ", 14))
    what += 14;
  else if (!strncmp(what, "while scanning ", 15))
    what += 15;
  if (!strncmp(what, "a ", 2))
    what += 2;
  else if (!strncmp(what, "an ", 3))
    what += 3;
  lm__yw_note(w, cline, ccol, "the %s started here", what);
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
        lm__yw_report(w, line, col, "a second YAML document; a scenario is one document");
        done = 1;
      }
      break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      if (++depth > LM__YW_MAX_DEPTH) {
        lm__yw_report(w, line, col, "nested deeper than %d levels", LM__YW_MAX_DEPTH);
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
      lm__yw_report(w, line, col, "more than %d YAML nodes; this is not a scenario",
                    LM__YW_MAX_NODES);
      rc = LM_EINVAL;
      done = 1;
    }
  }
  yaml_parser_delete(&p);
  return rc;
}

/* Pass 2 for document `i` (prescanned): builds its tree. Returns 0 or the load's code. */
static int yw_load_doc(lm__ywalk *w, size_t i) {
  yaml_parser_t p;
  lm__yw_src *src = &w->srcs[i];
  if (!yaml_parser_initialize(&p)) return w->nomem = 1, LM_ENOMEM;
  yaml_parser_set_input_string(&p, (const unsigned char *)src->text, src->len);
  int rc = 0;
  if (!yaml_parser_load(&p, &src->doc))
    rc = yw_parser_error(w, &p);
  else
    src->loaded = 1;
  yaml_parser_delete(&p);
  return rc;
}

/* The value of the top-level key `extends` of document `i`, or NULL. */
static const yaml_node_t *yw_extends(lm__ywalk *w, size_t i) {
  yw_use(w, i);
  const yaml_node_t *top = yaml_document_get_root_node(&w->srcs[i].doc);
  if (!top || top->type != YAML_MAPPING_NODE) return NULL;
  for (yaml_node_pair_t *p = top->data.mapping.pairs.start; p < top->data.mapping.pairs.top; p++) {
    const yaml_node_t *kn = yw_node(w, p->key);
    if (kn && yw_is_key(kn, "extends")) return yw_node(w, p->value);
  }
  return NULL;
}

/* `name` resolved against the folder of `file`, malloc'd; NULL when out of memory. */
static char *yw_resolve(const char *file, const char *name, size_t len) {
  const char *slash = strrchr(file, '/');
  size_t dir = (name[0] == '/' || !slash) ? 0 : (size_t)(slash - file) + 1;
  char *path = malloc(dir + len + 1);
  if (!path) return NULL;
  memcpy(path, file, dir);
  memcpy(path + dir, name, len);
  path[dir + len] = '\0';
  return path;
}

/* Reports "a.yaml -> b.yaml -> a.yaml" at the `extends` that closes a cycle. */
static void yw_cycle(lm__ywalk *w, const yaml_node_t *at, size_t again, const char *path) {
  char chain[1024] = "";
  size_t o = 0;
  for (size_t i = again; i < w->n_srcs && o < sizeof chain; i++) {
    int m = snprintf(chain + o, sizeof chain - o, "%s -> ", w->srcs[i].file);
    if (m > 0) o += (size_t)m;
  }
  lm__yw_node_error(w, at, "'%s' extends a file of its own chain, a cycle: %s%s", w->file, chain,
                    path);
}

/* Reads the files of the `extends` chain of document 0 (already loaded) into srcs[1...],
 * each prescanned and loaded. The files are identified by device and inode, so a cycle
 * is found however its paths are spelt. Returns 0 or the load's code. */
static int yw_load_chain(lm__ywalk *w, lm__yw_bases *bases) {
  struct stat ids[LM__YW_MAX_EXTENDS + 1];
  int known[LM__YW_MAX_EXTENDS + 1] = {0};
  known[0] = stat(w->srcs[0].file, &ids[0]) == 0;
  for (size_t i = 0;; i++) {
    const yaml_node_t *v = yw_extends(w, i);
    if (!v) return 0;
    size_t old = lm__yw_push_key(w, "extends");
    const char *why = NULL;
    if (v->type != YAML_SCALAR_NODE || lm__yw_is_null(v) || v->data.scalar.length == 0)
      why = "expected the path of a scenario file to start from";
    else if (memchr(lm__yw_scalar_text(v), '\0', v->data.scalar.length))
      why = "a path cannot hold a NUL byte";
    else if (w->n_srcs == LM__YW_MAX_EXTENDS + 1)
      why = "too many files extend each other; at most " LM__YW_XSTR(LM__YW_MAX_EXTENDS);
    if (why) {
      lm__yw_node_error(w, v, "%s", why);
      lm__yw_pop(w, old);
      return LM_EINVAL;
    }
    char *path = yw_resolve(w->srcs[i].file, lm__yw_scalar_text(v), v->data.scalar.length);
    if (!path) return w->nomem = 1, LM_ENOMEM;
    size_t n = w->n_srcs;
    known[n] = stat(path, &ids[n]) == 0;
    for (size_t j = 0; j < n && known[n]; j++) {
      if (known[j] && ids[j].st_dev == ids[n].st_dev && ids[j].st_ino == ids[n].st_ino) {
        yw_cycle(w, v, j, path);
        free(path);
        lm__yw_pop(w, old);
        return LM_EINVAL;
      }
    }
    char *text = NULL;
    size_t len = 0;
    lm_diag *why_read = lm_diag_create();
    int rc = lm_file_read(path, LM__YW_MAX_FILE_SIZE, &text, &len, why_read);
    if (rc == LM_ENOMEM) {
      w->nomem = 1;
    } else if (rc) {
      const char *m = why_read && lm_diag_count(why_read) ? lm_diag_message(why_read, 0) : "";
      const char *e = strstr(m, "error: ");
      lm__yw_node_error(w, v, "cannot read %s: %s", path,
                        rc == LM_ERANGE ? "larger than 64 MiB"
                        : e             ? e + 7
                                        : "unreadable");
    }
    lm_diag_destroy(why_read);
    lm__yw_pop(w, old);
    lm__yw_base *grown = rc ? NULL : realloc(bases->v, (bases->n + 1) * sizeof *bases->v);
    if (rc || !grown) {
      free(path);
      free(text);
      if (!rc) w->nomem = 1;
      return rc ? (rc == LM_ENOMEM ? LM_ENOMEM : LM_EINVAL) : LM_ENOMEM;
    }
    bases->v = grown;
    bases->v[bases->n++] = (lm__yw_base){path, text, len};
    w->srcs[n] = (lm__yw_src){.file = path, .text = text, .len = len};
    w->n_srcs = n + 1;
    yw_use(w, n);
    rc = yw_prescan(w);
    if (rc == 0 && !w->syntax) rc = yw_load_doc(w, n);
    if (rc || w->syntax) return rc ? rc : LM_EPARSE;
    if (!yaml_document_get_root_node(&w->srcs[n].doc)) {
      lm__yw_report(w, 1, 1, "the scenario is empty; a file that is extended holds a mapping");
      return LM_EINVAL;
    }
  }
}

/* Passes 2-4 on a well-formed text: its tree, the trees of the files it extends, the walk
 * of them all, the overrides and the finish hooks. */
static int yw_load_walk(lm__ywalk *w, const lm__ytable *root, void *base, lm__yw_bases *bases) {
  int rc = yw_load_doc(w, 0);
  if (rc) return rc;
  yaml_node_t *top = yaml_document_get_root_node(&w->srcs[0].doc);
  if (!top) {
    lm__yw_report(w, 1, 1, "the scenario is empty; expected a mapping (%s)", root->what);
    return 0;
  }
  rc = yw_load_chain(w, bases);
  if (rc) return rc;
  yw_layer layers[YW_MAX_LAYERS];
  for (size_t i = 0; i < w->n_srcs; i++)
    layers[i] = (yw_layer){i, yaml_document_get_root_node(&w->srcs[i].doc)};
  yw_walk_layers(w, root, base, layers, w->n_srcs, 1);
  yw_use(w, 0);
  lm__yw_apply_sets(w, root, base);
  int all_maps = 1;
  for (size_t i = 0; i < w->n_srcs; i++) all_maps &= layers[i].node->type == YAML_MAPPING_NODE;
  if (all_maps && !w->stopped) yw_finish(w, root, base);
  return 0;
}

void lm__yw_bases_free(lm__yw_bases *f) {
  if (!f) return;
  for (size_t i = 0; i < f->n; i++) {
    free(f->v[i].path);
    free(f->v[i].text);
  }
  free(f->v);
  f->v = NULL;
  f->n = 0;
}

int lm__yw_load(const lm__ytable *root, void *base, const char *text, size_t len, const char *file,
                const char *const *sets, size_t n_sets, const void *user, lm_diag *diag,
                lm__yw_bases *bases) {
  lm__ywalk *w = calloc(1, sizeof *w);
  lm__yw_bases own = {0}, *files = bases ? bases : &own;
  if (!w) return LM_ENOMEM;
  w->srcs[0] = (lm__yw_src){.file = file, .text = text, .len = len};
  w->n_srcs = 1;
  w->diag = diag;
  w->sets = sets;
  w->n_sets = n_sets;
  w->user = user;
  yw_use(w, 0);
  yw_defaults(root, base);
  int rc = yw_prescan(w);
  if (rc == 0 && !w->syntax) rc = yw_load_walk(w, root, base, files);
  for (size_t i = 0; i < w->n_srcs; i++)
    if (w->srcs[i].loaded) yaml_document_delete(&w->srcs[i].doc);
  free(w->orig);
  free(w->arena);
  int nomem = w->nomem, syntax = w->syntax;
  size_t errors = w->errors;
  free(w);
  lm__yw_bases_free(&own);
  if (nomem) return LM_ENOMEM;
  if (syntax) return LM_EPARSE;
  if (rc) return rc;
  return errors ? LM_EINVAL : 0;
}
