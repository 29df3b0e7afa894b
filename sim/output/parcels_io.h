/* parcels_io.h — the parcel log and the tours of a day in the results file: writing and
 * reading (see parcels_io.c). */
#ifndef LASTMILE_OUTPUT_PARCELS_IO_H
#define LASTMILE_OUTPUT_PARCELS_IO_H

#include "lastmile/calendar.h"
#include "lastmile/records.h"
#include "output/h5util.h"

/* Writes `log` as the group `name` of `parent` (/parcels), its fields on the dimension
 * "parcel" (an index scale in the group). Returns 0 or LM_EIO. */
int lm__parcels_write(lm__h5 *h, hid_t parent, const char *name, const lm_parcel_log *log);

/* Writes `log` as the group `name` of `parent` (/routes), its fields on the dimension
 * "stop", with the attributes "day" (the counted-day index `day`) and "date" (first_date +
 * day, YYYY-MM-DD). Returns 0 or LM_EIO. */
int lm__routes_write(lm__h5 *h, hid_t parent, const char *name, const lm_route_log *log,
                     int64_t day, lm_date first_date);

/* Reads the group `name` of `parent` into *log (free with lm_parcel_log_clear); an
 * optional field the group lacks reads as NaN.
 * Returns 0, LM_EFORMAT, LM_EIO or LM_ENOMEM; *log is empty on failure. */
int lm__parcels_read(lm__h5 *h, hid_t parent, const char *name, lm_parcel_log *log);

/* Reads the group `name` of `parent` into *log (free with lm_route_log_clear) and its day
 * into *day. Returns as lm__parcels_read. */
int lm__routes_read(lm__h5 *h, hid_t parent, const char *name, lm_route_log *log, int64_t *day);

#endif
