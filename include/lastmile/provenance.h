/* provenance.h — what a results file records so that its run can be cited and replayed.
 *
 * The group /provenance of a results file holds the build (version, git commit, whether
 * the tree had uncommitted changes, compiler), the versions of the libraries it ran with,
 * and, for a run of the command, the command line, the --set overrides, the options that
 * change results (seed, replications, strategies selected, detail outputs), where the
 * scenario was read from, and the SHA-256 of the scenario and of every input file it
 * names. `lastmile run RESULTS.h5` reads it back (lm_provenance_read) to run again.
 */
#ifndef LASTMILE_PROVENANCE_H
#define LASTMILE_PROVENANCE_H

#include <stddef.h>
#include <stdint.h>

#include "lastmile/error.h"
#include "lastmile/scenario.h"
#include "lastmile/sha256.h"

/* This build and the libraries it runs with (runtime versions where the library says). */
typedef struct lm_build_info {
  const char *version;    /* the project version, e.g. "0.1.0" */
  const char *git_commit; /* 40 hex digits, or "unknown" outside git */
  int git_dirty;          /* 1: uncommitted changes in the tree built, 0: none, -1: unknown */
  const char *compiler;   /* e.g. "gcc 12.2.0" */
  char hdf5[24], gsl[24], libyaml[24];
} lm_build_info;

/* Fills `out` (static strings and copies; nothing to free). */
void lm_build_info_get(lm_build_info *out);

/* One input file a scenario names (see lm_scenario_inputs). */
typedef struct lm_provenance_file {
  char key[LM_NAME_MAX];      /* the scenario key, e.g. "customers.file" */
  char *name;                 /* as written in the scenario */
  char *path;                 /* where it was read, absolute when recorded */
  char sha256[LM_SHA256_HEX]; /* of its bytes, as 64 hex digits */
} lm_provenance_file;

/* The record of one run (every pointer owned; free with lm_provenance_destroy). */
typedef struct lm_provenance {
  char **argv; /* the command line, "lastmile" first */
  size_t argc;
  char **sets; /* the --set overrides, in the order applied */
  size_t n_sets;
  char **strategies; /* the strategies selected with --strategy; none: every one */
  size_t n_strategies;
  uint64_t seed;                       /* master seed */
  uint32_t replications;               /* replications run (with --precision: the number reached) */
  int parcel_log;                      /* 1 when the parcel log was stored */
  int64_t routes_day;                  /* counted-day index of the stored tours, -1 for none */
  char *scenario_path;                 /* the scenario file as given on the command line */
  char *scenario_folder;               /* its folder, absolute: where relative file names lead */
  char scenario_sha256[LM_SHA256_HEX]; /* of the scenario text */
  lm_provenance_file files[LM_SCENARIO_MAX_INPUTS];
  size_t n_files;
  char *scenario_text; /* lm_provenance_read only: /input/scenario_yaml, else NULL */
  size_t scenario_len;
} lm_provenance;

/* Records a run of scenario `sc`, read from `scenario_path` (folder: `scenario_folder`,
 * or NULL for the absolute folder of scenario_path): copies argv (`argc` words after
 * "lastmile"), the overrides and the strategies selected, hashes sc->text and every input
 * file sc names (as sc read it). The caller fills in seed, replications, parcel_log and
 * routes_day. Returns 0 with *out set; LM_EIO when an input file or the folder cannot be
 * read (`diag` names it); LM_ENOMEM. *out is NULL on failure. */
int lm_provenance_create(int argc, char *const *argv, const char *const *sets, size_t n_sets,
                         const char *const *strategies, size_t n_strategies, const lm_scenario *sc,
                         const char *scenario_path, const char *scenario_folder,
                         lm_provenance **out, lm_diag *diag);

/* Frees a record; NULL does nothing. */
void lm_provenance_destroy(lm_provenance *p);

/* Reads the record of the run in the results file `path`, and its scenario text, first in
 * a child process (as lm_results_read does). Returns 0 with *out set; LM_EFORMAT when the
 * file is not a results file or holds no record of a run (written without one); LM_EIO;
 * LM_ENOMEM. The reason is in `diag`. */
int lm_provenance_read(const char *path, lm_provenance **out, lm_diag *diag);

/* 1 when the file `path` starts with the 8-byte HDF5 signature, 0 otherwise (also when it
 * cannot be read). */
int lm_provenance_is_hdf5(const char *path);

#endif
