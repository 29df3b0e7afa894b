/* yw_set.c — command-line overrides (`--set KEY=VALUE`) of the walked scenario.
 *
 * Each override is resolved with lm__yw_lookup against the schema, read by the same scalar
 * reader as a value in the file (so ranges and messages are the same), and recorded as the
 * field's origin, marked as coming from --set. An index must name an element the file gives
 * (lockers[0].compartments[2] when the file gives two size classes is refused, as is
 * strategies[5] with five strategies). A mapping the file leaves out takes its table's
 * defaults; an override that writes into it switches it on, and its required keys that no
 * override gives are then reported missing, as they would be in the file. The finish hooks
 * run after this, on the file and the overrides together. A KEY that names no key gets the
 * path it most likely misspells ("did you mean fleet.van.count?"), corrected segment by
 * segment against the tables. Cost: O(n_sets x fields).
 */
#include "yaml/yw_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The key of table `t` named by the `len` bytes at `name`, or else the one they most likely
 * misspell (lm_suggest_score); NULL if none. */
static const lm__ykey *yw_nearest_key(const lm__ytable *t, const char *name, size_t len) {
  const lm__ykey *best = NULL;
  unsigned best_d = LM_SUGGEST_NONE;
  for (size_t i = 0; i < t->n_keys; i++) {
    unsigned d = lm_suggest_score(name, len, t->keys[i].name);
    if (t->keys[i].type != LM__Y_RETIRED && d < best_d) best = &t->keys[i], best_d = d;
  }
  return best;
}

/* The key path that `key` most likely misspells, written into `out` (cap bytes): segment
 * by segment, each name a table lacks becomes its likeliest spelling and indexes are kept,
 * so "fleet.vann.count" gives "fleet.van.count". Returns 1 when that path differs from
 * `key` and every segment found a key, else 0. Linear in the path, times the table sizes. */
static int yw_suggest_path(const lm__ytable *t, const char *key, char *out, size_t cap) {
  size_t o = 0;
  for (const char *s = key;;) {
    size_t n = strcspn(s, ".[");
    const lm__ykey *k = t ? yw_nearest_key(t, s, n) : NULL;
    if (!k) return 0;
    size_t idx = s[n] == '[' ? strcspn(s + n, "]") + 1 : 0;
    if (idx && s[n + idx - 1] != ']') return 0;
    int m = snprintf(out + o, cap - o, "%s%s%.*s", o ? "." : "", k->name, (int)idx, s + n);
    if (m < 0 || (size_t)m >= cap - o) return 0;
    o += (size_t)m;
    s += n + idx;
    if (*s == '\0') return strcmp(out, key) != 0;
    if (*s != '.' || (k->type != LM__Y_MAP && k->type != LM__Y_SEQ)) return 0;
    s++;
    t = k->sub;
  }
}

/* Applies one "KEY=VALUE" override to the walked struct. */
static void yw_apply_set(lm__ywalk *w, const lm__ytable *root, void *base, const char *set) {
  size_t set_len = strlen(set);
  char *label = malloc(set_len + 7), *key = malloc(set_len + 1);
  if (!label || !key) {
    free(label);
    free(key);
    w->nomem = 1;
    return;
  }
  snprintf(label, set_len + 7, "--set %s", set);
  const char *eq = strchr(set, '=');
  size_t klen = eq ? (size_t)(eq - set) : 0;
  w->set_label = label;
  if (!eq || klen == 0) {
    lm__yw_report(w, 0, 0, "expected KEY=VALUE, e.g. fleet.van.count=14");
    w->set_label = NULL;
    free(label);
    free(key);
    return;
  }
  memcpy(key, set, klen);
  key[klen] = '\0';
  const lm__ykey *k;
  void *field;
  char near[LM__YW_PATH_MAX];
  int found = lm__yw_lookup(root, base, key, &k, &field);
  if (found == LM_ERANGE) {
    lm__yw_report(w, 0, 0,
                  "'%s' names an element the scenario does not have (an index past the end of "
                  "the list)",
                  key);
  } else if (found && yw_suggest_path(root, key, near, sizeof near)) {
    lm__yw_report(w, 0, 0, "'%s' is not a scenario key; did you mean %s?", key, near);
  } else if (found) {
    lm__yw_report(w, 0, 0,
                  "'%s' is not a scenario key (keys are dotted paths such as "
                  "fleet.van.count or zones[0].density_per_km2)",
                  key);
  } else if (k->type == LM__Y_RETIRED) {
    lm__yw_report(w, 0, 0, "'%s' is no longer a key: %s", key, k->unit);
  } else if (k->type == LM__Y_MAP || k->type == LM__Y_SEQ ||
             ((k->type == LM__Y_DOUBLES || k->type == LM__Y_NAMES || k->type == LM__Y_DATES) &&
              key[klen - 1] != ']')) {
    lm__yw_report(w, 0, 0, "'%s' holds several values; set one of them (e.g. %s.KEY or %s[0])", key,
                  key, key);
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
      bad = lm__yw_read_whole(w, k, &n, field);
      size = lm__yw_key_size(k);
      break;
    case LM__Y_BOOL:
      bad = lm__yw_read_bool(w, k, &n, field);
      size = sizeof(uint32_t);
      break;
    case LM__Y_NAME:
      bad = lm__yw_read_name(w, k, &n, field);
      size = LM_NAME_MAX;
      break;
    case LM__Y_NAMES: { /* one element */
      lm__ykey element = *k;
      element.type = LM__Y_NAME;
      bad = lm__yw_read_name(w, &element, &n, field);
      size = LM_NAME_MAX;
      break;
    }
    case LM__Y_TIME:
      bad = lm__yw_read_time(w, k, &n, field);
      break;
    case LM__Y_DATE:
    case LM__Y_DATES: { /* a date, or one element */
      lm__ykey element = *k;
      element.type = LM__Y_DATE;
      bad = lm__yw_read_date(w, &element, &n, field);
      size = sizeof(lm_date);
      break;
    }
    default: /* DOUBLE, or one element of DOUBLES */
      bad = lm__yw_read_double(w, k, &n, field);
      break;
    }
    lm__yw_record(w, field, size, 0, 0, bad != 0);
    w->path[0] = '\0';
    w->path_len = old;
  }
  w->set_label = NULL;
  free(label);
  free(key);
}

/* Whether a --set override wrote into the mapping `t` at `base` (its scalars, or those of
 * its nested mappings). */
static int yw_set_inside(const lm__ywalk *w, const lm__ytable *t, void *base) {
  for (size_t i = 0; i < t->n_keys; i++) {
    const lm__ykey *k = &t->keys[i];
    if (k->type == LM__Y_MAP) {
      if (yw_set_inside(w, k->sub, lm__yw_at(base, k->offset))) return 1;
      continue;
    }
    if (k->type == LM__Y_SEQ || k->type == LM__Y_RETIRED) continue;
    const char *f = lm__yw_at(base, k->offset), *end = f + lm__yw_key_size(k);
    for (size_t j = 0; j < w->n_orig; j++) {
      const lm__yw_origin *o = &w->orig[j];
      if (o->from_set && o->addr >= f && o->addr + o->size <= end) return 1;
    }
  }
  return 0;
}

/* Reports, as missing, each required key of a mapping the file leaves out (its origin is
 * absent, not failed) that no override gives, when overrides write into that mapping
 * (e.g. fleet.electric_van.count=3 without the electric van's speed and capacity). */
static void yw_check_switched_on(lm__ywalk *w, const lm__ytable *t, void *base) {
  int on = -1; /* not yet known */
  for (size_t i = 0; i < t->n_keys && !w->stopped; i++) {
    const lm__ykey *k = &t->keys[i];
    void *f = lm__yw_at(base, k->offset);
    if (k->type == LM__Y_MAP) {
      yw_check_switched_on(w, k->sub, f);
      continue;
    }
    if (k->type == LM__Y_SEQ) {
      size_t n = *(size_t *)lm__yw_at(base, k->count_offset);
      for (size_t j = 0; j < n; j++)
        yw_check_switched_on(w, k->sub, lm__yw_at(base, k->offset + j * k->item_size));
      continue;
    }
    if (!(k->flags & LM__Y_REQUIRED) || k->type == LM__Y_RETIRED) continue;
    lm__yw_origin *o = (lm__yw_origin *)lm__yw_origin_of(w, f, lm__yw_key_size(k));
    if (!o || !o->absent || o->failed || o->from_set) continue;
    if (on < 0) on = yw_set_inside(w, t, base);
    if (!on) continue;
    o->failed = 1;
    const char *current = w->file;
    if (o->file) w->file = o->file;
    lm__yw_report(w, o->line, o->col,
                  "missing required key '%s' (a --set override gives the mapping it belongs "
                  "to, which the file leaves out; set this key too)",
                  w->arena + o->path);
    w->file = current;
  }
}

void lm__yw_apply_sets(lm__ywalk *w, const lm__ytable *root, void *base) {
  for (size_t i = 0; i < w->n_sets && !w->stopped; i++) yw_apply_set(w, root, base, w->sets[i]);
  if (w->n_sets && !w->stopped) yw_check_switched_on(w, root, base);
}
