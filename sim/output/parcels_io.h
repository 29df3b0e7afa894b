/* parcels_io.h — the parcel log and the tours of a day in the results file: writing and
 * reading (see parcels_io.c). */
#ifndef LASTMILE_OUTPUT_PARCELS_IO_H
#define LASTMILE_OUTPUT_PARCELS_IO_H

#include "lastmile/calendar.h"
#include "lastmile/records.h"
#include "output/h5util.h"

/* Writes `log` as the group "parcels" of `strategy_group`. Returns 0 or LM_EIO. */
int lm__parcels_write(lm__h5 *h, hid_t strategy_group, const lm_parcel_log *log);

/* Writes `log` as the group "routes" of `strategy_group`, with the attributes "day" (the
 * counted-day index `day`) and "date" (first_date + day, YYYY-MM-DD). Returns 0 or
 * LM_EIO. */
int lm__routes_write(lm__h5 *h, hid_t strategy_group, const lm_route_log *log, int64_t day,
                     lm_date first_date);

/* Reads the group "parcels" of `strategy_group` into *log (free with
 * lm_parcel_log_clear); a log written before placed_s or due_s was kept reads with NaN
 * there.
 * Returns 0, LM_EFORMAT, LM_EIO or LM_ENOMEM; *log is empty on failure. */
int lm__parcels_read(lm__h5 *h, hid_t strategy_group, lm_parcel_log *log);

/* Reads the group "routes" of `strategy_group` into *log (free with lm_route_log_clear)
 * and its day into *day. Returns as lm__parcels_read. */
int lm__routes_read(lm__h5 *h, hid_t strategy_group, lm_route_log *log, int64_t *day);

#endif
