/* scenario_load.c — loading a scenario, freeing it, and the queries on a loaded one.
 *
 * Loading reads at most LM_SCENARIO_MAX_BYTES, keeps the text verbatim in s->text (the
 * results file stores it), walks it with the scenario schema (scenario.c) and, when the
 * scenario names a customers file, reads that file too. It costs time and memory linear in
 * the file's size. The query on the number of customers, the rule for names and the
 * "HH:MM[:SS]" reader used by the schema's time keys are small and allocate nothing; the calendar's
 * queries are in scenario_calendar.c.
 */
#include "lastmile/scenario.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lastmile/fileio.h"
#include "world/schema.h"

/* ---- public functions ---------------------------------------------------------------- */

size_t lm_scenario_customer_count(const lm_scenario *s) {
  if (s->file_x_km) return s->n_file_customers;
  size_t total = 0;
  for (size_t i = 0; i < s->n_zones; i++) {
    const lm_zone *z = &s->zones[i];
    double dx = z->x_max_km - z->x_min_km, dy = z->y_max_km - z->y_min_km;
    if (!(dx > 0 && dy > 0 && z->density_per_km2 > 0)) continue;
    double c = floor(z->density_per_km2 * dx * dy + 0.5);
    if (!(c < 1e18)) return SIZE_MAX;
    size_t n = (size_t)c;
    if (total > SIZE_MAX - n) return SIZE_MAX;
    total += n;
  }
  return total;
}

void lm_scenario_destroy(lm_scenario *s) {
  if (!s) return;
  free(s->file_x_km);
  free(s->file_y_km);
  free(s->file_weight);
  free(s->file_open_s);
  free(s->file_close_s);
  free(s->path);
  free(s->text);
  free(s);
}

static char *copy_string(const char *s) {
  size_t n = strlen(s) + 1;
  char *c = malloc(n);
  if (c) memcpy(c, s, n);
  return c;
}

/* Builds the scenario from `text` (len bytes plus a NUL, malloc'd), which it takes over
 * whatever happens. */
static int scenario_from_text(char *text, size_t len, const char *name, const char *const *sets,
                              size_t n_sets, lm_scenario **out, lm_diag *diag) {
  lm_scenario *s = calloc(1, sizeof *s);
  char *path = copy_string(name);
  if (!s || !path) {
    free(s);
    free(path);
    free(text);
    lm_diag_error(diag, name, 0, 0, "out of memory");
    return LM_ENOMEM;
  }
  int rc = lm__yw_load(lm__scenario_schema(), s, text, len, name, sets, n_sets, diag);
  s->text = text;
  s->text_len = len;
  s->path = path;
  if (rc == 0 && s->customers.file[0]) rc = lm__customers_read_file(s, diag);
  if (rc) {
    lm_scenario_destroy(s);
    return rc;
  }
  *out = s;
  return 0;
}

static void too_big(lm_diag *diag, const char *name) {
  lm_diag_error(diag, name, 1, 1, "the file is larger than %u bytes; refused",
                LM_SCENARIO_MAX_BYTES);
}

int lm_scenario_parse(const char *text, size_t len, const char *display_name, lm_scenario **out,
                      lm_diag *diag) {
  const char *name = display_name ? display_name : "<scenario>";
  *out = NULL;
  if (len > LM_SCENARIO_MAX_BYTES) {
    too_big(diag, name);
    return LM_EINVAL;
  }
  char *copy = malloc(len + 1);
  if (!copy) {
    lm_diag_error(diag, name, 0, 0, "out of memory");
    return LM_ENOMEM;
  }
  if (len) memcpy(copy, text, len);
  copy[len] = '\0';
  return scenario_from_text(copy, len, name, NULL, 0, out, diag);
}

int lm_scenario_load(const char *path, lm_scenario **out, lm_diag *diag) {
  return lm_scenario_load_with(path, NULL, 0, out, diag);
}

int lm_scenario_load_with(const char *path, const char *const *sets, size_t n_sets,
                          lm_scenario **out, lm_diag *diag) {
  *out = NULL;
  char *buf;
  size_t len;
  int rc = lm_file_read(path, LM_SCENARIO_MAX_BYTES, &buf, &len, diag);
  if (rc == LM_ERANGE) {
    too_big(diag, path);
    return LM_EINVAL;
  }
  if (rc == LM_ENOMEM) lm_diag_error(diag, path, 0, 0, "out of memory");
  if (rc) return rc;
  return scenario_from_text(buf, len, path, sets, n_sets, out, diag);
}
