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
#include <yaml.h>

/* ---- the walk ------------------------------------------------------------------------ */

static yaml_node_t *yw_node(const lm__ywalk *w, int index) {
  return yaml_document_get_node(w->doc, index);
}

static void yw_defaults(const lm__ytable *t, void *base) {
  for (size_t i = 0; i < t->n_keys; i++) {
    const lm__ykey *k = &t->keys[i];
    void *f = lm__yw_at(base, k->offset);
    switch (k->type) {
    case LM__Y_U32:
    case LM__Y_BOOL:
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
      if (k->flags & LM__Y_UPTO) *(size_t *)lm__yw_at(base, k->count_offset) = 0;
      break;
    case LM__Y_NAMES:
      memset(f, 0, k->len * LM_NAME_MAX);
      *(size_t *)lm__yw_at(base, k->count_offset) = 0;
      break;
    case LM__Y_DATE: {
      lm_date d = LM_DATE_NONE;
      if (k->def_name && lm_date_parse(k->def_name, strlen(k->def_name), &d, NULL, 0))
        assert(0 && "a DATE key's default must be a date");
      *(lm_date *)f = d;
      break;
    }
    case LM__Y_DATES:
      for (size_t j = 0; j < k->len; j++) ((lm_date *)f)[j] = LM_DATE_NONE;
      *(size_t *)lm__yw_at(base, k->count_offset) = 0;
      break;
    case LM__Y_RETIRED:
      break;
    case LM__Y_MAP:
      yw_defaults(k->sub, f);
      break;
    case LM__Y_SEQ:
      *(size_t *)lm__yw_at(base, k->count_offset) = 0;
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

static void yw_walk_map(lm__ywalk *w, const lm__ytable *t, void *base, const yaml_node_t *n) {
  size_t line = n->start_mark.line + 1, col = n->start_mark.column + 1;
  if (n->type != YAML_MAPPING_NODE) {
    char got[256];
    lm__yw_got(got, sizeof got, n);
    lm__yw_node_error(w, n, "expected a mapping (%s), got %s", t->what, got);
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
      lm__yw_got(got, sizeof got, kn);
      lm__yw_node_error(w, kn, "expected a key name, got %s", got);
      continue;
    }
    size_t i = 0, klen = kn->data.scalar.length;
    while (i < t->n_keys && !(strlen(t->keys[i].name) == klen &&
                              !memcmp(t->keys[i].name, lm__yw_scalar_text(kn), klen)))
      i++;
    if (i == t->n_keys) {
      yw_unknown_key(w, t, kn);
      continue;
    }
    size_t old = lm__yw_push_key(w, t->keys[i].name);
    if (seen[i]) {
      lm__yw_node_error(w, kn, "duplicate key; first given at line %zu, column %zu",
                        seen[i]->start_mark.line + 1, seen[i]->start_mark.column + 1);
    } else {
      seen[i] = kn;
      yw_walk_value(w, &t->keys[i], base, vn);
    }
    lm__yw_pop(w, old);
  }
  for (size_t i = 0; i < t->n_keys && !w->stopped; i++) {
    if (seen[i]) continue;
    const lm__ykey *k = &t->keys[i];
    int required = (k->flags & LM__Y_REQUIRED) != 0;
    if (required) {
      size_t old = lm__yw_push_key(w, k->name);
      lm__yw_report(w, line, col, "missing required key '%s'", w->path);
      lm__yw_pop(w, old);
    }
    yw_absent_key(w, k, base, line, col, required);
  }
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

/* Passes 2-4 on a well-formed text. */
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
    lm__yw_report(w, 1, 1, "the scenario is empty; expected a mapping (%s)", root->what);
  } else {
    yw_walk_map(w, root, base, top);
    lm__yw_apply_sets(w, root, base);
    if (top->type == YAML_MAPPING_NODE && !w->stopped) yw_finish(w, root, base);
  }
  w->doc = NULL;
  yaml_document_delete(&doc);
  return 0;
}

int lm__yw_load(const lm__ytable *root, void *base, const char *text, size_t len, const char *file,
                const char *const *sets, size_t n_sets, const void *user, lm_diag *diag) {
  lm__ywalk w = {.text = text,
                 .text_len = len,
                 .file = file,
                 .diag = diag,
                 .sets = sets,
                 .n_sets = n_sets,
                 .user = user};
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
