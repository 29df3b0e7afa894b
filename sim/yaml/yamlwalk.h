/* yamlwalk.h — a table-driven walker from a YAML document into plain C structs.
 *
 * A schema is a tree of tables. A table (lm__ytable) lists the keys one YAML mapping may
 * hold; each key descriptor (lm__ykey) gives the key's name, its type, where the value
 * goes (a byte offset into the struct the table describes), its allowed range, its
 * default and whether it is required. A key of type MAP points to the table of a nested
 * mapping; a key of type SEQ to the table of the mappings in a sequence, stored in a
 * fixed array with a count. Adding a section to the scenario means adding a table, not
 * code.
 *
 * lm__yw_load() parses the text with libyaml, walks the document by the schema and then
 * runs each table's `finish` hook (cross-field checks and derived values) bottom-up. Every
 * problem becomes one "file:line:col: error: PATH: ..." message in an lm_diag, where PATH
 * is the full dotted key path (fleet.van.count, zones[2].bounds_km[1]); the walk keeps
 * going after errors so that all of them are reported.
 *
 * While walking, the walker remembers for every field of the struct where its value came
 * from (the YAML node's position and the key path) and whether it was given correctly.
 * The finish hooks use that record, through lm__yw_ok() and lm__yw_error(), to skip
 * checks on fields that already failed and to report at the right line.
 *
 * lm__yw_lookup() resolves a dotted path against the same tables, so that a command-line
 * override (`--set fleet.van.count=14`) can reuse the descriptors, ranges and messages: the
 * value is read by the same scalar readers (they need only a plain-scalar yaml_node_t), the
 * override is recorded as the field's origin, and the finish pass, which runs after the
 * walk, then checks the overridden value together with the rest.
 */
#ifndef LASTMILE_YAMLWALK_H
#define LASTMILE_YAMLWALK_H

#include <stddef.h>

#include "lastmile/error.h"
#include "lastmile/yaml.h"

/* Limits that keep hostile input cheap: the walker refuses documents nested deeper than
 * LM__YW_MAX_DEPTH or holding more than LM__YW_MAX_NODES nodes before building them, and
 * stops after LM__YW_MAX_ERRORS errors. */
#define LM__YW_MAX_DEPTH  64
#define LM__YW_MAX_NODES  1000000
#define LM__YW_MAX_ERRORS 100
#define LM__YW_MAX_KEYS   32 /* keys per table */

typedef enum lm__ytype {
  LM__Y_U32,     /* uint32_t: a whole number, written in digits or as an integral float */
  LM__Y_U64,     /* uint64_t: same; above 2^53 only plain digits are exact */
  LM__Y_BOOL,    /* uint32_t 0 or 1: true/yes/on or false/no/off in any case, or 1/0;
                    `def` is the default */
  LM__Y_DOUBLE,  /* double: a finite number */
  LM__Y_NAME,    /* char[LM_NAME_MAX]: non-empty, no control characters */
  LM__Y_TIME,    /* double seconds from midnight, written "HH:MM" or "HH:MM:SS" */
  LM__Y_DOUBLES, /* double[len]: a sequence of exactly len numbers */
  LM__Y_MAP,     /* a nested mapping described by `sub`, stored at `offset` */
  LM__Y_SEQ,     /* a sequence of mappings described by `sub`: an array at `offset` of
                    `item_size` items, whose count (size_t) is at `count_offset` */
  LM__Y_NAMES,   /* char[len][LM_NAME_MAX]: a sequence of 1 to len names, their count
                    (size_t) at count_offset */
  LM__Y_DATE,    /* lm_date (calendar.h): "YYYY-MM-DD"; the default is def_name, a date
                    in that form, or none (LM_DATE_NONE) when def_name is NULL */
  LM__Y_DATES,   /* lm_date[len]: a sequence of 0 to len dates, their count (size_t) at
                    count_offset */
  LM__Y_RETIRED  /* a key that is no longer read: giving it is an error whose message is
                    `unit` (what replaces it); it fills nothing */
} lm__ytype;

enum {
  LM__Y_REQUIRED = 1u, /* the key must be given; optional keys take `def` */
  LM__Y_OPEN_MIN = 2u, /* the value must be strictly greater than `min` */
  LM__Y_UNIQUE = 4u,   /* NAME in a SEQ item table: no two items may share the value */
  LM__Y_UPTO = 8u,     /* DOUBLES: 1 to len elements, their count (size_t) at count_offset */
  LM__Y_LABEL = 16u    /* NAME: also an HDF5 group name and file-name part (lm_name_problem) */
};

typedef struct lm__ytable lm__ytable;
typedef struct lm__ywalk lm__ywalk;

/* One key of a mapping. Numbers and times must lie in [min, max] (or (min, max] with
 * LM__Y_OPEN_MIN); for DOUBLES the range applies to each element, for SEQ it bounds the
 * number of items. Defaults are not range-checked, so a default outside the range can
 * mean "not given" to a finish hook. A missing optional MAP takes every default of its
 * table, so its table should hold optional keys only. */
typedef struct lm__ykey {
  const char *name;           /* the YAML key */
  lm__ytype type;             /* how the value is read and stored */
  unsigned flags;             /* LM__Y_REQUIRED, LM__Y_OPEN_MIN, LM__Y_UNIQUE, ... */
  size_t offset;              /* of the field in the struct the table describes */
  double min, max;            /* allowed range, see above */
  double def;                 /* default of an optional number, time or every DOUBLES item */
  const char *def_name;       /* default of an optional NAME (NULL: empty) */
  const char *unit;           /* shown after the range in messages ("km", "vans"); or NULL */
  size_t len;                 /* DOUBLES: the exact number of elements */
  const lm__ytable *sub;      /* MAP, SEQ: the table of the nested mapping(s) */
  size_t count_offset;        /* SEQ, DOUBLES with LM__Y_UPTO: offset of the size_t count */
  size_t item_size;           /* SEQ: sizeof one item */
  const char *const *choices; /* NAME, NAMES: the n_choices names allowed, for generated
                                 documentation (NULL: any name); the finish hook that
                                 decodes the name checks it against the same list */
  size_t n_choices;
} lm__ykey;

/* The keys of one mapping, and the hook that checks them together once the whole
 * document has been walked. `finish` runs after the hooks of every nested table (for SEQ,
 * of every item); it may derive values and report problems with lm__yw_error(). */
struct lm__ytable {
  const char *what; /* what the mapping is, for messages ("a zone") */
  const lm__ykey *keys;
  size_t n_keys; /* at most LM__YW_MAX_KEYS */
  void (*finish)(lm__ywalk *w, void *base);
};

/* The files a load read besides the main one: the chain of `extends`, nearest first. Each
 * path is as resolved (relative to the folder of the file that named it) and each text is
 * the file's bytes, NUL-terminated; all are malloc'd and owned by whoever holds the list
 * (lm__yw_bases_free). */
typedef struct lm__yw_base {
  char *path;
  char *text;
  size_t len;
} lm__yw_base;
typedef struct lm__yw_bases {
  lm__yw_base *v;
  size_t n;
} lm__yw_bases;

/* Frees the paths, texts and array of `f` and empties it; NULL does nothing. */
void lm__yw_bases_free(lm__yw_bases *f);

#define LM__YW_MAX_EXTENDS   8                     /* files an `extends` chain may hold */
#define LM__YW_MAX_FILE_SIZE (64u * 1024u * 1024u) /* largest file `extends` reads */

/* Parses `len` bytes of `text` (need not be NUL-terminated) as one YAML document, walks
 * it with `root` into the struct at `base` (which the caller has zeroed; defaults are
 * applied here) and runs the finish hooks. `file` names the input in messages.
 * Returns 0 when no error was found; LM_EPARSE when the text is not well-formed YAML;
 * LM_EINVAL for any other problem in the input; LM_ENOMEM when memory ran out. Every
 * problem is added to `diag` (which may be NULL to count nothing). `sets` (n_sets strings
 * "KEY=VALUE", may be NULL) are applied after the walk and before the finish hooks, read by
 * the same scalar readers; see lm__yw_lookup for KEY. `user` is handed to the finish
 * hooks through lm__yw_user() and not otherwise read.
 *
 * Two ways of sharing text are understood. A top-level `extends: PATH` (relative to the
 * folder of `file`) loads that file first, and this document's keys override its keys:
 * mappings merge key by key, any other value (a scalar, a list) replaces the base's; the
 * base may extend another file in turn, up to LM__YW_MAX_EXTENDS files, and a file that
 * comes back is a cycle (an error naming the files). Within one document, a YAML merge
 * key `<<: *anchor` (or `<<: [*a, *b]`) gives a mapping the keys of the aliased mappings
 * that it does not give itself, the first alias first (a shallow merge, as YAML defines
 * it). Every message names the file and position its value came from. When `bases` is not
 * NULL it receives the files `extends` read (on success and on failure alike; the caller
 * frees it). */
int lm__yw_load(const lm__ytable *root, void *base, const char *text, size_t len, const char *file,
                const char *const *sets, size_t n_sets, const void *user, lm_diag *diag,
                lm__yw_bases *bases);

/* True when the field at [field, field + size) and everything in it was given correctly
 * or defaulted; false when any part of it failed to parse or a required key was missing.
 * For use in finish hooks. */
int lm__yw_ok(const lm__ywalk *w, const void *field, size_t size);

/* Reports an error at the place the field at [field, field + size) came from: the YAML
 * node it was read from, or the mapping that lacked it. The message is prefixed with the
 * field's key path. For use in finish hooks. */
void lm__yw_error(lm__ywalk *w, const void *field, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Decodes a NAME field (char[LM_NAME_MAX]) that must be one of `n` choices: returns its
 * index; or -1 after reporting "expected A, B or C, got 'X'" at the field, or without a
 * message when the field already failed. For use in finish hooks. */
int lm__yw_choose(lm__ywalk *w, const char *field, const char *const *choices, size_t n);

/* The name of the input being walked (for finish hooks that resolve relative paths). */
const char *lm__yw_file(const lm__ywalk *w);

/* The walker's message list (may be NULL), for finish hooks that pass on the messages of
 * a file they read; they must also report the problem with lm__yw_error(), which is what
 * makes the load fail. */
lm_diag *lm__yw_diag(lm__ywalk *w);

/* The `user` pointer given to lm__yw_load (may be NULL). */
const void *lm__yw_user(const lm__ywalk *w);

/* Makes the load fail with LM_ENOMEM, for finish hooks whose own allocation failed. */
void lm__yw_nomem(lm__ywalk *w);

/* Writes a time of day in seconds (>= 0) as "HH:MM", or "HH:MM:SS" when the seconds are
 * not whole minutes. */
void lm__yw_format_time(char *dst, size_t cap, double s);

/* Resolves a dotted key path ("fleet.van.count", "zones[2].density_per_km2",
 * "customers.presence_by_hour[7]") against `root` and the struct at `base`. On success
 * returns 0, sets *key to the descriptor and *field to the address of the value (of the
 * element, for an indexed DOUBLES). Returns LM_EINVAL when a segment names no key, an
 * index is malformed or a scalar is indexed; LM_ERANGE when an index is not below the
 * number of elements there are (the items, names or dates given, the numbers given of a
 * DOUBLES with LM__Y_UPTO, or a DOUBLES' fixed length). */
int lm__yw_lookup(const lm__ytable *root, void *base, const char *path, const lm__ykey **key,
                  void **field);

/* Writes the default of key k (a value key: not MAP, SEQ or RETIRED) into its field `f`:
 * every element of a DOUBLES, empty NAMES and DATES. Returns the element count that
 * default means (0 for an empty list or an UPTO DOUBLES, len for DOUBLES, else 1). */
size_t lm__yw_default_value(const lm__ykey *k, void *f);

/* ---- the schema as data (yw_visit.c) ----------------------------------------------- */

/* What lm__yw_visit reports. KEY: a key holding a value (a scalar, a list of scalars, or a
 * retired key). MAP: a mapping opens, the MAP key's own or an item of a SEQ (then `index`
 * says which). SEQ: a SEQ key's sequence opens; its items follow as MAP events. END: the
 * mapping or sequence opened last closes. */
typedef enum lm__yvisit_event { LM__YV_KEY, LM__YV_MAP, LM__YV_SEQ, LM__YV_END } lm__yvisit_event;

typedef struct lm__yvisit {
  lm__yvisit_event event;
  const lm__ykey *key;     /* the row; for a SEQ item, the SEQ's row; NULL for END and root */
  const lm__ytable *table; /* MAP: the table of the mapping that opens */
  const char *path;        /* dotted path: "fleet.van.count", "zones[2].name"; without a
                              struct, items are "[]" ("zones[].name"); "" for the root */
  size_t depth;            /* 0 for the root's keys */
  void *field;             /* with a struct: KEY, the value; MAP, the mapping's struct */
  size_t count;            /* with a struct: SEQ, its items; KEY of a counted list, elements */
  size_t index;            /* MAP of an item: its index (0 without a struct) */
  int item;                /* MAP: 1 for an item of a SEQ */
} lm__yvisit;

/* Called for every event; returns 0 to go on, 1 (on MAP or SEQ) to skip what the mapping
 * or sequence holds (no END follows then), or a negative code to stop the visit. */
typedef int (*lm__yvisit_fn)(const lm__yvisit *v, void *ctx);

/* Visits every key of the schema `root` in table order, depth first: the one place that
 * knows how the tables nest. With `base` (a struct walked by `root`) a SEQ yields each of
 * its items with their values; without (NULL) it yields one item, the table of its items.
 * Returns 0, or the first negative code `fn` returned. Cost: O(keys visited). */
int lm__yw_visit(const lm__ytable *root, void *base, lm__yvisit_fn fn, void *ctx);

/* What a key expects, as the walker says it in messages ("a whole number in [1, 10000]
 * (vans)"), into dst (cap bytes). */
void lm__yw_describe(char *dst, size_t cap, const lm__ykey *k);

/* Whether the value `v` of a number key (U32, U64, DOUBLE, TIME, an element of DOUBLES)
 * lies in the key's range, as the scalar readers check it. */
int lm__yw_in_range(const lm__ykey *k, double v);

#endif
