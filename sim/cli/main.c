/* main.c — the `lastmile` command: dispatches to one file per subcommand (`lastmile help
 * COMMAND` is `lastmile COMMAND --help`; an unknown command gets the nearest names), and
 * exits 1 when what it printed could not be written (checked_exit). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lastmile/yaml.h"
#include "lastmile/provenance.h"

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
    "  run RESULTS.h5 [--set K=V]... [-o OUT.h5]\n"
    "                    run again the run a results file records (default OUT:\n"
    "                    RESULTS-replay.h5)\n"
    "  validate SCENARIO.yaml [--set K=V]...\n"
    "                    check a scenario and report every problem as file:line:col\n"
    "  info RESULTS.h5 [--json]\n"
    "                    print the summary table of a results file (as JSON)\n"
    "  export RESULTS.h5 --format csv|json [-o FILE]\n"
    "                    every KPI value as a tidy table (strategy, replication, day, kpi)\n"
    "  report RESULTS.h5 [-o FILE.html] [--force]\n"
    "                    one self-contained HTML page: provenance, tables, figures\n"
    "  plot RESULTS.h5 [-o DIR] [--format png|svg|pdf] [--size WxH] [--font F]\n"
    "                    draw the pictures of a results file with gnuplot\n"
    "  solve INSTANCE [--iterations N | --time-limit-ms T] [--seed N] [-o ROUTES.sol]\n"
    "                    solve a Solomon or VRPLIB benchmark instance; prints\n"
    "                    'instance vehicles distance time_ms' (--format text|csv|json)\n"
    "  schema [-o FILE]  a JSON Schema of scenario files, for editors\n"
    "  keys [SECTION]    list the scenario keys: type, range, default, unit\n"
    "  init [--from NAME] [-o FILE]\n"
    "                    write a commented starting scenario\n"
    "  bench [--dir DIR] [--families LIST] [--only REGEX] [--seeds N|LIST]\n"
    "        [--iterations N | --time-limit-ms T] [--csv FILE] [--format table|csv|json]\n"
    "                    solve the benchmark families and compare with the best known\n"
    "\n"
    "options:\n"
    "  -h, --help        show this help\n"
    "  help COMMAND      show a command's own help: every option, its value and its\n"
    "                    default (also: lastmile COMMAND --help)\n"
    "  --version         print the version, the build's git commit and the library\n"
    "                    versions\n"
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

static const struct {
  const char *name;
  int (*run)(int argc, char **argv);
} commands[] = {{"run", lm_cli_run},       {"validate", lm_cli_validate}, {"info", lm_cli_info},
                {"solve", lm_cli_solve},   {"plot", lm_cli_plot},         {"export", lm_cli_export},
                {"schema", lm_cli_schema}, {"keys", lm_cli_keys},         {"init", lm_cli_init},
                {"bench", lm_cli_bench},   {"report", lm_cli_report}};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

/* The command named `name`, or -1 after "unknown command" with the nearest names. */
static int find_command(const char *name) {
  unsigned best = LM_SUGGEST_NONE;
  for (int i = 0; i < N_COMMANDS; i++) {
    if (!strcmp(commands[i].name, name)) return i;
    unsigned d = lm_suggest_score(name, strlen(name), commands[i].name);
    if (d < best) best = d;
  }
  fprintf(stderr, "lastmile: error: unknown command '%s'", name);
  if (best < LM_SUGGEST_NONE) {
    fputs("; did you mean", stderr);
    for (int i = 0, k = 0; i < N_COMMANDS; i++)
      if (lm_suggest_score(name, strlen(name), commands[i].name) == best)
        fprintf(stderr, "%s %s", k++ ? " or" : "", commands[i].name);
    fputc('?', stderr);
  } else {
    fputs("; expected", stderr);
    for (int i = 0; i < N_COMMANDS; i++)
      fprintf(stderr, "%s %s", i == 0 ? "" : i + 1 < N_COMMANDS ? "," : " or", commands[i].name);
  }
  fputs(" (see lastmile --help)\n", stderr);
  return -1;
}

static int dispatch(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage, stderr);
    return LM_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "help") && argc > 3) {
    lm_cli_error("help takes at most one command, got '%s' and '%s'", argv[2], argv[3]);
    return LM_EXIT_USAGE;
  }
  if (!strcmp(cmd, "help") && argc == 3) { /* `lastmile help run` is `lastmile run --help` */
    int c = find_command(argv[2]);
    if (c < 0) return LM_EXIT_USAGE;
    char help_flag[] = "--help";
    char *args[] = {argv[2], help_flag, NULL};
    return commands[c].run(2, args);
  }
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    fputs(usage, stdout);
    return LM_EXIT_OK;
  }
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
    lm_build_info b;
    lm_build_info_get(&b);
    printf("lastmile %s\ncommit %s%s\ncompiler %s\nhdf5 %s\ngsl %s\nlibyaml %s\n", b.version,
           b.git_commit, b.git_dirty == 1 ? " (with uncommitted changes)" : "", b.compiler, b.hdf5,
           b.gsl, b.libyaml);
    return LM_EXIT_OK;
  }
  int c = find_command(cmd);
  return c < 0 ? LM_EXIT_USAGE : commands[c].run(argc - 1, argv + 1);
}

int main(int argc, char **argv) { return checked_exit(dispatch(argc, argv)); }
