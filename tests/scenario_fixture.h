/* scenario_fixture.h — how the cmocka tests load a scenario: the file at `path`, its
 * problems printed to stderr, the test failed unless it loads. Include after <cmocka.h>
 * and lastmile/scenario.h. */
#ifndef LASTMILE_TESTS_SCENARIO_FIXTURE_H
#define LASTMILE_TESTS_SCENARIO_FIXTURE_H

#include <stdio.h>

static inline lm_scenario *lm_test_load(const char *path) {
  lm_diag *diag = lm_diag_create();
  lm_scenario *sc = NULL;
  int rc = lm_scenario_load(path, &sc, diag);
  lm_diag_print(diag, stderr);
  lm_diag_destroy(diag);
  assert_int_equal(rc, 0);
  return sc;
}

#endif
