/* parcels_io.h — writing a strategy's parcel log (see parcels_io.c). */
#ifndef LASTMILE_OUTPUT_PARCELS_IO_H
#define LASTMILE_OUTPUT_PARCELS_IO_H

#include "lastmile/results.h"
#include "output/h5util.h"

/* Writes `log` as the group "parcels" of `strategy_group`. Returns 0 or LM_EIO. */
int lm__parcels_write(lm__h5 *h, hid_t strategy_group, const lm_parcel_log *log);

#endif
