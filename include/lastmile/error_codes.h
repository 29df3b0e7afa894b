/* error_codes.h — the LM_E… codes that lastmile functions return.
 *
 * Functions that can fail return int: 0 on success, one of these negative codes
 * otherwise. This header is the single list of the codes and depends on nothing, so that
 * the routing core (routing.h) can return them without pulling in the diagnostics of
 * error.h; error.h includes it, and lm_strerror() there names every code.
 */
#ifndef LASTMILE_ERROR_CODES_H
#define LASTMILE_ERROR_CODES_H

enum {
  LM_OK = 0,
  LM_ENOMEM = -1,        /* an allocation failed */
  LM_EINVAL = -2,        /* an argument or setting is invalid */
  LM_EIO = -3,           /* a file could not be read or written */
  LM_EPARSE = -4,        /* input text is malformed */
  LM_ERANGE = -5,        /* a number is out of its allowed range */
  LM_EEXIST = -6,        /* the output exists and --force was not given */
  LM_ECONSERVATION = -7, /* parcel conservation was broken: a bug, never a result */
  LM_EFORMAT = -8,       /* a results file is not in lastmile's layout */
  LM_EINTERRUPTED = -9,  /* the run was interrupted */
  LM_EINTERNAL = -10     /* an internal invariant failed */
};

#endif
