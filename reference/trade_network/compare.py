"""Compares chainlens' vulnerability output with the pandas reference's:
numbers to 1e-9 relative, counts, flags and categories exactly.

chainlens writes every importer's products, categories and chapters as long tables
with a leading `importer` column (`--importer all --out DIR`), and dominance once; the
reference writes one folder per importer.

usage: python compare.py CHAINLENS_DIR REFERENCE_DIR
"""
import os
import sys

import numpy as np
import pandas as pd

KEYS = {"products.csv": "hs6", "categories.csv": "category", "chapters.csv": "rank", "dominance.csv": "iso3"}
EXACT = {"centrality_high", "concentration_high", "category", "goods", "hs2", "rank", "goods_exported", "top1", "top3",
         "high_centrality_exported", "high_centrality_top1", "high_centrality_top3", "high_centrality_rca_gt1"}


def read(path):
    return pd.read_csv(path, dtype={"hs6": str, "iso3": str, "importer": str}, keep_default_na=False)


def ours_of(long, imp, name):
    """One importer's rows of a long table (dominance is the same for every importer)."""
    if name == "dominance.csv":
        return long[name]
    t = long[name]
    return t[t["importer"] == imp].drop(columns="importer").reset_index(drop=True)


def main(ours_dir, ref_dir):
    importers = sorted(d for d in os.listdir(ref_dir) if os.path.isdir(os.path.join(ref_dir, d)))
    long = {name: read(os.path.join(ours_dir, name)) for name in KEYS}
    ours_importers = sorted(long["products.csv"]["importer"].unique())
    if ours_importers != importers:
        sys.exit(f"importer sets differ: {len(ours_importers)} vs {len(importers)}")
    checked = 0
    worst = 0.0
    for imp in importers:
        for name, key in KEYS.items():
            ours = ours_of(long, imp, name)
            ref = read(os.path.join(ref_dir, imp, name))
            if len(ours) != len(ref):
                sys.exit(f"{imp}/{name}: {len(ours)} rows vs {len(ref)}")
            for col in ref.columns:
                a, b = ours[col], ref[col]
                if col in EXACT or col == key or a.dtype == object:
                    if not (a.astype(str).str.lower() == b.astype(str).str.lower()).all():
                        bad = (a.astype(str).str.lower() != b.astype(str).str.lower()).idxmax()
                        sys.exit(f"{imp}/{name}: column {col} differs at row {bad}: {a[bad]} vs {b[bad]}")
                else:
                    a, b = a.to_numpy(float), b.to_numpy(float)
                    rel = np.abs(a - b) / np.maximum(np.abs(b), 1e-300)
                    rel[(a == 0) & (b == 0)] = 0
                    worst = max(worst, float(rel.max(initial=0)))
                    if (rel > 1e-9).any():
                        i = int(rel.argmax())
                        sys.exit(f"{imp}/{name}: column {col} row {i}: {a[i]!r} vs {b[i]!r}")
                checked += len(ref)
    if os.path.exists(os.path.join(ref_dir, "risk.csv")):
        ours = pd.read_csv(os.path.join(ours_dir, "risk.csv"), keep_default_na=False).set_index("iso3").sort_index()
        ref = pd.read_csv(os.path.join(ref_dir, "risk.csv"), keep_default_na=False).set_index("iso3").sort_index()
        if list(ours.index) != list(ref.index):
            sys.exit("risk.csv: importer sets differ")
        for col in ["r_econ", "r_pol"]:
            a, b = ours[col].to_numpy(float), ref[col].to_numpy(float)
            rel = np.abs(a - b) / np.maximum(np.abs(b), 1e-300)
            worst = max(worst, float(rel.max(initial=0)))
            if (rel > 1e-9).any():
                i = int(rel.argmax())
                sys.exit(f"risk.csv: {col} of {ours.index[i]}: {a[i]!r} vs {b[i]!r}")
            checked += len(ref)
    print(f"trade-network reference: {len(importers)} importers, {checked} values agree "
          f"(worst relative difference {worst:.2e}, counts and categories exact)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
