#!/usr/bin/env bash
# External costs and grid CO2 re-derived from the README's definitions by an independent
# reader (Debian's python3-h5py): once with every factor set by hand on a fleet of every
# kind, once with the documented defaults on a scenario with lockers (customers' car trips).
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check=("/usr/bin/python3" "$LM_SOURCE_DIR/tests/check_external_costs.py")

# Every factor by hand, each kind its own, so a factor read from the wrong kind shows.
sets=(--set scenario.warmup_days=0)
spec_kinds=""
i=0
for kind in van electric_van cargo_bike drone customer_car; do
  vals=()
  for part in climate air_pollution noise congestion accidents; do
    i=$((i + 1))
    v="0.0$i"
    sets+=(--set "external_costs.$kind.${part}_eur_per_km=$v")
    vals+=("$v")
  done
  spec_kinds+="\"$kind\": [$(IFS=,; echo "${vals[*]}")], "
done
sets+=(--set fleet.electric_van.energy_kwh_per_km=0.31 --set fleet.cargo_bike.energy_kwh_per_km=0.021
       --set fleet.drone.energy_kwh_per_km=0.047 --set external_costs.grid_co2_g_per_kwh=333)
car=${spec_kinds##*\"customer_car\": }; car=${car%, }
kinds=${spec_kinds%\"customer_car\"*}; kinds=${kinds%, }
"$LASTMILE" run "$LM_SOURCE_DIR/tests/fixtures/fleet.yaml" -r 2 -q -o "$tmp/f.h5" "${sets[@]}" \
  >/dev/null 2>&1 || { echo "FAIL: the fleet run failed" >&2; exit 1; }
"${check[@]}" "$tmp/f.h5" "{\"kinds\": {$kinds}, \"customer_car\": $car, \"car_share\": 0.5,
  \"energy\": {\"electric_van\": 0.31, \"cargo_bike\": 0.021, \"drone\": 0.047}, \"grid\": 333,
  \"require\": [\"van\", \"electric_van\", \"cargo_bike\", \"drone\"]}" || exit 1

# The defaults as scenarios/README.md documents them, with customers' car trips.
"$LASTMILE" run "$LM_SOURCE_DIR/tests/fixtures/lockers.yaml" -r 2 -q -o "$tmp/l.h5" \
  --set scenario.warmup_days=0 >/dev/null 2>&1 || { echo "FAIL: the lockers run failed" >&2; exit 1; }
van="[0.0226825, 0.0619408, 0.0209377, 0.2004351, 0.0338057]"
exec "${check[@]}" "$tmp/l.h5" "{\"kinds\": {\"van\": $van,
  \"electric_van\": [0.0087241, 0.0031261, 0.0064703, 0.2004351, 0.0338057],
  \"cargo_bike\": [0.0018902, 0, 0, 0.0375861, 0.0170119], \"drone\": [0, 0, 0, 0, 0]},
  \"customer_car\": $van, \"car_share\": 0.5,
  \"energy\": {\"electric_van\": 0.25, \"cargo_bike\": 0.015, \"drone\": 0.022}, \"grid\": 281,
  \"require\": [\"van\", \"customer_car\"]}"
