/* scenario_schema.c — the scenario's keys for editors and readers, generated from the
 * schema tables by one visit of them (lm__yw_visit): a JSON Schema (draft 2020-12) and the
 * key table of `lastmile keys` (scenario_doc.h). What a key's value and default are, and
 * whether it holds one, is decided as for the YAML writers (world/doc.h).
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

/* ---- JSON Schema --------------------------------------------------------------------- */

typedef struct json_out {
  FILE *o;
  int first[LM__DOC_MAX_NEST]; /* no property written yet at this level */
  const lm__ytable *table[LM__DOC_MAX_NEST];
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
  lm__doc_put_number(j->o, k, k->min);
  fputs(",\"maximum\":", j->o);
  lm__doc_put_number(j->o, k, k->max);
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
  lm__doc_default_buf buf;
  lm__yvisit v = lm__doc_default_event(k, &buf);
  if (!lm__doc_holds_value(&v)) return;
  fputs(",\"default\":", j->o);
  if (k->type == LM__Y_DATE) {
    char d[LM_DATE_TEXT];
    lm_date_format(buf.dates[0], d);
    json_string(j->o, d);
  } else if (k->type == LM__Y_U32 || k->type == LM__Y_U64) {
    lm__doc_put_number(j->o, k, k->def);
  } else {
    lm__doc_put_value(j->o, &v); /* numbers, lists of numbers and quoted names read as JSON */
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
  if (j->level + 1 < LM__DOC_MAX_NEST) j->level++;
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
    if (j->level + 1 < LM__DOC_MAX_NEST) j->level++;
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
  return lm__doc_close_text(o, text, len, rc != 0);
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
  lm__doc_default_buf buf;
  lm__yvisit v = lm__doc_default_event(k, &buf);
  if (k->type == LM__Y_MAP || k->type == LM__Y_SEQ || k->type == LM__Y_RETIRED ||
      !lm__doc_holds_value(&v)) {
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
  lm__doc_put_value(o, &v);
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
    rc = lm__doc_close_text(o, text, len, 0);
  } else if (rc == 0) {
    rc = LM_ENOMEM;
  }
  for (size_t i = 0; i < r.n; i++)
    for (int c = 0; c < 4; c++) free(r.v[i].cols[c]);
  free(r.v);
  return r.nomem ? LM_ENOMEM : rc;
}
