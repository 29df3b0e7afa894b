/* h5util.h — small HDF5 helpers shared by the output modules (internal: lm__ names).
 *
 * Every call made between lm__h5_begin() and lm__h5_end() runs with HDF5's automatic
 * error printing switched off; a helper that fails adds one message to the session's
 * lm_diag ("FILE: error: what failed: HDF5's innermost reason") and returns an LM_E…
 * code, so callers only pass codes up. Objects are created without modification
 * times, so two runs with the same inputs differ only in the created_utc attribute.
 * Files written here use little-endian standard types, so they read the same anywhere.
 * Output files are built in memory, saved under a temporary name and published by
 * lm__h5_publish() (h5util.c says why in memory).
 *
 * HDF5 (the serial build) is not thread-safe: use these helpers from one thread.
 */
#ifndef LASTMILE_OUTPUT_H5UTIL_H
#define LASTMILE_OUTPUT_H5UTIL_H

#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

#include "lastmile/error.h"

/* One HDF5 session: the file named in messages, where messages go, and the error
 * handler that was installed before the session, restored by lm__h5_end(). */
typedef struct lm__h5 {
  const char *file;    /* path named in messages */
  lm_diag *diag;       /* may be NULL: messages are then dropped */
  uint64_t file_bytes; /* size of the file lm__h5_open opened; 0 before (no size checks) */
  int nomem;           /* set when a helper failed for want of memory (an hid_t says -1) */
  H5E_auto2_t saved_func;
  void *saved_data;
} lm__h5;

/* Starts a session: saves HDF5's current automatic error handler and switches it off.
 * Every lm__h5_begin() must be paired with one lm__h5_end() on the same thread. */
void lm__h5_begin(lm__h5 *h, const char *file, lm_diag *diag);
/* Ends a session: reinstalls the handler lm__h5_begin() found. */
void lm__h5_end(lm__h5 *h);

/* Adds "FILE: error: MESSAGE" to the session's diag, followed by the innermost message
 * on HDF5's error stack when the stack is not empty, then clears the stack. Returns
 * `code`, so that failures read `return lm__h5_error(h, LM_EIO, ...)`. */
int lm__h5_error(lm__h5 *h, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Creating. Each returns an open id (close it with H5Gclose / H5Dclose) or a negative
 * value after adding a message. Names are relative to `loc`. */
hid_t lm__h5_group(lm__h5 *h, hid_t loc, const char *name);
/* A float64 dataset of the given rank (0 for a scalar, 1 or 2) and dims, filled from `data`
 * (row-major, contiguous), with the string attributes "units" and "long_name". */
hid_t lm__h5_dataset_f64(lm__h5 *h, hid_t loc, const char *name, int rank, const hsize_t *dims,
                         const double *data, const char *units, const char *long_name);
/* A 1-D uint32 dataset holding 0, 1, ..., n-1 (the values of an index scale). */
hid_t lm__h5_dataset_index(lm__h5 *h, hid_t loc, const char *name, size_t n);
/* A 1-D dataset of `n` variable-length UTF-8 strings (netCDF-4's `string`, which h5py and
 * xarray return as str); the i-th string starts at strings + i * stride (each is
 * NUL-terminated). */
hid_t lm__h5_dataset_names(lm__h5 *h, hid_t loc, const char *name, size_t n, const char *strings,
                           size_t stride);
/* A scalar variable-length UTF-8 string dataset holding `text` (NUL-terminated). */
hid_t lm__h5_dataset_text(lm__h5 *h, hid_t loc, const char *name, const char *text);

/* Scalar attributes on the object `obj`; return 0 or LM_EIO. Strings are stored as
 * variable-length UTF-8, which h5py returns as str. */
int lm__h5_attr_str(lm__h5 *h, hid_t obj, const char *name, const char *value);
int lm__h5_attr_u64(lm__h5 *h, hid_t obj, const char *name, uint64_t value);
int lm__h5_attr_i32(lm__h5 *h, hid_t obj, const char *name, int32_t value);
int lm__h5_attr_f64(lm__h5 *h, hid_t obj, const char *name, double value);

/* Makes dataset `scale` a dimension scale called `name`. Returns 0 or LM_EIO. */
int lm__h5_make_scale(lm__h5 *h, hid_t scale, const char *name);
/* Attaches `scale` to dimension `dim` of `dataset` and labels the dimension `label`.
 * Returns 0 or LM_EIO. */
int lm__h5_attach(lm__h5 *h, hid_t dataset, unsigned dim, hid_t scale, const char *label);

/* Reading. Each returns 0, LM_EFORMAT (missing object, wrong type or shape) or LM_EIO
 * (HDF5 could not read it), with a message naming the object. Names may be paths. */

/* deflate never compresses better than about 1032:1 (RFC 1951: a match of 258 bytes
 * costs at least 2 bits), so no chunked, compressed dataset holds more than this many
 * bytes per byte of file. */
#define LM__H5_DEFLATE_MAX_RATIO 1032u

/* A damaged file can claim any size. Before allocating for `count` items of `bytes_each`
 * bytes that the file stores uncompressed (ratio 1) or deflate-compressed (ratio
 * LM__H5_DEFLATE_MAX_RATIO), readers check that the file is big enough to hold them:
 * 0 if so (or if the size is unknown), else LM_EFORMAT with a message naming `what`. */
int lm__h5_fits(lm__h5 *h, const char *what, uint64_t count, uint64_t bytes_each, uint64_t ratio);

/* 1 when `path` (relative to `loc`) leads to an object, 0 when any part is missing. */
int lm__h5_exists(hid_t loc, const char *path);

/* A scalar string attribute (fixed- or variable-length) as a new NUL-terminated
 * string; *out is malloc'd and owned by the caller (LM_ENOMEM if that fails). */
int lm__h5_read_attr_str(lm__h5 *h, hid_t obj, const char *name, char **out);
/* A scalar integer attribute converted to uint64 (negative values are refused). */
int lm__h5_read_attr_u64(lm__h5 *h, hid_t obj, const char *name, uint64_t *out);
/* A scalar numeric attribute converted to double. */
int lm__h5_read_attr_f64(lm__h5 *h, hid_t obj, const char *name, double *out);
/* One scalar attribute as lm__h5_each_attr reads it: a string (text), an unsigned integer
 * (is_uint, u) or any other number (x). */
typedef struct lm__h5_attr {
  const char *name;
  const char *text; /* NULL for a number */
  int is_uint;
  uint64_t u;
  double x;
} lm__h5_attr;
/* Calls fn(attribute, ctx) for each scalar string, integer or floating attribute of the
 * object at `path` (relative to `loc`), in name order; attributes of other kinds or that
 * do not read as one value are left out, and so is a missing object. */
void lm__h5_each_attr(lm__h5 *h, hid_t loc, const char *path,
                      void (*fn)(const lm__h5_attr *a, void *ctx), void *ctx);
/* A scalar string dataset (fixed- or variable-length); *out as for the attribute. */
int lm__h5_read_text(lm__h5 *h, hid_t loc, const char *name, char **out);
/* The length of the 1-D dataset `name`. */
int lm__h5_length(lm__h5 *h, hid_t loc, const char *name, uint64_t *n);
/* A numeric dataset of exactly `rank` and `dims` (rank 0: a scalar, dims unused),
 * converted to double into `out` (room for the product of dims). */
int lm__h5_read_f64(lm__h5 *h, hid_t loc, const char *name, int rank, const hsize_t *dims,
                    double *out);
/* A 1-D dataset of exactly `n` variable-length strings, each non-empty and shorter than
 * `width` bytes, copied NUL-terminated to out + i * width. */
int lm__h5_read_names(lm__h5 *h, hid_t loc, const char *name, size_t n, size_t width, char *out);

/* Output files. ------------------------------------------------------------------------ */

/* Creates an empty HDF5 file in memory only; `name` just names it. Returns its id, or -1
 * after a message. Objects still open when the file is closed are closed with it. Write
 * it out with lm__h5_save(), or drop it with H5Fclose(). */
hid_t lm__h5_create_in_memory(lm__h5 *h, const char *name);
/* Closes the in-memory file `file` (in every case) and writes its bytes to `out` (a
 * stream of lm_publish). Returns 0, LM_EIO or LM_ENOMEM. */
int lm__h5_save(lm__h5 *h, hid_t file, FILE *out);
/* Opens the existing HDF5 file h->file read-only, closing like the above. Returns
 * its id, or -1 with *rc set to LM_EIO (cannot read it) or LM_EFORMAT (not HDF5, or the
 * name of a temporary file of lm_publish, which may be unfinished however it looks). */
hid_t lm__h5_open(lm__h5 *h, int *rc);

#endif
