/* yw_internal.h — what the files of the YAML walker share: the walker's state and the
 * functions one file defines and another calls.
 *
 * The walker's files call downward only, in this order from the bottom:
 *   yw_report.c  the one error reporter, node access and message texts;
 *   yw_scalar.c  the readers of scalar values (they report through yw_report.c);
 *   yw_path.c    key paths, origin records, the finish hooks' interface, path lookup;
 *   yw_set.c     --set overrides (read by yw_scalar.c, recorded by yw_path.c);
 *   yamlwalk.c   parsing, the walk, the finish pass, and lm__yw_load, which drives them.
 * yaml.c, beneath them all, holds the rules for names and times of day (lastmile/yaml.h).
 * The schema model and the interface for finish hooks are in yamlwalk.h; this header is
 * for the walker's files only, and it is the only one that needs libyaml's types.
 */
#ifndef LASTMILE_YAML_YW_INTERNAL_H
#define LASTMILE_YAML_YW_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

#include "lastmile/calendar.h"
#include "lastmile/yaml.h"
#include "yaml/yamlwalk.h"

#define LM__YW_PATH_MAX 256 /* longest key path kept for messages */
#define LM__YW_SHOW_MAX 40  /* longest piece of input quoted in a message */

/* Where one field's value came from. `path` is an offset into the walker's path arena. */
typedef struct lm__yw_origin {
  const char *addr;
  size_t size;
  size_t path;
  size_t line, col;
  const char *file; /* the file the value came from (an `extends` base, or the main one) */
  int failed;
  unsigned char absent;   /* the key was not in the file: defaulted, or missing */
  unsigned char from_set; /* the value came from a --set override */
} lm__yw_origin;

/* One parsed file: the main document, or a base it extends. */
typedef struct lm__yw_src {
  yaml_document_t doc;
  int loaded; /* doc holds a document to delete */
  const char *file;
  const char *text;
  size_t len;
} lm__yw_src;

struct lm__ywalk {
  yaml_document_t *doc; /* the document of the node being walked (srcs[cur]) */
  const char *text;     /* its input, for positions of reader errors */
  size_t text_len;
  const char *file;                        /* its name, for messages */
  lm__yw_src srcs[LM__YW_MAX_EXTENDS + 1]; /* the main document first, then its bases */
  size_t n_srcs;
  size_t cur;        /* the index of the document being walked */
  size_t merge_work; /* pairs scanned through merge keys, bounded against blow-up */
  lm_diag *diag;
  size_t errors;
  int syntax, nomem, stopped;
  lm__yw_origin *orig;
  size_t n_orig, cap_orig;
  char *arena; /* NUL-separated key paths of the origins */
  size_t arena_len, arena_cap;
  char path[LM__YW_PATH_MAX]; /* key path of the node being walked */
  size_t path_len;
  const char *set_label; /* "--set KEY=VALUE" while an override is read, else NULL */
  const char *const *sets;
  size_t n_sets;
  const void *user; /* for the finish hooks (lm__yw_user) */
};

/* The address `offset` bytes into the struct at `base`. */
static inline void *lm__yw_at(void *base, size_t offset) { return (char *)base + offset; }

/* ---- the reporter, nodes and message texts (yw_report.c) ---------------------------- */

/* Counts an error and adds it to the message list at (line, col), or under the --set
 * label while an override is read; after LM__YW_MAX_ERRORS errors it adds a note, sets
 * w->stopped and reports nothing more. The only function that places a message. */
void lm__yw_report(lm__ywalk *w, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Adds a note (not an error: nothing is counted) at (line, col), for a place related to
 * the error just reported; nothing once w->stopped is set. */
void lm__yw_note(lm__ywalk *w, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Formats into a new string of exactly the length needed (the caller frees it); NULL when
 * memory ran out. The one way the walker builds a message, so that none is ever cut. */
char *lm__yw_vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Copies `len` bytes of input into `dst` (cap >= 8) for quoting: control bytes become
 * \xNN, and text longer than LM__YW_SHOW_MAX bytes is cut on a UTF-8 boundary and ends in
 * "...". */
void lm__yw_show(char *dst, size_t cap, const char *s, size_t len);

/* The text of a scalar node (not NUL-terminated in general; use its length). */
const char *lm__yw_scalar_text(const yaml_node_t *n);

/* Whether a scalar node is plain (unquoted), and whether it is YAML's null: an empty
 * plain scalar, "~" or "null" (any node that is not a scalar is not null). */
int lm__yw_is_plain(const yaml_node_t *n);
int lm__yw_is_null(const yaml_node_t *n);

/* Describes what a node is, for "got ..." in messages; n may be NULL ("nothing"). */
void lm__yw_got(char *dst, size_t cap, const yaml_node_t *n);

/* What a key expects ("a whole number in [1, 10000] (vans)"), in a new string the caller
 * frees; NULL when memory ran out. */
char *lm__yw_expect(const lm__ykey *k);

/* Reports a problem with `n` (the node at the current key path, which prefixes the
 * message); n may be NULL (position 1:1). */
void lm__yw_node_error(lm__ywalk *w, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reports "expected EXPECT, got GOT[ (WHY)]" at node n; why may be NULL. */
void lm__yw_expected(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, const char *why);

/* ---- scalars (yw_scalar.c) ----------------------------------------------------------- */

/* The size in bytes of the field a key fills (for SEQ, of its count; for MAP, 0). */
size_t lm__yw_key_size(const lm__ykey *k);

/* Read one node for key `k` into the field. Return 0, or -1 after reporting through
 * lm__yw_report, leaving the field unchanged. */
int lm__yw_read_double(lm__ywalk *w, const lm__ykey *key, const yaml_node_t *n, double *out);
int lm__yw_read_whole(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, void *field);
int lm__yw_read_bool(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, uint32_t *field);
int lm__yw_read_name(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, char *field);
int lm__yw_read_time(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, double *out);
int lm__yw_read_date(lm__ywalk *w, const lm__ykey *k, const yaml_node_t *n, lm_date *out);

/* ---- key paths and origins (yw_path.c) ----------------------------------------------- */

/* Append ".name" (or "name" at the root) or "[i]" to the key path and return the old
 * length for lm__yw_pop(), which restores it. */
size_t lm__yw_push_key(lm__ywalk *w, const char *name);
size_t lm__yw_push_index(lm__ywalk *w, size_t i);
void lm__yw_pop(lm__ywalk *w, size_t old);

/* Records the origin of [addr, addr + size) at the current key path; `how` is 0 (given),
 * or LM__YW_FAILED and/or LM__YW_ABSENT; a record made while an override is read is
 * marked from_set. Sets w->nomem when memory runs out. */
enum { LM__YW_FAILED = 1, LM__YW_ABSENT = 2 };
void lm__yw_record(lm__ywalk *w, const void *addr, size_t size, size_t line, size_t col, int how);

/* The origin of [addr, addr + size): the latest exact record, else the smallest record
 * that contains the range; NULL if none. */
const lm__yw_origin *lm__yw_origin_of(const lm__ywalk *w, const void *addr, size_t size);

/* ---- overrides (yw_set.c) ----------------------------------------------------------- */

/* Applies the walker's --set overrides (w->sets) to the walked struct at `base`, reporting
 * each bad one, then reports the required keys of mappings they switch on; see yw_set.c. */
void lm__yw_apply_sets(lm__ywalk *w, const lm__ytable *root, void *base);

#endif
