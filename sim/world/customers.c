/* customers.c — customers that are not generated from the zones: read from a CSV file of
 * positions (customers.file) or from a routing benchmark instance (customers.instance).
 *
 * An instance (Solomon text or VRPLIB, read by sim/instance/read.c) maps onto the
 * scenario as follows; scenarios/README.md and the README's reference say the same:
 *   - position: the instance's depot lands on depot.x_km/y_km and every customer keeps its
 *     offset from it, times customers.instance_scale_km (km per instance unit);
 *   - demand: customer i's expected parcels a day are its demand d_i, scaled so that they
 *     add up to demand.parcels_per_day, which defaults to the instance's total demand (so
 *     by default each customer orders d_i parcels a day on average); the daily count stays
 *     Poisson and each parcel's customer is drawn with probability d_i / sum(d);
 *   - time window: instance time t is the time of day fleet.van.shift_start +
 *     (t - t0) x customers.instance_time_unit_s, where t0 is the depot's ready time; a
 *     customer whose window is narrower than the depot's horizon has it as a booked window
 *     every day (home with customers.presence_in_slot inside it); the others have none;
 *   - service times, vehicle counts and capacities of the instance are not used: the
 *     scenario's fleet says them.
 * Each customer belongs to the first zone that contains it, or to no zone.
 *
 * Cost: reading is linear in the file, which is read during validation, once, with
 * lm_instance_read: the file's data only, no distance matrix and no routing problem.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lastmile/fileio.h"
#include "lastmile/instance.h"
#include "world/schema.h"

/* How a message names a data file the scenario gives under `key` (customers.file or
 * customers.instance) as `given`: "'/abs/path' (KEY, relative to the scenario's folder)",
 * or "'/abs/path' (KEY)" when it was given absolute. A new string the caller frees; NULL
 * when memory runs out. */
static char *data_file_name(const char *path, const char *key, const char *given) {
  char *abs = lm_path_resolved(path);
  const char *shown = abs ? abs : path;
  const char *rel = given[0] == '/' ? "" : ", relative to the scenario's folder";
  size_t len = strlen(shown) + strlen(key) + strlen(rel) + 8;
  char *out = malloc(len);
  if (out) snprintf(out, len, "'%s' (%s%s)", shown, key, rel);
  free(abs);
  return out;
}

/* Allocates the per-customer arrays of an instance's n customers. 0 or LM_ENOMEM. */
static int alloc_instance(lm_scenario *s, size_t n) {
  size_t k = n ? n : 1;
  s->file_x_km = malloc(k * sizeof *s->file_x_km);
  s->file_y_km = malloc(k * sizeof *s->file_y_km);
  s->file_weight = malloc(k * sizeof *s->file_weight);
  s->file_open_s = malloc(k * sizeof *s->file_open_s);
  s->file_close_s = malloc(k * sizeof *s->file_close_s);
  return s->file_x_km && s->file_y_km && s->file_weight && s->file_open_s && s->file_close_s
             ? 0
             : LM_ENOMEM;
}

/* Customer i's booked window from the instance, as times of day (NaN: none). Returns 0,
 * or -1 when the window ends after 48:00. */
static int instance_window(const lm_instance *in, size_t i, double shift_s, double unit_s,
                           double *open_s, double *close_s) {
  *open_s = *close_s = NAN;
  if (!in->has_time_windows || (in->ready[i] <= in->ready[0] && in->due[i] >= in->due[0])) return 0;
  double o = shift_s + (fmax(in->ready[i], in->ready[0]) - in->ready[0]) * unit_s;
  double c = shift_s + (in->due[i] - in->ready[0]) * unit_s;
  if (c > 2 * LM__DAY_S) return -1;
  *open_s = o;
  *close_s = c;
  return 0;
}

/* Turns a loaded instance into the scenario's customers (see the file comment). */
static void use_instance(lm__ywalk *w, lm_scenario *s, const lm_instance *in) {
  lm_customers *c = &s->customers;
  size_t n = in->n_customers;
  if (n > LM__MAX_CUSTOMERS) {
    lm__yw_error(w, c->instance, sizeof c->instance,
                 "the instance has %zu customers; the limit is %u", n, LM__MAX_CUSTOMERS);
    return;
  }
  if (!OK(w, c->instance_scale_km) || !OK(w, c->instance_time_unit_s) || !OK(w, s->depot.x_km) ||
      !OK(w, s->depot.y_km) || !OK(w, s->van.shift_start_s))
    return;
  if (alloc_instance(s, n)) {
    lm__yw_nomem(w);
    lm__yw_error(w, c->instance, sizeof c->instance, "out of memory reading the instance");
    return;
  }
  double total = 0.0, scale = c->instance_scale_km;
  int far = 0, late = 0;
  for (size_t i = 0; i < n; i++) {
    double x = s->depot.x_km + scale * (in->x[i + 1] - in->x[0]);
    double y = s->depot.y_km + scale * (in->y[i + 1] - in->y[0]);
    if (!far && (fabs(x) > COORD_KM || fabs(y) > COORD_KM)) {
      far = 1;
      lm__yw_error(w, c->instance, sizeof c->instance,
                   "customer %zu lands at (%g, %g) km, outside [-%g, %g] km; lower "
                   "customers.instance_scale_km",
                   i + 1, x, y, COORD_KM, COORD_KM);
    }
    s->file_x_km[i] = x;
    s->file_y_km[i] = y;
    s->file_weight[i] = (double)in->demand[i + 1];
    total += s->file_weight[i];
    if (instance_window(in, i + 1, s->van.shift_start_s, c->instance_time_unit_s,
                        &s->file_open_s[i], &s->file_close_s[i]) &&
        !late++)
      lm__yw_error(w, c->instance, sizeof c->instance,
                   "customer %zu's time window ends more than 48 hours after midnight; lower "
                   "customers.instance_time_unit_s",
                   i + 1);
  }
  if (total <= 0.0) { /* no demands: every customer alike, one parcel a day on average */
    for (size_t i = 0; i < n; i++) s->file_weight[i] = 1.0;
    total = (double)n;
  }
  s->n_file_customers = n;
  lm_demand *d = &s->demand;
  if (OK(w, d->parcels_per_day) && d->parcels_per_day < 0) {
    if (total > 1e7)
      lm__yw_error(w, c->instance, sizeof c->instance,
                   "the instance's demands add up to %g parcels a day, more than 10000000; give "
                   "demand.parcels_per_day",
                   total);
    else
      d->parcels_per_day = total;
  }
}

static void read_instance(lm__ywalk *w, lm_scenario *s) {
  lm_customers *c = &s->customers;
  char path[4096];
  lm_scenario_resolve(lm__yw_file(w), c->instance, path, sizeof path);
  lm_diag *why = lm_diag_create();
  lm_instance *in = NULL;
  int rc = why ? lm_instance_read(path, &in, why) : LM_ENOMEM;
  if (rc == LM_ENOMEM) lm__yw_nomem(w);
  if (rc) {
    char *name = data_file_name(path, "customers.instance", c->instance);
    lm__yw_error(w, c->instance, sizeof c->instance,
                 "cannot read %s as a Solomon or VRPLIB instance%s", name ? name : path,
                 lm_diag_count(why) ? "; the reason follows" : "");
    free(name);
    lm_diag_append(lm__yw_diag(w), why);
  } else {
    use_instance(w, s, in);
  }
  lm_instance_destroy(in);
  lm_diag_destroy(why);
}

/* Refuses, at the scenario key `field` (customers.file or customers.instance), a file that
 * cannot be opened, is not a regular file (a directory, a FIFO, /dev/zero) or is larger
 * than LM_FILE_INPUT_MAX_BYTES. Returns 0 when it is fine, -1 after reporting. */
static int check_data_file(lm__ywalk *w, const char *key, const char *field, size_t size) {
  char path[4096], why[160];
  lm_scenario_resolve(lm__yw_file(w), field, path, sizeof path);
  FILE *f;
  if (lm_file_open_regular(path, LM_FILE_INPUT_MAX_BYTES, &f, why, sizeof why)) {
    char *name = data_file_name(path, key, field);
    lm__yw_error(w, field, size, "cannot open %s: %s", name ? name : path, why);
    free(name);
    return -1;
  }
  fclose(f);
  return 0;
}

void lm__customers_finish(lm__ywalk *w, lm_scenario *s) {
  lm_customers *c = &s->customers;
  if (!OK(w, c->file) || !OK(w, c->instance)) return;
  if (c->file[0] && c->instance[0]) {
    lm__yw_error(w, c->instance, sizeof c->instance,
                 "give customers.file or customers.instance, not both");
    return;
  }
  if (c->file[0]) check_data_file(w, "customers.file", c->file, sizeof c->file);
  if (c->instance[0] &&
      check_data_file(w, "customers.instance", c->instance, sizeof c->instance) == 0)
    read_instance(w, s);
}

/* Reads one line of `f` into line[0..cap-1] (its '\n' kept, NUL-terminated). Returns the
 * number of bytes read (0 at the end of the file); sets *nul when the line holds a NUL byte
 * and *long_line when it does not fit (the rest of it is left unread). */
static size_t read_line(FILE *f, char *line, size_t cap, int *nul, int *long_line) {
  size_t n = 0;
  int ch = 0;
  *nul = *long_line = 0;
  while (n + 1 < cap && (ch = getc(f)) != EOF) {
    line[n++] = (char)ch;
    if (ch == '\0') *nul = 1;
    if (ch == '\n') break;
  }
  line[n] = '\0';
  *long_line = n + 1 == cap && ch != '\n';
  return n;
}

/* Reads customers.file, a CSV of x_km,y_km per line (a first line that is not numeric is
 * a header; blank lines and lines starting with # are skipped), relative to the scenario
 * file's folder. The file must be a regular file of at most LM_FILE_INPUT_MAX_BYTES; a line
 * with a NUL byte or longer than 510 bytes stops the read. Every problem is
 * "FILE:LINE:COL: error: ..."; at most 20 are reported. */
int lm__customers_read_file(lm_scenario *s, lm_diag *diag) {
  char path[4096], why[160];
  lm_scenario_resolve(s->path, s->customers.file, path, sizeof path);
  FILE *f;
  if (lm_file_open_regular(path, LM_FILE_INPUT_MAX_BYTES, &f, why, sizeof why)) {
    char *name = data_file_name(path, "customers.file", s->customers.file);
    lm_diag_error(diag, s->path, 0, 0, "cannot open %s: %s", name ? name : path, why);
    free(name);
    return LM_EIO;
  }
  size_t cap = 0, line_no = 0, errors = 0, n, total = 0;
  int seen_first = 0; /* a content line has been read */
  char line[512];
  int rc = 0, nul, long_line;
  while ((n = read_line(f, line, sizeof line, &nul, &long_line)) > 0) {
    line_no++;
    total += n;
    if (nul) {
      lm_diag_error(diag, path, line_no, 1, "a NUL byte in the line; expected text");
      rc = LM_EINVAL;
      break;
    }
    if (long_line) {
      lm_diag_error(diag, path, line_no, 1, "line longer than %zu bytes", sizeof line - 2);
      rc = LM_EINVAL;
      break;
    }
    if (total > LM_FILE_INPUT_MAX_BYTES) { /* it grew while being read */
      lm_diag_error(diag, path, line_no, 1, "larger than the limit of %u MiB",
                    LM_FILE_INPUT_MAX_BYTES >> 20);
      rc = LM_EINVAL;
      break;
    }
    char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0') continue;
    char *end;
    double x = strtod(p, &end);
    int ok = end != p && isfinite(x);
    double y = 0.0;
    if (ok) {
      while (*end == ' ' || *end == '\t') end++;
      ok = *end == ',';
      if (ok) {
        char *q = end + 1;
        y = strtod(q, &end);
        ok = end != q && isfinite(y);
        while (ok && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')) end++;
        ok = ok && *end == '\0';
      }
    }
    if (!ok) {
      if (!seen_first++) continue; /* the first content line may be a header */
      line[strcspn(line, "\r\n")] = '\0';
      if (errors++ < 20)
        lm_diag_error(diag, path, line_no, 1, "expected x_km,y_km (two numbers), got '%.60s'",
                      line);
      rc = LM_EINVAL;
      continue;
    }
    if (fabs(x) > COORD_KM || fabs(y) > COORD_KM) {
      if (errors++ < 20)
        lm_diag_error(diag, path, line_no, 1, "coordinates (%g, %g) out of [-%g, %g] km", x, y,
                      COORD_KM, COORD_KM);
      rc = LM_EINVAL;
      continue;
    }
    if (s->n_file_customers == cap) {
      cap = cap ? 2 * cap : 1024;
      double *nx = realloc(s->file_x_km, cap * sizeof *nx);
      if (nx) s->file_x_km = nx;
      double *ny = realloc(s->file_y_km, cap * sizeof *ny);
      if (ny) s->file_y_km = ny;
      if (!nx || !ny) {
        rc = LM_ENOMEM;
        lm_diag_error(diag, path, line_no, 1, "out of memory");
        break;
      }
    }
    if (s->n_file_customers >= LM__MAX_CUSTOMERS) {
      lm_diag_error(diag, path, line_no, 1, "more than %u customers", LM__MAX_CUSTOMERS);
      rc = LM_EINVAL;
      break;
    }
    seen_first = 1;
    s->file_x_km[s->n_file_customers] = x;
    s->file_y_km[s->n_file_customers++] = y;
  }
  if (rc == 0 && ferror(f)) {
    lm_diag_error(diag, path, line_no + 1, 1, "cannot read: %s", strerror(errno));
    rc = LM_EIO;
  }
  fclose(f);
  if (rc == 0 && s->n_file_customers == 0) {
    lm_diag_error(diag, path, 1, 1, "no customers in the file; expected lines x_km,y_km");
    rc = LM_EINVAL;
  }
  return rc;
}
