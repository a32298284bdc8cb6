"""Peer timings for the scenario benchmarks (reference/scenarios/bench.sh).

usage:
  python bench.py trade CACHE_DIR/flows.parquet UNIVERSE_CSV   # pandas: the 2-point China scenario
  python bench.py io REGIONS INDUSTRIES                         # numpy: the input-output propagation

`trade` loads the cache's Parquet file, cuts China's (code 156) exports of every
intermediate good by 2 %, and recomputes the vulnerability categories of every importer
before and after (HHI centrality, import concentration, their 0.75 quantiles, the four
categories), as `chainlens scenario run examples/scenarios/china-intermediates-2pt.toml`
does; it prints the wall time of the whole step and the number of (importer, good) pairs
whose category changes, which must equal chainlens'.

`io` builds a random balanced table of REGIONS x INDUSTRIES with numpy and times, after
the table is built, what chainlens' propagation does: A = Z / x, the Leontief solve of
(I - A) dx = dy, the Ghosh solve with (I - A)' and the export changes.
"""
import sys
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


def trade(parquet, universe_csv):
    start = time.perf_counter()
    df = pd.read_parquet(parquet, columns=["product", "exporter", "importer", "value"])
    universe = set(pd.read_csv(universe_csv)["hs6"])
    hit = (df["exporter"] == CHINA) & df["product"].isin(universe)
    after = df.assign(value=df["value"].where(~hit, df["value"] * (1 - 0.02)))
    lost = (df["value"] - after["value"])[hit].groupby([df["importer"], df["product"]]).sum()
    before_cat, after_cat = categories(df, universe), categories(after, universe)
    joined = pd.concat([before_cat.rename("b"), after_cat.rename("a")], axis=1).fillna(0)
    changed = int((joined["b"] != joined["a"]).sum())
    elapsed = time.perf_counter() - start
    print(f"pandas 2-point scenario: {elapsed:.2f} s, {len(lost)} importer-goods lose "
          f"{lost.sum() / 1e9:.3f} bn USD, {changed} goods change category")


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
    elapsed = time.perf_counter() - start
    print(f"numpy propagation N = {n}: {elapsed:.2f} s (output change {dx.sum():.3f}, "
          f"Ghosh {ghosh.sum():.3f}, exports {exports.sum():.3f})")


if __name__ == "__main__":
    if sys.argv[1] == "trade":
        trade(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "io":
        io(int(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.exit(__doc__)
