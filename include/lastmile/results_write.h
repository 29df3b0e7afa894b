/* results_write.h — writing lm_results as an HDF5 results file.
 *
 * The file has the layout of DESIGN.md ("Results file"), /summary and /comparison
 * derived from the replications included. It is written whole to a temporary file
 * beside its name and published by renaming, so a failure never leaves a half file under
 * the name.
 */
#ifndef LASTMILE_RESULTS_WRITE_H
#define LASTMILE_RESULTS_WRITE_H

#include "lastmile/error.h"
#include "lastmile/publish.h"
#include "lastmile/results.h"

/* Writes `r` as the file reserved by `out` (lm_publish_open) and publishes it with
 * lm_publish_commit: without force only if nothing appeared at its name meanwhile
 * (LM_EEXIST otherwise). Returns 0, LM_EINVAL (strategy names unusable as HDF5 groups),
 * LM_EEXIST, LM_EIO or LM_ENOMEM; on any failure the temporary file is removed, nothing
 * under the name has changed, and `diag` says why. `out` is left for the caller to
 * destroy in every case. */
int lm_results_publish(const lm_results *r, lm_publish *out, lm_diag *diag);

/* lm_results_publish to a name reserved here: refuses (LM_EEXIST) when `path` exists and
 * `force` is 0, and every failure of lm_publish_open. */
int lm_results_write(const lm_results *r, const char *path, int force, lm_diag *diag);

#endif
