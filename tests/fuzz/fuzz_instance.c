/* fuzz_instance.c — the Solomon and VRPLIB instance readers on arbitrary bytes.
 *
 * lm_instance_load reads a path, so each input is written to one temporary file (created
 * on the first input, rewritten for each, removed at exit) and loaded from
 * there; the format is told from the content, as for any file. The distance rule is the
 * input's length modulo 4 (auto, real, round, trunc1), so every rule is exercised on
 * inputs of every kind. A loaded instance has every depot-to-node distance computed and
 * is freed; so is the diagnostic list either way.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lastmile/instance.h"

static char tmp_path[4096]; /* the temporary file, "" until the first input */
static int tmp_fd = -1;

static void remove_tmp(void) {
  if (tmp_fd >= 0) close(tmp_fd);
  if (tmp_path[0]) unlink(tmp_path);
}

/* Creates the temporary file in $TMPDIR, else in /dev/shm (memory: rewriting a file
 * on disk for every input would cost more than reading it), else in /tmp; exits the
 * fuzzer when it cannot. */
static void open_tmp(void) {
  const char *dir = getenv("TMPDIR");
  if (!dir || !dir[0]) dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  snprintf(tmp_path, sizeof tmp_path, "%s/lastmile-fuzz-instance-XXXXXX", dir);
  tmp_fd = mkstemp(tmp_path);
  if (tmp_fd < 0) {
    perror("fuzz_instance: mkstemp");
    exit(1);
  }
  atexit(remove_tmp);
}

/* Replaces the file's content with the input (written over the old content, then cut
 * to length); exits the fuzzer when it cannot. */
static void write_tmp(const uint8_t *data, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = pwrite(tmp_fd, data + done, size - done, (off_t)done);
    if (n <= 0) {
      perror("fuzz_instance: pwrite");
      exit(1);
    }
    done += (size_t)n;
  }
  if (ftruncate(tmp_fd, (off_t)size) != 0) {
    perror("fuzz_instance: ftruncate");
    exit(1);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (tmp_fd < 0) open_tmp();
  write_tmp(data, size);
  lm_diag *diag = lm_diag_create();
  if (!diag) return 0;
  lm_instance *inst = NULL;
  if (lm_instance_load(tmp_path, (lm_distance_rule)(size % 4), &inst, diag) == 0) {
    volatile double sum = 0.0;
    for (size_t i = 0; i <= inst->n_customers; i++)
      sum += lm_instance_distance(inst, 0, (uint32_t)i);
    (void)sum;
  }
  (void)lm_fuzz_touch_diag(diag);
  lm_instance_destroy(inst);
  lm_diag_destroy(diag);
  return 0;
}
