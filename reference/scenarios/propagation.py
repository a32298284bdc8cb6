"""numpy reference for the input-output layer of chainlens scenarios (METHODS 3).

usage:
  python propagation.py make-table TABLE_CSV         # a random balanced table, generic CSV layout
  python propagation.py check TABLE_CSV OUT_DIR      # compare chainlens' io_*.csv with numpy

The check reads the table, takes chainlens' export shock dy (io_country_sector.csv) as
given, and recomputes with explicit dense algebra: the Leontief output change
dx = (I - A)^-1 dy, the Ghosh output change dx' = dy' (I - B)^-1, and each country's export
change sum_{s in j} (dy[j,s] + sum_{(k,t), k != j} A[(j,s),(k,t)] dx[k,t]). Agreement to
1e-9 relative (on the largest magnitude) or the script exits non-zero.
"""
import sys

import numpy as np
import pandas as pd

COUNTRIES = ["CHN", "JPN", "KOR", "USA", "ROW"]
SECTORS = ["20", "26", "28", "45T98"]


def make_table(path):
    rng = np.random.default_rng(2019)
    n = len(COUNTRIES) * len(SECTORS)
    z = rng.uniform(10, 1000, size=(n, n))
    for c in range(len(COUNTRIES)):  # domestic blocks larger, as in real tables
        b = slice(c * len(SECTORS), (c + 1) * len(SECTORS))
        z[b, b] *= 8
    y = rng.uniform(2000, 20000, size=(n, len(COUNTRIES)))
    x = z.sum(axis=1) + y.sum(axis=1)
    va = x - z.sum(axis=0)
    assert (va > 0).all()
    labels = [f"{c}_{s}" for c in COUNTRIES for s in SECTORS]
    header = ["country", "sector"] + labels + [f"{c}_HFCE" for c in COUNTRIES]
    rows = []
    for i, label in enumerate(labels):
        c, s = label.split("_", 1)
        rows.append([c, s] + [repr(float(v)) for v in z[i]] + [repr(float(v)) for v in y[i]])
    rows.append(["VA", "va"] + [repr(float(v)) for v in va] + [""] * len(COUNTRIES))
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


def check(table_path, out_dir):
    t = pd.read_csv(table_path, keep_default_na=False)
    labels = [f"{c}_{s}" for c in COUNTRIES for s in SECTORS]
    body = t[t["country"] != "VA"]
    z = body[labels].to_numpy(float)
    y = body[[f"{c}_HFCE" for c in COUNTRIES]].to_numpy(float)
    x = z.sum(axis=1) + y.sum(axis=1)
    n, ns = len(labels), len(SECTORS)
    a = z / x[None, :]
    b = z / x[:, None]
    ours = pd.read_csv(f"{out_dir}/io_country_sector.csv")
    assert list(ours["country_sector"]) == labels, "country-sector order differs"
    dy = ours["export_shock"].to_numpy(float)
    dx_l = np.linalg.solve(np.eye(n) - a, dy)
    dx_g = np.linalg.solve((np.eye(n) - b).T, dy)
    exports = np.zeros(len(COUNTRIES))
    for i in range(n):
        j = i // ns
        foreign = [col for col in range(n) if col // ns != j]
        exports[j] += dy[i] + a[i, foreign] @ dx_l[foreign]
    countries = pd.read_csv(f"{out_dir}/io_country.csv")
    worst = 0.0
    for name, mine, ref in [
        ("output_leontief", ours["output_leontief"].to_numpy(float), dx_l),
        ("output_ghosh", ours["output_ghosh"].to_numpy(float), dx_g),
        ("export_change", countries["export_change"].to_numpy(float), exports),
    ]:
        scale = max(np.abs(ref).max(), 1e-300)
        err = np.abs(mine - ref).max() / scale
        worst = max(worst, err)
        if err > 1e-9:
            sys.exit(f"{name}: relative difference {err:.3e}")
    if np.abs(dy).max() == 0:
        sys.exit("the scenario produced no export shock on the table: nothing was compared")
    print(f"scenarios reference: Leontief, Ghosh and export changes on {n} country-sectors agree "
          f"(worst relative difference {worst:.2e})")


if __name__ == "__main__":
    if sys.argv[1] == "make-table":
        make_table(sys.argv[2])
    else:
        check(sys.argv[2], sys.argv[3])
