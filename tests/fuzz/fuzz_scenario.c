/* fuzz_scenario.c — the scenario loader on arbitrary bytes.
 *
 * Each input is the text of a scenario file, loaded with lm_scenario_parse (the same path
 * as lm_scenario_load after the file is read: the schema walk, the cross-field checks,
 * and the customers file or instance the scenario names). The input is named as if it lay
 * in tests/bad/, so the relative file names of the seeds there (../fixtures/...) resolve
 * to the repository's fixtures. A loaded scenario is queried a little (customer count,
 * calendar of the first two weeks) and freed; so is the diagnostic list either way.
 */
#include "fuzz.h"

#include "lastmile/scenario.h"

#define FUZZ_SCENARIO_NAME LM_SOURCE_DIR "/tests/bad/fuzz-input.yaml"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lm_diag *diag = lm_diag_create();
  if (!diag) return 0;
  lm_scenario *s = NULL;
  int rc = lm_scenario_parse((const char *)data, size, FUZZ_SCENARIO_NAME, &s, diag);
  if (rc == 0) {
    volatile size_t sink = lm_scenario_customer_count(s);
    for (uint32_t day = 0; day < 14 && day < s->days; day++) {
      volatile double f = lm_scenario_demand_factor(s, day);
      sink += (size_t)lm_scenario_delivers(s, NULL, day) + (f > 0);
    }
    (void)sink;
  }
  (void)lm_fuzz_touch_diag(diag);
  lm_scenario_destroy(s);
  lm_diag_destroy(diag);
  return 0;
}
