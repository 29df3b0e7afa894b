/* fault.h — a test allocator that fails the N-th allocation, SQLite style.
 *
 * The fault test links with -Wl,--wrap for malloc, calloc, realloc, aligned_alloc,
 * strdup and strndup, so that every call to them from the objects of lastmile's static
 * library and from the test itself goes through fault.c. Allocations made inside the
 * shared libraries (libhdf5, libyaml, GSL, libc's own fopen and printf buffers) are not
 * seen and never fail: the hook proves lastmile's own cleanup, not theirs.
 *
 * While armed at N, calls are counted from 1 and call N fails (returns NULL, with errno
 * ENOMEM). Persistent, every later call fails too until the hook is disarmed, so that
 * cleanup code which allocates meets the failure as well; transient, only call N fails,
 * so that code carrying on after a failure meets working memory. A realloc to size 0 and
 * a free are never counted. Disarmed, the hook only counts. The counters are atomic and
 * live in memory shared with forked children, so the child in which lm_results_read
 * first reads a file (output/guard.h) counts and fails on the same sequence; right after
 * the fork parent and child allocate at the same time, so which of them gets number N
 * there may differ from run to run.
 */
#ifndef LASTMILE_TEST_FAULT_H
#define LASTMILE_TEST_FAULT_H

#include <stddef.h>

/* Resets the counts and fails allocation number n (>= 1), and with `persistent` every
 * later one as well. */
void lm_fault_arm(size_t n, int persistent);
/* Resets the count and fails nothing; allocations are still counted. */
void lm_fault_disarm(void);
/* Allocations counted since the last arm or disarm. */
size_t lm_fault_count(void);
/* Allocations refused since the last arm (0 when call N was never reached). */
size_t lm_fault_failed(void);

#endif
