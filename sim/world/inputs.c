/* inputs.c — the input files a scenario names, and where a name from a scenario leads.
 *
 * A relative file name in a scenario is relative to the folder of the scenario file, never
 * to the working directory, so a scenario and its data move together. The results file
 * records these files with their SHA-256 (sim/output/provenance.c), so every key that names
 * a file is listed here, once.
 */
#include <stdio.h>
#include <string.h>

#include "lastmile/scenario.h"

void lm_scenario_resolve(const char *scenario_path, const char *file, char *dst, size_t cap) {
  const char *slash = strrchr(scenario_path, '/');
  if (file[0] == '/' || !slash)
    snprintf(dst, cap, "%s", file);
  else
    snprintf(dst, cap, "%.*s/%s", (int)(slash - scenario_path), scenario_path, file);
}

size_t lm_scenario_inputs(const lm_scenario *s, lm_scenario_input out[LM_SCENARIO_MAX_INPUTS]) {
  const struct {
    const char *key, *name;
  } keys[LM_SCENARIO_MAX_INPUTS] = {{"customers.file", s->customers.file},
                                    {"customers.instance", s->customers.instance}};
  size_t n = 0;
  for (size_t i = 0; i < LM_SCENARIO_MAX_INPUTS; i++) {
    if (!keys[i].name[0]) continue;
    out[n].key = keys[i].key;
    out[n].name = keys[i].name;
    lm_scenario_resolve(s->path ? s->path : "", keys[i].name, out[n].path, sizeof out[n].path);
    n++;
  }
  return n;
}
