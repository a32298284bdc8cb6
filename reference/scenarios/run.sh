#!/usr/bin/env bash
# Checks the input-output layer of `chainlens scenario run` against numpy: a random
# balanced 5-country x 4-industry table (generic CSV), the shipped 2-point China scenario
# on the embedded trade data, and dense numpy algebra on chainlens' export shock.
source "$(dirname "$0")/../prelude.sh"
bash scripts/build-release.sh
"$python" reference/scenarios/propagation.py make-table "$work/table.csv"
./target/release/chainlens scenario run examples/scenarios/china-intermediates-2pt.toml \
  --table "$work/table.csv" --out "$work/out" > /dev/null 2> "$work/stderr" || { cat "$work/stderr"; exit 1; }
"$python" reference/scenarios/propagation.py check "$work/table.csv" "$work/out"
