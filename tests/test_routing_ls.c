/* test_routing_ls.c — the routing core's local search. Every move (relocate of strings of
 * 1-3 stops, swap, 2-opt, 2-opt*, cross-exchange of strings of up to 3) between every
 * pair of stops of a solution is spelled out here on plain arrays and walked with the
 * fixture's independent walk: the move's claimed cost change must equal the walk's, it
 * must be infeasible exactly when the walk says so, it must refuse to touch fixed stops,
 * and applying it must give the spelled-out routes; the same for splits (the stops after a
 * stop handed to an empty vehicle). The whole search must end in a
 * feasible solution no worse than its start, where no granular move improves. All with
 * static and with time-dependent travel, on the fixture with every kind of rule, and with
 * planned overtime priced.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "routing_fixture.h"

/* A route as a plain array. */
typedef struct seq {
  uint32_t s[FX_N + 4];
  uint32_t n;
} seq;

static void seq_of(const lm__route *r, seq *q) {
  memcpy(q->s, r->stop, r->n * sizeof *r->stop);
  q->n = r->n;
}

/* Inserts the string str[0..m-1] into q before index at (0-based). */
static void seq_insert(seq *q, uint32_t at, const uint32_t *str, uint32_t m) {
  memmove(q->s + at + m, q->s + at, (q->n - at) * sizeof *q->s);
  memcpy(q->s + at, str, m * sizeof *str);
  q->n += m;
}

static uint32_t seq_find(const seq *q, uint32_t u) {
  for (uint32_t i = 0; i < q->n; i++)
    if (q->s[i] == u) return i;
  return UINT32_MAX;
}

/* Spells move m out on the routes' arrays: x (and y when the move changes two routes)
 * get the new routes. Returns the number of changed routes, 0 when the move is not
 * defined for these stops (or changes nothing). */
/* The route a move's v names: a vehicle for a split, else v's route. */
static uint32_t route_v(const lm__sol *s, const lm__move *m) {
  return m->kind == LM__MV_SPLIT ? m->v : s->route_of[m->v];
}

static int spell(const lm__sol *s, const lm__move *m, seq *x, seq *y) {
  uint32_t X = s->route_of[m->u], Y = route_v(s, m);
  uint32_t iu = s->pos_of[m->u] - 1, iv = m->kind == LM__MV_SPLIT ? 0 : s->pos_of[m->v] - 1;
  seq_of(&s->r[X], x);
  seq_of(&s->r[Y], y);
  seq *ty = X == Y ? x : y;
  uint32_t str[8], a = m->a, b = m->b;
  switch (m->kind) {
  case LM__MV_RELOCATE:
    if (iu + a > x->n) return 0;
    for (uint32_t k = 0; k < a; k++)
      if (x->s[iu + k] == m->v) return 0;
    memcpy(str, x->s + iu, a * sizeof *str);
    memmove(x->s + iu, x->s + iu + a, (x->n - iu - a) * sizeof *x->s);
    x->n -= a;
    seq_insert(ty, seq_find(ty, m->v) + (m->after ? 1u : 0u), str, a);
    if (X == Y && !memcmp(x->s, s->r[X].stop, x->n * sizeof *x->s)) return 0;
    return X == Y ? 1 : 2;
  case LM__MV_SWAP:
    ty->s[iv] = m->u;
    x->s[iu] = m->v;
    return X == Y ? 1 : 2;
  case LM__MV_2OPT:
    if (X != Y || iv < iu + 2) return 0;
    for (uint32_t i = iu + 1, j = iv; i < j; i++, j--) {
      uint32_t t = x->s[i];
      x->s[i] = x->s[j];
      x->s[j] = t;
    }
    return 1;
  case LM__MV_2OPTSTAR: {
    if (X == Y) return 0;
    seq ox = *x;
    x->n = iu + 1;
    seq_insert(x, x->n, y->s + iv, y->n - iv);
    y->n = iv;
    seq_insert(y, y->n, ox.s + iu + 1, ox.n - iu - 1);
    return 2;
  }
  case LM__MV_CROSS: {
    if (X == Y || iu + a >= x->n || iv + b > y->n) return 0;
    uint32_t sa[3], sb[3];
    memcpy(sa, x->s + iu + 1, a * sizeof *sa);
    memcpy(sb, y->s + iv, b * sizeof *sb);
    memmove(x->s + iu + 1, x->s + iu + 1 + a, (x->n - iu - 1 - a) * sizeof *x->s);
    x->n -= a;
    seq_insert(x, iu + 1, sb, b);
    memmove(y->s + iv, y->s + iv + b, (y->n - iv - b) * sizeof *y->s);
    y->n -= b;
    seq_insert(y, iv, sa, a);
    return 2;
  }
  case LM__MV_SPLIT: /* y, empty, takes what follows u */
    if (X == Y || y->n || iu + 1 >= x->n) return 0;
    seq_insert(y, 0, x->s + iu + 1, x->n - iu - 1);
    x->n = iu + 1;
    return 2;
  }
  return 0;
}

/* Whether the first fixed[r] stops of route r are still its first stops in q. */
static int keeps_prefix(const lm__sol *s, const uint32_t *fixed, uint32_t r, const seq *q) {
  if (!fixed) return 1;
  if (q->n < fixed[r]) return 0;
  return !memcmp(q->s, s->r[r].stop, fixed[r] * sizeof *q->s);
}

typedef struct tally {
  size_t checked[6], feasible[6], improving[6], refused, quick;
  lm__move last_gain; /* the last improving move seen */
  int have_gain;
} tally;

/* Checks one move against its spelled-out walk. */
static void check_move(fixture *f, lm__ls *ls, const uint32_t *fixed, const lm__move *m, tally *t) {
  lm__sol *s = &f->s;
  seq x, y;
  double got = lm__move_eval(ls, s, m);
  int changed = spell(s, m, &x, &y);
  uint32_t X = s->route_of[m->u], Y = route_v(s, m);
  if (!changed || !keeps_prefix(s, fixed, X, &x) ||
      (changed == 2 && !keeps_prefix(s, fixed, Y, &y))) {
    assert_true(isinf(got));
    return;
  }
  t->checked[m->kind]++;
  double want = fx_walk(f, s->r[X].veh, x.s, x.n, NULL) - fx_route(f, X, NULL);
  if (changed == 2) want += fx_walk(f, s->r[Y].veh, y.s, y.n, NULL) - fx_route(f, Y, NULL);
  if (!isfinite(want)) {
    assert_true(isinf(got));
    return;
  }
  t->feasible[m->kind]++;
  if (isinf(got)) { /* only within rounding of a bound: never in this fixture */
    t->refused++;
    return;
  }
  assert_true(fabs(got - want) < 1e-6);
  double quick = lm__move_quick(ls, s, m);
  if (!isnan(quick)) { /* a lower bound, exact for distance */
    assert_true(quick <= want + 1e-6);
    if (f->p.objective == LM_OBJ_DISTANCE) assert_true(fabs(quick - want) < 1e-6);
    t->quick++;
  }
  if (got < -1e-6) {
    t->improving[m->kind]++;
    t->last_gain = *m;
    t->have_gain = 1;
  }
}

/* Every move between every pair of served stops. */
static void check_all_moves(fixture *f, lm__ls *ls, const uint32_t *fixed, tally *t) {
  for (uint32_t u = 0; u < FX_N; u++)
    for (uint32_t v = 0; v < FX_N; v++) {
      if (u == v || f->s.route_of[u] == LM__NONE || f->s.route_of[v] == LM__NONE) continue;
      for (uint32_t a = 1; a <= 3; a++)
        for (uint32_t b = 1; b <= 3; b++)
          for (int kind = LM__MV_RELOCATE; kind <= LM__MV_CROSS; kind++)
            for (int after = 0; after < 2; after++) {
              if ((kind != LM__MV_CROSS && b > 1) || (kind != LM__MV_RELOCATE && after) ||
                  (kind > LM__MV_RELOCATE && kind < LM__MV_CROSS && a > 1))
                continue;
              lm__move m = {(lm__move_kind)kind, u, v, a, b, after};
              check_move(f, ls, fixed, &m, t);
            }
    }
  for (uint32_t u = 0; u < FX_N; u++) /* splits to every vehicle: only empty ones may take */
    for (uint32_t v = 0; v < FX_V && f->s.route_of[u] != LM__NONE; v++) {
      lm__move m = {LM__MV_SPLIT, u, v, 1, 1, 0};
      check_move(f, ls, fixed, &m, t);
    }
}

/* A solution: stops inserted in a shuffled order at their cheapest feasible place. */
static void greedy(fixture *f, uint64_t seed) {
  uint32_t order[FX_N];
  lm_rng *r = lm_rng_create(seed, 7, 0);
  for (uint32_t i = 0; i < FX_N; i++) order[i] = i;
  for (uint32_t i = FX_N; i > 1; i--) {
    uint32_t j = lm_rng_below(r, i), t = order[i - 1];
    order[i - 1] = order[j];
    order[j] = t;
  }
  lm_rng_destroy(r);
  for (uint32_t k = 0; k < FX_N; k++) {
    uint32_t u = order[k], br = 0, bp = 0;
    double best = INFINITY;
    for (uint32_t ri = 0; ri < FX_V; ri++)
      for (uint32_t pos = 1; lm__fits(&f->c, &f->s.r[ri], u) && pos <= f->s.r[ri].n + 1; pos++) {
        double d = lm__insert_cost(&f->c, &f->s, ri, u, pos);
        if (d < best) best = d, br = ri, bp = pos;
      }
    if (isfinite(best)) assert_int_equal(lm__insert(&f->c, &f->s, br, u, bp), 0);
  }
  lm__sol_recost(&f->c, &f->s);
}

static void report(const char *what, const tally *t) {
  static const char *names[5] = {"relocate", "swap", "2-opt", "2-opt*", "cross"};
  for (int k = 0; k < 5; k++) {
    print_message("%s %-8s: %6zu checked, %5zu feasible, %4zu improving\n", what, names[k],
                  t->checked[k], t->feasible[k], t->improving[k]);
    assert_true(t->feasible[k] > 20);
  }
  assert_int_equal(t->refused, 0);
}

/* Applies move m and checks the routes against its spelled-out form. */
static void apply_and_check(fixture *f, lm__ls *ls, const lm__move *m) {
  seq x, y;
  uint32_t X = f->s.route_of[m->u], Y = route_v(&f->s, m);
  int changed = spell(&f->s, m, &x, &y);
  double claimed = lm__move_eval(ls, &f->s, m), before = f->s.cost;
  assert_int_equal(lm__move_apply(ls, &f->s, m), 0);
  assert_true(fabs(f->s.cost - before - claimed) < 1e-6);
  assert_int_equal(f->s.r[X].n, x.n);
  assert_memory_equal(f->s.r[X].stop, x.s, x.n * sizeof *x.s);
  if (changed == 2) {
    assert_int_equal(f->s.r[Y].n, y.n);
    assert_memory_equal(f->s.r[Y].stop, y.s, y.n * sizeof *y.s);
  }
  double cost = f->s.cost;
  lm__sol_recost(&f->c, &f->s);
  assert_true(fabs(cost - f->s.cost) < 1e-6);
  for (uint32_t ri = 0; ri < FX_V; ri++) {
    const lm__route *r = &f->s.r[ri];
    assert_true(r->feasible);
    assert_true(fabs(fx_route(f, ri, NULL) - r->cost) < 1e-6);
    for (uint32_t i = 0; i < r->n; i++) {
      assert_int_equal(f->s.route_of[r->stop[i]], ri);
      assert_int_equal(f->s.pos_of[r->stop[i]], i + 1);
    }
  }
}

/* Opens every single window by two hours, so that more moves are feasible. */
static void loosen(fixture *f) {
  for (uint32_t i = 0; i < FX_N; i++)
    if (f->stops[i].n_windows == 0) f->stops[i].close_s += 2 * 3600.0;
}

/* The benchmark's case: distance only, identical vehicles, so that moves are priced by
 * their arcs first. */
static void plain_fleet(fixture *f) {
  f->p.objective = LM_OBJ_DISTANCE;
  for (uint32_t v = 1; v < FX_V; v++) f->veh[v] = f->veh[0];
  for (uint32_t i = 0; i < FX_N; i++) f->stops[i].allowed_kinds = 0;
}

/* Planned overtime from 11:00 at 45 an hour on top of the fixture's 20: most routes run
 * into it, so that moves change it. */
static void overtime(fixture *f) { fx_overtime(f, 11 * 3600.0, 45.0); }

/* Checks every move on a few solutions, applying an improving one between checks. */
static void moves_agree_with_walk(int dependent, int plain, int over, uint64_t seed) {
  static fixture f;
  tally t = {0};
  for (uint64_t k = 0; k < 3; k++) {
    fx_build(&f, dependent, seed + k);
    loosen(&f);
    if (plain) plain_fleet(&f);
    if (over) overtime(&f);
    assert_int_equal(fx_start(&f), 0);
    greedy(&f, seed + k);
    lm__ls *ls = lm__ls_create(&f.c, NULL);
    assert_non_null(ls);
    for (int round = 0; round < 3; round++) {
      t.have_gain = 0;
      check_all_moves(&f, ls, NULL, &t);
      if (t.have_gain) apply_and_check(&f, ls, &t.last_gain);
    }
    lm__ls_destroy(ls);
    fx_free(&f);
  }
  const char *what = dependent ? "dependent" : plain ? "plain" : "static";
  report(over ? (dependent ? "overtime, dependent" : "overtime") : what, &t);
  if (plain && !dependent) assert_true(t.quick > 1000);
}

static void test_moves_static(void **state) {
  (void)state;
  moves_agree_with_walk(0, 0, 0, 31);
}

static void test_moves_overtime(void **state) {
  (void)state;
  moves_agree_with_walk(0, 0, 1, 38);
  moves_agree_with_walk(1, 0, 1, 35);
}

static void test_moves_distance_plain_fleet(void **state) {
  (void)state;
  moves_agree_with_walk(0, 1, 0, 33);
}

static void test_moves_time_dependent(void **state) {
  (void)state;
  moves_agree_with_walk(1, 0, 0, 32);
}

/* Splits: the stops after u handed to an empty vehicle. Vehicle 0 (a van) is emptied
 * after the greedy build, so that the other routes can split onto it; without windows and
 * with overtime dear, some splits gain, and one is applied. */
static void test_split_moves(void **state) {
  (void)state;
  static fixture f;
  tally t = {0};
  for (uint64_t seed = 71; seed < 74; seed++) {
    fx_build(&f, seed == 73, seed);
    for (uint32_t i = 0; i < FX_N; i++) { /* no windows: a tail may leave at 7:30 too */
      f.stops[i].n_windows = 0;
      f.stops[i].open_s = 0.0;
      f.stops[i].close_s = INFINITY;
    }
    fx_overtime(&f, 10 * 3600.0, 500.0); /* dear: a tail is worth a vehicle of its own */
    assert_int_equal(fx_start(&f), 0);
    greedy(&f, seed);
    lm__remove_span(&f.s, 0, 1, f.s.r[0].n);
    lm__route_update(&f.c, &f.s, 0);
    lm__sol_recost(&f.c, &f.s);
    lm__ls *ls = lm__ls_create(&f.c, NULL);
    assert_non_null(ls);
    size_t before = t.improving[LM__MV_SPLIT];
    check_all_moves(&f, ls, NULL, &t);
    if (t.improving[LM__MV_SPLIT] > before) {
      for (uint32_t u = 0; u < FX_N; u++) {
        lm__move m = {LM__MV_SPLIT, u, 0, 1, 1, 0};
        if (lm__move_eval(ls, &f.s, &m) < -1e-6) {
          apply_and_check(&f, ls, &m);
          assert_true(f.s.r[0].n > 0);
          break;
        }
      }
    }
    lm__ls_destroy(ls);
    fx_free(&f);
  }
  print_message("split: %zu checked, %zu feasible, %zu improving\n", t.checked[LM__MV_SPLIT],
                t.feasible[LM__MV_SPLIT], t.improving[LM__MV_SPLIT]);
  assert_true(t.feasible[LM__MV_SPLIT] > 20);
  assert_true(t.improving[LM__MV_SPLIT] > 0);
  assert_int_equal(t.refused, 0);
}

/* Fixed leading stops: no move may touch them, and the search leaves them alone. */
static void test_fixed_prefixes(void **state) {
  (void)state;
  static fixture f;
  fx_build(&f, 0, 41);
  loosen(&f);
  assert_int_equal(fx_start(&f), 0);
  greedy(&f, 41);
  uint32_t fixed[FX_V], keep[FX_V][3];
  for (uint32_t ri = 0; ri < FX_V; ri++) {
    fixed[ri] = f.s.r[ri].n < ri ? f.s.r[ri].n : ri;
    memcpy(keep[ri], f.s.r[ri].stop, fixed[ri] * sizeof *keep[ri]);
  }
  lm__ls *ls = lm__ls_create(&f.c, fixed);
  assert_non_null(ls);
  tally t = {0};
  check_all_moves(&f, ls, fixed, &t);
  assert_int_equal(t.refused, 0);
  double before = f.s.cost;
  assert_int_equal(lm__ls_run(ls, &f.c, &f.s, NULL, 0), 0);
  assert_true(f.s.cost <= before);
  for (uint32_t ri = 0; ri < FX_V; ri++)
    assert_memory_equal(f.s.r[ri].stop, keep[ri], fixed[ri] * sizeof *keep[ri]);
  lm__ls_destroy(ls);
  fx_free(&f);
}

/* The whole search: feasible, no worse, every stop where it was served, and no move with
 * a near stop improves at the end. */
static void search_ends_in_local_optimum(int dependent, int plain, int over, uint64_t seed) {
  static fixture f;
  fx_build(&f, dependent, seed);
  if (plain) plain_fleet(&f);
  if (over) overtime(&f);
  assert_int_equal(fx_start(&f), 0);
  greedy(&f, seed);
  lm__ls *ls = lm__ls_create(&f.c, NULL);
  assert_non_null(ls);
  uint32_t served[FX_N];
  for (uint32_t u = 0; u < FX_N; u++) served[u] = f.s.route_of[u] != LM__NONE;
  double before = f.s.cost;
  assert_int_equal(lm__ls_run(ls, &f.c, &f.s, NULL, 0), 0);
  double after = f.s.cost;
  print_message("%s%s: greedy %.2f, local search %.2f\n", dependent ? "dependent" : "static",
                over ? ", overtime" : "", before, after);
  assert_true(after < before);
  lm__sol_recost(&f.c, &f.s);
  assert_true(fabs(after - f.s.cost) < 1e-6);
  for (uint32_t u = 0; u < FX_N; u++) assert_int_equal(served[u], f.s.route_of[u] != LM__NONE);
  for (uint32_t ri = 0; ri < FX_V; ri++) assert_true(isfinite(fx_route(&f, ri, NULL)));
  uint32_t k = f.c.k < LM__LS_K ? f.c.k : LM__LS_K;
  for (uint32_t u = 0; u < FX_N; u++)
    for (uint32_t i = 0; i < k && f.s.route_of[u] != LM__NONE; i++) {
      uint32_t v = f.c.nb[(size_t)u * f.c.k + i];
      for (int kind = LM__MV_RELOCATE; kind <= LM__MV_CROSS; kind++)
        for (uint32_t a = 1; a <= 3; a++)
          for (uint32_t b = 1; b <= 3; b++)
            for (int side = 0; side < 2; side++) {
              lm__move m = {(lm__move_kind)kind, u, v, a, b, side};
              assert_true(lm__move_eval(ls, &f.s, &m) > -1e-6);
            }
    }
  lm__ls_destroy(ls);
  fx_free(&f);
}

static void test_search_static(void **state) {
  (void)state;
  search_ends_in_local_optimum(0, 0, 0, 51);
  search_ends_in_local_optimum(0, 1, 0, 53);
  search_ends_in_local_optimum(0, 0, 1, 54);
}

static void test_search_time_dependent(void **state) {
  (void)state;
  search_ends_in_local_optimum(1, 0, 0, 52);
  search_ends_in_local_optimum(1, 0, 1, 55);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_moves_static),
      cmocka_unit_test(test_moves_time_dependent),
      cmocka_unit_test(test_moves_distance_plain_fleet),
      cmocka_unit_test(test_moves_overtime),
      cmocka_unit_test(test_split_moves),
      cmocka_unit_test(test_fixed_prefixes),
      cmocka_unit_test(test_search_static),
      cmocka_unit_test(test_search_time_dependent),
  };
  return cmocka_run_group_tests_name("routing_ls", tests, NULL, NULL);
}
