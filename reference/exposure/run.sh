#!/usr/bin/env bash
# Checks `chainlens exposure` against an independent numpy/pandas implementation
# (reference/exposure/exposure.py, written from docs/exposure.md): a generated SYNTHETIC
# BACI year (chainlens' categories from `chainlens vulnerability`, itself checked by
# reference/trade_network) joined to the real WIOD 2013 table of 2011 through the WITS
# HS -> ISIC Rev.4 table of ../shared/data. Industries of CHN, the country ranking and
# the users of HS chapter 28, to 1e-9; then the same on a SYNTHETIC 77 x 45 ICIO-2023-coded table. Run from anywhere; exits non-zero on a difference.
source "$(dirname "$0")/../prelude.sh"
data="$root/../shared/data"
table="$data/wiod2013/icio_layout/WIOD13_ICIO_2011.csv.gz"
bash scripts/build-release.sh
./target/release/generate-baci --rows 300000 --years 2018 --seed 11 --out "$work/baci"
./target/release/chainlens vulnerability --trade "$work/baci" --importer all --out "$work/vulnerability" > /dev/null
CHAINLENS_DATA="$data" ./target/release/chainlens exposure --trade "$work/baci" --table "$table" \
  --country CHN --goods 28 --top 100000 --out "$work/ours" > /dev/null 2>&1
"$python" reference/exposure/exposure.py "$table" "$data/hs-concordance/hs_isic4.csv" \
  "$work/vulnerability/products.csv" "$work/ours" CHN 28
# The same on a SYNTHETIC 77 x 45 table with OECD ICIO 2023 industry codes (read as ISIC
# Rev.4 division ranges) and the generator's countries.
./target/release/generate-icio --countries 77 --seed 1 --out "$work/icio77x45.csv"
CHAINLENS_DATA="$data" ./target/release/chainlens exposure --trade "$work/baci" --table "$work/icio77x45.csv" \
  --country CHN --goods 28 --top 100000 --out "$work/ours77" > /dev/null 2>&1
"$python" reference/exposure/exposure.py "$work/icio77x45.csv" "$data/hs-concordance/hs_isic4.csv" \
  "$work/vulnerability/products.csv" "$work/ours77" CHN 28
