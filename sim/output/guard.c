/* guard.c — a read of an untrusted file in a child process (guard.h has the contract).
 *
 * The child's answer travels through a pipe: the return code (4 bytes), then each message
 * as one kind byte ('E' error, 'N' note) and the text up to a NUL. The parent reads the
 * pipe until end of file or the deadline, then reaps the child; it trusts the answer only
 * when the child also exited with status 0 after writing all of it. Everything else (a
 * signal, another exit status, a short answer, the deadline) is the library failing on
 * the file. The child's standard output and error go to /dev/null: whatever a crashing
 * library prints there is not lastmile's output.
 */
#define _GNU_SOURCE /* prctl */

#include "output/guard.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define LM_GUARD_NO_AS_LIMIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) ||                         \
    __has_feature(thread_sanitizer)
#define LM_GUARD_NO_AS_LIMIT 1
#endif
#endif

#define MIB ((uint64_t)1 << 20)

/* The child's address-space limit in bytes (see guard.h), or 0 for none. */
static uint64_t memory_limit(const char *path) {
#ifdef LM_GUARD_NO_AS_LIMIT
  (void)path;
  return 0;
#else
  uint64_t now = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  unsigned long pages = 0;
  if (f && fscanf(f, "%lu", &pages) == 1) now = (uint64_t)pages * (uint64_t)sysconf(_SC_PAGESIZE);
  if (f) fclose(f);
  if (now == 0) now = 1024 * MIB; /* no /proc: a generous guess */
  struct stat st;
  uint64_t size = stat(path, &st) == 0 && st.st_size > 0 ? (uint64_t)st.st_size : 0;
  uint64_t file_part = size > (UINT64_MAX / 4) / 64 ? UINT64_MAX / 4 : 64 * size;
  return now + 256 * MIB + file_part;
#endif
}

static int timeout_s(void) {
  const char *s = getenv("LASTMILE_READ_TIMEOUT_S");
  if (!s || !*s) return LM__GUARD_SECONDS;
  char *end;
  long v = strtol(s, &end, 10);
  return (*end || v < 1 || v > 86400) ? LM__GUARD_SECONDS : (int)v;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int write_all(int fd, const void *buf, size_t n) {
  const char *p = buf;
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    p += w, n -= (size_t)w;
  }
  return 0;
}

/* LASTMILE_TEST_READ_FAULT: see guard.h. */
static void test_fault(void) {
  const char *s = getenv("LASTMILE_TEST_READ_FAULT");
  if (!s || !*s) return;
  if (!strcmp(s, "crash")) { /* as the kernel would, whatever handler a sanitizer set */
    signal(SIGSEGV, SIG_DFL);
    raise(SIGSEGV);
  }
  if (!strcmp(s, "hang"))
    for (;;) pause();
  if (!strcmp(s, "hog")) /* 1 GiB at most, for builds without the limit */
    for (int i = 0; i < 16; i++) {
      char *p = malloc(64 * MIB);
      if (!p) break; /* the limit held */
      memset(p, 1, 64 * MIB);
    }
  _exit(3);
}

/* In the child: limits, the read, the answer; never returns. */
static void child(int fd, int (*fn)(void *, lm_diag *), void *arg, int secs, uint64_t limit) {
#ifdef PR_SET_PDEATHSIG
  prctl(PR_SET_PDEATHSIG, SIGKILL); /* the parent gone, nobody waits for the answer */
#endif
  int null = open("/dev/null", O_WRONLY);
  if (null >= 0) {
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    close(null);
  }
  if (limit) {
    struct rlimit rl = {(rlim_t)limit, (rlim_t)limit};
    setrlimit(RLIMIT_AS, &rl);
  }
  struct rlimit cpu = {(rlim_t)secs + 1, (rlim_t)secs + 2};
  setrlimit(RLIMIT_CPU, &cpu);
  test_fault();
  lm_diag *diag = lm_diag_create();
  int32_t rc = diag ? (int32_t)fn(arg, diag) : LM_ENOMEM;
  int bad = write_all(fd, &rc, sizeof rc);
  for (size_t i = 0; !bad && i < lm_diag_count(diag); i++) {
    const char *m = lm_diag_message(diag, i);
    char kind = lm_diag_is_error(diag, i) ? 'E' : 'N';
    bad = write_all(fd, &kind, 1) || write_all(fd, m, strlen(m) + 1);
  }
  _exit(bad ? 4 : 0);
}

/* Reads the whole answer from `fd` until end of file or `deadline`; a malloc'd buffer
 * and its length in *n, NULL when memory ran out. *late = 1 when the deadline passed. */
static char *read_answer(int fd, double deadline, size_t *n, int *late) {
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  *late = 0;
  while (buf) {
    double left = deadline - now_s();
    if (left <= 0) {
      *late = 1;
      break;
    }
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, 1, (int)(left * 1000.0) + 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue; /* the deadline is checked above */
    if (len == cap) {
      char *grown = cap < (64 * MIB) ? realloc(buf, 2 * cap) : NULL;
      if (!grown) break; /* an answer that long is not one */
      buf = grown;
      cap *= 2;
    }
    ssize_t got = read(fd, buf + len, cap - len);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    len += (size_t)got;
  }
  *n = len;
  return buf;
}

/* Passes the child's messages on; 0, or -1 when the answer is malformed. */
static int pass_on(const char *buf, size_t n, lm_diag *diag, int32_t *rc) {
  if (n < sizeof *rc) return -1;
  memcpy(rc, buf, sizeof *rc);
  size_t at = sizeof *rc;
  while (at < n) {
    char kind = buf[at++];
    const char *text = buf + at;
    const char *nul = memchr(text, '\0', n - at);
    if ((kind != 'E' && kind != 'N') || !nul) return -1;
    lm_diag_add_text(diag, text, kind == 'E');
    at += (size_t)(nul - text) + 1;
  }
  return 0;
}

int lm__guard_run(const char *path, int (*fn)(void *arg, lm_diag *diag), void *arg, lm_diag *diag) {
  int secs = timeout_s();
  uint64_t limit = memory_limit(path);
  int fds[2];
  if (pipe(fds) != 0) {
    lm_diag_error(diag, path, 0, 0, "cannot read: no pipe for the reading process: %s",
                  strerror(errno));
    return LM_EIO;
  }
  fflush(NULL); /* nothing buffered is written twice */
  pid_t pid = fork();
  if (pid < 0) {
    lm_diag_error(diag, path, 0, 0, "cannot read: cannot start the reading process: %s",
                  strerror(errno));
    close(fds[0]);
    close(fds[1]);
    return LM_EIO;
  }
  if (pid == 0) {
    close(fds[0]);
    child(fds[1], fn, arg, secs, limit);
  }
  close(fds[1]);
  size_t n = 0;
  int late = 0;
  char *answer = read_answer(fds[0], now_s() + secs, &n, &late);
  close(fds[0]);
  if (late) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  int32_t rc = 0;
  lm_diag *got = late || !answer ? NULL : lm_diag_create();
  if (!late && !got) { /* the answer was lost for want of memory here, not in the child */
    free(answer);
    lm_diag_error(diag, path, 0, 0, "cannot read: out of memory");
    return LM_ENOMEM;
  }
  int ok = !late && answer && got && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
           pass_on(answer, n, got, &rc) == 0;
  free(answer);
  if (ok) {
    lm_diag_append(diag, got);
    lm_diag_destroy(got);
    return rc;
  }
  lm_diag_destroy(got);
  char why[160];
  if (late)
    snprintf(why, sizeof why, "it ran for more than %d s (LASTMILE_READ_TIMEOUT_S)", secs);
  else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
    snprintf(why, sizeof why, "it used more than %d s of processor time", secs);
  else if (WIFSIGNALED(status))
    snprintf(why, sizeof why, "it crashed with signal %d (%s)", WTERMSIG(status),
             strsignal(WTERMSIG(status)));
  else if (limit)
    snprintf(why, sizeof why, "it stopped with status %d, under a limit of %llu MiB of memory",
             WIFEXITED(status) ? WEXITSTATUS(status) : -1, (unsigned long long)(limit / MIB));
  else
    snprintf(why, sizeof why, "it stopped with status %d",
             WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  lm_diag_error(diag, NULL, 0, 0, "cannot read %s: the HDF5 library failed on it (corrupt?): %s",
                path, why);
  return LM_EFORMAT;
}
