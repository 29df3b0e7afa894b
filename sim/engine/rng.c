/* rng.c — seeding of the named streams and the exponential ziggurat's tables.
 *
 * Seeds: SplitMix64 (Steele, Lea & Flood, OOPSLA 2014) mixes the master seed, then the
 * replication, then the stream number, and the two halves of the result are folded
 * into MT19937's 32-bit seed. Nearby triples give unrelated seeds.
 *
 * Ziggurat: 256 layers of equal area v under exp(-x), the base layer including the
 * tail beyond r. Constants from Marsaglia & Tsang (2000), table 1:
 * r = 7.69711747013104972, v = 3.949659822581572e-3. The fast path uses the low 8 bits
 * of one 32-bit draw as the layer and the upper 24 bits as the magnitude, so the two
 * are independent. The tables cost 256 exp/log evaluations per stream, once.
 */
#include "lastmile/rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

#define ZIG_R 7.69711747013104972
#define ZIG_V 3.949659822581572e-3
#define ZIG_M 16777216.0 /* 2^24: range of the magnitude */

static uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint32_t lm_rng_seed_of(uint64_t master_seed, uint64_t replication, uint64_t stream) {
  uint64_t h = splitmix64(master_seed);
  h = splitmix64(h ^ replication);
  h = splitmix64(h ^ (stream + 0x632be59bd9b4e019ULL));
  uint32_t seed = (uint32_t)(h >> 32) ^ (uint32_t)h;
  return seed ? seed : 0x6c078965u;
}

static void zig_tables(lm_rng *r) {
  double de = ZIG_R, te = ZIG_R;
  double q = ZIG_V / exp(-de);
  r->ke[0] = (uint32_t)((de / q) * ZIG_M);
  r->ke[1] = 0;
  r->we[0] = q / ZIG_M;
  r->we[LM_ZIG_LAYERS - 1] = de / ZIG_M;
  r->fe[0] = 1.0;
  r->fe[LM_ZIG_LAYERS - 1] = exp(-de);
  for (int i = LM_ZIG_LAYERS - 2; i >= 1; i--) {
    de = -log(ZIG_V / de + exp(-de));
    r->ke[i + 1] = (uint32_t)((de / te) * ZIG_M);
    te = de;
    r->fe[i] = exp(-de);
    r->we[i] = de / ZIG_M;
  }
}

void lm_rng_reseed(lm_rng *r, uint64_t master_seed, uint64_t replication, uint64_t stream) {
  gsl_rng_set(r->gen, lm_rng_seed_of(master_seed, replication, stream));
}

lm_rng *lm_rng_create(uint64_t master_seed, uint64_t replication, uint64_t stream) {
  lm_rng *r = malloc(sizeof *r);
  if (!r) return NULL;
  r->gen = gsl_rng_alloc(gsl_rng_taus2);
  if (!r->gen) {
    free(r);
    return NULL;
  }
  zig_tables(r);
  lm_rng_reseed(r, master_seed, replication, stream);
  return r;
}

void lm_rng_destroy(lm_rng *r) {
  if (!r) return;
  gsl_rng_free(r->gen);
  free(r);
}

/* The rare path: jz fell outside the rectangle of its layer. Layer 0 hands over to
 * the exact tail r + Exp(1); other layers accept under the curve or draw again. */
double lm__rng_exp1_slow(lm_rng *r, uint32_t jz) {
  for (;;) {
    uint32_t iz = jz & 0xffu, mag = jz >> 8;
    if (mag < r->ke[iz]) return (double)mag * r->we[iz];
    if (iz == 0) return ZIG_R - log(gsl_rng_uniform_pos(r->gen));
    double x = (double)mag * r->we[iz];
    double u = gsl_rng_uniform(r->gen);
    if (r->fe[iz] + u * (r->fe[iz - 1] - r->fe[iz]) < exp(-x)) return x;
    jz = (uint32_t)gsl_rng_get(r->gen);
  }
}

double lm_rng_lognormal1(lm_rng *r, double cv) {
  if (cv <= 0.0) return 1.0;
  double s2 = log1p(cv * cv);
  return exp(gsl_ran_gaussian_ziggurat(r->gen, sqrt(s2)) - 0.5 * s2);
}

unsigned lm_rng_poisson(lm_rng *r, double mean) {
  return mean > 0.0 ? gsl_ran_poisson(r->gen, mean) : 0u;
}

size_t lm_rng_discrete(lm_rng *r, const double *p, size_t n) {
  double u = lm_rng_uniform(r), acc = 0.0;
  for (size_t i = 0; i + 1 < n; i++) {
    acc += p[i];
    if (u < acc) return i;
  }
  return n - 1;
}
