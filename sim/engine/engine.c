/* engine.c — clock, event pool and pending-event set of one replication.
 *
 * The pending-event set is a two-tier calendar. Time is cut into a "year" of
 * `nbuckets` buckets of equal width starting at `base`; the bucket index of time t is
 * d(t) = floor((t - base) / width). Three places hold events:
 *   - `heap`, a binary min-heap on (time, key) of every event with d(t) <= cur;
 *   - `bucket[j]` for cur < j < nbuckets, unsorted singly-linked lists (through the
 *     pool records) of events with d(t) = j, with a bitmap of the non-empty ones;
 *   - `far`, an unsorted list of events with d(t) >= nbuckets.
 * d is monotone in t, so everything in the heap precedes everything in a later bucket,
 * which precedes everything in `far`: the heap's top, when there is one, is the next
 * event. When the heap is empty, `cur` jumps (bitmap, 64 buckets per step) to the next
 * non-empty bucket; a bucket holding one event hands it over directly, a fuller one
 * is pushed onto the heap. When the year is used up every pending event sits in `far`
 * and a new year is built around them: a 64-bin histogram finds the densest stretch
 * of time, the width puts about LM_BUCKET_FILL events per bucket there, and the year
 * is LM_YEAR_FACTOR times the pending count long in those units. Each event moves
 * far -> bucket -> heap at most once per year: O(1) amortised per event for spread
 * times. Buckets are mostly empty on purpose: data-dependent branches (is the heap
 * empty? how many events in this bucket?) cost more than skipping empty buckets.
 * Piles of equal times only make the heap larger, so the worst case degrades to a
 * binary heap, never to a wrong order.
 *
 * key = (priority + 32768) << 48 | sequence: one integer compare breaks ties by
 * priority, then by insertion order. Cancellation is lazy: the record is marked and
 * freed when it comes up. Ids carry a generation so a stale id never cancels a reused
 * record. Memory (pool, heap, buckets) grows when needed and is kept until
 * lm_sim_destroy, so a replication in steady state does not allocate.
 */
#include "lastmile/engine.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LM_NIL         UINT32_MAX
#define LM_BUCKET_FILL 0.1  /* events per bucket in the densest stretch of a year */
#define LM_YEAR_FACTOR 16.0 /* year length, in pending counts at that density */
#define LM_HIST_BINS   64u  /* resolution of the density estimate at a rebuild */
#define LM_MIN_BUCKETS 16u
#define LM_MAX_BUCKETS (1u << 22)
#define LM_SEQ_BITS    48

typedef struct ev_rec {
  double time_s;
  uint64_t key;
  lm_event_fn fn; /* NULL when cancelled or free */
  void *ctx;
  uint64_t arg;
  uint32_t next;   /* bucket/far list link, or free-list link */
  uint32_t gen;    /* bumped each time the record is freed */
  uint64_t pad[2]; /* 64 bytes, 64-aligned: one cache line per record, never two */
} ev_rec;

typedef struct heap_ent {
  double time_s;
  uint64_t key;
  uint32_t slot;
} heap_ent;

struct lm_sim {
  double now_s;
  uint64_t seq;
  uint64_t events_run;
  /* pending = scheduled - events_run - cancelled. Kept as three counters, each written
   * by one operation only: a pending count touched by both schedule and run, next to
   * events_run, invites the compiler to update the pair with one 16-byte load, which
   * stalls on the 8-byte store schedule just made (store-forwarding failure). */
  uint64_t scheduled, cancelled;
  int stop, fail_code;
  const volatile sig_atomic_t *interrupt; /* see lm_sim_set_interrupt; NULL: none */

  ev_rec *pool;
  uint32_t pool_cap, free_head;

  heap_ent *heap;
  size_t heap_n, heap_cap;

  uint32_t *bucket;   /* heads, LM_NIL when empty */
  uint64_t *occupied; /* bit j set when bucket[j] is not empty */
  uint32_t nbuckets, bucket_cap, cur;
  double heap_limit, nbuckets_d; /* cur + 1 and nbuckets, as doubles, for file_event */
  size_t in_buckets;
  double base_s, width_s, inv_width;

  uint32_t far_head;
  size_t far_n;
  double far_min_s, far_max_s;
};

/* ---- pool ------------------------------------------------------------------------ */

static int pool_grow(lm_sim *sim) {
  uint32_t old = sim->pool_cap;
  uint64_t cap = old ? 2u * (uint64_t)old : 64u;
  if (cap >= LM_NIL) return LM_ENOMEM;
  _Static_assert(sizeof(ev_rec) == 64, "an event record is one cache line");
  ev_rec *p = aligned_alloc(64, (size_t)cap * sizeof *p);
  if (!p) return LM_ENOMEM;
  if (old) memcpy(p, sim->pool, (size_t)old * sizeof *p);
  free(sim->pool);
  for (uint32_t i = old; i < (uint32_t)cap; i++) {
    p[i].fn = NULL;
    p[i].gen = 0;
    p[i].next = (i + 1 < (uint32_t)cap) ? i + 1 : sim->free_head;
  }
  sim->free_head = old;
  sim->pool = p;
  sim->pool_cap = (uint32_t)cap;
  return 0;
}

static void pool_free(lm_sim *sim, uint32_t slot) {
  ev_rec *e = &sim->pool[slot];
  e->fn = NULL;
  e->gen++;
  e->next = sim->free_head;
  sim->free_head = slot;
}

/* ---- heap -------------------------------------------------------------------------- */

static inline int ent_less(const heap_ent *a, const heap_ent *b) {
  return a->time_s < b->time_s || (a->time_s == b->time_s && a->key < b->key);
}

static inline int heap_push(lm_sim *sim, uint32_t slot) {
  if (sim->heap_n == sim->heap_cap) {
    size_t cap = sim->heap_cap ? 2 * sim->heap_cap : 64;
    heap_ent *h = realloc(sim->heap, cap * sizeof *h);
    if (!h) return LM_ENOMEM;
    sim->heap = h;
    sim->heap_cap = cap;
  }
  const ev_rec *e = &sim->pool[slot];
  heap_ent x = {e->time_s, e->key, slot};
  heap_ent *h = sim->heap;
  size_t i = sim->heap_n++;
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (!ent_less(&x, &h[parent])) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = x;
  return 0;
}

static inline uint32_t heap_pop(lm_sim *sim) {
  heap_ent *h = sim->heap;
  uint32_t top = h[0].slot;
  heap_ent x = h[--sim->heap_n];
  size_t n = sim->heap_n, i = 0;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && ent_less(&h[c + 1], &h[c])) c++;
    if (!ent_less(&h[c], &x)) break;
    h[i] = h[c];
    i = c;
  }
  if (n) h[i] = x;
  return top;
}

/* ---- calendar ---------------------------------------------------------------------- */

/* Files a record under the heap, a bucket or the far list according to its time. The
 * heap push is the only step that can fail (LM_ENOMEM). */
static inline int file_event(lm_sim *sim, uint32_t slot) {
  ev_rec *e = &sim->pool[slot];
  /* Before the first year inv_width is 0 and both limits are below 0: all goes far. */
  double d = (e->time_s - sim->base_s) * sim->inv_width;
  if (d < sim->heap_limit) return heap_push(sim, slot);
  if (d < sim->nbuckets_d) {
    uint32_t j = (uint32_t)d;
    e->next = sim->bucket[j];
    sim->bucket[j] = slot;
    sim->occupied[j >> 6] |= 1ULL << (j & 63);
    sim->in_buckets++;
    return 0;
  }
  e->next = sim->far_head;
  sim->far_head = slot;
  if (sim->far_n == 0 || e->time_s < sim->far_min_s) sim->far_min_s = e->time_s;
  if (sim->far_n == 0 || e->time_s > sim->far_max_s) sim->far_max_s = e->time_s;
  sim->far_n++;
  return 0;
}

/* Starts a new year around the far list; the heap and all buckets are empty. */
static int rebuild_year(lm_sim *sim) {
  assert(sim->heap_n == 0 && sim->in_buckets == 0);
  size_t n = sim->far_n;
  double span = sim->far_max_s - sim->far_min_s;
  double nb = LM_YEAR_FACTOR * (double)n / LM_BUCKET_FILL;
  uint32_t want = nb < (double)LM_MIN_BUCKETS   ? LM_MIN_BUCKETS
                  : nb > (double)LM_MAX_BUCKETS ? LM_MAX_BUCKETS
                                                : (uint32_t)nb;
  if (want > sim->bucket_cap) {
    uint32_t *b = realloc(sim->bucket, (size_t)want * sizeof *b);
    if (!b) return LM_ENOMEM;
    sim->bucket = b;
    uint64_t *o = realloc(sim->occupied, (size_t)(want / 64 + 1) * sizeof *o);
    if (!o) return LM_ENOMEM;
    sim->occupied = o;
    /* Only the new part needs clearing: a year ends with every bucket drained. */
    for (uint32_t j = sim->bucket_cap; j < want; j++) b[j] = LM_NIL;
    memset(o + sim->bucket_cap / 64, 0, (size_t)(want / 64 + 1 - sim->bucket_cap / 64) * sizeof *o);
    sim->bucket_cap = want;
  }
  /* Size the buckets for the densest stretch of time, not the average: pending times
   * are often crowded near the front (exponential delays) and sparse in the tail. */
  uint32_t hist[LM_HIST_BINS] = {0}, peak = 1;
  double hist_scale = span > 0.0 ? (double)LM_HIST_BINS / span : 0.0;
  for (uint32_t slot = sim->far_head; slot != LM_NIL; slot = sim->pool[slot].next) {
    double b = (sim->pool[slot].time_s - sim->far_min_s) * hist_scale;
    uint32_t k = b < (double)LM_HIST_BINS ? (uint32_t)b : LM_HIST_BINS - 1;
    if (++hist[k] > peak) peak = hist[k];
  }
  double width = LM_BUCKET_FILL * (span / LM_HIST_BINS) / (double)peak;
  sim->base_s = sim->far_min_s;
  sim->cur = 0;
  if (!(width > 0.0) || !isfinite(1.0 / width)) {
    /* Everything at (nearly) one time: one bucket, the heap does the ordering. */
    width = span > 0.0 ? 2.0 * span : 1.0;
    want = 1;
  }
  sim->nbuckets = want;
  sim->nbuckets_d = (double)want;
  sim->heap_limit = 1.0;
  sim->width_s = width;
  sim->inv_width = 1.0 / width;
  uint32_t slot = sim->far_head;
  sim->far_head = LM_NIL;
  sim->far_n = 0;
  while (slot != LM_NIL) {
    uint32_t next = sim->pool[slot].next;
    int rc = file_event(sim, slot);
    if (rc) return rc; /* heap growth failed: the unfiled rest is lost, see caller */
    slot = next;
  }
  return 0;
}

/* The first occupied bucket at or after `from`; there must be one. */
static inline uint32_t next_occupied(const lm_sim *sim, uint32_t from) {
  uint32_t w = from >> 6;
  uint64_t bits = sim->occupied[w] & (~0ULL << (from & 63));
  while (bits == 0) bits = sim->occupied[++w];
  uint32_t j = (w << 6) | (uint32_t)__builtin_ctzll(bits);
  assert(j < sim->nbuckets);
  return j;
}

/* Takes the next pending event if its time is at most `until_s`: returns 1 and its
 * slot in *out, 0 when nothing is pending up to `until_s`, or a negative LM_E… code.
 * A bucket holding a single event (the common case when buckets are fine) hands it
 * over directly, without going through the heap: this keeps the number of
 * data-dependent branches per event low, which is what bounds the speed here. */
static int take_next(lm_sim *sim, double until_s, uint32_t *out) {
  for (;;) {
    if (sim->heap_n > 0) {
      if (sim->heap[0].time_s > until_s) return 0;
      *out = heap_pop(sim);
      return 1;
    }
    if (sim->in_buckets > 0) {
      uint32_t j = next_occupied(sim, sim->cur + 1);
      uint32_t slot = sim->bucket[j];
      sim->cur = j;
      sim->heap_limit = (double)j + 1.0;
      sim->bucket[j] = LM_NIL;
      sim->occupied[j >> 6] &= ~(1ULL << (j & 63));
      const ev_rec *e = &sim->pool[slot];
      if (e->next == LM_NIL && e->time_s <= until_s) {
        sim->in_buckets--;
        *out = slot;
        return 1;
      }
      while (slot != LM_NIL) {
        uint32_t next = sim->pool[slot].next;
        sim->in_buckets--;
        int rc = heap_push(sim, slot);
        if (rc) return rc;
        slot = next;
      }
    } else if (sim->far_n > 0) {
      int rc = rebuild_year(sim);
      if (rc) return rc;
    } else {
      return 0;
    }
  }
}

/* ---- public ------------------------------------------------------------------------ */

lm_sim *lm_sim_create(size_t expected_pending) {
  lm_sim *sim = calloc(1, sizeof *sim);
  if (!sim) return NULL;
  sim->free_head = LM_NIL;
  sim->far_head = LM_NIL;
  lm_sim_reset(sim);
  while ((size_t)sim->pool_cap < expected_pending) {
    if (pool_grow(sim)) {
      lm_sim_destroy(sim);
      return NULL;
    }
  }
  return sim;
}

void lm_sim_destroy(lm_sim *sim) {
  if (!sim) return;
  free(sim->pool);
  free(sim->heap);
  free(sim->bucket);
  free(sim->occupied);
  free(sim);
}

void lm_sim_reset(lm_sim *sim) {
  sim->now_s = 0.0;
  sim->seq = 0;
  sim->events_run = 0;
  sim->scheduled = 0;
  sim->cancelled = 0;
  sim->stop = 0;
  sim->fail_code = 0;
  sim->free_head = LM_NIL;
  for (uint32_t i = sim->pool_cap; i-- > 0;) pool_free(sim, i);
  sim->heap_n = 0;
  sim->in_buckets = 0;
  sim->far_head = LM_NIL;
  sim->far_n = 0;
  /* An empty year of one bucket: the first events all go to the far list, and the
   * first pop builds a year sized for them. */
  for (uint32_t j = 0; j < sim->bucket_cap; j++) sim->bucket[j] = LM_NIL;
  if (sim->occupied) memset(sim->occupied, 0, (sim->bucket_cap / 64 + 1) * sizeof *sim->occupied);
  sim->nbuckets = 0;
  sim->nbuckets_d = -1.0;
  sim->heap_limit = -1.0;
  sim->cur = 0;
  sim->base_s = 0.0;
  sim->width_s = 1.0;
  sim->inv_width = 0.0;
}

int lm_sim_schedule(lm_sim *sim, double time_s, int priority, lm_event_fn fn, void *ctx,
                    uint64_t arg, lm_event_id *id) {
  assert(fn != NULL);
  assert(priority >= LM_PRIORITY_MIN && priority <= LM_PRIORITY_MAX);
  if (!(time_s >= sim->now_s) || time_s == INFINITY) return LM_EINVAL; /* NaN fails >= */
  if (sim->free_head == LM_NIL && pool_grow(sim)) return LM_ENOMEM;
  uint32_t slot = sim->free_head;
  ev_rec *e = &sim->pool[slot];
  sim->free_head = e->next;
  e->time_s = time_s;
  e->key = ((uint64_t)(priority - LM_PRIORITY_MIN) << LM_SEQ_BITS) |
           (sim->seq++ & ((1ULL << LM_SEQ_BITS) - 1));
  e->fn = fn;
  e->ctx = ctx;
  e->arg = arg;
  int rc = file_event(sim, slot);
  if (rc) {
    pool_free(sim, slot);
    return rc;
  }
  sim->scheduled++;
  if (id) *id = ((uint64_t)e->gen << 32) | (uint64_t)(slot + 1);
  return 0;
}

int lm_sim_cancel(lm_sim *sim, lm_event_id id) {
  uint64_t low = id & 0xffffffffULL;
  if (low == 0 || low > sim->pool_cap) return LM_EINVAL;
  ev_rec *e = &sim->pool[low - 1];
  if (e->fn == NULL || e->gen != (uint32_t)(id >> 32)) return LM_EINVAL;
  e->fn = NULL; /* freed when it reaches the top of the heap */
  sim->cancelled++;
  return 0;
}

int lm_sim_run(lm_sim *sim, double until_s) {
  sim->stop = 0;
  while (!sim->stop) {
    /* The flag is looked at every LM_INTERRUPT_EVERY events: often enough to stop within
     * milliseconds, rarely enough to cost nothing measurable in the loop. */
    if ((sim->events_run & (LM_INTERRUPT_EVERY - 1)) == 0 && sim->interrupt && *sim->interrupt)
      return LM_EINTERRUPTED;
    uint32_t slot;
    int rc = take_next(sim, until_s, &slot);
    if (rc < 0) return rc;
    if (rc == 0) {
      if (until_s > sim->now_s && isfinite(until_s)) sim->now_s = until_s;
      break;
    }
    ev_rec *e = &sim->pool[slot];
    lm_event_fn fn = e->fn;
    void *ctx = e->ctx;
    uint64_t arg = e->arg;
    sim->now_s = e->time_s;
    pool_free(sim, slot);
    if (!fn) continue; /* cancelled */
    sim->events_run++;
    fn(sim, ctx, arg);
  }
  return sim->fail_code;
}

void lm_sim_set_interrupt(lm_sim *sim, const volatile sig_atomic_t *flag) { sim->interrupt = flag; }

void lm_sim_stop(lm_sim *sim) { sim->stop = 1; }

void lm_sim_fail(lm_sim *sim, int code) {
  if (!sim->fail_code) sim->fail_code = code;
  sim->stop = 1;
}

double lm_sim_now(const lm_sim *sim) { return sim->now_s; }
size_t lm_sim_pending(const lm_sim *sim) {
  return (size_t)(sim->scheduled - sim->events_run - sim->cancelled);
}
uint64_t lm_sim_events_run(const lm_sim *sim) { return sim->events_run; }
