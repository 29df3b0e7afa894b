/* parcels_io.h — writing a strategy's parcel log (see parcels_io.c). */
#ifndef LASTMILE_OUTPUT_PARCELS_IO_H
#define LASTMILE_OUTPUT_PARCELS_IO_H

#include "lastmile/results.h"
#include "output/h5util.h"

/* Writes `log` as the group "parcels" of `strategy_group`. Returns 0 or LM_EIO. */
int lm__parcels_write(lm__h5 *h, hid_t strategy_group, const lm_parcel_log *log);

/* Writes `log` as the group "routes" of `strategy_group` (attribute "day"). Returns 0 or
 * LM_EIO. */
int lm__routes_write(lm__h5 *h, hid_t strategy_group, const lm_route_log *log, int64_t day);

#endif
