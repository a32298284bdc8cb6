"""Compares chainlens' `shift` tables with the pandas reference's, to 1e-9.

Each table is joined on its keys; every numeric column the reference has must agree
within 1e-9 * max(1, |reference|), every text or boolean column exactly, and both sides
must hold the same keys. Prints one line per table; exits 1 on any disagreement.

usage: compare.py OURS_DIR REFERENCE_DIR [TABLE ...]   (default: the shift tables)
"""

import sys

import numpy as np
import pandas as pd

KEYS = {
    "shares": ["importer", "hs6", "exporter"],
    "reallocation": ["importer", "hs6"],
    "gains": ["importer", "hs6", "gainer"],
    "gainers": ["importer", "gainer"],
    "indices": ["importer", "year"],
    "relocation": ["hs2"],
    "relocation_industries": ["industry"],
    "relocation_value_added": ["last_leg"],
}
SHIFT_TABLES = ["shares", "reallocation", "gains", "gainers", "indices"]
TOL = 1e-9


def compare(name, ours_dir, ref_dir):
    read = lambda d: pd.read_csv(f"{d}/{name}.csv", dtype={"hs6": str}, keep_default_na=False, na_values=[""])
    ours, ref = read(ours_dir), read(ref_dir)
    keys = KEYS[name]
    joined = ref.merge(ours, on=keys, how="outer", suffixes=("_ref", "_ours"), indicator=True)
    missing = joined[joined["_merge"] != "both"]
    failures = [] if missing.empty else [f"{len(missing)} keys on one side only, e.g. {missing[keys].head(3).values.tolist()}"]
    for col in [c for c in ref.columns if c not in keys]:
        a, b = joined[f"{col}_ours"], joined[f"{col}_ref"]
        if pd.api.types.is_numeric_dtype(b) and not pd.api.types.is_bool_dtype(b):
            a, b = a.astype(float), b.astype(float)
            bad = ~(((a - b).abs() <= TOL * np.maximum(1.0, b.abs())) | (a.isna() & b.isna()))
            worst = ((a - b).abs() / np.maximum(1.0, b.abs())).max()
        else:
            bad = a.astype(str).str.lower() != b.astype(str).str.lower()
            worst = 0.0
        if bad.any():
            failures.append(f"{col}: {int(bad.sum())} rows differ (worst {worst:.3e})")
    status = "ok" if not failures else "FAIL"
    print(f"{name}: {len(ref)} reference rows, {len(ours)} chainlens rows: {status}")
    for f in failures:
        print(f"  {f}")
    return not failures


if __name__ == "__main__":
    ok = [compare(name, sys.argv[1], sys.argv[2]) for name in sys.argv[3:] or SHIFT_TABLES]
    sys.exit(0 if all(ok) else 1)
