/* rng.h — the random streams of a replication.
 *
 * Every source of randomness (demand, presence at home, service times, traffic, ...)
 * has its own stream, a GSL generator (MT19937) seeded from the triple
 * (master seed, replication, stream) through a SplitMix64 hash. Two strategies run in
 * the same replication therefore see the same draws from each stream, which makes
 * their comparison paired, and adding draws to one stream never shifts another.
 *
 * Exponential variates, the most frequent draw of an event simulation, use a 256-layer
 * ziggurat (Marsaglia & Tsang, J. Stat. Softw. 5(8), 2000) whose tables live in the
 * stream: one 32-bit draw and one multiplication in about 98.9% of the calls. The
 * draw helpers are inline because they sit in the innermost loops; the struct's
 * fields are private to rng.c and this header.
 */
#ifndef LASTMILE_RNG_H
#define LASTMILE_RNG_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

/* The named streams of a replication; the numbers are part of the reproducibility
 * contract: never renumber, only append. */
typedef enum lm_stream {
  LM_STREAM_CUSTOMERS = 0, /* where customers live */
  LM_STREAM_DEMAND = 1,    /* parcels: counts, sizes, values, recipients */
  LM_STREAM_PRESENCE = 2,  /* who is home */
  LM_STREAM_SERVICE = 3,   /* time spent at stops */
  LM_STREAM_TRAFFIC = 4,
  LM_STREAM_INCIDENTS = 5,
  LM_STREAM_THEFT = 6,
  LM_STREAM_LOCKER = 7,
  LM_STREAM_ROUTING = 8,
  LM_STREAM_TRIPS = 9,    /* per-trip travel-time noise */
  LM_STREAM_RETURNS = 10, /* customer returns: requests, customers, sizes */
  LM_STREAM_COUNT
} lm_stream;

#define LM_ZIG_LAYERS 256

typedef struct lm_rng {
  gsl_rng *gen;
  uint32_t ke[LM_ZIG_LAYERS]; /* acceptance thresholds on the 24-bit magnitude */
  double we[LM_ZIG_LAYERS];   /* layer widths scaled by 2^-24 */
  double fe[LM_ZIG_LAYERS];   /* exp(-x_i) at the layer edges */
} lm_rng;

/* The 32-bit seed for (master, replication, stream); never 0. */
uint32_t lm_rng_seed_of(uint64_t master_seed, uint64_t replication, uint64_t stream);

/* Creates a stream seeded from the triple. NULL when out of memory. */
lm_rng *lm_rng_create(uint64_t master_seed, uint64_t replication, uint64_t stream);
/* Reseeds an existing stream as if it had been created with the triple. */
void lm_rng_reseed(lm_rng *r, uint64_t master_seed, uint64_t replication, uint64_t stream);
/* Frees a stream; NULL does nothing. */
void lm_rng_destroy(lm_rng *r);

/* The slow path of the ziggurat (tail and wedges); called by lm_rng_exp1 only. */
double lm__rng_exp1_slow(lm_rng *r, uint32_t jz);

/* A uniform double in [0, 1). */
static inline double lm_rng_uniform(lm_rng *r) { return gsl_rng_uniform(r->gen); }

/* A uniform double in (0, 1). */
static inline double lm_rng_uniform_pos(lm_rng *r) { return gsl_rng_uniform_pos(r->gen); }

/* A uniform integer in [0, n), n >= 1 and n <= 2^32. */
static inline uint32_t lm_rng_below(lm_rng *r, uint32_t n) {
  return (uint32_t)gsl_rng_uniform_int(r->gen, n);
}

/* An exponential variate with mean 1. */
static inline double lm_rng_exp1(lm_rng *r) {
  uint32_t jz = (uint32_t)gsl_rng_get(r->gen);
  uint32_t iz = jz & 0xffu, mag = jz >> 8;
  if (mag < r->ke[iz]) return (double)mag * r->we[iz];
  return lm__rng_exp1_slow(r, jz);
}

/* An exponential variate with the given mean (> 0). */
static inline double lm_rng_exponential(lm_rng *r, double mean) { return mean * lm_rng_exp1(r); }

/* True with probability p. */
static inline int lm_rng_bernoulli(lm_rng *r, double p) { return lm_rng_uniform(r) < p; }

/* A lognormal variate with mean 1 and coefficient of variation `cv` (>= 0); exactly 1,
 * drawing nothing, when cv is 0. */
double lm_rng_lognormal1(lm_rng *r, double cv);

/* A Poisson count with the given mean (>= 0). */
unsigned lm_rng_poisson(lm_rng *r, double mean);

/* Index drawn from a discrete distribution with `n` probabilities `p` summing to 1
 * (the last index absorbs rounding). */
size_t lm_rng_discrete(lm_rng *r, const double *p, size_t n);

#endif
