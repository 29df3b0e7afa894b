/* fuzz_set.c — `--set KEY=VALUE` overrides on valid scenarios.
 *
 * The input's first line is the override string, exactly as `lastmile run --set` would
 * receive it (a NUL byte ends it, as it would end a command-line argument); up to three
 * more lines are further overrides applied after it, so that overrides that interact are
 * reached too. They are applied with lm_scenario_load_with, the path the command takes,
 * to each of three scenarios of scenarios/ that between them have every section: the
 * strategies scenario (micro-hub, theft, traffic, lockers, every vehicle type), the peak
 * scenario (a sweep and a target) and the Solomon one (customers from an instance file).
 * Everything loaded is freed before the next input.
 */
#include "fuzz.h"

#include <stdlib.h>

#include "lastmile/model.h"
#include "lastmile/scenario.h"

#define FUZZ_MAX_SETS 4

static const char *const bases[] = {
    LM_SOURCE_DIR "/scenarios/strategies.yaml",
    LM_SOURCE_DIR "/scenarios/peak.yaml",
    LM_SOURCE_DIR "/scenarios/solomon-c101.yaml",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* One NUL-terminated copy of the input, cut into lines in place. */
  char *text = malloc(size + 1);
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  const char *sets[FUZZ_MAX_SETS];
  size_t n_sets = 0;
  char *p = text;
  while (n_sets < FUZZ_MAX_SETS) {
    sets[n_sets++] = p;
    char *nl = strchr(p, '\n');
    if (!nl) break;
    *nl = '\0';
    p = nl + 1;
    if (p == text + size) break;
  }
  for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++) {
    lm_diag *diag = lm_diag_create();
    if (!diag) break;
    lm_scenario *s = NULL;
    if (lm_scenario_load_with(bases[b], sets, n_sets, &lm_model_names, &s, diag) == 0) {
      volatile size_t n = lm_scenario_customer_count(s);
      (void)n;
    }
    (void)lm_fuzz_touch_diag(diag);
    lm_scenario_destroy(s);
    lm_diag_destroy(diag);
  }
  free(text);
  return 0;
}
