/* results_info.h — a results file for people (`lastmile info`) and for programs
 * (`lastmile info --json`, `lastmile export`). */
#ifndef LASTMILE_RESULTS_INFO_H
#define LASTMILE_RESULTS_INFO_H

#include <stdio.h>

#include "lastmile/error.h"

/* Prints the summary table of a results file to `out`: root attributes, then per
 * strategy the mean and 95% interval of each KPI. Returns 0, LM_EIO or LM_EFORMAT. */
int lm_results_info(const char *path, FILE *out, lm_diag *diag);

/* The formats of lm_results_export. */
typedef enum lm_export_format { LM_EXPORT_CSV, LM_EXPORT_JSON } lm_export_format;

/* Writes every KPI value of the results file `path` to `out` as a tidy long table, one
 * row per value with the columns strategy, replication, day (the date; empty or null for
 * a per-replication value), kpi, value and unit: CSV with a header line, or JSON, an
 * array of one object per row. Numbers read back exactly (%.17g); NaN is an empty field
 * in CSV and null in JSON. Returns 0, LM_EIO (the file cannot be read, or `out` failed),
 * LM_EFORMAT or LM_ENOMEM; nothing is written when the file cannot be read. */
int lm_results_export(const char *path, lm_export_format format, FILE *out, lm_diag *diag);

/* Prints the summary of the results file `path` to `out` as one JSON object: file,
 * strategies, replications, counted_days, confidence_level, "attributes" (the root
 * attributes), "provenance" (the attributes of /provenance, when the file has it) and
 * "summary", one object per (strategy, kpi) with unit, mean, sd, ci_low and ci_high (null
 * when not a number). Returns as lm_results_export. */
int lm_results_info_json(const char *path, FILE *out, lm_diag *diag);

#endif
