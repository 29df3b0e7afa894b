/* ls.c — granular local search: relocate (strings of 1-3 stops, or-opt), swap, 2-opt
 * within a route, 2-opt* between routes (tail exchange) and cross-exchange (strings of up
 * to 3 stops between routes), each tried only between a stop and its nearest stops; and a
 * split, which hands the stops after a stop to an empty vehicle (one of each type), so
 * that the search can open a vehicle where one route costs more than two (overtime).
 *
 * A move is described by two stops u, v and lengths; lm__move_eval turns it into one or
 * two candidate routes (a kept prefix, a few explicit stops, a kept suffix: eval.c) and
 * prices them, O(1) plus the explicit stops with static travel, a drive of the changed
 * routes with time-dependent travel. Every move's candidates keep the leading stops a
 * warm start fixed. Before that, when both vehicles drive the same legs at the same
 * prices, the arcs the move changes give a lower bound of its price in O(1) (exact for
 * distance; with a price per hour, new routes without waiting and old ones with it, less
 * the overtime the routes pay now); a move that cannot gain is not checked further.
 *
 * lm__ls_run is first improvement over a queue of stops: a stop tries every move with
 * each of its LM__LS_K nearest stops, the first that lowers the cost by more than
 * rounding is applied, and the stops at the seams of the changed routes (and those
 * moved) go back into the queue. An applied move whose updated routes disagree with the
 * price (infeasible by rounding, or not cheaper) is undone. With planned overtime priced,
 * a move's price depends on when its routes return, which any change to them moves: when
 * the queue empties, every stop of a route changed since, and every stop that tries moves
 * with one of those, is queued again (reverse neighbour lists), until no move is kept.
 * The search stops when the queue empties or after LM__LS_WORK evaluations per stop of
 * the problem, so a call costs at most O(LM__LS_WORK n) evaluations.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "routing/solver.h"

#define LM__LS_SEG  3u    /* longest string moved or exchanged */
#define LM__LS_WORK 4000u /* evaluations per stop of the problem, at most, per call */

#define LM__SPLIT_MAX 8u /* vehicle types offered to split moves, at most */

/* The buffers of a local search, by use. */
enum {
  LS_MID,
  LS_MID1,
  LS_OUT,
  LS_OUT1,
  LS_QUEUE,
  LS_QUEUED,
  LS_REV_AT,
  LS_REV,
  LS_CHANGED,
  LS_BUFS
};

struct lm__ls {
  const lm__ctx *c;
  const uint32_t *fixed; /* nv leading stops no move touches, or NULL */
  uint32_t *mid[2];      /* the candidates' explicit stops */
  uint32_t *out[2];      /* new stop sequences while applying */
  lm__cand cand[2];      /* the candidates of the last evaluated move */
  uint32_t target[2];    /* the route each candidate replaces */
  uint32_t nc;
  lm__route backup[2];
  uint32_t *queue; /* ring of stops to try */
  uint8_t *queued;
  size_t head, len;
  uint32_t *rev_at, *rev;        /* per stop v: the stops u that try moves with v (CSR, n + 1) */
  uint8_t *changed;              /* nv: route changed since the last sweep (overtime priced) */
  int sweep;                     /* overtime is priced: changed routes are swept (lm__ls_run) */
  uint32_t spare[LM__SPLIT_MAX]; /* the first empty vehicle of each type, for split moves */
  uint32_t nspare;
  int spare_ok;         /* spare is up to date */
  lm__buf buf[LS_BUFS]; /* where the arrays above live; grown, never shrunk */
};

/* Buffer i of ls with room for `bytes`, zero-filled when `zero`; NULL when out of memory. */
static void *ls_buf(lm__ls *ls, int i, size_t bytes, int zero) {
  lm__buf *b = &ls->buf[i];
  if (bytes == 0) bytes = 1;
  if (b->bytes < bytes) {
    void *p = malloc(bytes);
    if (!p) return NULL;
    free(b->p);
    b->p = p;
    b->bytes = bytes;
  }
  if (zero) memset(b->p, 0, bytes);
  return b->p;
}

/* The reverse of the local search's neighbour lists: rev[rev_at[v] ..] are the stops that
 * have v among their LM__LS_K nearest. Returns 0 or LM_ENOMEM. */
static int reverse_lists(lm__ls *ls, const lm__ctx *c) {
  uint32_t k = c->k < LM__LS_K ? c->k : LM__LS_K;
  ls->rev_at = ls_buf(ls, LS_REV_AT, (c->n + 1) * sizeof *ls->rev_at, 1);
  ls->rev = ls_buf(ls, LS_REV, c->n * k * sizeof *ls->rev, 0);
  if (!ls->rev_at || !ls->rev) return LM_ENOMEM;
  for (size_t u = 0; u < c->n; u++)
    for (uint32_t i = 0; i < k; i++) ls->rev_at[c->nb[u * c->k + i] + 1]++;
  for (size_t v = 0; v < c->n; v++) ls->rev_at[v + 1] += ls->rev_at[v];
  for (size_t u = 0; u < c->n; u++)
    for (uint32_t i = 0; i < k; i++) ls->rev[ls->rev_at[c->nb[u * c->k + i]]++] = (uint32_t)u;
  for (size_t v = c->n; v > 0; v--) ls->rev_at[v] = ls->rev_at[v - 1];
  ls->rev_at[0] = 0;
  return 0;
}

int lm__ls_reset(lm__ls *ls, const lm__ctx *c, const uint32_t *fixed) {
  size_t n = c->n + 2 * LM__LS_SEG + 2;
  ls->c = c;
  ls->fixed = fixed;
  ls->nc = 0;
  ls->head = ls->len = 0;
  ls->sweep = 0;
  ls->nspare = 0;
  ls->spare_ok = 0;
  for (int k = 0; k < 2; k++) {
    ls->mid[k] = ls_buf(ls, LS_MID + k, n * sizeof *ls->mid[k], 0);
    ls->out[k] = ls_buf(ls, LS_OUT + k, n * sizeof *ls->out[k], 0);
  }
  ls->queue = ls_buf(ls, LS_QUEUE, n * sizeof *ls->queue, 0);
  ls->queued = ls_buf(ls, LS_QUEUED, n, 1);
  ls->changed = ls_buf(ls, LS_CHANGED, c->nv, 1);
  if (!ls->changed || reverse_lists(ls, c) || !ls->mid[0] || !ls->mid[1] || !ls->out[0] ||
      !ls->out[1] || !ls->queue || !ls->queued || lm__route_reserve(&ls->backup[0], 8) ||
      lm__route_reserve(&ls->backup[1], 8))
    return LM_ENOMEM;
  return 0;
}

lm__ls *lm__ls_alloc(void) { return calloc(1, sizeof(lm__ls)); }

lm__ls *lm__ls_create(const lm__ctx *c, const uint32_t *fixed) {
  lm__ls *ls = lm__ls_alloc();
  if (ls && lm__ls_reset(ls, c, fixed)) {
    lm__ls_destroy(ls);
    return NULL;
  }
  return ls;
}

void lm__ls_destroy(lm__ls *ls) {
  if (!ls) return;
  for (int k = 0; k < 2; k++) lm__route_free(&ls->backup[k]);
  for (int i = 0; i < LS_BUFS; i++) free(ls->buf[i].p);
  free(ls);
}

/* ---- moves as candidates ------------------------------------------------------------- */

static uint32_t fixed_of(const lm__ls *ls, uint32_t ri) { return ls->fixed ? ls->fixed[ri] : 0; }

/* Adds candidate (pre, i, mid[k][0..nmid-1], suf, j) replacing route `target`. */
static void add(lm__ls *ls, uint32_t target, uint32_t pre, uint32_t i, uint32_t nmid, uint32_t suf,
                uint32_t j) {
  uint32_t k = ls->nc++;
  ls->cand[k] = (lm__cand){pre, i, ls->mid[k], nmid, suf, j};
  ls->target[k] = target;
}

/* Appends positions from..to of route r (to < from: none) to buf at *m. */
static void copy_span(const lm__route *r, uint32_t from, uint32_t to, uint32_t *buf, uint32_t *m) {
  for (uint32_t p = from; p <= to; p++) buf[(*m)++] = r->stop[p - 1];
}

/* The a stops from position pu of route X go after position q of route Y. */
static int relocate(lm__ls *ls, const lm__sol *s, uint32_t X, uint32_t pu, uint32_t a, uint32_t Y,
                    uint32_t q) {
  const lm__route *rx = &s->r[X];
  uint32_t last = pu + a - 1, m = 0;
  if (last > rx->n || pu <= fixed_of(ls, X) || q < fixed_of(ls, Y)) return 0;
  if (X != Y) {
    copy_span(rx, pu, last, ls->mid[0], &m);
    add(ls, Y, Y, q, m, Y, q + 1);
    add(ls, X, X, pu - 1, 0, X, last + 1);
    return 1;
  }
  if (q + 1 >= pu && q <= last) return 0; /* in place, or into itself */
  if (q < pu) {
    copy_span(rx, pu, last, ls->mid[0], &m);
    copy_span(rx, q + 1, pu - 1, ls->mid[0], &m);
    add(ls, X, X, q, m, X, last + 1);
  } else {
    copy_span(rx, last + 1, q, ls->mid[0], &m);
    copy_span(rx, pu, last, ls->mid[0], &m);
    add(ls, X, X, pu - 1, m, X, q + 1);
  }
  return 1;
}

static int swap(lm__ls *ls, const lm__sol *s, uint32_t X, uint32_t pu, uint32_t Y, uint32_t pv) {
  const lm__route *rx = &s->r[X];
  if (pu <= fixed_of(ls, X) || pv <= fixed_of(ls, Y)) return 0;
  if (X != Y) {
    ls->mid[0][0] = s->r[Y].stop[pv - 1];
    ls->mid[1][0] = rx->stop[pu - 1];
    add(ls, X, X, pu - 1, 1, X, pu + 1);
    add(ls, Y, Y, pv - 1, 1, Y, pv + 1);
    return 1;
  }
  uint32_t p1 = pu < pv ? pu : pv, p2 = pu < pv ? pv : pu, m = 0;
  ls->mid[0][m++] = rx->stop[p2 - 1];
  copy_span(rx, p1 + 1, p2 - 1, ls->mid[0], &m);
  ls->mid[0][m++] = rx->stop[p1 - 1];
  add(ls, X, X, p1 - 1, m, X, p2 + 1);
  return 1;
}

static int two_opt(lm__ls *ls, const lm__sol *s, uint32_t X, uint32_t pu, uint32_t pv) {
  const lm__route *rx = &s->r[X];
  if (pv <= pu + 1 || pu < fixed_of(ls, X)) return 0;
  uint32_t m = 0;
  for (uint32_t p = pv; p > pu; p--) ls->mid[0][m++] = rx->stop[p - 1];
  add(ls, X, X, pu, m, X, pv + 1);
  return 1;
}

static int two_opt_star(lm__ls *ls, uint32_t X, uint32_t pu, uint32_t Y, uint32_t pv) {
  if (pu < fixed_of(ls, X) || pv - 1 < fixed_of(ls, Y)) return 0;
  add(ls, X, X, pu, 0, Y, pv);
  add(ls, Y, Y, pv - 1, 0, X, pu + 1);
  return 1;
}

static int cross(lm__ls *ls, const lm__sol *s, uint32_t X, uint32_t pu, uint32_t a, uint32_t Y,
                 uint32_t pv, uint32_t b) {
  const lm__route *rx = &s->r[X], *ry = &s->r[Y];
  if (pu + a > rx->n || pv + b - 1 > ry->n) return 0;
  if (pu < fixed_of(ls, X) || pv - 1 < fixed_of(ls, Y)) return 0;
  uint32_t mb = 0, ma = 0;
  copy_span(ry, pv, pv + b - 1, ls->mid[0], &mb);
  copy_span(rx, pu + 1, pu + a, ls->mid[1], &ma);
  add(ls, X, X, pu, mb, X, pu + a + 1);
  add(ls, Y, Y, pv - 1, ma, Y, pv + b);
  return 1;
}

/* u's route ends at u; vehicle v, empty, drives the stops after u. */
static int split(lm__ls *ls, const lm__sol *s, uint32_t u, uint32_t v) {
  uint32_t X = s->route_of[u];
  if (X == LM__NONE || v >= s->nv || v == X || s->r[v].n != 0) return 0;
  uint32_t pu = s->pos_of[u];
  if (pu >= s->r[X].n || pu < fixed_of(ls, X)) return 0;
  add(ls, X, X, pu, 0, X, s->r[X].n + 1);
  add(ls, v, v, 0, 0, X, pu + 1);
  return 1;
}

/* Sets up the candidates of m; 0 when m is not defined for these stops. */
static int build(lm__ls *ls, const lm__sol *s, const lm__move *m) {
  ls->nc = 0;
  if (m->kind == LM__MV_SPLIT) return split(ls, s, m->u, m->v); /* v is a vehicle */
  uint32_t X = s->route_of[m->u], Y = s->route_of[m->v];
  if (m->u == m->v || X == LM__NONE || Y == LM__NONE) return 0;
  uint32_t pu = s->pos_of[m->u], pv = s->pos_of[m->v];
  int same = X == Y;
  if (m->a < 1 || m->a > LM__LS_SEG || m->b < 1 || m->b > LM__LS_SEG) return 0;
  switch (m->kind) {
  case LM__MV_RELOCATE:
    return relocate(ls, s, X, pu, m->a, Y, m->after ? pv : pv - 1);
  case LM__MV_SWAP:
    return swap(ls, s, X, pu, Y, pv);
  case LM__MV_2OPT:
    return same && two_opt(ls, s, X, pu, pv);
  case LM__MV_2OPTSTAR:
    return !same && two_opt_star(ls, X, pu, Y, pv);
  case LM__MV_CROSS:
    return !same && cross(ls, s, X, pu, m->a, Y, pv, m->b);
  case LM__MV_SPLIT: /* above */
    break;
  }
  return 0;
}

/* ---- a quick exact price for distance-only objectives ---------------------------------- */

/* The node at position p of route r (0: start depot, n + 1: end depot). */
static uint32_t node_at(const lm__ctx *c, const lm__route *r, uint32_t p) {
  if (p == 0) return c->p->vehicles[r->veh].start_node;
  if (p > r->n) return c->p->vehicles[r->veh].end_node;
  return c->p->stops[r->stop[p - 1]].node;
}

/* Arcs a move removes and adds, as nodes; priced with one distance matrix. */
typedef struct arcs {
  uint32_t from[8], to[8];
  int sign[8];
  int n;
} arcs;

static void arc(arcs *A, uint32_t from, uint32_t to, int sign) {
  A->from[A->n] = from;
  A->to[A->n] = to;
  A->sign[A->n++] = sign;
}

/* Position-based arc: from position pa of ra to position pb of rb. */
static void parc(const lm__ctx *c, arcs *A, const lm__route *ra, uint32_t pa, const lm__route *rb,
                 uint32_t pb, int sign) {
  arc(A, node_at(c, ra, pa), node_at(c, rb, pb), sign);
}

/* The arcs of a relocate or swap; 0 when the move is of another kind. */
static int relocate_swap_arcs(const lm__ctx *c, const lm__route *rx, uint32_t pu,
                              const lm__route *ry, uint32_t pv, const lm__move *m, arcs *A) {
  if (m->kind == LM__MV_RELOCATE) {
    uint32_t last = pu + m->a - 1, q = m->after ? pv : pv - 1;
    parc(c, A, rx, pu - 1, rx, pu, -1);
    parc(c, A, rx, last, rx, last + 1, -1);
    parc(c, A, ry, q, ry, q + 1, -1);
    parc(c, A, rx, pu - 1, rx, last + 1, 1);
    parc(c, A, ry, q, rx, pu, 1);
    parc(c, A, rx, last, ry, q + 1, 1);
    return 1;
  }
  if (m->kind != LM__MV_SWAP) return 0;
  if (rx == ry && (pu + 1 == pv || pv + 1 == pu)) { /* neighbours in one route */
    uint32_t p1 = pu < pv ? pu : pv;
    parc(c, A, rx, p1 - 1, rx, p1, -1);
    parc(c, A, rx, p1, rx, p1 + 1, -1);
    parc(c, A, rx, p1 + 1, rx, p1 + 2, -1);
    parc(c, A, rx, p1 - 1, rx, p1 + 1, 1);
    parc(c, A, rx, p1 + 1, rx, p1, 1);
    parc(c, A, rx, p1, rx, p1 + 2, 1);
    return 1;
  }
  parc(c, A, rx, pu - 1, rx, pu, -1);
  parc(c, A, rx, pu, rx, pu + 1, -1);
  parc(c, A, ry, pv - 1, ry, pv, -1);
  parc(c, A, ry, pv, ry, pv + 1, -1);
  parc(c, A, rx, pu - 1, ry, pv, 1);
  parc(c, A, ry, pv, rx, pu + 1, 1);
  parc(c, A, ry, pv - 1, rx, pu, 1);
  parc(c, A, rx, pu, ry, pv + 1, 1);
  return 1;
}

/* The arcs of a 2-opt* or cross-exchange. */
static void exchange_arcs(const lm__ctx *c, const lm__route *rx, uint32_t pu, const lm__route *ry,
                          uint32_t pv, const lm__move *m, arcs *A) {
  uint32_t a = m->kind == LM__MV_CROSS ? m->a : rx->n - pu;
  uint32_t b = m->kind == LM__MV_CROSS ? m->b : ry->n - pv + 1;
  parc(c, A, rx, pu, rx, pu + 1, -1);
  parc(c, A, ry, pv - 1, ry, pv, -1);
  parc(c, A, rx, pu, ry, pv, 1);
  parc(c, A, ry, pv - 1, rx, pu + 1, 1);
  if (m->kind == LM__MV_2OPTSTAR) return; /* the tails end at the (same) end depot */
  parc(c, A, rx, pu + a, rx, pu + a + 1, -1);
  parc(c, A, ry, pv + b - 1, ry, pv + b, -1);
  parc(c, A, ry, pv + b - 1, rx, pu + a + 1, 1);
  parc(c, A, rx, pu + a, ry, pv + b, 1);
}

/* A lower bound of the cost change of a move whose candidates ls->cand hold, from the
 * arcs it changes: exact when only distance is priced; with a price per hour, new routes
 * are priced without waiting and old ones with theirs, so that a saving of waiting time
 * is never missed; overtime (convex in the return time) is bounded below by losing all
 * that the two routes pay now. Needs static travel and two vehicles with the same legs, end depot
 * and prices per km and hour (the stops of both routes keep their service times); NAN otherwise,
 * for 2-opt, whose reversed stretch may differ with asymmetric travel, and for splits. */
static double arc_price(const lm__ls *ls, const lm__sol *s, const lm__move *m) {
  const lm__ctx *c = ls->c;
  if (m->kind == LM__MV_SPLIT) return NAN;
  const lm__route *rx = &s->r[s->route_of[m->u]], *ry = &s->r[s->route_of[m->v]];
  uint32_t vx = rx->veh, vy = ry->veh, pu = s->pos_of[m->u], pv = s->pos_of[m->v];
  if (!c->p->static_travel || m->kind == LM__MV_2OPT || !c->vdm[vx] || !c->vtm[vx] ||
      c->vclass[vx] != c->vclass[vy] || c->ckm[vx] != c->ckm[vy] || c->chr[vx] != c->chr[vy])
    return NAN;
  arcs A = {.n = 0};
  if (!relocate_swap_arcs(c, rx, pu, ry, pv, m, &A)) exchange_arcs(c, rx, pu, ry, pv, m, &A);
  const lm__legs L = lm__legs_of(c, vx);
  double km = 0.0, busy = 0.0, fixed = 0.0, chr = c->chr[vx];
  for (int k = 0; k < A.n; k++) {
    km += A.sign[k] * lm__ld(&L, A.from[k], A.to[k]);
    if (chr != 0.0) busy += A.sign[k] * lm__lt(&L, A.from[k], A.to[k]);
  }
  if (chr != 0.0) busy -= rx->wait_s + (ry != rx ? ry->wait_s : 0.0);
  for (uint32_t k = 0; k < ls->nc; k++) { /* a route left empty costs nothing at all */
    const lm__cand *cd = &ls->cand[k];
    if (cd->i || cd->nmid || cd->j <= s->r[cd->suf].n) continue;
    const lm__route *r = &s->r[ls->target[k]];
    uint32_t from = node_at(c, r, 0), to = node_at(c, r, r->n + 1);
    km -= lm__ld(&L, from, to);
    if (chr != 0.0) busy -= lm__lt(&L, from, to);
    fixed += c->cfix[r->veh];
  }
  /* Overtime may only be saved, at most what the routes pay now: a bound, not a price. */
  double over = lm__overtime(c, vx, rx->start_s[rx->n + 1]);
  if (ry != rx) over += lm__overtime(c, vy, ry->start_s[ry->n + 1]);
  return c->ckm[vx] * km + chr * busy - fixed - over;
}

double lm__move_quick(lm__ls *ls, lm__sol *s, const lm__move *m) {
  return build(ls, s, m) ? arc_price(ls, s, m) : NAN;
}

/* lm__move_eval; with `prune`, a move the quick price shows not to gain may come back as
 * that price (>= 0) without a feasibility check. */
static double price(lm__ls *ls, lm__sol *s, const lm__move *m, int prune) {
  if (!build(ls, s, m)) return INFINITY;
  if (prune) {
    double quick = arc_price(ls, s, m);
    if (quick >= 0.0) return quick;
  }
  for (uint32_t k = 0; k < ls->nc; k++) {
    lm__route *r = &s->r[ls->target[k]];
    if (!r->aux) lm__route_aux(ls->c, r);
  }
  double delta = 0.0;
  for (uint32_t k = 0; k < ls->nc; k++) {
    double cost = lm__cand_cost(ls->c, s, &ls->cand[k]);
    if (cost == INFINITY) return INFINITY;
    delta += cost - s->r[ls->target[k]].cost;
  }
  return delta;
}

double lm__move_eval(lm__ls *ls, lm__sol *s, const lm__move *m) { return price(ls, s, m, 0); }

/* Writes candidate k's stops into out[k]; returns how many. */
static uint32_t spell(lm__ls *ls, const lm__sol *s, uint32_t k) {
  const lm__cand *cd = &ls->cand[k];
  const lm__route *P = &s->r[cd->pre], *S = &s->r[cd->suf];
  uint32_t m = 0;
  copy_span(P, 1, cd->i, ls->out[k], &m);
  for (uint32_t i = 0; i < cd->nmid; i++) ls->out[k][m++] = cd->mid[i];
  copy_span(S, cd->j, S->n, ls->out[k], &m);
  return m;
}

int lm__move_apply(lm__ls *ls, lm__sol *s, const lm__move *m) {
  if (!build(ls, s, m)) return 0;
  uint32_t len[2];
  for (uint32_t k = 0; k < ls->nc; k++) len[k] = spell(ls, s, k);
  for (uint32_t k = 0; k < ls->nc; k++) {
    lm__route *r = &s->r[ls->target[k]];
    if (lm__route_reserve(r, len[k])) return LM_ENOMEM;
    s->cost -= r->cost;
    memcpy(r->stop, ls->out[k], len[k] * sizeof *r->stop);
    r->n = len[k];
  }
  for (uint32_t k = 0; k < ls->nc; k++) {
    lm__route_update(ls->c, s, ls->target[k]);
    s->cost += s->r[ls->target[k]].cost;
  }
  return 0;
}

/* ---- the search ------------------------------------------------------------------------ */

static void push(lm__ls *ls, uint32_t u) {
  if (ls->queued[u]) return;
  ls->queued[u] = 1;
  ls->queue[(ls->head + ls->len++) % ls->c->n] = u;
}

static uint32_t pop(lm__ls *ls) {
  uint32_t u = ls->queue[ls->head];
  ls->head = (ls->head + 1) % ls->c->n;
  ls->len--;
  ls->queued[u] = 0;
  return u;
}

/* Puts route ri back as saved in backup k, with its stops' bookkeeping. */
static void undo(lm__ls *ls, lm__sol *s, uint32_t k) {
  uint32_t ri = ls->target[k];
  lm__route *r = &s->r[ri];
  lm__route_copy(r, &ls->backup[k]); /* cannot fail: r is at least as large */
  for (uint32_t i = 0; i < r->n; i++) {
    s->route_of[r->stop[i]] = ri;
    s->pos_of[r->stop[i]] = i + 1;
  }
}

/* Applies m, priced at `delta`, keeping it only when the updated routes are feasible and
 * cheaper; requeues the stops of changed routes. Returns 1 kept, 0 undone, or LM_ENOMEM. */
static int commit(lm__ls *ls, lm__sol *s, const lm__move *m) {
  double cost = s->cost;
  uint32_t nc = ls->nc, target[2] = {ls->target[0], ls->target[1]};
  for (uint32_t k = 0; k < nc; k++)
    if (lm__route_copy(&ls->backup[k], &s->r[target[k]])) return LM_ENOMEM;
  if (lm__move_apply(ls, s, m)) return LM_ENOMEM;
  ls->spare_ok = 0;
  int ok = s->cost < cost;
  for (uint32_t k = 0; k < nc; k++) ok &= s->r[target[k]].feasible;
  if (!ok) {
    for (uint32_t k = 0; k < nc; k++) undo(ls, s, k);
    s->cost = cost;
    return 0;
  }
  for (uint32_t k = 0; k < nc; k++) { /* the stops at the seams and in between */
    const lm__route *r = &s->r[target[k]];
    ls->changed[target[k]] = (uint8_t)ls->sweep;
    uint32_t from = ls->cand[k].i, to = ls->cand[k].i + ls->cand[k].nmid + 1;
    for (uint32_t p = from ? from : 1; p <= to && p <= r->n; p++) push(ls, r->stop[p - 1]);
  }
  return 1;
}

/* The moves of stop u with neighbour v, in the order they are tried. */
static uint32_t moves_of(const lm__sol *s, uint32_t u, uint32_t v, lm__move *mv) {
  uint32_t n = 0;
  int same = s->route_of[u] == s->route_of[v];
  for (uint32_t a = 1; a <= LM__LS_SEG; a++) {
    mv[n++] = (lm__move){LM__MV_RELOCATE, u, v, a, 1, 1};
    mv[n++] = (lm__move){LM__MV_RELOCATE, u, v, a, 1, 0};
  }
  mv[n++] = (lm__move){LM__MV_SWAP, u, v, 1, 1, 0};
  mv[n++] = (lm__move){same ? LM__MV_2OPT : LM__MV_2OPTSTAR, u, v, 1, 1, 0};
  for (uint32_t a = 1; !same && a <= LM__LS_SEG; a++)
    for (uint32_t b = 1; b <= LM__LS_SEG; b++) mv[n++] = (lm__move){LM__MV_CROSS, u, v, a, b, 0};
  return n;
}

/* The first empty vehicle of each type (of the first LM__SPLIT_MAX types met). */
static void find_spares(lm__ls *ls, const lm__sol *s) {
  const lm__ctx *c = ls->c;
  ls->nspare = 0;
  for (uint32_t v = 0; v < c->nv && ls->nspare < LM__SPLIT_MAX; v++) {
    if (s->r[v].n) continue;
    uint32_t k = 0;
    while (k < ls->nspare && c->vtype[ls->spare[k]] != c->vtype[v]) k++;
    if (k == ls->nspare) ls->spare[ls->nspare++] = v;
  }
  ls->spare_ok = 1;
}

/* Tries mv[0..n-1] in order and commits the first that improves. Returns 1 when one was
 * kept, 0, or LM_ENOMEM; counts evaluations in *work. */
static int try_moves(lm__ls *ls, lm__sol *s, const lm__move *mv, uint32_t n, size_t *work) {
  for (uint32_t j = 0; j < n; j++) {
    ++*work;
    double delta = price(ls, s, &mv[j], 1);
    if (!(delta < 0.0)) continue;
    double old = s->r[ls->target[0]].cost + (ls->nc > 1 ? s->r[ls->target[1]].cost : 0.0);
    if (delta > -1e-9 * (1.0 + fabs(old))) continue; /* rounding, not a gain */
    int rc = commit(ls, s, &mv[j]);
    if (rc) return rc;
  }
  return 0;
}

/* Tries u's moves with its nearest stops, then handing the stops after u to an empty
 * vehicle of each type; applies the first that improves. Returns 1 when one was kept, 0,
 * or LM_ENOMEM; counts evaluations in *work. */
static int improve(lm__ls *ls, lm__sol *s, uint32_t u, size_t *work) {
  const lm__ctx *c = ls->c;
  uint32_t k = c->k < LM__LS_K ? c->k : LM__LS_K;
  lm__move mv[6 + 2 + LM__LS_SEG * LM__LS_SEG];
  if (s->route_of[u] == LM__NONE) return 0;
  for (uint32_t i = 0; i < k; i++) {
    uint32_t v = c->nb[(size_t)u * c->k + i];
    if (s->route_of[v] == LM__NONE) continue;
    int rc = try_moves(ls, s, mv, moves_of(s, u, v, mv), work);
    if (rc) return rc;
  }
  if (!ls->spare_ok) find_spares(ls, s);
  for (uint32_t i = 0; i < ls->nspare; i++)
    mv[i] = (lm__move){LM__MV_SPLIT, u, ls->spare[i], 1, 1, 0};
  return try_moves(ls, s, mv, ls->nspare, work);
}

/* Queues every stop of a route changed since the last sweep and every stop that tries
 * moves with one of them; returns whether any was queued. */
static int sweep(lm__ls *ls, lm__sol *s) {
  for (size_t ri = 0; ri < s->nv; ri++) {
    if (!ls->changed[ri]) continue;
    ls->changed[ri] = 0;
    const lm__route *r = &s->r[ri];
    for (uint32_t i = 0; i < r->n; i++) {
      uint32_t v = r->stop[i];
      push(ls, v);
      for (uint32_t j = ls->rev_at[v]; j < ls->rev_at[v + 1]; j++)
        if (s->route_of[ls->rev[j]] != LM__NONE) push(ls, ls->rev[j]);
    }
  }
  return ls->len > 0;
}

int lm__ls_run(lm__ls *ls, const lm__ctx *c, lm__sol *s, const uint32_t *stops, size_t ns) {
  ls->c = c;
  ls->head = ls->len = 0;
  memset(ls->queued, 0, c->n);
  for (size_t i = 0; i < (stops ? ns : c->n); i++) {
    uint32_t u = stops ? stops[i] : (uint32_t)i;
    if (s->route_of[u] != LM__NONE) push(ls, u);
  }
  ls->sweep = 0;
  ls->spare_ok = 0;
  for (size_t v = 0; v < c->nv; v++) ls->sweep |= c->cot[v] > 0.0;
  size_t work = 0, cap = (size_t)LM__LS_WORK * c->n;
  while (work < cap) {
    if (ls->len == 0 && !(ls->sweep && sweep(ls, s))) break;
    uint32_t u = pop(ls);
    int rc = improve(ls, s, u, &work);
    if (rc < 0) return rc;
    if (rc > 0) push(ls, u);
  }
  memset(ls->changed, 0, c->nv);
  return 0;
}
