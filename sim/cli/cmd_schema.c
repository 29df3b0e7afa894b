/* cmd_schema.c — the commands that teach the scenario's keys, all generated from the
 * loader's tables (scenario_doc.h):
 *   lastmile schema [-o FILE] [--force]    a JSON Schema of scenario files
 *   lastmile keys [SECTION]                the keys as a table
 *   lastmile init [--from NAME] [-o FILE] [--force]
 *                                          a commented starting scenario
 * Texts go to stdout, or are published to FILE (never half-written, never over an existing
 * file without --force). `init` writes a scenario that `validate` accepts: it is generated
 * from a scenario that was loaded, and it loads back to the same scenario.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lastmile/kpi.h"
#include "lastmile/model.h"
#include "lastmile/publish.h"
#include "lastmile/scenario.h"
#include "lastmile/scenario_doc.h"

#ifndef LASTMILE_SCENARIOS_DIR
#define LASTMILE_SCENARIOS_DIR "scenarios"
#endif

/* The scenario `init` starts from without --from: a town served from one depot, with
 * every required key given a plausible value. */
static const char starter[] =
    "scenario: {name: my-scenario, days: 14, warmup_days: 2, replications: 5, seed: 1}\n"
    "depot: {name: depot, x_km: 0, y_km: 4}\n"
    "zones:\n"
    "  - {name: centre, bounds_km: [-2, -2, 2, 2], density_per_km2: 100}\n"
    "  - {name: outskirts, bounds_km: [-5, -5, 5, -2], density_per_km2: 30}\n"
    "fleet:\n"
    "  van: {count: 10, capacity_parcels: 150, capacity_volume_l: 6000, shift_start: \"08:00\",\n"
    "        shift_end: \"17:00\", speed_kmh: 25}\n"
    "demand:\n"
    "  parcels_per_day: 800\n"
    "  sizes:\n"
    "    - {name: S, volume_l: 4, share: 0.55}\n"
    "    - {name: M, volume_l: 18, share: 0.33}\n"
    "    - {name: L, volume_l: 60, share: 0.12}\n"
    "strategies:\n"
    "  - {name: take-back, when_not_home: take_back}\n"
    "  - {name: neighbour, when_not_home: neighbour}\n";

/* Writes `text` to stdout, or publishes it as `out`. Returns an exit code. */
static int emit(const char *text, size_t len, const char *out, int force) {
  if (!out) {
    fwrite(text, 1, len, stdout);
    return LM_EXIT_OK;
  }
  lm_diag *diag = lm_diag_create();
  lm_publish *p = NULL;
  int rc = lm_publish_open(out, force, &p, diag);
  if (rc == 0) {
    fwrite(text, 1, len, lm_publish_file(p));
    rc = lm_publish_commit(p, diag);
  }
  lm_publish_destroy(p);
  lm_diag_print(diag, stderr);
  lm_diag_destroy(diag);
  if (rc == 0) fprintf(stderr, "lastmile: wrote %s\n", out);
  return rc == 0 ? LM_EXIT_OK : rc == LM_EIO ? LM_EXIT_FAIL : LM_EXIT_USAGE;
}

enum { OPT_OUTPUT, OPT_FORCE, OPT_FROM };

static const lm_cli_opt schema_opts[] = {
    {OPT_OUTPUT, 'o', "output", "FILE", "write to FILE (default: stdout)"},
    {OPT_FORCE, 0, "force", NULL, "replace an existing FILE (default: refuse)"},
};

static const lm_cli_opt init_opts[] = {
    {OPT_FROM, 0, "from", "NAME",
     "start from a bundled scenario (city, peak, ...) or a\nscenario file (default: a small town)"},
    {OPT_OUTPUT, 'o', "output", "FILE", "write to FILE (default: stdout)"},
    {OPT_FORCE, 0, "force", NULL, "replace an existing FILE (default: refuse)"},
};

static const lm_cli_command schema_command = {
    "schema",
    "[-o FILE] [--force]",
    "Prints a JSON Schema (draft 2020-12) of scenario files, generated from the\n"
    "loader's own tables: types, ranges, defaults, required keys, the names a key\n"
    "takes. Editors use it to complete and check scenarios (see the README).",
    schema_opts,
    sizeof schema_opts / sizeof schema_opts[0],
    NULL};

static const lm_cli_command keys_command = {
    "keys",
    "[SECTION]",
    "Lists the scenario keys (all, or those at or under SECTION, e.g. fleet.van or\n"
    "strategies) with their type, range, default and unit. Items of a list are\n"
    "written [] (zones[].name); --set and sweeps name them zones[0].name.",
    NULL,
    0,
    NULL};

static const lm_cli_command init_command = {
    "init",
    "[--from NAME] [-o FILE] [--force]",
    "Writes a commented starting scenario: every section with every key, the keys\n"
    "that matter as YAML and the others as comments showing their defaults. The\n"
    "result passes `lastmile validate`.",
    init_opts,
    sizeof init_opts / sizeof init_opts[0],
    NULL};

/* Parses the options of `cmd` into out/force/from and at most one operand into *operand
 * (NULL: none allowed). Returns -1 to go on, else the exit code to return. */
static int parse(const lm_cli_command *cmd, int argc, char **argv, const char **out, int *force,
                 const char **from, const char **operand) {
  const char *v[3];
  int code = lm_cli_parse(cmd, argc, argv, v, 3, operand, "section", 0);
  *out = v[OPT_OUTPUT];
  *force = v[OPT_FORCE] != NULL;
  *from = v[OPT_FROM];
  return code;
}

int lm_cli_schema(int argc, char **argv) {
  const char *out = NULL, *from = NULL;
  int force = 0;
  int code = parse(&schema_command, argc, argv, &out, &force, &from, NULL);
  if (code >= 0) return code;
  const char *kpis[LM_KPI_COUNT];
  for (int k = 0; k < LM_KPI_COUNT; k++) kpis[k] = lm_kpi_defs[k].name;
  char *text;
  size_t len;
  if (lm_scenario_schema_json(kpis, LM_KPI_COUNT, &text, &len)) {
    lm_cli_error("out of memory");
    return LM_EXIT_FAIL;
  }
  code = emit(text, len, out, force);
  free(text);
  return code;
}

int lm_cli_keys(int argc, char **argv) {
  const char *out = NULL, *from = NULL, *section = NULL;
  int force = 0;
  int code = parse(&keys_command, argc, argv, &out, &force, &from, &section);
  if (code >= 0) return code;
  char *text;
  size_t len;
  int rc = lm_scenario_keys_table(section, &text, &len);
  if (rc == LM_EINVAL) {
    lm_cli_error("no scenario key is at or under '%s' (lastmile keys lists them all)", section);
    return LM_EXIT_USAGE;
  }
  if (rc) {
    lm_cli_error("out of memory");
    return LM_EXIT_FAIL;
  }
  fwrite(text, 1, len, stdout);
  free(text);
  return LM_EXIT_OK;
}

/* The file --from NAME means: NAME itself when it names a file (it has a '/' or ends in
 * .yaml), else the bundled scenario NAME. */
static void from_path(char *dst, size_t cap, const char *name) {
  size_t n = strlen(name);
  if (strchr(name, '/') || (n > 5 && !strcmp(name + n - 5, ".yaml")))
    snprintf(dst, cap, "%s", name);
  else
    snprintf(dst, cap, "%s/%s.yaml", LASTMILE_SCENARIOS_DIR, name);
}

/* A relative customers file or instance of the scenario at `path` is made relative to the
 * current folder, so that the written scenario finds it from here (when that fits). */
static void rebase(char *name, const char *path) {
  const char *slash = strrchr(path, '/');
  if (!name[0] || name[0] == '/' || !slash) return;
  char joined[4096];
  int n = snprintf(joined, sizeof joined, "%.*s/%s", (int)(slash - path), path, name);
  if (n > 0 && (size_t)n < LM_NAME_MAX) memcpy(name, joined, (size_t)n + 1);
}

int lm_cli_init(int argc, char **argv) {
  const char *out = NULL, *from = NULL;
  int force = 0;
  int code = parse(&init_command, argc, argv, &out, &force, &from, NULL);
  if (code >= 0) return code;
  lm_diag *diag = lm_diag_create();
  lm_scenario *s = NULL;
  char path[4096];
  int rc;
  if (from) {
    from_path(path, sizeof path, from);
    rc = lm_scenario_load_with(path, NULL, 0, &lm_model_names, &s, diag);
  } else {
    rc = lm_scenario_parse(starter, sizeof starter - 1, "<starter>", &s, diag);
  }
  lm_diag_print(diag, stderr);
  lm_diag_destroy(diag);
  if (rc) {
    lm_cli_error("cannot start from %s", from ? path : "the built-in scenario");
    return LM_EXIT_USAGE;
  }
  if (from) {
    rebase(s->customers.file, path);
    rebase(s->customers.instance, path);
  }
  char *text;
  size_t len;
  rc = lm_scenario_template(s, &text, &len);
  lm_scenario_destroy(s);
  if (rc) {
    lm_cli_error("out of memory");
    return LM_EXIT_FAIL;
  }
  code = emit(text, len, out, force);
  free(text);
  return code;
}
