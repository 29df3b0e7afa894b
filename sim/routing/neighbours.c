/* neighbours.c — the neighbour lists of the routing core's granular search: for every
 * stop, k other stops near it.
 *
 * Stops are first grouped into places: stops at one place are at zero distance from each
 * other (the same coordinates, or, without coordinates, zero travel distance both ways).
 * Each place gets its nearest other places: with coordinates and more than LM__GRID_MIN
 * places, from a uniform grid of about two places per cell, searching rings of cells
 * outward until the k-th nearest is closer than any unvisited ring (O(L k) expected for
 * spread-out places); otherwise by comparing every pair (O(L^2)). Ties are broken by
 * index distance, then index.
 *
 * A stop's list is then filled in rounds: each round takes up to LM__NB_PLACE stops from
 * its own place (the stops nearest to it in index, on either side) and up to as many from
 * each of its nearest places in order (a window of that place's stops at the same relative
 * position), until k stops are listed. When every stop has a place of its own this is
 * exactly the k nearest stops, nearest first. The rounds matter where many stops share a
 * place (a block of flats, a campus): plain nearest lists would hold k stops of that one
 * place, and every stop there the same k; a stop whose listed neighbours are not on a
 * route would see no route to join, and no route serving the places around. With rounds,
 * the stops of a place are linked to each other in a band and each sees the nearest
 * places too. Lists never contain the stop itself; memory O(n + L k), the lists and their
 * scratch in buffers of the router's workspace.
 */
#include "routing/solver.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LM__GRID_MIN 256u /* more places than this (with coordinates): grid search */
#define LM__NB_PLACE 8u   /* stops taken from one place per round */

/* Stops grouped by place. The stops of place q are member[start[q] .. start[q + 1] - 1],
 * in increasing index; rank[i] is stop i's position among them. */
typedef struct places {
  uint32_t n;
  uint32_t *of, *rank; /* per stop: its place, its position there */
  uint32_t *start;     /* n + 1 */
  uint32_t *member;    /* the stops, place after place */
  uint32_t k;          /* nearest other places kept per place */
  uint32_t *near;      /* n x k: nearest other places, nearest first */
} places;

static int has_xy(const lm__ctx *c) { return c->p->node_x && c->p->node_y; }

static double node_x(const lm__ctx *c, uint32_t i) { return c->p->node_x[c->p->stops[i].node]; }
static double node_y(const lm__ctx *c, uint32_t i) { return c->p->node_y[c->p->stops[i].node]; }

/* The order of two stops in the distance of their first stops: the squared Euclidean
 * distance with coordinates (the same order, no square root), else travel both ways. */
static double metric(const lm__ctx *c, uint32_t i, uint32_t j) {
  if (has_xy(c)) {
    double dx = node_x(c, i) - node_x(c, j), dy = node_y(c, i) - node_y(c, j);
    return dx * dx + dy * dy;
  }
  uint32_t a = c->p->stops[i].node, b = c->p->stops[j].node;
  return lm__dist0(c, a, b) + lm__dist0(c, b, a);
}

/* Whether candidate (d, j) ranks before (e, l) in the list of s: nearer first, then
 * nearer in index, then lower index. */
static int before(uint32_t s, double d, uint32_t j, double e, uint32_t l) {
  if (d != e) return d < e;
  uint32_t dj = j > s ? j - s : s - j, dl = l > s ? l - s : s - l;
  return dj != dl ? dj < dl : j < l;
}

/* Offers candidate j at distance d to s's sorted list (nb, nd) of length *len <= k. */
static void offer(uint32_t s, uint32_t *nb, double *nd, uint32_t *len, uint32_t k, uint32_t j,
                  double d) {
  if (*len == k && !before(s, d, j, nd[k - 1], nb[k - 1])) return;
  uint32_t i = *len < k ? (*len)++ : k - 1;
  while (i > 0 && before(s, d, j, nd[i - 1], nb[i - 1])) {
    nb[i] = nb[i - 1];
    nd[i] = nd[i - 1];
    i--;
  }
  nb[i] = j;
  nd[i] = d;
}

/* ---- places ---------------------------------------------------------------------------- */

typedef struct xyi {
  double x, y;
  uint32_t i;
} xyi;

static int cmp_xyi(const void *pa, const void *pb) {
  const xyi *a = pa, *b = pb;
  if (a->x != b->x) return a->x < b->x ? -1 : 1;
  if (a->y != b->y) return a->y < b->y ? -1 : 1;
  return a->i < b->i ? -1 : a->i > b->i;
}

/* Numbers the places by their first stop: P->of. With coordinates by sorting them
 * (O(n log n)); without, each stop is compared with the first stop of every place so far
 * (O(n L) travel lookups). Returns 0 or LM_ENOMEM. */
static int find_places(const lm__ctx *c, places *P, uint32_t *first) {
  uint32_t n = (uint32_t)c->n;
  for (uint32_t i = 0; i < n; i++) P->of[i] = LM__NONE;
  if (has_xy(c)) {
    xyi *s = lm__work_get(c->w, LM__W_NB_SORT, n * sizeof *s);
    if (!s) return LM_ENOMEM;
    for (uint32_t i = 0; i < n; i++) s[i] = (xyi){node_x(c, i), node_y(c, i), i};
    qsort(s, n, sizeof *s, cmp_xyi);
    for (uint32_t a = 0, b; a < n; a = b) { /* s[a..b-1]: one place, first stop s[a].i */
      for (b = a + 1; b < n && s[b].x == s[a].x && s[b].y == s[a].y;) b++;
      for (uint32_t m = a; m < b; m++) P->of[s[m].i] = s[a].i;
    }
  } else {
    uint32_t L = 0;
    for (uint32_t i = 0; i < n; i++) {
      for (uint32_t q = 0; q < L && P->of[i] == LM__NONE; q++)
        if (metric(c, i, first[q]) == 0.0) P->of[i] = first[q];
      if (P->of[i] == LM__NONE) P->of[i] = first[L++] = i;
    }
  }
  /* Renumber places 0..L-1 in the order of their first stops. */
  uint32_t L = 0;
  for (uint32_t i = 0; i < n; i++)
    if (P->of[i] == i) first[L++] = i;
  P->n = L;
  for (uint32_t q = 0; q < L; q++) P->rank[first[q]] = q; /* scratch: place of a first stop */
  for (uint32_t i = 0; i < n; i++) P->of[i] = P->rank[P->of[i]];
  return 0;
}

/* Fills start, member and rank from of (a counting sort: members in index order). */
static void list_members(const lm__ctx *c, places *P) {
  memset(P->start, 0, ((size_t)P->n + 1) * sizeof *P->start);
  for (uint32_t i = 0; i < c->n; i++) P->start[P->of[i] + 1]++;
  for (uint32_t q = 0; q < P->n; q++) P->start[q + 1] += P->start[q];
  for (uint32_t i = 0; i < c->n; i++) {
    uint32_t q = P->of[i];
    P->member[P->start[q]++] = i;
  }
  for (uint32_t q = P->n; q > 0; q--) P->start[q] = P->start[q - 1];
  P->start[0] = 0;
  for (uint32_t q = 0; q < P->n; q++)
    for (uint32_t m = P->start[q]; m < P->start[q + 1]; m++)
      P->rank[P->member[m]] = m - P->start[q];
}

/* ---- nearest places --------------------------------------------------------------------- */

static void near_brute(const lm__ctx *c, places *P, const uint32_t *first, double *nd) {
  for (uint32_t q = 0; q < P->n; q++) {
    uint32_t len = 0, *nb = P->near + (size_t)q * P->k;
    for (uint32_t o = 0; o < P->n; o++)
      if (o != q) offer(q, nb, nd, &len, P->k, o, metric(c, first[q], first[o]));
  }
}

static int near_grid(const lm__ctx *c, places *P, const uint32_t *first, double *nd) {
  uint32_t L = P->n;
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (uint32_t q = 0; q < L; q++) {
    x0 = fmin(x0, node_x(c, first[q]));
    x1 = fmax(x1, node_x(c, first[q]));
    y0 = fmin(y0, node_y(c, first[q]));
    y1 = fmax(y1, node_y(c, first[q]));
  }
  uint32_t g = (uint32_t)ceil(sqrt((double)L / 2.0));
  double w = fmax(fmax(x1 - x0, y1 - y0) / g, 1e-12);
  uint32_t *head = lm__work_get(c->w, LM__W_NB_HEAD, (size_t)g * g * sizeof *head);
  uint32_t *next = lm__work_get(c->w, LM__W_NB_NEXT, L * sizeof *next);
  uint32_t *cell = lm__work_get(c->w, LM__W_NB_CELL, L * sizeof *cell);
  if (!head || !next || !cell) return LM_ENOMEM;
  for (size_t i = 0; i < (size_t)g * g; i++) head[i] = LM__NONE;
  for (uint32_t q = 0; q < L; q++) {
    uint32_t cx = (uint32_t)fmin(g - 1, (node_x(c, first[q]) - x0) / w);
    uint32_t cy = (uint32_t)fmin(g - 1, (node_y(c, first[q]) - y0) / w);
    cell[q] = cy * g + cx;
    next[q] = head[cell[q]];
    head[cell[q]] = q;
  }
  for (uint32_t q = 0; q < L; q++) {
    uint32_t len = 0, *nb = P->near + (size_t)q * P->k;
    long cx = cell[q] % g, cy = cell[q] / g;
    for (long ring = 0; ring <= (long)g; ring++) {
      double reach = ring > 0 ? (double)(ring - 1) * w : 0.0; /* nearest unvisited cell */
      if (len == P->k && nd[P->k - 1] < reach * reach) break;
      for (long yy = cy - ring; yy <= cy + ring; yy++) {
        if (yy < 0 || yy >= (long)g) continue;
        long step = (yy == cy - ring || yy == cy + ring) ? 1 : 2 * ring;
        for (long xx = cx - ring; xx <= cx + ring; xx += step ? step : 1) {
          if (xx < 0 || xx >= (long)g) continue;
          for (uint32_t o = head[yy * (long)g + xx]; o != LM__NONE; o = next[o])
            if (o != q) offer(q, nb, nd, &len, P->k, o, metric(c, first[q], first[o]));
        }
      }
    }
  }
  return 0;
}

/* ---- the stops' lists ------------------------------------------------------------------- */

/* Appends to stop i's list the stops of its own place at index offsets lo+1..hi on
 * either side (nearest first), while the list is short of k. */
static void take_own(const lm__ctx *c, const places *P, uint32_t i, uint32_t lo, uint32_t hi,
                     uint32_t *nb, uint32_t *len) {
  uint32_t q = P->of[i], r = P->rank[i], size = P->start[q + 1] - P->start[q];
  const uint32_t *m = P->member + P->start[q];
  for (uint32_t o = lo + 1; o <= hi && *len < c->k; o++) {
    if (r >= o) nb[(*len)++] = m[r - o];
    if (r + o < size && *len < c->k) nb[(*len)++] = m[r + o];
  }
}

/* Appends the window [lo, hi) of place q's stops, counted cyclically from the position of
 * the same share as stop i's in its own place, while the list is short of k. */
static void take_other(const lm__ctx *c, const places *P, uint32_t i, uint32_t q, uint32_t lo,
                       uint32_t hi, uint32_t *nb, uint32_t *len) {
  uint32_t own = P->of[i], size = P->start[q + 1] - P->start[q];
  uint32_t osize = P->start[own + 1] - P->start[own];
  uint32_t base = (uint32_t)((uint64_t)P->rank[i] * size / osize);
  for (uint32_t o = lo; o < hi && o < size && *len < c->k; o++)
    nb[(*len)++] = P->member[P->start[q] + (base + o) % size];
}

static void fill_lists(const lm__ctx *c, const places *P) {
  uint32_t h = LM__NB_PLACE / 2;
  for (uint32_t i = 0; i < c->n; i++) {
    uint32_t len = 0, *nb = c->nb + (size_t)i * c->k, q = P->of[i];
    const uint32_t *near = P->near + (size_t)q * P->k;
    for (uint32_t t = 0; len < c->k; t++) {
      take_own(c, P, i, t * h, (t + 1) * h, nb, &len);
      for (uint32_t o = 0; o < P->k && len < c->k; o++)
        take_other(c, P, i, near[o], t * LM__NB_PLACE, (t + 1) * LM__NB_PLACE, nb, &len);
    }
  }
}

int lm__neighbours_build(lm__ctx *c) {
  lm__work *w = c->w;
  c->k = c->n > 1 ? (uint32_t)(c->n - 1 < LM__NB_K ? c->n - 1 : LM__NB_K) : 0;
  c->nb = lm__work_get(w, LM__W_NB, c->n * c->k * sizeof *c->nb);
  if (!c->nb) return LM_ENOMEM;
  if (c->k == 0) return 0;
  places P = {0};
  size_t n = c->n;
  uint32_t *first = lm__work_get(w, LM__W_NB_FIRST, n * sizeof *first);
  double *nd = lm__work_get(w, LM__W_NB_DIST, LM__NB_K * sizeof *nd);
  P.of = lm__work_get(w, LM__W_NB_OF, n * sizeof *P.of);
  P.rank = lm__work_get(w, LM__W_NB_RANK, n * sizeof *P.rank);
  P.member = lm__work_get(w, LM__W_NB_MEMBER, n * sizeof *P.member);
  int rc = !first || !nd || !P.of || !P.rank || !P.member ? LM_ENOMEM : 0;
  if (!rc) rc = find_places(c, &P, first);
  if (!rc) {
    P.k = P.n - 1 < LM__NB_K ? P.n - 1 : LM__NB_K;
    P.start = lm__work_get(w, LM__W_NB_START, ((size_t)P.n + 1) * sizeof *P.start);
    P.near = lm__work_get(w, LM__W_NB_NEAR, (size_t)P.n * P.k * sizeof *P.near);
    if (!P.start || !P.near) rc = LM_ENOMEM;
  }
  if (!rc) {
    list_members(c, &P);
    if (P.k == 0) {
    } else if (has_xy(c) && P.n > LM__GRID_MIN) {
      rc = near_grid(c, &P, first, nd);
    } else {
      near_brute(c, &P, first, nd);
    }
  }
  if (!rc) fill_lists(c, &P);
  return rc;
}
