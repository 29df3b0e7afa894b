/* main.c — the `lastmile` command: dispatches to one file per subcommand, and exits 1
 * when what it printed could not be written (checked_exit). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: lastmile <command> [options]\n"
    "\n"
    "Discrete-event simulation of last-mile parcel delivery.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.yaml [-o OUT.h5] [-r N] [--seed N] [-j N] [--strategy NAME]...\n"
    "                    [--set K=V]... [--force] [-q]\n"
    "                    simulate every strategy of the scenario; results to one HDF5 file\n"
    "                    (default results/<scenario>.h5)\n"
    "  validate SCENARIO.yaml\n"
    "                    check a scenario and report every problem as file:line:col\n"
    "  info RESULTS.h5   print the summary table of a results file\n"
    "  plot RESULTS.h5 [-o DIR] [--format png|svg]\n"
    "                    draw the pictures of a results file with gnuplot\n"
    "  solve INSTANCE [--iterations N | --time-limit-ms T] [--seed N] [-o ROUTES.sol]\n"
    "                    solve a Solomon or VRPLIB benchmark instance; prints\n"
    "                    'instance vehicles distance time_ms' (--format text|csv|json)\n"
    "  bench [--dir DIR] [--families LIST] [--only REGEX] [--seeds N|LIST]\n"
    "        [--iterations N | --time-limit-ms T] [--csv FILE] [--format table|csv|json]\n"
    "                    solve the benchmark families and compare with the best known\n"
    "\n"
    "options:\n"
    "  -h, --help        show this help (or `lastmile <command> --help`)\n"
    "  --version         print the version\n"
    "\n"
    "exit codes: 0 success, 1 the run failed, 2 bad usage or bad input\n";

/* The exit code once everything printed is known to be written: stdout is flushed and
 * checked, and so is stderr (unbuffered: its error flag tells whether a message was
 * lost). A command that succeeded exits 1 when either failed (a full disk, /dev/full, a
 * closed descriptor), with a message on stderr while stderr still works; a command that
 * failed keeps its own code. Files the command wrote stay as they are. */
static int checked_exit(int code) {
  errno = 0;
  int out_failed = fflush(stdout) != 0 || ferror(stdout);
  int out_errno = errno;
  if (out_failed)
    lm_cli_error("cannot write to standard output: %s",
                 out_errno ? strerror(out_errno) : "an earlier write failed");
  int err_failed = fflush(stderr) != 0 || ferror(stderr);
  return code == LM_EXIT_OK && (out_failed || err_failed) ? LM_EXIT_FAIL : code;
}

static int dispatch(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage, stderr);
    return LM_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    fputs(usage, stdout);
    return LM_EXIT_OK;
  }
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
    printf("lastmile %s\n", LASTMILE_VERSION);
    return LM_EXIT_OK;
  }
  if (!strcmp(cmd, "run")) return lm_cli_run(argc - 1, argv + 1);
  if (!strcmp(cmd, "validate")) return lm_cli_validate(argc - 1, argv + 1);
  if (!strcmp(cmd, "info")) return lm_cli_info(argc - 1, argv + 1);
  if (!strcmp(cmd, "solve")) return lm_cli_solve(argc - 1, argv + 1);
  if (!strcmp(cmd, "plot")) return lm_cli_plot(argc - 1, argv + 1);
  if (!strcmp(cmd, "bench")) return lm_cli_bench(argc - 1, argv + 1);
  lm_cli_error("unknown command '%s' (expected run, validate, info, solve, plot or bench; see "
               "lastmile --help)",
               cmd);
  return LM_EXIT_USAGE;
}

int main(int argc, char **argv) { return checked_exit(dispatch(argc, argv)); }
