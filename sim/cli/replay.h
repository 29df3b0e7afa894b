/* replay.h — `lastmile run RESULTS.h5`: running again the run a results file records.
 *
 * The file's /provenance group (provenance.h) gives the scenario text, the overrides, the
 * options and the SHA-256 of every input file; the scenario is rebuilt from its stored text
 * as if read from its original folder, so relative file names lead where they led, and
 * every input file must still have the recorded hash.
 */
#ifndef LASTMILE_CLI_REPLAY_H
#define LASTMILE_CLI_REPLAY_H

#include <stddef.h>

#include "lastmile/error.h"
#include "lastmile/provenance.h"
#include "lastmile/scenario.h"

typedef struct lm_cli_replay {
  char *results;       /* the results file replayed, as given */
  lm_provenance *prov; /* its record */
  char *anchor;        /* scenario_folder/NAME: the name the stored text is read under */
  char *output;        /* the default output: RESULTS without .h5, then -replay.h5 */
  char routes_day[24]; /* the recorded --routes-day as an index, "" for none */
} lm_cli_replay;

/* Reads the record in the results file `path` into *out (free with
 * lm_cli_replay_destroy). Returns 0, or an LM_E… code with the reason in `diag`. */
int lm_cli_replay_open(const char *path, lm_cli_replay **out, lm_diag *diag);

/* Builds the recorded scenario from its text with `sets` (the recorded overrides, then any
 * given now) applied, as lm_scenario_load_with would from the original file. */
int lm_cli_replay_load(const lm_cli_replay *rp, const char *const *sets, size_t n_sets,
                       lm_scenario **out, lm_diag *diag);

/* Checks the stored scenario text and every input file `sc` names against the recorded
 * SHA-256. A difference is an error naming the file (returns -1), or with `force` a
 * warning (returns 0). Messages go to stderr. */
int lm_cli_replay_check(const lm_cli_replay *rp, const lm_scenario *sc, int force);

/* Frees a replay; NULL does nothing. */
void lm_cli_replay_destroy(lm_cli_replay *rp);

#endif
