#!/usr/bin/env bash
# Checks the cache's Hive-partitioned export (`chainlens import ... --by-year`) with a
# second engine: DuckDB reads CACHE/by-year/year=*/flows.parquet as one table and its
# total value by year, row counts and top 5 exporters of 2019 must equal chainlens'
# own figures (`chainlens info --format json`) and a pyarrow read of flows.parquet,
# exactly. A generated SYNTHETIC BACI of three years, 200,000 flows a year.
# Run from anywhere; exits non-zero on any disagreement.
source "$(dirname "$0")/../prelude.sh"
bash scripts/build-release.sh
bin="${CARGO_TARGET_DIR:-target}/release"
"$bin/generate-baci" --rows 200000 --years 2018,2019,2020 --seed 5 --out "$work/baci"
"$bin/chainlens" import baci "$work/baci" --out "$work/cache" --by-year > /dev/null
"$bin/chainlens" info "$work/cache" --format json > "$work/info.json"
"$python" reference/partitioned/compare.py "$work/cache" "$work/info.json"
