/* results_read.h — reading an HDF5 results file back into lm_results.
 *
 * The file is untrusted: it is read once in a child process with memory and time
 * limits, and sizes it claims are checked against its length before anything is
 * allocated.
 */
#ifndef LASTMILE_RESULTS_READ_H
#define LASTMILE_RESULTS_READ_H

#include "lastmile/error.h"
#include "lastmile/results.h"

/* Reads a results file back into memory: everything lm_results_write wrote except the
 * derived /summary and /comparison, with the parcel logs and tours when the file holds
 * them. Returns 0, LM_EIO, LM_EFORMAT or LM_ENOMEM. */
int lm_results_read(const char *path, lm_results **out, lm_diag *diag);

#endif
