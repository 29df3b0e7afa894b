/* bench_data.c — the benchmark families of `lastmile bench`, the instances found for them
 * and their best-known solutions (bench.h).
 *
 * A family names a folder and a file suffix under the benchmark folder, the objective its
 * instances are solved for and the best-known table scored against (same objective, same
 * distance convention; tests/bench/routing/README.md says why each table is the
 * comparable one). Every instance is read, and every table checked, before anything is
 * solved, so bad input stops the command before it spends any time. A table is CSV with
 * the header "instance,vehicles,distance" (further columns ignored); instance names match
 * file names without their suffix, ignoring case.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/bench.h"

const lm_bench_family lm__bench_families[] = {
    {"solomon", "solomon", ".txt", LM_OBJ_DISTANCE, "solomon/bks_distance_real.csv", 0},
    {"solomon-vehicles", "solomon", ".txt", LM_OBJ_VEHICLES, "solomon/bks.csv", 0},
    {"homberger", "homberger/vrplib_dimacs", ".vrp", LM_OBJ_DISTANCE,
     "homberger/bks_distance_dimacs.csv", 0},
    {"homberger-vehicles", "homberger", ".txt", LM_OBJ_VEHICLES, "homberger/bks.csv", 0},
    {"cvrplib", "cvrplib", ".vrp", LM_OBJ_DISTANCE, "cvrplib/bks.csv", 1},
};
const size_t lm__bench_n_families = sizeof lm__bench_families / sizeof lm__bench_families[0];

/* "a/b" in a new string, or NULL when out of memory. */
static char *join(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b);
  char *s = malloc(na + nb + 2);
  if (!s) return NULL;
  memcpy(s, a, na);
  s[na] = '/';
  memcpy(s + na + 1, b, nb + 1);
  return s;
}

/* Natural order: runs of digits compare as numbers, everything else without case. */
static int natural_cmp(const char *a, const char *b) {
  while (*a && *b) {
    if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
      while (*a == '0') a++;
      while (*b == '0') b++;
      size_t la = 0, lb = 0;
      while (isdigit((unsigned char)a[la])) la++;
      while (isdigit((unsigned char)b[lb])) lb++;
      if (la != lb) return la < lb ? -1 : 1;
      int c = strncmp(a, b, la);
      if (c) return c;
      a += la, b += lb;
      continue;
    }
    int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
    if (ca != cb) return ca < cb ? -1 : 1;
    a++, b++;
  }
  return *a ? 1 : *b ? -1 : 0;
}

static int cmp_names(const void *x, const void *y) {
  return natural_cmp(*(char *const *)x, *(char *const *)y);
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n > m && !strcmp(s + n - m, suffix);
}

/* The names of the files in `folder` ending in `suffix` and matching `only`, sorted;
 * returns 0 with *names (free each and the array) and *n, or LM_EIO / LM_ENOMEM. */
static int list_folder(const char *folder, const char *suffix, const regex_t *only, char ***names,
                       size_t *n, lm_diag *diag) {
  *names = NULL, *n = 0;
  DIR *d = opendir(folder);
  if (!d) {
    lm_diag_error(diag, folder, 0, 0, "cannot open the folder: %s", strerror(errno));
    return LM_EIO;
  }
  size_t cap = 0;
  int rc = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (e->d_name[0] == '.' || !ends_with(e->d_name, suffix)) continue;
    if (only && regexec(only, e->d_name, 0, NULL, 0) != 0) continue;
    if (*n == cap) {
      size_t ncap = cap ? 2 * cap : 64;
      char **grown = realloc(*names, ncap * sizeof *grown);
      if (!grown) {
        rc = LM_ENOMEM;
        break;
      }
      *names = grown, cap = ncap;
    }
    if (!((*names)[*n] = strdup(e->d_name))) {
      rc = LM_ENOMEM;
      break;
    }
    ++*n;
  }
  closedir(d);
  if (rc) {
    lm_diag_error(diag, folder, 0, 0, "out of memory");
    return rc;
  }
  if (*n) qsort(*names, *n, sizeof **names, cmp_names);
  return 0;
}

/* Splits a CSV line into at most `max` fields in place (quotes removed, "" kept as one
 * quote); returns the number of fields, or 0 when a quote is left open. */
static size_t split_csv(char *line, char **field, size_t max) {
  size_t n = 0;
  char *r = line, *w = line;
  while (n < max) {
    field[n++] = w;
    int quoted = *r == '"';
    if (quoted) r++;
    for (;;) {
      if (quoted && *r == '"' && r[1] == '"') {
        *w++ = '"', r += 2;
      } else if (quoted && *r == '"') {
        quoted = 0, r++;
      } else if (*r == '\0' || (!quoted && *r == ',')) {
        break;
      } else {
        *w++ = *r++;
      }
    }
    if (quoted) return 0;
    int more = *r == ',';
    *w++ = '\0';
    if (!more) break;
    r++;
  }
  return n;
}

/* Gives each job of `family` from index `first` on its row of the table at `path`. */
static int read_bks(const char *path, lm_bench_jobs *jobs, size_t first, lm_diag *diag) {
  FILE *f = fopen(path, "r");
  if (!f) {
    lm_diag_error(diag, path, 0, 0, "cannot open the best-known table: %s", strerror(errno));
    return LM_EIO;
  }
  char *line = NULL;
  size_t cap = 0, lineno = 0;
  int rc = 0;
  for (ssize_t len; rc == 0 && (len = getline(&line, &cap, f)) >= 0;) {
    lineno++;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
    char *field[4];
    size_t nf = split_csv(line, field, 4);
    if (lineno == 1) {
      if (nf < 3 || strcmp(field[0], "instance") || strcmp(field[1], "vehicles") ||
          strcmp(field[2], "distance")) {
        lm_diag_error(diag, path, 1, 1, "expected the header instance,vehicles,distance");
        rc = LM_EPARSE;
      }
      continue;
    }
    if (len == 0) continue;
    char *end_v = NULL, *end_d = NULL;
    unsigned long veh =
        nf >= 3 && isdigit((unsigned char)field[1][0]) ? strtoul(field[1], &end_v, 10) : 0;
    double dist = nf >= 3 ? strtod(field[2], &end_d) : 0.0;
    if (nf < 3 || !end_v || *end_v || veh > UINT32_MAX || !end_d || end_d == field[2] || *end_d ||
        !isfinite(dist) || dist <= 0.0) {
      lm_diag_error(diag, path, lineno, 1,
                    "expected instance,vehicles,distance with a whole number of vehicles and "
                    "a positive distance");
      rc = LM_EPARSE;
      continue;
    }
    for (size_t i = first; i < jobs->n; i++) {
      lm_bench_job *j = &jobs->job[i];
      if (strcasecmp(j->name, field[0])) continue;
      if (j->has_bks) {
        lm_diag_error(diag, path, lineno, 1, "instance '%s' appears twice", field[0]);
        rc = LM_EPARSE;
        break;
      }
      j->has_bks = 1, j->bks_vehicles = (uint32_t)veh, j->bks_distance = dist;
    }
  }
  if (rc == 0 && ferror(f)) {
    lm_diag_error(diag, path, 0, 0, "cannot read the best-known table");
    rc = LM_EIO;
  }
  if (rc == 0 && lineno == 0) {
    lm_diag_error(diag, path, 1, 1, "expected the header instance,vehicles,distance");
    rc = LM_EPARSE;
  }
  free(line);
  fclose(f);
  return rc;
}

/* Appends the job of file `name` in `folder`; reads the instance. */
static int add_job(const lm_bench_family *family, const char *folder, const char *name,
                   lm_bench_jobs *jobs, lm_diag *diag) {
  if (jobs->n == jobs->cap) {
    size_t ncap = jobs->cap ? 2 * jobs->cap : 64;
    lm_bench_job *grown = realloc(jobs->job, ncap * sizeof *grown);
    if (!grown) return LM_ENOMEM;
    jobs->job = grown, jobs->cap = ncap;
  }
  lm_bench_job *j = &jobs->job[jobs->n];
  memset(j, 0, sizeof *j);
  j->family = family;
  j->path = join(folder, name);
  j->name = strdup(name);
  if (!j->path || !j->name) {
    free(j->path);
    free(j->name);
    return LM_ENOMEM;
  }
  j->name[strlen(name) - strlen(family->suffix)] = '\0';
  jobs->n++;
  return lm_instance_read(j->path, &j->inst, diag);
}

int lm__bench_find(const char *dir, const lm_bench_family *family, const regex_t *only,
                   lm_bench_jobs *jobs, lm_diag *diag) {
  char *folder = join(dir, family->folder), *table = join(dir, family->bks_csv);
  char **names = NULL;
  size_t n = 0, first = jobs->n;
  int rc =
      folder && table ? list_folder(folder, family->suffix, only, &names, &n, diag) : LM_ENOMEM;
  for (size_t i = 0; rc == 0 && i < n; i++) rc = add_job(family, folder, names[i], jobs, diag);
  if (rc == 0) rc = read_bks(table, jobs, first, diag);
  if (rc == LM_ENOMEM && !lm_diag_errors(diag)) lm_diag_error(diag, dir, 0, 0, "out of memory");
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  free(folder);
  free(table);
  return rc;
}

void lm__bench_jobs_clear(lm_bench_jobs *jobs) {
  for (size_t i = 0; i < jobs->n; i++) {
    free(jobs->job[i].path);
    free(jobs->job[i].name);
    lm_instance_destroy(jobs->job[i].inst);
  }
  free(jobs->job);
  memset(jobs, 0, sizeof *jobs);
}
