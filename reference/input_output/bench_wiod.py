"""The peer of `chainlens gvc` on a real table (issue 13/15): pandas reads a WIOD 2013
table in the OECD ICIO layout (gzip CSV) and numpy computes the subset of the GVC
indicators a pandas user would: A, the Leontief inverse L, the Ghosh inverse G,
upstreamness (Ghosh row sums, net of inventories as Antras et al. 2012), downstreamness
and gross exports by country-sector. Prints the wall time of each step and in all.

usage: python bench_wiod.py WIOD13_ICIO_2011.csv.gz
"""
import sys
import time

import numpy as np
import pandas as pd


def main(path):
    t0 = time.perf_counter()
    df = pd.read_csv(path, index_col=0)
    t_read = time.perf_counter() - t0
    rows = [r for r in df.index if "_" in r and r not in ("TLS", "VA", "OUT")]
    fd = [c for c in df.columns if c.split("_")[-1] in ("HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR")]
    Z = df.loc[rows, rows].to_numpy(float)
    Y = df.loc[rows, fd].to_numpy(float)
    inv = df.loc[rows, [c for c in fd if c.endswith("_INVNT")]].to_numpy(float).sum(1)
    x = Z.sum(1) + Y.sum(1)
    n = len(rows)
    t1 = time.perf_counter()
    used = x - inv
    safe = np.where(used > 0, used, 1.0)
    A = Z / np.where(x > 0, x, 1.0)[None, :]
    L = np.linalg.inv(np.eye(n) - A)
    delta = Z / safe[:, None]
    upstreamness = np.linalg.solve(np.eye(n) - delta, np.ones(n))
    atilde = Z / safe[None, :]
    downstreamness = np.linalg.solve((np.eye(n) - atilde).T, np.ones(n))
    country = np.array([r.split("_")[0] for r in rows])
    fd_country = np.array([c.split("_")[0] for c in fd])
    own_z = country[:, None] == country[None, :]
    own_y = country[:, None] == fd_country[None, :]
    exports = (Z * ~own_z).sum(1) + (Y * ~own_y).sum(1)
    t_calc = time.perf_counter() - t1
    assert L.shape == (n, n) and np.isfinite(upstreamness).all() and exports.sum() > 0
    print(f"numpy/pandas {path.split('/')[-1]} N={n}: read {t_read:.3f} s, A, L, upstreamness, "
          f"downstreamness, exports {t_calc:.3f} s, in all {t_read + t_calc:.3f} s")


if __name__ == "__main__":
    main(sys.argv[1])
