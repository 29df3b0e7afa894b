/* yaml.c — the rules for names and times of day, and the edit distance behind every "did
 * you mean" (lastmile/yaml.h).
 *
 * All are pure functions of their text: no allocation, no state. The name and time rules
 * are linear in the length of the text; the edit distance is quadratic, on a fixed table
 * of 65 x 65 counts on the stack.
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

unsigned lm_edit_distance(const char *a, size_t alen, const char *b) {
  enum { N = 64 };
  size_t blen = strlen(b);
  if (alen >= N || blen >= N) return 255;
  unsigned d[N + 1][N + 1];
  for (size_t i = 0; i <= alen; i++) d[i][0] = (unsigned)i;
  for (size_t j = 0; j <= blen; j++) d[0][j] = (unsigned)j;
  for (size_t i = 1; i <= alen; i++) {
    for (size_t j = 1; j <= blen; j++) {
      char ca = a[i - 1], cb = b[j - 1];
      unsigned sub = d[i - 1][j - 1] + (ca != cb);
      unsigned del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
      unsigned m = sub < del ? sub : del;
      m = m < ins ? m : ins;
      if (i > 1 && j > 1 && ca == b[j - 2] && a[i - 2] == cb && d[i - 2][j - 2] + 1 < m)
        m = d[i - 2][j - 2] + 1;
      d[i][j] = m;
    }
  }
  return d[alen][blen] > 255 ? 255 : d[alen][blen];
}

unsigned lm_suggest_score(const char *word, size_t len, const char *cand) {
  size_t clen = strlen(cand);
  unsigned d = lm_edit_distance(word, len, cand);
  size_t shorter = len < clen ? len : clen;
  int prefix = shorter >= 4 && !strncmp(word, cand, shorter);
  unsigned limit = clen >= 6 ? (unsigned)(clen / 3) : 1u;
  if (d >= LM_SUGGEST_NONE) return prefix ? LM_SUGGEST_NONE - 1 : LM_SUGGEST_NONE;
  return d <= limit || prefix ? d : LM_SUGGEST_NONE;
}
