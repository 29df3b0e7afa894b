/* plot.c — the gnuplot driver of `lastmile plot`: one gnuplot process per figure.
 *
 * For each figure in `figures` the builder (plot_kpi.c, plot_log.c) writes variables and
 * datablocks into an lm__gp buffer; this file puts the common variables in front (format,
 * output file, scenario and strategy names) and `load 'SCRIPTS/NAME.gp'` behind, starts
 * gnuplot with posix_spawn, writes the program into its standard input and waits.
 * gnuplot's standard output and error go to an anonymous temporary file, read back only
 * when it fails, so a chatty gnuplot can never block on a full pipe while we write.
 *
 * Safety: names from the results reach gnuplot only as single-quoted literals (doubled
 * quotes, control characters turned into spaces). gnuplot expands neither `...`
 * backquotes nor @macros inside single quotes, and a literal always ends with a quote, so
 * a trailing backslash cannot join the next line to it.
 *
 * Names are never formats: tic labels, which gnuplot reads as formats, get the names with
 * every '%' doubled (strategy_tic[]); titles pass them to sprintf as arguments; the
 * terminal is noenhanced (style.gp).
 *
 * Nothing half-written: gnuplot draws into DIR/.NAME.EXT.tmp, renamed to DIR/NAME.EXT
 * once gnuplot has exited with status 0 and the file is a whole picture
 * (picture_complete: gnuplot exits 0 even when its writes failed); on failure the
 * temporary file is removed and the old DIR/NAME.EXT kept.
 * Cost: the program of a figure is held in memory; its size is that of its datablocks.
 */
#define _POSIX_C_SOURCE 200809L

#include "lastmile/plot.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output/plot_gp.h"

extern char **environ;

#define PATH_CHARS  4096
#define ERR_CHARS   900 /* gnuplot's message, as much as a diagnostic holds */
#define EXIT_NOEXEC 127

/* Finding gnuplot -------------------------------------------------------------------------- */

int lm_plot_find_gnuplot(const char *path_env, char *buf, size_t n) {
  for (const char *p = path_env ? path_env : ""; *p;) {
    const char *colon = strchr(p, ':');
    size_t len = colon ? (size_t)(colon - p) : strlen(p);
    int w = snprintf(buf, n, "%.*s%sgnuplot", (int)len, len ? p : ".", "/");
    struct stat st;
    if (w > 0 && (size_t)w < n && stat(buf, &st) == 0 && S_ISREG(st.st_mode) &&
        access(buf, X_OK) == 0)
      return 0;
    p += len + (colon != NULL);
  }
  if (n) buf[0] = '\0';
  return LM_EIO;
}

/* Running gnuplot ---------------------------------------------------------------------- */

/* Writes all of `text` to `fd`; stops quietly at EPIPE (gnuplot has exited, and its
 * status says why). Returns 0, or -1 on another error. */
static int feed(int fd, const char *text, size_t len) {
  while (len > 0) {
    ssize_t k = write(fd, text, len);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) return errno == EPIPE ? 0 : -1;
    text += k;
    len -= (size_t)k;
  }
  return 0;
}

/* Reads what gnuplot printed (from the start of `log`) into err[n], blank lines dropped,
 * keeping the end when it is long: the error comes last. */
static void read_log(FILE *log, char *err, size_t n) {
  char all[4 * ERR_CHARS];
  rewind(log);
  size_t got = fread(all, 1, sizeof all - 1, log);
  all[got] = '\0';
  size_t k = 0;
  for (char *line = strtok(all, "\n"); line; line = strtok(NULL, "\n")) {
    size_t len = strlen(line);
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\r')) line[--len] = '\0';
    if (len == 0) continue;
    if (k + len + 4 >= n) k = 0; /* too long: keep the latest lines */
    k += (size_t)snprintf(err + k, n - k, "%s%s", k ? "\n  " : "", line);
  }
  if (k == 0) snprintf(err, n, "(no message)");
}

/* Starts `gnuplot` with standard input from `in_fd` and output into `log_fd`. */
static int spawn(const char *gnuplot, int in_fd, int log_fd, pid_t *pid) {
  posix_spawn_file_actions_t fa;
  if (posix_spawn_file_actions_init(&fa)) return ENOMEM;
  int rc = posix_spawn_file_actions_adddup2(&fa, in_fd, STDIN_FILENO);
  if (!rc) rc = posix_spawn_file_actions_adddup2(&fa, log_fd, STDOUT_FILENO);
  if (!rc) rc = posix_spawn_file_actions_adddup2(&fa, log_fd, STDERR_FILENO);
  /* --default-settings: a user's ~/.gnuplot must not change the pictures. */
  char *argv[] = {"gnuplot", "--default-settings", NULL};
  if (!rc) rc = posix_spawn(pid, gnuplot, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc;
}

/* Runs `gnuplot` on `program`. Returns its exit status (-1 when it could not be run or
 * was killed), with what it printed in err[n] when that is not 0. */
static int run_gnuplot(const char *gnuplot, const lm__gp *program, char *err, size_t n) {
  int fds[2];
  FILE *log = tmpfile();
  if (!log || pipe(fds) != 0) {
    snprintf(err, n, "cannot start gnuplot: %s", strerror(errno));
    if (log) fclose(log);
    return -1;
  }
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  fcntl(fileno(log), F_SETFD, FD_CLOEXEC);
  pid_t pid;
  int rc = spawn(gnuplot, fds[0], fileno(log), &pid);
  close(fds[0]);
  if (rc) {
    close(fds[1]);
    fclose(log);
    snprintf(err, n, "cannot run %s: %s", gnuplot, strerror(rc));
    return -1;
  }
  /* A gnuplot that dies early must not kill us with SIGPIPE. */
  struct sigaction ignore = {.sa_handler = SIG_IGN}, saved;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGPIPE, &ignore, &saved);
  int fed = feed(fds[1], program->text, program->len);
  int feed_errno = errno;
  close(fds[1]);
  sigaction(SIGPIPE, &saved, NULL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code == 0 && fed != 0) {
    snprintf(err, n, "cannot write to gnuplot: %s", strerror(feed_errno));
    code = -1;
  } else if (code == EXIT_NOEXEC) {
    snprintf(err, n, "cannot run %s", gnuplot);
  } else if (code != 0) {
    read_log(log, err, n);
  }
  fclose(log);
  return code;
}

/* The figures ---------------------------------------------------------------------------- */

typedef struct figure {
  const char *name; /* the script NAME.gp and the picture NAME.EXT */
  int per_strategy; /* one picture per strategy: NAME-STRATEGY.EXT */
  lm__figure_fn *build;
} figure;

static const figure figures[] = {
    {"compare", 0, lm__fig_compare},
    {"diff", 0, lm__fig_diff},
    {"daily", 0, lm__fig_daily},
    {"routes", 1, lm__fig_routes},
    {"lockers", 0, lm__fig_lockers},
    {"sweep", 0, lm__fig_sweep},
    {"costs", 0, lm__fig_costs},
    {"dist", 0, lm__fig_dist},
    {"lockers-sites", 0, lm__fig_lockers_sites},
};

/* The picture's name: NAME, or NAME-STRATEGY with every byte of the strategy's name that
 * is not a letter, digit, '.', '-' or '_' made '_' (and, when that collides with an
 * earlier strategy's, the strategy's number added). */
static void picture_stem(const lm_results *r, const figure *f, size_t s, char *buf, size_t n) {
  if (!f->per_strategy) {
    snprintf(buf, n, "%s", f->name);
    return;
  }
  char mine[LM_NAME_MAX], other[LM_NAME_MAX];
  size_t i = 0;
  for (const char *c = r->strategy_names[s]; *c && i + 1 < sizeof mine; c++, i++) {
    unsigned char u = (unsigned char)*c;
    int ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
             u == '-' || u == '_' || (u == '.' && i > 0);
    mine[i] = ok ? *c : '_';
  }
  mine[i] = '\0';
  int clash = 0;
  for (size_t t = 0; t < s && !clash; t++) {
    picture_stem(r, f, t, other, sizeof other);
    clash = !strcmp(other + strlen(f->name) + 1, mine);
  }
  if (clash)
    snprintf(buf, n, "%s-%s-%zu", f->name, mine, s + 1);
  else
    snprintf(buf, n, "%s-%s", f->name, mine);
}

/* `s` with every '%' doubled (malloc'd; NULL when out of memory): gnuplot reads a tic
 * label as a format (gprintf), where "%%" is the only way to draw a '%'. */
static char *percent_doubled(const char *s) {
  size_t len = strlen(s), pct = 0;
  for (const char *c = s; *c; c++) pct += *c == '%';
  char *t = malloc(len + pct + 1), *d = t;
  if (!t) return NULL;
  for (const char *c = s; *c; c++) {
    if (*c == '%') *d++ = '%';
    *d++ = *c;
  }
  *d = '\0';
  return t;
}

/* `array strategy_tic[ns]` with the strategies' names as tic labels (see percent_doubled). */
static void tic_names(lm__gp *gp, const lm_results *r, const char **names) {
  size_t made = 0;
  for (; made < r->n_strategies; made++)
    if (!(names[made] = percent_doubled(r->strategy_names[made]))) break;
  if (made == r->n_strategies)
    lm__gp_array_str(gp, "strategy_tic", r->n_strategies, names);
  else
    gp->failed = 1;
  for (size_t s = 0; s < made; s++) free((char *)names[s]);
}

const char *lm_plot_extension(lm_plot_format f) {
  return f == LM_PLOT_SVG ? "svg" : f == LM_PLOT_PDF ? "pdf" : "png";
}

/* The variables every script may use: fmt, out, scripts, scenario, ns, strategy[],
 * strategy_tic[], and the user's canvas and font: size_w, size_h (0: the figure's own),
 * font_name, font_size. */
static void preamble(lm__gp *gp, const lm_results *r, const lm_plot_options *o, const char *tmp) {
  lm__gp_raw(gp, "# lastmile plot\n");
  lm__gp_let_str(gp, "fmt", lm_plot_extension(o->format));
  lm__gp_let_str(gp, "out", tmp);
  lm__gp_let_str(gp, "scripts", o->scripts_dir);
  lm__gp_let_num(gp, "size_w", o->width > 0 ? o->width : 0);
  lm__gp_let_num(gp, "size_h", o->height > 0 ? o->height : 0);
  lm__gp_let_str(gp, "font_name", o->font_name && o->font_name[0] ? o->font_name : "Sans");
  lm__gp_let_num(gp, "font_size", o->font_size_pt > 0 ? o->font_size_pt : 12);
  lm__gp_let_str(gp, "scenario", r->scenario_name);
  lm__gp_raw(gp, "ns = %zu\n", r->n_strategies);
  const char **names = malloc((r->n_strategies + 1) * sizeof *names);
  if (!names) {
    gp->failed = 1;
    return;
  }
  for (size_t s = 0; s < r->n_strategies; s++) names[s] = r->strategy_names[s];
  lm__gp_array_str(gp, "strategy", r->n_strategies, names);
  tic_names(gp, r, names);
  free(names);
}

/* 1 when `tail[nt]`, less trailing white space, ends with `end`. */
static int ends_with(const unsigned char *tail, size_t nt, const char *end) {
  while (nt > 0 && (tail[nt - 1] == ' ' || tail[nt - 1] == '\n' || tail[nt - 1] == '\r' ||
                    tail[nt - 1] == '\t'))
    nt--;
  size_t ne = strlen(end);
  return nt >= ne && !memcmp(tail + nt - ne, end, ne);
}

/* 1 when `path` holds a whole picture in format `fmt`: a non-empty regular file that
 * starts and ends as one (PNG: the signature, then the IEND chunk last; SVG: '<' first,
 * "</svg>" and white space last; PDF: "%PDF-" first, "%%EOF" and white space last). gnuplot exits 0
 * even when its writes failed (a full disk, a file size limit), leaving a short or empty file. Else
 * 0, with why[n]. */
static int picture_complete(const char *path, lm_plot_format fmt, char *why, size_t n) {
  static const unsigned char png_head[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  static const unsigned char png_tail[12] = {0,   0,   0,    0,    'I',  'E',
                                             'N', 'D', 0xae, 0x42, 0x60, 0x82};
  unsigned char head[8] = {0}, tail[64] = {0};
  struct stat st;
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd < 0 && errno == ENOENT)
      snprintf(why, n, "gnuplot drew nothing");
    else
      snprintf(why, n, "not a regular file%s%s", fd < 0 ? ": " : "", fd < 0 ? strerror(errno) : "");
    if (fd >= 0) close(fd);
    return 0;
  }
  size_t size = (size_t)st.st_size, nt = size < sizeof tail ? size : sizeof tail;
  int got = size >= 8 && pread(fd, head, 8, 0) == 8 &&
            pread(fd, tail, nt, (off_t)(size - nt)) == (ssize_t)nt;
  close(fd);
  int whole = 0;
  if (got && fmt == LM_PLOT_PNG) {
    whole = !memcmp(head, png_head, 8) && nt >= 12 && !memcmp(tail + nt - 12, png_tail, 12);
  } else if (got && fmt == LM_PLOT_PDF) {
    whole = !memcmp(head, "%PDF-", 5) && ends_with(tail, nt, "%%EOF");
  } else if (got) {
    whole = head[0] == '<' && ends_with(tail, nt, "</svg>");
  }
  if (!whole)
    snprintf(why, n, "%zu bytes, %s", size,
             fmt == LM_PLOT_PNG   ? "not a PNG ending with its IEND chunk"
             : fmt == LM_PLOT_PDF ? "not a PDF ending with %%EOF"
                                  : "not an SVG ending with </svg>");
  return whole;
}

/* Draws picture `stem` of figure `f` from the builder's output `body`: returns 0 or
 * LM_EIO (with a message), after writing its path on `out`. */
static int draw(const lm_results *r, const lm_plot_options *o, const figure *f, const char *stem,
                const lm__gp *body, FILE *out, lm_diag *diag) {
  const char *ext = lm_plot_extension(o->format);
  char tmp[PATH_CHARS], final[PATH_CHARS], script[PATH_CHARS], err[ERR_CHARS];
  snprintf(tmp, sizeof tmp, "%s/.%s.%s.tmp", o->out_dir, stem, ext);
  snprintf(final, sizeof final, "%s/%s.%s", o->out_dir, stem, ext);
  snprintf(script, sizeof script, "%s/%s.gp", o->scripts_dir, f->name);
  if (access(script, R_OK) != 0) {
    lm_diag_error(diag, script, 0, 0,
                  "cannot read the figure's script: %s (set LASTMILE_PLOTS_DIR "
                  "to the folder of the gnuplot scripts)",
                  strerror(errno));
    return LM_EIO;
  }
  lm__gp gp;
  lm__gp_init(&gp);
  preamble(&gp, r, o, tmp);
  lm__gp_raw(&gp, "%s", body->text ? body->text : "");
  lm__gp_raw(&gp, "load ");
  lm__gp_str(&gp, script);
  lm__gp_raw(&gp, "\nset output\n");
  int rc = 0, status = -1;
  if (!lm__gp_ok(&gp)) {
    lm_diag_error(diag, final, 0, 0, "out of memory");
    rc = LM_ENOMEM;
  } else if ((status = run_gnuplot(o->gnuplot, &gp, err, sizeof err)) != 0) {
    lm_diag_error(diag, script, 0, 0, "gnuplot failed (exit status %d) drawing %s:\n  %s", status,
                  final, err);
    rc = LM_EIO;
  } else if (!picture_complete(tmp, o->format, err, sizeof err)) {
    lm_diag_error(diag, final, 0, 0,
                  "gnuplot exited normally but its picture is incomplete (%s): is the disk "
                  "full or a file size limit reached? The old picture, if any, is kept",
                  err);
    rc = LM_EIO;
  } else if (rename(tmp, final) != 0) {
    lm_diag_error(diag, final, 0, 0, "cannot move the picture into place: %s", strerror(errno));
    rc = LM_EIO;
  }
  if (rc)
    unlink(tmp);
  else
    fprintf(out, "%s\n", final);
  lm__gp_free(&gp);
  return rc;
}

/* 1 when `path` holds a control character, which a gnuplot literal cannot carry. */
static int unquotable(const char *path) {
  for (const unsigned char *p = (const unsigned char *)path; *p; p++)
    if (*p < 0x20 || *p == 0x7f) return 1;
  return 0;
}

/* Builds and draws every picture of figure `f`. */
static int draw_figure(const lm_results *r, const lm_plot_options *o, const figure *f, FILE *out,
                       FILE *notes, lm_diag *diag) {
  size_t n = f->per_strategy ? r->n_strategies : 1;
  int rc = 0;
  for (size_t s = 0; !rc && s < n; s++) {
    lm__gp body;
    lm__gp_init(&body);
    char why[256] = "", stem[2 * LM_NAME_MAX];
    int b = f->build(r, s, &body, why, sizeof why);
    if (b == 0 && !lm__gp_ok(&body)) b = LM_ENOMEM;
    if (b == LM__SKIP_FIGURE || b == LM__SKIP_PICTURE)
      fprintf(notes, "lastmile plot: skipped %s (%s)\n", f->name, why);
    if (b == 0) {
      picture_stem(r, f, s, stem, sizeof stem);
      rc = draw(r, o, f, stem, &body, out, diag);
    } else if (b < 0) {
      lm_diag_error(diag, f->name, 0, 0, "out of memory");
      rc = b;
    }
    lm__gp_free(&body);
    if (b == LM__SKIP_FIGURE) break;
  }
  return rc;
}

/* For PDF: asks `gnuplot` whether it has the pdfcairo terminal (GPVAL_TERMINALS).
 * Returns 0 when it has, or when the format needs none; else LM_EIO with a message. */
static int check_terminal(const lm_plot_options *o, lm_diag *diag) {
  if (o->format != LM_PLOT_PDF) return 0;
  lm__gp gp;
  lm__gp_init(&gp);
  lm__gp_raw(&gp, "if (strstrt(GPVAL_TERMINALS, 'pdfcairo') == 0) { exit status 3 }\n");
  char err[ERR_CHARS];
  int status = lm__gp_ok(&gp) ? run_gnuplot(o->gnuplot, &gp, err, sizeof err) : -1;
  lm__gp_free(&gp);
  if (status == 0) return 0;
  if (status == 3)
    lm_diag_error(diag, NULL, 0, 0,
                  "--format pdf needs gnuplot's pdfcairo terminal, which %s lacks; install "
                  "a gnuplot built with cairo (the Debian package gnuplot-nox has it) or "
                  "use --format png or svg",
                  o->gnuplot);
  else
    lm_diag_error(diag, NULL, 0, 0, "cannot ask %s for its terminals (exit status %d): %s",
                  o->gnuplot, status, err);
  return LM_EIO;
}

int lm_plot_draw(const lm_results *r, const lm_plot_options *o, FILE *out, FILE *notes,
                 lm_diag *diag) {
  assert(r && o && o->out_dir && o->scripts_dir && o->gnuplot && out && notes);
  if (unquotable(o->out_dir) || unquotable(o->scripts_dir)) {
    lm_diag_error(diag, NULL, 0, 0,
                  "folder names with control characters cannot be given "
                  "to gnuplot: '%s'",
                  unquotable(o->out_dir) ? o->out_dir : o->scripts_dir);
    return LM_EINVAL;
  }
  if (o->font_name && (unquotable(o->font_name) || strchr(o->font_name, ','))) {
    lm_diag_error(diag, NULL, 0, 0,
                  "a font name with a comma or control character cannot be "
                  "given to gnuplot: '%s'",
                  o->font_name);
    return LM_EINVAL;
  }
  int rc = check_terminal(o, diag);
  if (rc) return rc;
  for (size_t i = 0; !rc && i < sizeof figures / sizeof figures[0]; i++)
    rc = draw_figure(r, o, &figures[i], out, notes, diag);
  return rc;
}
