/* fault.c — the wrapped allocators of fault.h.
 *
 * __real_X is the allocator the linker would have called; __wrap_X counts the call and,
 * when the hook is armed and the count has reached the armed number, returns NULL
 * without calling it. free is not wrapped: memory from either side can be freed by
 * either side.
 */
#include "fault.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

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

static atomic_size_t fail_at; /* 0: disarmed */
static atomic_int sticky;
static atomic_size_t count, failed;

void lm_fault_arm(size_t n, int persistent) {
  atomic_store(&sticky, persistent != 0);
  atomic_store(&count, 0);
  atomic_store(&failed, 0);
  atomic_store(&fail_at, n);
}

void lm_fault_disarm(void) {
  atomic_store(&fail_at, 0);
  atomic_store(&count, 0);
  atomic_store(&failed, 0);
}

size_t lm_fault_count(void) { return atomic_load(&count); }
size_t lm_fault_failed(void) { return atomic_load(&failed); }

/* Counts one allocation; 1 when it must fail. */
static int fault_now(void) {
  size_t k = atomic_fetch_add(&count, 1) + 1, at = atomic_load(&fail_at);
  if (at == 0 || k < at || (k > at && !atomic_load(&sticky))) return 0;
  atomic_fetch_add(&failed, 1);
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
