/* sha256.h — SHA-256 (FIPS 180-4) of bytes in memory and of files.
 *
 * A context takes the message in pieces of any length; the digest is the same however
 * the message is cut. Digests are also given as 64 lowercase hexadecimal digits, the form
 * the results file stores.
 */
#ifndef LASTMILE_SHA256_H
#define LASTMILE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define LM_SHA256_BYTES 32
#define LM_SHA256_HEX   65 /* 64 digits and a NUL */

/* The running state of one hash: a plain value, copied and reset freely. */
typedef struct lm_sha256 {
  uint32_t h[8];         /* the chaining value */
  uint64_t length_bytes; /* message bytes taken so far */
  uint8_t block[64];     /* the unfinished block */
  size_t used;           /* bytes of `block` in use, < 64 */
} lm_sha256;

/* Starts a new hash in `c`. */
void lm_sha256_init(lm_sha256 *c);
/* Adds `len` bytes at `data` to the message (data may be NULL when len is 0). */
void lm_sha256_update(lm_sha256 *c, const void *data, size_t len);
/* Finishes the message and writes its digest to `out`; `c` must be initialised again
 * before it hashes another message. */
void lm_sha256_final(lm_sha256 *c, uint8_t out[LM_SHA256_BYTES]);

/* The digest of `len` bytes at `data` as 64 lowercase hex digits and a NUL. */
void lm_sha256_hex(const void *data, size_t len, char out[LM_SHA256_HEX]);

/* The digest of the whole file `path` as hex, read in blocks (any size). Returns 0, or
 * LM_EIO with `why` (cap bytes, without the path) saying why it could not be read;
 * `out` is then "". */
int lm_sha256_file(const char *path, char out[LM_SHA256_HEX], char *why, size_t cap);

#endif
