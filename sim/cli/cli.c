/* cli.c — the helpers every subcommand uses (cli.h): error messages and whole-number
 * options. They call nothing of the subcommands, so main.c and the cmd_*.c files form no
 * circle: main dispatches down to a subcommand, and both call down to these. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli/cli.h"

void lm_cli_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("lastmile: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

int lm_cli_parse_u64(const char *opt, const char *text, uint64_t min, uint64_t max, uint64_t *out) {
  char *end = NULL;
  errno = 0;
  unsigned long long v = isdigit((unsigned char)text[0]) ? strtoull(text, &end, 10) : 0;
  if (!isdigit((unsigned char)text[0]) || errno || *end != '\0' || v < min || v > max) {
    lm_cli_error("%s: expected a whole number from %llu to %llu, got '%s'", opt,
                 (unsigned long long)min, (unsigned long long)max, text);
    return -1;
  }
  *out = v;
  return 0;
}

const char *lm_cli_plots_dir(void) {
  const char *env = getenv("LASTMILE_PLOTS_DIR");
  if (env && env[0]) return env;
  struct stat st;
  if (stat(LASTMILE_PLOTS_DIR "/style.gp", &st) == 0) return LASTMILE_PLOTS_DIR;
  if (stat(LASTMILE_PLOTS_INSTALL_DIR "/style.gp", &st) == 0) return LASTMILE_PLOTS_INSTALL_DIR;
  return NULL;
}
