#!/usr/bin/env bash
# Runs the pandas reference of `chainlens shift` (METHODS 5, docs/restructuring.md) on a
# generated SYNTHETIC four-year BACI series (2017, 2018, 2022, 2023, 150,000 flows a year,
# the planted CHN -> VNM/MEX shift of US imports) and checks chainlens against it to 1e-9:
# supplier shares of every importer, the reallocation away from CHN (goods, gains,
# gainers) and the yearly sourcing indices (political distance from the data's ideal
# points, geographic distance from a generated distance file, top supplier share); then
# the route CHN -> VNM -> USA with a generated 25-country table (reference/restructuring/
# relocation.py): by chapter, by the connector's industries, and the value-added paths.
# Run from anywhere; exits non-zero on any disagreement.
source "$(dirname "$0")/../prelude.sh"
target=${CARGO_TARGET_DIR:-target}
bash scripts/build-release.sh
"$target/release/generate-baci" --preset series --seed 11 --out "$work/baci"
# Distances in km for most pairs (a few left out, to exercise the coverage).
"$python" - "$work/baci/country_codes_Vsynthetic.csv" "$work/km.csv" <<'PY'
import sys, pandas as pd
t = pd.read_csv(sys.argv[1], keep_default_na=False)
t = t[t["country_iso3"] != ""]
rows = [(a.country_iso3, b.country_iso3, 100.0 + 37.5 * abs(a.country_code - b.country_code))
        for a in t.itertuples() for b in t.itertuples()
        if a.country_code != b.country_code and (a.country_code + b.country_code) % 7 != 0]
pd.DataFrame(rows, columns=["iso3_o", "iso3_d", "distance_km"]).to_csv(sys.argv[2], index=False)
PY
"$target/release/chainlens" shift --trade "$work/baci" --base 2017-2018 --compare 2022-2023 \
  --exporter CHN --distances "$work/km.csv" --out "$work/ours" > /dev/null
"$python" reference/restructuring/shift.py "$work/baci" "$work/km.csv" "$work/ref"
"$python" reference/restructuring/compare.py "$work/ours" "$work/ref"
data="$root/../shared/data"
"$target/release/generate-icio" --countries 25 --seed 3 --out "$work/icio25.csv"
CHAINLENS_DATA="$data" "$target/release/chainlens" shift --trade "$work/baci" --base 2017-2018 \
  --compare 2022-2023 --origin CHN --via VNM --to USA --table "$work/icio25.csv" \
  --out "$work/ours-route" > /dev/null 2>&1
"$python" reference/restructuring/relocation.py "$work/baci" "$work/icio25.csv" \
  "$data/hs-concordance/hs_isic4.csv" "$work/ref-route" CHN VNM USA
"$python" reference/restructuring/compare.py "$work/ours-route" "$work/ref-route" \
  relocation relocation_industries relocation_value_added
