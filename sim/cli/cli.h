/* cli.h — what the subcommands of the `lastmile` command share.
 *
 * Exit codes: LM_EXIT_OK 0, LM_EXIT_FAIL 1 (the run failed), LM_EXIT_USAGE 2 (bad
 * usage or bad input). Results go to stdout; messages and progress go to stderr.
 */
#ifndef LASTMILE_CLI_H
#define LASTMILE_CLI_H

#include <stddef.h>
#include <signal.h>
#include <stdint.h>

#include "lastmile/publish.h"
#include <stdio.h>

enum { LM_EXIT_OK = 0, LM_EXIT_FAIL = 1, LM_EXIT_USAGE = 2 };

int lm_cli_run(int argc, char **argv);
int lm_cli_validate(int argc, char **argv);
int lm_cli_info(int argc, char **argv);
int lm_cli_solve(int argc, char **argv);
int lm_cli_plot(int argc, char **argv);
int lm_cli_export(int argc, char **argv);
int lm_cli_report(int argc, char **argv);
int lm_cli_schema(int argc, char **argv); /* cmd_schema.c: schema, keys, init */
int lm_cli_keys(int argc, char **argv);
int lm_cli_init(int argc, char **argv);
int lm_cli_bench(int argc, char **argv);

/* Prints "lastmile: error: MESSAGE" to stderr. */
void lm_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses a whole decimal unsigned integer in [min, max] for option `opt`; prints an
 * error and returns -1 when it is not one. */
int lm_cli_parse_u64(const char *opt, const char *text, uint64_t min, uint64_t max, uint64_t *out);

/* ---- options (opts.c) ---------------------------------------------------------------- */

/* One option of a subcommand: -x and/or --name, a flag or one taking a value. */
typedef struct lm_cli_opt {
  int id;                /* what lm_cli_next returns for it; >= 0 */
  char short_name;       /* 'o', or 0 for none */
  const char *long_name; /* "output" (without the dashes), or NULL for none */
  const char *arg;       /* the value's name in the help ("OUT.h5"); NULL: a flag */
  const char *help;      /* what it does and its default; lines separated by '\n' */
} lm_cli_opt;

/* A subcommand as its help shows it: `lastmile NAME SYNOPSIS`, ABOUT, the options, AFTER. */
typedef struct lm_cli_command {
  const char *name, *synopsis, *about;
  const lm_cli_opt *opts;
  size_t n_opts;
  const char *after; /* text printed after the options, or NULL */
} lm_cli_command;

/* A cursor over argv (see opts.c for the conventions it follows). */
typedef struct lm_cli_parser {
  const lm_cli_command *cmd;
  int argc;
  char **argv;
  int next;           /* the next argv index to read */
  const char *bundle; /* the unread rest of a word of short flags, or NULL */
  int operands_only;  /* "--" was read */
} lm_cli_parser;

enum { LM_CLI_DONE = -1, LM_CLI_OPERAND = -2, LM_CLI_HELP = -3, LM_CLI_BAD = -4 };

/* Starts reading argv[1..argc-1] (argv[0] is the subcommand's name) by cmd's options. */
void lm_cli_parser_init(lm_cli_parser *p, const lm_cli_command *cmd, int argc, char **argv);

/* Reads the next option or operand. Returns the option's id (its value, for one that takes
 * a value, in *value), LM_CLI_OPERAND (the operand in *value), LM_CLI_HELP for -h or
 * --help, LM_CLI_DONE at the end, or LM_CLI_BAD after printing a usage error (an unknown
 * option with the nearest names, a missing value, a value given to a flag). */
int lm_cli_next(lm_cli_parser *p, const char **value);

/* Reads the whole of argv by cmd's options, for a command whose options are each given
 * once: values[id] gets option id's value ("" for a flag; the last one when repeated), for
 * ids below n_values, and *operand the one operand (`what` names it in the messages,
 * e.g. "results file"; operand NULL: none allowed). Returns -1 to go on, or the exit code
 * to return: 0 after printing the help, 2 after printing a usage error (a bad option, a
 * second operand, or none when `need_operand`). */
int lm_cli_parse(const lm_cli_command *cmd, int argc, char **argv, const char **values,
                 size_t n_values, const char **operand, const char *what, int need_operand);

/* Prints cmd's help to `out`: usage, about, every option with its value and default. */
void lm_cli_help(const lm_cli_command *cmd, FILE *out);

/* Ctrl-C (signals.c). Set by the first SIGINT or SIGTERM once lm_cli_catch_signals ran:
 * the command stops its work and reports what it finished. */
extern volatile sig_atomic_t lm_cli_interrupted;
/* The output being prepared: a second signal removes its temporary file (set it once the
 * file is open, NULL once it is published or given up). */
extern lm_publish *volatile lm_cli_pending;

/* Installs the SIGINT and SIGTERM handler: the first signal sets lm_cli_interrupted and
 * prints `first`; a second abandons lm_cli_pending, prints `again` and ends the process by
 * that signal. Both texts must outlive the command (string literals). */
void lm_cli_catch_signals(const char *first, const char *again);

#ifndef LASTMILE_PLOTS_DIR
#define LASTMILE_PLOTS_DIR "plots" /* the source tree's plots/ (set by CMake) */
#endif
#ifndef LASTMILE_PLOTS_INSTALL_DIR
#define LASTMILE_PLOTS_INSTALL_DIR "/usr/local/share/lastmile/plots"
#endif

/* The folder of the gnuplot scripts (the one holding style.gp): $LASTMILE_PLOTS_DIR when
 * set, else LASTMILE_PLOTS_DIR, else LASTMILE_PLOTS_INSTALL_DIR; NULL when none has
 * them (the caller says so). Used by plot and report. */
const char *lm_cli_plots_dir(void);

#endif
