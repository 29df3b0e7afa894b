/* theft.h — theft of parcels left unattended, as a time-varying exponential hazard.
 *
 * A parcel left at a door at time t0 is stolen at the first time T where the cumulative
 * hazard H(t0, T) = integral of h(t) dt reaches E, an Exp(1) draw; h is piecewise
 * constant by hour of day (rate per hour). So P(stolen before t1) = 1 - exp(-H(t0, t1)),
 * which for a constant rate h and an exposure of t hours is 1 - exp(-h t).
 */
#ifndef LASTMILE_THEFT_H
#define LASTMILE_THEFT_H

#define LM_THEFT_HOURS 24

/* H(from_s, to_s) for hourly rates rate_per_h[hour of day] (1/h); times are absolute
 * seconds (hour of day = floor(t / 3600) mod 24). 0 when to_s <= from_s. */
double lm_theft_cumulative(const double rate_per_h[LM_THEFT_HOURS], double from_s, double to_s);

/* The time T in [from_s, limit_s) at which H(from_s, T) first reaches `target` (> 0), or
 * INFINITY when it does not before limit_s. limit_s may be INFINITY, in which case the
 * search stops after 400 days (a zero-hazard day pattern never steals). */
double lm_theft_time(const double rate_per_h[LM_THEFT_HOURS], double from_s, double limit_s,
                     double target);

#endif
