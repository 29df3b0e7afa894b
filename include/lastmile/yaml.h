/* yaml.h — the forms of scalar values that lastmile's YAML input accepts, shared by the
 * walker that reads scenarios (sim/yaml/) and by the code that writes names into results.
 *
 * A name is 1 to LM_NAME_MAX - 1 bytes without control characters; a label (a name that
 * also becomes an HDF5 group and part of file names) additionally has no '/' and is not
 * "." or "..". A time of day is "HH:MM" or "HH:MM:SS" from 00:00 to 48:00:00, so that
 * shifts past midnight are written as they are said ("26:00"). Both checks are linear in
 * the length of the text and allocate nothing.
 */
#ifndef LASTMILE_YAML_H
#define LASTMILE_YAML_H

#include <stddef.h>

#define LM_NAME_MAX 64 /* longest name, including the terminating NUL */

/* What is wrong with `name` (its first `len` bytes) as a name: NULL when it is fine, else a
 * static phrase ("too long", "control characters are not allowed", ...). A name has 1 to
 * LM_NAME_MAX - 1 bytes and no control character (bytes below 0x20, 0x7f). With `label`,
 * it also names an HDF5 group and is part of file names (scenario and strategy names), so
 * it must not contain '/' nor be "." or "..". The one rule for names, used both when a
 * scenario is read and when results are written. */
const char *lm_name_problem(const char *name, size_t len, int label);

/* Parses "HH:MM" or "HH:MM:SS" (hours 0..48) into seconds. Returns 0 or LM_EPARSE. */
int lm_parse_time_of_day(const char *text, double *seconds);

/* Edit distance (Levenshtein, with adjacent transpositions costing 1) between the first
 * `alen` bytes of `a` and the NUL-terminated `b`; saturates at 255 when either has 64
 * bytes or more. O(alen x strlen(b)) time, no allocation. */
unsigned lm_edit_distance(const char *a, size_t alen, const char *b);

#define LM_SUGGEST_NONE 255u /* lm_suggest_score: not a likely misspelling */

/* The one rule behind every "did you mean": how far `word` (its first `len` bytes) is
 * from the candidate `cand` when `word` is a likely misspelling of it, else
 * LM_SUGGEST_NONE. Likely means an edit distance within a third of the candidate's length
 * (at least 1), or one of the two a prefix of the other over at least 4 bytes. The best
 * suggestion is the candidate with the lowest score (the first of equals). */
unsigned lm_suggest_score(const char *word, size_t len, const char *cand);

#endif
