/* provenance.c — the /provenance group of a results file: written, and read back for a
 * replay (provenance.h).
 *
 * Layout (README, "Results file"):
 *   /provenance             attributes: the build and library versions, and for a run of the
 *                           command scenario_path, scenario_folder, scenario_sha256, seed,
 *                           replications, parcel_log, routes_day (-1: none)
 *   /provenance/command_line   the command line as one shell-quoted string
 *   /provenance/argv, overrides, strategies   1-D arrays of variable-length UTF-8 strings
 *   /provenance/files/KEY   one group per input file, attributes name, path, sha256
 * The group is written whole by one call from the writer. The record is read only from a
 * file that a child process read first without trouble (guard.h), and every count the
 * file claims is checked against its size before anything is allocated for it.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "lastmile/provenance.h"

#include <assert.h>
#include <errno.h>
#include <gsl/gsl_version.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "build_info.h"
#include "output/guard.h"
#include "output/prov_io.h"

#if defined(__clang__)
#define LM_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define LM_COMPILER "gcc " __VERSION__
#else
#define LM_COMPILER "unknown"
#endif

/* The most strings one list may hold in a file we read (a command line, overrides). */
#define MAX_LIST 100000u

void lm_build_info_get(lm_build_info *out) {
  memset(out, 0, sizeof *out);
  out->version = LM_BUILD_VERSION;
  out->git_commit = LM_BUILD_GIT_COMMIT;
  out->git_dirty = LM_BUILD_GIT_DIRTY;
  out->compiler = LM_COMPILER;
  unsigned maj = 0, min = 0, rel = 0;
  if (H5get_libversion(&maj, &min, &rel) < 0) maj = min = rel = 0;
  snprintf(out->hdf5, sizeof out->hdf5, "%u.%u.%u", maj, min, rel);
  snprintf(out->gsl, sizeof out->gsl, "%s", gsl_version);
  snprintf(out->libyaml, sizeof out->libyaml, "%s", yaml_get_version_string());
}

/* Creating and freeing ---------------------------------------------------------------- */

static void free_list(char **list, size_t n) {
  if (!list) return;
  for (size_t i = 0; i < n; i++) free(list[i]);
  free(list);
}

void lm_provenance_destroy(lm_provenance *p) {
  if (!p) return;
  free_list(p->argv, p->argc);
  free_list(p->sets, p->n_sets);
  free_list(p->strategies, p->n_strategies);
  free(p->scenario_path);
  free(p->scenario_folder);
  for (size_t i = 0; i < p->n_files; i++) {
    free(p->files[i].name);
    free(p->files[i].path);
  }
  free(p->scenario_text);
  free(p);
}

/* Copies n strings (first, when not NULL, then src[0..n-first)) into a new list. */
static int copy_list(const char *first, const char *const *src, size_t n, char ***dst) {
  *dst = calloc(n ? n : 1, sizeof **dst);
  if (!*dst) return LM_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    const char *s = first ? (i == 0 ? first : src[i - 1]) : src[i];
    if (!((*dst)[i] = strdup(s))) return LM_ENOMEM;
  }
  return 0;
}

/* The absolute folder of `path`, malloc'd; NULL with errno set when it cannot be found. */
static char *folder_of(const char *path) {
  const char *slash = strrchr(path, '/');
  char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
  if (!dir) return NULL;
  char *abs = realpath(dir, NULL);
  free(dir);
  return abs;
}

/* folder + "/" + the last part of `path`: where the scenario's relative names lead. */
static char *anchor_in(const char *folder, const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  size_t n = strlen(folder) + strlen(base) + 2;
  char *a = malloc(n);
  if (a) snprintf(a, n, "%s/%s", folder, base);
  return a;
}

static int record_files(lm_provenance *p, const lm_scenario *sc, lm_diag *diag) {
  lm_scenario_input in[LM_SCENARIO_MAX_INPUTS];
  size_t n = lm_scenario_inputs(sc, in);
  char *anchor = anchor_in(p->scenario_folder, p->scenario_path);
  if (!anchor) return LM_ENOMEM;
  int rc = 0;
  for (size_t i = 0; !rc && i < n; i++) {
    lm_provenance_file *f = &p->files[p->n_files++];
    snprintf(f->key, sizeof f->key, "%s", in[i].key);
    char where[4096], why[160];
    lm_scenario_resolve(anchor, in[i].name, where, sizeof where);
    f->name = strdup(in[i].name);
    f->path = strdup(where);
    if (!f->name || !f->path)
      rc = LM_ENOMEM;
    else if (lm_sha256_file(in[i].path, f->sha256, why, sizeof why)) {
      lm_diag_error(diag, in[i].path, 0, 0, "%s (%s): %s", in[i].key, in[i].name, why);
      rc = LM_EIO;
    }
  }
  free(anchor);
  return rc;
}

int lm_provenance_create(int argc, char *const *argv, const char *const *sets, size_t n_sets,
                         const char *const *strategies, size_t n_strategies, const lm_scenario *sc,
                         const char *scenario_path, const char *scenario_folder,
                         lm_provenance **out, lm_diag *diag) {
  assert(sc && scenario_path && out && argc >= 0);
  *out = NULL;
  lm_provenance *p = calloc(1, sizeof *p);
  if (!p) return LM_ENOMEM;
  p->routes_day = -1;
  p->argc = (size_t)argc + 1;
  p->n_sets = n_sets;
  p->n_strategies = n_strategies;
  int rc = copy_list("lastmile", (const char *const *)argv, p->argc, &p->argv);
  if (!rc) rc = copy_list(NULL, sets, n_sets, &p->sets);
  if (!rc) rc = copy_list(NULL, strategies, n_strategies, &p->strategies);
  if (!rc && !(p->scenario_path = strdup(scenario_path))) rc = LM_ENOMEM;
  if (!rc) {
    p->scenario_folder = scenario_folder ? strdup(scenario_folder) : folder_of(scenario_path);
    if (!p->scenario_folder && scenario_folder)
      rc = LM_ENOMEM;
    else if (!p->scenario_folder) {
      lm_diag_error(diag, scenario_path, 0, 0, "cannot find the scenario's folder: %s",
                    strerror(errno));
      rc = LM_EIO;
    }
  }
  if (!rc) lm_sha256_hex(sc->text ? sc->text : "", sc->text ? sc->text_len : 0, p->scenario_sha256);
  if (!rc) rc = record_files(p, sc, diag);
  if (rc == LM_ENOMEM) lm_diag_error(diag, scenario_path, 0, 0, "out of memory");
  if (rc) {
    lm_provenance_destroy(p);
    return rc;
  }
  *out = p;
  return 0;
}

/* Writing ----------------------------------------------------------------------------- */

/* 1 when `s` reads the same to a POSIX shell unquoted. */
static int shell_plain(const char *s) {
  if (!*s) return 0;
  for (; *s; s++)
    if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=:,+-@%", *s))
      return 0;
  return 1;
}

/* The words joined by spaces, each quoted for a POSIX shell where it needs it. */
static char *join_words(char *const *words, size_t n) {
  size_t len = 1;
  for (size_t i = 0; i < n; i++) len += 4 * strlen(words[i]) + 3;
  char *out = malloc(len), *o = out;
  if (!out) return NULL;
  for (size_t i = 0; i < n; i++) {
    if (i) *o++ = ' ';
    const char *w = words[i];
    if (shell_plain(w)) {
      o += sprintf(o, "%s", w);
      continue;
    }
    *o++ = '\'';
    for (; *w; w++) {
      if (*w == '\'') {
        memcpy(o, "'\\''", 4);
        o += 4;
      } else {
        *o++ = *w;
      }
    }
    *o++ = '\'';
  }
  *o = '\0';
  return out;
}

/* A 1-D dataset of n variable-length UTF-8 strings. Returns 0 or LM_EIO. */
static int put_strings(lm__h5 *h, hid_t loc, const char *name, char *const *list, size_t n) {
  hsize_t dims[1] = {n};
  hid_t type = H5Tcopy(H5T_C_S1);
  if (type >= 0 && (H5Tset_size(type, H5T_VARIABLE) < 0 || H5Tset_cset(type, H5T_CSET_UTF8) < 0)) {
    H5Tclose(type);
    type = -1;
  }
  hid_t space = type < 0 ? -1 : H5Screate_simple(1, dims, NULL);
  hid_t ds =
      space < 0 ? -1 : H5Dcreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const char *none[1] = {""};
  int rc = ds < 0 || H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                              n ? (const void *)list : (const void *)none) < 0
               ? lm__h5_error(h, LM_EIO, "cannot write /provenance/%s", name)
               : 0;
  if (ds >= 0) H5Dclose(ds);
  if (space >= 0) H5Sclose(space);
  if (type >= 0) H5Tclose(type);
  return rc;
}

static int write_build(lm__h5 *h, hid_t g) {
  lm_build_info b;
  lm_build_info_get(&b);
  return lm__h5_attr_str(h, g, "lastmile_version", b.version) ||
                 lm__h5_attr_str(h, g, "git_commit", b.git_commit) ||
                 lm__h5_attr_i32(h, g, "git_dirty", b.git_dirty) ||
                 lm__h5_attr_str(h, g, "compiler", b.compiler) ||
                 lm__h5_attr_str(h, g, "hdf5_version", b.hdf5) ||
                 lm__h5_attr_str(h, g, "gsl_version", b.gsl) ||
                 lm__h5_attr_str(h, g, "libyaml_version", b.libyaml)
             ? LM_EIO
             : 0;
}

static int write_files(lm__h5 *h, hid_t g, const lm_provenance *p) {
  hid_t files = lm__h5_group(h, g, "files");
  if (files < 0) return LM_EIO;
  int rc = 0;
  for (size_t i = 0; !rc && i < p->n_files; i++) {
    const lm_provenance_file *f = &p->files[i];
    hid_t fg = lm__h5_group(h, files, f->key);
    rc = fg < 0 || lm__h5_attr_str(h, fg, "name", f->name) ||
                 lm__h5_attr_str(h, fg, "path", f->path) ||
                 lm__h5_attr_str(h, fg, "sha256", f->sha256)
             ? LM_EIO
             : 0;
    if (fg >= 0) H5Gclose(fg);
  }
  H5Gclose(files);
  return rc;
}

static int write_run(lm__h5 *h, hid_t g, const lm_provenance *p) {
  char *line = join_words(p->argv, p->argc);
  if (!line) {
    h->nomem = 1;
    return lm__h5_error(h, LM_EIO, "out of memory writing /provenance");
  }
  hid_t ds = lm__h5_dataset_text(h, g, "command_line", line);
  free(line);
  if (ds < 0) return LM_EIO;
  H5Dclose(ds);
  if (lm__h5_attr_str(h, g, "scenario_path", p->scenario_path) ||
      lm__h5_attr_str(h, g, "scenario_folder", p->scenario_folder) ||
      lm__h5_attr_str(h, g, "scenario_sha256", p->scenario_sha256) ||
      lm__h5_attr_u64(h, g, "seed", p->seed) ||
      lm__h5_attr_u64(h, g, "replications", p->replications) ||
      lm__h5_attr_i32(h, g, "parcel_log", p->parcel_log ? 1 : 0) ||
      lm__h5_attr_i32(h, g, "routes_day", p->routes_day < 0 ? -1 : (int32_t)p->routes_day))
    return LM_EIO;
  int rc = put_strings(h, g, "argv", p->argv, p->argc);
  if (!rc) rc = put_strings(h, g, "overrides", p->sets, p->n_sets);
  if (!rc) rc = put_strings(h, g, "strategies", p->strategies, p->n_strategies);
  if (!rc) rc = write_files(h, g, p);
  return rc;
}

int lm__provenance_write(lm__h5 *h, hid_t file, const lm_provenance *p) {
  hid_t g = lm__h5_group(h, file, "provenance");
  if (g < 0) return LM_EIO;
  int rc = write_build(h, g);
  if (!rc && p) rc = write_run(h, g, p);
  H5Gclose(g);
  return rc;
}

/* Reading ----------------------------------------------------------------------------- */

int lm_provenance_is_hdf5(const char *path) {
  static const unsigned char sig[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  unsigned char head[8];
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  size_t n = fread(head, 1, sizeof head, f);
  fclose(f);
  return n == sizeof head && !memcmp(head, sig, sizeof sig);
}

/* A 1-D dataset of variable-length strings into a new list of *n strings. */
static int get_strings(lm__h5 *h, hid_t loc, const char *name, char ***out, size_t *n) {
  uint64_t len = 0;
  int rc = lm__h5_length(h, loc, name, &len);
  if (!rc && len > MAX_LIST)
    rc = lm__h5_error(h, LM_EFORMAT, "/provenance/%s: %llu strings; at most %u expected", name,
                      (unsigned long long)len, MAX_LIST);
  if (!rc) rc = lm__h5_fits(h, name, len, sizeof(hsize_t), 1);
  if (rc) return rc;
  char **raw = calloc(len ? len : 1, sizeof *raw);
  *out = calloc(len ? len : 1, sizeof **out);
  hid_t type = H5Tcopy(H5T_C_S1);
  if (!raw || !*out || type < 0 || H5Tset_size(type, H5T_VARIABLE) < 0) rc = LM_ENOMEM;
  hid_t ds = rc ? -1 : H5Dopen2(loc, name, H5P_DEFAULT);
  hid_t space = ds < 0 ? -1 : H5Dget_space(ds);
  if (!rc &&
      (ds < 0 || space < 0 || (len && H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0)))
    rc = lm__h5_error(h, LM_EFORMAT, "cannot read /provenance/%s as strings", name);
  for (size_t i = 0; !rc && i < len; i++)
    if (!((*out)[i] = strdup(raw[i] ? raw[i] : ""))) rc = LM_ENOMEM;
  if (len && space >= 0 && type >= 0 && ds >= 0) H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw);
  if (space >= 0) H5Sclose(space);
  if (ds >= 0) H5Dclose(ds);
  if (type >= 0) H5Tclose(type);
  free(raw);
  *n = (size_t)len;
  if (rc) {
    free_list(*out, *n);
    *out = NULL;
    *n = 0;
  }
  return rc;
}

/* A string attribute into a fixed buffer of `cap` bytes; longer is a format error. */
static int get_fixed(lm__h5 *h, hid_t obj, const char *name, char *dst, size_t cap) {
  char *s = NULL;
  int rc = lm__h5_read_attr_str(h, obj, name, &s);
  if (!rc && strlen(s) >= cap)
    rc = lm__h5_error(h, LM_EFORMAT, "/provenance attribute %s is too long", name);
  if (!rc) snprintf(dst, cap, "%s", s);
  free(s);
  return rc;
}

static int read_files(lm__h5 *h, hid_t g, lm_provenance *p) {
  if (!lm__h5_exists(g, "files")) return 0;
  hid_t files = H5Gopen2(g, "files", H5P_DEFAULT);
  H5G_info_t info;
  if (files < 0 || H5Gget_info(files, &info) < 0) {
    if (files >= 0) H5Gclose(files);
    return lm__h5_error(h, LM_EFORMAT, "cannot read /provenance/files");
  }
  int rc = info.nlinks > LM_SCENARIO_MAX_INPUTS
               ? lm__h5_error(h, LM_EFORMAT, "/provenance/files: more files than a scenario names")
               : 0;
  for (hsize_t i = 0; !rc && i < info.nlinks; i++) {
    lm_provenance_file *f = &p->files[p->n_files++];
    if (H5Lget_name_by_idx(files, ".", H5_INDEX_NAME, H5_ITER_INC, i, f->key, sizeof f->key,
                           H5P_DEFAULT) < 0) {
      rc = lm__h5_error(h, LM_EFORMAT, "cannot read /provenance/files");
      break;
    }
    f->key[sizeof f->key - 1] = '\0';
    hid_t fg = H5Gopen2(files, f->key, H5P_DEFAULT);
    if (fg < 0) rc = lm__h5_error(h, LM_EFORMAT, "cannot open /provenance/files/%s", f->key);
    if (!rc) rc = lm__h5_read_attr_str(h, fg, "name", &f->name);
    if (!rc) rc = lm__h5_read_attr_str(h, fg, "path", &f->path);
    if (!rc) rc = get_fixed(h, fg, "sha256", f->sha256, sizeof f->sha256);
    if (fg >= 0) H5Gclose(fg);
  }
  H5Gclose(files);
  return rc;
}

static int read_record(lm__h5 *h, hid_t fid, lm_provenance *p) {
  if (!lm__h5_exists(fid, "provenance") ||
      H5Aexists_by_name(fid, "provenance", "scenario_sha256", H5P_DEFAULT) <= 0)
    return lm__h5_error(h, LM_EFORMAT,
                        "holds no record of its run (/provenance with scenario_sha256): it was "
                        "written by an older lastmile, or not by `lastmile run`");
  hid_t g = H5Gopen2(fid, "provenance", H5P_DEFAULT);
  if (g < 0) return lm__h5_error(h, LM_EFORMAT, "cannot open /provenance");
  uint64_t reps = 0, flag = 0;
  double day = -1;
  int rc = lm__h5_read_attr_str(h, g, "scenario_path", &p->scenario_path);
  if (!rc) rc = lm__h5_read_attr_str(h, g, "scenario_folder", &p->scenario_folder);
  if (!rc) rc = get_fixed(h, g, "scenario_sha256", p->scenario_sha256, sizeof p->scenario_sha256);
  if (!rc) rc = lm__h5_read_attr_u64(h, g, "seed", &p->seed);
  if (!rc) rc = lm__h5_read_attr_u64(h, g, "replications", &reps);
  if (!rc) rc = lm__h5_read_attr_u64(h, g, "parcel_log", &flag);
  if (!rc) rc = lm__h5_read_attr_f64(h, g, "routes_day", &day);
  if (!rc && (reps < 1 || reps > 1000000 || !(day >= -1 && day < 1e9)))
    rc = lm__h5_error(h, LM_EFORMAT,
                      "/provenance: replications (1 to 1000000) or routes_day out of range");
  p->replications = (uint32_t)reps;
  p->parcel_log = flag != 0;
  p->routes_day = (int64_t)day;
  if (!rc) rc = get_strings(h, g, "argv", &p->argv, &p->argc);
  if (!rc) rc = get_strings(h, g, "overrides", &p->sets, &p->n_sets);
  if (!rc) rc = get_strings(h, g, "strategies", &p->strategies, &p->n_strategies);
  if (!rc) rc = read_files(h, g, p);
  H5Gclose(g);
  if (!rc) rc = lm__h5_read_text(h, fid, "/input/scenario_yaml", &p->scenario_text);
  if (!rc) p->scenario_len = strlen(p->scenario_text);
  return rc;
}

static int read_here(const char *path, lm_provenance **out, lm_diag *diag) {
  *out = NULL;
  lm__h5 h;
  lm__h5_begin(&h, path, diag);
  int rc = 0;
  hid_t fid = lm__h5_open(&h, &rc);
  lm_provenance *p = fid < 0 ? NULL : calloc(1, sizeof *p);
  if (fid >= 0 && !p) rc = LM_ENOMEM;
  if (p) rc = read_record(&h, fid, p);
  if (fid >= 0) H5Fclose(fid);
  if (rc == LM_ENOMEM) lm_diag_error(diag, path, 0, 0, "out of memory reading /provenance");
  lm__h5_end(&h);
  if (rc) {
    lm_provenance_destroy(p);
    return rc;
  }
  *out = p;
  return 0;
}

typedef struct trial {
  const char *path;
} trial;

/* In the guard's child: the same read, thrown away. */
static int read_and_drop(void *arg, lm_diag *diag) {
  const trial *t = arg;
  lm_provenance *p = NULL;
  int rc = read_here(t->path, &p, diag);
  lm_provenance_destroy(p);
  return rc;
}

int lm_provenance_read(const char *path, lm_provenance **out, lm_diag *diag) {
  assert(path && out);
  *out = NULL;
  trial t = {path};
  int rc = lm__guard_run(path, read_and_drop, &t, diag);
  return rc ? rc : read_here(path, out, diag);
}
