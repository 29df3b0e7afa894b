/* sol.c — plans of a benchmark instance written in the CVRPLIB .sol form.
 *
 * "Route #k: c1 c2 ..." for each non-empty route in vehicle order (k counts printed
 * routes from 1, customers numbered as in the file), then "Cost X": the plan's distance
 * recomputed from its routes under the instance's rule, with as many decimals as that
 * rule's best-known solutions print (round 0, trunc1 1, real 2).
 */
#include "lastmile/instance.h"

#include <errno.h>
#include <string.h>

#include "lastmile/publish.h"

int lm_instance_print_sol(const lm_instance *inst, const lm_rplan *plan, FILE *out) {
  double total = 0.0;
  size_t k = 0;
  for (size_t v = 0; v < plan->n_vehicles; v++) {
    size_t b = plan->begin[v], e = plan->begin[v + 1];
    if (b == e) continue;
    fprintf(out, "Route #%zu:", ++k);
    uint32_t at = 0;
    for (size_t i = b; i < e; i++) {
      uint32_t node = inst->stops[plan->order[i]].node;
      fprintf(out, " %u", node);
      total += lm_instance_distance(inst, at, node);
      at = node;
    }
    total += lm_instance_distance(inst, at, 0);
    fputc('\n', out);
  }
  int decimals = inst->rule == LM_DIST_ROUND ? 0 : inst->rule == LM_DIST_TRUNC1 ? 1 : 2;
  fprintf(out, "Cost %.*f\n", decimals, total);
  return ferror(out) ? LM_EIO : 0;
}

int lm_instance_write_sol(const lm_instance *inst, const lm_rplan *plan, const char *path,
                          lm_diag *diag) {
  lm_publish *out = NULL;
  int rc = lm_publish_open(path, 1, &out, diag);
  if (!rc && lm_instance_print_sol(inst, plan, lm_publish_file(out))) {
    lm_diag_error(diag, path, 0, 0, "cannot write: %s", strerror(errno));
    rc = LM_EIO;
  }
  if (!rc) rc = lm_publish_commit(out, diag);
  lm_publish_destroy(out);
  return rc;
}
