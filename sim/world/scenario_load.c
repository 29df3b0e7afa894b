/* scenario_load.c — loading a scenario and freeing it.
 *
 * Loading reads at most LM_SCENARIO_MAX_BYTES, keeps the text verbatim in s->text (the
 * results file stores it), walks it with the scenario schema (scenario.c) together with the
 * files its `extends` chain names (kept in s->bases, for provenance) and, when the
 * scenario names a customers file, reads that file too (customers.c). It costs time and
 * memory linear in the file's size. On any error the caller gets NULL and every problem in
 * its lm_diag; a scenario is handed out only when the walk, its checks and the customers
 * file all succeeded. The queries on a loaded scenario are in scenario.c and
 * scenario_calendar.c; nothing there calls back into this file.
 */
#include "lastmile/scenario.h"

#include <stdlib.h>
#include <string.h>

#include "lastmile/fileio.h"
#include "world/schema.h"

void lm_scenario_destroy(lm_scenario *s) {
  if (!s) return;
  free(s->file_x_km);
  free(s->file_y_km);
  free(s->file_weight);
  free(s->file_open_s);
  free(s->file_close_s);
  for (size_t i = 0; i < s->n_bases; i++) {
    free(s->bases[i].path);
    free(s->bases[i].text);
  }
  free(s->bases);
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
                              size_t n_sets, const lm_scenario_names *names, lm_scenario **out,
                              lm_diag *diag) {
  lm_scenario *s = calloc(1, sizeof *s);
  char *path = copy_string(name);
  if (!s || !path) {
    free(s);
    free(path);
    free(text);
    lm_diag_error(diag, name, 0, 0, "out of memory");
    return LM_ENOMEM;
  }
  lm__yw_bases bases = {0};
  int rc =
      lm__yw_load(lm__scenario_schema(), s, text, len, name, sets, n_sets, names, diag, &bases);
  /* lm__yw_base and lm_scenario_base hold the same three members: the list moves over. */
  s->bases = bases.n ? malloc(bases.n * sizeof *s->bases) : NULL;
  if (bases.n && !s->bases && rc == 0) rc = LM_ENOMEM;
  for (size_t i = 0; s->bases && i < bases.n; i++) {
    s->bases[i] = (lm_scenario_base){bases.v[i].path, bases.v[i].text, bases.v[i].len};
    bases.v[i].path = bases.v[i].text = NULL;
  }
  if (s->bases) s->n_bases = bases.n;
  lm__yw_bases_free(&bases);
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

int lm_scenario_parse_with(const char *text, size_t len, const char *display_name,
                           const char *const *sets, size_t n_sets, const lm_scenario_names *names,
                           lm_scenario **out, lm_diag *diag) {
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
  return scenario_from_text(copy, len, name, sets, n_sets, names, out, diag);
}

int lm_scenario_parse(const char *text, size_t len, const char *display_name, lm_scenario **out,
                      lm_diag *diag) {
  return lm_scenario_parse_with(text, len, display_name, NULL, 0, NULL, out, diag);
}

int lm_scenario_load(const char *path, lm_scenario **out, lm_diag *diag) {
  return lm_scenario_load_with(path, NULL, 0, NULL, out, diag);
}

int lm_scenario_load_with(const char *path, const char *const *sets, size_t n_sets,
                          const lm_scenario_names *names, lm_scenario **out, lm_diag *diag) {
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
  return scenario_from_text(buf, len, path, sets, n_sets, names, out, diag);
}
