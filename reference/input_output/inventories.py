"""numpy reference of the net-inventory measures of `chainlens gvc` on a real table:
upstreamness (Antras, Chor, Fally & Hillberry 2012, net of inventories as Antras & Chor
2018 publish it), downstreamness (Antras & Chor 2018), final use / output and value
added / output, by country-sector and, on the table collapsed to one sector per economy,
by economy. Written from the formulas of METHODS 2 and crates/chainlens-input-output's
upstreamness and downstreamness docs; compared with chainlens' country_sector.csv and
country.csv to 1e-9 relative.

usage: inventories.py TABLE.csv.gz GVC_OUT_DIR
"""
import sys

import numpy as np
import pandas as pd

TOL = 1e-9
INVENTORY = "INVNT"


def measures(z, y_final, inventories, va, x):
    """U, D, FU/GO and VA/GO, with output used net of inventories `x - N`; sectors
    whose used output is not positive get zero rows/columns (U = D = 1, ratios NaN)."""
    n = len(x)
    used = x - inventories
    ok = used > 0
    inv_used = np.where(ok, 1.0 / np.where(ok, used, 1.0), 0.0)
    delta = z * inv_used[:, None]
    upstreamness = np.linalg.solve(np.eye(n) - delta, np.ones(n))
    a_tilde = z * inv_used[None, :]
    downstreamness = np.linalg.solve((np.eye(n) - a_tilde).T, np.ones(n))
    fu_go = np.where(ok, y_final * inv_used, np.nan)
    va_go = np.where(ok, va * inv_used, np.nan)
    return upstreamness, downstreamness, fu_go, va_go


def check(name, ours, ref):
    ours, ref = np.asarray(ours, float), np.asarray(ref, float)
    both_nan = np.isnan(ours) & np.isnan(ref)
    gap = np.where(both_nan, 0.0, np.abs(ours - ref) / np.maximum(1.0, np.abs(ref)))
    worst = float(np.nanmax(np.where(np.isnan(gap), np.inf, gap)))
    print(f"  {name}: {len(ref)} values, worst relative gap {worst:.2e}")
    return worst <= TOL


def main(table, out):
    df = pd.read_csv(table, index_col=0)
    rows = list(df.index[: df.index.get_loc("TLS")])
    fd = [c for c in df.columns if c not in rows and "_" in c and c != "TOTAL"]
    z = df.loc[rows, rows].to_numpy(float)
    y = df.loc[rows, fd].to_numpy(float)
    is_inventory = np.array([c.rsplit("_", 1)[1] == INVENTORY for c in fd])
    x = df.loc["OUT", rows].to_numpy(float)
    # Negative output (rounding in published tables) is treated as zero output.
    x = np.where(x < 0, 0.0, x)
    va = df.loc["VA", rows].to_numpy(float)
    inventories = y[:, is_inventory].sum(1)
    final = y[:, ~is_inventory].sum(1)
    u, d, fu, vg = measures(z, final, inventories, va, x)
    ours = pd.read_csv(f"{out}/country_sector.csv", keep_default_na=False, na_values=[""])
    assert list(ours["country"] + "_" + ours["sector"]) == rows, "country-sector order"
    ok = all([
        check("upstreamness", ours["upstreamness"], u),
        check("downstreamness", ours["downstreamness"], d),
        check("final_use_ratio", ours["final_use_ratio"], fu),
        check("va_ratio", ours["va_ratio"], vg),
    ])
    # Economy-wide: the table collapsed to one sector per economy.
    country = np.array([r.split("_", 1)[0] for r in rows])
    economies = list(dict.fromkeys(country))
    s = np.array([[c == e for c in country] for e in economies], float)
    fd_country = np.array([c.split("_", 1)[0] for c in fd])
    fd_economy = np.array([[c == e for c in fd_country] for e in economies], float)
    zc = s @ z @ s.T
    yc = s @ y @ fd_economy.T
    inv_c = s @ inventories
    u, d, fu, vg = measures(zc, s @ final, inv_c, s @ va, s @ x)
    assert np.allclose(yc.sum(1), s @ (final + inventories))
    economy = pd.read_csv(f"{out}/country.csv", keep_default_na=False, na_values=[""])
    assert list(economy["country"]) == economies, "economy order"
    ok &= check("economy upstreamness", economy["upstreamness"], u)
    ok &= check("economy downstreamness", economy["downstreamness"], d)
    china, usa = economies.index("CHN"), economies.index("USA")
    print(f"  economy upstreamness CHN {u[china]:.4f}, USA {u[usa]:.4f} (Antras & Chor 2018, 2011: 2.819, 1.786)")
    if not ok:
        sys.exit("inventories reference: DISAGREEMENT")


if __name__ == "__main__":
    main(*sys.argv[1:3])
