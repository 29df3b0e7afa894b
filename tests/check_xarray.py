"""Opens a lastmile results file with xarray (engine h5netcdf) as its README shows.

usage: check_xarray.py FILE STRATEGIES REPLICATIONS COUNTED_DAYS
The root and every group open as datasets whose dimensions all have coordinates, string
coordinates come back as str, and the README's xarray and pandas snippets run and give a
tidy table. Prints "xarray: N passed, M failed" and exits 1 when anything is wrong.
"""
import math
import sys

import pandas as pd
import xarray as xr

from checks import Checks


def main():
    path, n_s, n_r, n_d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    checks = Checks()
    check = checks.check

    def coords_attached(ds, where):
        for dim in ds.dims:
            check(dim in ds.coords, f"{where}: dimension {dim} has a coordinate")
        for name in ds.coords:
            values = ds[name].values
            if values.dtype.kind == "O":
                check(all(isinstance(v, str) for v in values), f"{where}: {name} holds str")

    root = xr.open_dataset(path, engine="h5netcdf")
    check(root.attrs.get("Conventions") == "CF-1.8", "Conventions")
    check(int(root.attrs.get("lastmile_layout")) == 2, "lastmile_layout")
    check(dict(root.sizes) == {"strategy": n_s, "replication": n_r}, f"root sizes {dict(root.sizes)}")
    check(root["van_km"].dims == ("strategy", "replication"), "van_km dims")
    check(root["van_km"].attrs.get("units") == "km", "van_km units")
    check(isinstance(root["van_km"].attrs.get("long_name"), str), "van_km long_name")
    coords_attached(root, "root")
    groups = {"daily": {"strategy": n_s, "replication": n_r, "day": n_d},
              "routing": {"strategy": n_s, "replication": n_r, "day": n_d},
              "summary": {"strategy": n_s, "statistic": 4},
              "comparison": {"strategy": n_s, "difference": 3}}
    names = list(root["strategy"].values)
    for name in names:
        groups[f"parcels/{name}"] = None
        groups[f"routes/{name}"] = None
    for group, sizes in groups.items():
        ds = xr.open_dataset(path, engine="h5netcdf", group=group)
        if sizes is not None:
            check(dict(ds.sizes) == sizes, f"{group} sizes {dict(ds.sizes)}")
        elif group.startswith("parcels/"):
            check(list(ds.sizes) == ["parcel"] and ds.sizes["parcel"] > 0, f"{group}: parcel")
        else:
            check(list(ds.sizes) == ["stop"] and ds.sizes["stop"] > 0, f"{group}: stop")
        coords_attached(ds, group)
        check(len(ds.data_vars) > 0, f"{group} has variables")
    daily = xr.open_dataset(path, engine="h5netcdf", group="daily")
    check(all(isinstance(d, str) and len(d) == 10 for d in daily["day"].values), "dates as str")
    summary = xr.open_dataset(path, engine="h5netcdf", group="summary")
    for s in names:
        mean = float(root["cost_total"].sel(strategy=s).mean())
        got = float(summary["cost_total"].sel(strategy=s, statistic="mean"))
        check(math.isclose(mean, got, rel_tol=1e-12), f"summary mean of {s} by label")

    # The README's snippets, as printed there (the path aside).
    ds = xr.open_dataset(path, engine="h5netcdf")
    print(ds["on_time_rate"].mean("replication"))
    daily = xr.open_dataset(path, engine="h5netcdf", group="daily")
    print(daily["received"].sel(strategy=ds.strategy[0]).mean("replication").to_pandas())
    table = ds.to_dataframe().reset_index()
    print(table[["strategy", "replication", "on_time_rate", "cost_total"]])
    tidy = daily.to_dataframe().reset_index().melt(
        id_vars=["strategy", "replication", "day"], var_name="kpi")
    print(tidy.head())

    check(isinstance(table, pd.DataFrame) and len(table) == n_s * n_r, "one row per replication")
    check(set(names) == set(table["strategy"]), "strategy column holds the names")
    check(all(isinstance(v, str) for v in table["strategy"]), "strategy column is str")
    check(len(tidy) == n_s * n_r * n_d * len(daily.data_vars), "tidy: one row per value")
    check(list(tidy.columns) == ["strategy", "replication", "day", "kpi", "value"], "tidy columns")
    return checks.done("xarray")


if __name__ == "__main__":
    sys.exit(main())
