#!/usr/bin/env bash
# Runs the pandas reference of `chainlens shift` (METHODS 5, docs/restructuring.md) on a
# generated SYNTHETIC four-year BACI series (2017, 2018, 2022, 2023, 150,000 flows a year,
# the planted CHN -> VNM/MEX shift of US imports) and checks chainlens against it to 1e-9:
# supplier shares of every importer, the reallocation away from CHN (goods, gains,
# gainers) and the yearly sourcing indices (political distance from the data's ideal
# points, geographic distance from a generated distance file, top supplier share).
# Run from anywhere; exits non-zero on any disagreement.
source "$(dirname "$0")/../prelude.sh"
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet -p chainlens-cli -p chainlens-bench
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
