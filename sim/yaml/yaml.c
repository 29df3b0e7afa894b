/* yaml.c — the rules for names and times of day (lastmile/yaml.h).
 *
 * Both are pure functions of their text: linear in its length, no allocation, no state.
 * The walker's scalar readers (yw_scalar.c) call them for NAME and TIME keys; the results
 * writer calls lm_name_problem for the names it puts into HDF5 paths.
 */
#include "lastmile/yaml.h"

#include <string.h>

#include "lastmile/error.h"

const char *lm_name_problem(const char *name, size_t len, int label) {
  if (len == 0) return "empty";
  if (len >= LM_NAME_MAX) return "too long";
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
      return "control characters are not allowed";
  if (!label) return NULL;
  if (memchr(name, '/', len)) return "it contains '/'";
  if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
    return "'.' and '..' are reserved";
  return NULL;
}

/* Reads exactly `n` decimal digits at *p into *v, advancing *p. */
static int read_digits(const char **p, int n, unsigned *v) {
  *v = 0;
  for (int i = 0; i < n; i++, (*p)++) {
    if (**p < '0' || **p > '9') return -1;
    *v = *v * 10 + (unsigned)(**p - '0');
  }
  return 0;
}

int lm_parse_time_of_day(const char *text, double *seconds) {
  if (!text || !seconds) return LM_EPARSE;
  const char *p = text;
  unsigned h, m, s = 0;
  int hour_digits = (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9') ? 2 : 1;
  if (read_digits(&p, hour_digits, &h) || *p++ != ':' || read_digits(&p, 2, &m) || m > 59)
    return LM_EPARSE;
  if (*p == ':' && (p++, read_digits(&p, 2, &s) || s > 59)) return LM_EPARSE;
  if (*p != '\0') return LM_EPARSE;
  unsigned total = h * 3600 + m * 60 + s;
  if (total > 48 * 3600) return LM_EPARSE;
  *seconds = (double)total;
  return 0;
}
