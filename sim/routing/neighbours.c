/* neighbours.c — the k nearest stops of every stop, the granular neighbourhood of the
 * routing core.
 *
 * With node coordinates and many stops, stops are bucketed in a uniform grid of about
 * two stops per cell and each stop searches rings of cells outward until its k-th
 * nearest is closer than any unvisited ring: O(n k) expected for spread-out stops, O(n)
 * memory. Without coordinates, or with few stops, every pair is compared (O(n^2) time,
 * O(n k) memory), using travel distances in both directions when there are no
 * coordinates. Lists are sorted nearest first and never contain the stop itself.
 */
#include "routing/solver.h"

#include <math.h>
#include <stdlib.h>

static double metric(const lm__ctx *c, uint32_t i, uint32_t j) {
  const lm_rproblem *p = c->p;
  uint32_t a = p->stops[i].node, b = p->stops[j].node;
  if (p->node_x && p->node_y)
    return hypot(p->node_x[a] - p->node_x[b], p->node_y[a] - p->node_y[b]);
  return lm__dist0(c, a, b) + lm__dist0(c, b, a);
}

/* Offers candidate j at distance d to the sorted list (nb, nd) of length *len <= k. */
static void offer(uint32_t *nb, double *nd, uint32_t *len, uint32_t k, uint32_t j, double d) {
  if (*len == k && d >= nd[k - 1]) return;
  uint32_t i = *len < k ? (*len)++ : k - 1;
  while (i > 0 && nd[i - 1] > d) {
    nb[i] = nb[i - 1];
    nd[i] = nd[i - 1];
    i--;
  }
  nb[i] = j;
  nd[i] = d;
}

static void brute(lm__ctx *c, double *nd) {
  for (uint32_t i = 0; i < c->n; i++) {
    uint32_t len = 0, *nb = c->nb + (size_t)i * c->k;
    for (uint32_t j = 0; j < c->n; j++)
      if (j != i) offer(nb, nd, &len, c->k, j, metric(c, i, j));
  }
}

static int grid(lm__ctx *c, double *nd) {
  const lm_rproblem *p = c->p;
  size_t n = c->n;
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    uint32_t a = p->stops[i].node;
    x0 = fmin(x0, p->node_x[a]);
    x1 = fmax(x1, p->node_x[a]);
    y0 = fmin(y0, p->node_y[a]);
    y1 = fmax(y1, p->node_y[a]);
  }
  uint32_t g = (uint32_t)ceil(sqrt((double)n / 2.0));
  double w = fmax(fmax(x1 - x0, y1 - y0) / g, 1e-12);
  uint32_t *head = malloc((size_t)g * g * sizeof *head), *next = malloc(n * sizeof *next);
  uint32_t *cell = malloc(n * sizeof *cell);
  if (!head || !next || !cell) {
    free(head);
    free(next);
    free(cell);
    return LM_ENOMEM;
  }
  for (size_t i = 0; i < (size_t)g * g; i++) head[i] = LM__NONE;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t a = p->stops[i].node;
    uint32_t cx = (uint32_t)fmin(g - 1, (p->node_x[a] - x0) / w);
    uint32_t cy = (uint32_t)fmin(g - 1, (p->node_y[a] - y0) / w);
    cell[i] = cy * g + cx;
    next[i] = head[cell[i]];
    head[cell[i]] = i;
  }
  for (uint32_t i = 0; i < n; i++) {
    uint32_t len = 0, *nb = c->nb + (size_t)i * c->k;
    long cx = cell[i] % g, cy = cell[i] / g;
    for (long ring = 0; ring <= (long)g; ring++) {
      if (len == c->k && nd[c->k - 1] < (double)(ring - 1) * w) break;
      for (long yy = cy - ring; yy <= cy + ring; yy++) {
        if (yy < 0 || yy >= (long)g) continue;
        long step = (yy == cy - ring || yy == cy + ring) ? 1 : 2 * ring;
        for (long xx = cx - ring; xx <= cx + ring; xx += step ? step : 1) {
          if (xx < 0 || xx >= (long)g) continue;
          for (uint32_t j = head[yy * (long)g + xx]; j != LM__NONE; j = next[j])
            if (j != i) offer(nb, nd, &len, c->k, j, metric(c, i, j));
        }
      }
    }
  }
  free(head);
  free(next);
  free(cell);
  return 0;
}

int lm__neighbours_build(lm__ctx *c) {
  c->k = c->n > 1 ? (uint32_t)(c->n - 1 < LM__NB_K ? c->n - 1 : LM__NB_K) : 0;
  c->nb = malloc((c->n * c->k > 0 ? c->n * c->k : 1) * sizeof *c->nb);
  double *nd = malloc((c->k ? c->k : 1) * sizeof *nd);
  if (!c->nb || !nd) {
    free(nd);
    return LM_ENOMEM;
  }
  int rc = 0;
  if (c->k == 0) {
  } else if (c->p->node_x && c->p->node_y && c->n > LM__MATRIX_MAX) {
    rc = grid(c, nd);
  } else {
    brute(c, nd);
  }
  free(nd);
  return rc;
}
