"""numpy/pandas reference of `chainlens shift --origin --via --to --table`
(docs/restructuring.md): the route by HS chapter, by the connector's industries that use
the origin's intermediates, and the origin's value added in the destination's final
demand by the exporter it last came from. Written from the page's formulas; the goods ->
industries placement is reference/exposure's (itself checked against chainlens there).

usage: relocation.py BACI_DIR TABLE.csv hs_isic4.csv OUT_DIR ORIGIN CONNECTOR DESTINATION
"""

import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "exposure"))
from exposure import concordance, placement  # noqa: E402
from shift import BASE, COMPARE, flows_of, intermediate_goods  # noqa: E402


def read_generic(path):
    """chainlens' generic layout: `country,sector` label columns, VA and OUT rows, final
    demand columns `CTY_CATEGORY` after the country-sectors."""
    raw = pd.read_csv(path, keep_default_na=False, low_memory=False)
    rows = raw[~raw["country"].isin(["VA", "OUT"])]
    labels = [f"{c}_{s}" for c, s in zip(rows["country"], rows["sector"])]
    countries = list(dict.fromkeys(rows["country"]))
    sectors = list(rows["sector"][: len(labels) // len(countries)])
    z = rows[labels].to_numpy(float)
    fd = [c for c in raw.columns[2:] if c not in labels]
    y = rows[fd].to_numpy(float)
    fd_country = [c.rsplit("_", 1)[0] for c in fd]
    va = raw.loc[raw["country"] == "VA", labels].to_numpy(float)[0]
    x = raw.loc[raw["country"] == "OUT", labels].to_numpy(float)[0]
    return z, y, fd_country, va, x, countries, sectors


def legs(flows, origin, connector, destination, intermediate):
    """Window means by good of O->C intermediates and C->D exports (all goods) and O->D."""
    out = {}
    for name, e, m, goods in [("oc", origin, connector, intermediate),
                              ("cd", connector, destination, None),
                              ("od", origin, destination, None)]:
        f = flows[(flows["e"] == e) & (flows["m"] == m)]
        if goods is not None:
            f = f[f["k"].isin(goods)]
        for window, years in [("base", BASE), ("compare", COMPARE)]:
            w = f[f["t"].between(*years)]
            out[name, window] = w.groupby("k")["v"].sum() / (years[1] - years[0] + 1)
    return out


def by_chapter(legs):
    columns = {}
    for leg, name in [("oc", "origin_to_connector"), ("cd", "connector_to_destination"),
                      ("od", "origin_to_destination")]:
        for window in ("base", "compare"):
            s = legs[leg, window]
            columns[f"{name}_{window}"] = s.groupby(s.index.str[:2]).sum()
    t = pd.DataFrame(columns).fillna(0.0)
    t.loc["total"] = t.sum()
    t.index.name = "hs2"
    return t.reset_index()


def industries(legs, z, countries, sectors, conc, origin, connector):
    n = len(sectors)
    o, c = countries.index(origin), countries.index(connector)
    to_connector = z[:, c * n:(c + 1) * n]
    use = np.zeros((n, n))
    for s in range(n):
        row = to_connector[o * n + s]
        if row.sum() <= 0:
            row = sum(to_connector[k * n + s] for k in range(len(countries)) if k != c)
        if row.sum() > 0:
            use[s] = row / row.sum()
    out = {}
    for window in ("base", "compare"):
        inputs, exports = np.zeros(n), np.zeros(n)
        for good, value in legs["oc", window].items():
            weights, _ = placement(int(good), conc, sectors)
            inputs += value * (weights @ use)
        for good, value in legs["cd", window].items():
            weights, _ = placement(int(good), conc, sectors)
            exports += value * weights
        out[f"origin_inputs_{window}"] = inputs
        out[f"connector_exports_{window}"] = exports
    t = pd.DataFrame(out)
    t.insert(0, "industry", sectors)
    return t[(t.drop(columns="industry") > 0).any(axis=1)]


def value_added_paths(z, y, fd_country, va, x, countries, origin, destination):
    n = len(countries)
    s = len(z) // n
    inv = np.where(x > 0, 1.0 / np.where(x > 0, x, 1.0), 0.0)
    a = z * inv
    b = np.linalg.inv(np.eye(len(z)) - a)
    v = va * inv
    d = countries.index(destination)
    demand = y[:, [i for i, c in enumerate(fd_country) if c == destination]].sum(axis=1)
    dd = slice(d * s, (d + 1) * s)
    zdom = np.linalg.solve(np.eye(s) - a[dd, dd], demand[dd])
    o = countries.index(origin)
    rows = []
    for e, name in enumerate(countries):
        if e == d:
            continue
        w = np.zeros(len(z))
        ee = slice(e * s, (e + 1) * s)
        w[ee] = demand[ee] + a[ee, dd] @ zdom
        rows.append((name, float(v[o * s:(o + 1) * s] @ (b @ w)[o * s:(o + 1) * s])))
    t = pd.DataFrame(rows, columns=["last_leg", "value_added"])
    t["share"] = t["value_added"] / t["value_added"].sum()
    # The identity: the paths add up to v_O (B y)_O.
    total = float(v[o * s:(o + 1) * s] @ (b @ demand)[o * s:(o + 1) * s])
    assert abs(t["value_added"].sum() - total) <= 1e-9 * total, (t["value_added"].sum(), total)
    return t


def main(baci, table, hs_isic, out, origin, connector, destination):
    route = legs(flows_of(baci), origin, connector, destination, intermediate_goods(baci))
    os.makedirs(out, exist_ok=True)
    by_chapter(route).to_csv(f"{out}/relocation.csv", index=False)
    z, y, fd_country, va, x, countries, sectors = read_generic(table)
    industries(route, z, countries, sectors, concordance(hs_isic), origin, connector).to_csv(
        f"{out}/relocation_industries.csv", index=False)
    value_added_paths(z, y, fd_country, va, x, countries, origin, destination).to_csv(
        f"{out}/relocation_value_added.csv", index=False)


if __name__ == "__main__":
    main(*sys.argv[1:8])
