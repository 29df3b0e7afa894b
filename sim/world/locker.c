/* locker.c — compartments of a locker bank, and the Erlang B formula.
 *
 * Every operation is O(number of size classes). The occupancy integral advances at each
 * change by (compartments in use) x (time since the last change), so it is exact for the
 * piecewise-constant occupancy.
 */
#include "lastmile/locker.h"

#include <assert.h>
#include <string.h>

static void advance(lm_locker_bank *b, double now_s) {
  if (now_s > b->last_change_s) {
    b->occupied_s += (double)lm_locker_in_use(b) * (now_s - b->last_change_s);
    b->last_change_s = now_s;
  }
}

void lm_locker_init(lm_locker_bank *b, const uint32_t *total, size_t n_sizes, double now_s) {
  assert(n_sizes <= LM_LOCKER_SIZES);
  memset(b, 0, sizeof *b);
  b->n_sizes = n_sizes;
  for (size_t i = 0; i < n_sizes; i++) b->total[i] = total[i];
  b->last_change_s = now_s;
}

int lm_locker_store(lm_locker_bank *b, size_t size, double now_s) {
  for (size_t c = size; c < b->n_sizes; c++) {
    if (b->used[c] < b->total[c]) {
      advance(b, now_s);
      b->used[c]++;
      return (int)c;
    }
  }
  return -1;
}

void lm_locker_release(lm_locker_bank *b, size_t compartment, double now_s) {
  assert(compartment < b->n_sizes && b->used[compartment] > 0);
  advance(b, now_s);
  b->used[compartment]--;
}

double lm_locker_take_occupied(lm_locker_bank *b, double now_s) {
  advance(b, now_s);
  double s = b->occupied_s;
  b->occupied_s = 0.0;
  return s;
}

uint32_t lm_locker_total(const lm_locker_bank *b) {
  uint32_t t = 0;
  for (size_t i = 0; i < b->n_sizes; i++) t += b->total[i];
  return t;
}

uint32_t lm_locker_in_use(const lm_locker_bank *b) {
  uint32_t u = 0;
  for (size_t i = 0; i < b->n_sizes; i++) u += b->used[i];
  return u;
}

double lm_erlang_b(uint32_t c, double load) {
  double b = 1.0;
  for (uint32_t k = 1; k <= c; k++) b = load * b / ((double)k + load * b);
  return b;
}
