/* plot_log.c — the figures of `lastmile plot` drawn from the detail outputs of
 * replication 0: the tours of one day, locker occupancy over a day, and the
 * distributions of lateness and of the time from order to receipt.
 *
 * Tours: each (van, wave) is one tour, drawn depot → stops in their sequence → depot in
 * a colour of its own (hues a golden angle apart, so neighbours differ); its stops are
 * marked by outcome: every parcel handed over, some, none, never reached; visits to
 * lockers and pickup points have their own mark.
 *
 * Lockers: a parcel is in a locker or pickup point from placed_s until resolved_s
 * (collected or sent back; for ever when still there at the end), so the occupancy over
 * day D is a step function, exact at every event. D is the day of the tours when the
 * file has them, else the last day with orders; times in the log count from midnight of
 * the start date, warmup_days before the first counted day.
 *
 * Distributions: empirical distribution functions over the parcels received, sampled at
 * most SAMPLES times (every k-th order statistic, and the largest), so a year of parcels
 * still draws quickly. Lateness is the time received after the end of the promised day
 * (the log's due_s, the promise on_time_rate uses), 0 when on time.
 * Cost: O(n log n) for n parcels or stops of a strategy.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lastmile/error.h"
#include "lastmile/model.h"
#include "output/plot_gp.h"

#define DAY_S      86400.0
#define SAMPLES    400
#define PATH_CHARS 4096

/* Tours ------------------------------------------------------------------------------------ */

enum { O_ALL, O_SOME, O_NONE, O_UNREACHED, O_SITE, N_OUTCOMES };

typedef struct stop_key {
  uint32_t van, wave, sequence;
  size_t row;
} stop_key;

static int by_tour(const void *a, const void *b) {
  const stop_key *p = a, *q = b;
  if (p->van != q->van) return p->van < q->van ? -1 : 1;
  if (p->wave != q->wave) return p->wave < q->wave ? -1 : 1;
  if (p->sequence != q->sequence) return p->sequence < q->sequence ? -1 : 1;
  return (p->row > q->row) - (p->row < q->row);
}

static int outcome(const lm_route_log *log, size_t i) {
  if (log->site[i] >= 0) return O_SITE;
  if (!isfinite(log->arrival_s[i])) return O_UNREACHED;
  if (log->handed_over[i] == 0) return O_NONE;
  return log->handed_over[i] >= log->parcels[i] ? O_ALL : O_SOME;
}

/* The colour of tour `t` as 0xRRGGBB: hue t x 137.5 degrees, saturation 0.75, value 0.8. */
static int tour_rgb(size_t t) {
  double h = fmod((double)t * 137.508, 360.0) / 60.0, v = 0.8, c = v * 0.75, m = v - c;
  double x = c * (1.0 - fabs(fmod(h, 2.0) - 1.0));
  const double tab[6][3] = {{c, x, 0}, {x, c, 0}, {0, c, x}, {0, x, c}, {x, 0, c}, {c, 0, x}};
  const double *rgb = tab[(int)h % 6];
  int out = 0;
  for (int i = 0; i < 3; i++) out = out * 256 + (int)lround(255.0 * (rgb[i] + m));
  return out;
}

/* $tours: one line per tour from the depot and back; returns the count of tours. */
static size_t write_tours(const lm_route_log *log, const stop_key *keys, lm__gp *gp) {
  size_t tours = 0;
  lm__gp_block(gp, "tours");
  for (size_t i = 0; i < log->n; i++) {
    int first = i == 0 || keys[i].van != keys[i - 1].van || keys[i].wave != keys[i - 1].wave;
    int last =
        i + 1 == log->n || keys[i].van != keys[i + 1].van || keys[i].wave != keys[i + 1].wave;
    int rgb = tour_rgb(tours);
    if (first) lm__gp_raw(gp, "%.6f %.6f %d\n", log->depot_x_km, log->depot_y_km, rgb);
    size_t row = keys[i].row;
    lm__gp_num(gp, log->x_km[row]);
    lm__gp_num(gp, log->y_km[row]);
    lm__gp_raw(gp, "%d\n", rgb);
    if (last) {
      lm__gp_raw(gp, "%.6f %.6f %d\n\n", log->depot_x_km, log->depot_y_km, rgb);
      tours++;
    }
  }
  lm__gp_end(gp);
  return tours;
}

/* $stops: one data set per outcome (a NaN row when empty); counts per outcome. */
static void write_stops(const lm_route_log *log, lm__gp *gp, double count[N_OUTCOMES]) {
  lm__gp_block(gp, "stops");
  for (int o = 0; o < N_OUTCOMES; o++) {
    count[o] = 0;
    if (o) lm__gp_raw(gp, "\n\n");
    for (size_t i = 0; i < log->n; i++) {
      if (outcome(log, i) != o) continue;
      lm__gp_num(gp, log->x_km[i]);
      lm__gp_num(gp, log->y_km[i]);
      lm__gp_raw(gp, "\n");
      count[o]++;
    }
    if (count[o] == 0) lm__gp_raw(gp, "NaN NaN\n");
  }
  lm__gp_end(gp);
}

int lm__fig_routes(const lm_results *r, size_t s, lm__gp *gp, char *why, size_t n) {
  if (!r->route_logs) {
    snprintf(why, n, "the file has no tours; run with --routes-day D");
    return LM__SKIP_FIGURE;
  }
  const lm_route_log *log = &r->route_logs[s];
  char day[48];
  lm__day_name(r, r->routes_day, day, sizeof day);
  if (log->n == 0) {
    snprintf(why, n, "strategy %zu drove no tour on %s", s + 1, day);
    return LM__SKIP_PICTURE;
  }
  stop_key *keys = malloc(log->n * sizeof *keys);
  if (!keys) return LM_ENOMEM;
  lm__range x, y;
  lm__range_init(&x);
  lm__range_init(&y);
  lm__range_add(&x, log->depot_x_km);
  lm__range_add(&y, log->depot_y_km);
  for (size_t i = 0; i < log->n; i++) {
    keys[i] = (stop_key){log->van[i], log->wave[i], log->sequence[i], i};
    lm__range_add(&x, log->x_km[i]);
    lm__range_add(&y, log->y_km[i]);
  }
  qsort(keys, log->n, sizeof *keys, by_tour);
  size_t tours = write_tours(log, keys, gp);
  free(keys);
  double count[N_OUTCOMES];
  write_stops(log, gp, count);
  lm__gp_block(gp, "depot");
  lm__gp_raw(gp, "%.6f %.6f\n", log->depot_x_km, log->depot_y_km);
  lm__gp_end(gp);
  lm__range_finish(&x, 0);
  lm__range_finish(&y, 0);
  lm__gp_raw(gp, "si = %zu\nntours = %zu\n", s + 1, tours);
  lm__gp_let_str(gp, "day", day);
  lm__gp_array_num(gp, "nstops", N_OUTCOMES, count);
  double range[4] = {x.lo, x.hi, y.lo, y.hi};
  lm__gp_array_num(gp, "map", 4, range);
  return 0;
}

/* Lockers ---------------------------------------------------------------------------------- */

typedef struct occ_event {
  double t_s;
  int delta; /* +1 a parcel placed, -1 one taken out */
} occ_event;

static int by_time(const void *a, const void *b) {
  const occ_event *p = a, *q = b;
  if (p->t_s != q->t_s) return p->t_s < q->t_s ? -1 : 1;
  return p->delta - q->delta; /* out before in at the same instant */
}

int lm__occupancy_steps(const lm_parcel_log *log, int site, double t0, lm__step **steps,
                        size_t *n_steps) {
  double t1 = t0 + DAY_S, level = 0;
  size_t n = 0;
  *steps = NULL;
  *n_steps = 0;
  occ_event *ev = malloc((2 * log->n + 1) * sizeof *ev);
  if (!ev) return LM_ENOMEM;
  for (size_t i = 0; i < log->n; i++) {
    double in = log->placed_s[i],
           out = isfinite(log->resolved_s[i]) ? log->resolved_s[i] : INFINITY;
    if (!isfinite(in) || in >= t1 || out <= t0) continue;
    if (site >= 0 && log->destination[i] != site) continue;
    if (in <= t0)
      level++;
    else
      ev[n++] = (occ_event){in, +1};
    if (out < t1) ev[n++] = (occ_event){out, -1};
  }
  qsort(ev, n, sizeof *ev, by_time);
  lm__step *st = malloc((n + 2) * sizeof *st);
  if (!st) {
    free(ev);
    return LM_ENOMEM;
  }
  st[0] = (lm__step){0.0, level};
  for (size_t i = 0; i < n; i++) {
    level += ev[i].delta;
    st[i + 1] = (lm__step){(ev[i].t_s - t0) / 3600.0, level};
  }
  st[n + 1] = (lm__step){24.0, level};
  free(ev);
  *steps = st;
  *n_steps = n + 2;
  return 0;
}

/* Writes one strategy's occupancy of `site` (all sites when negative) over
 * [t0, t0 + 1 day) as (hour, parcels) steps, and widens `y` to it. Returns 0 or
 * LM_ENOMEM. */
static int occupancy(const lm_parcel_log *log, int site, double t0, lm__gp *gp, lm__range *y) {
  lm__step *st;
  size_t n;
  if (lm__occupancy_steps(log, site, t0, &st, &n)) return LM_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    lm__range_add(y, st[i].level);
    if (i == 0 || i + 1 == n)
      lm__gp_raw(gp, "%.0f %.0f\n", st[i].hour, st[i].level);
    else {
      lm__gp_num(gp, st[i].hour);
      lm__gp_raw(gp, "%.0f\n", st[i].level);
    }
  }
  free(st);
  return 0;
}

int lm__fig_lockers(const lm_results *r, size_t s, lm__gp *gp, char *why, size_t n) {
  (void)s;
  if (!r->parcel_logs) {
    snprintf(why, n, "the file has no parcel log; run with --parcel-log");
    return LM__SKIP_FIGURE;
  }
  int32_t last_day = 0; /* counted-day index */
  size_t placed = 0;
  for (size_t t = 0; t < r->n_strategies; t++)
    for (size_t i = 0; i < r->parcel_logs[t].n; i++) {
      const lm_parcel_log *log = &r->parcel_logs[t];
      placed += isfinite(log->placed_s[i]) != 0;
      if (log->day_created[i] > last_day) last_day = log->day_created[i];
    }
  if (placed == 0) {
    snprintf(why, n, "no parcel went to a locker or pickup point in replication 0");
    return LM__SKIP_FIGURE;
  }
  int64_t day = r->route_logs ? r->routes_day : last_day;
  /* Times count from midnight of the start date, warmup_days before counted day 0. */
  double t0 = (double)(day + (int64_t)r->warmup_days) * DAY_S;
  lm__range y;
  lm__range_init(&y);
  lm__gp_block(gp, "lockers");
  for (size_t t = 0; t < r->n_strategies; t++) {
    if (t) lm__gp_raw(gp, "\n\n");
    if (occupancy(&r->parcel_logs[t], -1, t0, gp, &y)) return LM_ENOMEM;
  }
  lm__gp_end(gp);
  lm__range_finish(&y, 1);
  char name[48];
  lm__day_name(r, day, name, sizeof name);
  lm__gp_let_str(gp, "day", name);
  lm__gp_let_num(gp, "ylo", y.lo);
  lm__gp_let_num(gp, "yhi", y.hi);
  return 0;
}

/* Lockers by site -------------------------------------------------------------------------- */

/* The sites' names and compartments (all size classes) from the stored scenario read
 * again with its overrides, from the folder its run recorded; 0 sites when it cannot be read (an
 * input file it names is gone), and then the caller names the sites by index. */
static size_t site_table(const lm_results *r, char (*name)[LM_NAME_MAX], double *cap) {
  char *sets_text = strdup(r->overrides ? r->overrides : "");
  size_t n_sets = 0, n = 0, most = 1;
  for (const char *c = sets_text ? sets_text : ""; *c; c++) most += *c == '\n';
  const char **sets = malloc(most * sizeof *sets);
  if (!sets_text || !sets) {
    free(sets_text), free(sets);
    return 0;
  }
  for (char *line = strtok(sets_text, "\n"); line; line = strtok(NULL, "\n")) sets[n_sets++] = line;
  /* Read as if from the scenario's own folder, so that `extends` and file names lead
   * where they led in the run. */
  char anchor[PATH_CHARS];
  const lm_provenance *p = r->provenance;
  if (p && p->scenario_folder && p->scenario_path) {
    const char *slash = strrchr(p->scenario_path, '/');
    snprintf(anchor, sizeof anchor, "%s/%s", p->scenario_folder,
             slash ? slash + 1 : p->scenario_path);
  } else {
    snprintf(anchor, sizeof anchor, "%s", r->scenario_name);
  }
  lm_diag *diag = lm_diag_create();
  lm_scenario *sc = NULL;
  if (diag && r->scenario_text &&
      lm_scenario_parse_with(r->scenario_text, strlen(r->scenario_text), anchor, sets, n_sets,
                             &lm_model_names, &sc, diag) == 0) {
    n = sc->n_lockers;
    for (size_t k = 0; k < n; k++) {
      snprintf(name[k], LM_NAME_MAX, "%s", sc->lockers[k].name);
      cap[k] = 0;
      for (size_t c = 0; c < sc->lockers[k].n_compartment_sizes; c++)
        cap[k] += sc->lockers[k].compartments[c];
    }
  }
  lm_scenario_destroy(sc);
  lm_diag_destroy(diag);
  free(sets_text), free(sets);
  return n;
}

int lm__fig_lockers_sites(const lm_results *r, size_t s, lm__gp *gp, char *why, size_t n) {
  (void)s;
  if (!r->parcel_logs) {
    snprintf(why, n, "the file has no parcel log; run with --parcel-log");
    return LM__SKIP_FIGURE;
  }
  int32_t last_day = 0;
  int most = -1; /* the highest site index a parcel was placed in */
  for (size_t t = 0; t < r->n_strategies; t++) {
    const lm_parcel_log *log = &r->parcel_logs[t];
    for (size_t i = 0; i < log->n; i++) {
      if (isfinite(log->placed_s[i]) && log->destination[i] > most) most = log->destination[i];
      if (log->day_created[i] > last_day) last_day = log->day_created[i];
    }
  }
  if (most < 0) {
    snprintf(why, n, "no parcel went to a locker or pickup point in replication 0");
    return LM__SKIP_FIGURE;
  }
  char(*name)[LM_NAME_MAX] = malloc(LM_MAX_LOCKERS * sizeof *name);
  double cap[LM_MAX_LOCKERS];
  if (!name) return LM_ENOMEM;
  size_t sites = site_table(r, name, cap);
  if (sites <= (size_t)most || sites > LM_MAX_LOCKERS) { /* not the run's scenario: by index */
    sites = (size_t)most + 1 < LM_MAX_LOCKERS ? (size_t)most + 1 : LM_MAX_LOCKERS;
    for (size_t k = 0; k < sites; k++) {
      snprintf(name[k], LM_NAME_MAX, "site %zu", k);
      cap[k] = NAN;
    }
  }
  int64_t day = r->route_logs ? r->routes_day : last_day;
  double t0 = (double)(day + (int64_t)r->warmup_days) * DAY_S;
  lm__range y;
  lm__range_init(&y);
  lm__gp_block(gp, "sites"); /* data set k * ns + t: site k, strategy t */
  for (size_t k = 0; k < sites; k++)
    for (size_t t = 0; t < r->n_strategies; t++) {
      if (k || t) lm__gp_raw(gp, "\n\n");
      if (occupancy(&r->parcel_logs[t], (int)k, t0, gp, &y)) {
        free(name);
        return LM_ENOMEM;
      }
    }
  lm__gp_end(gp);
  for (size_t k = 0; k < sites; k++) lm__range_add(&y, cap[k]);
  lm__range_finish(&y, 1);
  const char *names[LM_MAX_LOCKERS];
  for (size_t k = 0; k < sites; k++) names[k] = name[k];
  lm__gp_raw(gp, "nsites = %zu\n", sites);
  lm__gp_array_str(gp, "site", sites, names);
  lm__gp_array_num(gp, "capacity", sites, cap);
  free(name);
  char dname[48];
  lm__day_name(r, day, dname, sizeof dname);
  lm__gp_let_str(gp, "day", dname);
  lm__gp_let_num(gp, "ylo", y.lo);
  lm__gp_let_num(gp, "yhi", y.hi);
  return 0;
}

/* Distributions ---------------------------------------------------------------------------- */

static int by_value(const void *a, const void *b) {
  double p = *(const double *)a, q = *(const double *)b;
  return (p > q) - (p < q);
}

/* Writes the empirical distribution of v[n] (sorted here) as (value, % at most it),
 * sampled; a NaN row when n is 0. Widens `x`. */
static void write_ecdf(double *v, size_t n, lm__gp *gp, lm__range *x) {
  if (n == 0) {
    lm__gp_raw(gp, "NaN NaN\n");
    return;
  }
  qsort(v, n, sizeof *v, by_value);
  size_t step = n > SAMPLES ? n / SAMPLES : 1, j = 0;
  for (size_t i = 0; i<n; i = j + 1> i + step ? j + 1 : i + step) {
    for (j = i; j + 1 < n && v[j + 1] == v[i];) j++; /* the last of equal values carries the jump */
    lm__gp_num(gp, v[j]);
    lm__gp_num(gp, 100.0 * (double)(j + 1) / (double)n);
    lm__gp_raw(gp, "\n");
    lm__range_add(x, v[j]);
  }
  if (j + 1 < n) {
    lm__gp_num(gp, v[n - 1]);
    lm__gp_raw(gp, "100\n");
  }
}

/* Fills a[] with order-to-receipt hours of the parcels received in `log` and returns how
 * many; b[] with their lateness hours, *mb of them (those whose promise the log holds). */
static size_t received_times(const lm_parcel_log *log, double *a, double *b, size_t *mb) {
  size_t m = 0;
  *mb = 0;
  for (size_t i = 0; i < log->n; i++) {
    if (log->state[i] != LM_PARCEL_RECEIVED || !isfinite(log->resolved_s[i])) continue;
    a[m++] = (log->resolved_s[i] - log->order_s[i]) / 3600.0;
    if (isfinite(log->due_s[i]))
      b[(*mb)++] = fmax(0.0, log->resolved_s[i] - log->due_s[i]) / 3600.0;
  }
  return m;
}

int lm__fig_dist(const lm_results *r, size_t s, lm__gp *gp, char *why, size_t n) {
  (void)s;
  if (!r->parcel_logs) {
    snprintf(why, n, "the file has no parcel log; run with --parcel-log");
    return LM__SKIP_FIGURE;
  }
  size_t most = 1;
  for (size_t t = 0; t < r->n_strategies; t++)
    if (r->parcel_logs[t].n > most) most = r->parcel_logs[t].n;
  double *a = malloc(most * sizeof *a), *b = malloc(most * sizeof *b);
  if (!a || !b) {
    free(a), free(b);
    return LM_ENOMEM;
  }
  lm__range xa, xb;
  lm__range_init(&xa);
  lm__range_init(&xb);
  size_t received = 0;
  lm__gp_block(gp, "dist");
  for (size_t t = 0; t < r->n_strategies; t++) {
    size_t mb, m = received_times(&r->parcel_logs[t], a, b, &mb);
    received += m;
    lm__gp_raw(gp, "%s", t ? "\n\n" : "");
    write_ecdf(a, m, gp, &xa);
    lm__gp_raw(gp, "\n\n");
    write_ecdf(b, mb, gp, &xb);
  }
  lm__gp_end(gp);
  free(a), free(b);
  if (received == 0) {
    snprintf(why, n, "no parcel was received in replication 0");
    return LM__SKIP_FIGURE;
  }
  lm__range_finish(&xa, 1);
  lm__range_finish(&xb, 1);
  double range[4] = {0, xa.hi, 0, xb.hi}; /* times are never negative */
  lm__gp_array_num(gp, "xr", 4, range);
  return 0;
}
