"""Reference implementation of chainlens' industry exposure (docs/exposure.md), written
from the formulas with numpy and pandas, compared with chainlens' CSV output.

usage: exposure.py TABLE.csv.gz hs_isic4.csv products.csv OURS_DIR COUNTRY CHAPTER
"""
import re
import sys
import numpy as np
import pandas as pd

TOL = 1e-9

# ISIC Rev.4 divisions to WIOD 2013 industries, and the classes that leave their division.
WIOD2013 = [
    (1, 3, "AtB"), (5, 9, "C"), (10, 12, "15t16"), (13, 14, "17t18"), (15, 15, "19"),
    (16, 16, "20"), (17, 18, "21t22"), (19, 19, "23"), (20, 21, "24"), (22, 22, "25"),
    (23, 23, "26"), (24, 25, "27t28"), (26, 27, "30t33"), (28, 28, "29"), (29, 30, "34t35"),
    (31, 32, "36t37"), (33, 33, "29"), (35, 36, "E"), (37, 37, "O"), (38, 38, "36t37"),
    (39, 39, "O"), (41, 43, "F"), (45, 45, "50"), (46, 46, "51"), (47, 47, "52"),
    (49, 49, "60"), (50, 50, "61"), (51, 51, "62"), (52, 52, "63"), (53, 53, "64"),
    (55, 56, "H"), (58, 58, "21t22"), (59, 60, "O"), (61, 61, "64"), (62, 63, "71t74"),
    (64, 66, "J"), (68, 68, "70"), (69, 82, "71t74"), (84, 84, "L"), (85, 85, "M"),
    (86, 88, "N"), (90, 96, "O"), (97, 98, "P"), (99, 99, "O"),
]
WIOD2013_CLASSES = {2750: "29", 3250: "30t33", 3311: "27t28", 3312: "29", 3313: "30t33",
                    3314: "30t33", 3315: "34t35", 3319: "36t37", 3320: "29"}


def read_table(path):
    """An OECD-layout table (`V1` label column, TLS/VA/OUT rows) or chainlens' generic
    layout (`country,sector` label columns, VA and OUT rows)."""
    head = pd.read_csv(path, nrows=0).columns
    if head[0] == "country":
        raw = pd.read_csv(path, keep_default_na=False, low_memory=False)
        cs = raw[~raw["country"].isin(["VA", "OUT", "EXT"])]
        labels = [f"{c}_{s}" for c, s in zip(cs["country"], cs["sector"])]
        z = cs[labels].to_numpy(float)
        x = raw.loc[raw["country"] == "OUT", labels].to_numpy(float)[0]
    else:
        raw = pd.read_csv(path, index_col=0)
        labels = list(raw.index[: raw.index.get_loc("TLS")])
        z = raw.loc[labels, labels].to_numpy(float)
        x = raw.loc["OUT", labels].to_numpy(float)
    countries = list(dict.fromkeys(l.split("_", 1)[0] for l in labels))
    sectors = [l.split("_", 1)[1] for l in labels[: len(labels) // len(countries)]]
    return z, x, countries, sectors


def concordance(path):
    t = pd.read_csv(path, dtype=str, keep_default_na=False)
    targets = {}
    for hs, cls in zip(t["HS_6d"], t["ISIC4_4d"]):
        entry = targets.setdefault(int(hs), [])
        if cls and int(cls) not in entry:
            entry.append(int(cls))
    def repair(c):
        return c // 100 == 33 or 9510 <= c <= 9529
    codes = {}
    for hs, cls in targets.items():
        if cls and not all(repair(c) for c in cls):
            cls = [c for c in cls if not repair(c)]
        codes[hs] = {c: 1.0 / len(cls) for c in cls}
    def average(divisor):
        out = {}
        for hs, w in codes.items():
            if not w:
                continue
            acc, n = out.setdefault(hs // divisor, ({}, [0]))
            n[0] += 1
            for c, v in w.items():
                acc[c] = acc.get(c, 0.0) + v
        return {p: {c: v / n[0] for c, v in acc.items()} for p, (acc, n) in out.items()}
    return codes, average(100), average(10_000)


def links(good, codes, headings, chapters):
    if good in codes:
        return codes[good]
    return headings.get(good // 100) or chapters.get(good // 10_000) or {}


SECTIONS = {"A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39),
            "F": (41, 43), "G": (45, 47), "H": (49, 53), "I": (55, 56), "J": (58, 63),
            "K": (64, 66), "L": (68, 68), "M": (69, 75), "N": (77, 82), "O": (84, 84),
            "P": (85, 85), "Q": (86, 88), "R": (90, 93), "S": (94, 96), "T": (97, 98),
            "U": (99, 99)}


def divisions(code):
    """ISIC Rev.4 divisions of an industry code: C10T12, A01_02, C10-C12, D, C301."""
    if len(code) == 1:
        lo, hi = SECTIONS.get(code.upper(), (1, 0))
        return set(range(lo, hi + 1))
    out = set()
    for part in code.split("_"):
        ends = re.split("[T-]", part, maxsplit=1)
        nums = [re.sub("^[A-Za-z]*", "", e)[:2] for e in ends]
        if not all(n.isdigit() and len(n) == 2 for n in nums):
            return set()
        lo, hi = int(nums[0]), int(nums[-1])
        out |= set(range(lo, hi + 1))
    return out


def industry_of(cls, sectors):
    if all(c in sectors for c in ("AtB", "15t16", "30t33")):
        code = WIOD2013_CLASSES.get(cls)
        if code is None:
            d = cls // 100
            code = next((c for lo, hi, c in WIOD2013 if lo <= d <= hi), None)
        return sectors.index(code) if code in sectors else None
    return next((s for s, code in enumerate(sectors) if cls // 100 in divisions(code)), None)


def placement(good, conc, sectors):
    weights = np.zeros(len(sectors))
    unmapped = 0.0
    for cls, w in links(good, *conc).items():
        s = industry_of(cls, sectors)
        if s is None:
            unmapped += w
        else:
            weights[s] += w
    if not links(good, *conc):
        unmapped = 1.0
    return weights, unmapped


def exposure(z, x, c, sectors, goods, buckets, place):
    """Direct and total values by bucket for country index c; goods = [(hs6, bucket, value)]."""
    S, G = len(sectors), len(x) // len(sectors)
    v = np.zeros((S, buckets + 1))
    unmapped = 0.0
    for hs6, b, value in goods:
        w, u = place(hs6)
        v[:, b] += w * value
        unmapped += u * value
    total_v = v.sum(axis=1)
    q = np.divide(v, total_v[:, None], out=np.zeros_like(v), where=total_v[:, None] > 0)
    q[total_v <= 0, buckets] = 1.0
    block = slice(c * S, (c + 1) * S)
    zm = sum(z[o * S:(o + 1) * S, block] for o in range(G) if o != c)
    xc = x[block]
    inv_x = np.divide(1.0, xc, out=np.zeros_like(xc), where=xc > 0)
    ad = z[block, block] * inv_x[None, :]
    t = (zm * inv_x[None, :]) @ np.linalg.inv(np.eye(S) - ad)
    return dict(output=xc, imported=zm.sum(axis=0), content_direct=(zm * inv_x).sum(axis=0),
                content_total=t.sum(axis=0), direct=zm.T @ q, total=t.T @ q,
                unmapped=unmapped, goods_usd=sum(g[2] for g in goods))


def share(a, b):
    return np.divide(a, b, out=np.zeros_like(a), where=b > 0)


def check(name, ours, ref):
    ours, ref = np.asarray(ours, float), np.asarray(ref, float)
    diff = np.abs(ours - ref) / np.maximum(1.0, np.abs(ref))
    worst = float(diff.max()) if diff.size else 0.0
    print(f"{name}: {diff.size} values, worst relative difference {worst:.1e}")
    if worst > TOL:
        sys.exit(f"{name} differs by {worst}")
    return diff.size


def main(table, hs_isic, products, ours_dir, country, chapter):
    z, x, countries, sectors = read_table(table)
    conc = concordance(hs_isic)
    cache = {}
    def place(g):
        if g not in cache:
            cache[g] = placement(g, conc, sectors)
        return cache[g]
    p = pd.read_csv(products, dtype={"importer": str, "hs6": str})
    by_importer = {k: list(zip(v["hs6"].astype(int), v["category"].astype(int) - 1, v["import_value"]))
                   for k, v in p.groupby("importer")}
    matched = [c for c in countries if c in by_importer]
    results = {c: exposure(z, x, countries.index(c), sectors, by_importer[c], 4, place) for c in matched}

    checked = 0
    r = results[country]
    ind = pd.read_csv(f"{ours_dir}/industries.csv")
    assert list(ind["industry"]) == sectors, "industries in table order"
    checked += check("industries output", ind["output"], r["output"])
    checked += check("industries imported_inputs", ind["imported_inputs"], r["imported"])
    checked += check("industries content direct", ind["imported_content_direct"], r["content_direct"])
    checked += check("industries content total", ind["imported_content_total"], r["content_total"])
    for b, col in enumerate(["category1", "category2", "category3", "category4"]):
        checked += check(f"industries {col} direct", ind[f"{col}_share_direct"], share(r["direct"][:, b], r["imported"]))
    checked += check("industries no_goods direct", ind["no_goods_share_direct"], share(r["direct"][:, 4], r["imported"]))
    checked += check("industries category1 total", ind["category1_share_total"], share(r["total"][:, 0], r["content_total"]))

    cty = pd.read_csv(f"{ours_dir}/countries.csv").set_index("country")
    assert sorted(cty.index) == sorted(matched), "every country of both inputs is ranked"
    ref = pd.DataFrame({
        c: dict(output=v["output"].sum(), imported_inputs=v["imported"].sum(),
                category1_share_direct=v["direct"][:, 0].sum() / v["imported"].sum(),
                category1_share_total=(v["output"] * v["total"][:, 0]).sum() / (v["output"] * v["content_total"]).sum(),
                unmapped_import_share=v["unmapped"] / v["goods_usd"])
        for c, v in results.items()}).T.loc[cty.index]
    for col in ref.columns:
        checked += check(f"countries {col}", cty[col], ref[col])
    ranking = ref.assign(country=ref.index).sort_values(["category1_share_total", "country"], ascending=[False, True])
    assert list(ranking.index) == list(cty.sort_values("rank").index), "ranking order"

    ch = int(chapter)
    rows = []
    for c in matched:
        goods = [(g, 0 if g // 10_000 == ch else 1, v) for g, _, v in by_importer[c]]
        e = exposure(z, x, countries.index(c), sectors, goods, 2, place)
        for j, s in enumerate(sectors):
            if e["direct"][j, 0] > 0:
                rows.append(dict(country=c, industry=s, goods_inputs=e["direct"][j, 0],
                                 goods_share_direct=share(e["direct"][j, 0], e["imported"][j]),
                                 goods_share_total=share(e["total"][j, 0], e["content_total"][j])))
    ref = pd.DataFrame(rows).set_index(["country", "industry"]).sort_index()
    users = pd.read_csv(f"{ours_dir}/goods_users.csv").set_index(["country", "industry"]).sort_index()
    assert list(users.index) == list(ref.index), "the same users of the goods"
    for col in ["goods_inputs", "goods_share_direct", "goods_share_total"]:
        checked += check(f"goods_users {col}", users[col], ref[col])
    print(f"exposure: {checked} values agree with the numpy reference to {TOL:g}")


if __name__ == "__main__":
    main(*sys.argv[1:])
