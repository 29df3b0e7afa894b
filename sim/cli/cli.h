/* cli.h — what the subcommands of the `lastmile` command share.
 *
 * Exit codes: LM_EXIT_OK 0, LM_EXIT_FAIL 1 (the run failed), LM_EXIT_USAGE 2 (bad
 * usage or bad input). Results go to stdout; messages and progress go to stderr.
 */
#ifndef LASTMILE_CLI_H
#define LASTMILE_CLI_H

#include <stdint.h>

enum { LM_EXIT_OK = 0, LM_EXIT_FAIL = 1, LM_EXIT_USAGE = 2 };

int lm_cli_run(int argc, char **argv);
int lm_cli_validate(int argc, char **argv);
int lm_cli_info(int argc, char **argv);
int lm_cli_solve(int argc, char **argv);
int lm_cli_plot(int argc, char **argv);
int lm_cli_bench(int argc, char **argv);

/* Prints "lastmile: error: MESSAGE" to stderr. */
void lm_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses a whole decimal unsigned integer in [min, max] for option `opt`; prints an
 * error and returns -1 when it is not one. */
int lm_cli_parse_u64(const char *opt, const char *text, uint64_t min, uint64_t max, uint64_t *out);

#endif
