/* scenario_doc.c — the scenario's keys as text, generated from the schema tables by one
 * visit of them (lm__yw_visit): the resolved scenario (YAML), a JSON Schema, the key table
 * and a commented starting scenario (scenario_doc.h).
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
static int holds_value(const lm__yvisit *v) {
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

static void put_number(FILE *o, const lm__ykey *k, double x) {
  if (k->type == LM__Y_U32 || k->type == LM__Y_U64)
    fprintf(o, "%.0f", x);
  else
    put_double(o, x);
}

/* Writes the value of a KEY event that holds one, in YAML flow form. */
static void put_value(FILE *o, const lm__yvisit *v) {
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
typedef union default_buf {
  double d[64];
  char c[4096];
  lm_date dates[512];
} default_buf;

static lm__yvisit default_event(const lm__ykey *k, default_buf *buf) {
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
    if (!holds_value(&v)) return 0;
  }
  return 1;
}

/* Finishes an open_memstream text: 0, or LM_ENOMEM (and *text NULL) when writing failed. */
static int close_text(FILE *o, char **text, size_t *len, int failed) {
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

#define MAX_NEST 16

typedef struct yaml_out {
  FILE *o;
  int commented; /* template: every line of this part starts with "# " */
  int commented_at[MAX_NEST];
  int indent[MAX_NEST]; /* indentation of the keys at each open level */
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
  if (y->level + 1 < MAX_NEST) y->level++;
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
  if (holds_value(v) && (!(*live & 2) || !is_default(v) || (v->key->flags & LM__Y_REQUIRED))) {
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
  default_buf buf;
  lm__yvisit def = v->field ? *v : default_event(k, &buf);
  v = &def;
  int has = holds_value(v);
  if (!y->template) {
    if (!has) return 0;
    line_start(y, 0);
    fprintf(y->o, "%s: ", k->name);
    put_value(y->o, v);
    fputc('\n', y->o);
    return 0;
  }
  int comment = y->commented || !has || (is_default(v) && !(k->flags & LM__Y_REQUIRED));
  line_start(y, comment);
  fprintf(y->o, "%s:", k->name);
  if (has) {
    fputc(' ', y->o);
    put_value(y->o, v);
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
  return close_text(o, text, len, rc != 0);
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
  return close_text(o, text, len, rc != 0);
}

/* ---- JSON Schema --------------------------------------------------------------------- */

typedef struct json_out {
  FILE *o;
  int first[MAX_NEST]; /* no property written yet at this level */
  const lm__ytable *table[MAX_NEST];
  size_t level;
  const char *const *kpis;
  size_t n_kpis;
  int partial; /* a file that extends another: nothing is required */
} json_out;

static void json_string(FILE *o, const char *s) {
  fputc('"', o);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      fprintf(o, "\\%c", c);
    else if (c < 0x20)
      fprintf(o, "\\u%04x", c);
    else
      fputc(c, o);
  }
  fputc('"', o);
}

/* "name": at the current level, with the comma before it when needed. */
static void json_property(json_out *j, const char *name) {
  if (!j->first[j->level]) fputc(',', j->o);
  j->first[j->level] = 0;
  fputs("\n", j->o);
  json_string(j->o, name);
  fputc(':', j->o);
}

static void json_description(json_out *j, const lm__ykey *k) {
  char what[320];
  lm__yw_describe(what, sizeof what, k);
  fputs("\"description\":", j->o);
  json_string(j->o, what);
}

static void json_bounds(json_out *j, const lm__ykey *k) {
  fprintf(j->o, ",\"%s\":", (k->flags & LM__Y_OPEN_MIN) ? "exclusiveMinimum" : "minimum");
  put_number(j->o, k, k->min);
  fputs(",\"maximum\":", j->o);
  put_number(j->o, k, k->max);
}

static void json_names(json_out *j, const char *const *names, size_t n) {
  fputs(",\"enum\":[", j->o);
  for (size_t i = 0; i < n; i++) {
    if (i) fputc(',', j->o);
    json_string(j->o, names[i]);
  }
  fputc(']', j->o);
}

#define TIME_PATTERN "^[0-9]{1,2}:[0-5][0-9](:[0-5][0-9])?$"
#define DATE_PATTERN "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

/* The schema of one element: a number, a name or a date of key k. */
static void json_element(json_out *j, const lm__ykey *k, const char *path) {
  switch (k->type) {
  case LM__Y_BOOL: /* YAML 1.2 editors see true/false; 0/1 and yes/no/on/off too */
    fputs("{\"anyOf\":[{\"type\":\"boolean\"},{\"enum\":[0,1]},{\"type\":\"string\","
          "\"pattern\":\"^([Yy][Ee][Ss]|[Nn][Oo]|[Oo][Nn]|[Oo][Ff][Ff]|[Tt][Rr][Uu][Ee]|"
          "[Ff][Aa][Ll][Ss][Ee])$\"}]",
          j->o);
    break;
  case LM__Y_U32:
  case LM__Y_U64:
  case LM__Y_DOUBLE:
  case LM__Y_DOUBLES:
    fprintf(j->o, "{\"type\":\"%s\"",
            (k->type == LM__Y_U32 || k->type == LM__Y_U64) ? "integer" : "number");
    json_bounds(j, k);
    break;
  case LM__Y_NAME:
  case LM__Y_NAMES:
    fprintf(j->o,
            "{\"type\":\"string\",\"minLength\":1,\"maxLength\":%d,\"pattern\":", LM_NAME_MAX - 1);
    json_string(j->o, (k->flags & LM__Y_LABEL) ? "^(?!\\.\\.?$)[^/\\u0000-\\u001f\\u007f]+$"
                                               : "^[^\\u0000-\\u001f\\u007f]+$");
    if (k->choices) json_names(j, k->choices, k->n_choices);
    if (j->kpis && (!strcmp(path, "target.kpi") || !strcmp(path, "target.cost_kpi")))
      json_names(j, j->kpis, j->n_kpis);
    break;
  case LM__Y_TIME:
    fputs("{\"type\":\"string\",\"pattern\":\"" TIME_PATTERN "\"", j->o);
    break;
  case LM__Y_DATE:
  case LM__Y_DATES:
    fputs("{\"type\":\"string\",\"format\":\"date\",\"pattern\":\"" DATE_PATTERN "\"", j->o);
    break;
  case LM__Y_RETIRED:
  case LM__Y_MAP:
  case LM__Y_SEQ:
    fputc('{', j->o);
    break;
  }
  fputc('}', j->o);
}

/* The default of key k in JSON, when it is a value the loader would accept. */
static void json_default(json_out *j, const lm__ykey *k) {
  default_buf buf;
  lm__yvisit v = default_event(k, &buf);
  if (!holds_value(&v)) return;
  fputs(",\"default\":", j->o);
  if (k->type == LM__Y_DATE) {
    char d[LM_DATE_TEXT];
    lm_date_format(buf.dates[0], d);
    json_string(j->o, d);
  } else if (k->type == LM__Y_U32 || k->type == LM__Y_U64) {
    put_number(j->o, k, k->def);
  } else {
    put_value(j->o, &v); /* numbers, lists of numbers and quoted names read as JSON */
  }
}

static void json_key(json_out *j, const lm__yvisit *v) {
  const lm__ykey *k = v->key;
  json_property(j, k->name);
  fputc('{', j->o);
  json_description(j, k);
  switch (k->type) {
  case LM__Y_RETIRED:
    fputs(",\"deprecated\":true,\"not\":{}", j->o);
    break;
  case LM__Y_DOUBLES:
  case LM__Y_NAMES:
  case LM__Y_DATES: {
    size_t least = k->type == LM__Y_DATES                                   ? 0
                   : (k->type == LM__Y_DOUBLES && !(k->flags & LM__Y_UPTO)) ? k->len
                                                                            : 1;
    fprintf(j->o, ",\"type\":\"array\",\"minItems\":%zu,\"maxItems\":%zu", least, k->len);
    if (k->choices) fputs(",\"uniqueItems\":true", j->o);
    fputs(",\"items\":", j->o);
    json_element(j, k, v->path);
    break;
  }
  default: {
    /* The element's schema, without its braces, inside this one. */
    char *inner = NULL;
    size_t n = 0;
    FILE *o = open_memstream(&inner, &n), *outer = j->o;
    if (!o) break;
    j->o = o;
    json_element(j, k, v->path);
    j->o = outer;
    if (fclose(o) == 0 && n >= 2) fprintf(j->o, ",%.*s", (int)(n - 2), inner + 1);
    free(inner);
    break;
  }
  }
  if (k->type != LM__Y_RETIRED && !(k->flags & LM__Y_REQUIRED)) json_default(j, k);
  fputc('}', j->o);
}

static void json_open_object(json_out *j, const lm__ytable *t) {
  fputs("{\"type\":\"object\",\"description\":", j->o);
  json_string(j->o, t->what);
  fputs(",\"additionalProperties\":false,\"properties\":{", j->o);
  if (j->level + 1 < MAX_NEST) j->level++;
  j->first[j->level] = 1;
  j->table[j->level] = t;
}

static void json_close_object(json_out *j) {
  const lm__ytable *t = j->table[j->level];
  int first = 1;
  fputs("},\"required\":[", j->o);
  for (size_t i = 0; i < t->n_keys && !j->partial; i++) {
    if (!(t->keys[i].flags & LM__Y_REQUIRED)) continue;
    if (!first) fputc(',', j->o);
    first = 0;
    json_string(j->o, t->keys[i].name);
  }
  fputs("]}", j->o);
  if (j->level > 0) j->level--;
}

static int json_event(const lm__yvisit *v, void *ctx) {
  json_out *j = ctx;
  switch (v->event) {
  case LM__YV_KEY:
    json_key(j, v);
    return 0;
  case LM__YV_SEQ:
    json_property(j, v->key->name);
    fprintf(j->o, "{\"type\":\"array\",\"minItems\":%.0f,\"maxItems\":%.0f,\"items\":", v->key->min,
            v->key->max);
    if (j->level + 1 < MAX_NEST) j->level++;
    j->table[j->level] = NULL; /* a sequence, closed by one brace */
    return 0;
  case LM__YV_MAP:
    if (!v->item) json_property(j, v->key->name);
    json_open_object(j, v->table);
    return 0;
  case LM__YV_END:
    if (j->table[j->level]) {
      json_close_object(j);
    } else {
      fputc('}', j->o);
      if (j->level > 0) j->level--;
    }
    return 0;
  }
  return 0;
}

/* The root object; `partial` for a file that extends another. Returns the visit's code. */
static int json_root(json_out *j, int partial) {
  const lm__ytable *root = lm__scenario_schema();
  FILE *o = j->o;
  fputs("{\"type\":\"object\",\"description\":", o);
  json_string(o,
              partial ? "a scenario that extends another: it gives only what differs" : root->what);
  fputs(",\"additionalProperties\":false,\"properties\":{\n\"extends\":{\"type\":\"string\","
        "\"minLength\":1,\"description\":\"a scenario file this one starts from (relative to "
        "this file's folder): its keys apply first, this file's override them, mappings key "
        "by key, lists and scalars whole\"}",
        o);
  j->partial = partial;
  j->level = 0;
  j->first[0] = 0;
  j->table[0] = root;
  int rc = lm__yw_visit(root, NULL, json_event, j);
  json_close_object(j);
  return rc;
}

int lm_scenario_schema_json(const char *const *kpis, size_t n_kpis, char **text, size_t *len) {
  *text = NULL;
  *len = 0;
  FILE *o = open_memstream(text, len);
  if (!o) return LM_ENOMEM;
  json_out j = {.o = o, .kpis = kpis, .n_kpis = n_kpis};
  /* A file with `extends` is checked without required keys: its bases give them. */
  fputs("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\n"
        "\"title\":\"lastmile scenario\",\n"
        "\"if\":{\"type\":\"object\",\"required\":[\"extends\"]},\n"
        "\"then\":{\"$ref\":\"#/$defs/extending\"},\n\"else\":{\"$ref\":\"#/$defs/scenario\"},\n"
        "\"$defs\":{\n\"scenario\":",
        o);
  int rc = json_root(&j, 0);
  fputs(",\n\"extending\":", o);
  if (rc == 0) rc = json_root(&j, 1);
  fputs("}}\n", o);
  return close_text(o, text, len, rc != 0);
}

/* ---- the key table ------------------------------------------------------------------- */

typedef struct key_row {
  char *cols[4]; /* path, type, range, default; the unit comes from the key */
  const char *unit;
} key_row;

typedef struct key_rows {
  key_row *v;
  size_t n, cap;
  const char *section;
  int nomem;
} key_rows;

static int under(const char *path, const char *section) {
  size_t n = strlen(section);
  return !strncmp(path, section, n) && (path[n] == '\0' || path[n] == '.' || path[n] == '[');
}

static void key_type(char *dst, size_t cap, const lm__ykey *k) {
  switch (k->type) {
  case LM__Y_BOOL:
    snprintf(dst, cap, "boolean");
    break;
  case LM__Y_U32:
  case LM__Y_U64:
    snprintf(dst, cap, "integer");
    break;
  case LM__Y_DOUBLE:
    snprintf(dst, cap, "number");
    break;
  case LM__Y_NAME:
    snprintf(dst, cap, "name");
    break;
  case LM__Y_TIME:
    snprintf(dst, cap, "time");
    break;
  case LM__Y_DATE:
    snprintf(dst, cap, "date");
    break;
  case LM__Y_DOUBLES:
    if (k->flags & LM__Y_UPTO)
      snprintf(dst, cap, "numbers[1..%zu]", k->len);
    else
      snprintf(dst, cap, "numbers[%zu]", k->len);
    break;
  case LM__Y_NAMES:
    snprintf(dst, cap, "names[1..%zu]", k->len);
    break;
  case LM__Y_DATES:
    snprintf(dst, cap, "dates[0..%zu]", k->len);
    break;
  case LM__Y_MAP:
    snprintf(dst, cap, "map");
    break;
  case LM__Y_SEQ:
    snprintf(dst, cap, "list[%.0f..%.0f]", k->min, k->max);
    break;
  case LM__Y_RETIRED:
    snprintf(dst, cap, "retired");
    break;
  }
}

static void key_range(char *dst, size_t cap, const lm__ykey *k) {
  char lo[32], hi[32];
  dst[0] = '\0';
  switch (k->type) {
  case LM__Y_U32:
  case LM__Y_U64:
  case LM__Y_DOUBLE:
  case LM__Y_DOUBLES:
    snprintf(lo, sizeof lo, "%.10g", k->min);
    snprintf(hi, sizeof hi, "%.10g", k->max);
    if (k->max >= 18446744073709551615.0) snprintf(hi, sizeof hi, "2^64-1");
    snprintf(dst, cap, "%s%s, %s]", (k->flags & LM__Y_OPEN_MIN) ? "(" : "[", lo, hi);
    break;
  case LM__Y_TIME:
    lm__yw_format_time(lo, sizeof lo, k->min);
    lm__yw_format_time(hi, sizeof hi, k->max);
    snprintf(dst, cap, "[%s, %s]", lo, hi);
    break;
  case LM__Y_NAME:
  case LM__Y_NAMES:
    for (size_t i = 0, o = 0; k->choices && i < k->n_choices && o < cap; i++) {
      int m = snprintf(dst + o, cap - o, "%s%s", i ? "|" : "", k->choices[i]);
      if (m > 0) o += (size_t)m;
    }
    break;
  default:
    break;
  }
}

static void key_default(char *dst, size_t cap, const lm__ykey *k) {
  if (k->flags & LM__Y_REQUIRED) {
    snprintf(dst, cap, "required");
    return;
  }
  default_buf buf;
  lm__yvisit v = default_event(k, &buf);
  if (k->type == LM__Y_MAP || k->type == LM__Y_SEQ || k->type == LM__Y_RETIRED ||
      !holds_value(&v)) {
    snprintf(dst, cap, "-");
    return;
  }
  if (k->type == LM__Y_DOUBLES) { /* one number stands for all */
    snprintf(dst, cap, "%.10g each", k->def);
    return;
  }
  char *s = NULL;
  size_t n = 0;
  FILE *o = open_memstream(&s, &n);
  if (!o) {
    snprintf(dst, cap, "?");
    return;
  }
  put_value(o, &v);
  if (fclose(o) == 0) snprintf(dst, cap, "%s", s);
  free(s);
}

static char *copy(const char *s) {
  size_t n = strlen(s) + 1;
  char *c = malloc(n);
  if (c) memcpy(c, s, n);
  return c;
}

static int key_event(const lm__yvisit *v, void *ctx) {
  key_rows *r = ctx;
  if (v->event == LM__YV_END || (v->event == LM__YV_MAP && v->item)) return 0;
  if (r->section && !under(v->path, r->section)) {
    /* Go on only into what may hold the section. */
    size_t n = strlen(v->path);
    return strncmp(r->section, v->path, n) == 0 ? 0 : v->event == LM__YV_KEY ? 0 : 1;
  }
  if (r->n == r->cap) {
    size_t cap = r->cap ? 2 * r->cap : 64;
    key_row *g = realloc(r->v, cap * sizeof *g);
    if (!g) return r->nomem = 1, -1;
    r->v = g;
    r->cap = cap;
  }
  char type[32], range[256], def[256];
  key_type(type, sizeof type, v->key);
  key_range(range, sizeof range, v->key);
  key_default(def, sizeof def, v->key);
  key_row *row = &r->v[r->n++];
  const char *cols[4] = {v->path, type, range, def};
  for (int c = 0; c < 4; c++) {
    row->cols[c] = copy(cols[c]);
    if (!row->cols[c]) r->nomem = 1;
  }
  row->unit =
      v->key->type == LM__Y_MAP || v->key->type == LM__Y_SEQ ? v->key->sub->what : v->key->unit;
  if (v->key->type == LM__Y_RETIRED) row->unit = "no longer read; see the README";
  return 0;
}

int lm_scenario_keys_table(const char *section, char **text, size_t *len) {
  *text = NULL;
  *len = 0;
  key_rows r = {.section = section};
  int rc = lm__yw_visit(lm__scenario_schema(), NULL, key_event, &r);
  if (rc == 0 && !r.nomem && r.n == 0) rc = LM_EINVAL;
  FILE *o = rc || r.nomem ? NULL : open_memstream(text, len);
  if (o) {
    static const char *const head[4] = {"KEY", "TYPE", "RANGE", "DEFAULT"};
    size_t w[4];
    for (int c = 0; c < 4; c++) {
      w[c] = strlen(head[c]);
      for (size_t i = 0; i < r.n; i++)
        if (r.v[i].cols[c] && strlen(r.v[i].cols[c]) > w[c]) w[c] = strlen(r.v[i].cols[c]);
    }
    fprintf(o, "%-*s  %-*s  %-*s  %-*s  %s\n", (int)w[0], head[0], (int)w[1], head[1], (int)w[2],
            head[2], (int)w[3], head[3], "UNIT / WHAT");
    for (size_t i = 0; i < r.n; i++)
      fprintf(o, "%-*s  %-*s  %-*s  %-*s  %s\n", (int)w[0], r.v[i].cols[0], (int)w[1],
              r.v[i].cols[1], (int)w[2], r.v[i].cols[2], (int)w[3], r.v[i].cols[3],
              r.v[i].unit ? r.v[i].unit : "");
    rc = close_text(o, text, len, 0);
  } else if (rc == 0) {
    rc = LM_ENOMEM;
  }
  for (size_t i = 0; i < r.n; i++)
    for (int c = 0; c < 4; c++) free(r.v[i].cols[c]);
  free(r.v);
  return r.nomem ? LM_ENOMEM : rc;
}
