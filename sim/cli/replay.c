/* replay.c — `lastmile run RESULTS.h5` (replay.h).
 *
 * The order of work is that of a run: the record is read (in a child process first, as
 * every read of a results file), the scenario rebuilt and checked with the overrides, and
 * the input files hashed and compared, all before anything is simulated. cmd_run.c then
 * runs it like a scenario file, with the recorded options under those given now.
 */
#include "cli/replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lastmile/model.h"

void lm_cli_replay_destroy(lm_cli_replay *rp) {
  if (!rp) return;
  lm_provenance_destroy(rp->prov);
  free(rp->results);
  free(rp->anchor);
  free(rp->output);
  free(rp);
}

/* A new string "a" "b" "c" (b and c may be ""). */
static char *concat(const char *a, size_t a_len, const char *b, const char *c) {
  size_t n = a_len + strlen(b) + strlen(c) + 1;
  char *s = malloc(n);
  if (s) snprintf(s, n, "%.*s%s%s", (int)a_len, a, b, c);
  return s;
}

int lm_cli_replay_open(const char *path, lm_cli_replay **out, lm_diag *diag) {
  *out = NULL;
  lm_cli_replay *rp = calloc(1, sizeof *rp);
  if (!rp) return LM_ENOMEM;
  int rc = lm_provenance_read(path, &rp->prov, diag);
  if (rc) {
    lm_cli_replay_destroy(rp);
    return rc;
  }
  const lm_provenance *p = rp->prov;
  const char *slash = strrchr(p->scenario_path, '/');
  const char *base = slash ? slash + 1 : p->scenario_path;
  size_t len = strlen(path);
  if (len > 3 && !strcmp(path + len - 3, ".h5")) len -= 3;
  rp->results = concat(path, strlen(path), "", "");
  rp->anchor = concat(p->scenario_folder, strlen(p->scenario_folder), "/", base);
  rp->output = concat(path, len, "-replay.h5", "");
  if (p->routes_day >= 0)
    snprintf(rp->routes_day, sizeof rp->routes_day, "%lld", (long long)p->routes_day);
  if (!rp->results || !rp->anchor || !rp->output) {
    lm_diag_error(diag, path, 0, 0, "out of memory");
    lm_cli_replay_destroy(rp);
    return LM_ENOMEM;
  }
  *out = rp;
  return 0;
}

int lm_cli_replay_load(const lm_cli_replay *rp, const char *const *sets, size_t n_sets,
                       lm_scenario **out, lm_diag *diag) {
  const lm_provenance *p = rp->prov;
  return lm_scenario_parse_with(p->scenario_text, p->scenario_len, rp->anchor, sets, n_sets,
                                &lm_model_names, out, diag);
}

/* Reports one difference; returns 1 when it is an error (no --force). */
static int differs(const lm_cli_replay *rp, const char *what, const char *recorded, const char *now,
                   int force) {
  fprintf(stderr,
          "lastmile: %s: %s has changed since the run recorded in %s (SHA-256 %s then, %s "
          "now)%s\n",
          force ? "warning" : "error", what, rp->results, recorded, now,
          force ? "; replaying with it anyway (--force)" : "; --force replays with it anyway");
  return !force;
}

int lm_cli_replay_check(const lm_cli_replay *rp, const lm_scenario *sc, int force) {
  const lm_provenance *p = rp->prov;
  char now[LM_SHA256_HEX], what[4200];
  int bad = 0;
  lm_sha256_hex(p->scenario_text, p->scenario_len, now);
  if (strcmp(now, p->scenario_sha256)) {
    snprintf(what, sizeof what, "the stored scenario text (/input/scenario_yaml)");
    bad |= differs(rp, what, p->scenario_sha256, now, force);
  }
  lm_scenario_input in[LM_SCENARIO_MAX_INPUTS];
  size_t n = lm_scenario_inputs(sc, in);
  for (size_t i = 0; i < n; i++) {
    const lm_provenance_file *f = NULL;
    for (size_t k = 0; k < p->n_files && !f; k++)
      if (!strcmp(p->files[k].key, in[i].key) && !strcmp(p->files[k].name, in[i].name))
        f = &p->files[k];
    char why[160];
    snprintf(what, sizeof what, "%s (%s)", in[i].path, in[i].key);
    if (lm_sha256_file(in[i].path, now, why, sizeof why)) {
      lm_cli_error("%s: %s", what, why);
      bad = 1;
    } else if (!f) {
      bad |= differs(rp, what, "not recorded", now, force);
    } else if (strcmp(now, f->sha256)) {
      bad |= differs(rp, what, f->sha256, now, force);
    }
  }
  return bad ? -1 : 0;
}
