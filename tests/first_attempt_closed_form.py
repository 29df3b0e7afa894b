"""The closed form of first-attempt failure for a scenario, from the README's presence model.

usage: first_attempt_closed_form.py SCENARIO.yaml

For every strategy without booked slots, ETA notices or waves of its own, prints the share of first home
attempts at which nobody takes the parcel in person (1 - first_attempt_success_rate), on
weekdays, on weekends and over the week, assuming arrivals spread evenly over the van
shift and the orders of each day delivered on the next delivery day:

    F(h) = sum_k s_k (1 - (1 - pi_k) p_k(h)) x N(h)
    N(h) = (1 - neighbour_share x P(h)) ^ neighbours_asked  with when_not_home: neighbour,
           1 otherwise;  P(h) = sum_k s_k (1 - pi_k) p_k(h)

(s_k the type's share, pi_k its away-day probability, p_k(h) its profile). The week
weights each weekday by the orders it receives: with rounds on delivery days only, a
delivery day takes the orders of every day since the previous one, each weighted by
demand.weekday_factor. Defaults are the README's. Only the standard library and PyYAML.
"""
import sys

import yaml

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def hours(text):
    h, m = text.split(":")
    return int(h) + int(m) / 60.0


def mean_over_shift(fn, start, end):
    """Mean of fn(hour) over [start, end), each hour weighted by its covered fraction."""
    total = weight = 0.0
    h = int(start)
    while h < end:
        w = min(end, h + 1) - max(start, h)
        total += w * fn(h % 24)
        weight += w
        h += 1
    return total / weight


def main(path):
    sc = yaml.safe_load(open(path))
    cu = sc.get("customers", {})
    if "types" in cu:
        types = cu["types"]
    else:
        types = [dict(cu, share=1.0)]
    for t in types:
        t.setdefault("presence_by_hour_weekend", t["presence_by_hour"])
        t.setdefault("away_day_probability", 0.0)
    share = cu.get("neighbour_share", 0.71)
    asked = cu.get("neighbours_asked", 2)
    van = sc["fleet"]["van"]
    start, end = hours(van["shift_start"]), hours(van["shift_end"])
    sday = sc.get("scenario", {})
    days = [d.lower()[:3] for d in sday.get("delivery_days", DAYS[:6])]
    factor = sc["demand"].get("weekday_factor", [1.0] * 7)

    def failure(weekend, neighbour):
        key = "presence_by_hour_weekend" if weekend else "presence_by_hour"

        def at(h):
            present = sum(t["share"] * (1 - t["away_day_probability"]) * t[key][h]
                          for t in types)
            nobody = sum(t["share"] * (1 - (1 - t["away_day_probability"]) * t[key][h])
                         for t in types)
            return nobody * ((1 - share * present) ** asked if neighbour else 1.0)

        return mean_over_shift(at, start, end)

    # Orders of weekday w go to the first delivery day after w (next-day promise).
    load = [0.0] * 7
    for w in range(7):
        d = (w + 1) % 7
        while DAYS[d] not in days:
            d = (d + 1) % 7
        load[d] += factor[w]
    print(f"{path}: shift {van['shift_start']}-{van['shift_end']}, neighbour_share {share}, "
          f"neighbours_asked {asked}")
    for st in sc["strategies"]:
        if st.get("slot_h") or st.get("eta_notification") or st.get("waves"):
            continue  # booked slots, ETA notices and waves other than the shift: not covered
        nb = st.get("when_not_home") == "neighbour"
        wd, we = failure(False, nb), failure(True, nb)
        week = sum(load[d] * (we if d >= 5 else wd) for d in range(7)) / sum(load)
        print(f"  {st['name']:<28} weekday {wd:.3f}  weekend {we:.3f}  week {week:.3f}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
