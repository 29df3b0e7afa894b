/* scenario_doc.h — a scenario's keys as text: the resolved scenario as YAML, a JSON Schema
 * of scenario files, a table of the keys, and a commented starting scenario.
 *
 * Everything here is generated from the tables the loader walks (sim/world/), through
 * one visit of them (lm__yw_visit), so the documents cannot drift from what the loader
 * accepts. Each function writes into a malloc'd, NUL-terminated string that the caller
 * frees; on failure *text is NULL.
 */
#ifndef LASTMILE_SCENARIO_DOC_H
#define LASTMILE_SCENARIO_DOC_H

#include <stddef.h>

#include "lastmile/scenario.h"

/* The fully resolved scenario `s` as YAML: every key of every section the scenario has,
 * defaults filled in and derived values (a zone's circuity, a kind's shift, ...) as
 * derived; doubles in the shortest form of %.15g, %.16g or %.17g that reads back to the
 * same bits, so that loading the text gives back the same numbers bit for bit; names double-quoted.
 * Keys that hold no value (an optional key the scenario leaves to a later rule, such as the
 * one-type presence keys beside customers.types) and sections it does not have (fleet.drone without
 * drones, a target without a KPI) are left out, and `extends` is resolved away. Loading the text
 * (lm_scenario_parse, with the scenario's own path as display name so that customers.file
 * resolves the same) gives a scenario equal to `s` field by field. Returns 0, or LM_ENOMEM. */
int lm_scenario_dump_resolved(const lm_scenario *s, char **text, size_t *len);

/* A JSON Schema (draft 2020-12) of scenario files: every key with its type, range,
 * default, the names it takes, whether it is required and a description (what the loader
 * says it expects); mappings refuse keys they do not know, as the loader does. `kpis`
 * (n_kpis names, may be NULL) are the names target.kpi and target.cost_kpi take. It
 * describes YAML as YAML 1.2 reads it (times and dates are strings). Returns 0 or
 * LM_ENOMEM. */
int lm_scenario_schema_json(const char *const *kpis, size_t n_kpis, char **text, size_t *len);

/* The keys as an aligned table, one line each: path (items of a list as "[]"), type,
 * range, default ("required" for a required key, "-" for none) and unit. `section` (may be
 * NULL: every key) keeps the keys at or under that path ("fleet", "fleet.van",
 * "strategies[]"). Returns 0; LM_EINVAL when no key matches `section`; LM_ENOMEM. */
int lm_scenario_keys_table(const char *section, char **text, size_t *len);

/* A commented scenario that starts from `s`: every section with every key, the keys whose
 * value differs from the default (and the required ones) as YAML, the others as comments
 * showing the default; sections and lists `s` does not have as commented examples. Each
 * key carries what it expects as a trailing comment. The text loads to the same scenario
 * as `s`. Returns 0 or LM_ENOMEM. */
int lm_scenario_template(const lm_scenario *s, char **text, size_t *len);

#endif
