/* records.h — what the model records of a run besides its KPIs: every parcel, and the
 * tours of one day.
 *
 * A record is a plain struct of parallel arrays, n entries each, owned by whoever holds
 * the struct: the model fills fresh ones (lm_model_parcel_log, lm_model_route_log), the
 * results file reader fills them from a file, and the writer and the figures only read
 * them. A zeroed record is empty and valid; clearing frees its arrays and zeroes it
 * again, so clearing twice is harmless.
 */
#ifndef LASTMILE_RECORDS_H
#define LASTMILE_RECORDS_H

#include <stddef.h>
#include <stdint.h>

/* Where a parcel is (lm_parcel_log.state); the values are stored in results files. The
 * first six are pending: the parcel is still on its way at the end of the run. */
enum lm_parcel_state {
  LM_PARCEL_AT_DEPOT = 0,
  LM_PARCEL_IN_VAN = 1,
  LM_PARCEL_FAILED_IN_VAN = 2, /* a failed home attempt riding back */
  LM_PARCEL_BOUNCED = 3,       /* riding back to go elsewhere (full locker, redirect) */
  LM_PARCEL_AT_DOOR = 4,
  LM_PARCEL_IN_LOCKER = 5, /* in a locker or pickup point */
  LM_PARCEL_RECEIVED = 6,
  LM_PARCEL_RETURNED = 7, /* returned to the sender */
  LM_PARCEL_STOLEN = 8
};

/* The parcels of one run, one entry per parcel in creation order (state: enum
 * lm_parcel_state). */
typedef struct lm_parcel_log {
  size_t n;
  uint32_t *customer;
  int32_t *day_created; /* counted-day index of the order (0 = first_date; < 0: warm-up) */
  /* Times in seconds from midnight of the start date (first_date - warmup_days). */
  double *order_s, *value_eur, *resolved_s; /* resolved_s NaN while pending */
  double *placed_s;                         /* put in a locker or pickup point; NaN if never */
  double *due_s;                            /* the end of its promise; NaN in a file that
                                               lacks it */
  double *delivered_s;                      /* delivery done (handed over, left or placed);
                                               NaN if never */
  uint8_t *size, *state, *attempts;
  int16_t *destination; /* -1 home, else the index of the locker or pickup point */
} lm_parcel_log;

/* Frees a log's arrays and zeroes it; a zeroed log is harmless. */
void lm_parcel_log_clear(lm_parcel_log *log);

/* The tours of one day of one run, one entry per stop visited, van after van: where the
 * stop is, when the plan expected the van and when it came, and what happened. */
typedef struct lm_route_log {
  size_t n;
  uint32_t *van, *wave, *sequence; /* sequence: 0 for a van's first stop */
  double *x_km, *y_km;
  double *planned_s, *arrival_s;   /* arrival_s NaN when the van never got there */
  uint32_t *parcels, *handed_over; /* parcels for the stop, and those left there */
  int32_t *site;                   /* -1 a customer's home, else the locker's index */
  double depot_x_km, depot_y_km;
} lm_route_log;

/* Frees a log's arrays and zeroes it; a zeroed log is harmless. */
void lm_route_log_clear(lm_route_log *log);

#endif
