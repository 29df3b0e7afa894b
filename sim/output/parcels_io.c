/* parcels_io.c — the detail outputs of a run in the results file: the parcel log and the
 * tours of a chosen day of each strategy; writing and reading.
 *
 * /strategies/NAME/parcels/FIELD, one 1-D dataset per field over the parcels of
 * replication 0, chunked (64 Ki parcels a chunk) and deflate-compressed, with units and
 * a long name; the dimension is labelled "parcel". Integer fields keep their integer
 * types, so a log of a year of a city stays a few tens of megabytes. The tours are laid
 * out the same way under /strategies/NAME/routes, one row per stop.
 *
 * Reading is the mirror image: every field must be there with the log's length (the
 * length of the first field); HDF5 converts the stored types to the in-memory ones.
 * Cost: O(n) time and memory for n parcels or stops.
 */
#include "output/parcels_io.h"

#include <hdf5_hl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 65536

/* A compressed 1-D dataset of n values of memory type `mtype` stored as `ftype`. */
static int put(lm__h5 *h, hid_t g, const char *name, hid_t ftype, hid_t mtype, size_t n,
               const void *data, const char *units, const char *long_name) {
  hsize_t dims[1] = {n}, chunk[1] = {n < CHUNK ? (n ? n : 1) : CHUNK};
  hid_t space = H5Screate_simple(1, dims, NULL);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  int rc = space < 0 || dcpl < 0 || H5Pset_obj_track_times(dcpl, 0) < 0 ||
           H5Pset_chunk(dcpl, 1, chunk) < 0 || H5Pset_deflate(dcpl, 4) < 0;
  hid_t ds = rc ? -1 : H5Dcreate2(g, name, ftype, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  if (ds < 0 || (n && H5Dwrite(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) ||
      lm__h5_attr_str(h, ds, "units", units) || lm__h5_attr_str(h, ds, "long_name", long_name) ||
      H5DSset_label(ds, 0, "parcel") < 0)
    rc = 1;
  if (ds >= 0) H5Dclose(ds);
  if (dcpl >= 0) H5Pclose(dcpl);
  if (space >= 0) H5Sclose(space);
  return rc ? lm__h5_error(h, LM_EIO, "cannot write the parcel log field '%s'", name) : 0;
}

int lm__parcels_write(lm__h5 *h, hid_t strategy_group, const lm_parcel_log *log) {
  hid_t g = lm__h5_group(h, strategy_group, "parcels");
  if (g < 0) return LM_EIO;
  size_t n = log->n;
  int rc = put(h, g, "customer", H5T_STD_U32LE, H5T_NATIVE_UINT32, n, log->customer, "1",
               "index of the customer the parcel is for");
  if (!rc)
    rc = put(h, g, "day_created", H5T_STD_I32LE, H5T_NATIVE_INT32, n, log->day_created, "day",
             "day of the order: index of the counted day (0 = first_date; negative: a warm-up "
             "day)");
  if (!rc)
    rc = put(h, g, "order_s", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, n, log->order_s, "s",
             "time of the order, seconds from midnight of start_date");
  if (!rc)
    rc = put(h, g, "due_s", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, n, log->due_s, "s",
             "end of the promise, seconds from midnight of start_date: the parcel is on time "
             "when delivered by then and received");
  if (!rc)
    rc = put(h, g, "value_eur", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, n, log->value_eur, "EUR",
             "declared value");
  if (!rc)
    rc = put(h, g, "resolved_s", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, n, log->resolved_s, "s",
             "when the parcel was received, stolen or returned; NaN while pending");
  if (!rc)
    rc = put(h, g, "placed_s", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, n, log->placed_s, "s",
             "when the parcel was put in a locker or pickup point; NaN if never");
  if (!rc)
    rc = put(h, g, "delivered_s", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, n, log->delivered_s, "s",
             "when the carrier's delivery was done (handed over at home or to a neighbour, "
             "left at the door or safe place, put in a locker or pickup point); NaN if never");
  if (!rc)
    rc = put(h, g, "size", H5T_STD_U8LE, H5T_NATIVE_UINT8, n, log->size, "1",
             "size class, in the order of demand.sizes");
  if (!rc)
    rc = put(h, g, "state", H5T_STD_U8LE, H5T_NATIVE_UINT8, n, log->state, "1",
             "final state: 0 at the depot, 1 in a van, 2 failed and riding back, 3 riding "
             "back to go elsewhere, 4 at a door, 5 in a locker, 6 received, 7 returned, 8 "
             "stolen");
  if (!rc)
    rc = put(h, g, "attempts", H5T_STD_U8LE, H5T_NATIVE_UINT8, n, log->attempts, "attempts",
             "home delivery attempts");
  if (!rc)
    rc = put(h, g, "destination", H5T_STD_I16LE, H5T_NATIVE_INT16, n, log->destination, "1",
             "-1 home, else the index of the locker or pickup point in the scenario");
  H5Gclose(g);
  return rc;
}

int lm__routes_write(lm__h5 *h, hid_t strategy_group, const lm_route_log *log, int64_t day,
                     lm_date first_date) {
  hid_t g = lm__h5_group(h, strategy_group, "routes");
  if (g < 0) return LM_EIO;
  size_t n = log->n;
  char date[LM_DATE_TEXT];
  lm_date_format(first_date + (lm_date)day, date);
  int rc = lm__h5_attr_u64(h, g, "day", (uint64_t)day) || lm__h5_attr_str(h, g, "date", date) ||
                   lm__h5_attr_f64(h, g, "depot_x_km", log->depot_x_km) ||
                   lm__h5_attr_f64(h, g, "depot_y_km", log->depot_y_km)
               ? LM_EIO
               : 0;
  if (!rc) rc = put(h, g, "van", H5T_STD_U32LE, H5T_NATIVE_UINT32, n, log->van, "1", "van index");
  if (!rc)
    rc = put(h, g, "wave", H5T_STD_U32LE, H5T_NATIVE_UINT32, n, log->wave, "1",
             "delivery wave of the day (0-based)");
  if (!rc)
    rc = put(h, g, "sequence", H5T_STD_U32LE, H5T_NATIVE_UINT32, n, log->sequence, "1",
             "position of the stop in the van's tour (0-based)");
  if (!rc) rc = put(h, g, "x_km", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, n, log->x_km, "km", "stop x");
  if (!rc) rc = put(h, g, "y_km", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, n, log->y_km, "km", "stop y");
  if (!rc)
    rc = put(h, g, "planned_s", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, n, log->planned_s, "s",
             "arrival the plan expected (expected travel times)");
  if (!rc)
    rc = put(h, g, "arrival_s", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, n, log->arrival_s, "s",
             "arrival as driven; NaN when the van never got there");
  if (!rc)
    rc = put(h, g, "parcels", H5T_STD_U32LE, H5T_NATIVE_UINT32, n, log->parcels, "parcels",
             "parcels for the stop");
  if (!rc)
    rc = put(h, g, "handed_over", H5T_STD_U32LE, H5T_NATIVE_UINT32, n, log->handed_over, "parcels",
             "parcels handed over, left at the door or placed in the locker");
  if (!rc)
    rc = put(h, g, "site", H5T_STD_I32LE, H5T_NATIVE_INT32, n, log->site, "1",
             "-1 a customer's home, else the index of the locker or pickup point");
  H5Gclose(g);
  return rc;
}

/* Reading the logs ---------------------------------------------------------------------- */

/* Reads the 1-D dataset `name` of `g`, which must hold exactly `n` values, into a new
 * array of n elements of `size` bytes in memory type `mtype`. */
static int get(lm__h5 *h, hid_t g, const char *name, hid_t mtype, size_t size, size_t n,
               void **out) {
  uint64_t len = 0;
  int rc = lm__h5_length(h, g, name, &len);
  if (!rc && len != n)
    rc = lm__h5_error(h, LM_EFORMAT, "%s has %llu entries, expected %zu", name,
                      (unsigned long long)len, n);
  void *buf = rc ? NULL : malloc((n ? n : 1) * size);
  if (!rc && !buf) {
    lm_diag_error(h->diag, h->file, 0, 0, "out of memory reading %s", name);
    rc = LM_ENOMEM;
  }
  hid_t ds = rc ? -1 : H5Dopen2(g, name, H5P_DEFAULT);
  if (!rc && (ds < 0 || (n && H5Dread(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)))
    rc = lm__h5_error(h, LM_EIO, "cannot read %s", name);
  if (ds >= 0) H5Dclose(ds);
  if (rc) {
    free(buf);
    buf = NULL;
  }
  *out = buf;
  return rc;
}

#define GET(g, field, mtype, n)                                                                    \
  get(h, g, #field, mtype, sizeof *log->field, n, (void **)&log->field)

/* Opens group `name` of `strategy_group` and reads the length of its dataset `first`;
 * returns the group id (close it) or -1 with *rc set. */
static hid_t open_log(lm__h5 *h, hid_t strategy_group, const char *name, const char *first,
                      size_t row_bytes, size_t *n, int *rc) {
  hid_t g = H5Gopen2(strategy_group, name, H5P_DEFAULT);
  uint64_t len = 0;
  *rc = g < 0 ? lm__h5_error(h, LM_EFORMAT, "cannot open the group '%s'", name)
              : lm__h5_length(h, g, first, &len);
  if (!*rc && len > SIZE_MAX / 16) *rc = lm__h5_error(h, LM_EFORMAT, "%s is too long", name);
  char what[64];
  snprintf(what, sizeof what, "rows of %s", name);
  if (!*rc) *rc = lm__h5_fits(h, what, len, row_bytes, LM__H5_DEFLATE_MAX_RATIO);
  if (*rc && g >= 0) {
    H5Gclose(g);
    g = -1;
  }
  *n = (size_t)len;
  return g;
}

/* Reads the double field `name` of n rows into *out, or NaNs when a log written by an
 * older lastmile lacks it. 0, or the error of the read. */
static int get_optional(lm__h5 *h, hid_t g, const char *name, size_t n, double **out) {
  if (lm__h5_exists(g, name))
    return get(h, g, name, H5T_NATIVE_DOUBLE, sizeof **out, n, (void **)out);
  if (!(*out = malloc((n ? n : 1) * sizeof **out))) return LM_ENOMEM;
  for (size_t i = 0; i < n; i++) (*out)[i] = NAN;
  return 0;
}

int lm__parcels_read(lm__h5 *h, hid_t strategy_group, lm_parcel_log *log) {
  memset(log, 0, sizeof *log);
  size_t n;
  int rc;
  /* a row: customer, day_created (4 bytes each), order_s, value_eur, resolved_s (8 each),
   * size, state, attempts (1 each), destination (2) */
  hid_t g = open_log(h, strategy_group, "parcels", "customer", 4 + 4 + 3 * 8 + 3 + 2, &n, &rc);
  if (g < 0) return rc;
  rc = GET(g, customer, H5T_NATIVE_UINT32, n);
  if (!rc) rc = GET(g, day_created, H5T_NATIVE_INT32, n);
  if (!rc) rc = GET(g, order_s, H5T_NATIVE_DOUBLE, n);
  if (!rc) rc = GET(g, value_eur, H5T_NATIVE_DOUBLE, n);
  if (!rc) rc = GET(g, resolved_s, H5T_NATIVE_DOUBLE, n);
  if (!rc) rc = GET(g, size, H5T_NATIVE_UINT8, n);
  if (!rc) rc = GET(g, state, H5T_NATIVE_UINT8, n);
  if (!rc) rc = GET(g, attempts, H5T_NATIVE_UINT8, n);
  if (!rc) rc = GET(g, destination, H5T_NATIVE_INT16, n);
  if (!rc) rc = get_optional(h, g, "placed_s", n, &log->placed_s);
  if (!rc) rc = get_optional(h, g, "due_s", n, &log->due_s);
  if (!rc) rc = get_optional(h, g, "delivered_s", n, &log->delivered_s);
  H5Gclose(g);
  if (rc)
    lm_parcel_log_clear(log);
  else
    log->n = n;
  return rc;
}

int lm__routes_read(lm__h5 *h, hid_t strategy_group, lm_route_log *log, int64_t *day) {
  memset(log, 0, sizeof *log);
  size_t n;
  int rc;
  /* a row: van, wave, sequence, parcels, handed_over, site (4 bytes each), x_km, y_km,
   * planned_s, arrival_s (8 each) */
  hid_t g = open_log(h, strategy_group, "routes", "van", 6 * 4 + 4 * 8, &n, &rc);
  if (g < 0) return rc;
  uint64_t d = 0;
  rc = lm__h5_read_attr_u64(h, g, "day", &d);
  if (!rc && d > INT64_MAX)
    rc = lm__h5_error(h, LM_EFORMAT, "routes: day %llu is too large", (unsigned long long)d);
  if (!rc) rc = lm__h5_read_attr_f64(h, g, "depot_x_km", &log->depot_x_km);
  if (!rc) rc = lm__h5_read_attr_f64(h, g, "depot_y_km", &log->depot_y_km);
  if (!rc) rc = GET(g, van, H5T_NATIVE_UINT32, n);
  if (!rc) rc = GET(g, wave, H5T_NATIVE_UINT32, n);
  if (!rc) rc = GET(g, sequence, H5T_NATIVE_UINT32, n);
  if (!rc) rc = GET(g, x_km, H5T_NATIVE_DOUBLE, n);
  if (!rc) rc = GET(g, y_km, H5T_NATIVE_DOUBLE, n);
  if (!rc) rc = GET(g, planned_s, H5T_NATIVE_DOUBLE, n);
  if (!rc) rc = GET(g, arrival_s, H5T_NATIVE_DOUBLE, n);
  if (!rc) rc = GET(g, parcels, H5T_NATIVE_UINT32, n);
  if (!rc) rc = GET(g, handed_over, H5T_NATIVE_UINT32, n);
  if (!rc) rc = GET(g, site, H5T_NATIVE_INT32, n);
  H5Gclose(g);
  if (rc) {
    lm_route_log_clear(log);
  } else {
    log->n = n;
    *day = (int64_t)d;
  }
  return rc;
}
