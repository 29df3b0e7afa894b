/* guard.h — running a read of an untrusted file in a child process (internal: lm__).
 *
 * The HDF5 library trusts the bytes it reads: a damaged results file can make it crash,
 * loop or allocate without bound (README, "The command"). lm__guard_run() runs a
 * reading function in a forked child with a limit on its address space and its time;
 * the child sends back only the function's return code and messages. A caller reads the
 * file itself only after the child read it without trouble, so a file that breaks the
 * library costs a message and exit code 2, never the process.
 *
 * Limits: address space = the process's size at the fork + 256 MiB + 64 x the file's
 * size (none in builds with AddressSanitizer, whose shadow memory needs terabytes of
 * address space); wall-clock time LM__GUARD_SECONDS, or the environment variable
 * LASTMILE_READ_TIMEOUT_S (seconds, 1 to 86400) for very large files.
 *
 * Test hook: LASTMILE_TEST_READ_FAULT=crash|hang|hog makes the child, before reading,
 * raise SIGSEGV, sleep forever, or allocate and touch memory until the limit stops it
 * (1 GiB at most) and exit with status 3, so that each way out has a test. Nothing else
 * reads it.
 */
#ifndef LASTMILE_OUTPUT_GUARD_H
#define LASTMILE_OUTPUT_GUARD_H

#include "lastmile/error.h"

#define LM__GUARD_SECONDS 60

/* Runs fn(arg, diag_of_child) in a child process under the limits above; `path` is the
 * file it reads (for the size limit and the messages). Returns what fn returned, with
 * fn's messages added to `diag`; or LM_EFORMAT with "cannot read PATH: the HDF5 library
 * failed on it (corrupt?)" and what happened (a signal, the time or memory limit) when
 * the child did not come back with an answer; or LM_EIO when no child could be started
 * (then nothing was read). */
int lm__guard_run(const char *path, int (*fn)(void *arg, lm_diag *diag), void *arg, lm_diag *diag);

#endif
