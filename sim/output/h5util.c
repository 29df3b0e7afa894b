/* h5util.c — HDF5 helpers: quiet sessions, error messages, typed datasets and attributes.
 *
 * HDF5 keeps an error stack per thread: every API call clears it on entry and a failing
 * call leaves its reasons there, innermost first. So a failure is reported right after
 * the call that failed and before anything else touches HDF5 (closing ids included):
 * fail_at() first copies the innermost reason, then asks HDF5 for the object's path.
 * Every helper closes what it opened on every path through it.
 *
 * Output files are built in memory (HDF5's core driver) and written out with write(2):
 * HDF5 1.10 cannot survive a failed H5Fclose — the file's ID outlives its freed state and
 * the library crashes at exit (CVE-2020-10812, fixed in 1.14) — so HDF5 must never be the
 * one to meet a full disk. Every disk error then comes from our own write() and is
 * handled like any other. The price is two copies of the file in memory while saving.
 * Where the bytes go, and how they are published, is publish.h's business.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include "output/h5util.h"

#include "lastmile/fileio.h"
#include "lastmile/publish.h"

#include <errno.h>
#include <hdf5_hl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REASON_MAX     256
#define PATH_MAX_CHARS 512

void lm__h5_begin(lm__h5 *h, const char *file, lm_diag *diag) {
  h->file = file;
  h->diag = diag;
  h->file_bytes = 0;
  h->nomem = 0;
  h->saved_func = NULL;
  h->saved_data = NULL;
  if (H5Eget_auto2(H5E_DEFAULT, &h->saved_func, &h->saved_data) < 0) {
    h->saved_func = NULL;
    h->saved_data = NULL;
  }
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

void lm__h5_end(lm__h5 *h) {
  H5Eclear2(H5E_DEFAULT);
  H5Eset_auto2(H5E_DEFAULT, h->saved_func, h->saved_data);
}

/* H5Ewalk2 callback: keeps the first (innermost, walking upward) non-empty description. */
static herr_t keep_innermost(unsigned n, const H5E_error2_t *err, void *data) {
  (void)n;
  char *reason = data;
  if (reason[0] == '\0' && err->desc && err->desc[0]) snprintf(reason, REASON_MAX, "%s", err->desc);
  return 0;
}

/* Copies the innermost reason on the error stack to `reason` ("" if none), clears it.
 * Failed system calls are described by HDF5 as "..., errno = 27, error message = 'File
 * too large', buf = 0x..."; only the system's message is kept from those. */
static void stack_reason(char reason[REASON_MAX]) {
  reason[0] = '\0';
  if (H5Eget_num(H5E_DEFAULT) > 0) H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, reason);
  H5Eclear2(H5E_DEFAULT);
  static const char key[] = "error message = '";
  char *start = strstr(reason, key), *end = start ? strchr(start + sizeof key - 1, '\'') : NULL;
  if (end) {
    start += sizeof key - 1;
    memmove(reason, start, (size_t)(end - start));
    reason[end - start] = '\0';
  }
  for (char *c = reason; *c; c++)
    if (*c == '\n') *c = ' ';
}

static int report(lm__h5 *h, int code, const char *reason, const char *msg) {
  if (code == LM_ENOMEM) h->nomem = 1;
  if (reason[0])
    lm_diag_error(h->diag, h->file, 0, 0, "%s: %s", msg, reason);
  else
    lm_diag_error(h->diag, h->file, 0, 0, "%s", msg);
  return code;
}

int lm__h5_error(lm__h5 *h, int code, const char *fmt, ...) {
  char reason[REASON_MAX];
  stack_reason(reason);
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return report(h, code, reason, msg);
}

/* Reports "WHAT PATH" (or "WHAT attribute ATTR of PATH") where PATH is `name` resolved
 * against `loc`; `name` may be "" for `loc` itself and `attr` may be NULL. */
static int fail_at(lm__h5 *h, int code, const char *what, hid_t loc, const char *name,
                   const char *attr) {
  char reason[REASON_MAX];
  stack_reason(reason);
  char path[PATH_MAX_CHARS] = "";
  if (name[0] != '/') {
    ssize_t len = loc >= 0 ? H5Iget_name(loc, path, sizeof path) : -1;
    if (len <= 0) snprintf(path, sizeof path, "?");
    H5Eclear2(H5E_DEFAULT);
  }
  size_t used = strlen(path);
  const char *sep = (name[0] && name[0] != '/' && used && path[used - 1] != '/') ? "/" : "";
  char msg[1024];
  if (attr)
    snprintf(msg, sizeof msg, "%s attribute '%s' of %s%s%s", what, attr, path, sep, name);
  else
    snprintf(msg, sizeof msg, "%s %s%s%s", what, path, sep, name);
  return report(h, code, reason, msg);
}

/* An object-creation property list (for H5P_DATASET_CREATE or H5P_GROUP_CREATE) that
 * does not record modification times, so identical inputs give identical objects. */
static hid_t untimed(hid_t cls) {
  hid_t p = H5Pcreate(cls);
  if (p >= 0 && H5Pset_obj_track_times(p, 0) < 0) {
    H5Pclose(p);
    return -1;
  }
  return p;
}

/* A UTF-8 string type: variable-length when size is 0, else fixed and NUL-padded. */
static hid_t string_type(size_t size) {
  hid_t t = H5Tcopy(H5T_C_S1);
  if (t < 0) return t;
  if (H5Tset_size(t, size ? size : H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0 ||
      (size && H5Tset_strpad(t, H5T_STR_NULLPAD) < 0)) {
    H5Tclose(t);
    return -1;
  }
  return t;
}

hid_t lm__h5_group(lm__h5 *h, hid_t loc, const char *name) {
  hid_t gcpl = untimed(H5P_GROUP_CREATE);
  hid_t g = gcpl < 0 ? -1 : H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
  if (g < 0) fail_at(h, LM_EIO, "cannot create group", loc, name, NULL);
  if (gcpl >= 0) H5Pclose(gcpl);
  return g;
}

/* Creates dataset `name` of file type `ftype` and the given shape (rank 0: scalar). */
static hid_t create_dataset(lm__h5 *h, hid_t loc, const char *name, hid_t ftype, int rank,
                            const hsize_t *dims) {
  hid_t space = rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims, NULL);
  hid_t dcpl = space < 0 ? -1 : untimed(H5P_DATASET_CREATE);
  hid_t ds = dcpl < 0 ? -1 : H5Dcreate2(loc, name, ftype, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  if (ds < 0) fail_at(h, LM_EIO, "cannot create dataset", loc, name, NULL);
  if (dcpl >= 0) H5Pclose(dcpl);
  if (space >= 0) H5Sclose(space);
  return ds;
}

/* Writes all of `ds` from `buf` of memory type `mtype`; on failure closes `ds`. */
static hid_t fill(lm__h5 *h, hid_t ds, hid_t loc, const char *name, hid_t mtype, const void *buf) {
  if (H5Dwrite(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
    fail_at(h, LM_EIO, "cannot write dataset", loc, name, NULL);
    H5Dclose(ds);
    return -1;
  }
  return ds;
}

hid_t lm__h5_dataset_f64(lm__h5 *h, hid_t loc, const char *name, int rank, const hsize_t *dims,
                         const double *data, const char *units, const char *long_name) {
  hid_t ds = create_dataset(h, loc, name, H5T_IEEE_F64LE, rank, dims);
  if (ds < 0 || fill(h, ds, loc, name, H5T_NATIVE_DOUBLE, data) < 0) return -1;
  if (lm__h5_attr_str(h, ds, "units", units) || lm__h5_attr_str(h, ds, "long_name", long_name)) {
    H5Dclose(ds);
    return -1;
  }
  return ds;
}

hid_t lm__h5_dataset_index(lm__h5 *h, hid_t loc, const char *name, size_t n) {
  if (n > UINT32_MAX) {
    lm_diag_error(h->diag, h->file, 0, 0, "%s: %zu entries do not fit uint32", name, n);
    return -1;
  }
  uint32_t *v = malloc((n ? n : 1) * sizeof *v);
  if (!v) {
    h->nomem = 1;
    lm_diag_error(h->diag, h->file, 0, 0, "out of memory writing %s", name);
    return -1;
  }
  for (size_t i = 0; i < n; i++) v[i] = (uint32_t)i;
  hsize_t dim = n;
  hid_t ds = create_dataset(h, loc, name, H5T_STD_U32LE, 1, &dim);
  if (ds >= 0) ds = fill(h, ds, loc, name, H5T_NATIVE_UINT32, v);
  free(v);
  return ds;
}

hid_t lm__h5_dataset_names(lm__h5 *h, hid_t loc, const char *name, size_t n, const char *strings,
                           size_t stride) {
  const char **ptrs = malloc((n ? n : 1) * sizeof *ptrs);
  hid_t t = ptrs ? string_type(0) : -1;
  hid_t ds = -1;
  if (t < 0) {
    if (!ptrs) h->nomem = 1;
    lm__h5_error(h, ptrs ? LM_EIO : LM_ENOMEM, "cannot make the string type of %s", name);
  } else {
    for (size_t i = 0; i < n; i++) ptrs[i] = strings + i * stride;
    hsize_t dim = n;
    ds = create_dataset(h, loc, name, t, 1, &dim);
    if (ds >= 0) ds = fill(h, ds, loc, name, t, ptrs);
    H5Tclose(t);
  }
  free(ptrs);
  return ds;
}

hid_t lm__h5_dataset_text(lm__h5 *h, hid_t loc, const char *name, const char *text) {
  hid_t t = string_type(0);
  if (t < 0) {
    lm__h5_error(h, LM_EIO, "cannot make the string type of %s", name);
    return -1;
  }
  hid_t ds = create_dataset(h, loc, name, t, 0, NULL);
  if (ds >= 0) ds = fill(h, ds, loc, name, t, &text);
  H5Tclose(t);
  return ds;
}

/* Creates scalar attribute `name` on `obj` with file type `ftype` and writes `value`. */
static int write_attr(lm__h5 *h, hid_t obj, const char *name, hid_t ftype, hid_t mtype,
                      const void *value) {
  int rc = 0;
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t a = space < 0 ? -1 : H5Acreate2(obj, name, ftype, space, H5P_DEFAULT, H5P_DEFAULT);
  if (a < 0 || H5Awrite(a, mtype, value) < 0)
    rc = fail_at(h, LM_EIO, "cannot write", obj, "", name);
  if (a >= 0) H5Aclose(a);
  if (space >= 0) H5Sclose(space);
  return rc;
}

int lm__h5_attr_str(lm__h5 *h, hid_t obj, const char *name, const char *value) {
  hid_t t = string_type(0);
  if (t < 0) return fail_at(h, LM_EIO, "cannot make the string type for", obj, "", name);
  int rc = write_attr(h, obj, name, t, t, &value);
  H5Tclose(t);
  return rc;
}

int lm__h5_attr_u64(lm__h5 *h, hid_t obj, const char *name, uint64_t value) {
  return write_attr(h, obj, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

int lm__h5_attr_i32(lm__h5 *h, hid_t obj, const char *name, int32_t value) {
  return write_attr(h, obj, name, H5T_STD_I32LE, H5T_NATIVE_INT32, &value);
}

int lm__h5_attr_f64(lm__h5 *h, hid_t obj, const char *name, double value) {
  return write_attr(h, obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

int lm__h5_make_scale(lm__h5 *h, hid_t scale, const char *name) {
  if (H5DSset_scale(scale, name) < 0)
    return fail_at(h, LM_EIO, "cannot make a dimension scale of", scale, "", NULL);
  return 0;
}

int lm__h5_attach(lm__h5 *h, hid_t dataset, unsigned dim, hid_t scale, const char *label) {
  if (H5DSattach_scale(dataset, scale, dim) < 0)
    return fail_at(h, LM_EIO, "cannot attach a dimension scale to", dataset, "", NULL);
  if (H5DSset_label(dataset, dim, label) < 0)
    return fail_at(h, LM_EIO, "cannot label a dimension of", dataset, "", NULL);
  return 0;
}

/* Reading ------------------------------------------------------------------------------ */

int lm__h5_exists(hid_t loc, const char *path) {
  int ok = H5LTpath_valid(loc, path, 1) > 0;
  H5Eclear2(H5E_DEFAULT);
  return ok;
}

/* Reads the one string held by attribute (is_attr) or dataset `obj` into a new buffer. */
static int read_string(lm__h5 *h, hid_t obj, int is_attr, const char *attr, char **out) {
  int rc = 0;
  char *res = NULL;
  hid_t ft = is_attr ? H5Aget_type(obj) : H5Dget_type(obj);
  hid_t sp = is_attr ? H5Aget_space(obj) : H5Dget_space(obj);
  hid_t mt = -1;
  if (ft < 0 || sp < 0) {
    rc = fail_at(h, LM_EIO, "cannot read", obj, "", attr);
  } else if (H5Tget_class(ft) != H5T_STRING || H5Sget_simple_extent_npoints(sp) != 1) {
    rc = fail_at(h, LM_EFORMAT, "expected one string in", obj, "", attr);
  } else if (H5Tis_variable_str(ft) > 0) {
    char *p = NULL;
    mt = string_type(0);
    if (mt < 0 || H5Tset_cset(mt, H5Tget_cset(ft)) < 0 ||
        (is_attr ? H5Aread(obj, mt, &p) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, &p)) < 0)
      rc = fail_at(h, LM_EIO, "cannot read", obj, "", attr);
    else if (!(res = strdup(p ? p : "")))
      rc = LM_ENOMEM;
    if (p) H5free_memory(p);
  } else {
    size_t size = H5Tget_size(ft);
    res = calloc(size + 1, 1);
    mt = res ? H5Tcopy(ft) : -1;
    if (!res)
      rc = LM_ENOMEM;
    else if (mt < 0 || (is_attr ? H5Aread(obj, mt, res)
                                : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, res)) < 0)
      rc = fail_at(h, LM_EIO, "cannot read", obj, "", attr);
  }
  if (rc == LM_ENOMEM) lm_diag_error(h->diag, h->file, 0, 0, "out of memory reading a string");
  if (mt >= 0) H5Tclose(mt);
  if (sp >= 0) H5Sclose(sp);
  if (ft >= 0) H5Tclose(ft);
  if (rc) {
    free(res);
    res = NULL;
  }
  *out = res;
  return rc;
}

/* Opens attribute `name` of `obj`, or reports it missing (LM_EFORMAT). */
static hid_t open_attr(lm__h5 *h, hid_t obj, const char *name, int *rc) {
  if (H5Aexists(obj, name) <= 0) {
    *rc = fail_at(h, LM_EFORMAT, "missing", obj, "", name);
    return -1;
  }
  hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  if (a < 0) *rc = fail_at(h, LM_EIO, "cannot open", obj, "", name);
  return a;
}

int lm__h5_read_attr_str(lm__h5 *h, hid_t obj, const char *name, char **out) {
  int rc = 0;
  *out = NULL;
  hid_t a = open_attr(h, obj, name, &rc);
  if (a < 0) return rc;
  rc = read_string(h, a, 1, name, out);
  H5Aclose(a);
  return rc;
}

int lm__h5_read_attr_u64(lm__h5 *h, hid_t obj, const char *name, uint64_t *out) {
  int rc = 0;
  hid_t a = open_attr(h, obj, name, &rc);
  if (a < 0) return rc;
  hid_t ft = H5Aget_type(a);
  hid_t sp = H5Aget_space(a);
  int64_t s = 0;
  if (ft < 0 || sp < 0)
    rc = fail_at(h, LM_EIO, "cannot read", obj, "", name);
  else if (H5Tget_class(ft) != H5T_INTEGER || H5Sget_simple_extent_npoints(sp) != 1)
    rc = fail_at(h, LM_EFORMAT, "expected one integer in", obj, "", name);
  else if (H5Tget_sign(ft) == H5T_SGN_NONE ? H5Aread(a, H5T_NATIVE_UINT64, out) < 0
                                           : H5Aread(a, H5T_NATIVE_INT64, &s) < 0)
    rc = fail_at(h, LM_EIO, "cannot read", obj, "", name);
  else if (H5Tget_sign(ft) != H5T_SGN_NONE && s < 0)
    rc = fail_at(h, LM_EFORMAT, "negative value in", obj, "", name);
  else if (H5Tget_sign(ft) != H5T_SGN_NONE)
    *out = (uint64_t)s;
  if (sp >= 0) H5Sclose(sp);
  if (ft >= 0) H5Tclose(ft);
  H5Aclose(a);
  return rc;
}

int lm__h5_read_attr_f64(lm__h5 *h, hid_t obj, const char *name, double *out) {
  int rc = 0;
  hid_t a = open_attr(h, obj, name, &rc);
  if (a < 0) return rc;
  hid_t ft = H5Aget_type(a);
  hid_t sp = H5Aget_space(a);
  H5T_class_t cls = ft < 0 ? H5T_NO_CLASS : H5Tget_class(ft);
  if (ft < 0 || sp < 0)
    rc = fail_at(h, LM_EIO, "cannot read", obj, "", name);
  else if ((cls != H5T_FLOAT && cls != H5T_INTEGER) || H5Sget_simple_extent_npoints(sp) != 1)
    rc = fail_at(h, LM_EFORMAT, "expected one number in", obj, "", name);
  else if (H5Aread(a, H5T_NATIVE_DOUBLE, out) < 0)
    rc = fail_at(h, LM_EIO, "cannot read", obj, "", name);
  if (sp >= 0) H5Sclose(sp);
  if (ft >= 0) H5Tclose(ft);
  H5Aclose(a);
  return rc;
}

/* Opens dataset `name` under `loc`, or reports it missing (LM_EFORMAT). */
static hid_t open_dataset(lm__h5 *h, hid_t loc, const char *name, int *rc) {
  if (!lm__h5_exists(loc, name)) {
    *rc = fail_at(h, LM_EFORMAT, "missing dataset", loc, name, NULL);
    return -1;
  }
  hid_t ds = H5Dopen2(loc, name, H5P_DEFAULT);
  if (ds < 0) *rc = fail_at(h, LM_EIO, "cannot open dataset", loc, name, NULL);
  return ds;
}

typedef struct each_attr {
  lm__h5 *h;
  void (*fn)(const lm__h5_attr *a, void *ctx);
  void *ctx;
} each_attr;

static herr_t visit_attr(hid_t obj, const char *name, const H5A_info_t *info, void *data) {
  (void)info;
  each_attr *w = data;
  hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  hid_t t = a < 0 ? -1 : H5Aget_type(a);
  H5T_class_t cls = t < 0 ? H5T_NO_CLASS : H5Tget_class(t);
  int is_signed = cls == H5T_INTEGER && H5Tget_sign(t) != H5T_SGN_NONE;
  if (t >= 0) H5Tclose(t);
  if (a >= 0) H5Aclose(a);
  if (cls != H5T_STRING && cls != H5T_INTEGER && cls != H5T_FLOAT) return 0;
  char *text = NULL;
  lm__h5_attr v = {name, NULL, cls == H5T_INTEGER && !is_signed, 0, 0.0};
  if (cls == H5T_STRING ? lm__h5_read_attr_str(w->h, obj, name, &text)
      : v.is_uint       ? lm__h5_read_attr_u64(w->h, obj, name, &v.u)
                        : lm__h5_read_attr_f64(w->h, obj, name, &v.x))
    return 0; /* not one value: left out */
  v.text = text;
  w->fn(&v, w->ctx);
  free(text);
  return 0;
}

void lm__h5_each_attr(lm__h5 *h, hid_t loc, const char *path,
                      void (*fn)(const lm__h5_attr *a, void *ctx), void *ctx) {
  if (!lm__h5_exists(loc, path)) return;
  hid_t obj = H5Oopen(loc, path, H5P_DEFAULT);
  if (obj < 0) return;
  each_attr w = {h, fn, ctx};
  hsize_t idx = 0;
  H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, &idx, visit_attr, &w);
  H5Oclose(obj);
}

int lm__h5_read_text(lm__h5 *h, hid_t loc, const char *name, char **out) {
  int rc = 0;
  *out = NULL;
  hid_t ds = open_dataset(h, loc, name, &rc);
  if (ds < 0) return rc;
  rc = read_string(h, ds, 0, NULL, out);
  H5Dclose(ds);
  return rc;
}

int lm__h5_length(lm__h5 *h, hid_t loc, const char *name, uint64_t *n) {
  int rc = 0;
  hid_t ds = open_dataset(h, loc, name, &rc);
  if (ds < 0) return rc;
  hsize_t dim = 0;
  hid_t sp = H5Dget_space(ds);
  int r = sp < 0 ? -1 : H5Sget_simple_extent_ndims(sp);
  if (r < 0)
    rc = fail_at(h, LM_EIO, "cannot read the shape of", loc, name, NULL);
  else if (r != 1)
    rc = fail_at(h, LM_EFORMAT, "expected one dimension in", loc, name, NULL);
  else if (H5Sget_simple_extent_dims(sp, &dim, NULL) < 0)
    rc = fail_at(h, LM_EIO, "cannot read the shape of", loc, name, NULL);
  *n = dim;
  if (sp >= 0) H5Sclose(sp);
  H5Dclose(ds);
  return rc;
}

/* Checks that dataset `ds` has exactly `rank` and `dims`; LM_EFORMAT otherwise. */
static int check_shape(lm__h5 *h, hid_t ds, int rank, const hsize_t *dims) {
  hsize_t got[H5S_MAX_RANK];
  hid_t sp = H5Dget_space(ds);
  int r = sp < 0 ? -1 : H5Sget_simple_extent_dims(sp, got, NULL);
  int rc = r < 0 ? fail_at(h, LM_EIO, "cannot read the shape of", ds, "", NULL) : 0;
  if (sp >= 0) H5Sclose(sp);
  if (rc) return rc;
  int same = r == rank;
  for (int i = 0; same && i < rank; i++) same = got[i] == dims[i];
  if (same) return 0;
  char want[64] = "", have[64] = "";
  for (int i = 0; i < rank; i++)
    snprintf(want + strlen(want), sizeof want - strlen(want), "%s%llu", i ? " x " : "",
             (unsigned long long)dims[i]);
  for (int i = 0; i < r && i < 4; i++)
    snprintf(have + strlen(have), sizeof have - strlen(have), "%s%llu", i ? " x " : "",
             (unsigned long long)got[i]);
  char what[160];
  snprintf(what, sizeof what, "shape [%s] (expected [%s]) of", have, want);
  return fail_at(h, LM_EFORMAT, what, ds, "", NULL);
}

int lm__h5_read_f64(lm__h5 *h, hid_t loc, const char *name, int rank, const hsize_t *dims,
                    double *out) {
  int rc = 0;
  hid_t ds = open_dataset(h, loc, name, &rc);
  if (ds < 0) return rc;
  hid_t ft = H5Dget_type(ds);
  H5T_class_t cls = ft < 0 ? H5T_NO_CLASS : H5Tget_class(ft);
  if (cls != H5T_FLOAT && cls != H5T_INTEGER)
    rc = fail_at(h, LM_EFORMAT, "expected numbers in", loc, name, NULL);
  if (!rc) rc = check_shape(h, ds, rank, dims);
  if (!rc && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0)
    rc = fail_at(h, LM_EIO, "cannot read dataset", loc, name, NULL);
  if (ft >= 0) H5Tclose(ft);
  H5Dclose(ds);
  return rc;
}

int lm__h5_read_names(lm__h5 *h, hid_t loc, const char *name, size_t n, size_t width, char *out) {
  int rc = 0;
  hid_t ds = open_dataset(h, loc, name, &rc);
  if (ds < 0) return rc;
  hid_t ft = H5Dget_type(ds);
  hid_t mt = -1, sp = -1;
  hsize_t dim = n;
  char **buf = NULL;
  if (ft < 0 || H5Tget_class(ft) != H5T_STRING || H5Tis_variable_str(ft) <= 0)
    rc = fail_at(h, LM_EFORMAT, "expected variable-length strings in", loc, name, NULL);
  if (!rc) rc = check_shape(h, ds, 1, &dim);
  if (!rc && !(buf = calloc(n ? n : 1, sizeof *buf))) {
    lm_diag_error(h->diag, h->file, 0, 0, "out of memory reading %s", name);
    rc = LM_ENOMEM;
  }
  if (!rc && ((mt = string_type(0)) < 0 || H5Tset_cset(mt, H5Tget_cset(ft)) < 0 ||
              H5Dread(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)) {
    rc = fail_at(h, LM_EIO, "cannot read dataset", loc, name, NULL);
    memset(buf, 0, (n ? n : 1) * sizeof *buf);
  }
  for (size_t i = 0; !rc && i < n; i++) {
    size_t len = buf[i] ? strlen(buf[i]) : 0;
    if (len == 0 || len >= width)
      rc = fail_at(h, LM_EFORMAT, len ? "names too long in" : "empty name in", loc, name, NULL);
    else
      memcpy(out + i * width, buf[i], len + 1);
  }
  if (buf && mt >= 0 && (sp = H5Dget_space(ds)) >= 0) H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, buf);
  if (sp >= 0) H5Sclose(sp);
  free(buf);
  if (mt >= 0) H5Tclose(mt);
  if (ft >= 0) H5Tclose(ft);
  H5Dclose(ds);
  return rc;
}

/* Output files ----------------------------------------------------------------------- */

/* A file-access list whose close also closes every object still open in the file. With
 * `in_memory`, the file lives in memory only (the core driver, growing 1 MiB at a time). */
static hid_t closing_fapl(int in_memory) {
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  if (fapl >= 0 && (H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0 ||
                    (in_memory && H5Pset_fapl_core(fapl, (size_t)1 << 20, 0) < 0))) {
    H5Pclose(fapl);
    return -1;
  }
  return fapl;
}

hid_t lm__h5_create_in_memory(lm__h5 *h, const char *name) {
  hid_t fapl = closing_fapl(1);
  hid_t f = fapl < 0 ? -1 : H5Fcreate(name, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  if (f < 0) lm__h5_error(h, LM_EIO, "cannot create the HDF5 file in memory");
  if (fapl >= 0) H5Pclose(fapl);
  return f;
}

int lm__h5_save(lm__h5 *h, hid_t file, FILE *out) {
  unsigned char *image = NULL;
  ssize_t size = H5Fflush(file, H5F_SCOPE_GLOBAL) < 0 ? -1 : H5Fget_file_image(file, NULL, 0);
  if (size >= 0 && !(image = malloc(size ? (size_t)size : 1))) {
    H5Fclose(file);
    lm_diag_error(h->diag, h->file, 0, 0, "out of memory for a %zd-byte file image", size);
    return LM_ENOMEM;
  }
  if (size >= 0) size = H5Fget_file_image(file, image, (size_t)size);
  int rc = size < 0 ? lm__h5_error(h, LM_EIO, "cannot take the image of the HDF5 file") : 0;
  if (H5Fclose(file) < 0 && !rc) rc = lm__h5_error(h, LM_EIO, "cannot close the HDF5 file");
  if (!rc && fwrite(image, 1, (size_t)size, out) != (size_t)size) {
    lm_diag_error(h->diag, h->file, 0, 0, "cannot write: %s", strerror(errno));
    rc = LM_EIO;
  }
  free(image);
  return rc;
}

hid_t lm__h5_open(lm__h5 *h, int *rc) {
  if (lm_publish_is_temp(h->file)) {
    lm_diag_error(h->diag, h->file, 0, 0,
                  "cannot open: the temporary file of an unfinished write, not a results file");
    *rc = LM_EFORMAT;
    return -1;
  }
  struct stat st;
  int bad = stat(h->file, &st) != 0 ? errno : 0;
  if (bad || !S_ISREG(st.st_mode)) {
    char *shown = lm_path_resolved(h->file);
    lm_diag_error(h->diag, h->file, 0, 0, "cannot open '%s': %s", shown ? shown : h->file,
                  bad ? strerror(bad) : "not a regular file");
    free(shown);
    *rc = LM_EIO;
    return -1;
  }
  h->file_bytes = (uint64_t)st.st_size;
  htri_t is = H5Fis_hdf5(h->file);
  if (is <= 0) {
    *rc = lm__h5_error(h, is < 0 ? LM_EIO : LM_EFORMAT,
                       is < 0 ? "cannot read the file" : "not an HDF5 file");
    return -1;
  }
  hid_t fapl = closing_fapl(0);
  hid_t f = fapl < 0 ? -1 : H5Fopen(h->file, H5F_ACC_RDONLY, fapl);
  if (f < 0) *rc = lm__h5_error(h, LM_EIO, "cannot open the HDF5 file");
  if (fapl >= 0) H5Pclose(fapl);
  return f;
}

int lm__h5_fits(lm__h5 *h, const char *what, uint64_t count, uint64_t bytes_each, uint64_t ratio) {
  if (h->file_bytes == 0) return 0;
  /* count * bytes_each <= ratio * file_bytes, without overflow */
  uint64_t room = h->file_bytes > UINT64_MAX / ratio ? UINT64_MAX : h->file_bytes * ratio;
  if (bytes_each == 0 || count <= room / bytes_each) return 0;
  lm_diag_error(h->diag, h->file, 0, 0,
                "claims %llu %s (at least %llu bytes each%s), more than the file's %llu bytes "
                "can hold: the file is damaged",
                (unsigned long long)count, what, (unsigned long long)bytes_each,
                ratio > 1 ? ", compressed" : "", (unsigned long long)h->file_bytes);
  return LM_EFORMAT;
}
