/* stops.h — the stops of a plan and the nodes the routing core sees (stops.c).
 *
 * Node 0 is the depot, node 1 the micro-hub when there is one; stop s is node s + node0.
 * Between plans every stop_of_cust and stop_of_site entry is UINT32_MAX.
 */
#ifndef LASTMILE_MODEL_STOPS_H
#define LASTMILE_MODEL_STOPS_H

#include "lastmile/routing.h"
#include "model/core.h"

/* The stops part of the model (m->stops). Per-stop arrays hold cap_stops entries, per-node
 * arrays cap_stops + 2. */
typedef struct lm__stops {
  lm_rstop *rstop;         /* the stops as the routing core sees them */
  uint32_t *stop_customer; /* the stop's customer (for a site: the first parcel's) */
  uint32_t *stop_head;     /* the stop's first parcel, or UINT32_MAX */
  uint32_t *stop_of_cust;  /* per customer (m->n_cust): its stop being built, or UINT32_MAX */
  uint32_t *stop_of_site;  /* per site: its stop being built, or UINT32_MAX */
  uint32_t *stop_ret;      /* the stop's first return request, or UINT32_MAX */
  int16_t *stop_site;      /* LM__HOME for a customer's stop, else the site */
  size_t *stop_log;        /* the stop's row in the route log, or SIZE_MAX */
  uint8_t *stop_loaded;    /* its parcels are in its van (or delivered) */
  uint8_t *node_onboard;   /* during a re-plan: the node is a stop whose parcels are on board */
  int16_t *node_zone;      /* zone of each node (n_zones: in no zone) */
  double *node_x, *node_y, *node_circ;
  size_t n_stops, cap_stops;
  uint32_t node0; /* the node of stop 0: 1, or 2 with a micro-hub */
} lm__stops;

/* Allocates the per-site array for m->sc's sites. Returns 0, or LM_ENOMEM (what was
 * allocated is left for lm__stops_free). */
int lm__stops_init(lm_model *m);
/* Frees the part; safe on a partly initialised model. */
void lm__stops_free(lm_model *m);
/* For a new replication with m->n_cust customers: (re)allocates stop_of_cust (every entry
 * UINT32_MAX) and sets node 0 (the depot) and node 1 (the micro-hub, if any). Returns 0, or
 * LM_ENOMEM (stop_of_cust may then be NULL; lm__stops_free is safe). */
int lm__stops_reset(lm_model *m);
/* Makes room for `need` stops and their nodes. Returns 0, or LM_ENOMEM with the arrays
 * that were grown kept (contents intact) and cap_stops unchanged. */
int lm__stops_ensure(lm_model *m, size_t need);
/* Customer c's stop for destination `dest` (LM__HOME or a site) among the stops being
 * built on `day`, created empty (no parcel, no penalty, windows of the site or the
 * customer's booking) if there is none yet. Returns the stop, or UINT32_MAX when out of
 * memory, with no stop added. */
uint32_t lm__stops_get(lm_model *m, uint32_t c, int16_t dest, uint32_t day);

#endif
