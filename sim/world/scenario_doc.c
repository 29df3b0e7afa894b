/* scenario_doc.c — the scenario as YAML text, generated from the schema tables by one
 * visit of them (lm__yw_visit): the resolved scenario and a commented starting scenario
 * (scenario_doc.h), and the value helpers its JSON Schema and key table share
 * (world/doc.h; those two are in scenario_schema.c).
 *
 * A key "holds no value" when its field is not something the loader would accept from a
 * file: a number outside its range (the tables' "not given" defaults such as -1 or NaN),
 * an empty name, no date, an empty list that needs an element. Such keys are left out of
 * the YAML; a section whose required key holds no value is a section the scenario does
 * not have, and is left out whole. Everything else is written so that it reads back to the
 * same bits: doubles in the shortest %.Ng that reads back (N <= 17), times as "HH:MM:SS" (they are
 * whole seconds), names double-quoted. Texts are built with open_memstream; each function is linear
 * in the number of keys (and list elements) it writes.
 */
#include "lastmile/scenario_doc.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "world/doc.h"
#include "world/schema.h"

static void *field_at(void *base, size_t offset) { return (char *)base + offset; }

/* ---- values -------------------------------------------------------------------------- */

/* Whether number key k's element i of field f holds a value (in range, finite). */
static double number_at(const lm__ykey *k, const void *f, size_t i) {
  switch (k->type) {
  case LM__Y_U32:
    return (double)*(const uint32_t *)f;
  case LM__Y_U64:
    return (double)*(const uint64_t *)f;
  default:
    return ((const double *)f)[i];
  }
}

static int number_ok(const lm__ykey *k, double v) { return isfinite(v) && lm__yw_in_range(k, v); }

/* Whether the KEY event's field holds a value the loader would accept. */
int lm__doc_holds_value(const lm__yvisit *v) {
  const lm__ykey *k = v->key;
  switch (k->type) {
  case LM__Y_BOOL:
    return *(const uint32_t *)v->field <= 1;
  case LM__Y_U32:
  case LM__Y_U64:
  case LM__Y_DOUBLE:
  case LM__Y_TIME:
    return number_ok(k, number_at(k, v->field, 0));
  case LM__Y_DOUBLES:
    if (v->count == 0) return 0;
    for (size_t i = 0; i < v->count; i++)
      if (!number_ok(k, number_at(k, v->field, i))) return 0;
    return 1;
  case LM__Y_NAME:
    return ((const char *)v->field)[0] != '\0';
  case LM__Y_NAMES:
    return v->count > 0;
  case LM__Y_DATE:
    return *(const lm_date *)v->field != LM_DATE_NONE;
  case LM__Y_DATES:
    return 1;
  case LM__Y_RETIRED:
  case LM__Y_MAP:
  case LM__Y_SEQ:
    break;
  }
  return 0;
}

/* Whether the KEY event's field holds the key's default. */
static int is_default(const lm__yvisit *v) {
  const lm__ykey *k = v->key;
  switch (k->type) {
  case LM__Y_U32:
  case LM__Y_BOOL:
    return *(const uint32_t *)v->field == (uint32_t)k->def;
  case LM__Y_U64:
    return *(const uint64_t *)v->field == (uint64_t)k->def;
  case LM__Y_DOUBLE:
  case LM__Y_TIME: {
    double x = *(const double *)v->field;
    return x == k->def || (isnan(x) && isnan(k->def));
  }
  case LM__Y_DOUBLES:
    if (k->flags & LM__Y_UPTO) return v->count == 0;
    for (size_t i = 0; i < k->len; i++)
      if (((const double *)v->field)[i] != k->def) return 0;
    return 1;
  case LM__Y_NAME:
    return !strcmp(v->field, k->def_name ? k->def_name : "");
  case LM__Y_NAMES:
  case LM__Y_DATES:
    return v->count == 0;
  case LM__Y_DATE: {
    lm_date d = LM_DATE_NONE;
    if (k->def_name && lm_date_parse(k->def_name, strlen(k->def_name), &d, NULL, 0)) return 0;
    return *(const lm_date *)v->field == d;
  }
  case LM__Y_RETIRED:
  case LM__Y_MAP:
  case LM__Y_SEQ:
    break;
  }
  return 1;
}

/* Writes a name as a double-quoted YAML (and JSON) string; names hold no control bytes. */
static void put_quoted(FILE *o, const char *s) {
  fputc('"', o);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') fputc('\\', o);
    fputc(*s, o);
  }
  fputc('"', o);
}

/* Writes a double in the shortest %.Ng form (N <= 17) that reads back to the same bits. */
static void put_double(FILE *o, double x) {
  char buf[40];
  for (int digits = 15; digits <= 17; digits++) {
    snprintf(buf, sizeof buf, "%.*g", digits, x);
    if (strtod(buf, NULL) == x || digits == 17) break;
  }
  fputs(buf, o);
}

void lm__doc_put_number(FILE *o, const lm__ykey *k, double x) {
  if (k->type == LM__Y_U32 || k->type == LM__Y_U64)
    fprintf(o, "%.0f", x);
  else
    put_double(o, x);
}

/* Writes the value of a KEY event that holds one, in YAML flow form. */
void lm__doc_put_value(FILE *o, const lm__yvisit *v) {
  const lm__ykey *k = v->key;
  char buf[LM_DATE_TEXT > 32 ? LM_DATE_TEXT : 32];
  switch (k->type) {
  case LM__Y_BOOL:
    fputs(*(const uint32_t *)v->field ? "true" : "false", o);
    break;
  case LM__Y_U32:
    fprintf(o, "%" PRIu32, *(const uint32_t *)v->field);
    break;
  case LM__Y_U64:
    fprintf(o, "%" PRIu64, *(const uint64_t *)v->field);
    break;
  case LM__Y_DOUBLE:
    put_double(o, *(const double *)v->field);
    break;
  case LM__Y_TIME:
    lm__yw_format_time(buf, sizeof buf, *(const double *)v->field);
    fprintf(o, "\"%s\"", buf);
    break;
  case LM__Y_DOUBLES:
    for (size_t i = 0; i < v->count; i++) {
      fputs(i ? ", " : "[", o);
      put_double(o, ((const double *)v->field)[i]);
    }
    fputs(v->count ? "]" : "[]", o);
    break;
  case LM__Y_NAME:
    put_quoted(o, v->field);
    break;
  case LM__Y_NAMES:
    fputc('[', o);
    for (size_t i = 0; i < v->count; i++) {
      if (i) fputs(", ", o);
      put_quoted(o, (const char *)v->field + i * LM_NAME_MAX);
    }
    fputc(']', o);
    break;
  case LM__Y_DATE:
    lm_date_format(*(const lm_date *)v->field, buf);
    fputs(buf, o);
    break;
  case LM__Y_DATES:
    fputc('[', o);
    for (size_t i = 0; i < v->count; i++) {
      lm_date_format(((const lm_date *)v->field)[i], buf);
      fprintf(o, "%s%s", i ? ", " : "", buf);
    }
    fputc(']', o);
    break;
  case LM__Y_RETIRED:
  case LM__Y_MAP:
  case LM__Y_SEQ:
    break;
  }
}

/* A KEY event for k's default, its value in `buf` (the walker's defaults for one key). */
lm__yvisit lm__doc_default_event(const lm__ykey *k, lm__doc_default_buf *buf) {
  memset(buf, 0, sizeof *buf);
  assert(k->type != LM__Y_DOUBLES || k->len <= sizeof buf->d / sizeof buf->d[0]);
  assert(k->type != LM__Y_DATES || k->len <= sizeof buf->dates / sizeof buf->dates[0]);
  assert(k->type != LM__Y_NAMES || k->len * LM_NAME_MAX <= sizeof buf->c);
  size_t n = k->type == LM__Y_MAP || k->type == LM__Y_SEQ || k->type == LM__Y_RETIRED
                 ? k->len
                 : lm__yw_default_value(k, buf);
  return (lm__yvisit){.event = LM__YV_KEY, .key = k, .field = buf, .count = n};
}

/* Whether a mapping of table t at `base` is one the scenario has: each required key that is
 * a plain value holds one (an absent optional section keeps its "not given" defaults). */
static int section_present(const lm__ytable *t, void *base) {
  for (size_t i = 0; i < t->n_keys; i++) {
    const lm__ykey *k = &t->keys[i];
    if (!(k->flags & LM__Y_REQUIRED) || k->type == LM__Y_MAP || k->type == LM__Y_SEQ) continue;
    lm__yvisit v = {
        .event = LM__YV_KEY, .key = k, .field = field_at(base, k->offset), .count = k->len};
    if (k->type == LM__Y_NAMES || k->type == LM__Y_DATES || (k->flags & LM__Y_UPTO))
      v.count = *(size_t *)field_at(base, k->count_offset);
    if (!lm__doc_holds_value(&v)) return 0;
  }
  return 1;
}

/* Finishes an open_memstream text: 0, or LM_ENOMEM (and *text NULL) when writing failed. */
int lm__doc_close_text(FILE *o, char **text, size_t *len, int failed) {
  failed |= ferror(o) != 0;
  failed |= fclose(o) != 0;
  if (failed) {
    free(*text);
    *text = NULL;
    *len = 0;
    return LM_ENOMEM;
  }
  return 0;
}

/* ---- YAML writers: the resolved scenario and the template ------------------------------ */

typedef struct yaml_out {
  FILE *o;
  int commented; /* template: every line of this part starts with "# " */
  int commented_at[LM__DOC_MAX_NEST];
  int indent[LM__DOC_MAX_NEST]; /* indentation of the keys at each open level */
  size_t level;
  int dash;     /* the next key line starts an item ("- ") */
  int template; /* write defaults as comments, and what each key expects */
} yaml_out;

static void line_start(yaml_out *y, int commented) {
  int ind = y->indent[y->level];
  if (commented) fputs("# ", y->o);
  if (y->dash) {
    fprintf(y->o, "%*s- ", ind - 2, "");
    y->dash = 0;
  } else {
    fprintf(y->o, "%*s", ind, "");
  }
}

static void explain(yaml_out *y, const lm__ykey *k) {
  if (!y->template) return;
  char what[320];
  lm__yw_describe(what, sizeof what, k);
  fprintf(y->o, "   # %s%s", (k->flags & LM__Y_REQUIRED) ? "required; " : "", what);
  for (size_t i = 0; k->choices && i < k->n_choices; i++)
    fprintf(y->o, "%s%s", i ? ", " : "; one of ", k->choices[i]);
}

static void open_level(yaml_out *y, int indent, int commented) {
  if (y->level + 1 < LM__DOC_MAX_NEST) y->level++;
  y->indent[y->level] = indent;
  y->commented_at[y->level] = y->commented;
  y->commented = commented;
}

static void close_level(yaml_out *y) {
  y->commented = y->commented_at[y->level];
  if (y->level > 0) y->level--;
}

/* Whether a mapping holds a key written as YAML: one that holds a value, and in the
 * template one that also differs from its default or is required. (*ctx: the template
 * flag in, the answer out.) */
static int live_key(const lm__yvisit *v, void *ctx) {
  int *live = ctx;
  if (v->event != LM__YV_KEY || v->key->type == LM__Y_RETIRED) return 0;
  if (lm__doc_holds_value(v) &&
      (!(*live & 2) || !is_default(v) || (v->key->flags & LM__Y_REQUIRED))) {
    *live |= 1;
    return -1;
  }
  return 0;
}

static int has_live(const lm__ytable *t, void *base, int template) {
  int live = template ? 2 : 0;
  lm__yw_visit(t, base, live_key, &live);
  return live & 1;
}

static int yaml_event(const lm__yvisit *v, void *ctx);

/* The template's commented example of a list without items: one item of its table. */
static void example_item(yaml_out *y, const lm__ykey *k) {
  yaml_out sub = *y;
  int ind = y->indent[y->level];
  line_start(y, 1);
  fprintf(y->o, "%s:   # %s\n", k->name, k->sub->what);
  sub.level = 0;
  sub.indent[0] = ind + 4;
  sub.commented = 1;
  sub.dash = 1;
  lm__yw_visit(k->sub, NULL, yaml_event, &sub);
}

static int yaml_event(const lm__yvisit *v, void *ctx) {
  yaml_out *y = ctx;
  const lm__ykey *k = v->key;
  int ind = y->indent[y->level];
  switch (v->event) {
  case LM__YV_END:
    close_level(y);
    return 0;
  case LM__YV_SEQ:
    if (v->count == 0) {
      if (y->template && !y->commented) {
        if (v->depth == 0) fputc('\n', y->o);
        example_item(y, k);
      } else if (!y->template && k->min == 0) {
        line_start(y, y->commented);
        fprintf(y->o, "%s: []\n", k->name);
      }
      return 1;
    }
    if (v->depth == 0 && !y->commented) fputc('\n', y->o);
    line_start(y, y->commented);
    fprintf(y->o, "%s:\n", k->name);
    open_level(y, ind, y->commented);
    return 0;
  case LM__YV_MAP:
    if (v->depth == 0 && !v->item && !y->commented) fputc('\n', y->o);
    if (v->item) { /* an item: its keys two columns in, the first after "- " */
      int live = !v->field || has_live(v->table, v->field, y->template);
      open_level(y, ind + 4, y->commented);
      y->dash = 1;
      if (!live) {
        line_start(y, y->commented);
        fputs("{}\n", y->o);
        close_level(y);
        return 1;
      }
      return 0;
    }
    if (v->field && !section_present(v->table, v->field)) {
      if (!y->template) return 1;
      line_start(y, 1);
      fprintf(y->o, "%s:   # %s\n", k->name, v->table->what);
      open_level(y, ind + 2, 1);
      return 0;
    }
    {
      int live = !v->field || has_live(v->table, v->field, y->template);
      line_start(y, y->commented || !live);
      fprintf(y->o, "%s:%s%s\n", k->name, y->template ? "   # " : "",
              y->template ? v->table->what : "");
      open_level(y, ind + 2, y->commented || !live);
    }
    return 0;
  case LM__YV_KEY:
    break;
  }
  if (k->type == LM__Y_RETIRED) return 0;
  lm__doc_default_buf buf;
  lm__yvisit def = v->field ? *v : lm__doc_default_event(k, &buf);
  v = &def;
  int has = lm__doc_holds_value(v);
  if (!y->template) {
    if (!has) return 0;
    line_start(y, 0);
    fprintf(y->o, "%s: ", k->name);
    lm__doc_put_value(y->o, v);
    fputc('\n', y->o);
    return 0;
  }
  int comment = y->commented || !has || (is_default(v) && !(k->flags & LM__Y_REQUIRED));
  line_start(y, comment);
  fprintf(y->o, "%s:", k->name);
  if (has) {
    fputc(' ', y->o);
    lm__doc_put_value(y->o, v);
  }
  explain(y, k);
  fputc('\n', y->o);
  return 0;
}

int lm_scenario_dump_resolved(const lm_scenario *s, char **text, size_t *len) {
  *text = NULL;
  *len = 0;
  FILE *o = open_memstream(text, len);
  if (!o) return LM_ENOMEM;
  yaml_out y = {.o = o};
  fprintf(o, "# The resolved scenario '%s': every key with its value, defaults filled in.\n",
          s->name);
  /* The visit reads the struct only; it takes a non-const base for the walker's sake. */
  int rc = lm__yw_visit(lm__scenario_schema(), (void *)(uintptr_t)s, yaml_event, &y);
  return lm__doc_close_text(o, text, len, rc != 0);
}

int lm_scenario_template(const lm_scenario *s, char **text, size_t *len) {
  *text = NULL;
  *len = 0;
  FILE *o = open_memstream(text, len);
  if (!o) return LM_ENOMEM;
  yaml_out y = {.o = o, .template = 1};
  fputs("# A lastmile scenario. Every key is listed: a line '# key: value' shows a key at its\n"
        "# default (remove the '# ' to change it); the comment after a key says what it takes.\n"
        "# `lastmile keys` lists them all, `lastmile validate FILE` checks the file.\n\n",
        o);
  int rc = lm__yw_visit(lm__scenario_schema(), (void *)(uintptr_t)s, yaml_event, &y);
  return lm__doc_close_text(o, text, len, rc != 0);
}
