/* solver.h — the routing core's internal state, shared by the files of sim/routing/.
 *
 * A solve builds one lm__ctx in its router's workspace (lm__work): the problem, cached travel (per
 * travel profile, a full matrix of times and distances when there are at most LM__MATRIX_MAX nodes
 * and the matrices fit LM__CACHE_MAX_BYTES, otherwise the caller's travel function on demand), the
 * k nearest stops of every stop, and per-vehicle cost coefficients for the chosen objective. A
 * vehicle's leg time is its profile's time times 1 / speed factor, always computed as that one
 * product so that every walk of a route agrees bit for bit.
 *
 * A solution (lm__sol) keeps one route per vehicle; a route stores its stops and, per
 * position, the earliest service start (forward pass) and the latest service start that
 * keeps the rest of the route feasible (backward pass); its auxiliary arrays (route.c)
 * add the distance driven so far and per load dimension (parcels, litres) the load on
 * board, the deliveries so far and the prefix and suffix maxima of the load. With static
 * travel these make an insertion's feasibility (windows, capacity with pickups, range)
 * and cost O(1); with time-dependent travel the route is driven again in full (O(m)
 * travel calls).
 *
 * Invariants: every stop is either in exactly one route (route_of/pos_of say where) or
 * unserved (route_of == LM__NONE); a route's derived arrays match its stops after
 * lm__route_update; the solution's cost is the sum of route costs and unserved penalties.
 */
#ifndef LM_ROUTING_SOLVER_H
#define LM_ROUTING_SOLVER_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "lastmile/routing.h"

#define LM__NONE            UINT32_MAX
#define LM__MATRIX_MAX      2001u /* cache n x n matrices up to this many nodes */
#define LM__CACHE_MAX_BYTES (256.0 * 1024.0 * 1024.0) /* all cached matrices together */
#define LM__NB_K            40u                       /* neighbours kept per stop */
#define LM__LS_K            10u  /* nearest stops each stop pairs with in the local search */
#define LM__NQ              2    /* load dimensions: parcels, litres */
#define LM__EPS             1e-9 /* relative margin of the O(1) latest-start tests */

/* xoshiro256** (work.c) — the solver's own stream, seeded from the options; no global state. */
typedef struct lm__rng {
  uint64_t s[4];
} lm__rng;

void lm__rng_seed(lm__rng *g, uint64_t seed);
uint64_t lm__rng_next(lm__rng *g);
/* Uniform in [0, 1). */
double lm__rng_unif(lm__rng *g);
/* Uniform integer in [0, n); n > 0. */
uint32_t lm__rng_below(lm__rng *g, uint32_t n);

typedef struct lm__route {
  uint32_t veh;        /* the vehicle driving it */
  uint32_t n, cap;     /* stops on it, allocated slots */
  uint32_t *stop;      /* n stop indices */
  double *start_s;     /* n + 2: service start; [0] departure, [n+1] return */
  double *latest_s;    /* n + 2: latest service start keeping the rest feasible (-inf: none) */
  double dsum[LM__NQ]; /* per load dimension (parcels, litres): deliveries on board */
  double lend[LM__NQ]; /* the load at the return */
  /* Auxiliary arrays, valid when aux is set (lm__route_aux), n + 2 entries each: */
  int aux;
  double *km; /* distance driven from the departure to each position */
  /* per load dimension q: */
  double *load[LM__NQ]; /* on board when leaving position i ([0]: all deliveries) */
  double *cdel[LM__NQ]; /* delivered at positions 1..i */
  double *pmax[LM__NQ]; /* largest load over positions 0..i */
  double *smax[LM__NQ]; /* largest load over positions i..n ([n+1]: -inf) */
  uint32_t *smask;      /* n + 2: vehicle kinds every stop at positions i..n allows */
  double *buf;          /* the block the double arrays live in */
  double wait_s;        /* time spent waiting for windows to open */
  double dist_km;       /* length, depot to depot (0 when empty) */
  double cost;          /* objective contribution (0 when empty) */
  int feasible;         /* windows, kinds, shift, range and capacity hold */
} lm__route;

/* ---- the workspace (work.c) -----------------------------------------------------------
 *
 * Every array a solve needs lives in its router's workspace and outlives the solve: a
 * buffer grows when a larger problem needs more (its old contents are then dropped) and
 * never shrinks, so a run of similar solves allocates only during the first few. Each
 * buffer has one user, named by its slot; no two arrays alive at once share a slot. */
typedef struct lm__buf {
  void *p;
  size_t bytes;
} lm__buf;

typedef enum lm__slot {
  /* the context (router.c, travel.c) */
  LM__W_PEN,
  LM__W_DEPOT_D,
  LM__W_CKM,
  LM__W_CHR,
  LM__W_CFIX,
  LM__W_COT,
  LM__W_OT_S,
  LM__W_TEND,
  LM__W_VTYPE,
  LM__W_VCLASS,
  LM__W_INV_SF,
  LM__W_MAX_KM,
  LM__W_CAPQ,
  LM__W_TMAT,
  LM__W_DMAT,
  LM__W_VTM,
  LM__W_VDM,
  /* neighbour lists and their scratch (neighbours.c) */
  LM__W_NB,
  LM__W_NB_FIRST,
  LM__W_NB_DIST,
  LM__W_NB_OF,
  LM__W_NB_RANK,
  LM__W_NB_MEMBER,
  LM__W_NB_START,
  LM__W_NB_NEAR,
  LM__W_NB_SORT,
  LM__W_NB_HEAD,
  LM__W_NB_NEXT,
  LM__W_NB_CELL,
  /* ruin and recreate (search.c, ruin.c, recreate.c; sisr.h) */
  LM__W_TOUCHED,
  LM__W_MARK,
  LM__W_SEEN,
  LM__W_REP,
  LM__W_TYPES,
  LM__W_RUINED,
  LM__W_POOL,
  LM__W_KEY,
  LM__W_ABSENT,
  LM__W_FIXED,
  LM__W_OPENED,
  LM__W_SOFT_FIX,
  /* idle vehicles (repair.c) and the plan (router.c) */
  LM__W_REPAIR_LIST,
  LM__W_REPAIR_FAILED,
  LM__W_SERVED,
  LM__W_COUNT
} lm__slot;

typedef struct lm__sol lm__sol;
typedef struct lm__ls lm__ls;
typedef struct lm__work lm__work;

/* Creates an empty workspace; NULL when out of memory. */
lm__work *lm__work_create(void);
/* Frees a workspace and everything in it; NULL does nothing. */
void lm__work_destroy(lm__work *w);
/* Slot s's buffer with room for at least `bytes` (at least 1): its contents when it was
 * large enough, else a fresh block. NULL when out of memory (the slot is unchanged). */
void *lm__work_get(lm__work *w, lm__slot s, size_t bytes);
/* The same, zero-filled over `bytes`. */
void *lm__work_zero(lm__work *w, lm__slot s, size_t bytes);
/* The buffer of travel matrix k (2 per travel profile: times, own distances), grown to
 * `bytes`. NULL when out of memory. */
double *lm__work_matrix(lm__work *w, size_t k, size_t bytes);
/* The workspace's solutions, kept with their routes across solves (search.c): k = 0 the
 * best, 1 the last complete one, 2 the current one, 3 the saved touched routes. */
lm__sol *lm__work_sol(lm__work *w, int k);
/* The workspace's local search, created on first use; NULL when out of memory. */
lm__ls *lm__work_ls(lm__work *w);

typedef struct lm__ctx {
  lm__work *w; /* where the arrays below live */
  const lm_rproblem *p;
  size_t n, nv;              /* stops, vehicles */
  size_t nn;                 /* nodes */
  uint32_t np;               /* travel profiles */
  double **tmat, **dmat;     /* np: nn x nn times and distances of a profile, or NULL */
  const double **vtm, **vdm; /* nv: the matrices of the vehicle's profile, or NULL */
  double *inv_sf;            /* nv: 1 / speed factor */
  double *max_km;            /* nv: range, INFINITY when unlimited */
  double *capq;              /* nv x LM__NQ: capacity per load dimension */
  uint32_t *vclass;          /* nv: first vehicle with the same legs, end and end time */
  uint32_t *nb;              /* n x k nearest stops, nearest first */
  uint32_t k;                /* neighbours per stop (< LM__NB_K when n is small) */
  double *pen;               /* n effective unserved penalties */
  double *ckm, *chr, *cfix;  /* per vehicle: cost per km, per second, fixed */
  double *cot, *ot_s;        /* per vehicle: overtime cost per second (0: none), and the
                                moment overtime starts (INFINITY: never) */
  double *tend_s;            /* per vehicle: latest return (shift end, max duration) */
  uint32_t *vtype;           /* per vehicle: index of the first identical vehicle */
  double *depot_d;           /* n: distance from vehicle 0's depot, for ordering */
  int pickups;               /* some stop has a pickup: capacity depends on the position */
} lm__ctx;

struct lm__sol {
  lm__route *r; /* nv routes (rcap allocated, with their arrays) */
  size_t nv, rcap;
  size_t ncap;        /* stops route_of and pos_of have room for */
  uint32_t *route_of; /* n: route index or LM__NONE */
  uint32_t *pos_of;   /* n: 1-based position in its route */
  double cost;
};

/* ---- context (router.c, travel.c) -------------------------------------------------- */

/* Builds the context of problem p in workspace w (its arrays are w's buffers, valid until
 * the next build in w): checks the problem, caches travel, finds neighbours and sets the
 * objective's coefficients. Returns 0, LM_EINVAL (p breaks routing.h's rules) or
 * LM_ENOMEM. */
int lm__ctx_build(lm__ctx *c, lm__work *w, const lm_rproblem *p);
/* lm__ctx_build in a workspace of c's own, freed by lm__ctx_free (also on error). */
int lm__ctx_init(lm__ctx *c, const lm_rproblem *p);
/* Frees the workspace lm__ctx_init made; a zeroed context is harmless. */
void lm__ctx_free(lm__ctx *c);
/* Checks the problem against routing.h's rules: 0 or LM_EINVAL. (travel.c) */
int lm__problem_check(const lm_rproblem *p);
/* Fills the per-profile and per-vehicle travel caches of c. Returns 0 or LM_ENOMEM.
 * (travel.c) */
int lm__travel_cache(lm__ctx *c);

/* Static leg time and distance of vehicle v between nodes (cached or on demand). */
static inline double lm__tt(const lm__ctx *c, uint32_t v, uint32_t a, uint32_t b) {
  const double *m = c->vtm[v];
  if (m) return m[(size_t)a * c->nn + b] * c->inv_sf[v];
  double d;
  return c->p->travel(c->p->travel_ud, c->p->vehicles[v].profile, a, b, 0.0, &d) * c->inv_sf[v];
}
static inline double lm__dist(const lm__ctx *c, uint32_t v, uint32_t a, uint32_t b) {
  const double *m = c->vdm[v];
  if (m) return m[(size_t)a * c->nn + b];
  double d;
  c->p->travel(c->p->travel_ud, c->p->vehicles[v].profile, a, b, 0.0, &d);
  return d;
}
/* Distance under profile 0, whatever the vehicles: for neighbour lists and ordering. */
static inline double lm__dist0(const lm__ctx *c, uint32_t a, uint32_t b) {
  if (c->dmat && c->dmat[0]) return c->dmat[0][(size_t)a * c->nn + b];
  double d;
  c->p->travel(c->p->travel_ud, 0, a, b, 0.0, &d);
  return d;
}
/* One leg of vehicle v leaving at depart_s: cached when travel is static. */
static inline double lm__leg(const lm__ctx *c, uint32_t v, uint32_t a, uint32_t b, double depart_s,
                             double *d) {
  if (c->p->static_travel) {
    *d = lm__dist(c, v, a, b);
    return lm__tt(c, v, a, b);
  }
  return c->p->travel(c->p->travel_ud, c->p->vehicles[v].profile, a, b, depart_s, d) * c->inv_sf[v];
}

/* One vehicle's static legs, for loops that read many: the matrices are looked up once. */
typedef struct lm__legs {
  const lm__ctx *c;
  const double *t, *d; /* the vehicle's profile's matrices, or NULL: on demand */
  double inv_sf;
  size_t nn;
  uint32_t v;
} lm__legs;

static inline lm__legs lm__legs_of(const lm__ctx *c, uint32_t v) {
  lm__legs L = {c, c->vtm[v], c->vdm[v], c->inv_sf[v], c->nn, v};
  return L;
}
static inline double lm__lt(const lm__legs *L, uint32_t a, uint32_t b) {
  return L->t ? L->t[(size_t)a * L->nn + b] * L->inv_sf : lm__tt(L->c, L->v, a, b);
}
static inline double lm__ld(const lm__legs *L, uint32_t a, uint32_t b) {
  return L->d ? L->d[(size_t)a * L->nn + b] : lm__dist(L->c, L->v, a, b);
}
/* Time and (in *d) distance of one static leg: one lookup each, or one travel call. */
static inline double lm__larc(const lm__legs *L, uint32_t a, uint32_t b, double *d) {
  if (L->t && L->d) {
    *d = L->d[(size_t)a * L->nn + b];
    return L->t[(size_t)a * L->nn + b] * L->inv_sf;
  }
  const lm_rproblem *p = L->c->p;
  return p->travel(p->travel_ud, p->vehicles[L->v].profile, a, b, 0.0, d) * L->inv_sf;
}

/* ---- time windows and kinds ---------------------------------------------------------- */

/* Service start for an arrival at `arr_s`: the arrival itself inside a window, else the
 * next opening; INFINITY when every window has closed. */
static inline double lm__tw_start(const lm_rstop *st, double arr_s) {
  if (st->n_windows == 0) {
    if (arr_s > st->close_s) return INFINITY;
    return arr_s < st->open_s ? st->open_s : arr_s;
  }
  const double *w = st->windows;
  for (uint32_t k = 0; k < st->n_windows; k++)
    if (arr_s <= w[2 * k + 1]) return arr_s < w[2 * k] ? w[2 * k] : arr_s;
  return INFINITY;
}
/* The latest service start at or before `bound_s` that lies in a window; -INFINITY when
 * none does. Because waiting is allowed, an arrival is feasible iff it is at most this.
 * An opening within rounding (LM__EPS) above the bound counts as reached, so that a route
 * that waits for an opening never looks infeasible to its own backward pass. */
static inline double lm__tw_latest(const lm_rstop *st, double bound_s) {
  double reach = bound_s + LM__EPS * (1.0 + fabs(bound_s));
  if (st->n_windows == 0) {
    if (reach < st->open_s) return -INFINITY;
    return bound_s > st->close_s ? st->close_s : bound_s;
  }
  const double *w = st->windows;
  for (uint32_t k = st->n_windows; k-- > 0;)
    if (w[2 * k] <= reach) return bound_s > w[2 * k + 1] ? w[2 * k + 1] : bound_s;
  return -INFINITY;
}
/* The last moment service can start. */
static inline double lm__tw_close(const lm_rstop *st) {
  return st->n_windows ? st->windows[2 * st->n_windows - 1] : st->close_s;
}
/* The kinds of vehicle that may serve the stop, as a mask. */
static inline uint32_t lm__kinds(const lm_rstop *st) {
  return st->allowed_kinds ? st->allowed_kinds : UINT32_MAX;
}
static inline int lm__allowed(const lm__ctx *c, uint32_t v, uint32_t u) {
  return (lm__kinds(&c->p->stops[u]) >> c->p->vehicles[v].kind) & 1u;
}
/* What stop u delivers and picks up in load dimension q. */
static inline double lm__del(const lm_rstop *st, int q) {
  return q == 0 ? (double)st->parcels : st->volume_l;
}
static inline double lm__pick(const lm_rstop *st, int q) {
  return q == 0 ? (double)st->pickup_parcels : st->pickup_volume_l;
}

/* Fills c->nb with each stop's nearest stops (grid on coordinates, else brute force).
 * Returns 0 or LM_ENOMEM. (neighbours.c) */
int lm__neighbours_build(lm__ctx *c);

/* A route driven leg by leg, as lm__route_update drives it: the time after service at the
 * last stop, where the vehicle is, the distance so far and the loads on board. */
typedef struct lm__walk {
  double t, dist, load[LM__NQ];
  uint32_t at;
} lm__walk;

/* Drives vehicle v on to stop u; 0 when a window, the kind or the capacity forbids it. */
static inline int lm__walk_visit(const lm__ctx *c, uint32_t v, lm__walk *w, uint32_t u) {
  const lm_rstop *st = &c->p->stops[u];
  double d;
  w->t += lm__leg(c, v, w->at, st->node, w->t, &d);
  w->dist += d;
  double start = lm__tw_start(st, w->t);
  if (start == INFINITY || !lm__allowed(c, v, u)) return 0;
  w->t = start + st->service_s;
  w->at = st->node;
  for (int q = 0; q < LM__NQ; q++) {
    w->load[q] = w->load[q] - lm__del(st, q) + lm__pick(st, q);
    if (w->load[q] > c->capq[(size_t)v * LM__NQ + (size_t)q]) return 0;
  }
  return 1;
}

/* ---- routes and solutions (route.c) ---------------------------------------------- */

/* Allocates a solution with every stop unserved. Returns 0 or LM_ENOMEM. */
int lm__sol_init(const lm__ctx *c, lm__sol *s);
/* Makes s (zeroed, or used before for any context) a solution of c with every stop
 * unserved, keeping and growing its arrays and routes. Returns 0 or LM_ENOMEM; s stays
 * valid for lm__sol_free on error. */
int lm__sol_reset(const lm__ctx *c, lm__sol *s);
void lm__sol_free(lm__sol *s);
/* Copies src into dst (both initialised for c). Returns 0 or LM_ENOMEM. */
int lm__sol_copy(const lm__ctx *c, lm__sol *dst, const lm__sol *src);
/* Recomputes s->cost from its routes and unserved stops. */
void lm__sol_recost(const lm__ctx *c, lm__sol *s);

/* Recomputes a route's derived arrays, length, cost and feasibility and the
 * pos_of/route_of entries of its stops. */
void lm__route_update(const lm__ctx *c, lm__sol *s, uint32_t ri);
/* Computes a route's auxiliary arrays (distances so far, loads and their maxima, kinds
 * of suffixes) after lm__route_update; returns whether the load fits everywhere. */
int lm__route_aux(const lm__ctx *c, lm__route *r);
/* Copies route r into d (d's arrays are kept and grown; the auxiliary ones only when
 * valid). Returns 0 or LM_ENOMEM. */
int lm__route_copy(lm__route *d, const lm__route *r);
/* Ensures room for `n` stops, keeping the stops (derived arrays are left for
 * lm__route_update). Returns 0 or LM_ENOMEM. */
int lm__route_reserve(lm__route *r, uint32_t n);
/* Frees a route's arrays. */
void lm__route_free(lm__route *r);

/* Whether route r could take stop u somewhere as far as the vehicle's kind and the
 * capacity at the depot and at the end allow: exact when no stop has a pickup; the
 * position's own capacity test is in lm__insert_cost. */
static inline int lm__fits(const lm__ctx *c, const lm__route *r, uint32_t u) {
  const lm_rstop *st = &c->p->stops[u];
  if (!((lm__kinds(st) >> c->p->vehicles[r->veh].kind) & 1u)) return 0;
  const double *cap = c->capq + (size_t)r->veh * LM__NQ;
  if (r->dsum[0] + (double)st->parcels > cap[0] || r->dsum[1] + st->volume_l > cap[1]) return 0;
  return !c->pickups || (r->lend[0] + (double)st->pickup_parcels <= cap[0] &&
                         r->lend[1] + st->pickup_volume_l <= cap[1]);
}
/* Price of inserting stop `u` before 1-based position `pos` (1..n+1) of route ri: the
 * objective increase, or INFINITY when windows, shift, range or the load at some point
 * (with pickups) forbid it. Assumes lm__fits. (insert.c) */
double lm__insert_cost(const lm__ctx *c, const lm__sol *s, uint32_t ri, uint32_t u, uint32_t pos);
/* Whether the load stays within capacity everywhere with u inserted before pos. */
int lm__fits_at(const lm__ctx *c, const lm__route *r, uint32_t u, uint32_t pos);
/* The overtime price of vehicle v returning at back_s. */
static inline double lm__overtime(const lm__ctx *c, uint32_t v, double back_s) {
  double over = back_s - c->ot_s[v];
  return over > 0.0 ? c->cot[v] * over : 0.0;
}
/* The objective's price of vehicle v returning dt_s later than back_s: per hour and
 * overtime. */
static inline double lm__later(const lm__ctx *c, uint32_t v, double back_s, double dt_s) {
  double price = c->chr[v] * dt_s;
  if (c->cot[v] == 0.0) return price;
  return price + lm__overtime(c, v, back_s + dt_s) - lm__overtime(c, v, back_s);
}
/* lm__insert_cost for static travel, with the route's legs at hand: inline, because
 * recreate calls it for nearly every candidate position. The return is taken to move by
 * the time the stop adds (driving and service; waiting that absorbs part of it is not
 * counted), which prices overtime too. */
static inline double lm__insert_price(const lm__ctx *c, const lm__route *r, const lm__legs *L,
                                      uint32_t u, uint32_t pos) {
  const lm_rproblem *p = c->p;
  uint32_t vi = r->veh;
  const lm_rstop *su = &p->stops[u];
  uint32_t a, b = pos == r->n + 1 ? p->vehicles[vi].end_node : p->stops[r->stop[pos - 1]].node;
  double dep;
  if (pos == 1) {
    a = p->vehicles[vi].start_node;
    dep = r->start_s[0];
  } else {
    const lm_rstop *sa = &p->stops[r->stop[pos - 2]];
    a = sa->node;
    dep = r->start_s[pos - 1] + sa->service_s;
  }
  double dau, dub, dab;
  double tau = lm__larc(L, a, su->node, &dau);
  double start = lm__tw_start(su, dep + tau);
  if (start == INFINITY) return INFINITY;
  double tub = lm__larc(L, su->node, b, &dub);
  double arr_b = start + su->service_s + tub;
  double late = r->latest_s[pos];
  if (pos <= r->n) late -= LM__EPS * (1.0 + fabs(late));
  if (arr_b > late) return INFINITY;
  if (c->pickups && !lm__fits_at(c, r, u, pos)) return INFINITY;
  double dd = dau + dub;
  double dt = tau + su->service_s + tub;
  if (r->n == 0) {
    if (dd > c->max_km[vi]) return INFINITY;
    return c->cfix[vi] + c->ckm[vi] * dd + lm__later(c, vi, dep, arr_b - dep);
  }
  dt -= lm__larc(L, a, b, &dab);
  dd -= dab;
  if (r->dist_km + dd > c->max_km[vi]) return INFINITY;
  return c->ckm[vi] * dd + lm__later(c, vi, r->start_s[r->n + 1], dt);
}
/* Inserts u before pos and updates the route. Returns 0 or LM_ENOMEM. */
int lm__insert(const lm__ctx *c, lm__sol *s, uint32_t ri, uint32_t u, uint32_t pos);
/* Removes the stops at 1-based positions [from, to] of route ri (no update). */
void lm__remove_span(lm__sol *s, uint32_t ri, uint32_t from, uint32_t to);
/* Objective contribution of vehicle v driving `dist_km` and returning at `back_s`: fixed,
 * per km, per hour from the shift start, and overtime. */
double lm__route_price(const lm__ctx *c, uint32_t v, double dist_km, double back_s);

/* ---- candidates and local search (eval.c, ls.c) ------------------------------------ */

/* A candidate route: the vehicle of route `pre` drives its stops 1..i, then mid[0..nmid-1],
 * then the stops j..n of route `suf` (j = n + 1: none). pre and suf may be the same. */
typedef struct lm__cand {
  uint32_t pre, i;
  const uint32_t *mid;
  uint32_t nmid;
  uint32_t suf, j;
} lm__cand;

/* The objective contribution of candidate k (0 when it has no stops), or INFINITY when a
 * window, kind, capacity, the return time or the range forbids it. O(nmid) plus O(1)
 * for the suffix with static travel and a vehicle of the suffix's class (the suffix is
 * driven until the schedule meets the old one when time is priced); the whole candidate
 * is driven otherwise. (eval.c) */
double lm__cand_cost(const lm__ctx *c, const lm__sol *s, const lm__cand *k);

/* Move kinds of the local search; u and v are stops, a and b lengths (1..3). */
typedef enum lm__move_kind {
  LM__MV_RELOCATE, /* the a stops from u on go right after v (after) or right before it */
  LM__MV_SWAP,     /* u and v exchange places */
  LM__MV_2OPT,     /* same route, u before v: the stops after u up to v are reversed */
  LM__MV_2OPTSTAR, /* other routes: u's route goes on with v and what follows it, v's
                      route keeps what precedes v and goes on with what followed u */
  LM__MV_CROSS,    /* other routes: the a stops after u and the b stops from v on swap */
  LM__MV_SPLIT     /* u's route ends at u; the stops after it go, in order, to vehicle v
                      (here a vehicle, not a stop), which has no stops */
} lm__move_kind;

typedef struct lm__move {
  lm__move_kind kind;
  uint32_t u, v;
  uint32_t a, b;
  int after;
} lm__move;

/* A local-search workspace for context c; `fixed` (nv entries, may be NULL) gives per
 * route the leading stops no move may touch. NULL when out of memory. */
lm__ls *lm__ls_create(const lm__ctx *c, const uint32_t *fixed);
/* An empty local-search workspace, for lm__ls_reset; NULL when out of memory. */
lm__ls *lm__ls_alloc(void);
/* Prepares ls (from lm__ls_alloc or lm__ls_create, for any context) for context c, keeping and
 * growing its arrays. Returns 0 or LM_ENOMEM (ls then stays valid for lm__ls_destroy). */
int lm__ls_reset(lm__ls *ls, const lm__ctx *c, const uint32_t *fixed);
void lm__ls_destroy(lm__ls *ls);
/* The objective change of move m on s, or INFINITY when it is infeasible, not defined
 * for these stops (see lm__move_kind) or touches a fixed stop. Computes the auxiliary
 * arrays of the routes involved when they are missing. */
double lm__move_eval(lm__ls *ls, lm__sol *s, const lm__move *m);
/* A lower bound of move m's cost change from the arcs it changes, without feasibility:
 * exact when only distance is priced; with a price per hour it prices new routes without
 * waiting and old ones with it. Needs static travel and two vehicles with the same legs,
 * end depot and prices per km and hour; NAN otherwise and for 2-opt. */
double lm__move_quick(lm__ls *ls, lm__sol *s, const lm__move *m);
/* Applies move m to s (after lm__move_eval of m on this s found it finite) and updates
 * the changed routes and s->cost. Returns 0 or LM_ENOMEM. */
int lm__move_apply(lm__ls *ls, lm__sol *s, const lm__move *m);
/* Granular local search on s: the listed stops (every served stop when stops is NULL)
 * try every move with their nearest stops, first improvement, until none improves or a
 * work cap is hit; the stops next to each change are tried again. Under context c (which
 * may differ from the one ls was created for only in its cost coefficients). Returns 0
 * or LM_ENOMEM; s stays a valid solution whose cost never rises. */
int lm__ls_run(lm__ls *ls, const lm__ctx *c, lm__sol *s, const uint32_t *stops, size_t ns);

/* ---- unused vehicles (repair.c) ---------------------------------------------------- */

/* Opens vehicles that s leaves without stops for stops it leaves out, dearest penalty
 * first, each filled by cheapest insertion of further stops left out, and keeps each such
 * route only when it costs no more than the penalties of its stops; then polishes around
 * the stops served with ls (when not NULL) and repeats, ending on a pass (repair.c's
 * essay). `scratch` has room for c->n stops. Returns 0 or LM_ENOMEM; s stays a valid
 * solution whose cost (recomputed) never rises. */
int lm__repair_idle(const lm__ctx *c, lm__sol *s, lm__ls *ls, uint32_t *scratch);

/* ---- search (search.c; its workspace and steps: sisr.h, ruin.c, recreate.c) -------- */

typedef struct lm__search {
  uint32_t iterations;
  double time_limit_ms;
  uint64_t seed;
  const volatile sig_atomic_t *stop; /* see lm_router_opts */
} lm__search;

/* Builds a first solution and improves it by ruin and recreate; leaves the best found in
 * `best` and the number of improvement iterations run in *ran. Returns 0 or LM_ENOMEM. */
int lm__solve(const lm__ctx *c, const lm__search *opt, lm__sol *best, uint32_t *ran);

#endif
