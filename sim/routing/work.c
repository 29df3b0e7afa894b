/* work.c — the bottom of the routing core: its random numbers and its workspace.
 *
 * Every other file of the core draws from an lm__rng and takes its arrays from the
 * lm__work of the router that runs it; nothing here calls anything above (only the
 * destructors of the solutions and the local search that the workspace holds).
 *
 * The generator is xoshiro256** (Blackman & Vigna), its four words filled by splitmix64
 * from the seed, so a seed gives the same stream on every platform.
 *
 * The workspace holds one buffer per slot (lm__slot), the travel matrices, four
 * solutions and one local search. A buffer only grows: a request no larger than what it
 * holds returns the same memory (its contents unchanged, unless through lm__work_zero);
 * a larger one frees it and allocates anew, and on failure returns NULL and keeps the old
 * buffer. Everything is freed by lm__work_destroy.
 */
#include <stdlib.h>
#include <string.h>

#include "routing/solver.h"

/* ---- random numbers: xoshiro256** seeded by splitmix64 ------------------------------- */

void lm__rng_seed(lm__rng *g, uint64_t seed) {
  for (int i = 0; i < 4; i++) {
    uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    g->s[i] = z ^ (z >> 31);
  }
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t lm__rng_next(lm__rng *g) {
  uint64_t *s = g->s, r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return r;
}

double lm__rng_unif(lm__rng *g) { return (double)(lm__rng_next(g) >> 11) * 0x1.0p-53; }

uint32_t lm__rng_below(lm__rng *g, uint32_t n) {
  return (uint32_t)(((lm__rng_next(g) >> 32) * (uint64_t)n) >> 32);
}

/* ---- the workspace --------------------------------------------------------------------- */

struct lm__work {
  lm__buf b[LM__W_COUNT];
  lm__buf *mat; /* n_mat travel matrices */
  size_t n_mat;
  lm__sol sol[4]; /* see lm__work_sol */
  lm__ls *ls;
};

lm__work *lm__work_create(void) { return calloc(1, sizeof(lm__work)); }

void lm__work_destroy(lm__work *w) {
  if (!w) return;
  for (int i = 0; i < LM__W_COUNT; i++) free(w->b[i].p);
  for (size_t k = 0; k < w->n_mat; k++) free(w->mat[k].p);
  free(w->mat);
  for (int k = 0; k < 4; k++) lm__sol_free(&w->sol[k]);
  lm__ls_destroy(w->ls);
  free(w);
}

static void *buf_get(lm__buf *b, size_t bytes) {
  if (bytes == 0) bytes = 1;
  if (b->bytes >= bytes) return b->p;
  void *p = malloc(bytes);
  if (!p) return NULL;
  free(b->p);
  b->p = p;
  b->bytes = bytes;
  return p;
}

void *lm__work_get(lm__work *w, lm__slot s, size_t bytes) { return buf_get(&w->b[s], bytes); }

void *lm__work_zero(lm__work *w, lm__slot s, size_t bytes) {
  void *p = buf_get(&w->b[s], bytes);
  if (p && bytes) memset(p, 0, bytes);
  return p;
}

double *lm__work_matrix(lm__work *w, size_t k, size_t bytes) {
  if (k >= w->n_mat) {
    size_t n = 2 * (k + 1);
    lm__buf *m = realloc(w->mat, n * sizeof *m);
    if (!m) return NULL;
    memset(m + w->n_mat, 0, (n - w->n_mat) * sizeof *m);
    w->mat = m;
    w->n_mat = n;
  }
  return buf_get(&w->mat[k], bytes);
}

lm__sol *lm__work_sol(lm__work *w, int k) { return &w->sol[k]; }

lm__ls *lm__work_ls(lm__work *w) {
  if (!w->ls) w->ls = lm__ls_alloc();
  return w->ls;
}
