"""pandas reference of `chainlens shift` (METHODS 5, docs/restructuring.md).

Reads a SYNTHETIC BACI-layout folder (year files, country codes, the intermediate-goods
list, ideal points) and a distance file, and writes shares.csv, reallocation.csv,
gains.csv, gainers.csv and indices.csv as chainlens names them, computed independently:
window means, shares, the reallocation away from CHN, yearly indices.

usage: shift.py BACI_DIR DISTANCES_CSV OUT_DIR
"""

import glob
import os
import sys

import numpy as np
import pandas as pd

BASE, COMPARE, LOSER = (2017, 2018), (2022, 2023), "CHN"


def flows_of(folder):
    """Every flow of a BACI-layout folder in USD, with ISO3 exporter `e` and importer `m`."""
    flows = pd.concat(
        pd.read_csv(f, dtype={"k": str}, na_values=["NA"])
        for f in sorted(glob.glob(os.path.join(folder, "BACI_*_Y*_V*.csv")))
    )
    flows["v"] = flows["v"] * 1000.0  # thousands of USD -> USD, as chainlens reads BACI
    countries = pd.read_csv(glob.glob(os.path.join(folder, "country_codes_*.csv"))[0], keep_default_na=False)
    iso3 = dict(zip(countries["country_code"], countries["country_iso3"]))
    flows["e"], flows["m"] = flows["i"].map(iso3), flows["j"].map(iso3)
    return flows


def intermediate_goods(folder):
    """The folder's universe of intermediate goods (METHODS 1.1), as HS6 text."""
    return set(pd.read_csv(glob.glob(os.path.join(folder, "intermediate_goods_*.csv"))[0], dtype=str)["hs6"])


def read(folder):
    flows = flows_of(folder)
    points = pd.read_csv(glob.glob(os.path.join(folder, "ideal_points_*.csv"))[0])
    return flows[flows["k"].isin(intermediate_goods(folder))], points


def window(flows, years):
    w = flows[flows["t"].between(*years)]
    v = w.groupby(["m", "k", "e"])["v"].sum() / (years[1] - years[0] + 1)
    return v


def shares(flows):
    b, c = window(flows, BASE).rename("value_base"), window(flows, COMPARE).rename("value_compare")
    s = pd.concat([b, c], axis=1).fillna(0.0).reset_index()
    s = s.rename(columns={"m": "importer", "k": "hs6", "e": "exporter"})
    for w in ["base", "compare"]:
        total = s.groupby(["importer", "hs6"])[f"value_{w}"].transform("sum")
        s[f"import_value_{w}"] = total
        s[f"share_{w}"] = np.where(total > 0, s[f"value_{w}"] / total.where(total > 0, 1.0), 0.0)
    s["change"] = s["share_compare"] - s["share_base"]
    s["in_both"] = (s["import_value_base"] > 0) & (s["import_value_compare"] > 0)
    return s.sort_values(["importer", "hs6", "exporter"])


def reallocation(s):
    x = s[(s["exporter"] == LOSER) & s["in_both"] & (s["change"] < 0)]
    x = x.set_index(["importer", "hs6"])
    g = s.set_index(["importer", "hs6"]).loc[x.index]
    gains = g[g["change"] > 0]
    goods = pd.DataFrame({
        "loser_share_base": x["share_base"],
        "loser_share_compare": x["share_compare"],
        "loser_change": x["change"],
        "gains": gains.groupby(level=[0, 1])["change"].sum().reindex(x.index, fill_value=0.0),
        "other_losses": g[(g["change"] < 0) & (g["exporter"] != LOSER)]
        .groupby(level=[0, 1])["change"].sum().reindex(x.index, fill_value=0.0),
        "import_value_base": x["import_value_base"],
        "import_value_compare": x["import_value_compare"],
    })
    rows = gains.reset_index().merge(
        goods[["loser_change", "gains"]].reset_index(), on=["importer", "hs6"], suffixes=("", "_good"))
    rows["gainer"] = rows["exporter"]
    rows["gain"] = rows["change"]
    rows["taken"] = -rows["loser_change"] * rows["change"] / rows["gains"]
    rows["value_taken"] = rows["taken"] * rows["import_value_compare"]
    gainers = rows.groupby(["importer", "gainer"]).agg(
        goods=("hs6", "size"), value_taken=("value_taken", "sum")).reset_index()
    return goods.reset_index(), rows[["importer", "hs6", "gainer", "gain", "taken", "value_taken"]], gainers


def indices(flows, points, km):
    v = flows.groupby(["m", "t", "e"])["v"].sum().rename("V").reset_index()
    latest = points[points["session"] == points["session"].max()].groupby("iso3")["ideal_point"].mean()
    span = latest.max() - latest.min()
    v["d"] = (v["m"].map(latest) - v["e"].map(latest)).abs() / span
    v = v.merge(km.rename(columns={"iso3_o": "m", "iso3_d": "e"}), on=["m", "e"], how="left")
    out = []
    for (m, t), g in v.groupby(["m", "t"]):
        total = g["V"].sum()
        pol, geo = g[g["d"].notna()], g[g["distance_km"].notna()]
        top = g.loc[g["V"].idxmax()]
        out.append({
            "importer": m, "year": t, "import_value": total, "suppliers": len(g),
            "political_distance": (pol["V"] * pol["d"]).sum() / pol["V"].sum() if len(pol) else np.nan,
            "political_coverage": pol["V"].sum() / total,
            "geographic_distance_km": (geo["V"] * geo["distance_km"]).sum() / geo["V"].sum() if len(geo) else np.nan,
            "geographic_coverage": geo["V"].sum() / total,
            "top_supplier": top["e"], "top_supplier_share": top["V"] / total,
        })
    return pd.DataFrame(out)


def main(folder, km_file, out):
    flows, points = read(folder)
    km = pd.read_csv(km_file)
    # A pair given one way counts both ways (docs/restructuring.md).
    reverse = km.rename(columns={"iso3_o": "iso3_d", "iso3_d": "iso3_o"})
    km = pd.concat([km, reverse]).drop_duplicates(["iso3_o", "iso3_d"])
    os.makedirs(out, exist_ok=True)
    s = shares(flows)
    s.drop(columns=["import_value_base", "import_value_compare"]).to_csv(f"{out}/shares.csv", index=False)
    goods, gains, gainers = reallocation(s)
    goods.to_csv(f"{out}/reallocation.csv", index=False)
    gains.to_csv(f"{out}/gains.csv", index=False)
    gainers.to_csv(f"{out}/gainers.csv", index=False)
    indices(flows, points, km).to_csv(f"{out}/indices.csv", index=False)


if __name__ == "__main__":
    main(*sys.argv[1:4])
