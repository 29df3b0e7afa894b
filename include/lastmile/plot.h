/* plot.h — pictures of a results file, drawn by gnuplot.
 *
 * lm_plot_draw() turns results read by lm_results_read() into one picture per figure:
 * the strategies' key KPIs with 95% intervals, paired differences against the first
 * strategy, daily series, the tours of one day, locker occupancy over a day, sweep
 * curves, the parts of the cost, and the distributions of lateness and of the time from
 * order to receipt. For each figure it writes a gnuplot program (variables and inline
 * datablocks, then `load` of the figure's script NAME.gp from the scripts folder) into a
 * pipe to gnuplot, which draws into a hidden temporary file in the output folder; the
 * picture is renamed into place only when gnuplot exits with 0 and the file is a whole
 * PNG, SVG or PDF (gnuplot exits 0 when its writes fail), so a folder never holds a
 * half-drawn picture. Figures whose data the results lack are skipped with a note.
 *
 * Every text that comes from the results (scenario and strategy names) reaches gnuplot
 * only inside a single-quoted string made by lm_plot_quote(), so no scenario can run
 * gnuplot commands, and never as a format: tic labels get the names with '%' doubled.
 * Datablocks hold numbers only.
 */
#ifndef LASTMILE_PLOT_H
#define LASTMILE_PLOT_H

#include <stddef.h>
#include <stdio.h>

#include "lastmile/error.h"
#include "lastmile/results.h"

typedef enum lm_plot_format { LM_PLOT_PNG = 0, LM_PLOT_SVG, LM_PLOT_PDF } lm_plot_format;

typedef struct lm_plot_options {
  const char *out_dir;     /* existing folder that receives the pictures */
  const char *scripts_dir; /* folder of the gnuplot scripts (the repository's plots/) */
  const char *gnuplot;     /* path of the gnuplot program, e.g. from lm_plot_find_gnuplot */
  lm_plot_format format;
  double width, height;  /* canvas of every picture: pixels (PNG, SVG) or inches (PDF);
                            0: each figure's own size (PDF: its pixels / 144 inches) */
  const char *font_name; /* font family of all text; NULL or "": Sans */
  double font_size_pt;   /* 0: 12 points */
} lm_plot_options;

/* The file name extension of pictures in format `f`: "png", "svg" or "pdf". */
const char *lm_plot_extension(lm_plot_format f);

/* Writes `s` as a gnuplot single-quoted string literal into buf[n] (NUL-terminated,
 * truncated when n is too small): quotes are doubled, and newlines and every other
 * control character become spaces (gnuplot reads backslashes, backquotes and @ inside
 * single quotes literally). Returns the length the literal needs, without the NUL. */
size_t lm_plot_quote(const char *s, char *buf, size_t n);

/* Looks for an executable `gnuplot` in the colon-separated folders of `path_env` (the
 * value of PATH; NULL or "" finds nothing) and copies its path into buf[n]. Returns 0,
 * or LM_EIO when there is none (or its path does not fit). */
int lm_plot_find_gnuplot(const char *path_env, char *buf, size_t n);

/* Draws every figure that `r` holds the data for into o->out_dir. Each picture written
 * is named on `out` (one path per line); each figure skipped gets one line on `notes`
 * ("lastmile plot: skipped NAME (why)"). Stops at the first picture gnuplot fails on
 * or leaves incomplete: returns LM_EIO with gnuplot's own message (or what is wrong with
 * the file) in `diag`, that picture's temporary file removed and its old picture kept
 * (pictures already finished stay). For PDF it first asks gnuplot whether it has the
 * pdfcairo terminal and returns LM_EIO before drawing anything when it has not.
 * Returns 0, LM_EIO, LM_EINVAL (a folder path or font name gnuplot cannot be given) or
 * LM_ENOMEM. */
int lm_plot_draw(const lm_results *r, const lm_plot_options *o, FILE *out, FILE *notes,
                 lm_diag *diag);

#endif
