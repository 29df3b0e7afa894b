/* fuzz.h — what the libFuzzer harnesses share.
 *
 * Each harness is a program built by -DLASTMILE_FUZZ=ON (tests/fuzz/CMakeLists.txt) that
 * hands one input at a time to a loader and frees everything the loader returned before
 * the next input, so AddressSanitizer's leak check after every input finds any leak. The
 * loaders keep no state between calls (no mutable globals, STYLE.md rule 6), so nothing
 * else needs resetting. LM_SOURCE_DIR is the source tree: the scenario harnesses resolve
 * the files a scenario names against it.
 */
#ifndef LASTMILE_FUZZ_H
#define LASTMILE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lastmile/error.h"

/* libFuzzer's entry point, called once per input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads every message of `d` to the end, so that a message built from a bad input is
 * checked by AddressSanitizer as well; returns the total length (to keep the reads). */
static inline size_t lm_fuzz_touch_diag(const lm_diag *d) {
  size_t total = 0;
  for (size_t i = 0; i < lm_diag_count(d); i++) total += strlen(lm_diag_message(d, i));
  return total;
}

#endif
