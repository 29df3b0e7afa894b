/* locker.h — a bank of parcel-locker compartments of a few sizes.
 *
 * Compartment sizes are numbered from the smallest (0) up; a parcel of size class s fits
 * a compartment of class s or larger, and takes the smallest free one that fits, which
 * keeps the large compartments for the parcels that need them. Occupancy is integrated
 * over time so that utilisation (occupied compartment-seconds over available ones) can
 * be read for any period.
 */
#ifndef LASTMILE_LOCKER_H
#define LASTMILE_LOCKER_H

#include <stddef.h>
#include <stdint.h>

#define LM_LOCKER_SIZES 8

typedef struct lm_locker_bank {
  uint32_t total[LM_LOCKER_SIZES]; /* compartments of each size class */
  uint32_t used[LM_LOCKER_SIZES];
  size_t n_sizes;
  double last_change_s; /* time of the last store or release */
  double occupied_s;    /* compartment-seconds occupied since the last reset of it */
} lm_locker_bank;

/* Sets up an empty bank with `n_sizes` classes and total[i] compartments each. */
void lm_locker_init(lm_locker_bank *b, const uint32_t *total, size_t n_sizes, double now_s);

/* Stores a parcel of size class `size` at `now_s`: returns the class of the compartment
 * it took, or -1 when every compartment that fits is in use (the bank is unchanged). */
int lm_locker_store(lm_locker_bank *b, size_t size, double now_s);

/* Frees a compartment of class `compartment` at `now_s` (a class that lm_locker_store
 * returned and that is in use). */
void lm_locker_release(lm_locker_bank *b, size_t compartment, double now_s);

/* Brings the occupancy integral up to `now_s` and returns the compartment-seconds
 * occupied since the previous call (or since init). */
double lm_locker_take_occupied(lm_locker_bank *b, double now_s);

/* Compartments in the bank, and in use now. */
uint32_t lm_locker_total(const lm_locker_bank *b);
uint32_t lm_locker_in_use(const lm_locker_bank *b);

/* The Erlang B blocking probability of c servers under offered load `load` (arrival
 * rate x mean holding time), by the stable recurrence B(0) = 1,
 * B(k) = a B(k-1) / (k + a B(k-1)). */
double lm_erlang_b(uint32_t c, double load);

#endif
