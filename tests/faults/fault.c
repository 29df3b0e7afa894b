/* fault.c — the wrapped allocators of fault.h.
 *
 * With the environment variable LM_FAULT_TRACE=N, every arming at N prints the stack of
 * the allocation it refuses on stderr, to find which one a failing sweep step refused.
 *
 * __real_X is the allocator the linker would have called; __wrap_X counts the call and,
 * when the hook is armed and the count has reached the armed number, returns NULL
 * without calling it. free is not wrapped: memory from either side can be freed by
 * either side.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "fault.h"

#include <errno.h>
#include <execinfo.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__real_aligned_alloc(size_t align, size_t size);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
void *__wrap_aligned_alloc(size_t align, size_t size);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

/* In a page shared with forked children, so that an allocation in a child (the guarded
 * read of lm_results_read) counts and fails like one in the parent. */
typedef struct counters {
  atomic_size_t fail_at; /* 0: disarmed */
  atomic_int sticky;
  atomic_size_t count, failed;
} counters;

static counters own, *c = &own;

__attribute__((constructor)) static void share_counters(void) {
  void *p = mmap(NULL, sizeof *c, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p != MAP_FAILED) c = p; /* mmap zeroes it: disarmed */
}

void lm_fault_arm(size_t n, int persistent) {
  atomic_store(&c->sticky, persistent != 0);
  atomic_store(&c->count, 0);
  atomic_store(&c->failed, 0);
  atomic_store(&c->fail_at, n);
}

void lm_fault_disarm(void) {
  atomic_store(&c->fail_at, 0);
  atomic_store(&c->count, 0);
  atomic_store(&c->failed, 0);
}

size_t lm_fault_count(void) { return atomic_load(&c->count); }
size_t lm_fault_failed(void) { return atomic_load(&c->failed); }

/* Counts one allocation; 1 when it must fail. */
static int fault_now(void) {
  size_t k = atomic_fetch_add(&c->count, 1) + 1, at = atomic_load(&c->fail_at);
  if (at == 0 || k < at || (k > at && !atomic_load(&c->sticky))) return 0;
  const char *trace = getenv("LM_FAULT_TRACE");
  if (atomic_fetch_add(&c->failed, 1) == 0 && trace && strtoull(trace, NULL, 10) == at) {
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_print_stack_trace();
#else
    void *frames[32];
    backtrace_symbols_fd(frames, backtrace(frames, 32), STDERR_FILENO);
#endif
  }
  errno = ENOMEM;
  return 1;
}

void *__wrap_malloc(size_t size) { return fault_now() ? NULL : __real_malloc(size); }

void *__wrap_calloc(size_t n, size_t size) { return fault_now() ? NULL : __real_calloc(n, size); }

void *__wrap_realloc(void *p, size_t size) {
  if (size == 0) return __real_realloc(p, size);
  return fault_now() ? NULL : __real_realloc(p, size);
}

void *__wrap_aligned_alloc(size_t align, size_t size) {
  return fault_now() ? NULL : __real_aligned_alloc(align, size);
}

char *__wrap_strdup(const char *s) { return fault_now() ? NULL : __real_strdup(s); }

char *__wrap_strndup(const char *s, size_t n) { return fault_now() ? NULL : __real_strndup(s, n); }
