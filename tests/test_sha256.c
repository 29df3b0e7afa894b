/* test_sha256.c — SHA-256 against the example vectors of NIST (FIPS 180-4 examples:
 * "abc", the empty message, the 448-bit and 896-bit messages, a million 'a'), the same
 * digests when the message is fed in pieces of every size, and the hash of a file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lastmile/sha256.h"

static const char msg448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char msg896[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                             "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

static void check(const char *text, const char *expected) {
  char hex[LM_SHA256_HEX];
  lm_sha256_hex(text, strlen(text), hex);
  assert_string_equal(hex, expected);
}

static void test_nist_vectors(void **state) {
  (void)state;
  check("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  check("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert_int_equal(strlen(msg448) * 8, 448);
  check(msg448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  assert_int_equal(strlen(msg896) * 8, 896);
  check(msg896, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/* One million 'a', fed 1000 at a time: many blocks, and the length spans 24 bits. */
static void test_million_a(void **state) {
  (void)state;
  char chunk[1000];
  memset(chunk, 'a', sizeof chunk);
  lm_sha256 c;
  lm_sha256_init(&c);
  for (int i = 0; i < 1000; i++) lm_sha256_update(&c, chunk, sizeof chunk);
  uint8_t d[LM_SHA256_BYTES];
  lm_sha256_final(&c, d);
  static const uint8_t expected[LM_SHA256_BYTES] = {0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92,
                                                    0x81, 0xa1, 0xc7, 0xe2, 0x84, 0xd7, 0x3e, 0x67,
                                                    0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97, 0x20, 0x0e,
                                                    0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0};
  assert_memory_equal(d, expected, sizeof expected);
}

/* Every way of cutting the 896-bit message in two pieces gives the one-piece digest, and
 * so do pieces of every fixed size: the padding boundary (55, 56, 64 bytes) included. */
static void test_pieces(void **state) {
  (void)state;
  size_t n = strlen(msg896);
  uint8_t whole[LM_SHA256_BYTES];
  lm_sha256 c;
  lm_sha256_init(&c);
  lm_sha256_update(&c, msg896, n);
  lm_sha256_final(&c, whole);
  for (size_t cut = 0; cut <= n; cut++) {
    lm_sha256_init(&c);
    lm_sha256_update(&c, msg896, cut);
    lm_sha256_update(&c, msg896 + cut, n - cut);
    uint8_t d[LM_SHA256_BYTES];
    lm_sha256_final(&c, d);
    assert_memory_equal(d, whole, sizeof d);
  }
  for (size_t len = 50; len <= 70; len++) { /* around one block, a byte at a time */
    lm_sha256_init(&c);
    for (size_t i = 0; i < len; i++) lm_sha256_update(&c, msg896 + i, 1);
    uint8_t d[LM_SHA256_BYTES], e[LM_SHA256_BYTES];
    lm_sha256_final(&c, d);
    lm_sha256_init(&c);
    lm_sha256_update(&c, msg896, len);
    lm_sha256_final(&c, e);
    assert_memory_equal(d, e, sizeof d);
  }
}

static void test_file(void **state) {
  (void)state;
  char path[] = LM_BINARY_DIR "/sha256_test_XXXXXX";
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(msg448, f);
  fclose(f);
  char hex[LM_SHA256_HEX], why[128];
  assert_int_equal(lm_sha256_file(path, hex, why, sizeof why), 0);
  assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  remove(path);
  assert_int_not_equal(lm_sha256_file(path, hex, why, sizeof why), 0);
  assert_string_equal(hex, "");
  assert_non_null(strstr(why, "cannot open"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_nist_vectors),
      cmocka_unit_test(test_million_a),
      cmocka_unit_test(test_pieces),
      cmocka_unit_test(test_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
