/* read.c — the Solomon and VRPLIB readers: a benchmark file in, the file's data out.
 *
 * A file is read whole (a regular file of at most LM_FILE_INPUT_MAX_BYTES), checked to be
 * text (no NUL or other control byte), and cut into lines in place. The format is told from
 * the first non-blank line: "KEY : value" opens a VRPLIB file, anything else must be a
 * Solomon name line followed by a VEHICLE block. Both readers fill one growable table of
 * nodes (depot first), which `to_instance` copies into the arrays of an lm_instance. Every
 * complaint names the file and line and says what was expected and what was found; the
 * first one stops the read, so a malformed file yields one message, never a crash.
 *
 * Invariants of a read instance: node 0 is the depot, node i is customer i of the file
 * (Solomon CUST NO. i, VRPLIB node i + 1), demands are whole and at most the capacity,
 * ready <= due everywhere, and rule is the format's convention. Nothing here computes a
 * distance or builds a routing problem (build.c does, and calls nothing here but the
 * reader); lm_instance_destroy, here, frees both parts. Reading costs time and memory
 * linear in the file.
 */
#include "lastmile/instance.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lastmile/fileio.h"

#define LM__INST_MAX_NODES  10000001u
#define LM__INST_MAX_TOKENS 16

/* One node as read: the depot or a customer. */
typedef struct inst_node {
  double x, y, demand, ready, due, service;
} inst_node;

/* The text being read: its lines (NUL-terminated, in place) and where the reader is. */
typedef struct reader {
  const char *path;
  char *buf;
  char **lines;
  size_t n_lines;
  size_t at; /* index of the next unread line */
  lm_diag *diag;
} reader;

/* What a reader found, before it becomes an instance. */
typedef struct parsed {
  char name[64];
  lm_instance_format format;
  int has_tw;
  int round_default; /* 1: EUC_2D CVRP (round); 0 with VRPLIB: CVRPTW (DIMACS, trunc1) */
  uint32_t capacity, max_vehicles;
  inst_node *nodes;
  size_t n_nodes, cap_nodes;
} parsed;

/* Reports "path:line: error: ..." for the 0-based line index `li`; returns LM_EPARSE. */
static int fail(const reader *rd, size_t li, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(const reader *rd, size_t li, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  lm_diag_error(rd->diag, rd->path, li + 1, 0, "%s", msg);
  return LM_EPARSE;
}

/* The line index to blame for something missing at the end of the file. */
static size_t last_line(const reader *rd) { return rd->n_lines ? rd->n_lines - 1 : 0; }

/* Reads the whole file into rd->buf and cuts it into lines. Refuses binary content. */
static int read_text(reader *rd) {
  char *buf;
  size_t len;
  int rc = lm_file_read_regular(rd->path, LM_FILE_INPUT_MAX_BYTES, &buf, &len, rd->diag);
  if (rc == LM_ERANGE || rc == LM_EINVAL) return LM_EPARSE;
  if (rc) return rc;
  rd->buf = buf;
  size_t n = 1;
  for (size_t i = 0; i < len; i++) n += buf[i] == '\n';
  rd->lines = malloc(n * sizeof *rd->lines);
  if (!rd->lines) return LM_ENOMEM;
  /* Text has no NUL and no control bytes other than blanks; check before cutting lines. */
  size_t li = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)buf[i];
    if (c == '\n')
      li++;
    else if (c < 0x20 && c != '\t' && c != '\r' && c != '\f' && c != '\v')
      return fail(rd, li, "expected text, got the binary byte 0x%02x", c);
  }
  rd->n_lines = 0;
  char *p = buf;
  for (;;) {
    char *nl = strchr(p, '\n');
    rd->lines[rd->n_lines++] = p;
    if (!nl) break;
    *nl = '\0';
    if (nl > p && nl[-1] == '\r') nl[-1] = '\0';
    p = nl + 1;
  }
  if (rd->n_lines > 1 && rd->lines[rd->n_lines - 1][0] == '\0') rd->n_lines--;
  return 0;
}

/* Splits `line` in place at blanks; returns the number of tokens (those past `max` are
 * counted but not stored). */
static size_t split(char *line, char **tok, size_t max) {
  size_t n = 0;
  char *p = line;
  for (;;) {
    while (*p && isspace((unsigned char)*p)) p++;
    if (!*p) return n;
    if (n < max) tok[n] = p;
    n++;
    while (*p && !isspace((unsigned char)*p)) p++;
    if (*p) *p++ = '\0';
  }
}

/* Trims blanks at both ends, in place. */
static char *trim(char *s) {
  while (*s && isspace((unsigned char)*s)) s++;
  size_t n = strlen(s);
  while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
  return s;
}

static int is_blank(const char *s) {
  while (*s && isspace((unsigned char)*s)) s++;
  return *s == '\0';
}

/* Advances past blank lines; returns 1 when a line is left. */
static int skip_blank(reader *rd) {
  while (rd->at < rd->n_lines && is_blank(rd->lines[rd->at])) rd->at++;
  return rd->at < rd->n_lines;
}

/* Parses a whole finite number. */
static int to_num(const char *s, double *out) {
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v)) return -1;
  *out = v;
  return 0;
}

/* Parses token `s` (a `what`) as a number into *out, or reports it. */
static int num_field(const reader *rd, size_t li, const char *what, const char *s, double *out) {
  if (to_num(s, out)) return fail(rd, li, "expected a number for %s, got '%.40s'", what, s);
  return 0;
}

/* A whole number in [lo, hi] for `what`, or a report. */
static int int_field(const reader *rd, size_t li, const char *what, const char *s, double lo,
                     double hi, double *out) {
  if (num_field(rd, li, what, s, out)) return LM_EPARSE;
  if (*out != floor(*out) || *out < lo || *out > hi)
    return fail(rd, li, "expected a whole number from %.0f to %.0f for %s, got '%.40s'", lo, hi,
                what, s);
  return 0;
}

static int add_node(parsed *ps, const inst_node *nd) {
  if (ps->n_nodes == ps->cap_nodes) {
    size_t cap = ps->cap_nodes ? 2 * ps->cap_nodes : 128;
    inst_node *grown = realloc(ps->nodes, cap * sizeof *grown);
    if (!grown) return LM_ENOMEM;
    ps->nodes = grown;
    ps->cap_nodes = cap;
  }
  ps->nodes[ps->n_nodes++] = *nd;
  return 0;
}

/* Checks demand, windows and service of node k (0 = depot) read on line li. */
static int check_node(const reader *rd, size_t li, size_t k, const inst_node *nd) {
  if (nd->demand < 0)
    return fail(rd, li, "expected a demand >= 0 for node %zu, got %g", k, nd->demand);
  if (nd->demand != floor(nd->demand) || nd->demand > (double)UINT32_MAX)
    return fail(rd, li, "expected a whole demand for node %zu, got %g", k, nd->demand);
  if (nd->service < 0)
    return fail(rd, li, "expected a service time >= 0 for node %zu, got %g", k, nd->service);
  if (nd->due < nd->ready)
    return fail(rd, li, "expected due >= ready for node %zu, got ready %g and due %g", k, nd->ready,
                nd->due);
  return 0;
}

static void set_name(parsed *ps, const char *s) {
  snprintf(ps->name, sizeof ps->name, "%s", s);
  for (char *c = ps->name; *c; c++)
    if (isspace((unsigned char)*c)) *c = '_';
}

/* Expects the next non-blank line to be the single word `word`. */
static int expect_word(reader *rd, const char *word) {
  if (!skip_blank(rd))
    return fail(rd, last_line(rd), "expected '%s', got the end of the file", word);
  char *tok[2];
  size_t li = rd->at;
  size_t n = split(rd->lines[li], tok, 2);
  if (n != 1 || strcmp(tok[0], word))
    return fail(rd, li, "expected '%s', got '%.40s'", word, tok[0]);
  rd->at++;
  return 0;
}

/* True when the line's first token is a number (a data row rather than a heading). */
static int starts_numeric(const char *line) {
  char buf[64];
  size_t i = 0;
  while (*line && isspace((unsigned char)*line)) line++;
  while (*line && !isspace((unsigned char)*line) && i + 1 < sizeof buf) buf[i++] = *line++;
  buf[i] = '\0';
  double v;
  return i > 0 && to_num(buf, &v) == 0;
}

/* Solomon: name, VEHICLE, NUMBER CAPACITY heading, the two numbers, CUSTOMER, a heading,
 * then rows "no x y demand ready due service" numbered 0 (the depot), 1, 2, ... */
static int read_solomon(reader *rd, parsed *ps) {
  char *tok[LM__INST_MAX_TOKENS];
  ps->format = LM_INST_SOLOMON;
  skip_blank(rd);
  size_t li = rd->at;
  if (strcmp(trim(rd->lines[li]), "VEHICLE")) {
    rd->at++;
    split(rd->lines[li], tok, 1);
    set_name(ps, tok[0]);
  } else { /* no name line: the file's name without its folder and extension */
    const char *base = strrchr(rd->path, '/');
    set_name(ps, base ? base + 1 : rd->path);
    char *dot = strrchr(ps->name, '.');
    if (dot && dot != ps->name) *dot = '\0';
  }
  int rc = expect_word(rd, "VEHICLE");
  if (rc) return rc;
  if (skip_blank(rd) && !starts_numeric(rd->lines[rd->at])) rd->at++; /* NUMBER CAPACITY */
  if (!skip_blank(rd))
    return fail(rd, last_line(rd),
                "expected the vehicle number and capacity, got the end of "
                "the file");
  li = rd->at++;
  size_t n = split(rd->lines[li], tok, LM__INST_MAX_TOKENS);
  if (n != 2)
    return fail(rd, li, "expected 2 numbers (vehicle number, capacity), got %zu fields", n);
  double num, cap;
  if ((rc = int_field(rd, li, "the vehicle number", tok[0], 1, UINT32_MAX, &num)) ||
      (rc = int_field(rd, li, "the capacity", tok[1], 1, UINT32_MAX, &cap)))
    return rc;
  ps->max_vehicles = (uint32_t)num;
  ps->capacity = (uint32_t)cap;
  if ((rc = expect_word(rd, "CUSTOMER"))) return rc;
  if (skip_blank(rd) && !starts_numeric(rd->lines[rd->at])) rd->at++; /* CUST NO. ... */
  static const char *const field[7] = {"CUST NO.",   "XCOORD.",  "YCOORD.",     "DEMAND",
                                       "READY TIME", "DUE DATE", "SERVICE TIME"};
  for (; skip_blank(rd); rd->at++) {
    li = rd->at;
    n = split(rd->lines[li], tok, LM__INST_MAX_TOKENS);
    if (n != 7)
      return fail(rd, li,
                  "expected 7 numbers (CUST NO. XCOORD. YCOORD. DEMAND READY TIME DUE "
                  "DATE SERVICE TIME), got %zu field%s",
                  n, n == 1 ? "" : "s");
    double v[7];
    for (int f = 0; f < 7; f++)
      if ((rc = num_field(rd, li, field[f], tok[f], &v[f]))) return rc;
    size_t want = ps->n_nodes;
    if (v[0] != (double)want) {
      if (v[0] >= 0 && v[0] < (double)want && v[0] == floor(v[0]))
        return fail(rd, li, "expected customer %zu, got customer %.0f a second time", want, v[0]);
      return fail(rd, li,
                  "expected customer %zu (customers numbered 0, 1, 2, ... in order), "
                  "got '%.40s'",
                  want, tok[0]);
    }
    inst_node nd = {v[1], v[2], v[3], v[4], v[5], v[6]};
    if ((rc = check_node(rd, li, want, &nd)) || (rc = add_node(ps, &nd))) return rc;
    if (nd.demand > (double)ps->capacity)
      return fail(rd, li, "expected every demand to fit the capacity %u, got %g for customer %zu",
                  ps->capacity, nd.demand, want);
    if (ps->n_nodes >= LM__INST_MAX_NODES)
      return fail(rd, li, "expected at most %u customers, got more", LM__INST_MAX_NODES - 1);
  }
  if (ps->n_nodes < 2)
    return fail(rd, last_line(rd),
                "expected the depot (customer 0) and at least one customer, "
                "got %zu rows",
                ps->n_nodes);
  ps->has_tw = 1;
  return 0;
}

/* Checks the values of node k (1-based) in a DEMAND, TIME_WINDOW or SERVICE_TIME row. */
static int check_row(const reader *rd, size_t li, const char *sec, size_t k, const double *v,
                     double capacity) {
  if (!strcmp(sec, "DEMAND_SECTION")) {
    if (v[0] < 0 || v[0] != floor(v[0]) || v[0] > (double)UINT32_MAX)
      return fail(rd, li, "expected a whole demand >= 0 for node %zu, got %g", k, v[0]);
    if (k == 1 && v[0] != 0)
      return fail(rd, li, "expected demand 0 at the depot (node 1), got %g", v[0]);
    if (capacity > 0 && v[0] > capacity)
      return fail(rd, li, "expected every demand to fit the capacity %.0f, got %g for node %zu",
                  capacity, v[0], k);
  } else if (!strcmp(sec, "TIME_WINDOW_SECTION") && v[1] < v[0]) {
    return fail(rd, li, "expected due >= ready for node %zu, got ready %g and due %g", k, v[0],
                v[1]);
  } else if (!strcmp(sec, "SERVICE_TIME_SECTION") && v[0] < 0) {
    return fail(rd, li, "expected a service time >= 0 for node %zu, got %g", k, v[0]);
  }
  return 0;
}

/* VRPLIB section reader: `rows` lines of `1 + values` numbers, node ids 1..rows in order;
 * `capacity` (0 when not yet known) bounds the demands. */
static int read_section(reader *rd, const char *sec, size_t rows, size_t values, double capacity,
                        double *out) {
  char *tok[LM__INST_MAX_TOKENS];
  for (size_t k = 1; k <= rows; k++) {
    if (!skip_blank(rd))
      return fail(rd, last_line(rd), "expected node %zu of %zu in %s, got the end of the file", k,
                  rows, sec);
    size_t li = rd->at++;
    size_t n = split(rd->lines[li], tok, LM__INST_MAX_TOKENS);
    if (n > 0 && !starts_numeric(tok[0]))
      return fail(rd, li, "expected node %zu of %zu (DIMENSION) in %s, got '%.40s'", k, rows, sec,
                  tok[0]);
    if (n != values + 1)
      return fail(rd, li, "expected %zu numbers (node id and %zu value%s) in %s, got %zu",
                  values + 1, values, values == 1 ? "" : "s", sec, n);
    double id;
    int rc = int_field(rd, li, "the node id", tok[0], 1, (double)rows, &id);
    if (rc == 0 && id != (double)k)
      rc = fail(rd, li, "expected node %zu in %s (nodes numbered 1, 2, ... in order), got %s%.0f",
                k, sec, id < (double)k ? "a second node " : "node ", id);
    double *v = &out[(k - 1) * values];
    for (size_t f = 0; rc == 0 && f < values; f++) rc = num_field(rd, li, sec, tok[1 + f], &v[f]);
    if (rc == 0) rc = check_row(rd, li, sec, k, v, capacity);
    if (rc) return rc;
  }
  return 0;
}

/* DEPOT_SECTION: exactly "1" then "-1". */
static int read_depot(reader *rd) {
  char *tok[2];
  if (!skip_blank(rd))
    return fail(rd, last_line(rd), "expected the depot id 1, got the end of the file");
  size_t li = rd->at++;
  size_t n = split(rd->lines[li], tok, 2);
  double id;
  if (n != 1 || to_num(tok[0], &id) || id != 1.0)
    return fail(rd, li, "expected the depot to be node 1 (one depot, listed first), got '%.40s'",
                n ? tok[0] : "");
  if (!skip_blank(rd))
    return fail(rd, last_line(rd), "expected -1 closing DEPOT_SECTION, got the end of the file");
  li = rd->at++;
  n = split(rd->lines[li], tok, 2);
  if (n != 1 || to_num(tok[0], &id) || id != -1.0)
    return fail(rd, li, "expected -1 closing DEPOT_SECTION (a single depot), got '%.40s'",
                n ? tok[0] : "");
  return 0;
}

/* What the VRPLIB header said. */
typedef struct vrp_header {
  double dim, capacity, vehicles, service;
  int have_dim, have_capacity, have_vehicles, tw;
} vrp_header;

/* One "KEY : value" line of the header. */
static int header_line(reader *rd, size_t li, char *line, vrp_header *h, parsed *ps) {
  char *colon = strchr(line, ':');
  *colon = '\0';
  char *key = trim(line), *val = trim(colon + 1);
  int rc = 0;
  if (!strcmp(key, "NAME")) {
    char *tok[1];
    if (split(val, tok, 1)) set_name(ps, tok[0]);
  } else if (!strcmp(key, "TYPE")) {
    if (!strcmp(val, "CVRPTW") || !strcmp(val, "VRPTW"))
      h->tw = 1;
    else if (strcmp(val, "CVRP"))
      rc = fail(rd, li, "expected TYPE CVRP or CVRPTW, got '%.40s'", val);
  } else if (!strcmp(key, "DIMENSION")) {
    rc = int_field(rd, li, "DIMENSION", val, 2, LM__INST_MAX_NODES, &h->dim);
    h->have_dim = 1;
    if (rc == 0 && h->dim > (double)rd->n_lines)
      rc = fail(rd, li, "expected DIMENSION at most the file's %zu lines, got %.0f", rd->n_lines,
                h->dim);
  } else if (!strcmp(key, "CAPACITY")) {
    rc = int_field(rd, li, "CAPACITY", val, 1, UINT32_MAX, &h->capacity);
    h->have_capacity = 1;
  } else if (!strcmp(key, "VEHICLES")) {
    rc = int_field(rd, li, "VEHICLES", val, 1, UINT32_MAX, &h->vehicles);
    h->have_vehicles = 1;
  } else if (!strcmp(key, "SERVICE_TIME")) {
    rc = num_field(rd, li, "SERVICE_TIME", val, &h->service);
    if (rc == 0 && h->service < 0)
      rc = fail(rd, li, "expected SERVICE_TIME >= 0, got '%.40s'", val);
  } else if (!strcmp(key, "EDGE_WEIGHT_TYPE")) {
    if (strcmp(val, "EUC_2D"))
      rc = fail(rd, li, "expected EDGE_WEIGHT_TYPE EUC_2D (the only one supported), got '%.40s'",
                val);
  }
  /* COMMENT and other keys describe the file and change nothing here. */
  return rc;
}

/* VRPLIB: "KEY : value" lines, then sections up to EOF. */
static int read_vrplib(reader *rd, parsed *ps) {
  vrp_header h = {0};
  ps->format = LM_INST_VRPLIB;
  double *coord = NULL, *dem = NULL, *tw = NULL, *svc = NULL;
  int rc = 0, depot = 0;
  size_t rows = 0;
  while (rc == 0 && skip_blank(rd)) {
    size_t li = rd->at++;
    char *line = rd->lines[li];
    if (strchr(line, ':')) {
      if (rows)
        rc = fail(rd, li, "expected a section or EOF after the first section, got '%.40s'",
                  trim(line));
      else
        rc = header_line(rd, li, line, &h, ps);
      continue;
    }
    char *sec = trim(line);
    if (!strcmp(sec, "EOF")) break;
    int is_section = strstr(sec, "_SECTION") != NULL;
    if (is_section && !h.have_dim) {
      rc = fail(rd, li, "expected DIMENSION before %.40s, got none", sec);
      break;
    }
    rows = (size_t)h.dim;
    double **slot = NULL;
    size_t values = 1;
    if (!strcmp(sec, "NODE_COORD_SECTION"))
      slot = &coord, values = 2;
    else if (!strcmp(sec, "DEMAND_SECTION"))
      slot = &dem;
    else if (!strcmp(sec, "TIME_WINDOW_SECTION"))
      slot = &tw, values = 2;
    else if (!strcmp(sec, "SERVICE_TIME_SECTION"))
      slot = &svc;
    else if (!strcmp(sec, "DEPOT_SECTION")) {
      rc = depot ? fail(rd, li, "expected each section once, got DEPOT_SECTION again")
                 : read_depot(rd);
      depot = 1;
      continue;
    } else {
      rc = fail(rd, li,
                "expected a header line 'KEY : value' or one of NODE_COORD_SECTION, "
                "DEMAND_SECTION, TIME_WINDOW_SECTION, SERVICE_TIME_SECTION, "
                "DEPOT_SECTION, EOF, got '%.40s'",
                sec);
      break;
    }
    if (*slot) {
      rc = fail(rd, li, "expected each section once, got %s again", sec);
      break;
    }
    *slot = malloc(rows * values * sizeof **slot);
    rc = *slot ? read_section(rd, sec, rows, values, h.capacity, *slot) : LM_ENOMEM;
  }
  size_t end = last_line(rd);
  if (rc == 0 && !h.have_dim) rc = fail(rd, end, "expected DIMENSION in the header, got none");
  if (rc == 0 && !h.have_capacity) rc = fail(rd, end, "expected CAPACITY in the header, got none");
  if (rc == 0 && !coord)
    rc = fail(rd, end, "expected NODE_COORD_SECTION, got the end of the file without it");
  if (rc == 0 && !dem)
    rc = fail(rd, end, "expected DEMAND_SECTION, got the end of the file without it");
  if (rc == 0 && h.tw && !tw)
    rc = fail(rd, end,
              "expected TIME_WINDOW_SECTION (TYPE CVRPTW), got the end of the file "
              "without it");
  if (rc == 0 && !depot)
    rc = fail(rd, end, "expected DEPOT_SECTION, got the end of the file without it");
  for (size_t k = 0; rc == 0 && k < rows; k++) {
    inst_node nd = {coord[2 * k],
                    coord[2 * k + 1],
                    dem[k],
                    tw ? tw[2 * k] : 0.0,
                    tw ? tw[2 * k + 1] : INFINITY,
                    svc ? svc[k] : (k == 0 ? 0.0 : h.service)};
    rc = check_node(rd, end, k, &nd);
    if (rc == 0) rc = add_node(ps, &nd);
  }
  if (rc == 0) {
    ps->capacity = (uint32_t)h.capacity;
    ps->max_vehicles = h.have_vehicles ? (uint32_t)h.vehicles : (uint32_t)(rows - 1);
    ps->has_tw = tw != NULL;
    ps->round_default = !h.tw;
  }
  free(coord);
  free(dem);
  free(tw);
  free(svc);
  return rc;
}

/* Turns what was read into an instance holding the file's data only; checks that every
 * demand fits a vehicle. */
static int to_instance(const reader *rd, const parsed *ps, lm_instance **out) {
  size_t nn = ps->n_nodes;
  for (size_t k = 1; k < nn; k++)
    if (ps->nodes[k].demand > ps->capacity)
      return fail(rd, last_line(rd),
                  "expected every demand to fit the capacity %u, got %.0f "
                  "for customer %zu",
                  ps->capacity, ps->nodes[k].demand, k);
  lm_instance *inst = calloc(1, sizeof *inst);
  if (!inst) return LM_ENOMEM;
  memcpy(inst->name, ps->name, sizeof inst->name);
  inst->format = ps->format;
  inst->rule = ps->format == LM_INST_SOLOMON ? LM_DIST_REAL
               : ps->round_default           ? LM_DIST_ROUND
                                             : LM_DIST_TRUNC1;
  inst->has_time_windows = ps->has_tw;
  inst->n_customers = nn - 1;
  inst->capacity = ps->capacity;
  inst->max_vehicles = ps->max_vehicles;
  inst->x = malloc(nn * sizeof *inst->x);
  inst->y = malloc(nn * sizeof *inst->y);
  inst->demand = malloc(nn * sizeof *inst->demand);
  inst->ready = malloc(nn * sizeof *inst->ready);
  inst->due = malloc(nn * sizeof *inst->due);
  inst->service = malloc(nn * sizeof *inst->service);
  if (!inst->x || !inst->y || !inst->demand || !inst->ready || !inst->due || !inst->service) {
    lm_instance_destroy(inst);
    return LM_ENOMEM;
  }
  for (size_t k = 0; k < nn; k++) {
    const inst_node *nd = &ps->nodes[k];
    inst->x[k] = nd->x;
    inst->y[k] = nd->y;
    inst->demand[k] = (uint32_t)nd->demand;
    inst->ready[k] = nd->ready;
    inst->due[k] = nd->due;
    inst->service[k] = nd->service;
  }
  *out = inst;
  return 0;
}

void lm_instance_destroy(lm_instance *inst) {
  if (!inst) return;
  free(inst->x);
  free(inst->y);
  free(inst->demand);
  free(inst->ready);
  free(inst->due);
  free(inst->service);
  free(inst->matrix);
  free(inst->stops);
  free(inst->vehicles);
  free(inst);
}

int lm_instance_read(const char *path, lm_instance **out, lm_diag *diag) {
  *out = NULL;
  reader rd = {.path = path, .diag = diag};
  parsed ps = {.name = ""};
  int rc = read_text(&rd);
  if (rc == 0 && !skip_blank(&rd))
    rc = fail(&rd, 0, "expected a Solomon or VRPLIB instance, got an empty file");
  if (rc == 0) {
    char *first = rd.lines[rd.at];
    if (strchr(first, ':')) {
      rc = read_vrplib(&rd, &ps);
    } else {
      size_t save = rd.at;
      rd.at++;
      int solomon = !strcmp(trim(first), "VEHICLE") ||
                    (skip_blank(&rd) && !strcmp(trim(rd.lines[rd.at]), "VEHICLE"));
      rd.at = save;
      if (solomon)
        rc = read_solomon(&rd, &ps);
      else
        rc = fail(&rd, save,
                  "expected a VRPLIB header ('NAME : ...') or a Solomon name line "
                  "followed by VEHICLE, got '%.40s'",
                  trim(first));
    }
  }
  if (rc == 0 && !ps.name[0]) snprintf(ps.name, sizeof ps.name, "unnamed");
  if (rc == 0) rc = to_instance(&rd, &ps, out);
  if (rc == LM_ENOMEM) lm_diag_error(diag, path, 0, 0, "out of memory reading the instance");
  free(ps.nodes);
  free(rd.lines);
  free(rd.buf);
  return rc;
}
