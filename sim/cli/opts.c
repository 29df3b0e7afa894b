/* opts.c — the one option parser of every subcommand, and the help it prints.
 *
 * GNU conventions: long options as --name=VALUE or --name VALUE, and by any unambiguous
 * prefix of their name; short options as -xVALUE or -x VALUE, several flags bundled in one
 * word (-qf), the last of them possibly taking the rest of the word or the next argument as
 * its value (-qr1, -qr 1); operands anywhere among the options; "--" ends the options and
 * "-" alone is an operand. -h and --help ask for the command's help. A misspelt long
 * option gets the nearest names by lm_suggest_score, the rule of every "did you mean".
 *
 * The parser is a cursor over argv with no state outside it: each call reads one option or
 * operand, linear in its length (a long name is compared with each of the table's names).
 * The help is printed from the same table, so an option and its help cannot drift.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lastmile/yaml.h"

#define HELP_COLUMN 26 /* where the help text of an option starts */

void lm_cli_parser_init(lm_cli_parser *p, const lm_cli_command *cmd, int argc, char **argv) {
  *p = (lm_cli_parser){.cmd = cmd, .argc = argc, .argv = argv, .next = 1};
}

static const lm_cli_opt *by_short(const lm_cli_command *c, char ch) {
  for (size_t i = 0; i < c->n_opts; i++)
    if (c->opts[i].short_name && c->opts[i].short_name == ch) return &c->opts[i];
  return NULL;
}

/* The option whose long name is the `len` bytes at `name`, or the only one they begin;
 * NULL with *ambiguous set when several begin with them. */
static const lm_cli_opt *by_long(const lm_cli_command *c, const char *name, size_t len,
                                 int *ambiguous) {
  const lm_cli_opt *prefix = NULL;
  size_t n_prefix = 0;
  *ambiguous = 0;
  for (size_t i = 0; i < c->n_opts; i++) {
    const char *l = c->opts[i].long_name;
    if (!l || strncmp(l, name, len)) continue;
    if (l[len] == '\0') return &c->opts[i];
    prefix = &c->opts[i];
    n_prefix++;
  }
  *ambiguous = n_prefix > 1;
  return n_prefix == 1 ? prefix : NULL;
}

/* "unknown option '--NAME'" with the nearest long names, or "ambiguous". */
static void unknown_long(const lm_cli_command *c, const char *arg, size_t len, int ambiguous) {
  const char *name = arg + 2;
  size_t nlen = len - 2;
  if (ambiguous) {
    fprintf(stderr, "lastmile: error: %s: option '%.*s' is ambiguous; it begins", c->name, (int)len,
            arg);
    for (size_t i = 0, k = 0; i < c->n_opts; i++)
      if (c->opts[i].long_name && !strncmp(c->opts[i].long_name, name, nlen))
        fprintf(stderr, "%s --%s", k++ ? "," : "", c->opts[i].long_name);
    fprintf(stderr, " (see lastmile %s --help)\n", c->name);
    return;
  }
  unsigned best = LM_SUGGEST_NONE;
  for (size_t i = 0; i < c->n_opts; i++) {
    unsigned d =
        c->opts[i].long_name ? lm_suggest_score(name, nlen, c->opts[i].long_name) : LM_SUGGEST_NONE;
    if (d < best) best = d;
  }
  if (best == LM_SUGGEST_NONE && lm_suggest_score(name, nlen, "help") < best) {
    lm_cli_error("%s: unknown option '%.*s'; did you mean --help?", c->name, (int)len, arg);
    return;
  }
  fprintf(stderr, "lastmile: error: %s: unknown option '%.*s'", c->name, (int)len, arg);
  if (best < LM_SUGGEST_NONE) { /* every name as near as the nearest */
    fputs("; did you mean", stderr);
    for (size_t i = 0, k = 0; i < c->n_opts; i++)
      if (c->opts[i].long_name && lm_suggest_score(name, nlen, c->opts[i].long_name) == best)
        fprintf(stderr, "%s --%s", k++ ? " or" : "", c->opts[i].long_name);
    fputc('?', stderr);
  }
  fprintf(stderr, " (see lastmile %s --help)\n", c->name);
}

/* How an option is named in messages: "--output" or "-o". */
static void opt_name(const lm_cli_opt *o, char *dst, size_t cap) {
  if (o->long_name)
    snprintf(dst, cap, "--%s", o->long_name);
  else
    snprintf(dst, cap, "-%c", o->short_name);
}

/* The value of option `o`: `attached` (the rest of the word) when not NULL, else the next
 * argument. Returns o->id, or LM_CLI_BAD after a message. */
static int take_value(lm_cli_parser *p, const lm_cli_opt *o, const char *attached,
                      const char **value) {
  char name[64];
  opt_name(o, name, sizeof name);
  if (attached) {
    *value = attached;
    return o->id;
  }
  if (p->next >= p->argc) {
    lm_cli_error("%s: option %s needs a value (%s) (see lastmile %s --help)", p->cmd->name, name,
                 o->arg, p->cmd->name);
    return LM_CLI_BAD;
  }
  *value = p->argv[p->next++];
  return o->id;
}

static int next_long(lm_cli_parser *p, const char *arg, const char **value) {
  const char *eq = strchr(arg, '=');
  size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
  if (len == 6 && !strncmp(arg, "--help", 6)) return LM_CLI_HELP;
  int ambiguous;
  const lm_cli_opt *o = by_long(p->cmd, arg + 2, len - 2, &ambiguous);
  if (!o) {
    unknown_long(p->cmd, arg, len, ambiguous);
    return LM_CLI_BAD;
  }
  if (!o->arg && eq) {
    lm_cli_error("%s: option --%s takes no value, got '%s'", p->cmd->name, o->long_name, arg);
    return LM_CLI_BAD;
  }
  if (!o->arg) return o->id;
  return take_value(p, o, eq ? eq + 1 : NULL, value);
}

/* One short option from the bundle p->bundle. */
static int next_short(lm_cli_parser *p, const char **value) {
  char ch = *p->bundle++;
  const lm_cli_opt *o = by_short(p->cmd, ch);
  const char *rest = *p->bundle ? p->bundle : NULL;
  if (!o) {
    p->bundle = NULL;
    if (ch == 'h') return LM_CLI_HELP;
    lm_cli_error("%s: unknown option '-%c' (see lastmile %s --help)", p->cmd->name, ch,
                 p->cmd->name);
    return LM_CLI_BAD;
  }
  if (!o->arg) {
    p->bundle = rest;
    return o->id;
  }
  p->bundle = NULL;
  return take_value(p, o, rest, value);
}

int lm_cli_next(lm_cli_parser *p, const char **value) {
  *value = NULL;
  if (p->bundle) return next_short(p, value);
  if (p->next >= p->argc) return LM_CLI_DONE;
  const char *arg = p->argv[p->next++];
  if (p->operands_only || arg[0] != '-' || arg[1] == '\0') {
    *value = arg;
    return LM_CLI_OPERAND;
  }
  if (arg[1] == '-' && arg[2] == '\0') {
    p->operands_only = 1;
    return lm_cli_next(p, value);
  }
  if (arg[1] == '-') return next_long(p, arg, value);
  size_t len = strcspn(arg + 1, "=");
  for (size_t i = 0; len > 1 && i < p->cmd->n_opts; i++) {
    const char *l = p->cmd->opts[i].long_name;
    if (l && strlen(l) == len && !strncmp(l, arg + 1, len)) {
      lm_cli_error("%s: '%s': long options take two dashes; did you mean --%s?", p->cmd->name, arg,
                   l);
      return LM_CLI_BAD;
    }
  }
  p->bundle = arg + 1;
  return next_short(p, value);
}

/* Prints `text` with every line after the first indented to the help column. */
static void indented(const char *text, FILE *out) {
  for (const char *s = text; *s;) {
    size_t n = strcspn(s, "\n");
    fprintf(out, "%.*s\n", (int)n, s);
    s += n;
    if (*s == '\n' && *++s) fprintf(out, "%*s", HELP_COLUMN, "");
  }
}

void lm_cli_help(const lm_cli_command *c, FILE *out) {
  fprintf(out, "usage: lastmile %s %s\n\n%s\n", c->name, c->synopsis, c->about);
  fputs("\noptions:\n", out);
  for (size_t i = 0; i < c->n_opts; i++) {
    const lm_cli_opt *o = &c->opts[i];
    char left[96];
    int n = snprintf(left, sizeof left, "  %c%c%s%s%s%s%s", o->short_name ? '-' : ' ',
                     o->short_name ? o->short_name : ' ',
                     o->short_name && o->long_name ? ", " : "  ", o->long_name ? "--" : "",
                     o->long_name ? o->long_name : "", o->arg ? " " : "", o->arg ? o->arg : "");
    if (n + 2 > HELP_COLUMN)
      fprintf(out, "%s\n%*s", left, HELP_COLUMN, "");
    else
      fprintf(out, "%-*s", HELP_COLUMN, left);
    indented(o->help, out);
  }
  fprintf(out, "%-*s%s\n", HELP_COLUMN, "  -h, --help", "show this help and exit");
  fputs("\nA long option may be shortened to any unambiguous prefix and takes its value as\n"
        "--name=VALUE or --name VALUE; a short one as -xVALUE or -x VALUE; short flags\n"
        "bundle (-ab is -a -b). '--' ends the options.\n",
        out);
  if (c->after) fprintf(out, "\n%s", c->after);
}

int lm_cli_parse(const lm_cli_command *cmd, int argc, char **argv, const char **values,
                 size_t n_values, const char **operand, const char *what, int need_operand) {
  const char *val;
  lm_cli_parser p;
  lm_cli_parser_init(&p, cmd, argc, argv);
  for (size_t i = 0; i < n_values; i++) values[i] = NULL;
  if (operand) *operand = NULL;
  for (int id; (id = lm_cli_next(&p, &val)) != LM_CLI_DONE;) {
    if (id == LM_CLI_HELP) {
      lm_cli_help(cmd, stdout);
      return LM_EXIT_OK;
    }
    if (id == LM_CLI_BAD) return LM_EXIT_USAGE;
    if (id >= 0 && (size_t)id < n_values) {
      values[id] = val ? val : "";
    } else if (id == LM_CLI_OPERAND && operand && !*operand) {
      *operand = val;
    } else if (operand) {
      lm_cli_error("unexpected argument '%s': %s takes one %s", val, cmd->name, what);
      return LM_EXIT_USAGE;
    } else {
      lm_cli_error("unexpected argument '%s' (see lastmile %s --help)", val, cmd->name);
      return LM_EXIT_USAGE;
    }
  }
  if (need_operand && operand && !*operand) {
    lm_cli_error("%s takes exactly one %s (see lastmile %s --help)", cmd->name, what, cmd->name);
    return LM_EXIT_USAGE;
  }
  return -1;
}
