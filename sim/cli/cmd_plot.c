/* cmd_plot.c — `lastmile plot RESULTS.h5 [-o DIR] [--format png|svg|pdf] [--size WxH]
 * [--font NAME[,SIZE]]`: the pictures of a results file, drawn by gnuplot (plot.h).
 *
 * Order of checks: the command line (exit 2), gnuplot on PATH (exit 1, before anything
 * is read or created), the gnuplot scripts, the results file (exit 2), the output folder
 * (created when missing; exit 2 when it cannot be), then the figures (exit 1 when
 * gnuplot fails, with its message). The scripts are looked for in $LASTMILE_PLOTS_DIR,
 * then in the source tree the command was built from, then where `make install` puts
 * them.
 */
#define _POSIX_C_SOURCE 200809L /* mkdir */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "lastmile/plot.h"
#include "lastmile/results_read.h"

#define PATH_CHARS 4096

enum { OPT_OUTPUT, OPT_FORMAT, OPT_SIZE, OPT_FONT };

static const lm_cli_opt plot_opts[] = {
    {OPT_OUTPUT, 'o', "output", "DIR",
     "the folder for the pictures, created if missing\n"
     "(default: the results file's name without .h5,\nfollowed by -plots)"},
    {OPT_FORMAT, 0, "format", "png|svg|pdf",
     "the picture format (default png; pdf needs gnuplot's\npdfcairo terminal)"},
    {OPT_SIZE, 0, "size", "WxH",
     "the canvas of every picture: pixels for png and svg\n"
     "(16 to 20000), inches for pdf (1 to 200, e.g. 7x4.5);\n"
     "default: each figure's own (pdf: its pixel size / 144\ninches)"},
    {OPT_FONT, 0, "font", "NAME[,SIZE]", "the font of all text, SIZE in points (default\nSans,12)"},
};

static const lm_cli_command plot_command = {
    "plot",
    "RESULTS.h5 [-o DIR] [--format png|svg|pdf] [--size WxH] [--font NAME[,SIZE]]",
    "Draws the pictures of a results file with gnuplot, one file per figure:\n"
    "  compare   the key KPIs of every strategy with 95% intervals\n"
    "  diff      paired differences from the first strategy, with 95% intervals\n"
    "  daily     parcels received, failed attempts, thefts, lateness and vans, by day\n"
    "  routes-S  the tours of one day of strategy S (needs run --routes-day D)\n"
    "  lockers   parcels in lockers and pickup points over a day (needs --parcel-log)\n"
    "  sweep     a KPI and the cost against the swept parameter (needs a sweep)\n"
    "  costs     the parts of the cost per parcel, and CO2 per parcel\n"
    "  dist      distributions of lateness and of order-to-receipt time (needs --parcel-log)\n"
    "Figures whose data the file lacks are skipped with a note. The pictures written are\n"
    "listed on stdout; a picture of the same name is replaced only by a complete one\n"
    "(on a failure, e.g. a full disk, the old one is kept and the exit code is 1).",
    plot_opts,
    sizeof plot_opts / sizeof plot_opts[0],
    "environment: LASTMILE_PLOTS_DIR, the folder of the gnuplot scripts (default: the\n"
    "plots/ folder of the source tree or of the installation)\n"};

typedef struct args {
  const char *results, *out_dir, *size;
  lm_plot_format format;
  double width, height; /* from --size, checked against the format after parsing */
  char font_name[256];
  double font_size_pt;
} args;

/* Reads a positive number that fills `text` entirely; 0 when it is not one. */
static double positive(const char *text) {
  char *end;
  double v = strtod(text, &end);
  return end != text && *end == '\0' && isfinite(v) && v > 0 ? v : 0;
}

/* --size WxH: two positive numbers; whole pixels (16-20000) for png and svg, inches
 * (1-200) for pdf. Returns 0, or -1 after a message. */
static int parse_size(args *a) {
  const char *x = strchr(a->size, 'x');
  char w[64];
  if (!x || (size_t)(x - a->size) >= sizeof w) goto bad;
  snprintf(w, sizeof w, "%.*s", (int)(x - a->size), a->size);
  a->width = positive(w);
  a->height = positive(x + 1);
  if (!(a->width > 0 && a->height > 0)) goto bad;
  if (a->format == LM_PLOT_PDF) {
    if (a->width < 1 || a->width > 200 || a->height < 1 || a->height > 200) {
      lm_cli_error("--size %s: a pdf's size is in inches, 1 to 200 each (e.g. 7x4.5)", a->size);
      return -1;
    }
  } else if (a->width != floor(a->width) || a->height != floor(a->height) || a->width < 16 ||
             a->width > 20000 || a->height < 16 || a->height > 20000) {
    lm_cli_error("--size %s: a png's or svg's size is in whole pixels, 16 to 20000 each "
                 "(e.g. 1200x800)",
                 a->size);
    return -1;
  }
  return 0;
bad:
  lm_cli_error("--size: expected WIDTHxHEIGHT (e.g. 1200x800, or 7x4.5 inches for pdf), got "
               "'%s'",
               a->size);
  return -1;
}

/* --font NAME[,SIZE]: a name without control characters, and a size of 1-200 points.
 * Returns 0, or -1 after a message. */
static int parse_font(const char *f, args *a) {
  const char *comma = strrchr(f, ',');
  size_t len = comma ? (size_t)(comma - f) : strlen(f);
  int bad_char = 0;
  for (size_t i = 0; i < len; i++) bad_char |= (unsigned char)f[i] < 0x20 || f[i] == 0x7f;
  if (len == 0 || len >= sizeof a->font_name || bad_char || memchr(f, ',', len)) {
    lm_cli_error("--font: expected NAME or NAME,SIZE (e.g. 'DejaVu Sans,11'), got '%s'", f);
    return -1;
  }
  snprintf(a->font_name, sizeof a->font_name, "%.*s", (int)len, f);
  if (comma) {
    a->font_size_pt = positive(comma + 1);
    if (!(a->font_size_pt >= 1 && a->font_size_pt <= 200)) {
      lm_cli_error("--font %s: the size is in points, 1 to 200", f);
      return -1;
    }
  }
  return 0;
}

/* Returns 0, 1 for --help, or -1 after printing a usage error. */
static int parse(int argc, char **argv, args *a) {
  lm_cli_parser p;
  lm_cli_parser_init(&p, &plot_command, argc, argv);
  const char *val;
  for (int id; (id = lm_cli_next(&p, &val)) != LM_CLI_DONE;) {
    if (id == LM_CLI_HELP) return 1;
    if (id == LM_CLI_BAD) return -1;
    if (id == OPT_OUTPUT) {
      a->out_dir = val;
    } else if (id == OPT_FORMAT) {
      if (strcmp(val, "png") && strcmp(val, "svg") && strcmp(val, "pdf")) {
        lm_cli_error("--format: expected png, svg or pdf, got '%s'", val);
        return -1;
      }
      a->format = !strcmp(val, "svg")   ? LM_PLOT_SVG
                  : !strcmp(val, "pdf") ? LM_PLOT_PDF
                                        : LM_PLOT_PNG;
    } else if (id == OPT_SIZE) {
      a->size = val;
    } else if (id == OPT_FONT) {
      if (parse_font(val, a) != 0) return -1;
    } else if (a->results) {
      lm_cli_error("plot takes one results file, got '%s' and '%s'", a->results, val);
      return -1;
    } else {
      a->results = val;
    }
  }
  if (!a->results) {
    lm_cli_error("plot needs a results file (see lastmile plot --help)");
    return -1;
  }
  if (a->out_dir && !a->out_dir[0]) {
    lm_cli_error("-o: the folder name is empty");
    return -1;
  }
  return a->size ? parse_size(a) : 0;
}

/* Makes sure `dir` is a folder, creating it (not its parents) when missing. */
static int ensure_dir(const char *dir) {
  struct stat st;
  if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
  if (stat(dir, &st) == 0) {
    lm_cli_error("-o %s: not a folder", dir);
    return -1;
  }
  if (mkdir(dir, 0777) != 0) {
    lm_cli_error("-o %s: cannot create the folder: %s", dir, strerror(errno));
    return -1;
  }
  return 0;
}

/* Reads the results and draws; returns the exit code. */
static int plot(const args *a, const char *gnuplot, const char *scripts) {
  lm_diag *diag = lm_diag_create();
  lm_results *r = NULL;
  char out_dir[PATH_CHARS];
  int code = LM_EXIT_OK;
  if (lm_results_read(a->results, &r, diag) != 0) {
    code = LM_EXIT_USAGE;
  } else if (!a->out_dir) {
    size_t len = strlen(a->results);
    if (len > 3 && !strcmp(a->results + len - 3, ".h5")) len -= 3;
    snprintf(out_dir, sizeof out_dir, "%.*s-plots", (int)len, a->results);
  } else {
    snprintf(out_dir, sizeof out_dir, "%s", a->out_dir);
  }
  if (code == LM_EXIT_OK && !r->provenance) { /* the scenario's folder, for lockers-sites */
    lm_diag *quiet = lm_diag_create();
    if (!quiet || lm_provenance_read(a->results, &r->provenance, quiet) != 0) r->provenance = NULL;
    lm_diag_destroy(quiet);
  }
  if (code == LM_EXIT_OK && ensure_dir(out_dir) != 0) code = LM_EXIT_USAGE;
  if (code == LM_EXIT_OK) {
    lm_plot_options o = {out_dir,  scripts,   gnuplot,      a->format,
                         a->width, a->height, a->font_name, a->font_size_pt};
    int rc = lm_plot_draw(r, &o, stdout, stderr, diag);
    if (rc) code = rc == LM_EINVAL ? LM_EXIT_USAGE : LM_EXIT_FAIL;
  }
  fflush(stdout);
  lm_diag_print(diag, stderr);
  lm_diag_destroy(diag);
  lm_results_destroy(r);
  return code;
}

int lm_cli_plot(int argc, char **argv) {
  args a = {.format = LM_PLOT_PNG};
  int p = parse(argc, argv, &a);
  if (p == 1) {
    lm_cli_help(&plot_command, stdout);
    return LM_EXIT_OK;
  }
  if (p != 0) return LM_EXIT_USAGE;
  char gnuplot[PATH_CHARS];
  if (lm_plot_find_gnuplot(getenv("PATH"), gnuplot, sizeof gnuplot) != 0) {
    fputs("lastmile plot: gnuplot not found on PATH; install the Debian package gnuplot-nox "
          "(apt-get install gnuplot-nox)\n",
          stderr);
    return LM_EXIT_FAIL;
  }
  const char *scripts = lm_cli_plots_dir();
  if (!scripts)
    lm_cli_error("cannot find the gnuplot scripts of lastmile (style.gp) in %s or %s; set "
                 "LASTMILE_PLOTS_DIR to the plots/ folder of the source tree",
                 LASTMILE_PLOTS_DIR, LASTMILE_PLOTS_INSTALL_DIR);
  if (!scripts) return LM_EXIT_FAIL;
  return plot(&a, gnuplot, scripts);
}
