"""Peer timings for the scenario benchmarks (reference/scenarios/bench.sh).

usage:
  python bench.py trade CACHE_DIR/flows.parquet UNIVERSE_CSV   # pandas: the 2-point China scenario
  python bench.py io REGIONS INDUSTRIES                         # numpy: the input-output propagation

`trade` loads the cache's Parquet file, cuts China's (code 156) exports of every
intermediate good by 2 %, pools each good's losses and re-sources them from the remaining
exporters in proportion to their exports, none above CAP times its exports (0 here: the
scenario has no [resourcing]), writes the losses (importer x good) to a CSV file, and
recomputes the vulnerability categories of every importer before and after (HHI
centrality, import concentration, their 0.75 quantiles, the four categories), as
`chainlens scenario run examples/scenarios/china-intermediates-2pt.toml` does; it prints
the wall time of the whole step and the number of (importer, good) pairs whose category
changes, which must equal chainlens'.

`io` builds a random balanced table of REGIONS x INDUSTRIES with numpy and times, after
the table is built, what chainlens' propagation does: A = Z / x, the Leontief solve of
(I - A) dx = dy, the Ghosh solve with (I - A)' (numpy has no reusable LU: a second
factorisation), the export changes and the bottleneck round.
"""
import sys
import tempfile
import time

import numpy as np
import pandas as pd

CHINA = 156


def categories(df, universe):
    """(importer, product) -> category 1-4 of METHODS 1.4, as in chainlens."""
    du = df[df["product"].isin(universe)]
    x_ek = du.groupby(["product", "exporter"])["value"].sum()
    c = ((x_ek / x_ek.groupby(level=0).transform("sum")) ** 2).groupby(level=0).sum()
    c_high = c >= c.quantile(0.75)
    m = du.groupby(["importer", "product"])["value"].transform("sum")
    h = ((du["value"] / m) ** 2).groupby([du["importer"], du["product"]]).sum()
    h_high = h >= h.groupby(level=0).transform(lambda s: s.quantile(0.75))
    ch = c_high.reindex(h.index.get_level_values(1)).to_numpy()
    return pd.Series(4 - 2 * ch.astype(int) - h_high.to_numpy().astype(int), index=h.index)


def shock(df, goods, exporter, cut, cap):
    """Cuts `exporter`'s exports of `goods` and re-sources; returns (losses, shocked table)."""
    hit = (df["exporter"] == exporter).to_numpy() & df["product"].isin(goods).to_numpy()
    value = df["value"].to_numpy()
    kept = value.copy()
    kept[hit] *= 1.0 - cut
    lost = df.loc[hit, ["product", "importer"]].assign(lost=value[hit] - kept[hit])
    lost = lost[lost["lost"] > 0].groupby(["product", "importer"], as_index=False)["lost"].sum()
    pooled = lost.groupby("product")["lost"].sum()
    shocked_goods = df["product"].isin(pooled.index).to_numpy()
    # Remaining exporters and their exports of each shocked good; water-filling with caps
    # proportional to the exports gives everyone the same share, min(D / X, cap).
    exports = df[shocked_goods & (df["exporter"] != exporter).to_numpy()].groupby(
        ["product", "exporter"], as_index=False)["value"].sum()
    ratio = pooled.reindex(exports["product"]).to_numpy() / exports.groupby("product")["value"].transform("sum")
    exports["alloc"] = exports["value"] * np.minimum(ratio, cap)
    exports = exports[exports["alloc"] > 0]
    # Importer m gets alloc(e) * L(m) / D from every remaining exporter e != m.
    key = pd.MultiIndex.from_arrays([lost["product"], lost["importer"]])
    supplied = exports.groupby("product")["alloc"].sum().reindex(lost["product"]).fillna(0).to_numpy()
    own = exports.set_index(["product", "exporter"])["alloc"].reindex(key).fillna(0).to_numpy()
    demand = pooled.reindex(lost["product"]).to_numpy()
    lost["resourced"] = (supplied - own) * lost["lost"].to_numpy() / demand
    lost["unmet"] = lost["lost"] - lost["resourced"]
    lost["imports_before"] = df[shocked_goods].groupby(["product", "importer"])["value"].sum().reindex(key).to_numpy()
    after = df.assign(value=kept)
    if len(exports):
        added = exports[["product", "exporter", "alloc"]].merge(lost[["product", "importer", "lost"]], on="product")
        added = added[added["exporter"] != added["importer"]]
        added["value"] = added["alloc"] * added["lost"] / pooled.reindex(added["product"]).to_numpy()
        after = pd.concat([after, added[["product", "exporter", "importer", "value"]]])
        after = after.groupby(["product", "exporter", "importer"], as_index=False)["value"].sum()
    return lost, after[after["value"] > 0]


def trade(parquet, universe_csv, cut=0.02, cap=0.0):
    start = time.perf_counter()
    df = pd.read_parquet(parquet, columns=["product", "exporter", "importer", "value"])
    universe = set(pd.read_csv(universe_csv)["hs6"])
    lost, after = shock(df, universe, CHINA, cut, cap)
    with tempfile.TemporaryDirectory() as out:
        lost.sort_values(["importer", "product"]).to_csv(f"{out}/losses.csv", index=False)
    before_cat, after_cat = categories(df, universe), categories(after, universe)
    joined = pd.concat([before_cat.rename("b"), after_cat.rename("a")], axis=1).fillna(0)
    changed = int((joined["b"] != joined["a"]).sum())
    elapsed = time.perf_counter() - start
    print(f"pandas 2-point scenario: {elapsed:.2f} s, {len(lost)} importer-goods lose "
          f"{lost['lost'].sum() / 1e9:.3f} bn USD (re-sourced {lost['resourced'].sum() / 1e9:.3f} bn), "
          f"{changed} goods change category")


def io(regions, industries):
    rng = np.random.default_rng(7)
    n = regions * industries
    z = rng.uniform(0.0, 1.0, size=(n, n))
    y = rng.uniform(0.0, 1.0, size=(n, regions)) * n / 4
    x = z.sum(axis=1) + y.sum(axis=1)
    dy = np.zeros(n)
    dy[26 - 1] = -199.0  # China's electronics exports, as in chainlens' benchmark
    start = time.perf_counter()
    a = z / x[np.newaxis, :]
    i_a = np.eye(n) - a
    dx = np.linalg.solve(i_a, dy)
    ghosh = np.linalg.solve(i_a.T, dy / x) * x
    country = np.arange(n) // industries
    induced = a @ dx
    own = np.zeros(n)
    for j in range(regions):  # remove the purchases inside each region
        rows = slice(j * industries, (j + 1) * industries)
        own[rows] = a[rows, rows] @ dx[rows]
    exports = np.bincount(country, weights=dy + induced - own, minlength=regions)
    # Bottleneck: the cut of China's electronics to the last region is shared among that
    # region's users in proportion to their purchases; each loses that share of its output.
    bottleneck = np.zeros(n)
    users = slice((regions - 1) * industries, n)
    share = min(199.0 / z[26 - 1, users].sum(), 1.0)
    hit = z[26 - 1, users] > 0
    bottleneck[users][hit] = -share * x[users][hit]
    elapsed = time.perf_counter() - start
    print(f"numpy propagation N = {n}: {elapsed:.2f} s (output change {dx.sum():.3f}, "
          f"Ghosh {ghosh.sum():.3f}, exports {exports.sum():.3f}, bottleneck {bottleneck.sum():.3f})")


if __name__ == "__main__":
    if sys.argv[1] == "trade":
        trade(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "io":
        io(int(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.exit(__doc__)
