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

/* The stored type of a column (a "kind"): each kind names one C type, LM_COLUMN_TYPE_<kind>.
 * The results file stores every kind as the little-endian type of the same width. */
typedef enum lm_column_kind {
  LM_COLUMN_U32,
  LM_COLUMN_I32,
  LM_COLUMN_U8,
  LM_COLUMN_I16,
  LM_COLUMN_F64
} lm_column_kind;
#define LM_COLUMN_TYPE_U32 uint32_t
#define LM_COLUMN_TYPE_I32 int32_t
#define LM_COLUMN_TYPE_U8  uint8_t
#define LM_COLUMN_TYPE_I16 int16_t
#define LM_COLUMN_TYPE_F64 double

/* Whether a reader must find a column (REQUIRED), or fills it with NaN when a file written
 * by an older lastmile lacks it (OPTIONAL; F64 columns only). */
typedef enum lm_column_presence { LM_COLUMN_REQUIRED, LM_COLUMN_OPTIONAL } lm_column_presence;

/* The columns of a record, one list per record. Each entry X(field, kind, presence, units,
 * long_name) gives the struct member `LM_COLUMN_TYPE_<kind> *field`, its stored kind,
 * whether a reader must find it, its units ("1" for indices and codes) and the long name
 * stored with it. The struct members, allocating, copying and freeing the arrays, and
 * writing and reading them are all generated from these lists, in this order (the order
 * the datasets are written in). Times are seconds from midnight of the start date
 * (first_date - warmup_days). */
#define LM_PARCEL_COLUMNS(X)                                                                       \
  X(customer, U32, REQUIRED, "1", "index of the customer the parcel is for")                       \
  X(day_created, I32, REQUIRED, "day",                                                             \
    "day of the order: index of the counted day (0 = first_date; negative: a warm-up day)")        \
  X(order_s, F64, REQUIRED, "s", "time of the order, seconds from midnight of start_date")         \
  X(due_s, F64, OPTIONAL, "s",                                                                     \
    "end of the promise, seconds from midnight of start_date: the parcel is on time when "         \
    "delivered by then and received")                                                              \
  X(value_eur, F64, REQUIRED, "EUR", "declared value")                                             \
  X(resolved_s, F64, REQUIRED, "s",                                                                \
    "when the parcel was received, stolen or returned; NaN while pending")                         \
  X(placed_s, F64, OPTIONAL, "s",                                                                  \
    "when the parcel was put in a locker or pickup point; NaN if never")                           \
  X(delivered_s, F64, OPTIONAL, "s",                                                               \
    "when the carrier's delivery was done (handed over at home or to a neighbour, left at "        \
    "the door or safe place, put in a locker or pickup point); NaN if never")                      \
  X(size, U8, REQUIRED, "1", "size class, in the order of demand.sizes")                           \
  X(state, U8, REQUIRED, "1",                                                                      \
    "final state: 0 at the depot, 1 in a van, 2 failed and riding back, 3 riding back to go "      \
    "elsewhere, 4 at a door, 5 in a locker, 6 received, 7 returned, 8 stolen")                     \
  X(attempts, U8, REQUIRED, "attempts", "home delivery attempts")                                  \
  X(destination, I16, REQUIRED, "1",                                                               \
    "-1 home, else the index of the locker or pickup point in the scenario")

#define LM_ROUTE_COLUMNS(X)                                                                        \
  X(van, U32, REQUIRED, "1", "van index")                                                          \
  X(wave, U32, REQUIRED, "1", "delivery wave of the day (0-based)")                                \
  X(sequence, U32, REQUIRED, "1", "position of the stop in the van's tour (0-based)")              \
  X(x_km, F64, REQUIRED, "km", "stop x")                                                           \
  X(y_km, F64, REQUIRED, "km", "stop y")                                                           \
  X(planned_s, F64, REQUIRED, "s", "arrival the plan expected (expected travel times)")            \
  X(arrival_s, F64, REQUIRED, "s", "arrival as driven; NaN when the van never got there")          \
  X(parcels, U32, REQUIRED, "parcels", "parcels for the stop")                                     \
  X(handed_over, U32, REQUIRED, "parcels",                                                         \
    "parcels handed over, left at the door or placed in the locker")                               \
  X(site, I32, REQUIRED, "1", "-1 a customer's home, else the index of the locker or pickup point")

#define LM_COLUMN_MEMBER_(field, kind, presence, units, long_name) LM_COLUMN_TYPE_##kind *field;

/* The parcels of one run, one entry per parcel in creation order (state: enum
 * lm_parcel_state); the columns are LM_PARCEL_COLUMNS. */
typedef struct lm_parcel_log {
  size_t n;
  LM_PARCEL_COLUMNS(LM_COLUMN_MEMBER_)
} lm_parcel_log;

/* Frees a log's arrays and zeroes it; a zeroed log is harmless. */
void lm_parcel_log_clear(lm_parcel_log *log);

/* The tours of one day of one run, one entry per stop visited, van after van: where the
 * stop is, when the plan expected the van and when it came, and what happened; the
 * columns are LM_ROUTE_COLUMNS. */
typedef struct lm_route_log {
  size_t n;
  LM_ROUTE_COLUMNS(LM_COLUMN_MEMBER_)
  double depot_x_km, depot_y_km;
} lm_route_log;

#undef LM_COLUMN_MEMBER_

/* Frees a log's arrays and zeroes it; a zeroed log is harmless. */
void lm_route_log_clear(lm_route_log *log);

#endif
