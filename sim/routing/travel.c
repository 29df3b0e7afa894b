/* travel.c — the routing core's travel caches and the check of a problem's rules.
 *
 * With static travel and at most LM__MATRIX_MAX nodes, the times and distances of every
 * travel profile some vehicle uses (and of profile 0, which the neighbour lists read) are
 * asked of the caller once and kept in nn x nn matrices of doubles, so that every later
 * walk reads exactly what the caller's function returns. A profile whose distances equal
 * profile 0's everywhere (the usual case: a cargo bike takes the same streets, only at
 * another speed) shares profile 0's distance matrix, so a second profile costs one more
 * matrix, not two. Profiles are cached in order while all matrices together stay within
 * LM__CACHE_MAX_BYTES (about four 2001-node matrices); the others, and every profile of a
 * larger or time-dependent problem, call the travel function on demand. A vehicle's leg
 * time is its profile's time times 1 / speed factor.
 *
 * Cost: O(P nn^2) travel calls and up to 2 P nn^2 doubles for P cached profiles. The
 * matrices are buffers of the router's workspace: filled anew by every solve (the travel
 * function may have changed), allocated only when a solve has more nodes than any before.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "routing/solver.h"

/* Windows given as pairs must be finite or +inf at the end, sorted and disjoint. */
static int windows_ok(const lm_rstop *st) {
  if (st->n_windows == 0) return 1;
  if (!st->windows) return 0;
  for (uint32_t k = 0; k < st->n_windows; k++) {
    double open = st->windows[2 * k], close = st->windows[2 * k + 1];
    if (isnan(open) || isnan(close) || open > close) return 0;
    if (k > 0 && open <= st->windows[2 * k - 1]) return 0;
  }
  return 1;
}

int lm__problem_check(const lm_rproblem *p) {
  uint32_t np = p->n_profiles ? p->n_profiles : 1;
  for (size_t v = 0; v < p->n_vehicles; v++) {
    const lm_rvehicle *veh = &p->vehicles[v];
    if (veh->kind > 31 || veh->profile >= np) return LM_EINVAL;
    if (!(veh->speed_factor >= 0.0) || isinf(veh->speed_factor)) return LM_EINVAL;
    if (!(veh->max_distance_km >= 0.0)) return LM_EINVAL;
    if (!(veh->overtime_after_s >= 0.0) || isinf(veh->overtime_after_s)) return LM_EINVAL;
    if (!(veh->cost_per_overtime_hour >= 0.0) || isinf(veh->cost_per_overtime_hour))
      return LM_EINVAL;
  }
  for (size_t i = 0; i < p->n_stops; i++)
    if (!windows_ok(&p->stops[i])) return LM_EINVAL;
  return 0;
}

/* Fills profile q's matrices: times always, distances only where they differ from profile
 * 0's (dmat[q] then gets its own matrix, else it points to dmat[0]). */
static int cache_profile(lm__ctx *c, uint32_t q) {
  const lm_rproblem *p = c->p;
  size_t nn = c->nn, cells = nn * nn;
  double *tm = c->tmat[q], *dm = q == 0 ? c->dmat[0] : NULL;
  const double *d0 = c->dmat[0];
  for (size_t i = 0; i < cells; i++) {
    double d;
    tm[i] = p->travel(p->travel_ud, q, (uint32_t)(i / nn), (uint32_t)(i % nn), 0.0, &d);
    if (q == 0 || dm) {
      (q == 0 ? c->dmat[0] : dm)[i] = d;
    } else if (d != d0[i]) {
      dm = lm__work_matrix(c->w, 2 * (size_t)q + 1, cells * sizeof *dm);
      if (!dm) return LM_ENOMEM;
      memcpy(dm, d0, i * sizeof *dm);
      dm[i] = d;
    }
  }
  c->dmat[q] = dm ? dm : c->dmat[0];
  return 0;
}

/* Whether some vehicle uses profile q. */
static int profile_used(const lm__ctx *c, uint32_t q) {
  for (size_t v = 0; v < c->nv; v++)
    if (c->p->vehicles[v].profile == q) return 1;
  return 0;
}

int lm__travel_cache(lm__ctx *c) {
  const lm_rproblem *p = c->p;
  c->tmat = lm__work_zero(c->w, LM__W_TMAT, c->np * sizeof *c->tmat);
  c->dmat = lm__work_zero(c->w, LM__W_DMAT, c->np * sizeof *c->dmat);
  c->vtm = lm__work_zero(c->w, LM__W_VTM, c->nv * sizeof *c->vtm);
  c->vdm = lm__work_zero(c->w, LM__W_VDM, c->nv * sizeof *c->vdm);
  if (!c->tmat || !c->dmat || !c->vtm || !c->vdm) return LM_ENOMEM;
  if (p->static_travel && c->nn <= LM__MATRIX_MAX) {
    double matrix = (double)c->nn * (double)c->nn * sizeof(double), used = 2.0 * matrix;
    c->tmat[0] = lm__work_matrix(c->w, 0, (size_t)matrix);
    c->dmat[0] = lm__work_matrix(c->w, 1, (size_t)matrix);
    if (!c->tmat[0] || !c->dmat[0]) return LM_ENOMEM;
    if (cache_profile(c, 0)) return LM_ENOMEM;
    for (uint32_t q = 1; q < c->np; q++) {
      if (!profile_used(c, q) || used + 2.0 * matrix > LM__CACHE_MAX_BYTES) continue;
      c->tmat[q] = lm__work_matrix(c->w, 2 * (size_t)q, (size_t)matrix);
      if (!c->tmat[q] || cache_profile(c, q)) return LM_ENOMEM;
      used += c->dmat[q] == c->dmat[0] ? matrix : 2.0 * matrix;
    }
  }
  for (size_t v = 0; v < c->nv; v++) {
    uint32_t q = p->vehicles[v].profile;
    c->vtm[v] = c->tmat[q];
    c->vdm[v] = c->tmat[q] ? c->dmat[q] : NULL;
  }
  return 0;
}
