/* signals.c — Ctrl-C for the commands that work long (run, bench): the first SIGINT or
 * SIGTERM sets lm_cli_interrupted, which the work polls and stops on within milliseconds;
 * a second one removes the temporary file of the output being prepared (lm_cli_pending)
 * and ends the process by that signal, so that nothing appears under the real name.
 *
 * The two variables are the only mutable globals of lastmile: a signal handler can reach
 * nothing else. The handler calls only async-signal-safe functions (write, unlinkat in
 * lm_publish_abandon, signal, raise). */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

volatile sig_atomic_t lm_cli_interrupted = 0;
lm_publish *volatile lm_cli_pending = NULL;

/* What the handler says on the first and on the second signal (set before it is
 * installed, read-only after). */
static const char *first_note = "", *again_note = "";

static void say(const char *text) {
  ssize_t left = (ssize_t)strlen(text);
  while (left > 0) {
    ssize_t n = write(STDERR_FILENO, text, (size_t)left);
    if (n <= 0) break;
    text += n, left -= n;
  }
}

static void on_signal(int sig) {
  if (lm_cli_interrupted) {
    lm_publish *p = lm_cli_pending;
    if (p) lm_publish_abandon(p);
    say(again_note);
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  lm_cli_interrupted = 1;
  say(first_note);
}

void lm_cli_catch_signals(const char *first, const char *again) {
  first_note = first;
  again_note = again;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}
