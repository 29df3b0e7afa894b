/* parcels_io.c — the detail outputs of a run in the results file: the parcel log and the
 * tours of a chosen day of each strategy; writing and reading.
 *
 * /parcels/NAME/FIELD, one 1-D dataset per field over the parcels of replication 0,
 * chunked (64 Ki parcels a chunk) and deflate-compressed, with units and a long name; the
 * group's own index scale /parcels/NAME/parcel (0, 1, ...) is attached to every field as
 * the dimension "parcel", so each group is a netCDF-4 dataset of its own. Integer fields
 * keep their integer types, so a log of a year of a city stays a few tens of megabytes.
 * The tours are laid out the same way under /routes/NAME, one row per stop, on the
 * dimension "stop".
 *
 * The fields, their order, stored types, units and long names are the columns of the
 * records (LM_PARCEL_COLUMNS, LM_ROUTE_COLUMNS in records.h); this file only maps a column's
 * kind to its HDF5 types and loops over the columns.
 *
 * Reading is the mirror image: every REQUIRED field must be there with the log's length
 * (the length of the first field); an OPTIONAL field that is absent (a file written by an
 * older lastmile) reads as NaNs. HDF5 converts the stored types to the in-memory ones.
 * Cost: O(n) time and memory for n parcels or stops.
 */
#include "output/parcels_io.h"

#include <hdf5_hl.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 65536

/* One column of a log: its dataset name, where the pointer to its array sits in the log
 * struct, its kind, whether a reader must find it, its units and long name. */
typedef struct column {
  const char *name;
  size_t offset;
  lm_column_kind kind;
  lm_column_presence presence;
  const char *units, *long_name;
} column;

#define COLUMN_(log_type, field, kind, presence, units, long_name)                                 \
  {#field, offsetof(log_type, field), LM_COLUMN_##kind, LM_COLUMN_##presence, units, long_name},
#define PARCEL_COLUMN_(...) COLUMN_(lm_parcel_log, __VA_ARGS__)
#define ROUTE_COLUMN_(...)  COLUMN_(lm_route_log, __VA_ARGS__)
static const column parcel_columns[] = {LM_PARCEL_COLUMNS(PARCEL_COLUMN_)};
static const column route_columns[] = {LM_ROUTE_COLUMNS(ROUTE_COLUMN_)};
#undef PARCEL_COLUMN_
#undef ROUTE_COLUMN_
#undef COLUMN_
#define N_COLUMNS(cols) (sizeof(cols) / sizeof *(cols))

/* An absent optional column reads as NaNs, so only F64 columns can be optional. */
#define OPTIONAL_IS_F64_(field, kind, presence, units, long_name)                                  \
  _Static_assert(LM_COLUMN_##presence == LM_COLUMN_REQUIRED || LM_COLUMN_##kind == LM_COLUMN_F64,  \
                 #field ": only F64 columns can be optional");
LM_PARCEL_COLUMNS(OPTIONAL_IS_F64_)
LM_ROUTE_COLUMNS(OPTIONAL_IS_F64_)
#undef OPTIONAL_IS_F64_

/* The HDF5 types of a kind: stored (little-endian, same width) and in memory; and the
 * bytes of one value in memory. */
static size_t kind_types(lm_column_kind kind, hid_t *ftype, hid_t *mtype) {
  switch (kind) {
  case LM_COLUMN_U32:
    *ftype = H5T_STD_U32LE, *mtype = H5T_NATIVE_UINT32;
    return sizeof(LM_COLUMN_TYPE_U32);
  case LM_COLUMN_I32:
    *ftype = H5T_STD_I32LE, *mtype = H5T_NATIVE_INT32;
    return sizeof(LM_COLUMN_TYPE_I32);
  case LM_COLUMN_U8:
    *ftype = H5T_STD_U8LE, *mtype = H5T_NATIVE_UINT8;
    return sizeof(LM_COLUMN_TYPE_U8);
  case LM_COLUMN_I16:
    *ftype = H5T_STD_I16LE, *mtype = H5T_NATIVE_INT16;
    return sizeof(LM_COLUMN_TYPE_I16);
  case LM_COLUMN_F64:
    break;
  }
  *ftype = H5T_IEEE_F64LE, *mtype = H5T_NATIVE_DOUBLE;
  return sizeof(LM_COLUMN_TYPE_F64);
}

/* The array of column `c` of a log, and setting it. The member is a typed pointer
 * (uint32_t *, double *, ...); it is copied as a void * of the same representation. */
static void *column_array(const void *log, const column *c) {
  void *a;
  memcpy(&a, (const char *)log + c->offset, sizeof a);
  return a;
}
static void set_column_array(void *log, const column *c, void *a) {
  memcpy((char *)log + c->offset, &a, sizeof a);
}

/* Column `c` of `log` as a compressed 1-D dataset of n values on the dimension `dim`,
 * whose index scale is `scale`. */
static int put(lm__h5 *h, hid_t g, const column *c, size_t n, const void *log, hid_t scale,
               const char *dim) {
  hid_t ftype, mtype;
  kind_types(c->kind, &ftype, &mtype);
  const char *name = c->name;
  const void *data = column_array(log, c);
  hsize_t dims[1] = {n}, chunk[1] = {n < CHUNK ? (n ? n : 1) : CHUNK};
  hid_t space = H5Screate_simple(1, dims, NULL);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  int rc = space < 0 || dcpl < 0 || H5Pset_obj_track_times(dcpl, 0) < 0 ||
           H5Pset_chunk(dcpl, 1, chunk) < 0 || H5Pset_deflate(dcpl, 4) < 0;
  hid_t ds = rc ? -1 : H5Dcreate2(g, name, ftype, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  if (ds < 0 || (n && H5Dwrite(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) ||
      lm__h5_attr_str(h, ds, "units", c->units) ||
      lm__h5_attr_str(h, ds, "long_name", c->long_name))
    rc = 1;
  if (!rc && lm__h5_attach(h, ds, 0, scale, dim)) rc = 1;
  if (ds >= 0) H5Dclose(ds);
  if (dcpl >= 0) H5Pclose(dcpl);
  if (space >= 0) H5Sclose(space);
  return rc ? lm__h5_error(h, LM_EIO, "cannot write the log field '%s'", name) : 0;
}

/* The index scale `dim` (0 .. n-1) and every column of `cols` of `log` (n rows) on it,
 * into group g. */
static int put_all(lm__h5 *h, hid_t g, const char *dim, const char *dim_long_name,
                   const column *cols, size_t n_cols, size_t n, const void *log) {
  hid_t scale = lm__h5_dataset_index(h, g, dim, n);
  int rc = scale < 0 || lm__h5_make_scale(h, scale, dim) ||
                   lm__h5_attr_str(h, scale, "long_name", dim_long_name)
               ? LM_EIO
               : 0;
  for (size_t i = 0; !rc && i < n_cols; i++) rc = put(h, g, &cols[i], n, log, scale, dim);
  if (scale >= 0) H5Dclose(scale);
  return rc;
}

int lm__parcels_write(lm__h5 *h, hid_t parent, const char *name, const lm_parcel_log *log) {
  hid_t g = lm__h5_group(h, parent, name);
  if (g < 0) return LM_EIO;
  int rc = put_all(h, g, "parcel", "parcel index, in creation order", parcel_columns,
                   N_COLUMNS(parcel_columns), log->n, log);
  H5Gclose(g);
  return rc;
}

int lm__routes_write(lm__h5 *h, hid_t parent, const char *name, const lm_route_log *log,
                     int64_t day, lm_date first_date) {
  hid_t g = lm__h5_group(h, parent, name);
  if (g < 0) return LM_EIO;
  char date[LM_DATE_TEXT];
  lm_date_format(first_date + (lm_date)day, date);
  int rc = lm__h5_attr_u64(h, g, "day", (uint64_t)day) || lm__h5_attr_str(h, g, "date", date) ||
                   lm__h5_attr_f64(h, g, "depot_x_km", log->depot_x_km) ||
                   lm__h5_attr_f64(h, g, "depot_y_km", log->depot_y_km)
               ? LM_EIO
               : 0;
  if (!rc)
    rc = put_all(h, g, "stop", "stop index: tours one after another, stops in driving order",
                 route_columns, N_COLUMNS(route_columns), log->n, log);
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

/* Reads column `c` of n rows into its array in `log`: a new array, or NaNs when the column
 * is optional and a log written by an older lastmile lacks it. 0, or the error of the
 * read (the array is then NULL). */
static int get_column(lm__h5 *h, hid_t g, const column *c, size_t n, void *log) {
  hid_t ftype, mtype;
  size_t size = kind_types(c->kind, &ftype, &mtype);
  void *buf = NULL;
  int rc = 0;
  if (c->presence == LM_COLUMN_REQUIRED || lm__h5_exists(g, c->name)) {
    rc = get(h, g, c->name, mtype, size, n, &buf);
  } else { /* optional and absent: an F64 column (checked above) */
    double *nan = malloc((n ? n : 1) * sizeof *nan);
    if (!nan) rc = LM_ENOMEM;
    for (size_t i = 0; nan && i < n; i++) nan[i] = NAN;
    buf = nan;
  }
  set_column_array(log, c, buf);
  return rc;
}

/* Opens group `name` of `parent` (a log of `kind`: "parcels" or "routes") and reads the
 * length of its first column; the size of a row is that of its required columns. Returns
 * the group id (close it) or -1 with *rc set. */
static hid_t open_log(lm__h5 *h, hid_t parent, const char *kind, const char *name,
                      const column *cols, size_t n_cols, size_t *n, int *rc) {
  size_t row_bytes = 0;
  hid_t ftype, mtype;
  for (size_t i = 0; i < n_cols; i++)
    if (cols[i].presence == LM_COLUMN_REQUIRED)
      row_bytes += kind_types(cols[i].kind, &ftype, &mtype);
  hid_t g = H5Gopen2(parent, name, H5P_DEFAULT);
  uint64_t len = 0;
  *rc = g < 0 ? lm__h5_error(h, LM_EFORMAT, "cannot open the group '%s/%s'", kind, name)
              : lm__h5_length(h, g, cols[0].name, &len);
  if (!*rc && len > SIZE_MAX / 16)
    *rc = lm__h5_error(h, LM_EFORMAT, "%s/%s is too long", kind, name);
  char what[160];
  snprintf(what, sizeof what, "rows of %s/%s", kind, name);
  if (!*rc) *rc = lm__h5_fits(h, what, len, row_bytes, LM__H5_DEFLATE_MAX_RATIO);
  if (*rc && g >= 0) {
    H5Gclose(g);
    g = -1;
  }
  *n = (size_t)len;
  return g;
}

/* Every column of `cols` of n rows from group g into `log`. */
static int get_all(lm__h5 *h, hid_t g, const column *cols, size_t n_cols, size_t n, void *log) {
  int rc = 0;
  for (size_t i = 0; !rc && i < n_cols; i++) rc = get_column(h, g, &cols[i], n, log);
  return rc;
}

int lm__parcels_read(lm__h5 *h, hid_t parent, const char *name, lm_parcel_log *log) {
  memset(log, 0, sizeof *log);
  size_t n;
  int rc;
  hid_t g =
      open_log(h, parent, "parcels", name, parcel_columns, N_COLUMNS(parcel_columns), &n, &rc);
  if (g < 0) return rc;
  rc = get_all(h, g, parcel_columns, N_COLUMNS(parcel_columns), n, log);
  H5Gclose(g);
  if (rc)
    lm_parcel_log_clear(log);
  else
    log->n = n;
  return rc;
}

int lm__routes_read(lm__h5 *h, hid_t parent, const char *name, lm_route_log *log, int64_t *day) {
  memset(log, 0, sizeof *log);
  size_t n;
  int rc;
  hid_t g = open_log(h, parent, "routes", name, route_columns, N_COLUMNS(route_columns), &n, &rc);
  if (g < 0) return rc;
  uint64_t d = 0;
  rc = lm__h5_read_attr_u64(h, g, "day", &d);
  if (!rc && d > INT64_MAX)
    rc = lm__h5_error(h, LM_EFORMAT, "routes: day %llu is too large", (unsigned long long)d);
  if (!rc) rc = lm__h5_read_attr_f64(h, g, "depot_x_km", &log->depot_x_km);
  if (!rc) rc = lm__h5_read_attr_f64(h, g, "depot_y_km", &log->depot_y_km);
  if (!rc) rc = get_all(h, g, route_columns, N_COLUMNS(route_columns), n, log);
  H5Gclose(g);
  if (rc) {
    lm_route_log_clear(log);
  } else {
    log->n = n;
    *day = (int64_t)d;
  }
  return rc;
}
