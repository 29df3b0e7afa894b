/* doc.h — what the scenario's text writers share (scenario_doc.c: the YAML writers;
 * scenario_schema.c: the JSON Schema and the key table): whether a field holds a value the
 * loader would accept, a key's default as a visit event, and values written so that they
 * read back to the same bits.
 */
#ifndef LASTMILE_WORLD_DOC_H
#define LASTMILE_WORLD_DOC_H

#include <stdio.h>

#include "world/schema.h"

/* The deepest nesting of sections and lists the writers follow. */
#define LM__DOC_MAX_NEST 16

/* Whether the KEY event's field holds a value the loader would accept. */
int lm__doc_holds_value(const lm__yvisit *v);
/* Writes number x of key k (a time as "HH:MM:SS", an integer as one, a double in the
 * shortest form that reads back to the same bits). */
void lm__doc_put_number(FILE *o, const lm__ykey *k, double x);
/* Writes the value of a KEY event that holds one, in YAML flow form (also valid JSON). */
void lm__doc_put_value(FILE *o, const lm__yvisit *v);

/* Room for one key's default value (the walker's defaults for one key). */
typedef union lm__doc_default_buf {
  double d[64];
  char c[4096];
  lm_date dates[512];
} lm__doc_default_buf;

/* A KEY event for k's default, its value in `buf`. */
lm__yvisit lm__doc_default_event(const lm__ykey *k, lm__doc_default_buf *buf);
/* Finishes an open_memstream text: 0, or LM_ENOMEM (and *text NULL) when writing failed. */
int lm__doc_close_text(FILE *o, char **text, size_t *len, int failed);

#endif
