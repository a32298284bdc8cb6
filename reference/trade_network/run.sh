#!/usr/bin/env bash
# Runs the pandas reference of the vulnerability analysis on a generated SYNTHETIC
# BACI dataset (300,000 flows a year, two years) and checks chainlens against it
# for every importer, and R_econ / R_pol (METHODS 1.7) under a two-bloc distance.
# Run from anywhere; exits non-zero on any disagreement.
source "$(dirname "$0")/../prelude.sh"
bash scripts/build-release.sh
./target/release/generate-baci --rows 300000 --years 2017,2018 --seed 7 --out "$work/baci"
./target/release/chainlens vulnerability --trade "$work/baci" --importer all --out "$work/ours" > /dev/null
# Two blocs by country code parity, for R_econ and R_pol (METHODS 1.7).
"$python" - "$work/baci/country_codes_Vsynthetic.csv" "$work/blocs.csv" <<'PY'
import sys, pandas as pd
t = pd.read_csv(sys.argv[1], keep_default_na=False)
t = t[t["country_iso3"] != ""].drop_duplicates("country_iso3")
t.assign(bloc=["even" if c % 2 == 0 else "odd" for c in t["country_code"]])[["country_iso3", "bloc"]] \
  .rename(columns={"country_iso3": "iso3"}).to_csv(sys.argv[2], index=False)
PY
./target/release/chainlens risk --trade "$work/baci" --distance "$work/blocs.csv" --out "$work/ours" > /dev/null
"$python" reference/trade_network/vulnerability.py "$work/baci" "$work/ref" "$work/blocs.csv"
"$python" reference/trade_network/compare.py "$work/ours" "$work/ref"
